import type { DefineCommand } from './index.js';

export const defineExtract: DefineCommand = (program, setExit) => {
  program
    .command('extract')
    .description('Extract JSON Schemas and request/response fixtures from the pages')
    .argument('[paths...]', 'Markdown files or folders', ['docs'])
    .option('--out <dir>', 'output folder', 'out/contracts')
    .action(async (paths: string[], options: { out: string }) => {
      const { runExtract } = await import('../run-extract.js');
      setExit(await runExtract(paths, options));
    });
};
