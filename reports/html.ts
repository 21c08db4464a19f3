/**
 * `html`: one self-contained page (no external assets, works from a file:// URL or a CI artifact) with the
 * counts per rule and per page as bar charts, filters by severity, rule, page and free text, every finding
 * linked to its line, and for replays which examples passed, failed or were skipped and why.
 *
 * Every piece of doc content goes through `escapeHtml`; on top of that a Content-Security-Policy allows only
 * the one inline script whose hash it names, so markup that slipped through could still not run script.
 */
import { createHash } from 'node:crypto';
import { isAbsolute, relative, resolve } from 'node:path';
import type { Diagnostic, Severity } from '../core/diagnostic.js';
import { escapeHtml } from './escape-html.js';
import { HTML_SCRIPT, HTML_STYLE } from './html-assets.js';
import { groupBy, isHttpUrl, plural, prepareReport } from './summary.js';
import type { PreparedReport, SeverityCounts } from './summary.js';
import type { ExampleResult, Formatter, FormatOptions } from './types.js';

const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];
/** Pages shown in the per-page chart; the rest are summed into one line. */
const MAX_PAGE_BARS = 20;

// Fixed column widths, so the tables of every page line up under each other.
const COLGROUP = '<colgroup><col class="c-loc"><col class="c-sev"><col><col class="c-rule"></colgroup>';
const LEGEND = `<span class="legend">${SEVERITIES.map((s) => `<span class="key ${s}"></span>${s}`).join('')}</span>`;

const SCRIPT_HASH = createHash('sha256').update(HTML_SCRIPT).digest('base64');
const CSP = `default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${SCRIPT_HASH}'; img-src data:; base-uri 'none'; form-action 'none'`;

export { escapeHtml };

/** `file#Lline`, relative to the folder the report is written to, safe to put in an `href`. */
export function fileHref(file: string, line: number, options: FormatOptions): string {
  let path = file.replaceAll('\\', '/');
  if (options.outputDir !== undefined || isAbsolute(path)) {
    const base = resolve(options.cwd ?? '.');
    path = relative(resolve(options.outputDir ?? base), resolve(base, file)).replaceAll('\\', '/');
  }
  let href = path.split('/').map(encodeURIComponent).join('/');
  // `javascript:x.md` must stay a relative path, not become a scheme (encodeURIComponent already took any `:`).
  if (!href.startsWith('.') && !href.startsWith('/')) href = `./${href}`;
  return `${href}#L${line}`;
}

function total(c: SeverityCounts): number {
  return c.error + c.warning + c.info;
}

function stackedBar(counts: SeverityCounts, max: number): string {
  const parts = SEVERITIES.filter((s) => counts[s] > 0).map(
    (s) => `<span class="seg ${s}" style="width:${((counts[s] / max) * 100).toFixed(2)}%" title="${counts[s]} ${s}"></span>`,
  );
  return `<span class="bar">${parts.join('')}</span>`;
}

function chart(title: string, kind: 'rule' | 'page', rows: [string, SeverityCounts][], note = ''): string {
  const max = Math.max(1, ...rows.map(([, c]) => total(c)));
  const items = rows
    .map(
      ([key, c]) =>
        `<li><button type="button" class="chart-row" data-filter="${kind}" data-value="${escapeHtml(key)}" title="Show only ${escapeHtml(key)}">` +
        `<span class="label">${escapeHtml(key)}</span>${stackedBar(c, max)}<span class="num">${total(c)}</span></button></li>`,
    )
    .join('');
  return `<section class="panel"><h2>${escapeHtml(title)}${LEGEND}</h2>${rows.length ? `<ol class="chart">${items}</ol>` : '<p class="empty">Nothing found.</p>'}${note}</section>`;
}

