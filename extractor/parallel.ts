/**
 * `loadPages` spread over worker threads. Parsing is the bulk of a run (remark's tokenizer), pages are independent,
 * and a DocPage is plain JSON, so pages are parsed in workers and cloned back. Workers take chunks of files from a
 * shared queue (a slow page does not hold up a fixed share), and results are put back in the file order, so the
 * outcome is the same as `loadPages` whatever the number of workers.
 *
 * Every page has a time budget (`pageTimeout`, default {@link DEFAULT_PAGE_TIMEOUT} s): remark has inputs it takes
 * minutes on (80 KB of nested `*_`, thousands of block quotes), and one such page must not stall the run. A page
 * past its budget becomes one `extract/too-slow` finding; in a worker, the worker is terminated and replaced and the
 * rest of its chunk goes back to the queue; in this thread, the parse runs under `vm`'s timeout, which interrupts it.
 * The budget is CPU time of the parsing thread where Linux tells it (see thread-cpu.ts), so a loaded machine does not
 * turn large ordinary pages into findings; wall-clock time is bounded too, at {@link WALL_FACTOR} times the budget.
 */
import { availableParallelism } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { Script, createContext } from 'node:vm';
import { Worker } from 'node:worker_threads';
import type { Diagnostic } from '../core/diagnostic.js';
import { FILE_START } from '../core/diagnostic.js';
import type { LoadOptions, LoadResult } from './load.js';
import type { DocPage } from './model.js';
import type { CallRequest, ChunkRequest, FileResult, PageParser, WorkerMessage } from './parse-worker.js';
import { currentThreadId, threadCpuMs } from './thread-cpu.js';

// The parser (remark and friends, ~0.3 s to load) is imported here only when this thread parses: with workers,
// the main thread never needs it, and loading it would delay starting them.
// Loaded once: an `import()` of a loaded module still asks the module loader (and its hooks, under tsx) each time,
// about 1 ms a call here, once a page.
let inThreadModule: Promise<typeof import('./parse-worker.js')> | undefined;
const inThread = (): Promise<typeof import('./parse-worker.js')> => (inThreadModule ??= import('./parse-worker.js'));
let loadModule: Promise<typeof import('./load.js')> | undefined;

export interface ParallelOptions extends LoadOptions {
  /** Worker threads to parse with; 1 parses in this thread (unless {@link oneWorker}). Default: `os.availableParallelism()`. */
  readonly workers?: number;
  /**
   * `workers: 1` means one worker thread, not this thread: for a caller that keeps each page where it was parsed
   * (engine/distributed.ts), whose one worker holds the pages compactly while this thread stays small.
   */
  readonly oneWorker?: boolean;
  /**
   * Fewer files than this are parsed in this thread whatever `workers` says: starting a worker (loading tsx and
   * remark) costs about as much as parsing 40 pages. Default 100.
   */
  readonly minFilesPerWorker?: number;
  /** Called as files finish, with the count done so far and the total. */
  readonly onProgress?: (done: number, total: number) => void;
  /**
   * Seconds one page may take to be read and parsed before it becomes an `extract/too-slow` finding instead of a
   * page; 0 means no budget. Default {@link DEFAULT_PAGE_TIMEOUT}.
   */
  readonly pageTimeout?: number;
}

/**
 * The default per-page budget, in seconds. The largest Graph page (82 KB) parses in about 0.1 s; the margin is for
 * busy CI machines, where a page can take many times its usual time.
 */
export const DEFAULT_PAGE_TIMEOUT = 5;

/** However starved of CPU a thread is, a page gets at most this many times its budget in wall-clock time. */
const WALL_FACTOR = 12;

/** The `extract/too-slow` finding of a page that went past its budget. */
export function tooSlow(file: string, seconds: number): Diagnostic {
  return {
    ruleId: 'extract/too-slow', severity: 'error', file, range: FILE_START, element: 'file',
    message: `Unexpected page that took more than ${seconds} s to parse, expected it within the --page-timeout budget: docpact skipped it. `
      + 'Look for deeply nested block quotes or lists, or long runs of * and _ (generated or pasted text); a long but ordinary page can be given a larger --page-timeout',
  };
}

/** The default number of workers: one per core. */
export function defaultWorkers(): number {
  return availableParallelism();
}

