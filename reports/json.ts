/**
 * `json`: the machine-readable report. Keys are written in a fixed order (not the order the producing stage
 * happened to build its objects in) so that two runs over the same docs diff cleanly.
 */
import { environmentSecrets, redactDiagnostic } from './redact.js';
import type { PreparedReport } from './summary.js';
import { Tally, prepareReport } from './summary.js';
import type { FileSpan } from './finding-text.js';
import { ELEMENT_SEPARATOR, findingText, forEachCount, isEmptyText, parseFindings, textOf } from './finding-text.js';
import type { ExampleResult, FormatOptions, Formatter, RunReport } from './types.js';

/** Copies the keys named in `order` that are present, in that order. */
function ordered<T extends object>(source: T, order: readonly (keyof T)[]): Partial<T> {
  const out: Partial<T> = {};
  for (const key of order) if (source[key] !== undefined) out[key] = source[key];
  return out;
}

function example(e: ExampleResult): Partial<ExampleResult> {
  return ordered(e, ['page', 'file', 'line', 'name', 'status', 'reason', 'method', 'url', 'durationMs', 'drift', 'driftFields']);
}

/** One piece of a report: text, or a span of a file whose bytes (UTF-8) are copied as they are. */
export type ReportPart = string | FileSpan;

/**
 * `{ tool, command, diagnostics: [{ ruleId, severity, message, file, range, pointer?, expected?, actual?, related?, url, element?, fixes? }],
 * summary, rules?, examples?, baseline? }`, pretty-printed with two spaces. `url` is `null` when a rule has no doc.
 * `summary.byFile` lists only the files with findings: `summary.files` counts every file, and a whole doc set's
 * clean pages would otherwise be megabytes of zeros.
 */
export const json: Formatter = (report, options = {}) => jsonParts(report, options).map(textOf).join('');

/**
 * The JSON report in pieces, in order. A report that carries its findings as stored texts (`findingTexts`, a run
 * served from the doc set's state) is assembled from them, each page's text copied as it is, when nothing is to be
 * redacted beyond what the texts say; otherwise every finding is prepared and printed here. Both give the same bytes.
 */
export function jsonParts(report: RunReport, options: FormatOptions = {}): ReportPart[] {
  const stored = report.findingTexts;
  const secrets = [...environmentSecrets(), ...(options.secrets ?? [])];
  if (stored === undefined || secrets.length > 0 || report.examples !== undefined || report.baseline !== undefined) {
    const r = prepareReport(report, options);
    return frame(report, r, r.diagnostics.length === 0 ? [] : [r.diagnostics.map(findingText).join(ELEMENT_SEPARATOR)]);
  }
  const tally = new Tally([...new Set(report.files)].sort());
  const elements: ReportPart[] = [];
  for (const page of stored) {
    forEachCount(page.counts, (ruleId, severity, n) => tally.add(page.file, ruleId, severity, n));
    if (isEmptyText(page.text)) continue;
    if (elements.length > 0) elements.push(ELEMENT_SEPARATOR);
    // A page whose findings redaction changes (rare) is printed through the objects, redacted like any other.
    elements.push(page.redacts ? parseFindings(page.text).map((d) => findingText(redactDiagnostic(d, []))).join(ELEMENT_SEPARATOR) : page.text);
  }
  return frame(report, { summary: tally.summary(report) }, elements);
}

/** Where the findings go in the report's text: the first `diagnostics` key, a key of the top object. */
const HOLE = '"diagnostics": []';

/** The report around its `diagnostics` elements (`elements`, already printed and joined); `r` as prepared. */
function frame(report: RunReport, r: Pick<PreparedReport, 'summary' | 'examples' | 'baseline'>, elements: readonly ReportPart[]): ReportPart[] {
  const { summary } = r;
  const out = {
    tool: { name: report.tool.name, version: report.tool.version },
    command: report.command,
    diagnostics: [],
    summary: { ...summary, byFile: Object.fromEntries(Object.entries(summary.byFile).filter(([, c]) => c.error + c.warning + c.info > 0)) },
    // The rules that ran, so `docpact report merge` can give SARIF and HTML their descriptions back.
    ...(report.rules ? { rules: [...report.rules].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map((rule) => ordered(rule, ['id', 'description', 'url', 'defaultSeverity'])) } : {}),
    ...(r.examples ? { examples: r.examples.map(example) } : {}),
    ...(r.baseline ? { baseline: { file: r.baseline.file, suppressed: r.baseline.suppressed, fixed: r.baseline.fixed } } : {}),
  };
  const text = `${JSON.stringify(out, null, 2)}\n`;
  // The top object's keys are printed before anything nested in them, and a key's quotes cannot occur unescaped
  // inside a string: the first occurrence is the top-level key.
  const at = text.indexOf(HOLE);
  const open = at + HOLE.length - 1;
  if (elements.length === 0) return [text];
  return [`${text.slice(0, open)}\n`, ...elements, `\n  ${text.slice(open)}`];
}
