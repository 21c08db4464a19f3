// Started by replay/jest-runner.ts in a child node with --experimental-vm-modules (Jest's native ESM needs it, and
// the CLI's own process was not started with it): runs Jest programmatically and writes its aggregated result.
import { writeFileSync } from 'node:fs';
import { runCLI } from 'jest';

const [argvJson, root, resultFile] = process.argv.slice(2);
const { results } = await runCLI(JSON.parse(argvJson), [root]);
writeFileSync(
  resultFile,
  JSON.stringify({
    success: results.success,
    numTotalTests: results.numTotalTests,
    numFailedTests: results.numFailedTests,
    numRuntimeErrorTestSuites: results.numRuntimeErrorTestSuites,
    suiteErrors: results.testResults.filter((r) => r.testExecError).map((r) => `${r.testFilePath}: ${r.testExecError.message}`),
  }),
);
process.exitCode = results.success ? 0 : 1;
