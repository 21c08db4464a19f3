/**
 * `docpact check` over worker threads, end to end: every per-page step — reading, parsing, building the page's part of
 * the doc set, its contracts, its rules — runs in the workers; this thread only passes small summaries between them
 * and collects findings.
 *
 * 1. The workers parse their share of the files (chunks from a shared queue, each page under its time budget, as
 *    extractor/parallel.ts does) and keep the pages (as compressed text: engine/page-work.ts); each writes its pages'
 *    summaries into shared memory and sends back only where they are (engine/shared-summaries.ts).
 * 2. The places of every page's summary, in file order, go to each worker once; no summary is copied.
 * 3. Each worker builds the resolved doc set from every page's summary and answers with the contracts' and rules'
 *    findings on its pages, analysed one at a time with their own fields read back (engine/page-work.ts).
 *
 * The findings are those of a one-thread run whatever the number of workers (tests/scale/workers.test.ts). A worker
 * lost halfway (a crash, out of memory) costs time, not findings: its pages are parsed again — by another worker
 * while parsing, in this thread once analysing has begun.
 */
import type { Diagnostic } from '../core/diagnostic.js';
import type { FileResult } from '../extractor/parse-worker.js';
import type { ParallelOptions, ParsePool, PoolWorker, WorkerLost } from '../extractor/parallel.js';
import type { AnalyzeRequest, PageFindings } from './page-work.js';
import type { PageFacts } from './cache.js';
import { factsOf } from './cache.js';
import { PageWork } from './page-work.js';
import { shareSummaries, SummaryWriter, summaryAt, summaryBytes, writeSummary } from './shared-summaries.js';
import type { SummaryRef } from './shared-summaries.js';
import type { RuleSetting } from '../checks/engine.js';
import type { ModelFacts } from '../resolve/doc-index.js';

export interface DistributedOptions extends ParallelOptions {
  readonly cwd: string;
  /** Every page of the run, relative to cwd, sorted. */
  readonly files: readonly string[];
  readonly isChecked: (file: string) => boolean;
  readonly rules: Readonly<Record<string, RuleSetting>>;
  /** The configured CSDL's type facts, if any. */
  readonly model?: ModelFacts;
  /** For the cache: record each checked page's index questions and write the page files (see AnalyzeRequest). */
  readonly record?: AnalyzeRequest['record'];
}

export interface DistributedResult {
  /** Unreadable files, extractor, contracts and check findings on the checked pages, unsorted. */
  readonly diagnostics: Diagnostic[];
  /** Pages parsed. */
  readonly parsed: number;
  /** Workers the run used. */
  readonly workers: number;
  /** Each page's facts and extractor findings, by file (every page parsed, checked or not). */
  readonly pages: ReadonlyMap<string, { readonly facts: PageFacts; readonly extract: readonly Diagnostic[] }>;
  /** Unreadable files' findings (no page). */
  readonly unread: readonly Diagnostic[];
  /** The contracts' and checks' findings of every thread, unfiltered (with the questions, when recorded). */
  readonly findings: PageFindings;
}

/** How many times the pages of a worker lost while parsing are handed to the others before this thread takes them. */
const REPARSE_ROUNDS = 2;

/**
 * Checks `files` over worker threads; undefined when the run is too small for workers (the caller then runs it in
 * this thread, which gives the same findings).
 */
export async function analyzeDistributed(options: DistributedOptions): Promise<DistributedResult | undefined> {
  const parallel = await import('../extractor/parallel.js');
  // `--workers 1` too runs in a worker: it keeps the pages as compactly as two do, where this thread would hold them
  // whole (x10, one run each: 65.0 s and 779 MB in one worker, 84.0 s and 1,348 MB in this thread).
  const pool = new parallel.ParsePool(options.files.length, { ...options, oneWorker: true });
  if (pool.planned === 0) return undefined;
  try {
    return await distribute(pool, parallel.WorkerLost, options);
  } finally {
    await pool.stop();
  }
}

