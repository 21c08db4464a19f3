/**
 * The benchmark runs end to end on docs/ repeated twice and writes figures of the expected shape. It checks that
 * the figures are sane (counts, positive times, ratios), never how fast anything is.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../helpers/paths.js';

const out = mkdtempSync(join(tmpdir(), 'docpact-bench-test-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

interface Phase { wallMs: number; cpuMs: number; maxRssMb: number; processWallMs: number }
interface Run {
  repeat: number; files: number; bytes: number; floor: Phase & { files: number }; check: Phase & { exitCode: number };
  ratio: { wall: number; cpu: number }; replay: Phase & { fixtures: number; fixturesPerSecond: number };
  incremental: { cold: Phase; unchanged: Phase; oneEdited: Phase; editedOverCold: number };
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
      for (const phase of [run.floor, run.check, run.replay, run.incremental.cold, run.incremental.oneEdited]) {
        expect(phase.wallMs).toBeGreaterThan(0);
        expect(phase.processWallMs).toBeGreaterThanOrEqual(phase.wallMs);
        expect(phase.maxRssMb).toBeGreaterThan(10);
      }
      expect(run.ratio.wall).toBeCloseTo(run.check.wallMs / run.floor.wallMs, 1);
      expect(run.replay.fixturesPerSecond).toBeGreaterThan(0);
    }
    expect(bench.growth.to).toBe(2);
    expect(typeof bench.growth.linear).toBe('boolean');
    expect(bench.helpMs).toBeGreaterThan(0);
  });
});
