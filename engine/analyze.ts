/**
 * The middle of `docpact check`: files → findings. Parses pages over worker threads, builds the contracts and runs
 * the checks, and — with the cache — reuses everything that cannot have changed:
 *
 * - a page's DocPage is reused when its bytes (and docpact) are the same;
 * - its contract findings when its DocPage and the type universe (every page's file, kind, version, namespace,
 *   resource type and enums — all the contracts' type index reads of other pages) are the same;
 * - its check findings when its DocPage and the config are the same and every question its rules asked the
 *   cross-page index (types by name, pages by path, file lookups) gets the same answer now, where an answer that
 *   is a page includes that page's key. So editing a resource page re-checks the API pages whose examples were
 *   checked against it, and adding a page that defines a type they looked up re-checks them too.
 *
 * Pages whose findings are reused are never loaded: the index is built from their facts, and their DocPage is read
 * from the cache only if a re-checked page's rules look into it.
 */
import { readFileSync, statSync } from 'node:fs';
import { posix, resolve } from 'node:path';
import type { Diagnostic } from '../core/diagnostic.js';
import { readRegularFileSync } from '../core/input-files.js';
import type { DocPage } from '../extractor/model.js';
import type { ContractsResult } from '../contracts/index.js';
import type { RuleSetting } from '../checks/engine.js';
import type { CacheIndex, CachedFindings, CachedResult, FileStat, IndexEntry, PageFacts, PageFindings, RecordedQuery, ResultPage } from './cache.js';
import { CACHE_DIR, PageCache, docSetKey, factsOf, hashOf, versionKey } from './cache.js';
import { answer, dependencies, recordingDocSet } from './queries.js';
import type { Settings } from './settle.js';
import type { DiskQuestion, DiskState } from './disk-state.js';
import { isCheckFinding, settle } from './settle.js';
import type { StoredFindings } from '../reports/finding-text.js';
import { pageFindingsText, parseFindings } from '../reports/finding-text.js';
import { ENUM_FACTS } from '../resolve/enum-facts.js';

export interface AnalyzeOptions {
  readonly cwd: string;
  /** Every page of the run, relative to cwd, sorted. All are indexed; only `isChecked` ones are checked. */
  readonly files: readonly string[];
  /** Whether findings on this file are wanted (`--changed-since`, `--shard`). Default: all. */
  readonly isChecked?: (file: string) => boolean;
  /** Rule settings for the checks (rule ids only). */
  readonly rules: Readonly<Record<string, RuleSetting>>;
  /** Settings applied to every finding (engine/settle.ts), by rule or stage id (`extract/…`). Default: none. */
  readonly settings?: Settings;
  /** Anything else the findings depend on (the config's text, `--rule` flags). */
  readonly configText: string;
  /** Use `.docpact/cache` under cwd (default true). */
  readonly cache?: boolean;
  /** Cache folder. Default `<cwd>/.docpact/cache`. */
  readonly cacheDir?: string;
  /** docpact's version for the cache keys. Default: {@link versionKey} (package version + source fingerprint). */
  readonly version?: string;
  /** Worker threads for parsing. Default: the cores. */
  readonly workers?: number;
  /** Seconds one page may take to parse (see `ParallelOptions.pageTimeout`). Default 5. */
  readonly pageTimeout?: number;
  /**
   * The configured CSDL's type facts (base types, open and abstract flags), which the resolved doc set reads after
   * the docs' own; the caller includes them in `configText` so the cache sees a change. Default: none.
   */
  readonly model?: import('../resolve/doc-index.js').ModelFacts;
  /**
   * Runs of fewer files than this keep the main-thread analysis even without `pages` (default
   * {@link DISTRIBUTE_FROM}): the spread run's fixed costs (each worker loading the contracts and rules, the summaries)
   * pay off only on larger doc sets.
   */
  readonly distributeFrom?: number;
  /** Fewer files than this per worker are parsed in this thread (see `ParallelOptions.minFilesPerWorker`). Default 100. */
  readonly minFilesPerWorker?: number;
  readonly onProgress?: (done: number, total: number) => void;
  /**
   * Whether the caller needs the DocPages (and, without the cache, the contracts) back: `docpact run` does, `check`
   * does not. Without them and without the cache, every per-page step runs in the workers (engine/distributed.ts)
   * and no page crosses a thread. Default true.
   */
  readonly pages?: boolean;
  /**
   * Texts to analyze instead of the bytes on disk, by file (relative to cwd, as in `files`): an editor's unsaved
   * buffers (`docpact lsp`). Such a page is parsed in this thread and cached under the hash of this text, so the next
   * run that reads the file from disk parses it again. Default: none.
   */
  readonly texts?: ReadonlyMap<string, string>;
  /**
   * How long before the last whole run began a file must have last changed for its unchanged stat to stand for its
   * bytes (see `knownStats`). Default {@link SETTLED_MS}.
   */
  readonly settledMs?: number;
}

