/**
 * `github`: GitHub Actions workflow commands, which the runner turns into annotations on the PR's lines:
 * `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=<rule id>::<message>`.
 */
import type { Diagnostic, Severity } from '../core/diagnostic.js';
import { plural, prepareReport } from './summary.js';
import type { Formatter } from './types.js';

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

/** Escapes a command's message: the runner decodes `%25`, `%0D` and `%0A`, so a message keeps its line breaks. */
export function escapeData(text: string): string {
  return text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

/** Escapes a property value, where `,` and `:` would also end the value early. */
export function escapeProperty(text: string): string {
  return escapeData(text).replaceAll(':', '%3A').replaceAll(',', '%2C');
}

function annotation(d: Diagnostic): string {
  const { start, end } = d.range;
  const props: [string, string | number][] = [
    ['file', d.file],
    ['line', start.line],
    ['col', start.column],
    ['endLine', Math.max(end.line, start.line)],
  ];
  // GitHub ignores endColumn on multi-line annotations, and a zero-width range would underline nothing.
  if (end.line === start.line && end.column > start.column) props.push(['endColumn', end.column]);
  props.push(['title', d.ruleId]);
  const extra = [d.pointer && `at ${d.pointer}`, d.expected !== undefined && `expected ${d.expected}`, d.actual !== undefined && `actual ${d.actual}`]
    .filter(Boolean)
    .join(', ');
  const message = extra ? `${d.message}\n(${extra})` : d.message;
  return `::${COMMAND[d.severity]} ${props.map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(',')}::${escapeData(message)}`;
}

/**
 * One workflow command per finding (errors as `::error`, warnings as `::warning`, info as `::notice`),
 * one `::error` per failed replay example that has no finding of its own, then a plain summary line.
 */
export const github: Formatter = (report, options = {}) => {
  const r = prepareReport(report, options);
  const lines = r.diagnostics.map(annotation);
  const annotated = new Set(r.diagnostics.map((d) => `${d.file}:${d.range.start.line}`));
  for (const e of r.examples ?? []) {
    // A failed example usually has its findings at its line already; annotate it only when it has none.
    if (e.status !== 'failed' || annotated.has(`${e.file}:${e.line}`)) continue;
    const props = `file=${escapeProperty(e.file)},line=${e.line},title=${escapeProperty(`replay: ${e.name}`)}`;
    lines.push(`::error ${props}::${escapeData(e.reason ?? 'the response did not match the documentation')}`);
  }
  const s = r.summary;
  let summary = `docpact ${r.command}: ${plural(s.total, 'problem')} (${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}, ${plural(s.infos, 'info', 'infos')}) in ${plural(s.filesWithFindings, 'file')} of ${s.files}`;
  if (s.examples) summary += `; examples: ${s.examples.passed} passed, ${s.examples.failed} failed, ${s.examples.skipped} skipped`;
  lines.push(escapeData(summary));
  return `${lines.join('\n')}\n`;
};
