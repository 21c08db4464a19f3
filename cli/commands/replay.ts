import { Option } from 'commander';
import { outputCollector, PAGE_TIMEOUT_HELP, parsePageTimeout } from './check.js';
import type { DefineCommand } from './index.js';

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export const defineReplay: DefineCommand = (program, setExit) => {
  const outputs = outputCollector();
  program
    .command('replay')
    .description('Replay the documented examples against the embedded mock, nock, or a live base URL, as a Jest suite')
    .argument('[paths...]', 'Markdown files or folders (default: the config\'s "docs", else docs)')
    .option('--target <target>', 'mock (embedded server), nock (in-process), an http(s) base URL, or a target named in the config', 'mock')
    .option('--contracts <dir>', 'read fixtures and schemas written by `docpact extract` instead of extracting now')
    .option('-t, --test-name-pattern <regex>', 'only examples whose "<page> › <example-name>" matches (as Jest -t)')
    .option('--shard <i/n>', 'run shard i of n (Jest\'s own, split by page)')
    .option('--watch', 'rerun on changes (Jest watch mode)')
    .option('--format <name>', 'report format: stylish|json|junit|sarif|github|markdown|html (repeatable; default stylish)', (value: string) => outputs.format(value))
    .option('--output <file>', 'write the report of the --format before it to this file', (value: string) => outputs.output(value))
    .addOption(new Option('--fail-severity <severity>', 'exit 1 when a finding is at or above this severity (default: the config\'s failSeverity, else error)').choices(['error', 'warning', 'info']))
    .option('--header <header>', "extra request header 'K: V' (repeatable); a bearer token comes from DOCPACT_TOKEN", collect, [])
    .option('--var <name=value>', 'value of a path placeholder (repeatable; wins over the config\'s vars)', collect, [])
    .option('--allow-writes', 'send POST/PUT/PATCH/DELETE to a live target (off: only GET/HEAD are sent)')
    .option('--timeout <ms>', 'per-request timeout in ms (default 30000)')
    .option('--retries <n>', 'retries on 429/503 (default 3); each waits as Retry-After asks, at most 30 s (a fixed cap), else 0.5 s doubling')
    .option('--concurrency <n>', 'requests in flight at once (default 4)')
    .option('--stateful', 'mock/nock: keep created entities so later GET/PATCH/DELETE on them work')
    .option('--no-jest', 'replay in-process without Jest (same results, faster start)')
    .option('--scenarios <file>', 'scenario file (YAML or JSON, replay/scenario.schema.json): set-up, captures, teardown, expected statuses, skips, accounts (default: the config\'s scenarios)')
    .option('--account <name>', 'the config account examples go out as when their scenario names none (default: the config\'s defaultAccount)')
    .option('--rate <n>', 'at most n requests per second per host (default: the config\'s pacing.rate, else no limit)')
    .option('--budget <seconds>', 'total time the run may take; then no example starts and teardown still runs (default: the config\'s pacing.budget)')
    .option('--verbose', 'show Jest\'s own output')
    .option('--config <file>', 'config file (default: docpact.config.json in this folder or above)')
    .option('--quiet', 'print the reports only: no notes on stderr')
    .option('--page-timeout <seconds>', PAGE_TIMEOUT_HELP, parsePageTimeout)
    .option('--changed-since <ref>', 'three-way drift: classify each failing example as a doc regression (the page changed since the merge base with REF), an API change (it did not: the service did; the field is named) or both')
    .option('--baseline <file>', 'findings recorded in this file (by --write-baseline) do not fail the run')
    .option('--write-baseline <file>', 'record this run\'s findings in a baseline file')
    .option('--accept <class>', 'with --write-baseline and --changed-since: record only findings of this drift class, api-change or doc-regression (repeatable)', collect, [])
    .addHelpText('after', '\nExit codes: 0 clean, 1 findings at or above the fail severity, 2 usage or input errors, 130 interrupted.')
    .action(async (paths: string[], options: Record<string, unknown>) => {
      const { runReplay } = await import('../run-replay.js');
      setExit(await runReplay(paths, { ...options, outputs: outputs.requests() }));
    });
};
