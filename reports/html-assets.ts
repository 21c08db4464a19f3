/**
 * The style sheet and script inlined into the HTML report. Kept as constants (not files read at run time) so the
 * formatter stays a pure function and the script's CSP hash is computed once. The script reads only the DOM the
 * formatter wrote: no data is parsed or injected as HTML.
 */

export const HTML_STYLE = `
:root{--bg:#f6f7f9;--fg:#1d2330;--muted:#5d6778;--panel:#fff;--line:#e3e6eb;--error:#d1242f;--warning:#bf8700;--info:#0969da;
--passed:#1a7f37;--failed:#d1242f;--skipped:#8c959f;--accent:#0969da;--shadow:0 1px 2px rgba(16,24,40,.06),0 1px 3px rgba(16,24,40,.1)}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#8d96a0;--panel:#161b22;--line:#30363d;--error:#f85149;
--warning:#d29922;--info:#4493f8;--passed:#3fb950;--failed:#f85149;--skipped:#8d96a0;--accent:#4493f8;--shadow:none}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif}
header{padding:20px 32px 8px}
h1{font-size:22px;margin:0;display:flex;align-items:center;gap:12px}
h2{font-size:15px;margin:0 0 12px;display:flex;align-items:center;gap:12px}
.legend{margin-left:auto;display:inline-flex;align-items:center;gap:6px;font-size:12px;font-weight:400;color:var(--muted)}
.key{display:inline-block;width:10px;height:10px;border-radius:2px;margin-left:6px}
.key.error{background:var(--error)}.key.warning{background:var(--warning)}.key.info{background:var(--info)}
h3{font-size:13px;margin:12px 16px 6px;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}
.sub{margin:4px 0 0;color:var(--muted)}
main{padding:8px 32px 40px;max-width:1400px}
a{color:var(--accent);text-decoration:none}a:hover{text-decoration:underline}
code{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:rgba(127,127,127,.12);padding:1px 4px;border-radius:4px;word-break:break-all}
.verdict{font-size:12px;font-weight:600;padding:2px 10px;border-radius:999px;color:#fff}
.verdict.failed{background:var(--failed)}.verdict.passed{background:var(--passed)}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(140px,1fr));gap:12px;margin:12px 0 20px}
.card{background:var(--panel);border:1px solid var(--line);border-radius:10px;padding:12px 16px;box-shadow:var(--shadow);border-top:4px solid var(--line)}
.card .value{font-size:28px;font-weight:700;line-height:1.2}
.card .label{color:var(--muted);font-size:12px}
.card.error{border-top-color:var(--error)}.card.warning{border-top-color:var(--warning)}.card.info{border-top-color:var(--info)}
.card.passed,.card.ok{border-top-color:var(--passed)}.card.failed{border-top-color:var(--failed)}.card.skipped{border-top-color:var(--skipped)}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:16px;margin-bottom:20px}
.panel{background:var(--panel);border:1px solid var(--line);border-radius:10px;padding:16px;box-shadow:var(--shadow);margin-bottom:16px}
.charts .panel{margin:0}
.chart{list-style:none;margin:0;padding:0}
.chart-row{all:unset;box-sizing:border-box;display:grid;grid-template-columns:minmax(120px,38%) 1fr 40px;align-items:center;gap:10px;width:100%;padding:3px 6px;border-radius:6px;cursor:pointer}
.chart-row:hover,.chart-row:focus-visible{background:rgba(127,127,127,.1)}
.chart-row.active{background:rgba(9,105,218,.12);outline:1px solid var(--accent)}
.chart-row .label{overflow:hidden;text-overflow:ellipsis;white-space:nowrap;font-size:13px}
.chart-row .num{text-align:right;font-variant-numeric:tabular-nums;color:var(--muted)}
.bar{display:flex;height:14px;background:rgba(127,127,127,.1);border-radius:4px;overflow:hidden}
.seg{display:block;height:100%}.seg.error{background:var(--error)}.seg.warning{background:var(--warning)}.seg.info{background:var(--info)}
.note,.empty{color:var(--muted)}
.filters{display:none;position:sticky;top:0;z-index:2;flex-wrap:wrap;align-items:center;gap:8px;padding:10px 12px;margin:0 0 16px;
background:var(--panel);border:1px solid var(--line);border-radius:10px;box-shadow:var(--shadow)}
.js .filters{display:flex}
.filters select,.filters input[type=search],.filters button{font:inherit;color:inherit;background:var(--bg);border:1px solid var(--line);border-radius:6px;padding:5px 8px}
.filters select{max-width:260px}
.filters input[type=search]{flex:1;min-width:200px}
.filters button{cursor:pointer}
.toggle{display:inline-flex;align-items:center;gap:5px;padding:4px 10px;border:1px solid var(--line);border-radius:999px;cursor:pointer;user-select:none}
.toggle .n{font-weight:600}
.toggle.error .n{color:var(--error)}.toggle.warning .n{color:var(--warning)}.toggle.info .n{color:var(--info)}
.shown{margin-left:auto;color:var(--muted)}
.page{background:var(--panel);border:1px solid var(--line);border-radius:10px;margin-bottom:12px;box-shadow:var(--shadow);overflow:hidden}
.page>summary{display:flex;align-items:center;gap:8px;padding:10px 16px;cursor:pointer;font-weight:600;border-bottom:1px solid var(--line)}
.page:not([open])>summary{border-bottom:0}
.page .file{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:13px;margin-right:auto;word-break:break-all}
.page .open{font-weight:400;font-size:12px}
table{border-collapse:collapse;width:100%;table-layout:fixed}
col.c-loc{width:84px}col.c-sev{width:96px}col.c-rule{width:230px}
table.examples col.c-rule{width:90px}
th{text-align:left;font-size:11px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);padding:6px 16px;border-bottom:1px solid var(--line)}
td{padding:7px 16px;border-bottom:1px solid var(--line);vertical-align:top}
tr:last-child td{border-bottom:0}
td.loc{white-space:nowrap;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px}
tr.example[data-status=failed] .details{color:var(--failed)}
td.msg{white-space:pre-wrap;word-break:break-word}
td.rule{overflow:hidden;text-overflow:ellipsis;white-space:nowrap;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px}
td.num{white-space:nowrap;text-align:right;color:var(--muted)}
.details{display:flex;flex-wrap:wrap;gap:4px 14px;margin-top:4px;color:var(--muted);font-size:12px;white-space:normal}
.details b{font-weight:600}
.pill{display:inline-block;font-size:11px;font-weight:600;padding:1px 8px;border-radius:999px;color:#fff;white-space:nowrap}
.pill.error,.pill.failed{background:var(--error)}.pill.warning{background:var(--warning)}.pill.info{background:var(--info)}
.pill.passed{background:var(--passed)}.pill.skipped{background:var(--skipped)}
.clean{color:var(--muted);margin-top:16px}.clean ul{columns:3 260px;font-family:ui-monospace,monospace;font-size:12px}
[hidden]{display:none!important}
`;

