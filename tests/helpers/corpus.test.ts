/**
 * The shared corpus load (tests/helpers/corpus.ts) stands in for `loadPages` in the corpus suites, so it must give
 * what `loadPages` gives: the same files in the same order for each cwd and folder the suites use, and, on a sample
 * of pages (the corpus README's edge cases and every 60th page), the same DocPage byte for byte. A new field that
 * carries a path other than `file` would make the rebased pages differ here first.
 */
import { describe, expect, it } from '@jest/globals';
import { join, relative } from 'node:path';
import { findMarkdown, loadPages } from '../../extractor/index.js';
import { corpusLoad, corpusPages } from '../helpers/corpus.js';
import { CORPUS_DIR, GRAPH_DOCS, HAS_CORPUS, ROOT } from './paths.js';

const EDGE_PAGES = [
  'v1.0/api/user-post-users.md', 'v1.0/api/drive-get.md', 'v1.0/api/application-post-calls.md', 'beta/api/sitepage-delete.md',
  'beta/api/authorizationpolicy-get.md', 'beta/api/workforceintegration-post.md', 'v1.0/api/call-unmute.md',
  'v1.0/resources/user.md', 'v1.0/resources/licensedetails.md', 'v1.0/api/group-post-groups.md',
  'v1.0/api/intune-cirrus-officeclientconfigurationassignment-get.md', 'beta/api/section-post-pages.md',
].map((rel) => `api-reference/${rel}`);

// [what, loadPages' paths, its cwd, the helper's options]: each way a corpus suite loads the pages.
const WAYS: readonly (readonly [string, string, string, { cwd?: string; under?: string }])[] = [
  ['the whole corpus from the repository root', GRAPH_DOCS, ROOT, {}],
  ['the whole corpus from graph-docs', GRAPH_DOCS, GRAPH_DOCS, { cwd: GRAPH_DOCS }],
  ['api-reference from the corpus folder', 'graph-docs/api-reference', CORPUS_DIR, { cwd: CORPUS_DIR, under: 'api-reference' }],
  ['the v1.0 pages from the repository root', join(GRAPH_DOCS, 'api-reference/v1.0'), ROOT, { cwd: ROOT, under: 'api-reference/v1.0' }],
];

(HAS_CORPUS ? describe : describe.skip)('corpusLoad (skipped without ../shared/corpus)', () => {
  it.each(WAYS)('should list the files loadPages lists for %s, in its order', async (_what, path, cwd, options) => {
    const { files } = await findMarkdown([path], { cwd });
    expect((await corpusPages(options)).map((p) => p.file)).toEqual(files);
  });

  it.each(WAYS)('should give the DocPages loadPages gives for %s, on a sample', async (_what, _path, cwd, options) => {
    const all = (await findMarkdown([GRAPH_DOCS], { cwd: GRAPH_DOCS })).files;
    const wanted = new Set([...EDGE_PAGES, ...all.filter((_f, i) => i % 60 === 0)]);
    const prefix = cwd === GRAPH_DOCS ? '' : `${relative(cwd, GRAPH_DOCS)}/`;
    const sample = [...wanted].filter((f) => f.startsWith(options.under ?? ''));
    expect(sample.length).toBeGreaterThan(10);
    const loaded = await loadPages(sample.map((f) => `${prefix}${f}`), { cwd });
    const cached = new Map((await corpusPages(options)).map((p) => [p.file, p]));
    for (const page of loaded.pages) expect(JSON.stringify(cached.get(page.file))).toBe(JSON.stringify(page));
  });

  it('should keep the load diagnostics and return the same result to a second call', async () => {
    const first = await corpusLoad({ cwd: GRAPH_DOCS });
    expect(await corpusLoad({ cwd: GRAPH_DOCS })).toBe(first);
    expect(first.missing).toEqual([]);
    for (const d of first.diagnostics) expect(d.file).not.toMatch(/^</);
  });
});