export interface AnalyzeStats {
  /** Pages parsed in this run. */
  parsed: number;
  /** Pages whose DocPage came from the cache (read only if a rule looked into them). */
  reusedPages: number;
  /** Checked pages whose check findings were computed in this run / reused. */
  checked: number;
  reusedChecks: number;
  /** Checked pages whose contract findings were computed in this run / reused. */
  contracts: number;
  reusedContracts: number;
  /** DocPages read back from the cache because a re-checked page needed them. */
  loadedFromCache: number;
  /** Files whose bytes were read to compute their key (the others' stat was as the last whole run saw it). */
  read: number;
  /** Disk questions of the doc set's state asked again (the others' directories had not changed). */
  asked: number;
}

export interface Analysis {
  /** Unreadable files, extractor, contracts and check findings on the checked pages, settled (engine/settle.ts). */
  readonly diagnostics: Diagnostic[];
  /**
   * The same findings page by page as stored texts (reports/finding-text.ts), when the run was served from the doc
   * set's state: `diagnostics` is then made from them on first read only.
   */
  readonly findingTexts?: readonly StoredFindings[];
  /** Every page read (with the cache: pages whose fields other than the facts are read from the cache on first use). */
  readonly pages: readonly DocPage[];
  /** The contracts of all pages, when this run built them (without the cache). */
  readonly contracts?: ContractsResult;
  readonly stats: AnalyzeStats;
}

/** The stages, each imported on first use: a run served from the cache never loads remark (~0.3 s). */
interface Stages {
  parallel(): Promise<typeof import('../extractor/parallel.js')>;
  contracts(): Promise<typeof import('../contracts/index.js')>;
  checks(): Promise<typeof import('../checks/index.js')>;
}

function loadStages(): Stages {
  return {
    parallel: () => import('../extractor/parallel.js'),
    contracts: () => import('../contracts/index.js'),
    checks: () => import('../checks/index.js'),
  };
}

/**
 * From how many files `check` runs wholly in the workers. Measured on this project's 2-core machine (bench, corpus):
 * at 762 pages the spread run took 1.06 × the main-thread analysis, at 7,620 pages 0.69 ×.
 */
export const DISTRIBUTE_FROM = 2000;

/** Whether the run may go wholly over the workers: no pages wanted back, no editor texts, a large enough doc set. */
function spreads(options: AnalyzeOptions): boolean {
  return options.pages === false && options.texts === undefined && options.files.length >= (options.distributeFrom ?? DISTRIBUTE_FROM);
}

/** Files → findings, parsing each page once; see the module comment for what the cache reuses. */
export async function analyze(options: AnalyzeOptions): Promise<Analysis> {
  const stages = loadStages();
  const isChecked = options.isChecked ?? (() => true);
  const stats: AnalyzeStats = { parsed: 0, reusedPages: 0, checked: 0, reusedChecks: 0, contracts: 0, reusedContracts: 0, loadedFromCache: 0, read: 0, asked: 0 };
  const analysis = options.cache === false ? await analyzeUncached(stages, options, isChecked, stats) : await analyzeCached(stages, options, isChecked, stats);
  // For the benchmark and for diagnosing a slow incremental run: what was parsed, re-checked and reused.
  if (process.env.DOCPACT_CACHE_STATS === '1') process.stderr.write(`docpact cache: ${JSON.stringify(stats)}\n`);
  return analysis;
}

async function analyzeUncached(stages: Stages, options: AnalyzeOptions, isChecked: (file: string) => boolean, stats: AnalyzeStats): Promise<Analysis> {
  const { cwd } = options;
  if (spreads(options)) {
    const { analyzeDistributed } = await import('./distributed.js');
    const done = await analyzeDistributed({ ...parseOptions(options), cwd, files: options.files, isChecked, rules: options.rules, ...(options.model && { model: options.model }) });
    if (done) {
      stats.parsed = done.parsed;
      stats.checked = stats.contracts = options.files.filter(isChecked).length;
      return { diagnostics: settle(done.diagnostics, options.settings ?? {}), pages: [], stats };
    }
  }
  const [contractsStage, checks] = await Promise.all([stages.contracts(), stages.checks()]);
  const { pages, diagnostics: unread } = await parseSome(stages, options.files, options);
  stats.parsed = pages.length;
  const index = await docIndex(pages, options.model);
  const contracts = contractsStage.buildContracts(pages, { index });
  const selected = pages.filter((page) => isChecked(page.file));
  stats.checked = selected.length;
  stats.contracts = selected.length;
  const docsIndex = checks.buildDocSet(pages, { cwd, index });
  const checked = checks.runChecks(selected, { rules: options.rules, docsIndex, cwd });
  const diagnostics = [...unread, ...pages.flatMap((page) => page.diagnostics), ...contracts.diagnostics, ...checked].filter((d) => isChecked(d.file));
  return { diagnostics: settle(diagnostics, options.settings ?? {}), pages, contracts, stats };
}

/** Parses `files`: those with a text in `options.texts` in this thread from that text, the others from disk. */
async function parseSome(stages: Stages, files: readonly string[], options: AnalyzeOptions): Promise<{ pages: DocPage[]; diagnostics: Diagnostic[] }> {
  const texts = options.texts;
  const fromDisk = texts === undefined ? files : files.filter((file) => !texts.has(file));
  const parsed = fromDisk.length > 0 ? await (await stages.parallel()).parseFiles(fromDisk, parseOptions(options)) : { pages: [], diagnostics: [] };
  if (texts === undefined || fromDisk.length === files.length) return parsed;
  const { parseText } = await import('../extractor/load.js');
  const byFile = new Map(parsed.pages.map((page) => [page.file, page]));
  for (const file of files) {
    const text = texts.get(file);
    if (text !== undefined) byFile.set(file, parseText(file, text));
  }
  return { pages: files.flatMap((file) => byFile.get(file) ?? []), diagnostics: parsed.diagnostics };
}

