/**
 * The Graph docs corpus (../shared/corpus/graph-docs), parsed once per `npm test` run and shared by every suite.
 *
 * Use it instead of `loadPages` in any test that reads the corpus:
 *
 * ```ts
 * import { corpusLoad, corpusPages } from '../helpers/corpus.js';
 * import { HAS_CORPUS } from '../helpers/paths.js';
 *
 * const pages = await corpusPages();                                     // = (await loadPages([GRAPH_DOCS])).pages
 * const api = await corpusPages({ cwd: CORPUS_DIR, under: 'api-reference' });
 *                                                   // = loadPages(['graph-docs/api-reference'], { cwd: CORPUS_DIR })
 * const { pages, diagnostics } = await corpusLoad({ cwd: GRAPH_DOCS }); // the whole LoadResult
 * ```
 *
 * What it gives is what `loadPages` would give for the same folder and cwd — the same pages in the same order, with
 * `file` relative to `cwd` — which tests/helpers/corpus.test.ts checks on a sample of pages. Guard the suite with
 * `HAS_CORPUS` as before: without the corpus these functions throw.
 *
 * How: Jest's globalSetup (tests/helpers/global-setup.js) parses the corpus once over worker threads into a JSON
 * file in the temp folder, named by a hash of the extractor's sources and the corpus, and passes its path in
 * DOCPACT_TEST_CORPUS (tests/helpers/corpus-cache.ts). Each test file reads that file once (Jest gives every test
 * file its own module registry, so "once" is per file, ~0.3 s for 25 MB of JSON, against seconds to parse). When
 * the setup did not run (another Jest config, or a run it judged not to need the corpus), the first call builds
 * or finds the file itself.
 *
 * Every call returns fresh objects for a given `cwd` and `under` only once per test file: the result is shared by
 * the tests of that file, so do not mutate it.
 */
import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import type { LoadResult } from '../../extractor/load.js';
import type { DocPage } from '../../extractor/model.js';
import { FILE_MARKER, type CorpusCacheFile } from './corpus-cache.js';
import { GRAPH_DOCS, HAS_CORPUS, ROOT } from './paths.js';

export interface CorpusOptions {
  /**
   * The folder `file` paths are relative to, as `loadPages`' `cwd` option (default `process.cwd()`, which under
   * Jest is the repository root).
   */
  readonly cwd?: string;
  /** Only the pages under this folder of graph-docs, e.g. `api-reference/v1.0` (default: every page). */
  readonly under?: string;
}

/** The environment variable through which globalSetup names the cache file. */
export const CORPUS_ENV = 'DOCPACT_TEST_CORPUS';

let text: Promise<string> | undefined;
const results = new Map<string, LoadResult>();

/** The cache file's path: from globalSetup, or found (and built if missing) by the builder script. */
function cachePath(): string {
  const given = process.env[CORPUS_ENV];
  if (given) return given;
  const child = spawnSync(process.execPath, ['--import', 'tsx', 'tests/helpers/corpus-cache.ts'], { cwd: ROOT, encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`tests/helpers/corpus-cache.ts failed (exit ${child.status}): ${child.stderr}`);
  const path = (JSON.parse(child.stdout) as { path: string }).path;
  process.env[CORPUS_ENV] = path;
  return path;
}

/**
 * The corpus as `loadPages` would load it: every page under graph-docs (or under `options.under`), paths relative
 * to `options.cwd`. Resolves to the same object for the same options within a test file.
 */
export async function corpusLoad(options: CorpusOptions = {}): Promise<LoadResult> {
  if (!HAS_CORPUS) throw new Error(`corpusLoad: no corpus at ${GRAPH_DOCS}; guard the suite with HAS_CORPUS`);
  const base = relative(options.cwd ?? process.cwd(), GRAPH_DOCS).split('\\').join('/');
  const under = options.under?.replace(/^\/+|\/+$/g, '');
  const key = `${base}\n${under ?? ''}`;
  const known = results.get(key);
  if (known) return known;
  text ??= readFile(cachePath(), 'utf8');
  // Every corpus `file` in the cached JSON starts with the marker: replacing it is rebasing every path at once.
  const prefix = base === '' ? '' : `${base}/`;
  const cached = (JSON.parse((await text).replaceAll(`"file":"${FILE_MARKER}`, `"file":"${JSON.stringify(prefix).slice(1, -1)}`)) as CorpusCacheFile).result;
  const inside = (file: string): boolean => under === undefined || file.startsWith(`${prefix}${under}/`);
  // The other fields (paths given that are missing, …) are about the one path given: kept as they are.
  const result: LoadResult = { ...cached, pages: cached.pages.filter((p) => inside(p.file)), diagnostics: cached.diagnostics.filter((d) => inside(d.file)) };
  results.set(key, result);
  return result;
}

/** The pages of {@link corpusLoad}. */
export async function corpusPages(options: CorpusOptions = {}): Promise<DocPage[]> {
  return (await corpusLoad(options)).pages;
}