function findingRow(d: Diagnostic, r: PreparedReport, options: FormatOptions): string {
  const details = [
    d.pointer !== undefined && `<span><b>at</b> ${d.pointer === '' ? 'the whole body' : `<code>${escapeHtml(d.pointer)}</code>`}</span>`,
    d.expected !== undefined && `<span><b>expected</b> <code>${escapeHtml(d.expected)}</code></span>`,
    d.actual !== undefined && `<span><b>actual</b> <code>${escapeHtml(d.actual)}</code></span>`,
    ...(d.related ?? []).map(
      (rel) => `<span><a href="${escapeHtml(fileHref(rel.file, rel.range.start.line, options))}">${escapeHtml(`${rel.file}:${rel.range.start.line}`)}</a> ${escapeHtml(rel.message)}</span>`,
    ),
  ].filter(Boolean);
  const url = r.ruleInfo.get(d.ruleId)?.url;
  const description = r.ruleInfo.get(d.ruleId)?.description;
  const rule = isHttpUrl(url)
    ? `<a href="${escapeHtml(url)}" rel="noopener noreferrer" target="_blank"${description ? ` title="${escapeHtml(description)}"` : ''}>${escapeHtml(d.ruleId)}</a>`
    : escapeHtml(d.ruleId);
  return (
    `<tr class="finding" data-severity="${d.severity}" data-rule="${escapeHtml(d.ruleId)}" data-page="${escapeHtml(d.file)}">` +
    `<td class="loc"><a href="${escapeHtml(fileHref(d.file, d.range.start.line, options))}">${d.range.start.line}:${d.range.start.column}</a></td>` +
    `<td><span class="pill ${d.severity}">${d.severity}</span></td>` +
    `<td class="msg">${escapeHtml(d.message)}${details.length ? `<div class="details">${details.join('')}</div>` : ''}</td>` +
    `<td class="rule">${rule}</td></tr>`
  );
}

function exampleRow(e: ExampleResult, options: FormatOptions): string {
  const request = e.method ? `<code>${escapeHtml(e.method)}${e.url ? ` ${escapeHtml(e.url)}` : ''}</code>` : '';
  const duration = e.durationMs !== undefined ? `${Math.round(e.durationMs)} ms` : '';
  return (
    `<tr class="example" data-status="${e.status}" data-page="${escapeHtml(e.file)}">` +
    `<td class="loc"><a href="${escapeHtml(fileHref(e.file, e.line, options))}">${e.line}</a></td>` +
    `<td><span class="pill ${e.status}">${e.status}</span></td>` +
    `<td class="msg"><b>${escapeHtml(e.name)}</b> ${request}${e.reason ? `<div class="details"><span>${escapeHtml(e.reason)}</span></div>` : ''}</td>` +
    `<td class="num">${duration}</td></tr>`
  );
}

function card(id: string, label: string, value: number, cls = ''): string {
  return `<div class="card ${cls}"><div class="value" id="${id}">${value}</div><div class="label">${escapeHtml(label)}</div></div>`;
}

/**
 * Formats a report as one HTML file. Links to findings are relative to `options.outputDir` (default: `options.cwd`,
 * i.e. the diagnostics' own paths), so open the report from where it was written.
 */
