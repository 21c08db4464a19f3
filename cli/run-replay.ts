/**
 * `docpact replay`: pages (or `--contracts DIR`) → fixtures → Jest suite against mock, nock or a live base URL →
 * the same formatters as `docpact check`. Wiring only; the work is in replay/.
 */
import { dirname, resolve } from 'node:path';
import type { Diagnostic, Severity } from '../core/diagnostic.js';
import { compareDiagnostics, severityRank } from '../core/diagnostic.js';
import type { ExampleResult, RunReport } from '../reports/types.js';
import type { ResolvedSpec } from '../replay/targets/index.js';
import type { ExampleOutcome, ReplayContracts, TargetSpec } from '../replay/types.js';
import { testName } from '../replay/types.js';
import { displayPath, loadConfig } from './config.js';
import { EXIT, UsageError } from './errors.js';
import type { OutputRequest } from './run-check.js';
import { positiveNumber, requireAccount, sendSettings, targetOf } from './send-options.js';
import { docpactVersion } from '../core/version.js';

export interface ReplayCliOptions {
  readonly target?: string;
  readonly contracts?: string;
  readonly testNamePattern?: string;
  readonly shard?: string;
  readonly watch?: boolean;
  readonly outputs?: readonly OutputRequest[];
  readonly failSeverity?: Severity;
  readonly header?: readonly string[];
  readonly var?: readonly string[];
  readonly allowWrites?: boolean;
  readonly timeout?: string;
  readonly retries?: string;
  readonly concurrency?: string;
  readonly stateful?: boolean;
  readonly config?: string;
  /** Run in-process instead of through Jest (same results, no Jest start-up). */
  readonly jest?: boolean;
  readonly verbose?: boolean;
  readonly quiet?: boolean;
  readonly cwd?: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Seconds one page may take to parse (`--page-timeout`). Default: the config's `pageTimeout`, else 5. */
  readonly pageTimeout?: number;
  /** Three-way drift: classify each failing example against the docs at the merge base of this ref and HEAD. */
  readonly changedSince?: string;
  /** A baseline file (written by `--write-baseline`) whose findings do not fail the run. */
  readonly baseline?: string;
  /** Write the findings to this baseline file; with `--accept`, only those of the given drift classes. */
  readonly writeBaseline?: string;
  /** `api-change`, `doc-regression`: the drift classes `--write-baseline` accepts. Default: every finding. */
  readonly accept?: readonly string[];
  /** Scenario file (`--scenarios`); default: the config's `scenarios`. */
  readonly scenarios?: string;
  /** Account examples go out as when their scenario names none (`--account`); default: the config's `defaultAccount`. */
  readonly account?: string;
  /** Requests per second per host (`--rate`); default: the config's `pacing.rate`. */
  readonly rate?: string;
  /** Seconds the run may take (`--budget`); default: the config's `pacing.budget`. */
  readonly budget?: string;
}

