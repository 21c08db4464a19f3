/**
 * The cross-page index a check run builds once: pages by path, types by name, and a cheap file-existence test
 * for link targets that were not loaded as pages. Rules ask it questions; none of them walks the file system.
 */
import { posix } from 'node:path';
import type { Range } from '../core/diagnostic.js';
import type { DocPage, TypeRef } from '../extractor/model.js';
import { DocIndex, type ResourceType, type TypeEntry } from '../resolve/doc-index.js';
import type { PathLookup } from './path-lookup.js';
import { pathLookup } from './path-lookup.js';

export type { PathLookup } from './path-lookup.js';
export { pathLookup } from './path-lookup.js';

export type { TypeEntry } from '../resolve/doc-index.js';


export interface DocSet {
  readonly pages: readonly DocPage[];
  /** The resolved doc set: every type question goes to it (shapes, bases, unions of pages). */
  readonly index: DocIndex;
  /** The page at a `/`-separated path relative to the working directory, if it was loaded. */
  pageAt(path: string): DocPage | undefined;
  /** Types named `name` (case-insensitive), those of `version` first. */
  typesNamed(name: string, version?: string): readonly TypeEntry[];
  /** Looks a path up among loaded pages and on disk, case-sensitively first. */
  lookupPath(path: string): PathLookup;
  /** Resolves a link target of `page` to a normalized path, or undefined for external, absolute or in-page links. */
  resolveLink(page: DocPage, url: string): string | undefined;
  /** The resource type a page documents (all of it or a slice), if any. */
  typeOf(page: DocPage): ResourceType | undefined;
  /** The page a type reference points to (by link, then by name), if loaded. */
  typeTarget(page: DocPage, type: TypeRef): TypeEntry | undefined;
  /**
   * Where a request example name is first used in `version`'s doc set: the first API page by path with a request
   * example of that name (any case), and its annotation. Snippet generation keys on the name across the doc set.
   */
  requestExampleUse(name: string, version: string | undefined): RequestName & { readonly file: string } | undefined;
}

/** A request example's name on an API page, with its annotation's place. */
export interface RequestName {
  readonly name: string;
  readonly line: number;
  readonly range: Range;
}

/**
 * The names of a page's annotated request examples. A page known only by its facts (the cache's lazy pages) carries
 * them as `requestNames` (engine/cache.ts `factsOf`), so asking costs no page load.
 */
export function requestNamesOf(page: DocPage & { readonly requestNames?: readonly RequestName[] }): readonly RequestName[] {
  if (page.requestNames !== undefined) return page.requestNames;
  if (page.kind !== 'api') return [];
  return page.examples.flatMap((example) =>
    example.blockType === 'request' && example.annotation
      ? example.annotation.names.map((name) => ({ name, line: example.annotation!.range.start.line, range: example.annotation!.range }))
      : []);
}

export interface DocSetOptions {
  /** Directory page paths are relative to. Default: `process.cwd()`. */
  readonly cwd?: string;
  /** The resolved doc set of the run, when the caller has built it already. Default: one built from `pages`. */
  readonly index?: DocIndex;
}

/**
 * Indexes `pages` for the rules. File lookups read each directory once (readdir is cached for the run),
 * so checking thousands of links costs a few hundred directory reads.
 */
export function buildDocSet(pages: readonly DocPage[], options: DocSetOptions = {}): DocSet {
  const cwd = options.cwd ?? process.cwd();
  const byPath = new Map<string, DocPage>();
  for (const page of pages) byPath.set(posix.normalize(page.file), page);
  const index = options.index ?? new DocIndex(pages);

  const lookupPath = pathLookup(cwd, pages.map((page) => page.file));
  // Built on the first requestExampleUse question.
  let firstUses: Map<string, RequestName & { file: string }> | undefined;

  return {
    pages,
    index,
    pageAt: (path) => byPath.get(posix.normalize(path)),
    typesNamed: (name, version) => index.typesNamed(name, version),
    lookupPath,
    resolveLink(page, url) {
      return resolveRelative(page.file, url);
    },
    typeOf: (page) => index.typeOf(page),
    typeTarget: (page, type) => index.resolveRef(type, page),
    requestExampleUse(name, version) {
      if (!firstUses) {
        firstUses = new Map();
        const sorted = [...pages].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
        for (const page of sorted) {
          if (page.kind !== 'api') continue;
          for (const use of requestNamesOf(page)) {
            const key = `${page.version ?? ''}\u0000${use.name.toLowerCase()}`;
            if (!firstUses.has(key)) firstUses.set(key, { ...use, file: page.file });
          }
        }
      }
      return firstUses.get(`${version ?? ''}\u0000${name.toLowerCase()}`);
    },
  };
}

/**
 * Resolves a relative link target against the page's folder: `../resources/x.md#y` → `docs/…/resources/x.md`.
 * Returns undefined for URLs with a scheme, site-absolute paths (`/graph/api/…`) and in-page anchors.
 */
export function resolveRelative(file: string, url: string): string | undefined {
  const trimmed = url.trim().replace(/^<|>$/g, '');
  if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith('/') || /^[a-z][a-z0-9+.-]*:/i.test(trimmed)) return undefined;
  const bare = trimmed.replace(/[?#].*$/, '');
  if (bare === '') return undefined;
  let decoded = bare;
  try {
    decoded = decodeURIComponent(bare);
  } catch {
    // A stray % is kept as written: the file name may really contain it.
  }
  return posix.normalize(posix.join(posix.dirname(file), decoded.replace(/\\/g, '/')));
}
