import { parsePageTimeout, parseWorkers } from './check.js';
import type { DefineCommand } from './index.js';

export const defineExtract: DefineCommand = (program, setExit) => {
  program
    .command('extract')
    .description('Extract JSON Schemas and request/response fixtures from the pages')
    .argument('[paths...]', 'Markdown files or folders', ['docs'])
    .option('--out <dir>', 'output folder', 'out/contracts')
    .option('--workers <n>', 'worker threads for parsing (default: the cores; small runs use one)', parseWorkers)
    .option('--quiet', 'print only the summary line')
    .option('--page-timeout <seconds>', 'seconds one page may take to parse before it is skipped with an extract/too-slow finding; 0: no budget (default 5)', parsePageTimeout)
    .action(async (paths: string[], options: { out: string; workers?: number; quiet?: boolean; pageTimeout?: number }) => {
      const { runExtract } = await import('../run-extract.js');
      setExit(await runExtract(paths, options));
    });
};
