import type { Severity } from '../../core/diagnostic.js';
import { PAGE_TIMEOUT_HELP, parsePageTimeout } from './check.js';
import type { DefineCommand } from './index.js';

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export const defineRun: DefineCommand = (program, setExit) => {
  program
    .command('run')
    .description('Extract, check and replay the pages against the embedded mock (or --target), and write every report')
    .argument('[paths...]', 'Markdown files or folders (default: the config\'s docs, else docs)')
    .option('--out <dir>', 'folder for contracts/ and reports/', 'out')
    .option('--target <target>', 'mock, nock, or a base URL of a live service', 'mock')
    .option('--allow-writes', 'send POST/PATCH/PUT/DELETE to a live target (off: only GET/HEAD)')
    .option('--fail-severity <severity>', 'error, warning or info: findings at or above it exit 1')
    .option('--exit-zero', 'exit 0 even when there are findings (for demos and dashboards)')
    .option('--rule <id=severity>', 'set a rule to off, info, warning or error (repeatable)', collect)
    .option('--config <file>', 'config file (default: docpact.config.json found upward)')
    .option('--quiet', 'print only the stylish report')
    .option('--page-timeout <seconds>', PAGE_TIMEOUT_HELP, parsePageTimeout)
    .action(async (paths: string[], options: { out: string; target: string; allowWrites?: boolean; failSeverity?: string; exitZero?: boolean; rule?: string[]; config?: string; quiet?: boolean; pageTimeout?: number }) => {
      const { runAll } = await import('../run-all.js');
      const { UsageError } = await import('../errors.js');
      if (options.failSeverity !== undefined && !['error', 'warning', 'info'].includes(options.failSeverity)) {
        throw new UsageError(`--fail-severity: Unexpected "${options.failSeverity}", expected error, warning or info`);
      }
      setExit(await runAll(paths, { ...options, failSeverity: options.failSeverity as Severity | undefined }));
    });
};
