/**
 * `docpact metadata`: read the CSDL (file or loopback URL), read the pages, compare them, and hand one RunReport to
 * each requested formatter. `collectMetadataFindings` is the part without output, for other commands and the config.
 */
import { dirname, resolve } from 'node:path';
import type { Diagnostic, Severity } from '../core/diagnostic.js';
import { compareDiagnostics, severityRank } from '../core/diagnostic.js';
import type { MetadataResult } from '../metadata/compare.js';
import type { Formatter, RuleInfo, RunReport } from '../reports/types.js';
import type { LoadedConfig } from './config.js';
import { EXIT, UsageError } from './errors.js';
import { docpactVersion } from '../core/version.js';

/** One report to write: a formatter name and a file, or stdout when `output` is undefined. */
export interface MetadataOutput {
  readonly format: string;
  readonly output?: string;
}

export interface MetadataOptions {
  /** CSDL file or loopback URL. Default: the config's `metadata` (a path relative to the config's folder). */
  readonly csdl?: string;
  /** Docs version the CSDL describes. Default: inferred from the CSDL's file name or URL. */
  readonly version?: string;
  /** Default: `stylish` to stdout. */
  readonly outputs?: readonly MetadataOutput[];
  /** Default: the config's `failSeverity`, else `error`. */
  readonly failSeverity?: Severity;
  /** Config file; default: `docpact.config.json` found by walking up from the working directory. */
  readonly config?: string;
  /** Baseline file; default none (the config's `baseline` holds `check` findings). */
  readonly baseline?: string;
  /** Print only the reports: no notes on stderr. */
  readonly quiet?: boolean;
  /** Default `process.cwd()`. */
  readonly cwd?: string;
  /** Default `process.env`; read for `NO_COLOR` and `GITHUB_ACTIONS`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Seconds one page may take to parse (`--page-timeout`). Default: the config's `pageTimeout`, else 5. */
  readonly pageTimeout?: number;
}

export interface MetadataFindings {
  readonly loaded: LoadedConfig;
  /** The CSDL as given (path or URL). */
  readonly csdl: string;
  readonly files: readonly string[];
  /** Metadata findings and unreadable-page findings, sorted. */
  readonly diagnostics: readonly Diagnostic[];
  readonly result: MetadataResult;
  /** Paths that named nothing (exit 2). */
  readonly inputProblems: readonly string[];
}

/**
 * Where the CSDL comes from: `--csdl`, else the config's `metadata` (relative to the config's folder unless a URL).
 * Throws {@link UsageError} when neither is set.
 */
export function csdlSource(loaded: LoadedConfig, csdl: string | undefined, cwd: string): string {
  if (csdl !== undefined && csdl !== '') return isUrl(csdl) ? csdl : resolveShown(cwd, cwd, csdl);
  const configured = loaded.config.metadata;
  if (configured !== undefined && configured !== '') return isUrl(configured) ? configured : resolveShown(cwd, loaded.dir, configured);
  throw new UsageError('no CSDL given: pass --csdl FILE|URL, or set "metadata" in docpact.config.json');
}

/** Reads the config, the CSDL and the pages, and compares them. Throws {@link UsageError} for a bad CSDL or config. */
export async function collectMetadataFindings(
  paths: readonly string[], options: Pick<MetadataOptions, 'csdl' | 'version' | 'config' | 'cwd' | 'pageTimeout'> = {},
): Promise<MetadataFindings> {
  const cwd = options.cwd ?? process.cwd();
  const { loadConfig } = await import('./config.js');
  const loaded = await loadConfig(cwd, options.config);
  const csdl = csdlSource(loaded, options.csdl, cwd);
  const { loadCsdl, CsdlError } = await import('../metadata/csdl.js');
  const { compareMetadata } = await import('../metadata/compare.js');
  let model;
  try {
    model = await loadCsdl(csdl);
  } catch (error) {
    if (error instanceof CsdlError) throw new UsageError(error.message);
    throw error;
  }
  const { findInputs } = await import('./inputs.js');
  const inputs = await findInputs(paths, cwd, loaded);
  const { loadPagesParallel } = await import('../extractor/parallel.js');
  const pageTimeout = options.pageTimeout ?? loaded.config.pageTimeout;
  const { pages, diagnostics: unread } = await loadPagesParallel([...inputs.files], { cwd, ...(pageTimeout !== undefined && { pageTimeout }) });
  const result = compareMetadata(pages, model, options.version ? { version: options.version } : {});
  return {
    loaded,
    csdl,
    files: inputs.files,
    diagnostics: [...unread, ...result.diagnostics].sort(compareDiagnostics),
    result,
    inputProblems: inputs.problems,
  };
}

