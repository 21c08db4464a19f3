/**
 * `docpact report merge`: per-shard JSON reports (`--format json` of `check --shard i/n` or `replay --shard i/n`)
 * → one report in any format, as if one machine had done the whole run. The JSON report carries everything a
 * RunReport needs: findings, examples, the baseline counts and the fail severity. It lists only the files with
 * findings (`summary.byFile`) and counts every file (`summary.files`): the merged count is the sum over the shards of
 * `check` (each checks its own pages) and the largest for other commands (every replay shard reads every page).
 */
import { resolve } from 'node:path';
import type { Diagnostic, Severity } from '../core/diagnostic.js';
import { readDataFile } from '../core/input-files.js';
import { compareDiagnostics, SEVERITIES, severityRank } from '../core/diagnostic.js';
import type { ExampleResult, RuleInfo, RunReport } from '../reports/types.js';
import { displayPath } from './config.js';
import { EXIT, UsageError } from './errors.js';
import type { OutputRequest } from './run-check.js';
import { planOutputs } from './run-check.js';

/** The parts of a `json` report merge reads. */
interface JsonReport {
  readonly tool: { readonly name: 'docpact'; readonly version: string };
  readonly command: string;
  readonly diagnostics: readonly (Diagnostic & { readonly url?: string | null })[];
  readonly summary: { readonly byFile: Readonly<Record<string, unknown>>; readonly failSeverity: Severity; readonly files?: number };
  readonly examples?: readonly ExampleResult[];
  readonly baseline?: RunReport['baseline'];
  readonly rules?: readonly RuleInfo[];
}

export interface MergeOptions {
  /** Default: `json` to stdout. */
  readonly outputs?: readonly OutputRequest[];
  /** Default: the fail severity the shards ran with. */
  readonly failSeverity?: Severity;
  readonly quiet?: boolean;
  readonly cwd?: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** Reads one shard's JSON report; a {@link UsageError} naming the file when it is not one. */
export async function readJsonReport(path: string, cwd: string): Promise<JsonReport> {
  const shown = displayPath(cwd, resolve(cwd, path));
  // Never a plain readFile: a FIFO named as a report would block it forever.
  const read = await readDataFile(resolve(cwd, path));
  if (!('text' in read)) throw new UsageError(`${shown}: cannot read the report (${read.problem}); check the path`);
  let value: unknown;
  try {
    value = JSON.parse(read.text);
  } catch {
    throw new UsageError(`${shown}: Unexpected text that is not JSON, expected a report written with --format json`);
  }
  const r = value as Partial<JsonReport> | null;
  const ok =
    r !== null && typeof r === 'object' && r.tool?.name === 'docpact' && typeof r.command === 'string' && Array.isArray(r.diagnostics) &&
    typeof r.summary?.byFile === 'object' && SEVERITIES.includes(r.summary.failSeverity) && (r.examples === undefined || Array.isArray(r.examples));
  if (!ok) throw new UsageError(`${shown}: Unexpected JSON that is not a docpact report, expected the output of --format json (keys tool, command, diagnostics, summary)`);
  return r as JsonReport;
}

/** Merges shard reports into one RunReport. Shards must come from the same command. */
export function mergeReports(reports: readonly JsonReport[], names: readonly string[] = []): RunReport {
  if (reports.length === 0) throw new UsageError('report merge: Unexpected no reports, expected at least one JSON report file');
  const first = reports[0];
  reports.forEach((r, i) => {
    if (r.command !== first.command) {
      throw new UsageError(`${names[i] ?? `report ${i + 1}`}: Unexpected report of \`${r.command}\`, expected \`${first.command}\` like ${names[0] ?? 'the first'}: merge shards of one run`);
    }
  });
  const files = new Set<string>();
  const diagnostics: Diagnostic[] = [];
  const examples: ExampleResult[] = [];
  const rules = new Map<string, RuleInfo>();
  let baseline: { file: string; suppressed: number; fixed: NonNullable<RunReport['baseline']>['fixed'][number][] } | undefined;
  for (const r of reports) {
    for (const file of Object.keys(r.summary.byFile)) files.add(file);
    for (const d of r.diagnostics) {
      // `url: null` in JSON means "no doc"; a RunReport leaves the key out.
      const { url, ...rest } = d;
      diagnostics.push(url === null || url === undefined ? rest : { ...rest, url });
    }
    examples.push(...(r.examples ?? []));
    for (const rule of r.rules ?? []) if (!rules.has(rule.id)) rules.set(rule.id, rule);
    if (r.baseline) {
      baseline ??= { file: r.baseline.file, suppressed: 0, fixed: [] };
      baseline.suppressed += r.baseline.suppressed;
      baseline.fixed.push(...r.baseline.fixed);
    }
  }
  const failSeverity = reports.map((r) => r.summary.failSeverity).sort((a, b) => severityRank(a) - severityRank(b))[0];
  const counts = reports.map((r) => (typeof r.summary.files === 'number' ? r.summary.files : 0));
  const fileCount = first.command === 'check' ? counts.reduce((a, b) => a + b, 0) : Math.max(...counts);
  return {
    tool: first.tool,
    command: first.command,
    files: [...files].sort(),
    ...(fileCount > 0 && { fileCount }),
    diagnostics: diagnostics.sort(compareDiagnostics),
    ...(reports.some((r) => r.examples !== undefined) && { examples }),
    ...(baseline !== undefined && { baseline }),
    failSeverity,
    ...(rules.size > 0 && { rules: [...rules.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)) }),
  };
}

/**
 * Runs `docpact report merge FILES…`: exit 0 when the merged run passes, 1 when it has findings at or above the
 * fail severity or failed examples (so the merge step can be the CI gate), 2 for unreadable or mismatched reports.
 */
export async function runReportMerge(paths: readonly string[], options: MergeOptions = {}): Promise<number> {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const { FORMATTERS } = await import('../reports/index.js');
  const outputs = planOutputs(options.outputs?.length ? options.outputs : [{ format: 'json' }], Object.keys(FORMATTERS), env);
  const reports = await Promise.all(paths.map((p) => readJsonReport(p, cwd)));
  const merged = mergeReports(reports, paths);
  const report: RunReport = options.failSeverity ? { ...merged, failSeverity: options.failSeverity } : merged;
  const { emitReports } = await import('./emit.js');
  await emitReports(report, outputs, { cwd, env, note: (text) => !options.quiet && process.stderr.write(`docpact: merged ${paths.length} report(s): ${text}\n`) });
  const threshold = severityRank(report.failSeverity);
  const failing = report.diagnostics.some((d) => severityRank(d.severity) >= threshold) || (report.examples ?? []).some((e) => e.status === 'failed');
  return failing ? EXIT.findings : EXIT.clean;
}
