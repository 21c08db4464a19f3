/**
 * The questions a page's rules ask the cross-page index, recorded with a digest of each answer, so that the cache can
 * tell later whether the page's check findings still hold: `recordingDocSet` records, `answer` asks again. Used by
 * the main thread (engine/analyze.ts) and by the workers (engine/page-work.ts) alike.
 */
import type { TypeRef } from '../extractor/model.js';
import type { DocSet, TypeEntry } from '../checks/docset.js';
import type { RecordedQuery } from './cache.js';
import { hashOf } from './cache.js';

/**
 * A digest of a resolved type: for a resource type, every page that documents it and every page of its base types
 * (a rule that reads its shape reads all of them), so editing any of those pages re-checks the pages that asked.
 */
function entryDigest(docs: DocSet, entry: TypeEntry | undefined, keyOf: (file: string) => string): string {
  if (entry === undefined) return '-';
  const pages: string[] = [];
  if (entry.kind === 'resource') {
    let current: typeof entry | undefined = entry;
    for (let depth = 0; current && depth < 10; depth++) {
      pages.push(...current.pages.map((page) => `${page.file}@${keyOf(page.file)}`));
      current = docs.index.baseOf(current).base;
    }
  } else {
    pages.push(`${entry.page.file}@${keyOf(entry.page.file)}`);
  }
  return `${entry.kind}:${entry.name}:${entry.namespace}:${pages.join(',')}`;
}

/** Asks `docs` a recorded question again and digests the answer the same way. */
export function answer(docs: DocSet, query: RecordedQuery, keyOf: (file: string) => string): string {
  const [a, b] = query.args as [string, unknown];
  switch (query.q) {
    case 'pageAt': {
      const page = docs.pageAt(a);
      return page ? `${page.file}@${keyOf(page.file)}` : '-';
    }
    case 'typesNamed':
      return docs.typesNamed(a, b as string | undefined).map((e) => entryDigest(docs, e, keyOf)).join('|');
    case 'lookupPath':
      return JSON.stringify(docs.lookupPath(a));
    case 'typeTarget': {
      const page = docs.pageAt(a);
      return page ? entryDigest(docs, docs.typeTarget(page, b as TypeRef), keyOf) : '!';
    }
    case 'typeOf': {
      const page = docs.pageAt(a);
      return page ? entryDigest(docs, docs.typeOf(page), keyOf) : '!';
    }
    case 'exampleUse': {
      const use = docs.requestExampleUse(a, b as string | undefined);
      return use ? `${use.file}@${keyOf(use.file)}:${use.line}` : '-';
    }
    case 'pages':
      return hashOf(...docs.pages.map((page) => `${page.file}@${keyOf(page.file)}`));
  }
}

/** `docs`, recording each question asked and a digest of its answer into `queries`. */
export function recordingDocSet(docs: DocSet, queries: RecordedQuery[], keyOf: (file: string) => string): DocSet {
  const seen = new Set<string>();
  const record = (q: RecordedQuery['q'], args: readonly unknown[]): void => {
    const id = JSON.stringify([q, args]);
    if (seen.has(id)) return;
    seen.add(id);
    const query = { q, args, answer: '' };
    queries.push({ ...query, answer: answer(docs, query, keyOf) });
  };
  return {
    get pages() {
      record('pages', []);
      return docs.pages;
    },
    // Rules reach the index only with a type they got from a recorded question, whose digest covers its pages.
    index: docs.index,
    typeOf(page) {
      record('typeOf', [page.file]);
      return docs.typeOf(page);
    },
    pageAt(path) {
      record('pageAt', [path]);
      return docs.pageAt(path);
    },
    typesNamed(name, version) {
      record('typesNamed', version === undefined ? [name] : [name, version]);
      return docs.typesNamed(name, version);
    },
    lookupPath(path) {
      record('lookupPath', [path]);
      return docs.lookupPath(path);
    },
    resolveLink: (page, url) => docs.resolveLink(page, url),
    requestExampleUse(name, version) {
      record('exampleUse', version === undefined ? [name.toLowerCase()] : [name.toLowerCase(), version]);
      return docs.requestExampleUse(name, version);
    },
    typeTarget(page, type) {
      record('typeTarget', [page.file, { ...(type.href !== undefined && { href: type.href }), ...(type.name !== undefined && { name: type.name }), ...(type.namespace !== undefined && { namespace: type.namespace }) }]);
      return docs.typeTarget(page, type);
    },
  };
}


/** What a page's recorded questions make its check findings depend on, for the doc set's result (engine/cache.ts `ResultPage`). */
export interface Dependencies {
  /** Indexes of the pages whose keys the answers named. */
  readonly deps: number[];
  /** Whether a question was "every page". */
  readonly every: boolean;
  /** The disk look-ups and their answers. */
  readonly disk: [string, string][];
}

/** Cache keys are hex SHA-1 digests; an answer names a page by its key (`file@key`). */
const KEY_IN_ANSWER = /\b[0-9a-f]{40}\b/g;

/**
 * Reads the dependencies off a page's recorded questions: a page named in an answer by its key, a disk look-up by its
 * path (unless `isPage` says the path is one of the run's pages). `indexOfKey` maps a page key of the run to the
 * page's index. "Every page" is a dependency on all of them.
 */
export function dependencies(queries: readonly RecordedQuery[], indexOfKey: ReadonlyMap<string, number>, isPage: (path: string) => boolean): Dependencies {
  const deps = new Set<number>();
  const disk: [string, string][] = [];
  let every = false;
  for (const query of queries) {
    if (query.q === 'pages') every = true;
    // A page's path is answered by the file list, which a run that reuses findings has the same: only the disk is asked again.
    else if (query.q === 'lookupPath') {
      if (!isPage(String(query.args[0]))) disk.push([String(query.args[0]), query.answer]);
    } else {
      for (const [key] of query.answer.matchAll(KEY_IN_ANSWER)) {
        const index = indexOfKey.get(key);
        if (index !== undefined) deps.add(index);
      }
    }
  }
  return { deps: [...deps].sort((a, b) => a - b), every, disk };
}