/** Runs `docpact metadata`; resolves to 0 clean, 1 findings at or above the fail severity, 2 usage or input error. */
export async function runMetadata(paths: readonly string[], options: MetadataOptions = {}): Promise<number> {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const note = (text: string): void => {
    if (!options.quiet) process.stderr.write(`docpact: ${text}\n`);
  };
  const { FORMATTERS } = await import('../reports/index.js');
  const formatters: Readonly<Record<string, Formatter>> = FORMATTERS;
  const outputs = planOutputs(options.outputs ?? [], Object.keys(formatters));
  const { report, findings, exitCode } = await metadataReport(paths, options);
  const { baseline } = report;
  const { emitReports } = await import('./emit.js');
  await emitReports(report, outputs, { cwd, env, note });
  const { result } = findings;
  note(
    `compared ${result.compared.length} page(s) with ${findings.csdl}${result.version ? ` (${result.version})` : ''}; ` +
      `${result.skipped.length} skipped; ${result.undocumentedTypes.length} CSDL type(s) without a page`,
  );
  if (baseline !== undefined && baseline.suppressed > 0) note(`${baseline.suppressed} finding(s) recorded in ${baseline.file} not reported`);
  for (const problem of findings.inputProblems) process.stderr.write(`docpact: ${problem}\n`);
  return exitCode;
}

/**
 * The whole of `metadata` but the output: the findings, the baseline applied, the report and the exit code (0 clean,
 * 1 findings at or above the fail severity, 2 a path that named nothing). Prints nothing; the API is built on it.
 */
export async function metadataReport(
  paths: readonly string[], options: Omit<MetadataOptions, 'outputs' | 'env' | 'quiet'> = {},
): Promise<{ readonly report: RunReport; readonly findings: MetadataFindings; readonly exitCode: number }> {
  const cwd = options.cwd ?? process.cwd();
  const findings = await collectMetadataFindings(paths, options);
  const failSeverity = options.failSeverity ?? findings.loaded.config.failSeverity ?? 'error';

  let diagnostics = findings.diagnostics;
  let baseline: RunReport['baseline'];
  if (options.baseline !== undefined) {
    const baselinePath = resolve(cwd, options.baseline);
    const { applyBaseline, readBaseline } = await import('./baseline.js');
    const applied = applyBaseline(diagnostics, await readBaseline(baselinePath, cwd), { cwd, baseDir: dirname(baselinePath) }, findings.files);
    diagnostics = applied.kept;
    const { displayPath } = await import('./config.js');
    baseline = { file: displayPath(cwd, baselinePath), suppressed: applied.suppressed, fixed: applied.fixed };
  }

  const report: RunReport = {
    tool: { name: 'docpact', version: await docpactVersion() },
    command: 'metadata',
    files: findings.files,
    diagnostics,
    ...(baseline !== undefined && { baseline }),
    failSeverity,
    rules: await metadataRuleInfo(),
  };
  const threshold = severityRank(failSeverity);
  const exitCode = findings.inputProblems.length > 0 ? EXIT.usage : diagnostics.some((d) => severityRank(d.severity) >= threshold) ? EXIT.findings : EXIT.clean;
  return { report, findings, exitCode };
}

async function metadataRuleInfo(): Promise<RuleInfo[]> {
  const { METADATA_RULES } = await import('../metadata/rules.js');
  return Object.entries(METADATA_RULES).map(([id, rule]) => ({ id, description: rule.description, defaultSeverity: rule.severity }));
}

function planOutputs(requests: readonly MetadataOutput[], formats: readonly string[]): MetadataOutput[] {
  if (requests.length === 0) return [{ format: 'stylish' }];
  for (const { format } of requests) {
    if (!formats.includes(format)) throw new UsageError(`--format: Unexpected "${format}", expected one of ${formats.join(', ')}`);
  }
  if (requests.filter((r) => r.output === undefined).length > 1) {
    throw new UsageError('--format: Unexpected several formats to stdout, expected at most one format without --output');
  }
  return [...requests];
}

function isUrl(value: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(value);
}

/** An absolute path resolved from `base`, shown relative to `cwd` when it lies below it (findings name the CSDL). */
function resolveShown(cwd: string, base: string, path: string): string {
  const absolute = resolve(base, path);
  return absolute.startsWith(`${cwd}/`) ? absolute.slice(cwd.length + 1) : absolute;
}
