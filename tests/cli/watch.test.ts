import { afterAll, describe, expect, it } from '@jest/globals';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { watchAndRun, watchRoots } from '../../cli/watch.js';
import { tempTree } from './scenarios.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

/** Resolves once `condition` holds, checking on every tick of the event loop's timers. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setTimeout(r, 20));
}

describe('watch mode', () => {
  it('should watch the longest existing folder of each path or glob', async () => {
    const dir = await tempTree({ 'docs/a/page.md': '# A\n' });
    dirs.push(dir);
    expect(watchRoots(['docs/a/page.md', 'docs/**/*.md', 'missing/x.md'], dir)).toEqual([dir, join(dir, 'docs'), join(dir, 'docs/a')].sort());
    expect(watchRoots([], dir)).toEqual([join(dir, 'docs')]);
  });

  it('should run again after a page changes, ignore other files, and stop on abort with the last exit code', async () => {
    const dir = await tempTree({ 'docs/page.md': '# A\n' });
    dirs.push(dir);
    const codes = [1, 0, 1];
    let runs = 0;
    const seen: string[][] = [];
    const stop = new AbortController();
    const done = watchAndRun([join(dir, 'docs')], async () => codes[runs++] ?? 0, {
      signal: stop.signal,
      debounceMs: 50,
      onChange: (files) => seen.push(files.map((f) => f.slice(dir.length + 1))),
    });
    await until(() => runs === 1);
    await writeFile(join(dir, 'docs/notes.txt'), 'not a page');
    await writeFile(join(dir, 'docs/new.md'), '# New\n');
    await until(() => runs === 2);
    stop.abort();
    expect(await done).toBe(0);
    expect(seen).toEqual([['docs/new.md']]);
  });

  it('should keep watching when a re-run throws', async () => {
    const dir = await tempTree({ 'docs/page.md': '# A\n' });
    dirs.push(dir);
    let runs = 0;
    const stop = new AbortController();
    const done = watchAndRun([join(dir, 'docs')], async () => {
      runs += 1;
      if (runs === 2) throw new Error('config is half-written');
      return 0;
    }, { signal: stop.signal, debounceMs: 30, onChange: () => undefined });
    await until(() => runs === 1);
    await writeFile(join(dir, 'docs/page.md'), '# B\n');
    await until(() => runs === 2);
    await new Promise((r) => setTimeout(r, 100));
    await writeFile(join(dir, 'docs/page.md'), '# C\n');
    await until(() => runs === 3);
    stop.abort();
    expect(await done).toBe(0);
  });
});
