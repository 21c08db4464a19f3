/**
 * The doc set's state records which directories its disk answers were read from (engine/disk-state.ts), so a run over
 * an unchanged doc set asks none of them again. These tests hold it to asking again whenever an answer can have
 * moved: an asked name appearing, a case-only rename, a busy folder recorded by its stat alone, and, end to end, a
 * link target appearing on disk while the working directory's own stat moves with every report written into it.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DiskQuestions, passesThrough } from '../../engine/disk-state.js';
import type { DiskQuestion } from '../../engine/disk-state.js';
import type { AnalyzeOptions } from '../../engine/analyze.js';
import { analyze } from '../../engine/analyze.js';
import { copyOfDocs } from '../helpers/docs-copy.js';

let cwd: string;
beforeAll(() => {
  cwd = mkdtempSync(join(tmpdir(), 'docpact-disk-'));
});
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

/** Asks `paths` against a fresh tree state; returns the questions with their answers and the directory records. */
function record(paths: readonly string[]): { questions: DiskQuestion[]; disk: DiskQuestions } {
  const disk = new DiskQuestions(cwd, []);
  return { questions: paths.map((path) => [path, disk.answer(path)] as const), disk };
}

/** Far enough ahead that every stat counts as settled: only the stats and names decide. */
const LATER = (): number => Date.now() + 60_000;

describe('the directories behind the disk answers', () => {
  it('should find nothing changed when nothing changed, and say which directory a new asked name appeared in', () => {
    mkdirSync(join(cwd, 'a/includes'), { recursive: true });
    writeFileSync(join(cwd, 'a/includes/one.md'), 'one\n');
    const { questions, disk } = record(['a/includes/one.md', 'a/includes/two.md']);
    expect(questions.map(([, answer]) => JSON.parse(answer).exists)).toEqual([true, false]);
    const records = disk.records();
    expect(records.map(([dir]) => dir).sort()).toEqual(['.', 'a', 'a/includes']);
    expect(new DiskQuestions(cwd, []).changed(records, LATER())).toEqual(new Set());
    writeFileSync(join(cwd, 'a/includes/two.md'), 'two\n');
    expect(new DiskQuestions(cwd, []).changed(records, LATER())).toEqual(new Set(['a/includes']));
    rmSync(join(cwd, 'a/includes/two.md'));
  });

  it('should keep a directory whose stat moved when the names looked up in it list the same', () => {
    const { disk } = record(['a/includes/one.md']);
    const records = disk.records();
    // A file nobody asked about: the folder's stat moves, its asked names do not.
    writeFileSync(join(cwd, 'a/includes/unrelated.txt'), 'x\n');
    expect(new DiskQuestions(cwd, []).changed(records, LATER())).toEqual(new Set());
    // A stat too recent to tell (recorded after the state's time) is checked the same way.
    expect(new DiskQuestions(cwd, []).changed(records, 0)).toEqual(new Set());
    rmSync(join(cwd, 'a/includes/unrelated.txt'));
  });

  it('should notice a case-only rename of a folder on the way', () => {
    const { questions, disk } = record(['a/includes/one.md']);
    renameSync(join(cwd, 'a/includes'), join(cwd, 'a/Includes'));
    try {
      // `a` lists another name for "includes"; the folder as recorded is gone.
      expect([...new DiskQuestions(cwd, []).changed(disk.records(), LATER())].sort()).toEqual(['a', 'a/includes']);
      expect(new DiskQuestions(cwd, []).agree(questions)).toBe(false);
    } finally {
      renameSync(join(cwd, 'a/Includes'), join(cwd, 'a/includes'));
    }
  });

  it('should record a folder where many names were looked up by its stat alone, and call it changed when that moves', () => {
    mkdirSync(join(cwd, 'snippets'), { recursive: true });
    const many = Array.from({ length: 100 }, (_, i) => `snippets/s${i}.md`);
    const { disk } = record(many);
    const records = disk.records();
    expect(records.find(([dir]) => dir === 'snippets')?.[3]).toBeUndefined();
    expect(records.find(([dir]) => dir === '.')?.[3]).toEqual([['snippets', ['snippets']]]);
    writeFileSync(join(cwd, 'snippets/other.txt'), 'x\n');
    expect(new DiskQuestions(cwd, []).changed(records, LATER())).toEqual(new Set(['snippets']));
  });

  it('should tell which questions pass through a directory', () => {
    expect(passesThrough('a/includes/x.md', '.')).toBe(true);
    expect(passesThrough('a/includes/x.md', 'a/includes')).toBe(true);
    expect(passesThrough('A/Includes/x.md', 'a/includes')).toBe(true);
    expect(passesThrough('a/./includes/x.md', 'a/includes')).toBe(true);
    expect(passesThrough('a/includes-old/x.md', 'a/includes')).toBe(false);
    expect(passesThrough('b/x.md', 'a')).toBe(false);
  });
});

describe('a run over the doc set\'s state', () => {
  const GET = 'docs/api-reference/beta/api/accesspackageassignment-get.md';
  let root: string;
  let files: string[];
  beforeAll(async () => {
    ({ dir: root, files } = await copyOfDocs('docpact-disk-run-'));
    writeFileSync(join(root, GET), `${readFileSync(join(root, GET), 'utf8')}\nSee [the notes](later-notes.txt).\n`);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const check = (extra: Partial<AnalyzeOptions> = {}) =>
    analyze({ cwd: root, files, rules: {}, configText: '{}', version: 'test-disk', workers: 1, pages: false, settledMs: 0, ...extra });

  it('should ask no disk question again while no directory changed, even with a report written beside the docs', async () => {
    await check();
    writeFileSync(join(root, 'report.json'), '{}');
    const again = await check();
    expect(again.stats).toMatchObject({ parsed: 0, checked: 0, asked: 0 });
    expect(again.diagnostics.some((d) => d.file === GET && d.message.includes('later-notes.txt'))).toBe(true);
  });

  it('should ask again, and find the link target that appeared, once its folder changed', async () => {
    await check();
    writeFileSync(join(root, GET.replace(/[^/]+$/, 'later-notes.txt')), 'notes\n');
    const after = await check();
    expect(after.stats.asked).toBeGreaterThan(0);
    expect(after.stats).toMatchObject({ parsed: 0, checked: 1 });
    expect(after.diagnostics.some((d) => d.file === GET && d.message.includes('later-notes.txt'))).toBe(false);
    // Recorded again: the next run asks nothing.
    expect((await check()).stats).toMatchObject({ checked: 0, asked: 0 });
  });
});