async function distribute(pool: ParsePool, Lost: typeof WorkerLost, options: DistributedOptions): Promise<DistributedResult> {
  const { files } = options;
  const mb = (bytes: number): number => Math.round(bytes / 1e6);
  const trace = process.env.DOCPACT_TRACE === '1'
    ? (what: string): void => {
      const m = process.memoryUsage();
      process.stderr.write(`docpact trace ${Math.round(performance.now())} ms: ${what}, rss ${mb(m.rss)} MB, main heap ${mb(m.heapUsed)}/${mb(m.heapTotal)} ext ${mb(m.external)}\n`);
    }
    : (): void => undefined;
  trace('parse start');
  // 1. Parse, keeping each page where it was parsed.
  const results: FileResult[] = new Array(files.length);
  const holders: (PoolWorker | undefined)[] = new Array(files.length);
  let todo = files.map((_, i) => i);
  for (let round = 0; todo.length > 0 && round <= REPARSE_ROUNDS; round++) {
    const run = await pool.run('keep', todo.map((i) => files[i]));
    todo.forEach((fileIndex, k) => {
      results[fileIndex] = run.results[k];
      holders[fileIndex] = run.holders[k];
    });
    // A page with a summary but no live holder was kept by a worker that has since been lost: parse it again.
    todo = todo.filter((i) => results[i].summary !== undefined && (holders[i] === undefined || holders[i]!.lost));
  }
  // Pages still without a live holder (workers kept failing), and pages parsed in this thread: analysed here.
  const local = new PageWork();
  const localFiles: string[] = [];
  const localSummaries = new SummaryWriter();
  const keepHere = async (i: number): Promise<FileResult> => {
    const result = await pool.oneHere('pages', files[i]);
    holders[i] = undefined;
    if (!result.page) return result;
    localFiles.push(files[i]);
    return { diagnostics: result.page.diagnostics, bytes: result.bytes, summary: writeSummary(localSummaries, local.keep(result.page)), facts: factsOf(result.page) };
  };
  for (const i of files.keys()) {
    if (results[i].summary !== undefined && (holders[i] === undefined || holders[i]!.lost)) results[i] = await keepHere(i);
  }

  // 2. Where every page's summary is, in file order, and who holds the page; each thread is sent the order of all
  // pages and the places of their summaries (which it reads in shared memory).
  // One pass over the results: each page's summary and holder, its facts and extractor findings; unread files.
  const parts: { file: string; summary: SummaryRef; holder: PoolWorker | undefined }[] = [];
  const pages = new Map<string, { facts: PageFacts; extract: readonly Diagnostic[] }>();
  const unread: Diagnostic[] = [];
  results.forEach((result, i) => {
    if (result.summary === undefined || result.facts === undefined) {
      unread.push(...result.diagnostics);
      return;
    }
    parts.push({ file: files[i], summary: result.summary, holder: holders[i] });
    pages.set(files[i], { facts: result.facts, extract: result.diagnostics });
  });
  const order = JSON.stringify(parts.map((part) => part.file));
  // The summaries stay where their workers wrote them, in shared memory every worker reads in place: no copy of the
  // doc set here or per worker.
  const shared = shareSummaries(parts.map((part) => part.summary));
  trace(`summaries shared, ${Math.round(summaryBytes(shared) / 1e6)} MB`);
  const extract: Diagnostic[] = results.flatMap((result) => result.diagnostics);
  const parsed = parts.length;

  // 3. Each worker analyses its pages against the whole set; a worker lost now has its pages done here instead.
  const byWorker = new Map<PoolWorker, string[]>();
  files.forEach((file, i) => {
    const holder = holders[i];
    if (holder === undefined) return;
    const list = byWorker.get(holder);
    if (list) list.push(file);
    else byWorker.set(holder, [file]);
  });
  const request = (own: readonly string[]): string => JSON.stringify({
    cwd: options.cwd, rules: options.rules, checked: own.filter(options.isChecked), ...(options.model && { model: options.model }), ...(options.record && { record: options.record }),
  } satisfies AnalyzeRequest);
  const lostFiles: string[] = [];
  const found = await Promise.all([...byWorker].map(async ([worker, own]) => {
    try {
      await worker.call('summaries', `{"order":${order}}`, shared);
      trace('worker has the summaries');
      const text = await worker.call('analyze', request(own));
      // The worker is done: ended now, its heap is given back before this thread parses the findings (the run's peak).
      await worker.stop();
      return JSON.parse(text ?? '{}') as PageFindings;
    } catch (error) {
      if (!(error instanceof Lost)) throw error;
      lostFiles.push(...own);
      return undefined;
    }
  }));
  // Their extractor findings are in `extract` already; only the pages are needed again.
  for (const file of lostFiles) await keepHere(files.indexOf(file));
  if (local.size > 0) {
    local.setOrder(JSON.parse(order) as string[], (i) => summaryAt(shared, i));
    found.push(await local.analyze(JSON.parse(request(localFiles)) as AnalyzeRequest));
  }
  trace('analysed');
  const findings: PageFindings = { contracts: [], checks: {} };
  for (const part of found) {
    if (!part) continue;
    findings.contracts.push(...part.contracts);
    Object.assign(findings.checks, part.checks);
  }
  const checked = Object.values(findings.checks).flatMap((c) => c.diagnostics);
  const diagnostics = [...extract, ...findings.contracts, ...checked].filter((d) => options.isChecked(d.file));
  return { diagnostics, parsed, workers: byWorker.size, pages, unread, findings };
}
