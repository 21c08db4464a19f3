/**
 * `markdown`: a PR-comment summary (GitHub-flavoured). Totals first, a table per rule, then each file's first
 * findings with links to their lines inside collapsible `<details>`, so a long run stays a short comment.
 */
import type { Severity } from '../core/diagnostic.js';
import { escapeHtml } from './escape-html.js';
import { groupBy, isHttpUrl, plural, prepareReport } from './summary.js';
import type { ExampleResult, Formatter, FormatOptions } from './types.js';

const ICON: Record<Severity, string> = { error: '❌', warning: '⚠️', info: 'ℹ️' };
// GitHub rejects comments over 65,536 characters; at 10 findings a file, 50 files stay well under it.
const MAX_FILES = 50;
const STATUS_ICON: Record<ExampleResult['status'], string> = { passed: '✅', failed: '❌', skipped: '⏭️' };

/**
 * Escapes text for a table cell: HTML is neutralised (GitHub renders raw HTML in comments), Markdown
 * punctuation cannot start links, code or emphasis, `|` cannot end the cell, newlines become `<br>`,
 * and `@` cannot mention (and notify) a GitHub user — doc messages are full of `@odata.type`.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replace(/[\\`*_[\]{}()#+!|~]/g, (c) => `\\${c}`)
    .replaceAll('@', '&#64;')
    .replace(/\r\n|\r|\n/g, '<br>');
}

function lineLink(file: string, line: number, options: FormatOptions): string {
  const path = file.split('/').map(encodeURIComponent).join('/');
  return `${options.linkBase ?? ''}${path}#L${line}`;
}

/**
 * Formats a report as a Markdown comment. Default: 10 findings per file (`options.maxPerFile`), links relative
 * to the repository unless `options.linkBase` (e.g. `https://github.com/o/r/blob/<sha>/`) is given.
 */
export const markdown: Formatter = (report, options = {}) => {
  const r = prepareReport(report, options);
  const s = r.summary;
  const maxPerFile = Math.max(1, options.maxPerFile ?? 10);
  const out: string[] = [];

  const verdict = s.failed ? '❌' : '✅';
  out.push(`### ${verdict} docpact ${escapeMarkdown(r.command)}`, '');
  out.push(
    `**${plural(s.total, 'finding')}** in ${plural(s.filesWithFindings, 'file')} of ${s.files}: ` +
      `${ICON.error} ${plural(s.errors, 'error')} · ${ICON.warning} ${plural(s.warnings, 'warning')} · ${ICON.info} ${s.infos} info`,
  );
  if (s.examples) {
    out.push('', `Examples replayed: ${STATUS_ICON.passed} ${s.examples.passed} passed · ${STATUS_ICON.failed} ${s.examples.failed} failed · ${STATUS_ICON.skipped} ${s.examples.skipped} skipped`);
  }
  if (s.baseline) out.push('', `Baseline: ${s.baseline.suppressed} known findings hidden, ${s.baseline.fixed} baseline entries no longer occur.`);
  out.push('', `Findings at or above **${s.failSeverity}** fail the run.`);

  const rules = Object.entries(s.byRule);
  if (rules.length > 0) {
    out.push('', '| Rule | Errors | Warnings | Info |', '| --- | ---: | ---: | ---: |');
    for (const [ruleId, counts] of rules) {
      const url = r.ruleInfo.get(ruleId)?.url;
      const name = isHttpUrl(url) ? `[\`${ruleId}\`](${encodeURI(url)})` : `\`${ruleId}\``;
      out.push(`| ${name} | ${counts.error} | ${counts.warning} | ${counts.info} |`);
    }
  }

  const files = [...groupBy(r.diagnostics, (d) => d.file)];
  for (const [file, diagnostics] of files.slice(0, MAX_FILES)) {
    const counts = s.byFile[file];
    // Inside an HTML block GitHub does not apply Markdown escapes, so the summary line is escaped as HTML only.
    out.push('', `<details${counts.error > 0 ? ' open' : ''}><summary><code>${escapeHtml(file)}</code>: ${plural(diagnostics.length, 'finding')}</summary>`, '');
    out.push('| Line | Severity | Message | Rule |', '| --- | --- | --- | --- |');
    for (const d of diagnostics.slice(0, maxPerFile)) {
      const place = `${d.range.start.line}:${d.range.start.column}`;
      out.push(`| [${place}](${lineLink(file, d.range.start.line, options)}) | ${ICON[d.severity]} ${d.severity} | ${escapeMarkdown(d.message)} | \`${d.ruleId}\` |`);
    }
    if (diagnostics.length > maxPerFile) out.push('', `…and ${diagnostics.length - maxPerFile} more in this file.`);
    out.push('', '</details>');
  }

  if (files.length > MAX_FILES) out.push('', `…and ${plural(files.length - MAX_FILES, 'more file')} with findings; see the full report.`);

  const notPassed = (r.examples ?? []).filter((e) => e.status !== 'passed');
  if (notPassed.length > 0) {
    out.push('', `<details><summary>Examples that did not pass: ${notPassed.length}</summary>`, '');
    out.push('| Example | Result | Why |', '| --- | --- | --- |');
    for (const e of notPassed.slice(0, MAX_FILES * 2)) {
      out.push(`| [${escapeMarkdown(e.name)}](${lineLink(e.file, e.line, options)}) | ${STATUS_ICON[e.status]} ${e.status} | ${escapeMarkdown(e.reason ?? '')} |`);
    }
    out.push('', '</details>');
  }
  return `${out.join('\n')}\n`;
};
