import type { DefineCommand } from './index.js';
import { addFindingOptions } from './check.js';

export const defineBaseline: DefineCommand = (program, setExit) => {
  const command = program
    .command('baseline')
    .description('Record the current findings so that `check --baseline FILE` fails only on new ones')
    .argument('[paths...]', 'Markdown files, folders or globs (default: the config\'s "docs", else docs)')
    .option('--output <file>', 'baseline file to write (default: the config\'s "baseline", else docpact-baseline.json)')
    .option('--quiet', 'print nothing on success');
  addFindingOptions(command).action(async (paths: string[], options: { output?: string; rule?: string[]; config?: string; quiet?: boolean; pageTimeout?: number }) => {
    const { runBaseline } = await import('../run-check.js');
    setExit(await runBaseline(paths, options));
  });
};
