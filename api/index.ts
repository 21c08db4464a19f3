/**
 * docpact's programmatic API: `import { extract, check, replay, openapi, metadata, formatters } from 'docpact'`.
 *
 * Each function takes the paths and the options of its command (camelCase, as in `CheckOptions`), resolves to data
 * and never prints, never exits and never touches `process.exitCode`: a bad config or option rejects with a
 * {@link DocpactError} (`exitCode` 2, what the CLI would exit with). The CLI commands are built on the same functions
 * (`checkReport`, `metadataReport`, `extractContracts`, `openapiDocument`), so a script sees what the CLI reports.
 *
 * `check`, `metadata` and `replay` resolve to the JSON report (`--format json`): `{ tool, command, diagnostics,
 * summary, rules?, examples?, baseline? }`, plus `exitCode` (0, 1 or 2, as the CLI), `inputProblems` (paths that
 * named nothing) and `report`, the run report every formatter takes: `formatters.sarif(result.report)`.
 */
import type { Diagnostic, Severity } from '../core/diagnostic.js';
import type { ContractsResult } from '../contracts/index.js';
import type { DocPage } from '../extractor/model.js';
import type { OpenApiStats } from '../openapi/index.js';
import type { Summary } from '../reports/summary.js';
import type { ExampleResult, RuleInfo, RunReport } from '../reports/types.js';
import type { CheckOptions } from '../cli/run-check.js';
import type { ExtractOptions } from '../cli/run-extract.js';
import type { MetadataOptions } from '../cli/run-metadata.js';
import type { OpenapiOptions } from '../cli/run-openapi.js';
import { FORMATTERS } from '../reports/index.js';

export type { Diagnostic, Range, Severity } from '../core/diagnostic.js';
export type { Summary } from '../reports/summary.js';
export type { ExampleResult, FormatOptions, Formatter, RuleInfo, RunReport } from '../reports/types.js';
export type { FormatName } from '../reports/index.js';
export type { DocPage } from '../extractor/model.js';
export type { ContractsResult } from '../contracts/index.js';
export type { Fixture } from '../contracts/index.js';

/** The report formatters by `--format` name: pure functions `(report, options?) → string`. */
export const formatters = FORMATTERS;

/** A finding as the JSON report writes it: `url` is the rule's doc, `null` when the rule has none. */
export type ReportDiagnostic = Omit<Diagnostic, 'url'> & { readonly url: string | null };

/** The JSON report (`--format json`) of a run. */
export interface JsonReport {
  readonly tool: { readonly name: 'docpact'; readonly version: string };
  readonly command: string;
  readonly diagnostics: readonly ReportDiagnostic[];
  /** Counts; `byFile` lists only the files with findings (`files` counts them all). */
  readonly summary: Summary;
  readonly rules?: readonly RuleInfo[];
  readonly examples?: readonly ExampleResult[];
  readonly baseline?: RunReport['baseline'];
}

/** What `check`, `metadata` and `replay` resolve to. */
export interface RunResult extends JsonReport {
  /** What the CLI would exit with: 0 clean, 1 findings at or above the fail severity (or a failed example), 2 a path that named nothing. */
  readonly exitCode: 0 | 1 | 2;
  /** Paths that named nothing (exit code 2); the other pages were still checked. */
  readonly inputProblems: readonly string[];
  /** The run report, for `formatters[name](result.report)`. */
  readonly report: RunReport;
}

/** A usage, config or input error: what the CLI reports with exit code 2. */
export class DocpactError extends Error {
  readonly exitCode = 2;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DocpactError';
  }
}

/** Runs `fn`, turning the CLI's usage and config errors into {@link DocpactError}. */
async function guarded<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    // ConfigError (a bad config) is a UsageError too.
    const { UsageError } = await import('../cli/errors.js');
    if (error instanceof UsageError) throw new DocpactError(error.message, { cause: error });
    throw error;
  }
}

function result(report: RunReport, exitCode: number, inputProblems: readonly string[], cwd: string | undefined, secrets: readonly string[] = []): RunResult {
  // The JSON formatter is the one definition of the JSON report: the API returns exactly what `--format json` writes
  // (redacted as it is: DOCPACT_TOKEN and bearer tokens, plus `secrets`).
  const json = JSON.parse(FORMATTERS.json(report, { ...(cwd !== undefined && { cwd }), secrets })) as JsonReport;
  return { ...json, exitCode: exitCode as RunResult['exitCode'], inputProblems, report };
}

