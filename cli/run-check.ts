/**
 * `docpact check` and `docpact baseline`: find the pages, run extractor → contracts → checks, apply rule settings,
 * the baseline and `--changed-since`, then hand one RunReport to each requested formatter.
 */
import { dirname, resolve } from 'node:path';
import type { Diagnostic, Severity } from '../core/diagnostic.js';
import { severityRank } from '../core/diagnostic.js';
import type { DocPage } from '../extractor/model.js';
import type { ContractsResult } from '../contracts/index.js';
import type { RuleInfo, RunReport } from '../reports/types.js';
import type { StoredFindings } from '../reports/finding-text.js';
import { forEachCount } from '../reports/finding-text.js';
import type { BaselineResult } from './baseline.js';
import type { LoadedConfig, RuleSetting } from './config.js';
import { ConfigError, displayPath, loadConfig } from './config.js';
import { EXIT, UsageError } from './errors.js';
import { locatePointer } from './json-source.js';
import { didYouMean } from './suggest.js';
import { docpactVersion } from '../core/version.js';

/** One report to write: a formatter name and a file, or stdout when `output` is undefined. */
export interface OutputRequest {
  readonly format: string;
  readonly output?: string;
}

export interface CheckOptions {
  /** Reports to write, in order. Default: `stylish` to stdout (plus `github` under GitHub Actions, see below). */
  readonly outputs?: readonly OutputRequest[];
  /** Default: the config's `failSeverity`, else `error`. */
  readonly failSeverity?: Severity;
  /** `ID=SEVERITY` settings, applied over the config's `rules`. */
  readonly rule?: readonly string[];
  /** Config file; default: `docpact.config.json` found by walking up from the working directory. */
  readonly config?: string;
  /** Baseline file; default: the config's `baseline`, else none. */
  readonly baseline?: string;
  /** Report page findings only on files changed since this git ref. */
  readonly changedSince?: string;
  /** Print only the reports: no notes on stderr. */
  readonly quiet?: boolean;
  /** Default `process.cwd()`. */
  readonly cwd?: string;
  /** Default `process.env`; read for `GITHUB_ACTIONS` and `NO_COLOR`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Worker threads for parsing. Default: the cores (small runs parse in one thread). */
  readonly workers?: number;
  /** Reuse and update `.docpact/cache` (`--no-cache`: false). Default true. */
  readonly cache?: boolean;
  /** `i/n`: check only the pages of shard i of n (all pages are still read, for links and types). */
  readonly shard?: string;
  /** Seconds one page may take to parse (`--page-timeout`). Default: the config's `pageTimeout`, else 5. */
  readonly pageTimeout?: number;
}

/** What a run found, before any baseline. */
export interface Findings {
  readonly loaded: LoadedConfig;
  /** Pages checked, relative to the working directory (with `--changed-since`: the changed ones). */
  readonly files: readonly string[];
  /** Pages read: with `--changed-since` the unchanged ones too, since links and types resolve across pages. */
  readonly pagesRead: number;
  /** After rule settings, sorted. */
  readonly diagnostics: readonly Diagnostic[];
  /** The same findings page by page as stored texts, when the run was served from the doc set's state (engine/analyze.ts). */
  readonly findingTexts?: readonly StoredFindings[];
  /** Paths that named nothing (exit 2). */
  readonly inputProblems: readonly string[];
  /** What the reports may say about each rule. */
  readonly rules: readonly RuleInfo[];
  /** Every page read, and the contracts built from them, so later stages (replay in `docpact run`) parse nothing again. */
  readonly pages: readonly DocPage[];
  readonly contracts: ContractsResult;
}

/**
 * Finds, reads and checks the pages. With `changedSince`, every page is read and indexed but only the changed
 * pages are checked and reported. Throws {@link UsageError} for a bad config, a bad `--rule` or a bad git ref.
 */
