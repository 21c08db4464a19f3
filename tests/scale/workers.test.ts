/**
 * Issue 15: `docpact check` runs every per-page step in the worker threads (engine/distributed.ts), and the findings
 * do not depend on where a page was analysed — with 1, 2 or 4 workers, with the cache cold or warm — on the real
 * corpus, where types are documented on several pages and a page's findings read other pages through their summaries.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AnalyzeOptions } from '../../engine/analyze.js';
import { analyze } from '../../engine/analyze.js';
import { compareDiagnostics } from '../../core/diagnostic.js';
import type { Diagnostic } from '../../core/diagnostic.js';
import { findMarkdown } from '../../extractor/load.js';
import { GRAPH_DOCS, HAS_CORPUS } from '../helpers/paths.js';
import { page, tempTree } from '../cli/scenarios.js';

// Several whole-corpus runs; no timing is asserted, this only keeps Jest from giving up on a busy machine.
const SLOW = 600_000;
const scratch = mkdtempSync(join(tmpdir(), 'docpact-workers-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Every finding as one line, sorted: what a report would show. */
const lines = (diagnostics: readonly Diagnostic[]): string[] =>
  [...diagnostics].sort(compareDiagnostics).map((d) => `${d.file}:${d.range.start.line}:${d.range.start.column} ${d.ruleId} ${d.message}`);

async function runOn(cwd: string, extra: Partial<AnalyzeOptions>): Promise<{ lines: string[]; parsed: number; reusedChecks: number; checkedFiles: number }> {
  const { files } = await findMarkdown(['.'], { cwd });
  // distributeFrom 0: the corpus (762 pages) is below the size from which check spreads the analysis by default.
  const result = await analyze({ cwd, files, rules: {}, configText: '{}', version: 'test-workers', cache: false, distributeFrom: 0, ...extra });
  return { lines: lines(result.diagnostics), parsed: result.stats.parsed, reusedChecks: result.stats.reusedChecks, checkedFiles: result.stats.reusedPages };
}

const corpus = HAS_CORPUS ? describe : describe.skip;
corpus('check on the corpus: the same findings wherever a page is analysed', () => {
  it('should give identical findings with 1, 2 and 4 workers, and with the cache cold and warm', async () => {
    // The reference: one thread, every page whole (the path `docpact run` takes).
    const one = await runOn(GRAPH_DOCS, { workers: 1, pages: true });
    expect(one.lines.length).toBeGreaterThan(1000);
    // Findings that read other pages are in it: an example's members against a type documented elsewhere.
    expect(one.lines.filter((l) => / example-(property-undocumented|type-mismatch) /.test(l)).length).toBeGreaterThan(20);
    // `check`'s path: one worker (it too keeps the pages compactly, beside an idle main thread), two, four.
    for (const workers of [1, 2, 4]) {
      const spread = await runOn(GRAPH_DOCS, { workers, pages: false });
      expect(spread.parsed).toBe(one.parsed);
      expect(spread.lines).toEqual(one.lines);
    }
    // The cache, cold (the whole run over the workers, which record each page's questions and write the page files),
    // then warm (nothing parsed, every finding reused), as `check` runs it; and as `docpact run` does (pages wanted).
    for (const pages of [false, true]) {
      const cacheDir = join(scratch, `cache-${pages}`);
      const cold = await runOn(GRAPH_DOCS, { workers: 2, cache: true, cacheDir, pages });
      expect(cold.parsed).toBe(one.parsed);
      expect(cold.lines).toEqual(one.lines);
      const warm = await runOn(GRAPH_DOCS, { workers: 2, cache: true, cacheDir, pages });
      expect(warm.parsed).toBe(0);
      expect(warm.reusedChecks).toBe(warm.checkedFiles);
      expect(warm.lines).toEqual(one.lines);
    }
  }, SLOW);
});

// Small, so the pathological page (minutes without a budget) ends quickly.
const BUDGET = 2;
/** 80 KB of nested emphasis openers and closers: remark takes minutes on it. */
const STARS = `# Stars\n\n${'*_'.repeat(20_000)}x${'_*'.repeat(20_000)}\n`;

describe('a worker lost while it holds pages', () => {
  it('should parse the pages it held again elsewhere and give every other page its findings', async () => {
    // The good pages have one finding each (a trailing comma); b.md stalls remark until its worker is terminated,
    // and the pages that worker had already parsed and kept are lost with it.
    const good = page({ requestBody: '{ "displayName": "Blue", }' });
    const dir = await tempTree({ 'a.md': good, 'b.md': STARS, 'c.md': good, 'd.md': good, 'e.md': good });
    const base = { pageTimeout: BUDGET, minFilesPerWorker: 0 } as const;
    const here = await runOn(dir, { ...base, workers: 1, pages: true });
    const spread = await runOn(dir, { ...base, workers: 2, pages: false });
    expect(spread.lines).toEqual(here.lines);
    expect(spread.lines.filter((l) => l.includes('example-json-invalid')).map((l) => l.split(':')[0])).toEqual(['a.md', 'c.md', 'd.md', 'e.md']);
    expect(spread.lines.filter((l) => l.startsWith('b.md')).map((l) => l.split(' ')[1])).toEqual(['extract/too-slow']);
  }, SLOW);
});
