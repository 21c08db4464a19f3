/**
 * What every formatter starts from: the report with its secrets redacted and its findings in print order,
 * and the counts they all show. Computed here once so that the formats never disagree on a number.
 */
import { SEVERITIES, compareDiagnostics, severityRank } from '../core/diagnostic.js';
import type { Diagnostic, Severity } from '../core/diagnostic.js';
import { withDocUrl } from '../core/rule-docs.js';
import { environmentSecrets, redact, redactDiagnostic, redactOptional } from './redact.js';
import type { ExampleResult, FormatOptions, RuleInfo, RunReport } from './types.js';

export interface SeverityCounts {
  error: number;
  warning: number;
  info: number;
}

export interface ExampleCounts {
  passed: number;
  failed: number;
  skipped: number;
  total: number;
}

export interface Summary {
  /** Pages the run looked at. */
  readonly files: number;
  readonly filesWithFindings: number;
  readonly total: number;
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
  /** Findings at or above `failSeverity`. */
  readonly failing: number;
  readonly failSeverity: Severity;
  /** True when the run fails: a finding at or above `failSeverity`, or a failed example. */
  readonly failed: boolean;
  /** Per rule id, sorted by id. */
  readonly byRule: Readonly<Record<string, SeverityCounts>>;
  /** Per file, sorted by path; every file of the run appears, clean ones with zeros. */
  readonly byFile: Readonly<Record<string, SeverityCounts>>;
  readonly examples?: ExampleCounts;
  readonly baseline?: { readonly suppressed: number; readonly fixed: number };
}

/** The report as formatters print it: redacted, findings sorted with `compareDiagnostics`, examples by file and line. */
export interface PreparedReport extends RunReport {
  readonly diagnostics: readonly Diagnostic[];
  readonly summary: Summary;
  /** Rule metadata by id, for every rule that has a finding or was declared in `report.rules`. */
  readonly ruleInfo: ReadonlyMap<string, RuleInfo>;
  /** Every file: `report.files` plus any file only a diagnostic or example names, sorted. */
  readonly allFiles: readonly string[];
}

/** Zeroed counts. */
export function emptyCounts(): SeverityCounts {
  return { error: 0, warning: 0, info: 0 };
}

/** Whether a finding of `severity` fails a run whose fail severity is `failSeverity`. */
export function isFailing(severity: Severity, failSeverity: Severity): boolean {
  return severityRank(severity) >= severityRank(failSeverity);
}

function redactExample(e: ExampleResult, secrets: readonly string[]): ExampleResult {
  const out: ExampleResult = { ...e, reason: redactOptional(e.reason, secrets), url: redactOptional(e.url, secrets) };
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined)) as unknown as ExampleResult;
}

function compareExamples(a: ExampleResult, b: ExampleResult): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  if (a.line !== b.line) return a.line - b.line;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function sortedRecord<T>(entries: Map<string, T>): Record<string, T> {
  return Object.fromEntries([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Findings counted by file, rule and severity: what every summary is computed from, whatever form the findings are in. */
export class Tally {
  readonly byRule = new Map<string, SeverityCounts>();
  readonly byFile: Map<string, SeverityCounts>;
  readonly totals = emptyCounts();

  /** `files`: every file of the run, so that clean ones are counted too. */
  constructor(files: readonly string[]) {
    this.byFile = new Map(files.map((f) => [f, emptyCounts()]));
  }

  add(file: string, ruleId: string, severity: Severity, n = 1): void {
    this.totals[severity] += n;
    const rule = this.byRule.get(ruleId) ?? emptyCounts();
    rule[severity] += n;
    this.byRule.set(ruleId, rule);
    const counts = this.byFile.get(file) ?? emptyCounts();
    counts[severity] += n;
    this.byFile.set(file, counts);
  }

  /** The summary of a report with these findings (its `diagnostics` are not read). */
  summary(report: RunReport): Summary {
    const { totals } = this;
    let failing = 0;
    for (const severity of SEVERITIES) if (isFailing(severity, report.failSeverity)) failing += totals[severity];
    let examples: ExampleCounts | undefined;
    if (report.examples) {
      examples = { passed: 0, failed: 0, skipped: 0, total: report.examples.length };
      for (const e of report.examples) examples[e.status]++;
    }
    const filesWithFindings = [...this.byFile.values()].filter((c) => c.error + c.warning + c.info > 0).length;
    return {
      files: Math.max(this.byFile.size, report.fileCount ?? 0),
      filesWithFindings,
      total: totals.error + totals.warning + totals.info,
      errors: totals.error,
      warnings: totals.warning,
      infos: totals.info,
      failing,
      failSeverity: report.failSeverity,
      failed: failing > 0 || (examples?.failed ?? 0) > 0,
      byRule: sortedRecord(this.byRule),
      byFile: sortedRecord(this.byFile),
      ...(examples ? { examples } : {}),
      ...(report.baseline ? { baseline: { suppressed: report.baseline.suppressed, fixed: report.baseline.fixed.length } } : {}),
    };
  }
}

/** Counts for a report's diagnostics and examples (no redaction or sorting needed). */
export function summarize(report: RunReport, files: readonly string[]): Summary {
  const tally = new Tally(files);
  for (const d of report.diagnostics) tally.add(d.file, d.ruleId, d.severity);
  return tally.summary(report);
}

/**
 * Stamps a missing doc URL (`withDocUrl`), redacts (with `options.secrets` plus `DOCPACT_TOKEN`), sorts and counts a report. Every formatter calls this
 * first and prints only what it returns, so no format can leak a token the others hide.
 */
export function prepareReport(report: RunReport, options: FormatOptions = {}): PreparedReport {
  const secrets = [...environmentSecrets(), ...(options.secrets ?? [])];
  // A finding made without the rule factory (the extractor's `extract/*`) gets its rule's doc URL here, the one
  // door every format comes through, so no format prints a finding without a link to its rule.
  const diagnostics = report.diagnostics.map((d) => redactDiagnostic(withDocUrl(d), secrets)).sort(compareDiagnostics);
  const examples = report.examples?.map((e) => redactExample(e, secrets)).sort(compareExamples);
  const baseline = report.baseline && {
    ...report.baseline,
    fixed: report.baseline.fixed.map((f) => ({ ...f, message: redact(f.message, secrets) })),
  };
  const fileSet = new Set([...report.files, ...diagnostics.map((d) => d.file), ...(examples ?? []).map((e) => e.file)]);
  const allFiles = [...fileSet].sort();
  const ruleInfo = new Map<string, RuleInfo>();
  for (const rule of report.rules ?? []) ruleInfo.set(rule.id, rule);
  for (const d of diagnostics) {
    const known = ruleInfo.get(d.ruleId);
    if (!known) ruleInfo.set(d.ruleId, { id: d.ruleId, ...(d.url ? { url: d.url } : {}) });
    else if (!known.url && d.url) ruleInfo.set(d.ruleId, { ...known, url: d.url });
  }
  const prepared = { ...report, diagnostics, ...(examples ? { examples } : {}), ...(baseline ? { baseline } : {}) };
  return { ...prepared, summary: summarize(prepared, allFiles), ruleInfo, allFiles };
}

/** `1 error`, `2 warnings`: English counts for summary lines. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

/** Groups items by a key, keeping first-seen order of keys and items. */
export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** Whether `url` is an absolute http(s) URL, the only kind formatters turn into links. */
export function isHttpUrl(url: string | undefined): url is string {
  if (!url) return false;
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}
