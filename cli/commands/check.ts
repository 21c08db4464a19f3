import { InvalidArgumentError, Option } from 'commander';
import type { Command } from 'commander';
import type { DefineCommand } from './index.js';

const FORMATS = 'stylish|json|junit|sarif|github|markdown|html';

/**
 * Collects `--format` and `--output` in command-line order: each `--output` belongs to the nearest `--format`
 * before it that has none (or, written first, to the next `--format`), so `--format stylish --format sarif
 * --output r.sarif` sends stylish to stdout and SARIF to the file.
 */
export function outputCollector(): {
  format: (value: string) => void;
  output: (value: string) => void;
  requests: () => { format: string; output?: string }[];
} {
  const requests: { format?: string; output?: string }[] = [];
  return {
    format(value) {
      const waiting = requests.find((r) => r.format === undefined);
      if (waiting) waiting.format = value;
      else requests.push({ format: value });
    },
    output(value) {
      const open = [...requests].reverse().find((r) => r.format !== undefined && r.output === undefined);
      if (open) open.output = value;
      else requests.push({ output: value });
    },
    requests: () => requests.map((r) => ({ format: r.format ?? formatFromExtension(r.output ?? ''), ...(r.output !== undefined && { output: r.output }) })),
  };
}

/** An `--output` with no `--format`: the format its extension names, else `json`. */
function formatFromExtension(file: string): string {
  const ext = /\.([a-z]+)$/i.exec(file)?.[1]?.toLowerCase();
  const byExt: Record<string, string> = { sarif: 'sarif', xml: 'junit', html: 'html', htm: 'html', md: 'markdown', json: 'json', txt: 'stylish' };
  return (ext !== undefined && byExt[ext]) || 'json';
}

/** `--workers`: a whole number of at least 1. */
export function parseWorkers(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number of at least 1');
  return n;
}

/** `--page-timeout`: seconds, a number of at least 0 (0: no budget). */
export function parsePageTimeout(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) throw new InvalidArgumentError('expected a number of seconds, at least 0 (0: no budget)');
  return n;
}

/** The help of `--page-timeout`, the same on every command that parses pages. */
export const PAGE_TIMEOUT_HELP = 'seconds one page may take to parse before it is skipped with an extract/too-slow finding; 0: no budget (default: the config\'s pageTimeout, else 5)';

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Options shared by `check` and `baseline`. */
export function addFindingOptions(command: Command): Command {
  return command
    .option('--rule <id=severity>', 'set a rule to off|info|warning|error (repeatable; wins over the config)', collect)
    .option('--config <file>', 'config file (default: docpact.config.json in this folder or above)')
    .option('--page-timeout <seconds>', PAGE_TIMEOUT_HELP, parsePageTimeout);
}

export const defineCheck: DefineCommand = (program, setExit) => {
  const outputs = outputCollector();
  const command = program
    .command('check')
    .description('Check the pages for doc-conformance defects without calling the API')
    .argument('[paths...]', 'Markdown files, folders or globs (default: the config\'s "docs", else docs)')
    .option('--format <name>', `report format: ${FORMATS} (repeatable; default stylish)`, (value: string) => outputs.format(value))
    .option('--output <file>', 'write the report of the --format before it to this file (a format without --output goes to stdout)', (value: string) => outputs.output(value))
    .addOption(new Option('--fail-severity <severity>', 'exit 1 when a finding is at or above this severity (default: the config\'s failSeverity, else error)').choices(['error', 'warning', 'info']));
  addFindingOptions(command)
    .option('--baseline <file>', 'report only findings not recorded in this baseline (default: the config\'s "baseline")')
    .option('--changed-since <ref>', 'report page findings only on files changed since this git ref (and uncommitted changes)')
    .option('--quiet', 'print the reports only: no notes on stderr, no progress bar')
    .option('--workers <n>', 'worker threads (default: the cores); 2,000 pages or more are parsed and checked in them, even with 1; fewer are checked in this thread', parseWorkers)
    .option('--no-cache', 'neither read nor write the cache in .docpact/cache')
    .option('--shard <i/n>', 'check only the pages of shard i of n (all pages are still read); merge the JSON reports with docpact report merge')
    .option('--watch', 'check again whenever a page or the config changes, until Ctrl-C')
    .option('--fix', 'apply the safe fixes of the findings to the pages in place, then report what remains (--rule ID, without =SEVERITY, limits the fixes to that rule)')
    .option('--fix-dry-run', 'print the fixes --fix would apply as a unified diff on stdout, writing nothing')
    .option('--fix-type <type>', 'kinds of fix to apply: safe (default) or suggestion, or both as safe,suggestion (repeatable)', collect)
    .addHelpText(
      'after',
      `
Exit codes: 0 clean, 1 findings at or above the fail severity, 2 usage, config or input errors.
Under GitHub Actions (GITHUB_ACTIONS=true) with no --format or --output, github annotations are printed after the
stylish report, so findings show on the pull request. Rules and their docs: checks/<rule-id>.md.`,
    )
    .action(async (paths: string[], options: { failSeverity?: 'error' | 'warning' | 'info'; rule?: string[]; config?: string; baseline?: string; changedSince?: string; quiet?: boolean; workers?: number; cache?: boolean; shard?: string; watch?: boolean; pageTimeout?: number; fix?: boolean; fixDryRun?: boolean; fixType?: string[] }) => {
      const { fix, fixDryRun, fixType, ...rest } = options;
      if (fix === true || fixDryRun === true || fixType !== undefined) {
        const { runFixCommand } = await import('../run-fix-command.js');
        setExit(await runFixCommand(paths, { ...rest, outputs: outputs.requests() }, { fix, fixDryRun, fixType }));
        return;
      }
      const { runCheck } = await import('../run-check.js');
      const { watch, ...checkOptions } = rest;
      const once = () => runCheck(paths, { ...checkOptions, outputs: outputs.requests() });
      if (!watch) {
        setExit(await once());
        return;
      }
      const { watchAndRun, watchRoots } = await import('../watch.js');
      const stop = new AbortController();
      process.once('SIGINT', () => stop.abort());
      const clear = process.stdout.isTTY ? () => process.stdout.write('\x1b[2J\x1b[H') : () => undefined;
      setExit(await watchAndRun(watchRoots(paths, process.cwd()), async () => (clear(), once()), { signal: stop.signal }));
    });
};