/** Options of {@link check}: those of `docpact check` less the output ones. */
export type CheckApiOptions = Omit<CheckOptions, 'outputs' | 'quiet' | 'env'> & {
  /** Environment for the run (read for `GITHUB_ACTIONS`). Default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
};

/**
 * `docpact check` as data: checks the pages (default: the config's `docs`, else `docs`) and resolves to the JSON
 * report, `{ diagnostics, summary, … }`, with the baseline (`options.baseline` or the config's) applied.
 */
export async function check(paths: readonly string[] = [], options: CheckApiOptions = {}): Promise<RunResult> {
  return guarded(async () => {
    const { checkReport } = await import('../cli/run-check.js');
    const { report, findings, exitCode } = await checkReport(paths, { ...options, quiet: true });
    return result(report, exitCode, findings.inputProblems, options.cwd);
  });
}

/** Options of {@link metadata}: those of `docpact metadata` less the output ones. */
export type MetadataApiOptions = Omit<MetadataOptions, 'outputs' | 'quiet' | 'env'>;

/** `docpact metadata` as data: drift between the pages and a CSDL (`options.csdl`, else the config's `metadata`). */
export async function metadata(paths: readonly string[] = [], options: MetadataApiOptions = {}): Promise<RunResult> {
  return guarded(async () => {
    const { metadataReport } = await import('../cli/run-metadata.js');
    const { report, findings, exitCode } = await metadataReport(paths, options);
    return result(report, exitCode, findings.inputProblems, options.cwd);
  });
}

/** What {@link extract} resolves to. */
export interface ExtractResult {
  /** Every page read, as a positioned model. */
  readonly pages: readonly DocPage[];
  /** JSON Schemas by `$id`, fixtures, and the contracts' own diagnostics. */
  readonly contracts: ContractsResult;
  /** Every diagnostic of reading, parsing and building, sorted. */
  readonly diagnostics: readonly Diagnostic[];
  /** Paths that named nothing, or named a FIFO or device. */
  readonly inputProblems: readonly string[];
}

/** Options of {@link extract}: `out` writes the contracts to that folder as `docpact extract --out` does. */
export type ExtractApiOptions = Partial<Omit<ExtractOptions, 'quiet'>>;

/** `docpact extract` as data: the pages (default `docs`) → JSON Schemas and fixtures; written only when `out` is given. */
export async function extract(paths: readonly string[] = [], options: ExtractApiOptions = {}): Promise<ExtractResult> {
  return guarded(async () => {
    const { extractContracts } = await import('../cli/run-extract.js');
    const { out, ...rest } = options;
    const { loaded, result: contracts, diagnostics } = await extractContracts(paths, rest);
    if (out !== undefined) {
      const [{ resolve }, { writeContracts }] = await Promise.all([import('node:path'), import('../contracts/index.js')]);
      await writeContracts(resolve(options.cwd ?? process.cwd(), out), { ...contracts, diagnostics: [...diagnostics] });
    }
    return {
      pages: loaded.pages,
      contracts,
      diagnostics,
      inputProblems: [...loaded.missing.map((p) => `${p}: no such file or folder`), ...loaded.special.map(({ path, what }) => `${path}: a ${what}, not a regular file or folder`)],
    };
  });
}

/** What {@link openapi} resolves to. */
export interface OpenapiResult {
  /** The OpenAPI 3.1 document as plain JSON. */
  readonly document: Record<string, unknown>;
  readonly diagnostics: readonly Diagnostic[];
  readonly stats: OpenApiStats;
  readonly inputProblems: readonly string[];
}

/** Options of {@link openapi}: those of `docpact openapi` less the output ones (serialize `document` yourself). */
export type OpenapiApiOptions = Omit<OpenapiOptions, 'out' | 'format' | 'reportFormat' | 'quiet'>;

/** `docpact openapi` as data: the pages → an OpenAPI 3.1 document. */
export async function openapi(paths: readonly string[] = [], options: OpenapiApiOptions = {}): Promise<OpenapiResult> {
  return guarded(async () => {
    const { openapiDocument } = await import('../cli/run-openapi.js');
    const { inputs, result: built, diagnostics } = await openapiDocument(paths, options);
    return { document: built.document, diagnostics, stats: built.stats, inputProblems: inputs.problems };
  });
}

/** Options of {@link replay}. */
export interface ReplayApiOptions {
  /** `mock` (default), `nock`, an http(s) base URL, or a target named in the config's `targets`. */
  readonly target?: string;
  /** The mock keeps state across requests (create → get → delete). Default false. */
  readonly stateful?: boolean;
  /** Extra request headers, over the config's `headers`. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Path placeholder values, over the config's `vars`. */
  readonly vars?: Readonly<Record<string, string>>;
  /** Bearer token; default `process.env.DOCPACT_TOKEN`. Redacted from every finding. */
  readonly token?: string;
  /** Send writes to a live target. Default false. */
  readonly allowWrites?: boolean;
  /** Per-request timeout in ms. Default 30000. */
  readonly timeoutMs?: number;
  /** Retries on 429/503. Default 3. */
  readonly retries?: number;
  /** Requests in flight at once. Default 4. */
  readonly concurrency?: number;
  /** Only the examples whose `<page> › <name>` matches (case-insensitive), like the CLI's `-t`. */
  readonly testNamePattern?: string;
  /** Default: the config's `failSeverity`, else `error`. */
  readonly failSeverity?: Severity;
  readonly config?: string;
  readonly cwd?: string;
  readonly pageTimeout?: number;
  /** Stops sending new requests when aborted; the finished examples are kept. */
  readonly signal?: AbortSignal;
}

/**
 * `docpact replay --no-jest` as data: replays every example of the pages against the target in this process (the
 * in-process path the CLI takes with `--no-jest`: same findings, no Jest) and resolves to the JSON report with
 * `examples`.
 */
export async function replay(paths: readonly string[] = [], options: ReplayApiOptions = {}): Promise<RunResult> {
  return guarded(async () => {
    const cwd = options.cwd ?? process.cwd();
    const [{ loadConfig }, { findInputs }, { loadPagesParallel }, { buildContracts }, { parseTarget }, { replayContracts }, { UsageError }, { docpactVersion }, { severityRank, compareDiagnostics }] =
      await Promise.all([
        import('../cli/config.js'),
        import('../cli/inputs.js'),
        import('../extractor/parallel.js'),
        import('../contracts/index.js'),
        import('../replay/targets/index.js'),
        import('../replay/run.js'),
        import('../cli/errors.js'),
        import('../core/version.js'),
        import('../core/diagnostic.js'),
      ]);
    const loaded = await loadConfig(cwd, options.config);
    const config = loaded.config;
    const targetText = options.target ?? 'mock';
    const target = parseTarget(config.targets?.[targetText] ?? targetText, options.stateful ?? false);
    if (!target) throw new UsageError(`target: Unexpected "${targetText}", expected mock, nock, an http(s) base URL or a target named in the config`);
    let pattern: RegExp | undefined;
    if (options.testNamePattern !== undefined) {
      try {
        pattern = new RegExp(options.testNamePattern, 'i');
      } catch {
        throw new UsageError(`testNamePattern: Unexpected "${options.testNamePattern}", expected a regular expression`);
      }
    }
    const inputs = await findInputs(paths, cwd, loaded);
    const pageTimeout = options.pageTimeout ?? config.pageTimeout;
    const pages = await loadPagesParallel([...inputs.files], { cwd, ...(pageTimeout !== undefined && { pageTimeout }) });
    const inputProblems = [...inputs.problems, ...pages.missing.map((p) => `${p}: no such file or folder`), ...pages.special.map(({ path, what }) => `${path}: a ${what}, not a regular file or folder`)];
    const contracts = buildContracts(pages.pages);
    const failSeverity: Severity = options.failSeverity ?? config.failSeverity ?? 'error';
    const token = options.token ?? (process.env.DOCPACT_TOKEN || undefined);
    const run = await replayContracts(contracts, {
      target,
      headers: { ...(config.headers ?? {}), ...(options.headers ?? {}) },
      vars: { ...(config.vars ?? {}), ...(options.vars ?? {}) },
      ...(token !== undefined && { token }),
      allowWrites: options.allowWrites ?? false,
      ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
      ...(options.retries !== undefined && { retries: options.retries }),
      ...(options.concurrency !== undefined && { concurrency: options.concurrency }),
      ...(pattern !== undefined && { filter: (name: string) => pattern.test(name) }),
      ...(options.signal !== undefined && { signal: options.signal }),
      failSeverity,
    });
    const report: RunReport = {
      tool: { name: 'docpact', version: await docpactVersion() },
      command: 'replay',
      files: pages.pages.map((p) => p.file).sort(),
      diagnostics: [...run.diagnostics].sort(compareDiagnostics),
      examples: run.examples,
      failSeverity,
    };
    const threshold = severityRank(failSeverity);
    const failing = report.diagnostics.some((d) => severityRank(d.severity) >= threshold) || run.examples.some((e) => e.status === 'failed');
    return result(report, inputProblems.length > 0 ? 2 : failing ? 1 : 0, inputProblems, options.cwd, token !== undefined ? [token] : []);
  });
}
