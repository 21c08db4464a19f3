import { describe, expect, it, beforeAll, afterAll } from '@jest/globals';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Diagnostic } from '../../core/diagnostic.js';
import { applyBaseline, createBaseline, readBaseline, serializeBaseline } from '../../cli/baseline.js';

function finding(file: string, line: number, ruleId: string, element: string | undefined, message = `Unexpected x on line ${line}`): Diagnostic {
  const point = { line, column: 3, offset: line * 40 };
  return { ruleId, severity: 'error', message, file, range: { start: point, end: point }, ...(element !== undefined && { element }) };
}

const cwd = '/repo';
const place = { cwd, baseDir: '/repo' };

describe('baseline', () => {
  it('should suppress a finding that moved to another line and keep one that is new', () => {
    const baseline = createBaseline([finding('docs/a.md', 10, 'example-type-mismatch', 'example:x#/a')], place);
    const result = applyBaseline(
      [finding('docs/a.md', 25, 'example-type-mismatch', 'example:x#/a'), finding('docs/a.md', 30, 'example-type-mismatch', 'example:x#/b')],
      baseline,
      place,
      ['docs/a.md'],
    );
    expect(result.kept.map((d) => d.element)).toEqual(['example:x#/b']);
    expect(result).toMatchObject({ suppressed: 1, fixed: [] });
  });

  it('should match findings without an element by their message with numbers stripped', () => {
    const baseline = createBaseline([finding('docs/a.md', 10, 'page-todo', undefined)], place);
    const result = applyBaseline([finding('docs/a.md', 12, 'page-todo', undefined)], baseline, place, ['docs/a.md']);
    expect(result.kept).toEqual([]);
    expect(baseline.entries[0].element).toBe('Unexpected x on line #');
  });

  it('should count identical findings: a third one is new, a missing second one is fixed', () => {
    const two = [finding('docs/a.md', 5, 'r', 'e'), finding('docs/a.md', 9, 'r', 'e')];
    const baseline = createBaseline(two, place);
    expect(baseline.entries).toHaveLength(1);
    expect(baseline.entries[0].count).toBe(2);
    const three = applyBaseline([...two, finding('docs/a.md', 14, 'r', 'e')], baseline, place, ['docs/a.md']);
    expect(three.kept.map((d) => d.range.start.line)).toEqual([14]);
    const one = applyBaseline([two[0]], baseline, place, ['docs/a.md']);
    expect(one).toMatchObject({ kept: [], suppressed: 1, fixed: [{ ruleId: 'r', file: 'docs/a.md', element: 'e' }] });
  });

  it('should not call entries of pages that were not checked fixed', () => {
    const baseline = createBaseline([finding('docs/a.md', 5, 'r', 'e'), finding('docs/b.md', 5, 'r', 'e')], place);
    const result = applyBaseline([], baseline, place, ['docs/a.md']);
    expect(result.fixed.map((f) => f.file)).toEqual(['docs/a.md']);
  });

  it('should keep file paths relative to the baseline file so another working directory still matches', () => {
    const baseline = createBaseline([finding('docs/a.md', 5, 'r', 'e')], { cwd: '/repo', baseDir: '/repo/ci' });
    expect(baseline.entries[0].file).toBe('../docs/a.md');
    const fromDocs = applyBaseline([finding('a.md', 7, 'r', 'e')], baseline, { cwd: '/repo/docs', baseDir: '/repo/ci' }, ['a.md']);
    expect(fromDocs).toMatchObject({ kept: [], suppressed: 1 });
  });

  it('should write the same bytes whatever order the findings come in', () => {
    const findings = [finding('docs/b.md', 1, 'r', 'e'), finding('docs/a.md', 2, 's', 'f'), finding('docs/a.md', 1, 'r', 'g'), finding('docs/a.md', 3, 'r', 'e')];
    const forward = serializeBaseline(createBaseline(findings, place));
    expect(serializeBaseline(createBaseline([...findings].reverse(), place))).toBe(forward);
    const parsed = JSON.parse(forward) as { version: number; entries: { file: string; ruleId: string }[] };
    expect(parsed.version).toBe(1);
    expect(parsed.entries.map((e) => `${e.file} ${e.ruleId}`)).toEqual(['docs/a.md r', 'docs/a.md r', 'docs/a.md s', 'docs/b.md r']);
  });
});

describe('readBaseline', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'docpact-baseline-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    { name: 'missing', text: undefined, fragment: 'baseline file not found; write it with `docpact baseline' },
    { name: 'not JSON', text: '{\n  "version": 1,,\n}', fragment: 'b.json:2:16: invalid JSON in the baseline' },
    { name: 'another version', text: '{ "version": 2, "entries": [] }', fragment: 'Unexpected baseline version 2, expected 1' },
    { name: 'a bad entry', text: '{ "version": 1, "entries": [{ "fingerprint": "x", "ruleId": "r", "file": "a.md", "count": 0 }] }', fragment: 'at /entries/0' },
  ])('should refuse a baseline that is $name', async ({ name, text, fragment }) => {
    const path = join(dir, name.replace(/\W/g, ''), 'b.json');
    if (text !== undefined) {
      await mkdir(join(path, '..'), { recursive: true });
      await writeFile(path, text);
    }
    await expect(readBaseline(path, dir)).rejects.toThrow(fragment);
  });
});
