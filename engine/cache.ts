/**
 * The content-addressed cache of `docpact check` (`.docpact/cache`): a DocPage per page text, and per page the
 * findings with what they were computed from, so a second run re-parses and re-checks only what changed.
 *
 * - `pages/<key>.json`: the DocPage, where key = hash(docpact version + source fingerprint, file path, file bytes).
 * - `index.json`: per file, its page key, the page's small "facts" (what the cross-page index reads: kind,
 *   version, namespace, resource type, enums) and its last findings with their dependencies (see `analyze.ts`).
 * - `result.json`: after a run that checked every page, every page's key, stat, finding counts and the pages and
 *   disk answers its findings depend on ({@link CachedResult}), so a run over the same doc set reads this file, and a
 *   run with a few pages edited reads it, parses those pages and re-checks only them and the pages that depend on them.
 * - `result-findings-<docSet>.txt`: every page's findings, settled, as the JSON report prints them
 *   (reports/finding-text.ts), one page after another; result.json keeps each page's span. A report of an unchanged
 *   doc set copies the spans; nothing reads them as objects unless asked to.
 * - `result-edits.json`, `facts.json`: the pages a run with a few edits changed, written beside result.json instead of
 *   rewriting it; every page's facts, read only by a run with edits.
 *
 * Every write is atomic (temp file + rename), and an unreadable or foreign cache is ignored, never an error.
 */
import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Diagnostic } from '../core/diagnostic.js';
import type { DocPage } from '../extractor/model.js';
import type { EnumFact } from '../resolve/enum-facts.js';
import { enumFact } from '../resolve/enum-facts.js';
import type { StoredFindings } from '../reports/finding-text.js';
import { FileSpan, textOf } from '../reports/finding-text.js';
import { writeContent } from '../reports/write-set.js';
import type { DiskState } from './disk-state.js';
import type { RequestName } from '../checks/docset.js';
import { requestNamesOf } from '../checks/docset.js';
import { docpactVersion } from '../core/version.js';
import { COMPILED } from '../core/package-root.js';

/** The stage sources the fingerprint reads: `.ts` in a checkout, the compiled `.js` in an installed package (dist/). */
const SOURCE_EXT = COMPILED ? '.js' : '.ts';

/** Bumped when the layout of the files below changes. */
const LAYOUT = 6;

/** The cache folder, relative to the working directory. */
export const CACHE_DIR = '.docpact/cache';

