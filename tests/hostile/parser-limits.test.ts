/**
 * Hostile input, items 4, 7 and 8 of issue 14: a page that stalls remark costs only its own budget
 * (`--page-timeout`, `extract/too-slow`) and every other page is still reported; Markdown and JSON nested past the
 * limits are findings at the line where the limit is passed; a lone CR ends a line like LF and CRLF do.
 */
import { describe, expect, it } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseFiles } from '../../extractor/parallel.js';
import { parsePage } from '../../extractor/page.js';
import { limitNesting, MAX_MARKDOWN_NESTING } from '../../extractor/nesting.js';
import { page, run, tempTree } from '../cli/scenarios.js';

// Slow by design (a pathological page runs until its budget ends, a worker is started and replaced); no timing is
// asserted, this only keeps Jest from giving up on a busy machine.
const SLOW = 180_000;
// Small, so the pathological pages (minutes without a budget) end quickly; the good page needs milliseconds.
const BUDGET = '2';

interface Finding {
  ruleId: string;
  file: string;
  range: { start: { line: number; column: number } };
  message: string;
}

/** A 40 KB line of `- - - … x`: 20,000 nested list items on one line. */
const DASHES = `# Dashes\n\n${'- '.repeat(20_000)}x\n`;
/** 80 KB of nested emphasis openers and closers (`*_*_…x…_*_*`). */
const STARS = `# Stars\n\n${'*_'.repeat(20_000)}x${'_*'.repeat(20_000)}\n`;
/** 2,000 lines of deepening block quotes (line k opens k quotes). */
const QUOTES = `# Quotes\n\n${Array.from({ length: 2000 }, (_, i) => `${'>'.repeat(i + 1)} x`).join('\n')}\n`;

/** The good page has one known finding: a trailing comma in its request body. */
const GOOD = page({ requestBody: '{ "displayName": "Blue", }' });

async function check(files: Record<string, string>, args: readonly string[] = []): Promise<{ code: number; findings: Finding[] }> {
  const dir = await tempTree(files);
  const result = await run(dir, ['check', 'docs', '--format', 'json', '--no-cache', '--quiet', ...args]);
  expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
  if (result.stdout.trim() === '') throw new Error(`no report on stdout (exit ${result.code}); stderr: ${result.stderr}`);
  return { code: result.code, findings: (JSON.parse(result.stdout) as { diagnostics: Finding[] }).diagnostics };
}

const brief = (f: Finding): string => `${f.file}:${f.range.start.line}:${f.range.start.column} ${f.ruleId}`;

