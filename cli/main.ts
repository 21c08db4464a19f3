/**
 * The `docpact` command: argument parsing and wiring only. Each command lives in `cli/commands/<name>.ts`,
 * which imports nothing heavy at load time, so `docpact --help` stays fast; the stage modules are imported
 * inside each command's action.
 */
import { Command, CommanderError } from 'commander';
import { COMMANDS } from './commands/index.js';
import { UsageError, EXIT } from './errors.js';
import { StoredTextGone } from '../reports/finding-text.js';
import { docpactVersion } from '../core/version.js';

/** Runs the CLI with `argv` (without node and script) and resolves to the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = new Command('docpact')
    .description('Contract tests and doc-conformance checks for REST API reference docs (Microsoft Graph Markdown style).')
    .version(await docpactVersion(), '-V, --version')
    .showHelpAfterError()
    .exitOverride();
  let code: number = EXIT.clean;
  for (const define of COMMANDS) {
    define(program, (result) => {
      code = result;
    });
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through exitOverride with exit code 0.
      return error.exitCode === 0 ? EXIT.clean : EXIT.usage;
    }
    if (error instanceof UsageError || error instanceof StoredTextGone) {
      process.stderr.write(`docpact: ${error.message}\n`);
      return EXIT.usage;
    }
    process.stderr.write(`docpact: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT.usage;
  }
}