function parseOptions(options: AnalyzeOptions): import('../extractor/parallel.js').ParallelOptions {
  return {
    cwd: options.cwd, ...(options.workers !== undefined && { workers: options.workers }), ...(options.onProgress && { onProgress: options.onProgress }),
    ...(options.pageTimeout !== undefined && { pageTimeout: options.pageTimeout }),
    ...(options.minFilesPerWorker !== undefined && { minFilesPerWorker: options.minFilesPerWorker }),
  };
}

async function analyzeCached(stages: Stages, options: AnalyzeOptions, isChecked: (file: string) => boolean, stats: AnalyzeStats): Promise<Analysis> {
  const { cwd, files } = options;
  const store = new PageCache(options.cacheDir ?? resolve(cwd, CACHE_DIR));
  const version = await (options.version ?? versionKey());
  const configKey = hashOf(version, cwd, options.configText, JSON.stringify(Object.entries(options.rules).sort()), JSON.stringify(Object.entries(options.settings ?? {}).sort()));

  // 1. Every file's key: the hash of its bytes, or, for a file whose stat is what it was when the last whole run read
  // it, well before that run began, the key that run computed (git's test for an unchanged file). Unreadable files
  // get no key: the parser reports them.
  const last = options.pages === false ? await store.readResult() : undefined;
  const known = last && last.configKey === configKey ? knownStats(last, options.settledMs ?? SETTLED_MS) : undefined;
  const reading: Reading = { readAt: Date.now(), stats: new Map() };
  const keys = new Map<string, string>();
  for (const file of files) {
    const text = options.texts?.get(file);
    if (text !== undefined) {
      keys.set(file, hashOf(version, file, Buffer.from(text)));
      continue;
    }
    const path = resolve(cwd, file);
    const same = known?.get(file);
    if (same && sameStat(path, same.stat)) {
      keys.set(file, same.key);
      reading.stats.set(file, same.stat);
      continue;
    }
    // Regular files within the size bound only (a FIFO would block a plain read).
    const read = readRegularFileSync(path);
    if (read.kind !== 'ok') continue;
    stats.read++;
    keys.set(file, hashOf(version, file, read.bytes));
    reading.stats.set(file, [read.size, read.mtimeMs, read.ctimeMs]);
  }

  // 1b. The doc set a run that checked every page last saw: unchanged, its findings stand (only result.json is read);
  // with a few pages edited, only they and the pages whose questions named them are checked again.
  const docSet = keys.size === files.length ? docSetKey(configKey, files, keys) : undefined;
  if (docSet !== undefined && last && last.configKey === configKey) {
    const done = await analyzeDelta(stages, options, store, last, keys, docSet, reading, isChecked, stats);
    if (done) return done;
  }
  const old = await store.readIndex();

  // 2. Parse the pages the cache does not know.
  const toParse = files.filter((file) => old.entries[file]?.pageKey === undefined || old.entries[file].pageKey !== keys.get(file));
  // Most pages new (a cold cache, a new docpact): the whole run goes over the workers, which also record each page's
  // index questions and write the page files, so no DocPage crosses a thread here either.
  if (spreads(options) && toParse.length * 2 > files.length) {
    const bulk = await analyzeBulk(options, store, old.layout, keys, configKey, isChecked, stats, docSet, reading);
    if (bulk) return bulk;
  }
  const parsed = await parseSome(stages, toParse, options);
  stats.parsed = parsed.pages.length;
  const fresh = new Map(parsed.pages.map((page) => [page.file, page]));
  const newPages = new Map<string, DocPage>();
  const entries: Record<string, IndexEntry> = {};
  for (const file of files) {
    const key = keys.get(file);
    const page = fresh.get(file);
    if (page && key !== undefined) {
      entries[file] = { pageKey: key, facts: factsOf(page), extract: page.diagnostics };
      newPages.set(key, page);
    } else if (!page && key !== undefined && old.entries[file]?.pageKey === key) {
      entries[file] = old.entries[file];
      stats.reusedPages++;
    }
  }

  // 3. One object per page for the indexes: the parsed page, or its facts with the rest read on first use.
  // A page file missing from the cache is parsed on the spot (rare); the parser module is loaded up front for it
  // only when the cache lacks a page file, which `missingPageFiles` finds without reading them.
  const needsParser = await store.missingPages(files.map((file) => entries[file]?.pageKey).filter((k): k is string => k !== undefined));
  const parser = needsParser ? await import('../extractor/load.js') : undefined;
  const requireParser = (): typeof import('../extractor/load.js') => {
    if (!parser) throw new Error('docpact cache: a page file disappeared during the run; run again (or with --no-cache)');
    return parser;
  };
  const loadedPages = new Map<string, DocPage>();
  const load = (file: string): DocPage => {
    let page = fresh.get(file) ?? loadedPages.get(file);
    if (page) return page;
    const entry = entries[file];
    page = store.readPageSync(entry.pageKey, (p) => readFileSync(p, 'utf8'));
    if (page) stats.loadedFromCache++;
    else {
      page = parseAgain(requireParser(), options, file);
      newPages.set(entry.pageKey, page);
    }
    loadedPages.set(file, page);
    return page;
  };
  const pageFiles = files.filter((file) => entries[file] !== undefined || fresh.has(file));
  const pages: DocPage[] = pageFiles.map((file) => fresh.get(file) ?? lazyPage(entries[file].facts, () => load(file)));
  const byFile = new Map(pages.map((page) => [page.file, page]));
  const keyOf = (file: string): string => entries[file]?.pageKey ?? '';

  // 4. Contract findings: reused when the page and the type universe are the same.
  const universe = universeKey(pageFiles.map((file) => entries[file]?.facts ?? factsOf(fresh.get(file)!)));
  const selected = pageFiles.filter(isChecked);
  const previous = (file: string): CachedFindings | undefined => {
    const entry = old.entries[file];
    return entry?.pageKey === keyOf(file) && entry.findings?.configKey === configKey ? entry.findings : undefined;
  };
  const contractFindings = new Map<string, readonly Diagnostic[]>();
  const needContracts = new Set<string>();
  for (const file of selected) {
    const cached = previous(file)?.contracts;
    if (cached && cached.universe === universe) contractFindings.set(file, cached.diagnostics);
    else needContracts.add(file);
  }
  stats.contracts = needContracts.size;
  stats.reusedContracts = selected.length - needContracts.size;
  if (needContracts.size > 0) {
    // Pages whose findings are not wanted take part as skeletons: the type index reads only their facts.
    const input = pageFiles.map((file) => (needContracts.has(file) ? load(file) : skeleton(entries[file]?.facts ?? factsOf(fresh.get(file)!))));
    const built = (await stages.contracts()).buildContracts(input, { index: await docIndex([...input].sort(byPath), options.model) });
    for (const file of needContracts) contractFindings.set(file, []);
    for (const d of built.diagnostics) if (needContracts.has(d.file)) (contractFindings.get(d.file) as Diagnostic[]).push(d);
  }

  // 5. Check findings: reused when every recorded question has the same answer.
  const checks = await stages.checks();
  const docs = checks.buildDocSet(pages, { cwd, index: await docIndex(pages, options.model) });
  const checkFindings = new Map<string, { diagnostics: readonly Diagnostic[]; queries: readonly RecordedQuery[] }>();
  for (const file of selected) {
    const cached = previous(file)?.checks;
    if (cached && cached.queries.every((query) => answer(docs, query, keyOf) === query.answer)) {
      checkFindings.set(file, cached);
      stats.reusedChecks++;
      continue;
    }
    const queries: RecordedQuery[] = [];
    const diagnostics = checks.runChecks([byFile.get(file)!], { rules: options.rules, docsIndex: recordingDocSet(docs, queries, keyOf), cwd });
    checkFindings.set(file, { diagnostics, queries });
    stats.checked++;
  }

  // 6. Save, and put the findings together in the order the uncached path gives.
  for (const file of selected) {
    const entry = entries[file];
    if (!entry) continue;
    entries[file] = { ...entry, findings: { configKey, checks: checkFindings.get(file), contracts: { diagnostics: contractFindings.get(file) ?? [], universe } } };
  }
  // Keep the findings of pages outside this selection (another shard, unchanged pages) while they are still valid.
  for (const file of pageFiles) {
    if (isChecked(file) || !entries[file] || entries[file].findings) continue;
    const kept = previous(file);
    if (kept) entries[file] = { ...entries[file], findings: kept };
  }
  const index: CacheIndex = { layout: old.layout, entries };
  const sameFiles = Object.keys(old.entries).length === pageFiles.length && pageFiles.every((file) => old.entries[file] !== undefined);
  const changed = newPages.size > 0 || stats.checked > 0 || stats.contracts > 0 || !sameFiles;
  try {
    if (changed) await store.save(index, newPages);
  } catch {
    // A read-only checkout or a full disk costs the next run its speed, not this run its result.
  }
  const diagnostics: Diagnostic[] = [
    ...parsed.diagnostics.filter((d) => isChecked(d.file)),
    ...selected.flatMap((file) => entries[file]?.extract ?? []),
    ...selected.flatMap((file) => contractFindings.get(file) ?? []),
    ...selected.flatMap((file) => checkFindings.get(file)?.diagnostics ?? []),
  ];
  // Every page read and checked: the next run over the same doc set needs only these findings.
  const everyPage = docSet !== undefined && parsed.diagnostics.length === 0 && selected.length === files.length;
  const result = everyPage ? await resultOf(cwd, files, entries, configKey, universe, docSet, reading, options.settings ?? {}) : undefined;
  await store.saveResult(result, result && files.map((file) => entries[file].facts)).catch(() => undefined);
  return { diagnostics: settle(diagnostics, options.settings ?? {}), pages, stats };
}