describe('a pathological page next to a good one', () => {
  it.each([
    ['a 40 KB line of "- - - … x"', DASHES],
    ['80 KB of nested *_', STARS],
    ['2,000 lines of deepening >', QUOTES],
  ])('should report %s as one finding on that page and still give the good page its findings', async (_label, bad) => {
    const alone = await check({ 'docs/good.md': GOOD }, ['--page-timeout', BUDGET]);
    expect(alone.findings.map((f) => [f.ruleId, f.range.start.line])).toEqual([['example-json-invalid', 33]]);

    const mixed = await check({ 'docs/good.md': GOOD, 'docs/bad.md': bad }, ['--page-timeout', BUDGET]);
    expect(mixed.code).toBe(1);
    expect(mixed.findings.filter((f) => f.file === 'docs/good.md').map(brief)).toEqual(alone.findings.map(brief));
    const onBad = mixed.findings.filter((f) => f.file === 'docs/bad.md' && f.ruleId.startsWith('extract/'));
    expect(onBad).toHaveLength(1);
    // Which one depends on the machine's speed: the depth guard makes some of them fast enough to parse.
    expect(['extract/too-slow', 'extract/nesting-too-deep']).toContain(onBad[0].ruleId);
    if (onBad[0].ruleId === 'extract/too-slow') {
      expect(onBad[0].range.start).toEqual({ line: 1, column: 1, offset: 0 });
      expect(onBad[0].message).toContain('--page-timeout');
    }
  }, SLOW);

  it('should terminate and replace the worker on a page past its budget, and parse the rest of its chunk', async () => {
    const dir = await tempTree({ 'a.md': GOOD, 'b.md': STARS, 'c.md': GOOD, 'd.md': GOOD });
    // Four files, two workers: one chunk of four for one worker, so c.md and d.md need the replacement.
    const { pages, diagnostics } = await parseFiles(['a.md', 'b.md', 'c.md', 'd.md'], { cwd: dir, workers: 2, minFilesPerWorker: 0, pageTimeout: Number(BUDGET) });
    expect(pages.map((p) => p.file)).toEqual(['a.md', 'c.md', 'd.md']);
    expect(pages.every((p) => p.examples.length === 2)).toBe(true);
    expect(diagnostics.map((d) => [d.file, d.ruleId, d.range.start.line, d.range.start.column])).toEqual([['b.md', 'extract/too-slow', 1, 1]]);
  }, SLOW);

  it('should refuse a --page-timeout that is not a number of seconds (exit 2)', async () => {
    const dir = await tempTree({ 'docs/good.md': GOOD });
    const result = await run(dir, ['check', 'docs', '--page-timeout', 'soon']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--page-timeout');
  });
});

describe('Markdown nesting limit', () => {
  it.each([
    ['list items', `# T\n\nText.\n\n${'- '.repeat(40)}x\n`, 5, 1 + 2 * MAX_MARKDOWN_NESTING],
    ['block quotes', `# T\n\n${'> '.repeat(40)}x\n`, 3, 1 + 2 * MAX_MARKDOWN_NESTING],
    ['deepening block quotes', `# T\n\n${Array.from({ length: 50 }, (_, i) => `${'>'.repeat(i + 1)} x`).join('\n')}\n`, 3 + MAX_MARKDOWN_NESTING, MAX_MARKDOWN_NESTING + 1],
  ])('should report %s nested past the limit at the marker that passes it, and keep every offset', (_label, text, line, column) => {
    const limited = limitNesting('x.md', text);
    expect(limited.text).toHaveLength(text.length);
    expect(limited.text.split('\n').length).toBe(text.split('\n').length);
    expect(limited.diagnostics.map((d) => [d.ruleId, d.range.start.line, d.range.start.column])).toEqual([['extract/nesting-too-deep', line, column]]);
    const parsed = parsePage('x.md', text);
    expect(parsed.title?.text).toBe('T');
    expect(parsed.diagnostics.map((d) => d.ruleId)).toContain('extract/nesting-too-deep');
  });

  it.each([
    ['nested lists of a real page', '- a\n  - b\n    - c\n      1. d\n'],
    ['a thematic break of many stars', `${'* '.repeat(60)}\n`],
    ['a quoted list', '> - a\n> - b\n'],
  ])('should leave %s alone', (_label, text) => {
    const limited = limitNesting('x.md', text);
    expect(limited.diagnostics).toEqual([]);
    expect(limited.text).toBe(text);
  });
});

describe('deep JSON bodies', () => {
  const deep = (depth: number): string => `{"value": ${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`;

  it.each([2000, 10_000])('should report JSON nested %i deep at the bracket past 64 levels, and keep the page in check and openapi', async (depth) => {
    const files = { 'docs/deep.md': page({ requestBody: deep(depth) }) };
    const { findings } = await check(files);
    // Line 33 holds the body; `{"value": ` is 10 characters, and the 64th `[` opens level 65.
    expect(findings.map(brief)).toEqual(['docs/deep.md:33:74 example-json-too-deep']);
    expect(findings[0].message).toContain('deeper than 64 levels');

    const dir = await tempTree(files);
    const result = await run(dir, ['openapi', 'docs', '--out', 'openapi.json']);
    expect(result.code).toBe(0);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    const doc = JSON.parse(await readFile(join(dir, 'openapi.json'), 'utf8')) as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(doc.paths)).toEqual(['/widgets']);
    expect(Object.keys(doc.paths['/widgets'])).toContain('post');
  }, SLOW);

  it('should still read JSON nested 64 deep', () => {
    const parsed = parsePage('x.md', page({ requestBody: deep(64) }));
    expect(parsed.examples[0].request?.body.kind).toBe('json');
  });
});

describe('line endings', () => {
  const BROKEN = page({ requestBody: '{ "displayName": "Blue", }' });

  it.each([
    ['lone CR', '\r'],
    ['CRLF', '\r\n'],
    ['LF', '\n'],
  ])('should read the request example of a %s page and put its findings on the right lines', async (_label, eol) => {
    const text = BROKEN.replace(/\n/g, eol);
    const parsed = parsePage('x.md', text);
    expect(parsed.examples.map((e) => [e.role, e.name ?? '', e.code.range.start.line])).toEqual([
      ['request', 'create_widget', 29],
      ['response', '', 39],
    ]);
    expect(parsed.examples[0].request?.path).toBe('/widgets');
    expect(parsed.examples[0].request?.headers.map((h) => [h.name, h.value, h.range.start.line])).toEqual([['Content-Type', 'application/json', 31]]);
    const { findings } = await check({ 'docs/a.md': text });
    expect(findings.map((f) => [f.ruleId, f.range.start.line])).toEqual([['example-json-invalid', 33]]);
    // The same line and column as the LF page.
    const lf = await check({ 'docs/a.md': BROKEN });
    expect(findings.map(brief)).toEqual(lf.findings.map(brief));
  });
});