export async function collectFindings(
  paths: readonly string[],
  options: Pick<CheckOptions, 'rule' | 'config' | 'cwd' | 'changedSince' | 'workers' | 'cache' | 'shard' | 'quiet' | 'env' | 'pageTimeout'> & {
    /** Texts to check instead of the files on disk (an editor's unsaved buffers), by path relative to cwd. */
    readonly texts?: ReadonlyMap<string, string>;
    /** Whether `pages` and `contracts` are wanted (`docpact run`); without them check runs wholly in the workers. Default true. */
    readonly pages?: boolean;
  },
): Promise<Findings> {
  const cwd = options.cwd ?? process.cwd();
  const loaded = await loadConfig(cwd, options.config);
  const stages = await loadStages();
  const settings = ruleSettings(loaded, options.rule ?? [], stages.ruleIds, cwd);
  const { findInputs } = await import('./inputs.js');
  const inputs = await findInputs(paths, cwd, loaded);
  let isChecked = (_file: string): boolean => true;
  if (options.changedSince !== undefined) {
    const { changedFiles, realPathOf } = await import('./git.js');
    const changed = await changedFiles(options.changedSince, cwd);
    const realCwd = await realPathOf(cwd);
    isChecked = (file) => changed.has(resolve(realCwd, file));
  }
  if (options.shard !== undefined) {
    const { inShard, parseShard } = await import('./shard.js');
    const shard = parseShard(options.shard);
    const changed = isChecked;
    isChecked = (file) => inShard(file, shard) && changed(file);
  }
  const ruleOnly = Object.fromEntries(Object.entries(settings).filter(([id]) => stages.ruleIds.includes(id)));
  // A configured CSDL gives the resolved doc set the base types and open types the pages leave out (issue 9).
  const model = loaded.config.metadata ? await modelOf(loaded, cwd) : undefined;
  const [{ analyze }, { createProgress }] = await Promise.all([import('../engine/analyze.js'), import('./progress.js')]);
  const progress = await createProgress({ quiet: options.quiet, ...(options.env !== undefined && { env: options.env }) });
  const analysis = await analyze({
    cwd, files: inputs.files, isChecked, rules: ruleOnly, settings, configText: `${loaded.text ?? ''}\0${JSON.stringify(settings)}\0${model ? JSON.stringify(model) : ''}`, ...(model && { model }),
    ...(options.cache !== undefined && { cache: options.cache }), ...(options.workers !== undefined && { workers: options.workers }),
    ...((options.pageTimeout ?? loaded.config.pageTimeout) !== undefined && { pageTimeout: options.pageTimeout ?? loaded.config.pageTimeout }),
    onProgress: (done, total) => progress.update(done, total), ...(options.texts !== undefined && { texts: options.texts }), ...(options.pages !== undefined && { pages: options.pages }),
  }).finally(() => progress.stop());
  const { pages } = analysis;
  // Built on first use only (by `docpact run`): with the cache, a check needs no full contracts.
  let contracts: ContractsResult | undefined = analysis.contracts;
  return {
    get contracts(): ContractsResult {
      return (contracts ??= stages.buildContracts(pages));
    },
    loaded,
    files: inputs.files.filter(isChecked),
    pagesRead: inputs.files.length,
    // Settled by the engine; made from the stored texts only when read (a JSON report of a cached run never does).
    get diagnostics(): readonly Diagnostic[] {
      return analysis.diagnostics;
    },
    ...(analysis.findingTexts && { findingTexts: analysis.findingTexts }),
    inputProblems: inputs.problems,
    rules: stages.rules,
    pages,
  };
}

/**
 * Runs `docpact check`; resolves to the exit code: 0 clean, 1 findings at or above the fail severity (after the
 * baseline), 2 usage, config or input errors. A path that names nothing gives 2 but the other pages are still
 * checked and reported. Under GitHub Actions (`GITHUB_ACTIONS=true`) with no `--format`/`--output`, `github`
 * annotations are printed after the stylish report so findings show on the pull request without set-up.
 */