/**
 * The doc set's state for result.json from the index entries of a run that checked every page, or undefined when a
 * page lacks its findings (then there is no state to keep).
 */
async function resultOf(
  cwd: string, files: readonly string[], entries: Readonly<Record<string, IndexEntry>>, configKey: string, universe: string, docSet: string, reading: Reading, settings: Settings,
): Promise<Omit<CachedResult, 'layout'> | undefined> {
  const indexOfKey = new Map<string, number>();
  files.forEach((file, i) => entries[file] && indexOfKey.set(entries[file].pageKey, i));
  const isPage = pageTest(files);
  const pages: ResultPage[] = [];
  for (const file of files) {
    const entry = entries[file];
    const checks = entry?.findings?.checks;
    const contracts = entry?.findings?.contracts;
    if (!checks || !contracts) return undefined;
    const findings = pageFindingsText(settle([...entry.extract, ...contracts.diagnostics, ...checks.diagnostics], settings));
    pages.push(resultPage(entry.pageKey, reading.stats.get(file), findings, checks.queries, indexOfKey, isPage));
  }
  // What the disk answers were read from: every question asked once more, recording the directories read.
  const { DiskQuestions } = await import('./disk-state.js');
  const disk = new DiskQuestions(cwd, files);
  const dirs = disk.agree(pages.flatMap((page) => questionsOf(page))) ? { at: reading.readAt, records: disk.records() } : undefined;
  return { configKey, docSet, universe, factsId: docSet, readAt: reading.readAt, files, pages, ...(dirs && { dirs }) };
}

