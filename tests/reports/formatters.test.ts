import { describe, expect, it } from '@jest/globals';
import { FORMAT_NAMES, FORMATTERS } from '../../reports/index.js';
import type { FormatName } from '../../reports/index.js';
import { escapeData, escapeProperty } from '../../reports/github.js';
import { escapeHtml, fileHref } from '../../reports/html.js';
import { escapeMarkdown } from '../../reports/markdown.js';
import { BEARER, CLEAN_REPORT, EXPECTED, PAGE_A, PAGE_B, REPORT, SECRET } from './fixture.js';

const OPTIONS = { secrets: [SECRET] };
const render = (name: FormatName, report = REPORT, options = {}) => FORMATTERS[name](report, { ...OPTIONS, ...options });

describe('every formatter', () => {
  it.each(FORMAT_NAMES.map((name) => [name]))('%s should never print the bearer token or a listed secret', (name) => {
    const out = render(name);
    expect(out).not.toContain(BEARER);
    expect(out).not.toContain(SECRET);
    // Markdown escapes the brackets.
    expect(out).toMatch(/\\?\[REDACTED\\?\]/);
  });

  it.each(FORMAT_NAMES.map((name) => [name]))('%s should be a pure function of its input', (name) => {
    expect(render(name)).toBe(render(name));
  });

  it.each(FORMAT_NAMES.map((name) => [name]))('%s should render a clean run without findings', (name) => {
    const out = render(name, CLEAN_REPORT);
    expect(out.length).toBeGreaterThan(0);
    expect(out).not.toContain('example-type-mismatch');
  });
});

describe('stylish', () => {
  it('should group findings by file as line:col  severity  message  rule-id, sorted by position', () => {
    const lines = render('stylish').split('\n');
    const a = lines.indexOf(PAGE_A);
    const b = lines.indexOf(PAGE_B);
    expect(a).toBeGreaterThanOrEqual(0);
    expect(b).toBeGreaterThan(a);
    expect(lines[a + 1]).toMatch(/^ {2}3:1 {3}warning {2}Unexpected 'TODO' at 50%, expected: a description {2}page-todo$/);
    // The second line of a multi-line message stays under the message column.
    expect(lines[a + 2]).toMatch(/^ {17}write one, then remove the placeholder$/);
    expect(lines[a + 3]).toMatch(/^ {2}12:5 {2}error {4}Unexpected "Boolean" .* {2}example-type-mismatch$/);
  });

  it.each([
    [{ color: false }, false],
    [{ color: true }, true],
    [{}, false],
  ])('should use colour only when asked (%j)', (options, coloured) => {
    expect(render('stylish', REPORT, options).includes('\u001b[')).toBe(coloured);
  });

  it('should end with a summary line that counts every severity and example status', () => {
    const last = render('stylish').trimEnd().split('\n').at(-1);
    expect(last).toBe('✖ 5 problems (2 errors, 2 warnings, 1 info) in 2 files of 3; examples: 1 passed, 1 failed, 1 skipped');
    expect(render('stylish', CLEAN_REPORT).trim()).toBe('✔ 0 problems (0 errors, 0 warnings, 0 infos) in 0 files of 1');
  });

  it('should neutralise terminal escape sequences from doc content', () => {
    const report = { ...CLEAN_REPORT, diagnostics: [{ ...REPORT.diagnostics[1], message: 'bad \u001b[2J clear' }] };
    expect(render('stylish', report)).toContain('bad \\u001b[2J clear');
  });
});

describe('json', () => {
  const parsed = JSON.parse(render('json')) as {
    diagnostics: Record<string, unknown>[];
    summary: Record<string, unknown>;
    examples: Record<string, unknown>[];
  };

  it('should write diagnostics with keys in the documented order', () => {
    expect(Object.keys(parsed)).toEqual(['tool', 'command', 'diagnostics', 'summary', 'rules', 'examples']);
    const typeMismatch = parsed.diagnostics.find((d) => d.ruleId === 'example-type-mismatch');
    expect(Object.keys(typeMismatch ?? {})).toEqual(['ruleId', 'severity', 'message', 'file', 'range', 'pointer', 'expected', 'actual', 'url', 'element']);
    const info = parsed.diagnostics.find((d) => d.severity === 'info');
    expect(Object.keys(info ?? {})).toEqual(['ruleId', 'severity', 'message', 'file', 'range', 'related', 'url']);
    expect(info?.url).toBeNull();
  });

  it('should keep odd characters intact and sort findings by file and position', () => {
    expect(parsed.diagnostics.map((d) => `${d.file as string}:${(d.range as { start: { line: number } }).start.line}`)).toEqual([
      `${PAGE_A}:3`,
      `${PAGE_A}:12`,
      `${PAGE_B}:7`,
      `${PAGE_B}:20`,
      `${PAGE_B}:30`,
    ]);
    expect(parsed.diagnostics[1].message).toBe(REPORT.diagnostics[1].message);
  });

  it('should summarise counts per severity, rule, file and example status', () => {
    expect(parsed.summary).toMatchObject({
      files: EXPECTED.files,
      filesWithFindings: EXPECTED.filesWithFindings,
      total: EXPECTED.total,
      errors: EXPECTED.errors,
      warnings: EXPECTED.warnings,
      infos: EXPECTED.infos,
      failed: true,
      examples: EXPECTED.examples,
      byRule: { 'page-todo': { error: 0, warning: 2, info: 0 } },
    });
    expect(parsed.examples).toHaveLength(3);
  });
});

