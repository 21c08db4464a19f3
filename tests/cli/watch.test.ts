import { afterAll, describe, expect, it, jest } from '@jest/globals';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { watchAndRun, watchRoots } from '../../cli/watch.js';
import { tempTree } from './scenarios.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

/**
 * A run callback for watchAndRun that counts its calls, and `started(n)`: a promise resolved when call n begins.
 * The tests wait on these events, never on the clock; a run that never comes fails on Jest's test timeout.
 */
function counted(result: (call: number) => number) {
  let calls = 0;
  const waiting = new Map<number, () => void>();
  return {
    run: async (): Promise<number> => {
      calls += 1;
      waiting.get(calls)?.();
      return result(calls);
    },
    started: (call: number): Promise<void> => (call <= calls ? Promise.resolve() : new Promise<void>((resolve) => waiting.set(call, resolve))),
  };
}

/**
 * Resolves once the first run has returned and watchAndRun has gone on: it starts its watchers synchronously
 * when that run's promise settles, so one turn of the event loop later they are in place and a write is seen.
 */
async function watching(first: Promise<void>): Promise<void> {
  await first;
  await new Promise((resolve) => setImmediate(resolve));
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
    const runs = counted((call) => codes[call - 1] ?? 0);
    const seen: string[][] = [];
    const stop = new AbortController();
    const done = watchAndRun([join(dir, 'docs')], runs.run, {
      signal: stop.signal,
      debounceMs: 50,
      onChange: (files) => seen.push(files.map((f) => f.slice(dir.length + 1))),
    });
    await watching(runs.started(1));
    await writeFile(join(dir, 'docs/notes.txt'), 'not a page');
    await writeFile(join(dir, 'docs/new.md'), '# New\n');
    await runs.started(2);
    stop.abort();
    expect(await done).toBe(0);
    expect(seen).toEqual([['docs/new.md']]);
  });

  it('should keep watching when a re-run throws', async () => {
    const dir = await tempTree({ 'docs/page.md': '# A\n' });
    dirs.push(dir);
    const runs = counted((call) => {
      if (call === 2) throw new Error('config is half-written');
      return 0;
    });
    // The watch reports a failed re-run on stderr: that line is the event that says it has handled the failure.
    let reported!: () => void;
    const failureReported = new Promise<void>((resolve) => (reported = resolve));
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      if (String(chunk).includes('config is half-written')) reported();
      return true;
    });
    try {
      const stop = new AbortController();
      const done = watchAndRun([join(dir, 'docs')], runs.run, { signal: stop.signal, debounceMs: 30, onChange: () => undefined });
      await watching(runs.started(1));
      await writeFile(join(dir, 'docs/page.md'), '# B\n');
      await failureReported;
      await writeFile(join(dir, 'docs/page.md'), '# C\n');
      await runs.started(3);
      stop.abort();
      expect(await done).toBe(0);
    } finally {
      stderr.mockRestore();
    }
  });
});