/**
 * Reads and parses every page under `paths`, like `loadPages` (same pages, same order, same diagnostics), with the
 * parsing spread over `options.workers` threads.
 */
export async function loadPagesParallel(paths: readonly string[], options: ParallelOptions = {}): Promise<LoadResult> {
  const { findMarkdown, pathDiagnostics } = await import('./load.js');
  const { files, missing, special } = await findMarkdown(paths, options);
  const diagnostics = pathDiagnostics(missing, special);
  const { pages, diagnostics: unread } = await parseFiles(files, options);
  return { pages, diagnostics: [...diagnostics, ...unread], missing, special };
}

/** Reads and parses `files` (relative to `options.cwd`) in the order given; unreadable files become diagnostics. */
export async function parseFiles(files: readonly string[], options: ParallelOptions = {}): Promise<{ pages: DocPage[]; diagnostics: Diagnostic[] }> {
  const results = await runChunks('pages', files, options);
  const pages: DocPage[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const result of results) {
    if (result.page) pages.push(result.page);
    else diagnostics.push(...result.diagnostics);
  }
  return { pages, diagnostics };
}

/**
 * The benchmark's floor: reads every file and runs the remark pipeline on it, nothing else, with the same worker
 * set-up as {@link parseFiles}. Resolves to the bytes read.
 */
export async function parseFloor(files: readonly string[], options: ParallelOptions = {}): Promise<number> {
  const results = await runChunks('floor', files, options);
  return results.reduce((sum, r) => sum + r.bytes, 0);
}

/** How many workers a run of `count` files gets: 0 means this thread. */
export function plannedWorkers(count: number, options: Pick<ParallelOptions, 'workers' | 'minFilesPerWorker' | 'oneWorker'> = {}): number {
  const wanted = Math.max(1, Math.floor(options.workers ?? defaultWorkers()));
  const minFiles = options.minFilesPerWorker ?? 100;
  const useful = minFiles <= 0 ? count : Math.floor(count / minFiles);
  const workers = Math.min(wanted, useful);
  return workers < 1 || (workers === 1 && options.oneWorker !== true) ? 0 : workers;
}

async function runChunks(mode: ChunkRequest['mode'], files: readonly string[], options: ParallelOptions): Promise<FileResult[]> {
  const pool = new ParsePool(files.length, options);
  try {
    return (await pool.run(mode, files)).results;
  } finally {
    await pool.stop();
  }
}

/** What {@link ParsePool.run} gives back: each file's result and, for a file parsed in a worker, that worker. */
export interface PoolRun {
  readonly results: FileResult[];
  /** The worker that parsed each file (undefined: this thread, or no worker held it). */
  readonly holders: (PoolWorker | undefined)[];
}

/**
 * The worker threads of one run, kept between calls: `run` parses files over them (in `keep` mode each worker keeps
 * its pages for `call`s that follow), `workers` are the live ones, `stop` ends them. With 0 planned workers
 * everything happens in this thread.
 */
export class ParsePool {
  /** Workers this pool runs (0: this thread). */
  readonly planned: number;
  private readonly options: ParallelOptions;
  private readonly cwd: string;
  private readonly seconds: number;
  private readonly budgetMs: number | undefined;
  private readonly workerOptions: LoadOptions;
  private readonly started: PoolWorker[] = [];
  private slots: { worker: PoolWorker }[] = [];
  private nextId = 0;
  private crashes = 0;
  private inThreadParse: PageParser | undefined;

  constructor(count: number, options: ParallelOptions) {
    this.options = options;
    this.planned = plannedWorkers(count, options);
    this.cwd = options.cwd ?? process.cwd();
    this.seconds = options.pageTimeout ?? DEFAULT_PAGE_TIMEOUT;
    this.budgetMs = Number.isFinite(this.seconds) && this.seconds > 0 ? Math.ceil(this.seconds * 1000) : undefined;
    this.workerOptions = { cwd: this.cwd, ...(options.maxBytes !== undefined && { maxBytes: options.maxBytes }), ...(options.pointers !== undefined && { pointers: options.pointers }) };
  }

  /** The live workers, one per slot. */
  get workers(): readonly PoolWorker[] {
    return this.slots.map((slot) => slot.worker).filter((worker) => !worker.lost);
  }

