/**
 * `check --shard i/n` + `report merge`: the merged JSON report of shards 1/3, 2/3 and 3/3 is the report of the
 * unsharded run, byte for byte, on docs/ and (when present) the corpus.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCheck } from '../../cli/run-check.js';
import { mergeReports, runReportMerge } from '../../cli/run-report-merge.js';
import { GRAPH_DOCS, HAS_CORPUS, ROOT } from '../helpers/paths.js';

let cwd: string;
beforeAll(() => {
  cwd = mkdtempSync(join(tmpdir(), 'docpact-merge-'));
  cpSync(join(ROOT, 'docs'), join(cwd, 'docs'), { recursive: true });
  jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
});
afterAll(() => {
  jest.restoreAllMocks();
  rmSync(cwd, { recursive: true, force: true });
});

async function shardsEqualWhole(input: string, cache: boolean): Promise<{ whole: string; merged: string; shardFiles: number[] }> {
  const json = (name: string) => [{ format: 'json', output: name }];
  const shardFiles: number[] = [];
  for (const i of [1, 2, 3]) {
    await runCheck([input], { cwd, outputs: json(`shard-${i}.json`), shard: `${i}/3`, cache, quiet: true });
    shardFiles.push((JSON.parse(readFileSync(join(cwd, `shard-${i}.json`), 'utf8')) as { summary: { files: number } }).summary.files);
  }
  await runCheck([input], { cwd, outputs: json('whole.json'), cache: false, quiet: true });
  const code = await runReportMerge(['shard-1.json', 'shard-2.json', 'shard-3.json'], { cwd, outputs: json('merged.json'), quiet: true });
  expect(code).toBe(1);
  return { whole: readFileSync(join(cwd, 'whole.json'), 'utf8'), merged: readFileSync(join(cwd, 'merged.json'), 'utf8'), shardFiles };
}

describe('report merge', () => {
  it('should merge the shard reports of docs/ into the unsharded report', async () => {
    const { whole, merged, shardFiles } = await shardsEqualWhole('docs', false);
    expect(shardFiles.reduce((a, b) => a + b, 0)).toBe(10);
    expect(merged).toBe(whole);
  });

  // This test parses the corpus itself, twice, rather than using tests/helpers/corpus.ts: what it checks is the
  // CLI's own path from files to report — shards parse into the page cache (once, shards 2 and 3 reuse it), and
  // the unsharded reference run parses without the cache so that it owes nothing to the shards. Five check runs
  // over 760 pages take minutes on a busy machine: a generous bound for a hang, not a speed assertion.
  (HAS_CORPUS ? it : it.skip)('should merge the shard reports of the corpus into the unsharded report (skipped without ../shared/corpus)', async () => {
    const { whole, merged, shardFiles } = await shardsEqualWhole(GRAPH_DOCS, true);
    expect(Math.min(...shardFiles)).toBeGreaterThan(100);
    expect(merged).toBe(whole);
  }, 300_000);

  it('should refuse to merge reports of different commands', () => {
    const report = (command: string) => ({ tool: { name: 'docpact' as const, version: '0' }, command, diagnostics: [], summary: { byFile: {}, failSeverity: 'error' as const } });
    expect(() => mergeReports([report('check'), report('replay')], ['a.json', 'b.json'])).toThrow(/b\.json: Unexpected report of `replay`, expected `check`/);
  });

  it.each([
    ['not JSON', '{ nope'],
    ['not a report', '{"tool":{"name":"other"}}'],
  ])('should give a usage error (exit 2) for a file that is %s', async (_what, text) => {
    writeFileSync(join(cwd, 'bad.json'), text);
    await expect(runReportMerge(['bad.json'], { cwd, quiet: true })).rejects.toThrow(/bad\.json: (Unexpected|cannot)/);
  });
});