describe('github', () => {
  it.each([
    ['a,b:c', 'a%2Cb%3Ac'],
    ['50%\r\nx', '50%25%0D%0Ax'],
    ['%0A', '%250A'],
  ])('should escape the property %j as %j', (input, expected) => {
    expect(escapeProperty(input)).toBe(expected);
  });

  it('should escape only %, CR and LF in messages', () => {
    expect(escapeData('a,b: 5%\nnext')).toBe('a,b: 5%25%0Anext');
  });

  it('should print one command per finding with the severity mapped to error, warning or notice', () => {
    const lines = render('github').trimEnd().split('\n');
    expect(lines.filter((l) => l.startsWith('::error ')).map((l) => /line=(\d+)/.exec(l)?.[1])).toEqual(['12', '20', '60']);
    expect(lines.filter((l) => l.startsWith('::warning '))).toHaveLength(2);
    expect(lines.filter((l) => l.startsWith('::notice '))).toHaveLength(1);
    expect(lines).toContain(
      '::error file=docs/api/a.md,line=12,col=5,endLine=12,endColumn=20,title=example-type-mismatch::' +
        'Unexpected "Boolean" at <script>alert("x")</script>, expected a boolean: write true or false%0A(at /isExtended, expected boolean, actual "Boolean")',
    );
    // The comma in the file name must not end the property, nor `%20` be decoded into a space.
    expect(lines.some((l) => l.startsWith('::notice file=docs/api/b%2C c%2520d.md,line=7,'))).toBe(true);
    // Every command stays on one line.
    expect(lines.filter((l) => l.startsWith('::'))).toHaveLength(6);
  });
});

describe('markdown', () => {
  it.each([
    ['<script>', '&lt;script&gt;'],
    ['a | b', 'a \\| b'],
    ['line\nnext', 'line<br>next'],
    ['@odata.type', '&#64;odata.type'],
    ['[x](javascript:y)', '\\[x\\]\\(javascript:y\\)'],
  ])('should escape %j in a table cell as %j', (input, expected) => {
    expect(escapeMarkdown(input)).toBe(expected);
  });

  it('should show totals, a table per rule and line links per file', () => {
    const out = render('markdown');
    expect(out).toContain('**5 findings** in 2 files of 3');
    expect(out).toContain('| [`page-todo`](https://docpact.dev/rules/page-todo) | 0 | 2 | 0 |');
    expect(out).toContain('[12:5](docs/api/a.md#L12)');
    expect(out).toContain('[7:3](docs/api/b%2C%20c%2520d.md#L7)');
    expect(out).not.toContain('<script>');
    expect(out).toContain('<details><summary>Examples that did not pass: 2</summary>');
  });

  it('should stay under GitHub\'s comment size limit on a large run', () => {
    const many = REPORT.diagnostics.flatMap((d) => Array.from({ length: 400 }, (_, i) => ({ ...d, file: `docs/p${i}.md` })));
    const out = render('markdown', { ...REPORT, diagnostics: many });
    expect(out.length).toBeLessThan(65536);
    expect(out).toContain('…and 350 more files with findings; see the full report.');
  });

  it('should cut each file to maxPerFile findings and prefix links with linkBase', () => {
    const out = render('markdown', REPORT, { maxPerFile: 1, linkBase: 'https://github.com/o/r/blob/abc/' });
    expect(out).toContain('…and 2 more in this file.');
    expect(out).toContain('(https://github.com/o/r/blob/abc/docs/api/a.md#L3)');
    expect(out).not.toContain('#L12)');
  });
});

describe('html', () => {
  const out = render('html');

  it('should escape doc content everywhere, so no markup from a page reaches the DOM', () => {
    expect(out).not.toContain('<script>alert');
    expect(out).not.toContain('get_x <b>');
    expect(out).toContain('get_x &lt;b&gt;');
    expect(out).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(out.match(/<script>/g)).toHaveLength(1);
    expect(escapeHtml(`"'<>&`)).toBe('&quot;&#39;&lt;&gt;&amp;');
  });

  it('should be self-contained, with a CSP that allows only its own script', () => {
    expect(out).not.toMatch(/<(link|img|iframe|object|embed)\b|\ssrc=|url\(/i);
    expect(out).toMatch(/Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-[A-Za-z0-9+/]+=*'/);
  });

  it.each([
    [PAGE_A, 12, {}, './docs/api/a.md#L12'],
    [PAGE_B, 7, {}, './docs/api/b%2C%20c%2520d.md#L7'],
    [PAGE_A, 3, { cwd: '/repo', outputDir: '/repo/out/reports' }, '../../docs/api/a.md#L3'],
    ['javascript:alert(1).md', 1, {}, './javascript%3Aalert(1).md#L1'],
  ])('should link %s line %d relative to the report folder (%j)', (file, line, options, expected) => {
    expect(fileHref(file, line, options)).toBe(expected);
  });

  it('should show the counts of the report', () => {
    expect(out).toContain(`<div class="value" id="count-total">${EXPECTED.total}</div>`);
    expect(out).toContain(`<div class="value" id="count-error">${EXPECTED.errors}</div>`);
    expect(out).toContain(`<div class="value" id="count-failed">${EXPECTED.examples.failed}</div>`);
    expect(out.match(/<tr class="finding"/g)).toHaveLength(EXPECTED.total);
    expect(out.match(/<tr class="example"/g)).toHaveLength(EXPECTED.examples.total);
  });
});
