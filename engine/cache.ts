/**
 * The content-addressed cache of `docpact check` (`.docpact/cache`): a DocPage per page text, and per page the
 * findings with what they were computed from, so a second run re-parses and re-checks only what changed.
 *
 * - `pages/<key>.json`: the DocPage, where key = hash(docpact version + source fingerprint, file path, file bytes).
 * - `index.json`: per file, its page key, the page's small "facts" (what the cross-page index reads: kind,
 *   version, namespace, resource type, enums) and its last findings with their dependencies (see `analyze.ts`).
 * - `result.json`: after a run that checked every page, the doc set it checked (the config and every page's key)
 *   and every page's findings, so a run over the same doc set reads this one file and nothing else.
 *
 * Every write is atomic (temp file + rename), and an unreadable or foreign cache is ignored, never an error.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Diagnostic } from '../core/diagnostic.js';
import type { DocPage } from '../extractor/model.js';
import type { RequestName } from '../checks/docset.js';
import { requestNamesOf } from '../checks/docset.js';
import { docpactVersion } from '../core/version.js';
import { COMPILED } from '../core/package-root.js';

/** The stage sources the fingerprint reads: `.ts` in a checkout, the compiled `.js` in an installed package (dist/). */
const SOURCE_EXT = COMPILED ? '.js' : '.ts';

/** Bumped when the layout of the files below changes. */
const LAYOUT = 4;

/** The cache folder, relative to the working directory. */
export const CACHE_DIR = '.docpact/cache';

/** The fields of a DocPage that the cross-page indexes (checks' DocSet, contracts' TypeIndex) read. */
export type PageFacts = Pick<DocPage, 'file' | 'kind' | 'version' | 'stem' | 'namespace' | 'resourceType' | 'enums' | 'inheritsFrom'> & {
  /** An API page's request example names (checks/docset.ts `requestNamesOf`): the doc-set-wide name question needs no page load. */
  readonly requestNames?: readonly RequestName[];
};

/** One recorded question a page's rules asked the cross-page index, and a digest of the answer. */
export interface RecordedQuery {
  readonly q: 'pageAt' | 'typesNamed' | 'lookupPath' | 'typeTarget' | 'typeOf' | 'pages' | 'exampleUse';
  readonly args: readonly unknown[];
  readonly answer: string;
}

/** What a page's findings were computed from, and the findings. */
export interface CachedFindings {
  /** Hash of the docpact version, the config and the rule settings. */
  readonly configKey: string;
  /** The check findings (before rule settings are applied to stage diagnostics) and the index questions behind them. */
  readonly checks?: { readonly diagnostics: readonly Diagnostic[]; readonly queries: readonly RecordedQuery[] };
  /** The contracts stage's findings on this page, and the digest of the type universe they were computed against. */
  readonly contracts?: { readonly diagnostics: readonly Diagnostic[]; readonly universe: string };
}

export interface IndexEntry {
  readonly pageKey: string;
  readonly facts: PageFacts;
  /** The extractor's findings on the page (they depend on its text only). */
  readonly extract: readonly Diagnostic[];
  readonly findings?: CachedFindings;
}

export interface CacheIndex {
  readonly layout: number;
  readonly entries: Record<string, IndexEntry>;
}

/** The findings of a run that checked every page of a doc set, by file (extractor, contracts, then checks). */
export interface CachedResult {
  readonly layout: number;
  /** {@link docSetKey} of the run. */
  readonly docSet: string;
  readonly findings: Record<string, readonly Diagnostic[]>;
}

/** One key for a whole doc set: the config key and every file with its page key, in file order. */
export function docSetKey(configKey: string, files: readonly string[], keys: ReadonlyMap<string, string>): string {
  return hashOf(configKey, ...files.flatMap((file) => [file, keys.get(file) ?? '']));
}

