/**
 * Every command reads its inputs through one path (issue 9): with no paths, the config's `docs` globs relative to the
 * config, minus its `ignore` globs. `replay` and `mock` used to read `docs` relative to the working directory and
 * ignore `ignore`, so they replayed pages that `check` skipped.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { page, run, tempTree } from './scenarios.js';

describe('one input path for check and replay', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await tempTree({
      'docpact.config.json': JSON.stringify({ docs: ['pages'], ignore: ['pages/drafts/**'] }),
      'pages/kept.md': page({ name: 'kept_widget' }),
      'pages/drafts/skipped.md': page({ name: 'skipped_widget' }),
    });
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('should replay the pages check reads: the config docs, without the ignored ones', async () => {
    const replay = await run(dir, ['replay', '--no-jest', '--format', 'json', '--output', 'replay.json']);
    expect(replay.code).not.toBe(2);
    const report = JSON.parse(await readFile(join(dir, 'replay.json'), 'utf8')) as { examples: { name: string; file: string }[] };
    expect(report.examples.map((e) => `${e.file} ${e.name}`)).toEqual(['pages/kept.md kept_widget']);
    const check = await run(dir, ['check', '--format', 'json', '--output', 'check.json']);
    expect(check.code).not.toBe(2);
    // byFile lists only pages with findings; files counts every page checked.
    const checked = JSON.parse(await readFile(join(dir, 'check.json'), 'utf8')) as { summary: { files: number; byFile: Record<string, unknown> } };
    expect(checked.summary.files).toBe(1);
    expect(Object.keys(checked.summary.byFile).filter((f) => f !== 'pages/kept.md')).toEqual([]);
  });
});