  private start(): PoolWorker {
    if (this.planned >= availableParallelism()) markWithoutHelpers();
    const worker = startWorker(this.workerOptions, this.budgetMs);
    this.started.push(worker);
    return worker;
  }

  private overBudget(file: string): FileResult {
    return { diagnostics: [tooSlow(file, this.seconds)], bytes: 0 };
  }

  /** One file in this thread, under the budget when there is one (`keep` is served as `pages` here). */
  async oneHere(mode: ChunkRequest['mode'], file: string): Promise<FileResult> {
    const { floorOne, loadOne } = await inThread();
    if (mode === 'floor') return floorOne(file, this.cwd);
    if (this.budgetMs === undefined) return loadOne(file, this.options);
    const { safeParse } = await (loadModule ??= import('./load.js'));
    this.inThreadParse ??= withTimeout(safeParse, this.budgetMs);
    try {
      return await loadOne(file, this.options, this.inThreadParse);
    } catch (error) {
      if (error instanceof PageTimeout) return this.overBudget(file);
      throw error;
    }
  }

  /** Reads and parses `files` in order over the workers (or in this thread); see {@link PoolRun}. */
  async run(mode: ChunkRequest['mode'], files: readonly string[]): Promise<PoolRun> {
    const results: FileResult[] = new Array(files.length);
    const holders: (PoolWorker | undefined)[] = new Array(files.length);
    let done = 0;
    const progress = (n: number): void => {
      done += n;
      this.options.onProgress?.(done, files.length);
    };
    if (this.planned === 0) {
      for (let i = 0; i < files.length; i++) {
        results[i] = await this.oneHere(mode, files[i]);
        progress(1);
      }
      return { results, holders };
    }
    // Small chunks keep the workers evenly busy to the end; big ones cut the messaging. ~8 chunks per worker.
    const size = Math.max(4, Math.min(64, Math.ceil(files.length / (this.planned * 8))));
    const queue: { start: number; files: string[] }[] = [];
    for (let start = 0; start < files.length; start += size) queue.push({ start, files: files.slice(start, start + size) });
    // Each worker has up to two chunks in hand, so it starts the next while this thread reads the last one's result.
    const feed = async (slot: { worker: PoolWorker }): Promise<void> => {
      while (queue.length > 0) {
        const chunk = queue.shift()!;
        // A worker lost to the budget or a crash is replaced when there is work for it; after a few crashes (a
        // worker that cannot start) this thread does the rest.
        if (slot.worker.lost && this.crashes >= 3) {
          for (let k = 0; k < chunk.files.length; k++) {
            results[chunk.start + k] = await this.oneHere(mode, chunk.files[k]);
            progress(1);
          }
          continue;
        }
        if (slot.worker.lost) slot.worker = this.start();
        const worker = slot.worker;
        let finished = 0;
        try {
          await worker.run({ id: this.nextId++, mode, files: chunk.files }, (index, result) => {
            results[chunk.start + index] = result;
            holders[chunk.start + index] = worker;
            finished = index + 1;
            progress(1);
          });
        } catch (error) {
          if (!(error instanceof WorkerLost)) throw error;
          if (error.running && !error.timedOut) this.crashes++;
          let next = finished;
          if (error.running && next < chunk.files.length) {
            // The page it was on: past the budget, or the page a worker died on (out of memory, a crash in a
            // loader), which this thread parses instead, under the same budget.
            const file = chunk.files[next];
            results[chunk.start + next] = error.timedOut ? this.overBudget(file) : await this.oneHere(mode, file);
            progress(1);
            next++;
          }
          if (next < chunk.files.length) queue.unshift({ start: chunk.start + next, files: chunk.files.slice(next) });
        }
      }
    };
    if (this.slots.length === 0) this.slots = Array.from({ length: this.planned }, () => ({ worker: this.start() }));
    await Promise.all(this.slots.flatMap((slot) => [feed(slot), feed(slot)]));
    return { results, holders };
  }

  /** Ends every worker. */
  async stop(): Promise<void> {
    await Promise.all(this.started.map((w) => w.stop()));
  }
}

/** A page parse interrupted by its time budget (in this thread). */
class PageTimeout extends Error {}

/**
 * `parse` run under `vm`'s timeout: past it V8 stops the synchronous parse wherever it is. The parse keeps no state
 * across calls, so nothing is left half-done for the next page. `vm` counts wall-clock time: when an attempt timed out
 * having had less than the budget in CPU time (a starved thread), the page is parsed again with more wall-clock time
 * in proportion, up to {@link WALL_FACTOR} times the budget in all. PageTimeout is thrown when the budget is spent.
 */
