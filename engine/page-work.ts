/**
 * The per-page half of `docpact check`, the half that runs in the worker threads (engine/distributed.ts). A worker
 * parses its share of the pages and keeps each as its *summary* (the fields other pages' contracts and rules read:
 * facts, property and enum tables, headings, a resource page's text) plus its own fields as compressed JSON outside the
 * JS heap; it writes the summaries into shared memory (engine/shared-summaries.ts), the main thread puts their places
 * together in file order and hands every worker the lot once; each worker then builds the resolved doc set from every page's summary and runs the contracts and the rules
 * on its own pages one at a time, each page's own fields read back for it. No DocPage crosses a thread, and the main
 * thread parses nothing.
 *
 * The same class runs in the main thread when a worker is lost halfway (see distributed.ts), so a page gets the same
 * findings wherever it is analysed. */
import type { Diagnostic } from '../core/diagnostic.js';
import type { DocPage } from '../extractor/model.js';
import type { RuleSetting } from '../checks/engine.js';
import type { ModelFacts } from '../resolve/doc-index.js';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { RecordedQuery } from './cache.js';

/**
 * A page as other pages see it: what the resolved doc set (resolve/doc-index.ts), the contracts of a type documented
 * on another page and the rules' cross-page questions read. What only the page's own rules read — its examples' code
 * and bodies, tables, links, HTTP sections, its JSON representation — is left out, and so is an API page's text (only
 * resource pages' prose is read from elsewhere: "is an open type", a property row's text). `diagnostics` travel apart.
 */
export function summarize(page: DocPage): DocPage {
  return {
    file: page.file,
    kind: page.kind,
    ...(page.version !== undefined && { version: page.version }),
    stem: page.stem,
    ...(page.frontMatter !== undefined && { frontMatter: page.frontMatter }),
    ...(page.title !== undefined && { title: page.title }),
    ...(page.namespace !== undefined && { namespace: page.namespace }),
    headings: page.headings,
    tables: [],
    links: [],
    requestTemplates: [],
    httpRequestSections: [],
    permissions: [],
    requestHeaders: [],
    parameters: [],
    requestBody: [],
    // Annotated examples by name only (example names are unique across a version's doc set): no code, no bodies.
    examples: page.examples.filter((e) => e.annotation !== undefined).map((e) => ({
      index: e.index, blockType: e.blockType, role: e.role, ...(e.name !== undefined && { name: e.name }), annotation: e.annotation,
      code: { ...e.code, value: '' }, section: [],
    })),
    pairs: [],
    properties: page.properties,
    relationships: page.relationships,
    enums: page.enums,
    ...(page.resourceType !== undefined && { resourceType: page.resourceType }),
    ...(page.inheritsFrom !== undefined && { inheritsFrom: page.inheritsFrom }),
    source: page.kind === 'api' ? '' : page.source,
    diagnostics: [],
  };
}

/**
 * A page's own fields: those its summary leaves out or changes, as UTF-8 JSON compressed with raw DEFLATE at level 1
 * (outside the JS heap), and their names.
 */
interface Kept {
  readonly keys: readonly string[];
  readonly packed: Buffer;
}

/**
 * Bytes written one after the other into 8 MB buffers: one allocation outside the JS heap per 8 MB rather than one per
 * page (each is an object the engine tracks and sweeps). Not measured apart from the rest of this change.
 */
class ByteArena {
  private static readonly CHUNK = 8 * 1024 * 1024;
  private chunk = Buffer.allocUnsafeSlow(0);
  private used = 0;

  /** A copy of `bytes` in a view of one of the arena's buffers. */
  add(bytes: Uint8Array): Buffer {
    if (this.used + bytes.length > this.chunk.length) {
      this.chunk = Buffer.allocUnsafeSlow(Math.max(ByteArena.CHUNK, bytes.length));
      this.used = 0;
    }
    const at = this.used;
    this.chunk.set(bytes, at);
    this.used += bytes.length;
    return this.chunk.subarray(at, this.used);
  }
}

