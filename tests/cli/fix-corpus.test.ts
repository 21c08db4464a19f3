/**
 * Issue 11's "Done when" for `check --fix`, on a copy of ../shared/corpus/graph-docs in a temp folder (never in the
 * project): every finding with a safe fix is gone, no byte changed outside those findings' ranges (the trees are diffed
 * character by character; a finding's ranges are its own and its related locations', e.g. the Content-Length header a
 * body fix keeps right), a second run changes nothing, and the fixed tree has no finding the original lacked. The
 * fixes per rule are printed for the issue note.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chmod, cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diffChars } from 'diff';
import type { Diagnostic } from '../../core/diagnostic.js';
import { collectFindings } from '../../cli/run-check.js';
import { runFix, type FixSummary } from '../../cli/run-fix.js';
import * as fixRun from '../../cli/run-fix.js';
import { GRAPH_DOCS, HAS_CORPUS } from '../helpers/paths.js';

const describeCorpus = HAS_CORPUS ? describe : describe.skip; // skipped where ../shared/corpus is not checked out

/** Every file under `dir` (relative, `/`-separated) with its bytes. */
async function snapshot(dir: string, under = ''): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for (const entry of await readdir(join(dir, under), { withFileTypes: true })) {
    const rel = under === '' ? entry.name : `${under}/${entry.name}`;
    if (entry.isDirectory()) for (const [k, v] of await snapshot(dir, rel)) out.set(k, v);
    else out.set(rel, await readFile(join(dir, rel)));
  }
  return out;
}

/** Makes every folder of the copy writable (the shared corpus may have none), leaving the files' modes alone. */
async function writableFolders(dir: string): Promise<void> {
  await chmod(dir, 0o755);
  for (const entry of await readdir(dir, { withFileTypes: true })) if (entry.isDirectory()) await writableFolders(join(dir, entry.name));
}

const key = (d: Diagnostic): string => `${d.ruleId}|${d.file}|${d.element ?? `${d.range.start.line}`}`;
const hasSafeFix = (d: Diagnostic): boolean => (d.fixes ?? []).some((f) => f.kind === 'safe');
const quiet = { quiet: true, outputs: [] } as const;
/** A whole-corpus check, even from the cache, takes minutes on a busy 2-core machine: room, not a limit to meet. */
const LONG = 20 * 60_000;

describeCorpus('docpact check --fix over a copy of the Graph docs corpus', () => {
  let dir = '';
  let before: readonly Diagnostic[] = [];
  let original = new Map<string, Buffer>();
  let fixed = new Map<string, Buffer>();
  let summary: FixSummary | undefined;
  let exitCode = -1;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'docpact-fix-corpus-'));
    await cp(GRAPH_DOCS, join(dir, 'graph-docs'), { recursive: true });
    await writableFolders(join(dir, 'graph-docs'));
    original = await snapshot(dir, 'graph-docs');
    // The cache (in the copy's .docpact/cache) makes the fix run's own first check and its re-checks incremental.
    before = (await collectFindings(['graph-docs'], { cwd: dir, quiet: true })).diagnostics;
    // stylish to stdout would print thousands of lines: a json report to a file beside the copy instead.
    exitCode = await runFix(['graph-docs'], { cwd: dir, mode: 'write', ...quiet, outputs: [{ format: 'json', output: 'after.json' }] });
    summary = fixRun.lastSummary;
    fixed = await snapshot(dir, 'graph-docs');
  }, 2 * LONG);

  afterAll(async () => {
    if (dir !== '') await rm(dir, { recursive: true, force: true });
  });

  it('should fix findings of several rules and print the count per rule', () => {
    const counts = Object.entries(summary?.fixedByRule ?? {}).sort(([a], [b]) => (a < b ? -1 : 1));
    process.stdout.write(`check --fix over the corpus: ${summary?.files.length} pages changed in ${summary?.passes} pass(es); fixed per rule: ${counts.map(([id, n]) => `${id} ${n}`).join(', ')}\n`);
    expect(before.filter(hasSafeFix).length).toBeGreaterThan(50);
    expect(counts.length).toBeGreaterThanOrEqual(5);
    expect(summary?.bounded).toBe(false);
  });

  it('should leave no finding that has a safe fix, nor any finding that had one', async () => {
    const after = (await collectFindings(['graph-docs'], { cwd: dir, quiet: true })).diagnostics;
    expect(after.filter(hasSafeFix).map(key)).toEqual([]);
    const left = new Set(after.map(key));
    expect(before.filter(hasSafeFix).map(key).filter((k) => left.has(k))).toEqual([]);
    // Exit codes as check's, on what remains (the corpus keeps errors without fixes, e.g. broken links).
    expect(exitCode).toBe(after.some((d) => d.severity === 'error') ? 1 : 0);
  }, LONG);

  it('should change no byte outside the ranges of the findings with safe fixes', () => {
    expect([...fixed.keys()].sort()).toEqual([...original.keys()].sort());
    const allowed = new Map<string, [number, number][]>();
    for (const d of before.filter(hasSafeFix)) {
      const spans = allowed.get(d.file) ?? [];
      spans.push([d.range.start.offset, d.range.end.offset]);
      for (const r of d.related ?? []) if (r.file === d.file) spans.push([r.range.start.offset, r.range.end.offset]);
      allowed.set(d.file, spans);
    }
    const outside: string[] = [];
    let changedPages = 0;
    for (const [rel, bytes] of original) {
      const now = fixed.get(rel)!;
      if (now.equals(bytes)) continue;
      changedPages++;
      const file = rel;
      const spans = allowed.get(file) ?? [];
      const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
      expect(now[0] === 0xef && now[1] === 0xbb && now[2] === 0xbf).toBe(bom);
      // Offsets are into the text after a BOM, as the findings' are.
      const strip = (b: Buffer): string => b.subarray(bom ? 3 : 0).toString('utf8');
      let at = 0;
      for (const part of diffChars(strip(bytes), strip(now))) {
        const length = part.value.length;
        if (part.added) {
          if (!spans.some(([s, e]) => s <= at && at <= e)) outside.push(`${file}@${at}: inserted ${JSON.stringify(part.value)}`);
        } else if (part.removed) {
          if (!spans.some(([s, e]) => s <= at && at + length <= e)) outside.push(`${file}@${at}: removed ${JSON.stringify(part.value)}`);
          at += length;
        } else at += length;
      }
    }
    expect(outside).toEqual([]);
    expect(changedPages).toBe(summary?.files.length);
  });

  it('should not bring any finding the original lacked', async () => {
    const after = (await collectFindings(['graph-docs'], { cwd: dir, quiet: true })).diagnostics;
    const had = new Set(before.map(key));
    expect(after.filter((d) => !had.has(key(d))).map((d) => `${key(d)}: ${d.message}`)).toEqual([]);
  }, LONG);

  it('should change nothing on a second run', async () => {
    await runFix(['graph-docs'], { cwd: dir, mode: 'write', ...quiet, outputs: [{ format: 'json', output: 'again.json' }] });
    expect(fixRun.lastSummary?.files).toEqual([]);
    const again = await snapshot(dir, 'graph-docs');
    const moved = [...again].filter(([rel, bytes]) => !bytes.equals(fixed.get(rel)!)).map(([rel]) => rel);
    expect(moved).toEqual([]);
  }, LONG);
});