export async function runCheck(paths: readonly string[], options: CheckOptions = {}): Promise<number> {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const { FORMATTERS } = await import('../reports/index.js');
  const outputs = planOutputs(options.outputs ?? [], Object.keys(FORMATTERS), env);
  const note = (text: string): void => {
    if (!options.quiet) process.stderr.write(`docpact: ${text}\n`);
  };
  const { report, findings, exitCode } = await checkReport(paths, options);
  const { baseline } = report;

  if (options.changedSince !== undefined) {
    const pages = findings.files.length;
    note(`--changed-since ${options.changedSince}: checked ${pages} changed page${pages === 1 ? '' : 's'} of ${findings.pagesRead}`);
  }

  const { emitReports } = await import('./emit.js');
  await emitReports(report, outputs, { cwd, env, note });

  if (baseline !== undefined) {
    if (baseline.suppressed > 0) note(`${baseline.suppressed} finding(s) recorded in ${baseline.file} not reported`);
    if (baseline.fixed.length > 0) {
      const lines = fixedLines(baseline.fixed);
      note(`${baseline.fixed.length} baseline entr${baseline.fixed.length === 1 ? 'y no longer occurs' : 'ies no longer occur'} (fixed):\n${lines.join('\n')}\n  Run \`docpact baseline --output ${baseline.file}\` to drop them from the baseline.`);
    }
  }
  for (const problem of findings.inputProblems) process.stderr.write(`docpact: ${problem}\n`);
  return exitCode;
}

/** What `check` found, as data: the report every formatter takes, the findings behind it, and the exit code. */
export interface CheckOutcome {
  readonly report: RunReport;
  readonly findings: Findings;
  /** 0 clean, 1 findings at or above the fail severity (after the baseline), 2 a path that named nothing. */
  readonly exitCode: number;
}

/**
 * The whole of `check` but the output: finds and checks the pages, applies the baseline and builds the report.
 * Prints nothing and never exits; `runCheck` and the programmatic API (`api/index.ts`) are both built on it.
 * Throws {@link UsageError} (or ConfigError) for a bad config, a bad `--rule`, a bad git ref or an unreadable baseline.
 */
export async function checkReport(paths: readonly string[], options: Omit<CheckOptions, 'outputs'> = {}): Promise<CheckOutcome> {
  const cwd = options.cwd ?? process.cwd();
  const findings = await collectFindings(paths, { ...options, pages: false });
  const { loaded } = findings;
  const failSeverity = options.failSeverity ?? loaded.config.failSeverity ?? 'error';

  let kept: (() => readonly Diagnostic[]) = () => findings.diagnostics;
  let baseline: RunReport['baseline'];
  const baselinePath = options.baseline !== undefined ? resolve(cwd, options.baseline) : loaded.config.baseline !== undefined ? resolve(loaded.dir, loaded.config.baseline) : undefined;
  if (baselinePath !== undefined) {
    const { applyBaseline, readBaseline } = await import('./baseline.js');
    const result: BaselineResult = applyBaseline(findings.diagnostics, await readBaseline(baselinePath, cwd), { cwd, baseDir: dirname(baselinePath) }, findings.files);
    kept = () => result.kept;
    baseline = { file: displayPath(cwd, baselinePath), suppressed: result.suppressed, fixed: result.fixed };
  }

  // The findings are settled (sorted) already. Without a baseline, a run served from the doc set's state hands its
  // stored texts on: the JSON report copies them, and the objects are made only if a formatter reads them.
  const texts = baseline === undefined ? findings.findingTexts : undefined;
  let diagnostics: readonly Diagnostic[] | undefined;
  const report: RunReport = {
    tool: { name: 'docpact', version: await docpactVersion() },
    command: 'check',
    files: findings.files,
    get diagnostics(): readonly Diagnostic[] {
      return (diagnostics ??= kept());
    },
    ...(texts && { findingTexts: texts }),
    ...(baseline !== undefined && { baseline }),
    failSeverity,
    rules: findings.rules,
  };
  const threshold = severityRank(failSeverity);
  let failing = false;
  if (texts) for (const page of texts) forEachCount(page.counts, (_rule, severity) => void (failing ||= severityRank(severity) >= threshold));
  else failing = report.diagnostics.some((d) => severityRank(d.severity) >= threshold);
  const exitCode = findings.inputProblems.length > 0 ? EXIT.usage : failing ? EXIT.findings : EXIT.clean;
  return { report, findings, exitCode };
}

/**
 * Runs `docpact baseline`: writes every current finding (all severities, after rule settings) to the baseline file
 * (default: the config's `baseline`, else `docpact-baseline.json`). A path that names nothing is exit 2 and
 * nothing is written, since a baseline of part of the docs would hide nothing on the rest.
 */