/** The fields of a DocPage that the cross-page indexes (checks' DocSet, contracts' TypeIndex) read. */
export type PageFacts = Pick<DocPage, 'file' | 'kind' | 'version' | 'stem' | 'namespace' | 'resourceType' | 'inheritsFrom'> & {
  /** Its enums as the rest of the doc set reads them (resolve/enum-facts.ts). */
  readonly enums: readonly EnumFact[];
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

/**
 * The last state of a doc set whose every page was checked: each page's key, facts and findings, and what its check
 * findings depend on, so that a run over the same files with a few pages edited re-checks only those pages and the
 * pages whose questions named them (engine/analyze.ts `analyzeDelta`), and a run over the same bytes re-checks none.
 */
export interface CachedResult {
  readonly layout: number;
  /** The config key the findings were computed under. */
  readonly configKey: string;
  /** {@link docSetKey} of the run. */
  readonly docSet: string;
  /** The contracts' type universe of the run (engine/analyze.ts `universeKey`). */
  readonly universe: string;
  /** Names the `facts.json` written with this result or an earlier one of the same facts. */
  readonly factsId: string;
  /** When the run started reading the files (ms since the epoch): a file changed after it may keep its stat. */
  readonly readAt: number;
  /** Every file of the run, in order; `pages` is parallel to it. */
  readonly files: readonly string[];
  readonly pages: readonly ResultPage[];
  /** The directories the pages' disk answers were read from (engine/disk-state.ts); absent: ask every question again. */
  readonly dirs?: DiskState;
  /**
   * Set when the state was read as `result.json` plus the edits written beside it (`result-edits.json`): the
   * `docSet` of `result.json` itself and the pages the edits replace. Never written.
   */
  readonly base?: { readonly docSet: string; readonly edited: readonly number[] };
}

/** What a run with a few pages edited writes beside `result.json` instead of rewriting it. */
interface ResultEdits {
  /** The `docSet` of the `result.json` these edits apply to. */
  readonly base: string;
  readonly docSet: string;
  readonly universe: string;
  readonly factsId: string;
  readonly readAt: number;
  readonly dirs?: DiskState;
  /** The pages that differ from `result.json`'s, by index. */
  readonly pages: Readonly<Record<string, ResultPage>>;
}

/** A file's size, mtime and ctime in ms (see {@link ResultPage.stat}). */
export type FileStat = readonly [size: number, mtimeMs: number, ctimeMs: number];

/** One page of a {@link CachedResult}. Its facts are kept apart (`facts.json`): only a run with edits reads them. */
export interface ResultPage {
  readonly key: string;
  /** The file's size, mtime and ctime when its key was computed: the same stat, well before `readAt`, is the same key. */
  readonly stat?: FileStat;
  /**
   * Every stage's findings on the page, settled (engine/settle.ts), as the JSON report prints them
   * (reports/finding-text.ts): the extractor's and the contracts' are told apart from the checks' by their rule id.
   */
  readonly findings: PageFindings;
  /**
   * The pages (indexes into `files`, ascending, comma-separated) whose keys the answers to this page's questions
   * named: editing one re-checks it. Text, read as numbers only by a run with edits (a whole doc set's pages name
   * millions of pages between them, and a run over an unchanged doc set needs none).
   */
  readonly deps: string;
  /** The page's rules asked for every page: any edit re-checks it. */
  readonly every?: true;
  /**
   * The paths its rules looked up on disk and the answers (engine/disk-state.ts `DiskQuestion`), as JSON text: asked
   * again, and so read as values, only when a directory on their way changed.
   */
  readonly disk?: string;
}

/** A page's stored findings: their text a span of the state's findings file (as read) or a string (as made by this run). */
export type PageFindings = Omit<StoredFindings, 'file'>;

/** How result.json stores a page's findings: their text is the bytes `span` of its findings file, the rest as is. */
interface PageFindingsOnDisk extends Omit<PageFindings, 'text'> {
  readonly span: readonly [start: number, end: number];
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
    enums: page.enums.map(enumFact),
    ...(page.kind === 'api' && { requestNames: requestNamesOf(page) }),
  };
}

/** Reads and writes one cache folder. */
export class PageCache {
  constructor(readonly dir: string) {}

  /** The index, or an empty one when there is none or it is unreadable or of another layout. */
  async readIndex(): Promise<CacheIndex> {
    try {
      const index = readJson(join(this.dir, 'index.json')) as CacheIndex;
      if (index.layout === LAYOUT && typeof index.entries === 'object' && index.entries !== null) return index;
    } catch {
      // No cache yet, or a damaged one: start over.
    }
    return { layout: LAYOUT, entries: {} };
  }

  /** The state of the doc set the last run that checked every page saw, if there is one of this layout. */
  async readResult(): Promise<CachedResult | undefined> {
    try {
      const stored = readJson(join(this.dir, 'result.json')) as Omit<CachedResult, 'pages'> & { pages: (Omit<ResultPage, 'findings'> & { findings: PageFindingsOnDisk })[] };
      if (stored.layout !== LAYOUT || !Array.isArray(stored.files) || !Array.isArray(stored.pages) || stored.files.length !== stored.pages.length) return undefined;
      // The findings' texts stay in their file until a report copies them or someone wants them as objects.
      const findingsFile = this.findingsPath(stored.docSet);
      const size = statSync(findingsFile).size;
      const result: CachedResult = {
        ...stored,
        pages: stored.pages.map((page) => {
          const { span, ...findings } = page.findings;
          if (!(span[0] >= 0 && span[0] <= span[1] && span[1] <= size)) throw new Error('result.json does not match its findings file');
          return { ...page, findings: { ...findings, text: new FileSpan(findingsFile, span[0], span[1]) } };
        }),
      };
      const edits = this.readEdits(result.docSet);
      if (!edits) return result;
      const pages = [...result.pages];
      const edited = Object.keys(edits.pages).map(Number).filter((i) => Number.isInteger(i) && i >= 0 && i < pages.length);
      for (const i of edited) pages[i] = edits.pages[i];
      const { docSet, universe, factsId, readAt, dirs } = edits;
      const { dirs: _stale, ...rest } = result;
      return { ...rest, docSet, universe, factsId, readAt, ...(dirs && { dirs }), pages, base: { docSet: result.docSet, edited } };
    } catch {
      // None yet, or damaged: the run goes the long way.
    }
    return undefined;
  }