/**
 * Level 1, the fastest: on the corpus (762 pages) the own fields' 17.5 MB of JSON became 3.1 MB, for about 0.25 ms a
 * page to compress and 0.1 ms to inflate (the JSON.parse after it costs more). At x10 that is some 80 MB less per
 * worker for about a second of CPU each.
 */
const PACK = { level: 1 } as const;

function keepFields(page: DocPage, summary: DocPage, arena: ByteArena): Kept {
  const whole = page as unknown as Record<string, unknown>;
  const seen = summary as unknown as Record<string, unknown>;
  const keys = Object.keys(whole).filter((key) => seen[key] !== whole[key]);
  const fields: Record<string, unknown> = {};
  for (const key of keys) fields[key] = whole[key];
  return { keys, packed: arena.add(deflateRawSync(JSON.stringify(fields), PACK)) };
}

/**
 * A page this thread holds, as the doc set of the analysis sees it: its summary, whose own fields (see {@link Kept})
 * are read on first use from their text until {@link Held.release}. The object stays the same whether or not they
 * are loaded, so the index and the rules' caches keyed by a page hold.
 */
interface Held {
  readonly page: DocPage;
  /** Lets go of the loaded fields (read again from the text if asked again). */
  readonly release: () => void;
}

function held(summary: DocPage, kept: Kept, onLoad: (h: Held) => void): Held {
  let fields: Record<string, unknown> | undefined;
  const h: Held = { page: summary, release: () => void (fields = undefined) };
  const load = (): Record<string, unknown> => {
    if (fields === undefined) {
      fields = JSON.parse(inflateRawSync(kept.packed).toString('utf8')) as Record<string, unknown>;
      onLoad(h);
    }
    return fields;
  };
  for (const key of kept.keys) Object.defineProperty(summary, key, { get: () => load()[key], enumerable: true, configurable: false });
  return h;
}

/** What analysing a worker's pages needs besides the pages: the same for every worker of a run. */
export interface AnalyzeRequest {
  readonly cwd: string;
  /** Rule settings (rule ids only). */
  readonly rules: Readonly<Record<string, RuleSetting>>;
  /** The files whose check findings are wanted (`--changed-since`, `--shard`); undefined: all of this worker's pages. */
  readonly checked?: readonly string[];
  /** The configured CSDL's type facts, if any. */
  readonly model?: ModelFacts;
  /**
   * For the cache (engine/analyze.ts): every page's cache key by file, and the cache folder. Each checked page's rules
   * then record the questions they ask the index (engine/queries.ts), and this thread writes its pages' cache files.
   */
  readonly record?: { readonly keys: Readonly<Record<string, string>>; readonly cacheDir: string };
}

/** The findings on one thread's pages: the contracts' (any file) and the checks' by page, with their questions when recorded. */
export interface PageFindings {
  readonly contracts: Diagnostic[];
  readonly checks: Record<string, { readonly diagnostics: Diagnostic[]; readonly queries?: RecordedQuery[] }>;
}

/**
 * One thread's pages and, once the summaries arrive, the doc set they are analysed against. Between the two, a page
 * held here is its summary (written to shared memory) and its own fields as compressed JSON outside the JS heap; the
 * analysis reads them back one page at a time and lets go of what the rules cached for the page once it is checked. Kept as objects, the pages were some 45 KB a page of live heap on the corpus,
 * which the heap's growth made about three times as much memory (at ×10: 165 MB live, 500 MB of heap per worker).
 */
export class PageWork {
  /** This thread's pages' own fields, by file. */
  private readonly own = new Map<string, Kept>();
  private arena = new ByteArena();
  /** Every page of the run in file order, summaries, those held here with their own fields on call. */
  private all: DocPage[] | undefined;
  /** This thread's pages in the doc set, by file. */
  private readonly holding = new Map<string, Held>();

  /** Keeps a page parsed here; returns its summary. */
  keep(page: DocPage): DocPage {
    const summary = summarize(page);
    this.own.set(page.file, keepFields(page, summary, this.arena));
    return summary;
  }