/** Runs `docpact replay` and resolves to the exit code (0 clean, 1 findings, 2 usage; 130 when interrupted, 143 on SIGTERM). */
export async function runReplay(paths: readonly string[], options: ReplayCliOptions = {}): Promise<number> {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const loaded = await loadConfig(cwd, options.config);
  const config = loaded.config;
  const note = (text: string): void => {
    if (!options.quiet) process.stderr.write(`docpact replay: ${text}\n`);
  };
  const failSeverity: Severity = options.failSeverity ?? config.failSeverity ?? 'error';
  const { timeoutMs, retries, concurrency, headers, vars, pattern } = sendSettings(config, options);
  if (options.shard !== undefined && !/^\d+\/\d+$/.test(options.shard)) throw new UsageError(`--shard: Unexpected "${options.shard}", expected i/n (e.g. 1/3)`);
  if (options.shard !== undefined) {
    const [i, n] = options.shard.split('/').map(Number);
    if (i < 1 || n < 1 || i > n) throw new UsageError(`--shard: Unexpected "${options.shard}", expected 1 ≤ i ≤ n`);
  }
  const token = env.DOCPACT_TOKEN || undefined;
  const target: TargetSpec = await targetOf(config, options.target ?? 'mock', options.stateful ?? false);

  // Scenarios, sign-in and pacing run in-process (replay/scenario-run.ts): one runner owns the run's order,
  // its teardown on every way out, the token cache and the per-host pacing.
  const scenarioPath = options.scenarios ?? (config.scenarios !== undefined ? resolve(loaded.dir, config.scenarios) : undefined);
  const rate = options.rate !== undefined ? positiveNumber(options.rate, '--rate') : config.pacing?.rate;
  const budgetSeconds = options.budget !== undefined ? positiveNumber(options.budget, '--budget') : config.pacing?.budget;
  const defaultAccount = options.account ?? config.defaultAccount;
  const accountSettings = config.accounts ?? {};
  if (defaultAccount !== undefined) requireAccount(config, defaultAccount);
  const guided = scenarioPath !== undefined || Object.keys(accountSettings).length > 0 || rate !== undefined || budgetSeconds !== undefined || config.pacing !== undefined;
  if (guided && options.jest !== false && (options.shard !== undefined || options.watch)) {
    throw new UsageError('--shard and --watch need the Jest runner, which does not run scenarios, sign-in or pacing; leave them out or drop --scenarios, accounts and pacing');
  }
  const { secretKeeper } = await import('../replay/scenario-run.js');
  const secrets = secretKeeper([token]);
  let scenarios: import('../replay/scenario.js').Scenarios | undefined;
  let accounts: Map<string, import('../replay/auth.js').TokenSource> | undefined;
  if (guided) {
    const [{ loadScenarios, ScenarioError }, { createAccounts, SignInSetupError }] = await Promise.all([import('../replay/scenario.js'), import('../replay/auth.js')]);
    if (scenarioPath !== undefined) {
      try {
        scenarios = await loadScenarios(resolve(cwd, scenarioPath), displayPath(cwd, resolve(cwd, scenarioPath)));
      } catch (error) {
        if (error instanceof ScenarioError) throw new UsageError(error.message);
        throw error;
      }
      for (const entry of scenarios.entries) {
        if (entry.account !== undefined) requireAccount(config, entry.account, `${scenarios.file}:${entry.at.line}:${entry.at.column}: `);
      }
    }
    try {
      accounts = createAccounts(accountSettings, env, (secret) => secrets.add(secret));
    } catch (error) {
      if (error instanceof SignInSetupError) throw new UsageError(error.message);
      throw error;
    }
  }

  const { FORMATTERS, writeReportSet, writeReportSetSync, ReportWriteError } = await import('../reports/index.js');
  const { planOutputs } = await import('./run-check.js');
  const outputs = planOutputs(options.outputs ?? [], Object.keys(FORMATTERS), env);

  // Contracts: read, or extracted now from the pages.
  let contracts: ReplayContracts;
  let files: string[];
  let inputProblems = 0;
  let docPages: import('../extractor/model.js').DocPage[] | undefined;
  for (const accepted of options.accept ?? []) {
    if (accepted !== 'api-change' && accepted !== 'doc-regression') throw new UsageError(`--accept: Unexpected "${accepted}", expected api-change or doc-regression`);
  }
  if (options.accept !== undefined && options.accept.length > 0 && options.changedSince === undefined) throw new UsageError('--accept: needs --changed-since REF, which classifies the findings');
  if (options.contracts !== undefined) {
    if (options.changedSince !== undefined) throw new UsageError('--changed-since: needs the pages (it compares them with the ref), not --contracts');
    const { readContracts, ContractsReadError } = await import('../contracts/index.js');
    try {
      const read = await readContracts(resolve(cwd, options.contracts));
      contracts = read;
    } catch (error) {
      if (error instanceof ContractsReadError) throw new UsageError(error.message);
      throw error;
    }
    files = [...new Set(contracts.fixtures.map((f) => f.source.file))].sort();
  } else {
    // Pages are parsed over worker threads (one thread for small inputs), with the result loadPages would give.
    const [{ loadPagesParallel: loadPages }, { buildContracts }] = await Promise.all([import('../extractor/parallel.js'), import('../contracts/index.js')]);
    // The same inputs as check: the paths, else the config's `docs` (relative to the config), minus its `ignore`.
    const { findInputs } = await import('./inputs.js');
    const inputs = await findInputs(paths, cwd, loaded);
    for (const problem of inputs.problems) process.stderr.write(`docpact replay: ${problem}\n`);
    const pageTimeout = options.pageTimeout ?? config.pageTimeout;
    const pages = await loadPages([...inputs.files], { cwd, ...(pageTimeout !== undefined && { pageTimeout }) });
    inputProblems = inputs.problems.length + pages.missing.length + pages.special.length;
    contracts = buildContracts(pages.pages);
    files = pages.pages.map((p) => p.file).sort();
    docPages = pages.pages;
  }
  // Before any request: a bad ref is a usage error, not a run.
  const driftBase = options.changedSince !== undefined ? await (await import('./drift-base.js')).loadDriftBase(options.changedSince, cwd, docPages ?? []) : undefined;

  const version = await docpactVersion();
  const color = process.stdout.isTTY === true && env.NO_COLOR === undefined && env.FORCE_COLOR !== '0';
  const buildReport = (outcomes: readonly ExampleOutcome[]): RunReport => ({
    tool: { name: 'docpact', version },
    command: 'replay',
    files,
    diagnostics: outcomes.flatMap((o) => o.diagnostics).sort(compareDiagnostics),
    examples: outcomes.map((o) => o.example),
    failSeverity,
  });
  // The --output files are one report set: all replaced or none (reports/write-set.ts).
  const reportSet = (report: RunReport): { path: string; content: string; format: string }[] =>
    outputs
      .filter((o) => o.output !== undefined)
      .map(({ format, output }) => {
        const path = resolve(cwd, output!);
        return { path, format, content: FORMATTERS[format as keyof typeof FORMATTERS](report, { cwd, color: false, outputDir: dirname(path) }) };
      });
  const noteWritten = (files: readonly { path: string; format: string }[]): void => {
    for (const { path, format } of files) note(`wrote the ${format} report to ${displayPath(cwd, path)}`);
  };

  // The embedded mock runs here, once; Jest workers reach it on 127.0.0.1.
  let stop: (() => Promise<void>) | undefined;
  let resolved: ResolvedSpec = target;
  const useJest = options.jest !== false && !guided;
  if (guided && options.jest !== false) note('scenarios, sign-in and pacing replay in-process (as --no-jest)');
  if (useJest && target.kind === 'mock') {
    const [{ startMockServer }, { createValidator }] = await Promise.all([import('../replay/targets/mock.js'), import('../replay/validate.js')]);
    const server = await startMockServer(contracts, { stateful: target.stateful ?? false, validator: createValidator(contracts.schemas) });
    stop = () => server.close();
    resolved = { kind: 'server', url: server.url, stateful: target.stateful ?? false };
    if (options.watch) note(`mock listening on ${server.url}`);
  }
  const stateful = target.kind === 'live' ? (options.allowWrites ?? false) : (target.stateful ?? false);

  let outcomes: ExampleOutcome[];
  let setupFailed = false;
  const interrupt = new AbortController();
  let collect: () => ExampleOutcome[] = () => [];
  // The scenario runner stops on the first signal and runs teardown before it returns; a second one stops that too.
  const force = new AbortController();
  let interruptedBy: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    interrupt.abort();
    if (guided && interruptedBy === undefined) {
      interruptedBy = signal;
      process.stderr.write('docpact replay: interrupted; running teardown (interrupt again to stop at once)\n');
      return;
    }
    force.abort();
    // Write what finished as one report set, then leave; the 'exit' hook of the Jest run stops Jest and removes its
    // temporary folder.
    try {
      const files = reportSet(buildReport(collect()));
      writeReportSetSync(files);
      noteWritten(files);
    } catch {
      // Nothing to add: the previous reports are untouched and the line below says the run stopped.
    } finally {
      process.stderr.write('docpact replay: interrupted; reports hold the examples that finished\n');
      process.exit(signal === 'SIGTERM' ? 143 : 130);
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    if (useJest) {
      const { startJestRun } = await import('../replay/jest-runner.js');
      const run = await startJestRun(contracts, {
        target: resolved,
        headers,
        vars,
        allowWrites: options.allowWrites ?? false,
        timeoutMs,
        retries,
        backoffMs: 500,
        maxRetryDelayMs: 30_000,
        failSeverity,
        workers: stateful ? 1 : Math.max(1, Math.min(concurrency, contracts.fixtures.length)),
        inOrder: stateful,
        ...(options.testNamePattern !== undefined ? { testNamePattern: options.testNamePattern } : {}),
        ...(options.shard !== undefined ? { shard: options.shard } : {}),
        ...(options.watch ? { watch: true } : {}),
        verbose: options.verbose ?? false,
      });
      collect = () => run.collectOutcomes();
      try {
        const jest = await run.done;
        outcomes = run.collectOutcomes();
        if (jest.numRuntimeErrorTestSuites > 0 || (outcomes.length === 0 && contracts.fixtures.length > 0 && !jest.success)) {
          process.stderr.write(`docpact replay: Jest could not run the suite:\n${jest.suiteErrors.join('\n') || jest.stderr || ''}\n`);
          setupFailed = true;
        }
      } finally {
        if (!options.watch) run.cleanup();
      }
    } else if (guided) {
      const [{ replayScenarios }, { describePacing }] = await Promise.all([import('../replay/scenario-run.js'), import('../replay/pacing.js')]);
      const finished: ExampleOutcome[] = [];
      collect = () => finished;
      const result = await replayScenarios(contracts, {
        target,
        headers,
        vars,
        ...(token ? { token } : {}),
        allowWrites: options.allowWrites ?? false,
        timeoutMs,
        retries,
        concurrency,
        failSeverity,
        signal: interrupt.signal,
        forceSignal: force.signal,
        secrets,
        ...(scenarios ? { scenarios } : {}),
        ...(accounts ? { accounts } : {}),
        ...(defaultAccount !== undefined ? { defaultAccount } : {}),
        pacing: { ...(config.pacing ?? {}), ...(rate !== undefined ? { rate } : {}) },
        ...(budgetSeconds !== undefined ? { budgetMs: budgetSeconds * 1000 } : {}),
        ...(pattern ? { filter: (name: string) => pattern.test(name) } : {}),
        onResult: (o) => finished.push(o),
      });
      for (const line of describePacing(result.pacing)) note(line);
      for (const [name, stats] of Object.entries(result.signIns)) {
        if (stats.signIns > 0) note(`account ${name}: ${stats.signIns} token request${stats.signIns === 1 ? '' : 's'} (${stats.expiryRefreshes} on expiry, ${stats.unauthorizedRefreshes} after a 401)`);
      }
      outcomes = [...result.outcomes];
    } else {
      const { replayContracts } = await import('../replay/run.js');
      const finished: ExampleOutcome[] = [];
      collect = () => finished;
      await replayContracts(contracts, {
        target,
        headers,
        vars,
        ...(token ? { token } : {}),
        allowWrites: options.allowWrites ?? false,
        timeoutMs,
        retries,
        concurrency,
        failSeverity,
        signal: interrupt.signal,
        ...(pattern ? { filter: (name: string) => pattern.test(name) } : {}),
        onResult: (o) => finished.push(o),
      });
      const order = new Map(contracts.fixtures.map((f, i) => [`${testName(f)}\u0000${f.request.source.line}`, i]));
      outcomes = finished.sort((a, b) => (order.get(key(a.example)) ?? 0) - (order.get(key(b.example)) ?? 0));
    }
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    await stop?.();
  }

  if (driftBase) outcomes = (await import('../replay/drift.js')).classifyDrift(outcomes, contracts, driftBase, failSeverity);
  let report = buildReport(outcomes);
  if (options.writeBaseline !== undefined || options.baseline !== undefined) {
    report = await (await import('./replay-baseline.js')).replayBaseline(report, { cwd, ...(options.baseline !== undefined && { baseline: options.baseline }), ...(options.writeBaseline !== undefined && { writeBaseline: options.writeBaseline }), ...(options.accept !== undefined && { accept: options.accept }) }, note);
  }
  for (const { format, output } of outputs) {
    if (output !== undefined) continue;
    const text = FORMATTERS[format as keyof typeof FORMATTERS](report, { cwd, color });
    process.stdout.write(text === '' || text.endsWith('\n') ? text : `${text}\n`);
  }
  const reportFiles = reportSet(report);
  try {
    await writeReportSet(reportFiles);
  } catch (error) {
    if (!(error instanceof ReportWriteError)) throw error;
    throw new UsageError(`--output ${displayPath(cwd, error.path)}: cannot write the report (${error.code}); no report file was changed; check the path`);
  }
  noteWritten(reportFiles);
  const count = (status: ExampleResult['status']): number => report.examples!.filter((e) => e.status === status).length;
  // CI reads this closing line (see TOOLCHAIN.md), whatever the formats.
  process.stderr.write(`${count('passed')} passed, ${count('failed')} failed, ${count('skipped')} skipped\n`);
  if (interruptedBy !== undefined) {
    process.stderr.write('docpact replay: interrupted; reports hold the examples that finished\n');
    return interruptedBy === 'SIGTERM' ? 143 : 130;
  }
  if (inputProblems > 0 || setupFailed) return EXIT.usage;
  const threshold = severityRank(failSeverity);
  return report.diagnostics.some((d: Diagnostic) => severityRank(d.severity) >= threshold) ? EXIT.findings : EXIT.clean;
}

function key(example: ExampleResult): string {
  return `${example.page} › ${example.name}\u0000${example.line}`;
}
