/**
 * Opens the HTML report in a real headless browser (Debian's chromium through playwright-core, see
 * ../shared/TOOLCHAIN.md) and checks what a person sees: the counts, the filters, and that doc content
 * cannot run script. Run by `npm run test:browser`; `.ci/run` installs chromium first.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import type { Diagnostic, Severity } from '../../core/diagnostic.js';
import { html } from '../../reports/html.js';
import { writeReportSet } from '../../reports/index.js';
import type { RunReport } from '../../reports/types.js';
import { ROOT } from '../helpers/paths.js';
import { PAGE_A, PAGE_B, REPORT, SECRET } from './fixture.js';

const CHROMIUM = '/usr/bin/chromium';
const OUT = join(ROOT, 'out', 'reports-browser');

// The fixture plus a spread of findings over more rules and pages, so the charts have something to show.
const EXTRA_RULES: [string, Severity][] = [
  ['example-format-mismatch', 'error'],
  ['link-missing-target', 'warning'],
  ['table-ragged', 'warning'],
  ['http-status-line', 'error'],
  ['property-undocumented', 'info'],
];
const extra: Diagnostic[] = EXTRA_RULES.flatMap(([ruleId, severity], i) =>
  Array.from({ length: 1 + ((i * 3) % 5) }, (_, k) => ({
    ruleId,
    severity,
    message: `Unexpected value number ${k + 1} for ${ruleId}, expected the documented one: fix the example`,
    file: `docs/api/v1.0/resource-${(i + k) % 4}.md`,
    range: { start: { line: 10 + k * 7, column: 3, offset: 0 }, end: { line: 10 + k * 7, column: 18, offset: 0 } },
    url: `https://docpact.dev/rules/${ruleId}`,
  })),
);
const DEMO: RunReport = {
  ...REPORT,
  files: [...REPORT.files, ...[0, 1, 2, 3, 4].map((i) => `docs/api/v1.0/resource-${i}.md`)],
  diagnostics: [...REPORT.diagnostics, ...extra],
};
const count = (severity?: Severity) => DEMO.diagnostics.filter((d) => !severity || d.severity === severity).length;

describe('the HTML report in a headless browser', () => {
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
    const file = join(OUT, 'report.html');
    await writeReportSet([{ path: file, content: html(DEMO, { secrets: [SECRET], cwd: ROOT, outputDir: OUT }) }]);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    // A CSP violation, a script error or an alert() from doc content would all show up here.
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('dialog', (d) => {
      problems.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    await page.goto(pathToFileURL(file).href);
  });

  afterAll(async () => {
    await browser?.close();
  });

  const text = (selector: string) => page.locator(selector).innerText();
  const visibleFindings = () => page.locator('tr.finding:visible').count();

  it('should load without script errors, CSP violations or dialogs', async () => {
    await expect(page.locator('body.js').count()).resolves.toBe(1);
    expect(problems).toEqual([]);
  });

  it.each([
    ['#count-total', undefined],
    ['#count-error', 'error'],
    ['#count-warning', 'warning'],
    ['#count-info', 'info'],
  ] as const)('should show %s as counted in the report', async (selector, severity) => {
    await expect(text(selector)).resolves.toBe(String(count(severity)));
  });

  it('should show every finding, the example results and a bar per rule', async () => {
    await expect(visibleFindings()).resolves.toBe(count());
    await expect(text('#shown-count')).resolves.toBe(String(count()));
    await expect(page.locator('tr.example:visible').count()).resolves.toBe(3);
    await expect(text('#count-skipped')).resolves.toBe('1');
    await expect(page.locator('.chart-row[data-filter=rule]').count()).resolves.toBe(new Set(DEMO.diagnostics.map((d) => d.ruleId)).size);
    // Doc content is shown as text.
    await expect(page.locator('td.msg', { hasText: '<script>alert("x")</script>' }).count()).resolves.toBe(1);
  });

  it('should screenshot the report for a person to look at', async () => {
    await page.screenshot({ path: join(OUT, 'report.png'), fullPage: true });
    expect(existsSync(join(OUT, 'report.png'))).toBe(true);
  });

  it('should hide errors when the error toggle is off and show them again when it is on', async () => {
    await page.locator('input[name=severity][value=error]').uncheck();
    await expect(visibleFindings()).resolves.toBe(count() - count('error'));
    await expect(page.locator('tr.finding[data-severity=error]:visible').count()).resolves.toBe(0);
    await expect(text('#shown-count')).resolves.toBe(String(count() - count('error')));
    await page.locator('input[name=severity][value=error]').check();
    await expect(visibleFindings()).resolves.toBe(count());
  });

  it.each([
    ['rule', '#filter-rule', 'page-todo', (d: Diagnostic) => d.ruleId === 'page-todo'],
    ['page', '#filter-page', PAGE_B, (d: Diagnostic) => d.file === PAGE_B],
  ])('should show only the findings of the selected %s', async (_kind, selector, value, keep) => {
    await page.selectOption(selector, value);
    await expect(visibleFindings()).resolves.toBe(DEMO.diagnostics.filter(keep).length);
    await page.selectOption(selector, '');
    await expect(visibleFindings()).resolves.toBe(count());
  });

  it('should filter by free text and hide pages left without a match', async () => {
    await page.fill('#filter-text', '@odata.type');
    await expect(visibleFindings()).resolves.toBe(1);
    await expect(page.locator(`details.page[data-page="${PAGE_A}"]`).isVisible()).resolves.toBe(false);
    await page.screenshot({ path: join(OUT, 'report-filtered.png') });
    await page.fill('#filter-text', 'no such words anywhere');
    await expect(page.locator('#no-match').isVisible()).resolves.toBe(true);
    await page.click('#filter-reset');
    await expect(visibleFindings()).resolves.toBe(count());
  });

  it('should filter by rule when its bar in the chart is clicked', async () => {
    await page.click('.chart-row[data-filter=rule][data-value="example-format-mismatch"]');
    await expect(page.inputValue('#filter-rule')).resolves.toBe('example-format-mismatch');
    await expect(visibleFindings()).resolves.toBe(DEMO.diagnostics.filter((d) => d.ruleId === 'example-format-mismatch').length);
    await page.click('#filter-reset');
  });

  it('should link each finding to its line, relative to the report folder', async () => {
    const href = await page.locator(`tr.finding[data-page="${PAGE_A}"] td.loc a`).first().getAttribute('href');
    expect(href).toBe('../../docs/api/a.md#L3');
    expect(problems).toEqual([]);
  });
});
