/**
 * Issue 15: a thread's pages wait for the analysis as their summary plus their own fields as text (engine/page-work.ts),
 * not as whole DocPages. Every field must come back as it was, whatever the page's shape, and the findings must be
 * those of the whole pages.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareDiagnostics } from '../../core/diagnostic.js';
import type { Diagnostic } from '../../core/diagnostic.js';
import type { DocPage } from '../../extractor/model.js';
import { loadPages } from '../../extractor/load.js';
import { buildContracts } from '../../contracts/index.js';
import { buildDocSet, runChecks } from '../../checks/index.js';
import { DocIndex } from '../../resolve/doc-index.js';
import { PageWork, summarize } from '../../engine/page-work.js';
import { shareSummaries, SummaryWriter, summaryAt, writeSummary } from '../../engine/shared-summaries.js';
import { ROOT } from '../helpers/paths.js';

const scratch = mkdtempSync(join(tmpdir(), 'docpact-page-work-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Every page of docs/ (the seed page, its resource pages, an include), read as `check` reads them from ROOT. */
async function docsPages(): Promise<DocPage[]> {
  const { pages } = await loadPages(['docs'], { cwd: ROOT });
  return [...pages].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

/** A PageWork holding `mine` of `pages`, the others known by their summaries, as a worker has them before `analyze`. */
function workOn(pages: readonly DocPage[], mine: (page: DocPage) => boolean): PageWork {
  const work = new PageWork();
  // Small chunks, so the summaries span many of them and some are longer than one.
  const writer = new SummaryWriter(4096);
  const shared = shareSummaries(pages.map((page) => writeSummary(writer, mine(page) ? work.keep(page) : summarize(page))));
  work.setOrder(pages.map((page) => page.file), (i) => summaryAt(shared, i));
  return work;
}

const line = (d: Diagnostic): string => `${d.file}:${d.range.start.line}:${d.range.start.column} ${d.ruleId} ${d.message}`;

describe('PageWork', () => {
  let pages: DocPage[] = [];
  beforeAll(async () => {
    pages = await docsPages();
  });

  it('should read back every summary as written, across shared chunks, one longer than a chunk included', () => {
    const writer = new SummaryWriter(64);
    // Bytes: 7, 9, 311, 11, 50 (two-byte characters).
    const texts = ['{"a":1}', '{"b":"x"}', JSON.stringify({ long: 'y'.repeat(300) }), '{"c":[1,2]}', JSON.stringify({ file: 'ü'.repeat(20) })];
    const refs = texts.map((text) => writer.write(text));
    // A new chunk when the text does not fit; the 311-byte one alone in its own, longer chunk.
    expect(refs.map((ref) => ref.fresh)).toEqual([true, false, true, true, false]);
    expect(refs[2].chunk.byteLength).toBe(311);
    expect(refs[4].chunk).toBe(refs[3].chunk);
    // Shared in another order than written: page i is refs[order[i]].
    const order = [4, 2, 0, 3, 1];
    const shared = shareSummaries(order.map((k) => refs[k]));
    expect(shared.chunks.length).toBe(3);
    order.forEach((k, i) => expect(summaryAt(shared, i)).toEqual(JSON.parse(texts[k])));
  });

  it("should keep a resource page's text apart in its summary and give it back when read", () => {
    const resource = pages.find((page) => page.file.endsWith('resources/accesspackageassignment.md'))!;
    const summary = summarize(resource);
    expect(summary.source.length).toBeGreaterThan(1000);
    const writer = new SummaryWriter();
    const ref = writeSummary(writer, summary);
    // The JSON part ends at the NUL byte, and has the text empty.
    const bytes = Buffer.from(ref.chunk);
    const nul = bytes.indexOf(0, ref.start);
    expect(nul).toBeGreaterThan(ref.start);
    expect(nul).toBeLessThan(ref.end);
    expect((JSON.parse(bytes.toString('utf8', ref.start, nul)) as DocPage).source).toBe('');
    const back = summaryAt(shareSummaries([ref]), 0);
    expect(back.source).toBe(resource.source);
    // Read twice (the second time from the recent texts), and in JSON as a field like any other.
    expect(back.source).toBe(resource.source);
    expect(JSON.parse(JSON.stringify(back))).toEqual(JSON.parse(JSON.stringify(summary)));
  });

  it('should write each page it holds with every field it was parsed with, those only its own rules read too', async () => {
    // The seed page has what a summary leaves out: examples with bodies, a response section, annotations, tables.
    const seed = pages.find((page) => page.file.endsWith('accesspackageassignment-post.md'))!;
    expect(seed.examples.some((e) => e.code.value.length > 0)).toBe(true);
    expect(seed.annotations?.length).toBeGreaterThan(0);
    const resource = pages.find((page) => page.file.endsWith('resources/accesspackageassignment.md'))!;
    expect(resource.jsonRepresentation).toBeDefined();
    const cacheDir = join(scratch, 'fields');
    const keys = Object.fromEntries(pages.map((page, i) => [page.file, `page${i}`]));
    await workOn(pages, () => true).analyze({ cwd: ROOT, rules: {}, record: { keys, cacheDir } });
    for (const [i, page] of pages.entries()) {
      const written = JSON.parse(readFileSync(join(cacheDir, 'pages', `page${i}.json`), 'utf8')) as DocPage;
      // Same fields, same values (key order aside): a field missing from the summary's list would come back empty.
      expect(written).toEqual(JSON.parse(JSON.stringify(page)));
    }
  });

  it('should give the findings of the whole pages, however the pages are shared between threads', async () => {
    const index = new DocIndex(pages);
    const whole = [
      ...buildContracts(pages, { index }).diagnostics,
      ...runChecks(pages, { rules: {}, docsIndex: buildDocSet(pages, { cwd: ROOT, index }), cwd: ROOT }),
    ].sort(compareDiagnostics).map(line);
    expect(whole.length).toBeGreaterThan(0);
    // Held here: all pages; every other one; none but the seed page (its resource pages known by summary only).
    for (const mine of [(): boolean => true, (page: DocPage): boolean => pages.indexOf(page) % 2 === 0, (page: DocPage): boolean => page.file.endsWith('-post.md')]) {
      const parts = pages.map((page) => mine(page));
      const found: Diagnostic[] = [];
      for (const side of [true, false]) {
        const result = await workOn(pages, (page) => parts[pages.indexOf(page)] === side).analyze({ cwd: ROOT, rules: {} });
        found.push(...result.contracts, ...Object.values(result.checks).flatMap((c) => c.diagnostics));
      }
      expect(found.sort(compareDiagnostics).map(line)).toEqual(whole);
    }
  });
});