function withTimeout(parse: PageParser, ms: number): PageParser {
  const context = createContext({ job: undefined as (() => void) | undefined });
  const script = new Script('job()');
  const tid = currentThreadId();
  return (file, text, options) => {
    let page: ReturnType<PageParser> | undefined;
    context.job = () => {
      page = parse(file, text, options);
    };
    const started = performance.now();
    let timeout = ms;
    try {
      for (;;) {
        const cpuBefore = threadCpuMs(tid);
        const wallBefore = performance.now();
        try {
          script.runInContext(context, { timeout });
          return page!;
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw error;
        }
        const cpuAfter = threadCpuMs(tid);
        const wall = performance.now() - wallBefore;
        const cpu = cpuBefore !== undefined && cpuAfter !== undefined ? cpuAfter - cpuBefore : wall;
        const left = ms * WALL_FACTOR - (performance.now() - started);
        // Spent its budget in CPU time, or no CPU clock, or no wall-clock time left: the page is too slow.
        if (cpu >= ms * 0.8 || left < ms) throw new PageTimeout(`${file}: over ${ms} ms`);
        // vm takes whole milliseconds only.
        timeout = Math.floor(Math.min(left, ms * (wall / Math.max(cpu, 1)) * 1.2));
      }
    } finally {
      context.job = undefined;
    }
  };
}

/** A worker is gone: terminated for going past the budget (`timedOut`), or died. */
export class WorkerLost extends Error {
  constructor(
    /** Whether this chunk was the one running (its next unfinished file is the one that timed out or crashed). */
    readonly running: boolean,
    readonly timedOut: boolean,
  ) {
    super(timedOut ? 'page over its time budget' : 'worker exited');
  }
}

export interface PoolWorker {
  /** Runs a chunk; `onResult` gets each file's result as it arrives. Rejects with WorkerLost when the worker goes. */
  run(request: ChunkRequest, onResult: (index: number, result: FileResult) => void): Promise<void>;
  /**
   * Asks the worker's kept pages something (see CallRequest), after the chunks it has in hand; resolves to the
   * answer's JSON text. Rejects with WorkerLost when the worker goes, with an Error when the call threw there.
   */
  call(method: CallRequest['method'], payload?: string, shared?: CallRequest['shared']): Promise<string | undefined>;
  /** Whether the worker was terminated or died: it takes no more chunks. */
  readonly lost: boolean;
  stop(): Promise<void>;
}

/**
 * The script a worker starts and the module it runs. Compiled (this module is `.js`, in `dist/`), the worker runs
 * `parse-worker.js` itself; from the TypeScript sources (tsx, Jest), `worker-boot.mjs` registers tsx first.
 */
export function workerEntry(moduleUrl: string = import.meta.url): { readonly script: URL; readonly entry: string } {
  if (new URL(moduleUrl).pathname.endsWith('.js')) {
    const script = new URL('./parse-worker.js', moduleUrl);
    return { script, entry: script.href };
  }
  return { script: new URL('./worker-boot.mjs', moduleUrl), entry: new URL('./parse-worker.ts', moduleUrl).href };
}

/**
 * Turns off the JS engine's concurrent marking, once per process: V8 reads the flag each time a heap starts marking,
 * so it holds for every thread from then on, this one too (idle while the workers run). The concurrent marker is a
 * helper thread that marks live objects while the program runs, which pays when a core is idle; when the workers take
 * every core it only takes turns with them. Measured on this project's 2-core machine, 2 workers: corpus ×10, 60.0 s
 * without it against 79.6 s with it (one run each, in turn; workers that keep their pages as text, engine/page-work.ts,
 * whose small heaps mark often); corpus ×3, parsing 19.1 / 19.7 s without it and 20.9–25.4 s in five runs with it.
 * Marking then runs in steps on each thread's own time. A program that embeds `analyze` and starts this many workers
 * gets the flag as well.
 */
function markWithoutHelpers(): void {
  if (markingSet) return;
  markingSet = true;
  setFlagsFromString('--no-concurrent-marking');
}
let markingSet = false;