export async function runBaseline(paths: readonly string[], options: Pick<CheckOptions, 'rule' | 'config' | 'cwd' | 'quiet' | 'pageTimeout'> & { readonly output?: string } = {}): Promise<number> {
  const cwd = options.cwd ?? process.cwd();
  const findings = await collectFindings(paths, { ...options, pages: false });
  for (const problem of findings.inputProblems) process.stderr.write(`docpact: ${problem}\n`);
  if (findings.inputProblems.length > 0) {
    process.stderr.write('docpact: baseline not written: fix the paths above first\n');
    return EXIT.usage;
  }
  const { loaded } = findings;
  const { createBaseline, serializeBaseline, DEFAULT_BASELINE_FILE } = await import('./baseline.js');
  const target =
    options.output !== undefined ? resolve(cwd, options.output) : loaded.config.baseline !== undefined ? resolve(loaded.dir, loaded.config.baseline) : resolve(cwd, DEFAULT_BASELINE_FILE);
  const baseline = createBaseline(findings.diagnostics, { cwd, baseDir: dirname(target) });
  const { writeReportSet } = await import('../reports/index.js');
  await writeReportSet([{ path: target, content: serializeBaseline(baseline) }]);
  if (!options.quiet) {
    const pages = new Set(findings.diagnostics.map((d) => d.file)).size;
    process.stderr.write(
      `docpact: wrote ${displayPath(cwd, target)}: ${findings.diagnostics.length} finding(s) on ${pages} of ${findings.files.length} page(s), ${baseline.entries.length} entr${baseline.entries.length === 1 ? 'y' : 'ies'}\n`,
    );
  }
  return EXIT.clean;
}

/** Most lines the fixed-entries note prints; the full list is in the json/sarif reports' baseline section. */
const MAX_FIXED_LINES = 20;

/** One line per distinct fixed entry (`×N` when it occurred N times), at most {@link MAX_FIXED_LINES}. */
function fixedLines(fixed: NonNullable<RunReport['baseline']>['fixed']): string[] {
  const counts = new Map<string, number>();
  for (const f of fixed) {
    const line = `  ${f.file}  ${f.ruleId}  ${f.element}`;
    counts.set(line, (counts.get(line) ?? 0) + 1);
  }
  const lines = [...counts].map(([line, n]) => (n > 1 ? `${line}  ×${n}` : line));
  return lines.length <= MAX_FIXED_LINES ? lines : [...lines.slice(0, MAX_FIXED_LINES), `  …and ${lines.length - MAX_FIXED_LINES} more`];
}

/**
 * Checks the requested outputs against the formatters: known names (with a did-you-mean), at most one to stdout,
 * no file twice. With none requested: stylish to stdout, and github annotations too under GitHub Actions.
 */
export function planOutputs(requests: readonly OutputRequest[], formats: readonly string[], env: Readonly<Record<string, string | undefined>>): OutputRequest[] {
  if (requests.length === 0) {
    return env.GITHUB_ACTIONS === 'true' ? [{ format: 'stylish' }, { format: 'github' }] : [{ format: 'stylish' }];
  }
  for (const { format } of requests) {
    if (!formats.includes(format)) {
      throw new UsageError(`--format: Unexpected "${format}", expected one of ${formats.join(', ')}${didYouMean(format, formats)}`);
    }
  }
  const toStdout = requests.filter((r) => r.output === undefined);
  if (toStdout.length > 1) {
    throw new UsageError(
      `--format: Unexpected ${toStdout.map((r) => r.format).join(' and ')} all to stdout, expected at most one format without --output; give the others --output FILE`,
    );
  }
  const files = new Set<string>();
  for (const { output } of requests) {
    if (output === undefined) continue;
    if (files.has(output)) throw new UsageError(`--output: Unexpected ${output} twice, expected a different file per --format`);
    files.add(output);
  }
  return [...requests];
}

/**
 * Merges the config's `rules` with `--rule ID=SEVERITY` (the command line wins). Rule ids are checked against the
 * rule map; ids with a `/` (`extract/…`, stage diagnostics) cannot be listed ahead and are taken as given.
 */