  /** The findings file of the `result.json` of doc set `docSet` (a hex key). */
  private findingsPath(docSet: string): string {
    if (!/^[0-9a-f]{40}$/.test(docSet)) throw new Error('not a doc set key');
    return join(this.dir, `result-findings-${docSet}.txt`);
  }

  /** The edits written beside the `result.json` of `base`, if any. */
  private readEdits(base: string): ResultEdits | undefined {
    try {
      const edits = readJson(join(this.dir, 'result-edits.json')) as ResultEdits;
      return edits.base === base && typeof edits.pages === 'object' && edits.pages !== null ? edits : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * Records a state that differs from `result.json` (of `base`) only in the pages `edited` lists: they are written
   * beside it, so a run with a few pages edited does not write the whole doc set's findings again.
   */
  async saveResultEdits(base: string, result: Omit<CachedResult, 'layout'>, edited: Iterable<number>, facts?: readonly PageFacts[]): Promise<void> {
    if (facts) await this.writeFacts(result.factsId, facts);
    const pages: Record<string, ResultPage> = {};
    for (const i of edited) {
      const page = result.pages[i];
      // A page kept from result.json has its text as a view of the findings file: written out as text here.
      pages[i] = typeof page.findings.text === 'string' ? page : { ...page, findings: { ...page.findings, text: textOf(page.findings.text) } };
    }
    const edits: ResultEdits = { base, docSet: result.docSet, universe: result.universe, factsId: result.factsId, readAt: result.readAt, ...(result.dirs && { dirs: result.dirs }), pages };
    await atomicWrite(join(this.dir, 'result-edits.json'), asciiJson(edits));
  }

  private async writeFacts(id: string, facts: readonly PageFacts[]): Promise<void> {
    await atomicWrite(join(this.dir, 'facts.json'), asciiJson({ id, facts }));
  }

  /** The facts of every page of the result, parallel to its `files`, if they were written with it. */
  async readResultFacts(result: CachedResult): Promise<readonly PageFacts[] | undefined> {
    try {
      const facts = readJson(join(this.dir, 'facts.json')) as { id: string; facts: PageFacts[] };
      if (facts.id === result.factsId && Array.isArray(facts.facts) && facts.facts.length === result.files.length) return facts.facts;
    } catch {
      // None or damaged: the run goes the long way.
    }
    return undefined;
  }

  /**
   * Records the state of a doc set whose every page was checked, and, when they changed, its pages' facts (`facts`,
   * parallel to its files, under the result's `factsId`); `undefined` removes a state that no longer holds. The facts
   * are written first: a result whose facts file is missing or has another id is read as having none.
   */
  async saveResult(result: Omit<CachedResult, 'layout'> | undefined, facts?: readonly PageFacts[]): Promise<void> {
    if (result === undefined) {
      await rm(join(this.dir, 'result.json'), { force: true });
      await rm(join(this.dir, 'result-edits.json'), { force: true });
      await rm(join(this.dir, 'facts.json'), { force: true });
      for (const name of await readdir(this.dir).catch(() => [])) if (name.startsWith('result-findings-') && name.endsWith('.txt')) await rm(join(this.dir, name), { force: true });
      return;
    }
    await mkdir(this.dir, { recursive: true });
    if (facts) await this.writeFacts(result.factsId, facts);
    const { base: _base, ...whole } = result;
    // The findings' texts go into a file of their own, as bytes, named after the doc set; result.json keeps where each is.
    const findingsFile = this.findingsPath(result.docSet);
    const parts = whole.pages.map((page) => page.findings.text);
    let at = 0;
    const onDisk = whole.pages.map((page) => {
      const { text, ...findings } = page.findings;
      const span = [at, (at += typeof text === 'string' ? Buffer.byteLength(text, 'utf8') : text.byteLength)] as const;
      return { ...page, findings: { ...findings, span } };
    });
    const temp = tempPath(findingsFile);
    try {
      writeContent(temp, parts, 'w', false);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    await rename(temp, findingsFile);
    await atomicWrite(join(this.dir, 'result.json'), asciiJson({ layout: LAYOUT, ...whole, pages: onDisk }));
    await rm(join(this.dir, 'result-edits.json'), { force: true });
    // Findings files of earlier states, but the newest of them: a run that read the state this one replaces may still
    // be copying its findings into a report (docpact watch beside a check, an editor beside the command line).
    const earlier = (await readdir(this.dir))
      .filter((name) => name.startsWith('result-findings-') && name.endsWith('.txt') && join(this.dir, name) !== findingsFile)
      .map((name) => ({ name, mtimeMs: statSync(join(this.dir, name), { throwIfNoEntry: false })?.mtimeMs ?? 0 }))
      .sort((a, b) => b.mtimeMs - a.mtimeMs);
    for (const { name } of earlier.slice(1)) await rm(join(this.dir, name), { force: true });
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

  /** Writes one page's file (a worker thread's share of a cold run, engine/page-work.ts). */
  async writePage(key: string, page: DocPage): Promise<void> {
    await mkdir(join(this.dir, 'pages'), { recursive: true });
    await atomicWrite(this.pagePath(key), JSON.stringify(page));
  }

  /** Writes the new pages, the index, and removes page files no entry refers to any more. */
  async save(index: CacheIndex, newPages: ReadonlyMap<string, DocPage>): Promise<void> {
    await mkdir(join(this.dir, 'pages'), { recursive: true });
    for (const [key, page] of newPages) await atomicWrite(this.pagePath(key), JSON.stringify(page));
    await atomicWrite(join(this.dir, 'index.json'), asciiJson(index));
    const live = new Set(Object.values(index.entries).map((e) => `${e.pageKey}.json`));
    for (const name of await readdir(join(this.dir, 'pages'))) {
      if (name.endsWith('.json') && !live.has(name)) await rm(join(this.dir, 'pages', name), { force: true });
    }
  }
}

const NON_ASCII = /[^\0-\x7f]/g;

/**
 * JSON text of `value` with every non-ASCII character escaped (`\u00e9`), for the doc set's large state files: an
 * ASCII file is read back by {@link readJson} as Latin-1, a plain byte copy, instead of being decoded as UTF-8, and
 * the one-byte string it gives parses faster (measured on the ×30 tree's 92 MB result.json: decode 0.76 → 0.27 s,
 * parse 0.93 → 0.69 s). The price is one pass over the text when it is written (0.6–0.7 s for those 92 MB).
 */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(NON_ASCII, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Reads a JSON file at once (the promise API decodes a large file chunk by chunk, several times slower): as Latin-1
 * when every byte is ASCII (what {@link asciiJson} writes), else as UTF-8 (a file written otherwise stays readable).
 */
export function readJson(path: string): unknown {
  const bytes = readFileSync(path);
  return JSON.parse(bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8'));
}

/** A temporary name beside `path`, for a write that a rename then puts in place. */
function tempPath(path: string): string {
  return `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
}

async function atomicWrite(path: string, text: string): Promise<void> {
  const temp = tempPath(path);
  await writeFile(temp, text);
  await rename(temp, path);
}
