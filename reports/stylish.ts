/**
 * `stylish`: the terminal format. Findings grouped under their file as `line:col  severity  message  rule-id`,
 * columns aligned, then replay results that did not pass, then one summary line.
 */
import type { Severity } from '../core/diagnostic.js';
import { groupBy, plural, prepareReport } from './summary.js';
import type { Formatter } from './types.js';

const CODES = { red: 31, yellow: 33, blue: 34, green: 32, dim: 2, bold: 1, underline: 4 } as const;
type Style = keyof typeof CODES;

const SEVERITY_STYLE: Record<Severity, Style> = { error: 'red', warning: 'yellow', info: 'blue' };

function painter(color: boolean): (style: Style, text: string) => string {
  return color ? (style, text) => `\u001b[${CODES[style]}m${text}\u001b[0m` : (_style, text) => text;
}

// Doc content may hold escape sequences; printing them raw would let a page restyle (or clear) the terminal.
function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Formats a report for a terminal. Default: no colour; pass `{ color: true }` for ANSI colours.
 */
export const stylish: Formatter = (report, options = {}) => {
  const r = prepareReport(report, options);
  const paint = painter(options.color ?? false);
  const out: string[] = [];

  for (const [file, diagnostics] of groupBy(r.diagnostics, (d) => d.file)) {
    out.push(paint('underline', printable(file)));
    const rows = diagnostics.map((d) => ({
      place: `${d.range.start.line}:${d.range.start.column}`,
      severity: d.severity,
      lines: printable(d.message).split('\n'),
      rule: d.ruleId,
    }));
    const placeWidth = Math.max(...rows.map((row) => row.place.length));
    const messageIndent = 2 + placeWidth + 2 + 'warning'.length + 2;
    for (const row of rows) {
      const [first, ...rest] = row.lines;
      out.push(
        `  ${paint('dim', row.place.padEnd(placeWidth))}  ${paint(SEVERITY_STYLE[row.severity], row.severity.padEnd(7))}  ${first}  ${paint('dim', row.rule)}`,
      );
      // Multi-line messages keep their shape under the first line instead of breaking the columns.
      for (const line of rest) out.push(`${' '.repeat(messageIndent)}${line}`);
    }
    out.push('');
  }

  const notPassed = (r.examples ?? []).filter((e) => e.status !== 'passed');
  if (notPassed.length > 0) {
    out.push(paint('bold', 'Examples'));
    for (const e of notPassed) {
      const style: Style = e.status === 'failed' ? 'red' : 'yellow';
      const why = e.reason ? `: ${printable(e.reason)}` : '';
      out.push(`  ${paint('dim', `${printable(e.file)}:${e.line}`)}  ${paint(style, e.status.padEnd(7))}  ${printable(e.name)}${why}`);
    }
    out.push('');
  }

  const s = r.summary;
  const counts = `${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}, ${plural(s.infos, 'info', 'infos')}`;
  const mark = s.failed ? paint('red', '✖') : paint('green', '✔');
  let line = `${mark} ${plural(s.total, 'problem')} (${counts}) in ${plural(s.filesWithFindings, 'file')} of ${s.files}`;
  if (s.examples) line += `; examples: ${s.examples.passed} passed, ${s.examples.failed} failed, ${s.examples.skipped} skipped`;
  if (s.baseline) line += `; baseline hid ${s.baseline.suppressed}, ${s.baseline.fixed} fixed`;
  out.push(s.failed ? paint('bold', line) : line);
  return `${out.join('\n')}\n`;
};