export const html: Formatter = (report, options = {}) => {
  const r = prepareReport(report, options);
  const s = r.summary;
  const title = `docpact ${r.command} report`;
  const byFile = groupBy(r.diagnostics, (d) => d.file);
  const examplesByFile = groupBy(r.examples ?? [], (e) => e.file);

  const cards = [
    card('count-total', 'findings', s.total, s.total ? '' : 'ok'),
    card('count-error', plural(s.errors, 'error').replace(/^\d+ /, ''), s.errors, 'error'),
    card('count-warning', plural(s.warnings, 'warning').replace(/^\d+ /, ''), s.warnings, 'warning'),
    card('count-info', 'info', s.infos, 'info'),
    card('count-pages', `pages with findings, of ${s.files}`, s.filesWithFindings),
  ];
  if (s.examples) {
    cards.push(
      card('count-passed', 'examples passed', s.examples.passed, 'passed'),
      card('count-failed', 'examples failed', s.examples.failed, 'failed'),
      card('count-skipped', 'examples skipped', s.examples.skipped, 'skipped'),
    );
  }

  const ruleRows = Object.entries(s.byRule).sort(([a, x], [b, y]) => total(y) - total(x) || (a < b ? -1 : 1));
  const pageRows = Object.entries(s.byFile)
    .filter(([, c]) => total(c) > 0)
    .sort(([a, x], [b, y]) => total(y) - total(x) || (a < b ? -1 : 1));
  const morePages = pageRows.length - MAX_PAGE_BARS;
  const pageNote = morePages > 0 ? `<p class="note">…and ${plural(morePages, 'more page')}; use the page filter to see them.</p>` : '';

  const options_ = (values: [string, number][], all: string) =>
    `<option value="">${escapeHtml(all)}</option>` + values.map(([v, n]) => `<option value="${escapeHtml(v)}">${escapeHtml(v)} (${n})</option>`).join('');
  const filters =
    `<form class="filters" id="filters" role="search">` +
    SEVERITIES.map(
      (sev) => `<label class="toggle ${sev}"><input type="checkbox" name="severity" value="${sev}" checked> ${sev} <span class="n">${s[sev === 'info' ? 'infos' : sev === 'error' ? 'errors' : 'warnings']}</span></label>`,
    ).join('') +
    `<select id="filter-rule" aria-label="Rule">${options_(ruleRows.map(([k, c]) => [k, total(c)]), 'All rules')}</select>` +
    `<select id="filter-page" aria-label="Page">${options_(r.allFiles.map((f) => [f, total(s.byFile[f])]), 'All pages')}</select>` +
    `<input type="search" id="filter-text" placeholder="Search messages, rules, pages…" aria-label="Search">` +
    `<button type="button" id="filter-reset">Reset</button>` +
    `<span class="shown" aria-live="polite">Showing <b id="shown-count">${s.total}</b> of ${s.total} findings</span></form>`;

  const pages = r.allFiles
    .filter((file) => byFile.has(file) || examplesByFile.has(file))
    .map((file) => {
      const findings = byFile.get(file) ?? [];
      const examples = examplesByFile.get(file) ?? [];
      const c = s.byFile[file];
      const badges = SEVERITIES.filter((sev) => c[sev] > 0)
        .map((sev) => `<span class="pill ${sev}">${sev === 'info' ? `${c[sev]} info` : plural(c[sev], sev)}</span>`)
        .join('');
      const exampleBadges = (['passed', 'failed', 'skipped'] as const)
        .map((st) => [st, examples.filter((e) => e.status === st).length] as const)
        .filter(([, n]) => n > 0)
        .map(([st, n]) => `<span class="pill ${st}">${n} ${st}</span>`)
        .join('');
      const findingTable = findings.length
        ? `<table class="findings">${COLGROUP}<thead><tr><th>Line</th><th>Severity</th><th>Message</th><th>Rule</th></tr></thead><tbody>${findings.map((d) => findingRow(d, r, options)).join('')}</tbody></table>`
        : '';
      const exampleTable = examples.length
        ? `<h3>Examples replayed</h3><table class="examples">${COLGROUP}<thead><tr><th>Line</th><th>Result</th><th>Example</th><th>Time</th></tr></thead><tbody>${examples.map((e) => exampleRow(e, options)).join('')}</tbody></table>`
        : '';
      return (
        `<details class="page" open data-page="${escapeHtml(file)}"><summary><span class="file">${escapeHtml(file)}</span>${badges}${exampleBadges}` +
        `<a class="open" href="${escapeHtml(fileHref(file, 1, options))}">open</a></summary>${findingTable}${exampleTable}</details>`
      );
    })
    .join('\n');

  const clean = r.allFiles.filter((f) => !byFile.has(f) && !examplesByFile.has(f));
  const cleanList = clean.length
    ? `<details class="clean"><summary>${plural(clean.length, 'page')} without findings</summary><ul>${clean.map((f) => `<li>${escapeHtml(f)}</li>`).join('')}</ul></details>`
    : '';
  const baseline = r.baseline
    ? `<section class="panel"><h2>Baseline</h2><p>${r.baseline.suppressed} known findings hidden by <code>${escapeHtml(r.baseline.file)}</code>; ${plural(r.baseline.fixed.length, 'entry', 'entries')} no longer occur.</p>${
        r.baseline.fixed.length
          ? `<ul>${r.baseline.fixed.map((f) => `<li><code>${escapeHtml(f.ruleId)}</code> ${escapeHtml(f.file)} <code>${escapeHtml(f.element)}</code>: ${escapeHtml(f.message)}</li>`).join('')}</ul>`
          : ''
      }</section>`
    : '';

  const verdict = s.failed ? `<span class="verdict failed">Failed</span>` : `<span class="verdict passed">Passed</span>`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="generator" content="${escapeHtml(`${r.tool.name} ${r.tool.version}`)}">
<title>${escapeHtml(title)}</title>
<style>${HTML_STYLE}</style>
</head>
<body>
<header><h1>${escapeHtml(title)} ${verdict}</h1><p class="sub">${escapeHtml(`${r.tool.name} ${r.tool.version}`)} · findings at or above <b>${s.failSeverity}</b> fail the run</p></header>
<main>
<section class="cards">${cards.join('')}</section>
<div class="charts">${chart('Findings per rule', 'rule', ruleRows)}${chart('Findings per page', 'page', pageRows.slice(0, MAX_PAGE_BARS), pageNote)}</div>
${baseline}
${filters}
<section id="pages">${pages || '<p class="empty">No findings. Every page looks good.</p>'}</section>
<p class="empty" id="no-match" hidden>No finding matches the filters.</p>
${cleanList}
</main>
<script>${HTML_SCRIPT}</script>
</body>
</html>
`;
};
