import { Option } from 'commander';
import type { DefineCommand } from './index.js';
import { outputCollector } from './check.js';

/** `docpact report merge`: one report from the JSON reports of shards. */
export const defineReport: DefineCommand = (program, setExit) => {
  const report = program.command('report').description('Work with reports written by earlier runs');
  const outputs = outputCollector();
  report
    .command('merge')
    .description('Merge the JSON reports of sharded runs (check --shard i/n, replay --shard i/n) into one report')
    .argument('<files...>', 'JSON reports (--format json) of the shards')
    .option('--format <name>', 'report format: stylish|json|junit|sarif|github|markdown|html (repeatable; default json)', (value: string) => outputs.format(value))
    .option('--output <file>', 'write the report of the --format before it to this file (default: stdout)', (value: string) => outputs.output(value))
    .addOption(new Option('--fail-severity <severity>', 'exit 1 when a finding is at or above this severity (default: the shards\')').choices(['error', 'warning', 'info']))
    .option('--quiet', 'no notes on stderr')
    .addHelpText('after', '\nExit codes: 0 the merged run passes, 1 findings at or above the fail severity or failed examples, 2 unreadable or mismatched reports.')
    .action(async (files: string[], options: { failSeverity?: 'error' | 'warning' | 'info'; quiet?: boolean }) => {
      const { runReportMerge } = await import('../run-report-merge.js');
      setExit(await runReportMerge(files, { ...options, outputs: outputs.requests() }));
    });
};