/** A hex SHA-1 of the parts, separated so that `a|bc` and `ab|c` differ. */
export function hashOf(...parts: readonly (string | Uint8Array)[]): string {
  const hash = createHash('sha1');
  for (const part of parts) {
    hash.update(typeof part === 'string' ? part : Buffer.from(part.buffer, part.byteOffset, part.byteLength));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/**
 * docpact's version for cache keys: the package version plus a fingerprint (path and content hash) of the sources of
 * the stages whose output is cached, so a changed rule or extractor invalidates the cache even without a release.
 */
export async function versionKey(): Promise<string> {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const parts: string[] = [await docpactVersion(), String(LAYOUT)];
  for (const dir of ['core', 'resolve', 'extractor', 'contracts', 'checks', 'checks/support', 'engine']) {
    let names: string[];
    try {
      names = (await readdir(join(root, dir))).filter((n) => n.endsWith(SOURCE_EXT) && !n.endsWith('.d.ts')).sort();
    } catch {
      continue;
    }
    for (const name of names) {
      // Contents, not mtimes: a fresh CI checkout has new mtimes but should still hit a restored cache.
      parts.push(relative(root, join(root, dir, name)), hashOf(await readFile(join(root, dir, name))));
    }
  }
  return hashOf(...parts);
}

/** The facts of a page (the part the indexes read), as stored in the index. */
export function factsOf(page: DocPage): PageFacts {
  return {
    file: page.file,
    kind: page.kind,
    stem: page.stem,
    ...(page.version !== undefined && { version: page.version }),
    ...(page.namespace !== undefined && { namespace: page.namespace }),
    ...(page.resourceType !== undefined && { resourceType: page.resourceType }),
    ...(page.inheritsFrom !== undefined && { inheritsFrom: page.inheritsFrom }),
    enums: page.enums,
    ...(page.kind === 'api' && { requestNames: requestNamesOf(page) }),
  };
}

/** Reads and writes one cache folder. */
export class PageCache {
  constructor(readonly dir: string) {}

  /** The index, or an empty one when there is none or it is unreadable or of another layout. */
  async readIndex(): Promise<CacheIndex> {
    try {
      const index = JSON.parse(await readFile(join(this.dir, 'index.json'), 'utf8')) as CacheIndex;
      if (index.layout === LAYOUT && typeof index.entries === 'object' && index.entries !== null) return index;
    } catch {
      // No cache yet, or a damaged one: start over.
    }
    return { layout: LAYOUT, entries: {} };
  }

  /** The findings of the run that checked `docSet`, if the last run that checked every page checked this one. */
  async readResult(docSet: string): Promise<CachedResult | undefined> {
    try {
      const result = JSON.parse(await readFile(join(this.dir, 'result.json'), 'utf8')) as CachedResult;
      if (result.layout === LAYOUT && result.docSet === docSet && typeof result.findings === 'object' && result.findings !== null) return result;
    } catch {
      // None yet, or damaged: the run goes the long way.
    }
    return undefined;
  }

  /** Records the findings of a run that checked every page; `undefined` removes a result that no longer holds. */
  async saveResult(result: Omit<CachedResult, 'layout'> | undefined): Promise<void> {
    if (result === undefined) {
      await rm(join(this.dir, 'result.json'), { force: true });
      return;
    }
    await mkdir(this.dir, { recursive: true });
    await atomicWrite(join(this.dir, 'result.json'), JSON.stringify({ layout: LAYOUT, ...result }));
  }

  /** The cached DocPage of `key`, or undefined. */
  readPageSync(key: string, read: (path: string) => string): DocPage | undefined {
    try {
      return JSON.parse(read(this.pagePath(key))) as DocPage;
    } catch {
      return undefined;
    }
  }

  /** Whether any of `keys` has no page file (one directory listing, not a stat per page). */
  async missingPages(keys: readonly string[]): Promise<boolean> {
    let names: Set<string>;
    try {
      names = new Set(await readdir(join(this.dir, 'pages')));
    } catch {
      return keys.length > 0;
    }
    return keys.some((key) => !names.has(`${key}.json`));
  }

  pagePath(key: string): string {
    return join(this.dir, 'pages', `${key}.json`);
  }

  /** Writes the new pages, the index, and removes page files no entry refers to any more. */
  /** Writes one page's file (a worker thread's share of a cold run, engine/page-work.ts). */
  async writePage(key: string, page: DocPage): Promise<void> {
    await mkdir(join(this.dir, 'pages'), { recursive: true });
    await atomicWrite(this.pagePath(key), JSON.stringify(page));
  }

  async save(index: CacheIndex, newPages: ReadonlyMap<string, DocPage>): Promise<void> {
    await mkdir(join(this.dir, 'pages'), { recursive: true });
    for (const [key, page] of newPages) await atomicWrite(this.pagePath(key), JSON.stringify(page));
    await atomicWrite(join(this.dir, 'index.json'), JSON.stringify(index));
    const live = new Set(Object.values(index.entries).map((e) => `${e.pageKey}.json`));
    for (const name of await readdir(join(this.dir, 'pages'))) {
      if (name.endsWith('.json') && !live.has(name)) await rm(join(this.dir, 'pages', name), { force: true });
    }
  }
}

async function atomicWrite(path: string, text: string): Promise<void> {
  const temp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  await writeFile(temp, text);
  await rename(temp, path);
}
