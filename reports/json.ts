/**
 * `json`: the machine-readable report. Keys are written in a fixed order (not the order the producing stage
 * happened to build its objects in) so that two runs over the same docs diff cleanly.
 */
import type { Diagnostic, Range } from '../core/diagnostic.js';
import { prepareReport } from './summary.js';
import type { ExampleResult, Formatter } from './types.js';

function range(r: Range): Range {
  return {
    start: { line: r.start.line, column: r.start.column, offset: r.start.offset },
    end: { line: r.end.line, column: r.end.column, offset: r.end.offset },
  };
}

/** Copies the keys named in `order` that are present, in that order. */
function ordered<T extends object>(source: T, order: readonly (keyof T)[]): Partial<T> {
  const out: Partial<T> = {};
  for (const key of order) if (source[key] !== undefined) out[key] = source[key];
  return out;
}

function diagnostic(d: Diagnostic): Record<string, unknown> {
  return {
    ruleId: d.ruleId,
    severity: d.severity,
    message: d.message,
    file: d.file,
    range: range(d.range),
    ...ordered(d, ['pointer', 'expected', 'actual']),
    ...(d.related ? { related: d.related.map((rel) => ({ message: rel.message, file: rel.file, range: range(rel.range) })) } : {}),
    url: d.url ?? null,
    ...ordered(d, ['element', 'drift']),
    // The fixes as data (core/fix.ts), as ESLint's JSON gives them: for tools that apply or show them.
    ...ordered(d, ['fixes']),
  };
}

function example(e: ExampleResult): Partial<ExampleResult> {
  return ordered(e, ['page', 'file', 'line', 'name', 'status', 'reason', 'method', 'url', 'durationMs', 'drift', 'driftFields']);
}

/**
 * `{ tool, command, diagnostics: [{ ruleId, severity, message, file, range, pointer?, expected?, actual?, related?, url, element?, fixes? }],
 * summary, rules?, examples?, baseline? }`, pretty-printed with two spaces. `url` is `null` when a rule has no doc.
 * `summary.byFile` lists only the files with findings: `summary.files` counts every file, and a whole doc set's
 * clean pages would otherwise be megabytes of zeros.
 */
export const json: Formatter = (report, options = {}) => {
  const r = prepareReport(report, options);
  const out = {
    tool: { name: r.tool.name, version: r.tool.version },
    command: r.command,
    diagnostics: r.diagnostics.map(diagnostic),
    summary: { ...r.summary, byFile: Object.fromEntries(Object.entries(r.summary.byFile).filter(([, c]) => c.error + c.warning + c.info > 0)) },
    // The rules that ran, so `docpact report merge` can give SARIF and HTML their descriptions back.
    ...(report.rules ? { rules: [...report.rules].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map((rule) => ordered(rule, ['id', 'description', 'url', 'defaultSeverity'])) } : {}),
    ...(r.examples ? { examples: r.examples.map(example) } : {}),
    ...(r.baseline ? { baseline: { file: r.baseline.file, suppressed: r.baseline.suppressed, fixed: r.baseline.fixed } } : {}),
  };
  return `${JSON.stringify(out, null, 2)}\n`;
};
