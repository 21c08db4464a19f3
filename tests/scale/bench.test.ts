/**
 * The benchmark runs end to end on docs/ repeated twice and writes figures of the expected shape. It checks that
 * the figures are sane (counts, positive times, ratios), never how fast anything is.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../helpers/paths.js';

const out = mkdtempSync(join(tmpdir(), 'docpact-bench-test-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

interface Phase { wallMs: number; cpuMs: number; maxRssMb: number; processWallMs: number }
interface Run {
  repeat: number; files: number; bytes: number; floor: Phase & { files: number }; idealMs: number;
  check: Phase & { exitCode: number; command: string }; checkOneWorker: Phase & { exitCode: number; command: string };
  ratio: { wall: number; cpu: number; overIdeal: number; oneWorker: number }; replay: Phase & { fixtures: number; fixturesPerSecond: number };
  incremental: { cold: Phase; unchanged: Phase; tenEdited: Phase; editedPages: string[]; editedOverCold: number };
}

describe('npm run bench', () => {
  it('should write the figures of ×1 and ×2 for docs/ with --repeat 2', () => {
    const file = join(out, 'bench.json');
    const result = spawnSync(process.execPath, ['bin/bench.js', 'docs', '--repeat', '2', '--workers', '2', '--out', file], { cwd: ROOT, encoding: 'utf8' });
    expect(result.stderr).toContain('(b)/(a)');
    expect(result.status).toBe(0);
    const bench = JSON.parse(readFileSync(file, 'utf8')) as { workers: number; runs: Run[]; growth: { to: number; checkCpuPerFile: number; linear: boolean }; helpMs: number };
    expect(bench.workers).toBe(2);
    expect(bench.runs.map((r) => r.repeat)).toEqual([1, 2]);
    const [x1, x2] = bench.runs;
    expect(x2.files).toBe(2 * x1.files);
    expect(x1.floor.files).toBe(x1.files);
    expect(x2.replay.fixtures).toBe(2 * x1.replay.fixtures);
    for (const run of bench.runs) {
      expect(run.check.exitCode).toBe(1);
      expect(run.checkOneWorker.exitCode).toBe(1);
      expect(run.check.command).toContain('--workers 2');
      expect(run.checkOneWorker.command).toContain('--workers 1');
      // docs/ has fewer than ten API pages: every page of the first copy is edited, each once.
      expect(new Set(run.incremental.editedPages).size).toBe(run.incremental.editedPages.length);
      expect(run.incremental.editedPages.length).toBe(Math.min(10, x1.files));
      for (const phase of [run.floor, run.check, run.checkOneWorker, run.replay, run.incremental.cold, run.incremental.tenEdited]) {
        expect(phase.wallMs).toBeGreaterThan(0);
        expect(phase.processWallMs).toBeGreaterThanOrEqual(phase.wallMs);
        expect(phase.maxRssMb).toBeGreaterThan(10);
      }
      expect(run.ratio.wall).toBeCloseTo(run.check.wallMs / run.floor.wallMs, 1);
      // The floor is one thread; the ideal line is the floor spread over the machine's cores.
      expect(run.idealMs).toBe(Math.round(run.floor.wallMs / availableParallelism()));
      expect(run.ratio.overIdeal).toBeCloseTo(run.check.wallMs / run.idealMs, 1);
      expect(run.ratio.oneWorker).toBeCloseTo(run.checkOneWorker.wallMs / run.floor.wallMs, 1);
      expect(run.replay.fixturesPerSecond).toBeGreaterThan(0);
    }
    expect(bench.growth.to).toBe(2);
    expect(typeof bench.growth.linear).toBe('boolean');
    expect(bench.helpMs).toBeGreaterThan(0);
  });
});