function startWorker(options: LoadOptions, budgetMs: number | undefined): PoolWorker {
  const { script, entry } = workerEntry();
  const worker = new Worker(script, { workerData: { entry, options } });
  interface Pending {
    readonly request: ChunkRequest;
    readonly onResult: (index: number, result: FileResult) => void;
    readonly resolve: () => void;
    readonly reject: (e: Error) => void;
  }
  // The shared chunk the worker writes page summaries into now (`keep` mode; engine/shared-summaries.ts).
  let summaryChunk: SharedArrayBuffer | undefined;
  // Chunks in the order the worker does them; the first is running.
  const pending: Pending[] = [];
  let ready = false;
  // The worker thread's id, for its CPU time (undefined off Linux: the budget is then wall-clock time).
  let tid: number | undefined;
  let fileStart = { cpu: undefined as number | undefined, wall: 0 };
  let lost = false;
  let timer: NodeJS.Timeout | undefined;
  // Calls to the kept pages, by id; they are not under the page budget.
  const calls = new Map<number, { resolve: (json: string | undefined) => void; reject: (e: Error) => void }>();
  let nextCall = 0;
  const lose = (timedOut: boolean): void => {
    if (lost) return;
    lost = true;
    clearTimeout(timer);
    const all = pending.splice(0);
    all.forEach((p, i) => p.reject(new WorkerLost(i === 0, timedOut)));
    for (const call of calls.values()) call.reject(new WorkerLost(false, false));
    calls.clear();
  };
  // The budget runs from when the worker can start the next file: on `ready`, and after each result. It is the
  // worker thread's CPU time where /proc tells it, checked when it could have run out, and wall-clock time otherwise.
  const check = (budget: number): void => {
    const wall = performance.now() - fileStart.wall;
    const cpuNow = threadCpuMs(tid);
    const used = fileStart.cpu !== undefined && cpuNow !== undefined ? cpuNow - fileStart.cpu : wall;
    if (used >= budget || wall >= budget * WALL_FACTOR) {
      lose(true);
      // terminate() stops the worker even in the middle of a synchronous parse.
      void worker.terminate();
      return;
    }
    timer = setTimeout(() => check(budget), Math.max(50, budget - used));
  };
  const arm = (): void => {
    clearTimeout(timer);
    if (budgetMs === undefined || !ready || pending.length === 0 || lost) return;
    fileStart = { cpu: threadCpuMs(tid), wall: performance.now() };
    timer = setTimeout(() => check(budgetMs), budgetMs);
  };
  worker.on('message', (message: WorkerMessage) => {
    if (message.type === 'ready') {
      ready = true;
      tid = message.tid;
      arm();
      return;
    }
    if (message.type === 'reply') {
      const call = calls.get(message.id);
      calls.delete(message.id);
      if (message.error !== undefined) call?.reject(new Error(message.error));
      else call?.resolve(message.json);
      return;
    }
    const head = pending[0];
    if (!head || head.request.id !== message.id) return;
    const result = JSON.parse(message.json) as FileResult;
    const summary = message.summary;
    if (summary?.chunk !== undefined) summaryChunk = summary.chunk;
    head.onResult(message.index, summary !== undefined && summaryChunk !== undefined ? { ...result, summary: { chunk: summaryChunk, start: summary.start, end: summary.end } } : result);
    if (message.index === head.request.files.length - 1) {
      pending.shift();
      head.resolve();
    }
    arm();
  });
  worker.on('error', () => lose(false));
  worker.on('exit', () => lose(false));
  return {
    get lost() {
      return lost;
    },
    run(request, onResult) {
      if (lost) return Promise.reject(new WorkerLost(false, false));
      return new Promise((resolve, reject) => {
        pending.push({ request, onResult, resolve, reject });
        worker.postMessage(request);
        if (pending.length === 1) arm();
      });
    },
    call(method, payload, shared) {
      if (lost) return Promise.reject(new WorkerLost(false, false));
      return new Promise((resolve, reject) => {
        const id = nextCall++;
        calls.set(id, { resolve, reject });
        worker.postMessage({ type: 'call', id, method, ...(payload !== undefined && { payload }), ...(shared !== undefined && { shared }) } satisfies CallRequest);
      });
    },
    async stop() {
      clearTimeout(timer);
      worker.removeAllListeners('exit');
      await worker.terminate();
    },
  };
}
