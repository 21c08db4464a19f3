/**
 * The per-page half of `docpact check`, the half that runs in the worker threads (engine/distributed.ts). A worker
 * parses its share of the pages and keeps their DocPages; the main thread receives only each page's *summary* (the
 * fields other pages' contracts and rules read: facts, property and enum tables, headings, a resource page's text),
 * puts the summaries of every page together once, and sends them to every worker; each worker then builds the
 * resolved doc set from its own full pages plus everyone else's summaries and runs the contracts and the rules on its
 * own pages. No DocPage crosses a thread, and the main thread parses nothing.
 *
 * The same class runs in the main thread when a worker is lost halfway (see distributed.ts), so a page gets the same
 * findings wherever it is analysed.
 */
import type { Diagnostic } from '../core/diagnostic.js';
import type { DocPage } from '../extractor/model.js';
import type { RuleSetting } from '../checks/engine.js';
import type { ModelFacts } from '../resolve/doc-index.js';
import type { RecordedQuery } from './cache.js';

/**
 * A page as other pages see it: what the resolved doc set (resolve/doc-index.ts), the contracts of a type documented
 * on another page and the rules' cross-page questions read. What only the page's own rules read — its examples'
 * code and bodies, tables, links, HTTP sections — is left out, and so is an API page's text (only resource pages' prose
 * is read from elsewhere: "is an open type", a property row's text). `diagnostics` travel apart.
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

/** One thread's pages and, once the summaries arrive, the doc set they are analysed against. */
export class PageWork {
  /** This thread's pages, full, by file. */
  private readonly own = new Map<string, DocPage>();
  /** Every page of the run in file order, this thread's full and the others' summaries. */
  private all: DocPage[] | undefined;

  /** Keeps a page parsed here; returns its summary. */
  keep(page: DocPage): DocPage {
    this.own.set(page.file, page);
    return summarize(page);
  }

  /** Forgets every page (the worker is handed new work, or the run is over). */
  clear(): void {
    this.own.clear();
    this.all = undefined;
  }

  get size(): number {
    return this.own.size;
  }

  /**
   * Takes the order of every page of the run (file order) and each page's summary by its place in that order
   * (engine/distributed.ts shares them all), and puts this thread's full pages in their places: only the summaries
   * of the pages this thread does not hold are read, one at a time.
   */
  setOrder(order: readonly string[], summary: (i: number) => DocPage): void {
    this.all = order.map((file, i) => this.own.get(file) ?? summary(i));
  }

  /**
   * The contracts' and the checks' findings on this thread's pages, against the whole doc set. The contracts build
   * only the types whose canonical page is here and the fixtures of the pages here: across the threads every type
   * and every page is built exactly once, as in a one-thread run.
   */
  async analyze(request: AnalyzeRequest): Promise<PageFindings> {
    if (this.all === undefined) throw new Error('PageWork.analyze: the summaries have not arrived');
    const [{ DocIndex }, { buildContracts }, { buildDocSet, runChecks }] = await Promise.all([
      import('../resolve/doc-index.js'),
      import('../contracts/index.js'),
      import('../checks/index.js'),
    ]);
    const index = new DocIndex(this.all, request.model);
    const own = (file: string): boolean => this.own.has(file);
    const contracts = buildContracts(this.all, { index, only: own });
    const wanted = request.checked === undefined ? undefined : new Set(request.checked);
    const pages = [...this.own.values()].filter((page) => wanted === undefined || wanted.has(page.file));
    const docsIndex = buildDocSet(this.all, { cwd: request.cwd, index });
    const checks: PageFindings['checks'] = {};
    const record = request.record;
    if (record === undefined) {
      for (const d of runChecks(pages, { rules: request.rules, docsIndex, cwd: request.cwd })) (checks[d.file] ??= { diagnostics: [] }).diagnostics.push(d);
      return { contracts: contracts.diagnostics, checks };
    }
    const [{ recordingDocSet }, { PageCache }] = await Promise.all([import('./queries.js'), import('./cache.js')]);
    const keyOf = (file: string): string => record.keys[file] ?? '';
    for (const page of pages) {
      const queries: RecordedQuery[] = [];
      const diagnostics = runChecks([page], { rules: request.rules, docsIndex: recordingDocSet(docsIndex, queries, keyOf), cwd: request.cwd });
      checks[page.file] = { diagnostics, queries };
    }
    const store = new PageCache(record.cacheDir);
    for (const page of this.own.values()) {
      const key = record.keys[page.file];
      // A page file is worth a rebuild, never the run: a read-only or full disk only slows the next run.
      if (key !== undefined) await store.writePage(key, page).catch(() => undefined);
    }
    return { contracts: contracts.diagnostics, checks };
  }
}