export const HTML_SCRIPT = `
(function () {
  'use strict';
  document.body.classList.add('js');
  var form = document.getElementById('filters');
  if (!form) return;
  var rule = document.getElementById('filter-rule');
  var page = document.getElementById('filter-page');
  var text = document.getElementById('filter-text');
  var shown = document.getElementById('shown-count');
  var noMatch = document.getElementById('no-match');
  var toggles = Array.prototype.slice.call(form.querySelectorAll('input[name=severity]'));
  var findings = Array.prototype.slice.call(document.querySelectorAll('tr.finding'));
  var examples = Array.prototype.slice.call(document.querySelectorAll('tr.example'));
  var pages = Array.prototype.slice.call(document.querySelectorAll('details.page'));
  var bars = Array.prototype.slice.call(document.querySelectorAll('.chart-row'));

  function matchesText(row, q) {
    return !q || row.textContent.toLowerCase().indexOf(q) >= 0 || row.getAttribute('data-page').toLowerCase().indexOf(q) >= 0;
  }

  function apply() {
    var severities = {};
    toggles.forEach(function (t) { severities[t.value] = t.checked; });
    var q = text.value.trim().toLowerCase();
    var count = 0;
    findings.forEach(function (row) {
      var ok = severities[row.getAttribute('data-severity')] &&
        (!rule.value || row.getAttribute('data-rule') === rule.value) &&
        (!page.value || row.getAttribute('data-page') === page.value) &&
        matchesText(row, q);
      row.hidden = !ok;
      if (ok) count++;
    });
    var exampleCount = 0;
    examples.forEach(function (row) {
      var ok = !rule.value && (!page.value || row.getAttribute('data-page') === page.value) && matchesText(row, q);
      row.hidden = !ok;
      if (ok) exampleCount++;
    });
    pages.forEach(function (section) {
      var visible = section.querySelector('tr.finding:not([hidden]), tr.example:not([hidden])');
      section.hidden = !visible;
      Array.prototype.forEach.call(section.querySelectorAll('table'), function (table) {
        table.hidden = !table.querySelector('tbody tr:not([hidden])');
        var heading = table.previousElementSibling;
        if (heading && heading.tagName === 'H3') heading.hidden = table.hidden;
      });
    });
    bars.forEach(function (bar) {
      var select = bar.getAttribute('data-filter') === 'rule' ? rule : page;
      bar.classList.toggle('active', select.value === bar.getAttribute('data-value'));
    });
    shown.textContent = String(count);
    noMatch.hidden = count + exampleCount > 0;
  }

  form.addEventListener('input', apply);
  form.addEventListener('change', apply);
  form.addEventListener('submit', function (event) { event.preventDefault(); });
  // Reset by hand and filter at once (a reset event fires before the fields change, so it cannot filter itself).
  document.getElementById('filter-reset').addEventListener('click', function () {
    form.reset();
    apply();
  });
  bars.forEach(function (bar) {
    bar.addEventListener('click', function () {
      var select = bar.getAttribute('data-filter') === 'rule' ? rule : page;
      var value = bar.getAttribute('data-value');
      select.value = select.value === value ? '' : value;
      apply();
      form.scrollIntoView({ block: 'start' });
    });
  });
  apply();
})();
`;
