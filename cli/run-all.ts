/**
 * `docpact run` (what `npm start` runs): extract → contracts → checks → replay against the embedded mock (and the
 * CSDL comparison when the config names one), one parse of every page, then every report into one folder. Wiring only; the work is in the stages.
 */
import { join, relative, resolve } from 'node:path';
import type { Diagnostic, Severity } from '../core/diagnostic.js';
import { compareDiagnostics, severityRank } from '../core/diagnostic.js';
import type { RunReport } from '../reports/types.js';
import { EXIT, UsageError } from './errors.js';
import { collectFindings } from './run-check.js';
import { docpactVersion } from '../core/version.js';

export interface RunAllOptions {
  /** Folder for contracts and reports (default `out`). */
  readonly out?: string;
  /** `mock` (default), `nock` or a base URL; a live URL only gets GET/HEAD unless `allowWrites`. */
  readonly target?: string;
  readonly allowWrites?: boolean;
  readonly failSeverity?: Severity;
  /** Exit 0 even when findings reach the fail severity (the demo in `npm start`). */
  readonly exitZero?: boolean;
  readonly rule?: readonly string[];
  readonly config?: string;
  readonly quiet?: boolean;
  readonly cwd?: string;
  /** Seconds one page may take to parse (`--page-timeout`). Default: the config's `pageTimeout`, else 5. */
  readonly pageTimeout?: number;
}

/** The reports `docpact run` writes, by file name under `<out>/reports/`. */
export const RUN_REPORTS = { html: 'report.html', json: 'report.json', junit: 'junit.xml', sarif: 'report.sarif', markdown: 'summary.md' } as const;

/** Runs the whole job; resolves to the exit code (0 clean, 1 findings at or above the fail severity, 2 usage). */
export async function runAll(paths: readonly string[], options: RunAllOptions = {}): Promise<number> {
  const cwd = options.cwd ?? process.cwd();
  const out = resolve(cwd, options.out ?? 'out');
  const note = (text: string): void => {
    if (!options.quiet) process.stderr.write(`docpact: ${text}\n`);
  };
  const started = performance.now();
  const findings = await collectFindings(paths, { rule: options.rule, config: options.config, cwd, ...(options.pageTimeout !== undefined && { pageTimeout: options.pageTimeout }) });
  const config = findings.loaded.config;
  const failSeverity = options.failSeverity ?? config.failSeverity ?? 'error';

  // One at a time: Jest's ESM loader (tests call main() in-process) fails on concurrent imports sharing a module.
  const { writeContracts } = await import('../contracts/index.js');
  const { replayContracts } = await import('../replay/run.js');
  const { parseTarget } = await import('../replay/targets/index.js');
  const { FORMATTERS, writeReportSet, ReportWriteError } = await import('../reports/index.js');
  const targetText = options.target ?? 'mock';
  const target = parseTarget(config.targets?.[targetText] ?? targetText);
  if (!target) throw new UsageError(`--target: Unexpected "${targetText}", expected mock, nock or an http(s) base URL`);

  await writeContracts(join(out, 'contracts'), findings.contracts);
  note(`wrote ${findings.contracts.schemas.size} schemas and ${findings.contracts.fixtures.length} fixtures to ${show(cwd, join(out, 'contracts'))}`);

  const replay = await replayContracts(findings.contracts, {
    target,
    allowWrites: options.allowWrites ?? false,
    headers: config.headers ?? {},
    vars: config.vars ?? {},
    token: process.env.DOCPACT_TOKEN || undefined,
    failSeverity,
  });

  // With a `metadata` CSDL in the config, drift against it joins the run, on the pages already read.
  const metadataDiagnostics: Diagnostic[] = [];
  if (config.metadata) {
    const { csdlSource } = await import('./run-metadata.js');
    const { loadCsdl, CsdlError } = await import('../metadata/csdl.js');
    const { compareMetadata } = await import('../metadata/compare.js');
    try {
      const model = await loadCsdl(csdlSource(findings.loaded, undefined, cwd));
      metadataDiagnostics.push(...compareMetadata(findings.pages, model).diagnostics);
    } catch (error) {
      if (error instanceof CsdlError) throw new UsageError(`metadata: ${error.message}`);
      throw error;
    }
  }

  const report: RunReport = {
    tool: { name: 'docpact', version: await docpactVersion() },
    command: 'run',
    files: findings.files,
    diagnostics: [...findings.diagnostics, ...replay.diagnostics, ...metadataDiagnostics].sort(compareDiagnostics),
    examples: replay.examples,
    failSeverity,
    rules: findings.rules,
  };

  const color = process.stdout.isTTY === true && process.env.NO_COLOR === undefined;
  process.stdout.write(FORMATTERS.stylish(report, { cwd, color }));
  const reportsDir = join(out, 'reports');
  // All five or none: an interrupted run leaves the previous reports, never a mix of old and new.
  try {
    await writeReportSet(
      Object.entries(RUN_REPORTS).map(([format, name]) => ({
        path: join(reportsDir, name),
        content: FORMATTERS[format as keyof typeof RUN_REPORTS](report, { cwd, color: false, outputDir: reportsDir }),
      })),
    );
  } catch (error) {
    if (!(error instanceof ReportWriteError)) throw error;
    throw new UsageError(`--out: cannot write ${show(cwd, error.path)} (${error.code}); no report in ${show(cwd, reportsDir)} was changed`);
  }
  const counts = { passed: 0, failed: 0, skipped: 0 };
  for (const e of replay.examples) counts[e.status] += 1;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  note(`replayed ${replay.examples.length} examples against ${targetText}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
  note(`reports in ${show(cwd, reportsDir)}/ (open ${show(cwd, join(reportsDir, RUN_REPORTS.html))}); done in ${seconds} s`);

  for (const problem of findings.inputProblems) process.stderr.write(`docpact: ${problem}\n`);
  if (findings.inputProblems.length > 0) return EXIT.usage;
  const failing = report.diagnostics.some((d) => severityRank(d.severity) >= severityRank(failSeverity));
  if (failing && options.exitZero) note(`findings at or above ${failSeverity} found; exiting 0 because of --exit-zero`);
  return failing && !options.exitZero ? EXIT.findings : EXIT.clean;
}

function show(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return rel === '' ? '.' : rel.startsWith('..') ? path : rel;
}