function resultPage(
  key: string, stat: FileStat | undefined, findings: PageFindings, queries: readonly RecordedQuery[], indexOfKey: ReadonlyMap<string, number>, isPage: (path: string) => boolean,
): ResultPage {
  const { deps, every, disk } = dependencies(queries, indexOfKey, isPage);
  return { key, ...(stat && { stat }), findings, deps: deps.join(','), ...(every && { every: true as const }), ...(disk.length > 0 && { disk: JSON.stringify(disk) }) };
}

/** A state page's disk questions. */
function questionsOf(page: ResultPage): DiskQuestion[] {
  return page.disk === undefined ? [] : (JSON.parse(page.disk) as DiskQuestion[]);
}

/** Whether a page's dependencies (ascending indexes, comma-separated) name one of `edited`. */
function dependsOn(deps: string, edited: RegExp): boolean {
  return deps !== '' && edited.test(deps);
}

/**
 * A page whose cache file is gone (pruned, deleted by hand), parsed again from the text its key was computed from: the
 * editor's buffer, or the file (the bytes are not kept after hashing: on a large tree they would cost more than they save).
 */
function parseAgain(parser: typeof import('../extractor/load.js'), options: AnalyzeOptions, file: string): DocPage {
  let text = options.texts?.get(file);
  try {
    text ??= readFileSync(resolve(options.cwd, file), 'utf8');
  } catch {
    throw new Error(`docpact cache: ${file} and its cached page both disappeared during the run; run again`);
  }
  return parser.parseText(file, text);
}

/** Whether the doc set's `lookupPath` answers a path from the file list (one of `files` in any case), not the disk. */
function pageTest(files: readonly string[]): (path: string) => boolean {
  const set = new Set(files.map((file) => posix.normalize(file).toLowerCase()));
  return (path) => set.has(posix.normalize(path).toLowerCase());
}

/** When this run read the files, and each file's stat as read (none for an editor's text). */
interface Reading {
  readonly readAt: number;
  readonly stats: Map<string, FileStat>;
}

/**
 * How long before a run began a file must have been changed for its stat to stand for its bytes: a file changed
 * within the same clock tick as the read (coarse file-system clocks tick in seconds) is read again next time.
 */
const SETTLED_MS = 2000;

/** The files of `last` whose stat may stand for their key. */
function knownStats(last: CachedResult, settledMs: number): Map<string, { readonly key: string; readonly stat: FileStat }> {
  const known = new Map<string, { readonly key: string; readonly stat: FileStat }>();
  last.files.forEach((file, i) => {
    const { key, stat } = last.pages[i];
    if (stat && stat[1] < last.readAt - settledMs && stat[2] < last.readAt - settledMs) known.set(file, { key, stat });
  });
  return known;
}

/** Whether the file at `path` is a regular file with this size, mtime and ctime. */
function sameStat(path: string, stat: FileStat): boolean {
  try {
    const info = statSync(path, { throwIfNoEntry: false });
    return info !== undefined && info.isFile() && sameFileStat([info.size, info.mtimeMs, info.ctimeMs], stat);
  } catch {
    return false;
  }
}

/** Whether two stats (either may be unknown) are the same. */
function sameFileStat(a: FileStat | undefined, b: FileStat | undefined): boolean {
  return a === b || (a !== undefined && b !== undefined && a.every((value, k) => value === b[k]));
}

/** Up to this many changed pages (or a twentieth of the doc set) are written beside result.json, not into it. */
const EDITS_MIN = 200;

/** The most edited pages the delta path parses in this thread; a larger change goes the index's way, over the workers. */
const DELTA_MAX = 200;

/**
 * A run over the files of the last run that checked every page (`last`, result.json): the pages whose bytes are the
 * same keep their findings unless a question of theirs named an edited page, asked for every page, or looked a path
 * up on disk that now answers otherwise; the rest are checked again against the whole doc set, whose other pages
 * are known by their facts (facts.json) and read from the cache only if a rule looks into them. Undefined, and the
 * run goes the long way, when the files are not the same, too many were edited, or an edit changed what the
 * contracts' type universe or the doc-set-wide example names read (then any page may answer otherwise).
 */
