import { InvalidArgumentError } from 'commander';
import type { DefineCommand } from './index.js';
import { parseWorkers } from './check.js';

/** `--debounce`: milliseconds, at least 0. */
function parseDebounce(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) throw new InvalidArgumentError('expected milliseconds, at least 0');
  return n;
}

export const defineLsp: DefineCommand = (program, setExit) => {
  program
    .command('lsp')
    .description('Run the language server for editors: findings as you type, fixes, hover, go-to-definition, completion')
    .option('--stdio', 'talk LSP over stdin/stdout (what editors pass; the only transport)')
    .option('--debounce <ms>', 'quiet period after an edit before checking again (default 300)', parseDebounce)
    .option('--workers <n>', 'worker threads for parsing (default: the cores; small runs use one)', parseWorkers)
    .addHelpText(
      'after',
      `
The workspace folder the editor opens is where the config is looked up and .docpact/cache lives: the findings are
those \`docpact check\` prints there, with unsaved editor buffers in place of the files. Editors start it as
\`docpact lsp --stdio\` (see editors/vscode/ for a VS Code extension).`,
    )
    .action(async (options: { stdio?: boolean; debounce?: number; workers?: number }) => {
      const { runStdioServer } = await import('../../lsp/server.js');
      setExit(await runStdioServer({ ...(options.debounce !== undefined && { debounceMs: options.debounce }), ...(options.workers !== undefined && { workers: options.workers }) }));
    });
};