  /** Forgets every page (the worker is handed new work, or the run is over). */
  clear(): void {
    this.own.clear();
    this.arena = new ByteArena();
    this.holding.clear();
    this.all = undefined;
  }

  get size(): number {
    return this.own.size;
  }

  /**
   * Takes the order of every page of the run (file order) and each page's summary by its place in that order
   * (engine/distributed.ts shares them all): the summaries of this thread's pages get their own fields back on call.
   */
  setOrder(order: readonly string[], summary: (i: number) => DocPage): void {
    this.holding.clear();
    this.all = order.map((file, i) => {
      const page = summary(i);
      const kept = this.own.get(file);
      if (kept !== undefined) this.holding.set(file, held(page, kept, (h) => this.loaded.push(h)));
      return page;
    });
  }

  /** Pages whose own fields were loaded since the last {@link releaseLoaded}. */
  private loaded: Held[] = [];

  private releaseLoaded(): void {
    for (const h of this.loaded) h.release();
    this.loaded = [];
  }

  /**
   * The contracts' and the checks' findings on this thread's pages, against the whole doc set, one page at a time (its
   * own fields are loaded for it and let go after). The contracts build only the types whose canonical page is here
   * and the fixtures of the pages here: across the threads every type and every page is built exactly once, as in a
   * one-thread run.
   */
  async analyze(request: AnalyzeRequest): Promise<PageFindings> {
    if (this.all === undefined) throw new Error('PageWork.analyze: the summaries have not arrived');
    const [{ DocIndex }, { finishContracts, pageContracts, typeContracts }, { buildDocSet, forgetChecked, runChecks }] = await Promise.all([
      import('../resolve/doc-index.js'),
      import('../contracts/build.js'),
      import('../checks/index.js'),
    ]);
    const index = new DocIndex(this.all, request.model);
    const docsIndex = buildDocSet(this.all, { cwd: request.cwd, index });
    const wanted = request.checked === undefined ? undefined : new Set(request.checked);
    const record = request.record;
    const recording = record === undefined ? undefined : await import('./queries.js');
    const keyOf = (file: string): string => record?.keys[file] ?? '';
    const store = record === undefined ? undefined : new (await import('./cache.js')).PageCache(record.cacheDir);
    // The types each page here is the canonical page of.
    const typesOn = new Map<string, import('../resolve/doc-index.js').ResourceType[]>();
    for (const type of index.resources) {
      if (!this.holding.has(type.page.file)) continue;
      const list = typesOn.get(type.page.file);
      if (list) list.push(type);
      else typesOn.set(type.page.file, [type]);
    }
    const contracts: import('../contracts/build.js').ContractsParts = { built: [], fixtures: [], diagnostics: [] };
    const checks: PageFindings['checks'] = {};
    // In file order (setOrder's), as a one-thread run builds them.
    for (const [file, h] of this.holding) {
      const page = h.page;
      for (const type of typesOn.get(file) ?? []) typeContracts(type, index, contracts);
      pageContracts(page, index, contracts);
      // Only the findings are wanted here: the schemas and fixtures of a spread run are built for their findings.
      contracts.built.length = 0;
      contracts.fixtures.length = 0;
      if (wanted === undefined || wanted.has(file)) {
        if (recording === undefined) {
          const found = runChecks([page], { rules: request.rules, docsIndex, cwd: request.cwd });
          if (found.length > 0) checks[file] = { diagnostics: found };
          forgetChecked(page, docsIndex);
        } else {
          const queries: RecordedQuery[] = [];
          const docs = recording.recordingDocSet(docsIndex, queries, keyOf);
          checks[file] = { diagnostics: runChecks([page], { rules: request.rules, docsIndex: docs, cwd: request.cwd }), queries };
          forgetChecked(page, docs);
        }
      }
      const key = record?.keys[file];
      // A page file is worth a rebuild, never the run: a read-only or full disk only slows the next run.
      if (store !== undefined && key !== undefined) await store.writePage(key, page).catch(() => undefined);
      this.releaseLoaded();
    }
    return { contracts: finishContracts(contracts).diagnostics, checks };
  }
}