async function analyzeDelta(
  stages: Stages, options: AnalyzeOptions, store: PageCache, last: CachedResult, keys: ReadonlyMap<string, string>, docSet: string, reading: Reading,
  isChecked: (file: string) => boolean, stats: AnalyzeStats,
): Promise<Analysis | undefined> {
  const { cwd, files } = options;
  if (last.files.length !== files.length || last.files.some((file, i) => file !== files[i])) return undefined;
  const edited: number[] = [];
  files.forEach((file, i) => keys.get(file) !== last.pages[i].key && edited.push(i));
  if (edited.length > DELTA_MAX) return undefined;
  // An edit needs the parser, the contracts and the rules: their modules load while the disk is asked again and the
  // facts are read below (the loader resolves and compiles them beside this thread).
  if (edited.length > 0) void Promise.all([stages.parallel(), import('../extractor/load.js'), stages.contracts(), stages.checks()]).catch(() => undefined);
  const recheck = new Set<number>(edited);
  // The disk questions whose way passes through a directory that may list otherwise now (all of them when the state
  // does not say what its answers were read from) are asked again; a page with an answer that moved is checked again.
  const { DiskQuestions, passesThrough } = await import('./disk-state.js');
  const disk = new DiskQuestions(cwd, files);
  const moved = last.dirs ? disk.changed(last.dirs.records, last.dirs.at - (options.settledMs ?? SETTLED_MS)) : undefined;
  if (moved === undefined || moved.size > 0) {
    const through = moved === undefined ? (): boolean => true : (path: string): boolean => [...moved].some((dir) => passesThrough(path, dir));
    last.pages.forEach((page, i) => {
      const ask = questionsOf(page).filter(([path]) => through(path));
      stats.asked += ask.length;
      if (!disk.agree(ask)) recheck.add(i);
    });
  }
  // What the answers are read from after this run: the directories read now, and the others as they were.
  const dirsNow = (asked: Iterable<DiskQuestion>): DiskState | undefined => {
    if (!disk.agree(asked)) return undefined;
    const fresh = disk.records();
    const read = new Set(fresh.map(([dir]) => dir));
    const kept = moved === undefined ? [] : (last.dirs?.records ?? []).filter(([dir]) => !read.has(dir) && !moved.has(dir));
    return { at: reading.readAt, records: [...kept, ...fresh] };
  };
  if (recheck.size === 0 && last.docSet === docSet) {
    stats.reusedPages = files.length;
    stats.reusedChecks = stats.reusedContracts = files.filter(isChecked).length;
    // Directories that moved but list the same names: recorded again (beside the state), so the next run asks nothing.
    if (moved === undefined || moved.size > 0) {
      const dirs = dirsNow([]);
      const { base: _base, ...state } = last;
      await store.saveResultEdits(last.base?.docSet ?? last.docSet, { ...state, ...(dirs ? { dirs } : { dirs: undefined }) }, last.base?.edited ?? []).catch(() => undefined);
    }
    return fromResult(last, isChecked, stats);
  }

  // Parse the edited pages; their facts must leave the universe and the example names as they were.
  const facts = await store.readResultFacts(last);
  if (!facts) return undefined;
  const editedFiles = edited.map((i) => files[i]);
  const parsed = await parseSome(stages, editedFiles, options);
  if (parsed.diagnostics.length > 0 || parsed.pages.length !== edited.length) return undefined;
  const fresh = new Map(parsed.pages.map((page) => [page.file, page]));
  const newFacts = facts.map((f, i) => (fresh.has(files[i]) ? factsOf(fresh.get(files[i])!) : f));
  // The universe digests every page's part in file order, the same files: only the edited pages' parts can move it.
  const names = (f: PageFacts): string => JSON.stringify((f.requestNames ?? []).map((n) => n.name));
  if (edited.some((i) => universePart(newFacts[i]) !== universePart(facts[i]) || names(newFacts[i]) !== names(facts[i]))) return undefined;
  const { universe } = last;
  // One pattern for "names an edited page" over every page's dependency list, read as text.
  const named = new RegExp(`(?:^|,)(?:${edited.join('|')})(?:,|$)`);
  last.pages.forEach((page, i) => {
    if (page.every || (edited.length > 0 && dependsOn(page.deps, named))) recheck.add(i);
  });
  stats.parsed = edited.length;
  stats.reusedPages = files.length - edited.length;

  // The pages: the edited ones as parsed, the others by their facts, read from the cache on first use.
  const parser = await import('../extractor/load.js');
  const load = (i: number): DocPage => {
    const page = store.readPageSync(last.pages[i].key, (p) => readFileSync(p, 'utf8'));
    if (page) {
      stats.loadedFromCache++;
      return page;
    }
    return parseAgain(parser, options, files[i]);
  };
  const pages = files.map((file, i) => {
    const page = fresh.get(file);
    if (page) return page;
    let loaded: DocPage | undefined;
    return lazyPage(facts[i], () => (loaded ??= load(i)));
  });

  // Contracts of the edited pages (the others' depend only on the universe, which is the same).
  const input = files.map((file, i) => fresh.get(file) ?? skeleton(facts[i]));
  const built = edited.length > 0 ? (await stages.contracts()).buildContracts(input, { index: await docIndex(input, options.model) }) : undefined;
  const contracts = new Map<string, Diagnostic[]>(editedFiles.map((file) => [file, []]));
  for (const d of built?.diagnostics ?? []) contracts.get(d.file)?.push(d);
  stats.contracts = edited.length;
  stats.reusedContracts = files.length - edited.length;

  // Checks of the edited pages and of those that depend on them.
  const checks = await stages.checks();
  const docs = checks.buildDocSet(pages, { cwd, index: await docIndex(pages, options.model) });
  const keyOf = (file: string): string => keys.get(file) ?? '';
  const indexOfKey = new Map(files.map((file, i) => [keyOf(file), i]));
  const isPage = pageTest(files);
  const next = [...last.pages];
  for (const i of [...recheck].sort((a, b) => a - b)) {
    const queries: RecordedQuery[] = [];
    const diagnostics = checks.runChecks([pages[i]], { rules: options.rules, docsIndex: recordingDocSet(docs, queries, keyOf), cwd });
    const page = fresh.get(files[i]);
    // An edited page's other stages are as found now; another page's, as stored (settled already, which settling
    // again leaves as it is).
    const others = page ? [...page.diagnostics, ...(contracts.get(files[i]) ?? [])] : parseFindings(last.pages[i].findings.text).filter((d) => !isCheckFinding(d));
    const findings = pageFindingsText(settle([...others, ...diagnostics], options.settings ?? {}));
    next[i] = resultPage(keyOf(files[i]), reading.stats.get(files[i]), findings, queries, indexOfKey, isPage);
  }
  stats.checked = recheck.size;
  stats.reusedChecks = files.length - recheck.size;

  // Save: the edited pages' files, then the new state (the facts again only if an edit moved one).
  const factsMoved = edited.some((i) => JSON.stringify(newFacts[i]) !== JSON.stringify(facts[i]));
  // Pages not checked again keep their findings; their stats are as read now.
  const changed = new Set<number>([...(last.base?.edited ?? []), ...recheck]);
  for (let i = 0; i < next.length; i++) {
    if (recheck.has(i)) continue;
    const stat = reading.stats.get(files[i]);
    if (sameFileStat(stat, next[i].stat)) continue;
    const { stat: _old, ...rest } = next[i];
    next[i] = stat ? { ...rest, stat } : rest;
    changed.add(i);
  }
  // The re-checked pages' questions were answered by their rules: asked here too, so the directories they read are known.
  const dirs = dirsNow([...recheck].flatMap((i) => questionsOf(next[i])));
  const result: Omit<CachedResult, 'layout'> = {
    configKey: last.configKey, docSet, universe, factsId: factsMoved ? docSet : last.factsId, readAt: reading.readAt, files, pages: next, ...(dirs && { dirs }),
  };
  try {
    for (const [file, page] of fresh) await store.writePage(keyOf(file), page);
    // A few pages changed: written beside result.json (of the doc set it was written for); many: result.json again.
    if (changed.size <= Math.max(EDITS_MIN, files.length / 20)) {
      await store.saveResultEdits(last.base?.docSet ?? last.docSet, result, changed, factsMoved ? newFacts : undefined);
    } else await store.saveResult(result, factsMoved ? newFacts : undefined);
  } catch {
    // A read-only checkout or a full disk costs the next run its speed, not this run its result.
  }
  return fromResult({ layout: last.layout, ...result }, isChecked, stats);
}

