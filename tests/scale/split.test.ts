/**
 * How work is split: pages over worker threads (same result and order as one thread), pages over CI shards
 * (a stable partition), and when a progress bar may be drawn.
 */
import { describe, expect, it } from '@jest/globals';
import { loadPages } from '../../extractor/load.js';
import { loadPagesParallel, plannedWorkers } from '../../extractor/parallel.js';
import { progressAllowed, shouldDraw } from '../../cli/progress.js';
import { inShard, parseShard } from '../../cli/shard.js';
import { ROOT } from '../helpers/paths.js';

describe('loadPagesParallel', () => {
  it('should give the pages and diagnostics of loadPages, in the same order, when parsing in worker threads', async () => {
    const paths = ['docs', 'no-such-folder'];
    const seen: number[] = [];
    const parallel = await loadPagesParallel(paths, { cwd: ROOT, workers: 2, minFilesPerWorker: 0, onProgress: (done) => seen.push(done) });
    const single = await loadPages(paths, { cwd: ROOT });
    expect(parallel.pages.length).toBeGreaterThan(5);
    expect(JSON.stringify(parallel)).toBe(JSON.stringify(single));
    expect(seen[seen.length - 1]).toBe(parallel.pages.length);
  });

  it.each([
    [{ workers: 4 }, 1000, 4],
    [{ workers: 4 }, 250, 2],
    [{ workers: 4 }, 99, 0],
    [{ workers: 1 }, 5000, 0],
    [{ workers: 1, oneWorker: true }, 5000, 1],
    [{ workers: 1, oneWorker: true }, 50, 0],
    [{ workers: 4, oneWorker: true }, 250, 2],
    [{ workers: 3, minFilesPerWorker: 0 }, 2, 2],
    [{ workers: 2, minFilesPerWorker: 10 }, 25, 2],
  ])('should plan workers %j for %i files as %i (0: this thread)', (options, files, expected) => {
    expect(plannedWorkers(files, options)).toBe(expected);
  });
});

describe('--shard', () => {
  const files = Array.from({ length: 300 }, (_, i) => `docs/api-reference/v1.0/api/page-${i}.md`);

  it.each([1, 2, 3, 7])('should put every page in exactly one of %i shards, none empty', (count) => {
    const owners = files.map((file) => Array.from({ length: count }, (_, i) => i + 1).filter((index) => inShard(file, { index, count })));
    expect(owners.every((o) => o.length === 1)).toBe(true);
    for (let index = 1; index <= count; index++) expect(owners.some((o) => o[0] === index)).toBe(true);
  });

  it.each([
    ['1/3', { index: 1, count: 3 }],
    [' 3 / 3 ', { index: 3, count: 3 }],
  ])('should read %j', (text, expected) => {
    expect(parseShard(text)).toEqual(expected);
  });

  it.each(['0/3', '4/3', '1/0', 'a/b', '1', '2/3/4'])('should refuse %j with a usage error', (text) => {
    expect(() => parseShard(text)).toThrow(/--shard: Unexpected .*expected i\/n/);
  });
});

describe('progress', () => {
  const tty = { isTTY: true } as NodeJS.WriteStream;
  const pipe = { isTTY: false } as NodeJS.WriteStream;

  it.each([
    ['a TTY', { stream: tty, env: {} }, true],
    ['a TTY with CI=false', { stream: tty, env: { CI: 'false' } }, true],
    ['a pipe', { stream: pipe, env: {} }, false],
    ['CI=true', { stream: tty, env: { CI: 'true' } }, false],
    ['CI=1', { stream: tty, env: { CI: '1' } }, false],
    ['--quiet', { stream: tty, env: {}, quiet: true }, false],
  ])('should decide whether a bar may be drawn on %s', (_what, settings, expected) => {
    expect(progressAllowed(settings)).toBe(expected);
  });

  it.each([
    [true, 2500, 10, 100, true],
    [true, 1500, 10, 100, false],
    [true, 2500, 100, 100, false],
    [false, 9000, 10, 100, false],
  ])('should draw (allowed %s, %i ms in, %i of %i done): %s', (allowed, elapsed, done, total, expected) => {
    expect(shouldDraw(allowed, elapsed, done, total)).toBe(expected);
  });
});