export function ruleSettings(loaded: LoadedConfig, flags: readonly string[], known: readonly string[], cwd: string): Record<string, RuleSetting> {
  const settings: Record<string, RuleSetting> = {};
  const isKnown = (id: string): boolean => id.includes('/') || known.includes(id);
  for (const [id, setting] of Object.entries(loaded.config.rules ?? {})) {
    if (!isKnown(id)) throw new ConfigError(`${configWhere(loaded, `/rules/${id}`, cwd)}: Unexpected rule id "${id}", ${expectedRule(id, known)}`);
    settings[id] = setting;
  }
  const values: readonly RuleSetting[] = ['off', 'info', 'warning', 'error'];
  for (const flag of flags) {
    const match = /^([^=]+)=(.*)$/.exec(flag);
    if (!match) throw new UsageError(`--rule: Unexpected "${flag}", expected ID=SEVERITY, e.g. --rule no-todo=off`);
    const id = match[1].trim();
    const setting = match[2].trim();
    if (!isKnown(id)) throw new UsageError(`--rule: Unexpected rule id "${id}", ${expectedRule(id, known)}`);
    if (!(values as readonly string[]).includes(setting)) {
      throw new UsageError(`--rule ${id}: Unexpected "${setting}", expected one of ${values.join(', ')}${didYouMean(setting, values)}`);
    }
    settings[id] = setting as RuleSetting;
  }
  return settings;
}

/** "expected …": the closest rule id when there is one, else the whole list. */
function expectedRule(id: string, known: readonly string[]): string {
  const hint = didYouMean(id, known);
  return hint !== '' ? `expected a rule id${hint}` : `expected one of ${known.join(', ')} (each rule's doc is checks/<id>.md)`;
}

/** The type facts of the config's `metadata` CSDL; a CSDL that cannot be read is a usage error (exit 2). */
async function modelOf(loaded: LoadedConfig, cwd: string): Promise<import('../resolve/doc-index.js').ModelFacts> {
  const [{ csdlSource }, { loadCsdl, modelFacts, CsdlError }] = await Promise.all([import('./run-metadata.js'), import('../metadata/csdl.js')]);
  try {
    return modelFacts(await loadCsdl(csdlSource(loaded, undefined, cwd)));
  } catch (error) {
    if (error instanceof CsdlError) throw new UsageError(`metadata: ${error.message}`);
    throw error;
  }
}

function configWhere(loaded: LoadedConfig, pointer: string, cwd: string): string {
  if (loaded.path === undefined) return 'config';
  return `${displayPath(cwd, loaded.path)}${locateInConfig(loaded, pointer)}`;
}

function locateInConfig(loaded: LoadedConfig, pointer: string): string {
  const at = loaded.text === undefined ? undefined : locatePointer(loaded.text, pointer);
  return at === undefined ? '' : `:${at.line}:${at.column}`;
}

interface Stages {
  readonly ruleIds: readonly string[];
  readonly rules: readonly RuleInfo[];
  buildContracts(pages: readonly DocPage[]): ContractsResult;
  /** Checks `pages`, resolving links and types against `allPages`. */
  runChecks(pages: readonly DocPage[], allPages: readonly DocPage[], options: { rules: Record<string, RuleSetting>; contracts: unknown; cwd: string }): readonly Diagnostic[];
}

/** The pipeline's stages, imported only when a command runs (keeps `docpact --help` fast). */
async function loadStages(): Promise<Stages> {
  // The extractor (remark, ~0.3 s to load) is imported by analyze() only when a page must be parsed.
  const [contracts, checks] = await Promise.all([import('../contracts/index.js'), import('../checks/index.js')]);
  return {
    ruleIds: Object.keys(checks.RULES).sort(),
    rules: Object.values(checks.RULES).map((rule) => ({ id: rule.id, description: rule.description, defaultSeverity: rule.defaultSeverity })),
    buildContracts: (pages) => contracts.buildContracts(pages),
    runChecks: (pages, allPages, options) =>
      checks.runChecks(pages, { ...options, ...(pages.length !== allPages.length && { docsIndex: checks.buildDocSet(allPages, { cwd: options.cwd }) }) }),
  };
}