/**
 * The findings of a doc set's state (`result.json`, as read or as a delta run left it): every stage's findings on
 * each checked page, in file order. Only for callers that want no pages back (`check`).
 */
function fromResult(result: CachedResult, isChecked: (file: string) => boolean, stats: AnalyzeStats): Analysis {
  const findingTexts: StoredFindings[] = [];
  result.files.forEach((file, i) => isChecked(file) && findingTexts.push({ file, ...result.pages[i].findings }));
  let diagnostics: Diagnostic[] | undefined;
  return {
    get diagnostics(): Diagnostic[] {
      return (diagnostics ??= findingTexts.flatMap((page) => parseFindings(page.text)));
    },
    findingTexts, pages: [], stats,
  };
}

/**
 * The cached path when most pages are new: engine/distributed.ts with recording on. The workers write the page files;
 * this thread writes the index from each page's facts and findings. Undefined when the run is too small for workers.
 */
async function analyzeBulk(
  options: AnalyzeOptions, store: PageCache, layout: number, keys: ReadonlyMap<string, string>, configKey: string, isChecked: (file: string) => boolean, stats: AnalyzeStats,
  docSet: string | undefined, reading: Reading,
): Promise<Analysis | undefined> {
  const { analyzeDistributed } = await import('./distributed.js');
  const done = await analyzeDistributed({
    ...parseOptions(options), cwd: options.cwd, files: options.files, isChecked, rules: options.rules, ...(options.model && { model: options.model }),
    record: { keys: Object.fromEntries(keys), cacheDir: store.dir },
  });
  if (!done) return undefined;
  const pageFiles = options.files.filter((file) => done.pages.has(file) && keys.has(file));
  const universe = universeKey(pageFiles.map((file) => done.pages.get(file)!.facts));
  const contracts = new Map<string, Diagnostic[]>();
  for (const d of done.findings.contracts) {
    const list = contracts.get(d.file);
    if (list) list.push(d);
    else contracts.set(d.file, [d]);
  }
  const entries: Record<string, IndexEntry> = {};
  for (const file of pageFiles) {
    const { facts, extract } = done.pages.get(file)!;
    const checks = done.findings.checks[file];
    const checked = isChecked(file) && checks?.queries !== undefined;
    entries[file] = {
      pageKey: keys.get(file)!, facts, extract,
      ...(checked && { findings: { configKey, checks: { diagnostics: checks.diagnostics, queries: checks.queries! }, contracts: { diagnostics: contracts.get(file) ?? [], universe } } }),
    };
  }
  stats.parsed = done.parsed;
  stats.checked = stats.contracts = pageFiles.filter(isChecked).length;
  const everyPage = docSet !== undefined && done.unread.length === 0 && options.files.every(isChecked);
  const result = everyPage ? await resultOf(options.cwd, options.files, entries, configKey, universe, docSet, reading, options.settings ?? {}) : undefined;
  try {
    await store.save({ layout, entries }, new Map());
    await store.saveResult(result, result && options.files.map((file) => entries[file].facts));
  } catch {
    // A read-only checkout or a full disk costs the next run its speed, not this run its result.
  }
  return { diagnostics: settle(done.diagnostics, options.settings ?? {}), pages: [], stats };
}

/** The resolved doc set of `pages` (with the configured CSDL's facts, if any). */
async function docIndex(pages: readonly DocPage[], model: import('../resolve/doc-index.js').ModelFacts | undefined): Promise<import('../resolve/doc-index.js').DocIndex> {
  const { DocIndex } = await import('../resolve/doc-index.js');
  return new DocIndex(pages, model);
}

const byPath = (a: DocPage, b: DocPage): number => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0);

/** The facts a page known by them answers without loading itself; its enums are read through ENUM_FACTS. */
const FACT_KEYS: ReadonlySet<string | symbol> = new Set<string | symbol>(['file', 'kind', 'version', 'stem', 'namespace', 'resourceType', 'inheritsFrom', 'requestNames', ENUM_FACTS]);

/** A page's facts as the fields of a page: its enums' facts apart (resolve/enum-facts.ts), since they are not whole enums. */
function factFields(facts: PageFacts): Omit<PageFacts, 'enums'> & { readonly [ENUM_FACTS]: PageFacts['enums'] } {
  const { enums, ...rest } = facts;
  return { ...rest, [ENUM_FACTS]: enums };
}

/** A DocPage whose facts are at hand and whose other fields are loaded on first access. */
function lazyPage(facts: PageFacts, load: () => DocPage): DocPage {
  return new Proxy(factFields(facts) as unknown as DocPage, {
    get(target, key, receiver) {
      // A fact absent from the facts (no version, no namespace) is absent from the page too: no need to load it.
      if (Object.hasOwn(target, key) || FACT_KEYS.has(key)) return Reflect.get(target, key, receiver);
      return Reflect.get(load(), key);
    },
    has(target, key) {
      return Object.hasOwn(target, key) || key in load();
    },
    ownKeys: () => Reflect.ownKeys(load()),
    getOwnPropertyDescriptor(target, key) {
      return Object.hasOwn(target, key) ? Reflect.getOwnPropertyDescriptor(target, key) : Reflect.getOwnPropertyDescriptor(load(), key);
    },
  });
}

/** A page with its facts and nothing else: it defines its types for the contracts' index but builds nothing. */
function skeleton(facts: PageFacts): DocPage {
  // One frozen empty list shared by every skeleton: a whole doc set's skeletons would otherwise be 300,000 arrays.
  return {
    ...factFields(facts), enums: NONE, headings: NONE, tables: NONE, links: NONE, requestTemplates: NONE, httpRequestSections: NONE, permissions: NONE, requestHeaders: NONE,
    parameters: NONE, requestBody: NONE, examples: NONE, pairs: NONE, properties: NONE, relationships: NONE, source: '', diagnostics: NONE,
  };
}

const NONE: never[] = Object.freeze([]) as never[];

/**
 * A digest of every page's facts: what decides how any type name or link resolves in the contracts. Places are left
 * out: the contracts report a type's base at a place on the page they report it on, which is built again when that
 * page changes, so a line added above a resource page's title does not make every page's contracts stale.
 */
function universeKey(facts: readonly PageFacts[]): string {
  return hashOf(...facts.map(universePart));
}

/** One page's part of {@link universeKey}. */
function universePart(f: PageFacts): string {
  const placeless = <T extends { readonly range: unknown }>(value: T | undefined): Omit<T, 'range'> | undefined => {
    if (value === undefined) return undefined;
    const { range: _range, ...rest } = value;
    return rest;
  };
  return JSON.stringify([
    f.file, f.kind, f.version, f.namespace?.value, placeless(f.resourceType), placeless(f.inheritsFrom), f.enums.map((e) => [e.name, e.anchor, e.members.map((m) => m.name)]),
  ]);
}
