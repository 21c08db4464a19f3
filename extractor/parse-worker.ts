/**
 * The body of a page-parsing worker thread: it receives chunks of file paths, reads and parses them with the same
 * functions as `loadPages`, and posts back each file's result as it is done (so the parent knows which page is
 * running, for the per-page time budget), in chunk order. It says `ready` once the parser is loaded: the budget
 * does not count the worker's start-up.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import type { Diagnostic } from '../core/diagnostic.js';
import type { LoadOptions } from './load.js';
import { readPageText, safeParse } from './load.js';
import type { DocPage } from './model.js';
import { parseMarkdown } from './page.js';
import { currentThreadId } from './thread-cpu.js';

/** What the parent sends: a chunk of files and what to do with them. */
export interface ChunkRequest {
  readonly id: number;
  /**
   * `pages`: read + build the DocPage (what `loadPages` does) and send it back; `keep`: build it, keep it in the
   * worker for the analysis (engine/page-work.ts) and send back its summary only; `floor`: read + remark parse only
   * (the benchmark's floor).
   */
  readonly mode: 'pages' | 'floor' | 'keep';
  readonly files: readonly string[];
}

/** One file's outcome: a page, or the diagnostics that say why there is none. */
export interface FileResult {
  readonly page?: DocPage;
  /**
   * `keep` mode: where the worker wrote the page's summary (engine/page-work.ts `summarize`, as JSON) in shared memory
   * (engine/shared-summaries.ts); the parent passes it on unread.
   */
  readonly summary?: import('../engine/shared-summaries.js').SummaryRef;
  /** `keep` mode: the page's facts for the cache index (engine/cache.ts `factsOf`). */
  readonly facts?: import('../engine/cache.js').PageFacts;
  readonly diagnostics: readonly Diagnostic[];
  readonly bytes: number;
}

/** What the worker posts: `ready` once, then one `file` message per file of each chunk, in order. */
export type WorkerMessage =
  | {
    readonly type: 'ready';
    /** The worker thread's id on Linux, for the parent to read its CPU time (thread-cpu.ts). */
    readonly tid?: number;
  }
  | {
    readonly type: 'file';
    /** The chunk's id and the file's index in it. */
    readonly id: number;
    readonly index: number;
    /**
     * The file's `FileResult` as JSON text. A DocPage is plain JSON, and JSON.stringify + JSON.parse of the
     * corpus costs about 0.8 s against 1.3 s for a structured clone (measured on 720 pages, 20 MB serialized),
     * with the cheaper half (parse) on the parent's side.
     */
    readonly json: string;
    /**
     * `keep` mode: where the page's summary is in the worker's current shared chunk, and that chunk when it is new
     * (the parent keeps each worker's current chunk: messages arrive in order).
     */
    readonly summary?: { readonly start: number; readonly end: number; readonly chunk?: SharedArrayBuffer };
  }
  | {
    /** The answer to a {@link CallRequest}: its result as JSON text, or the error it threw. */
    readonly type: 'reply';
    readonly id: number;
    readonly json?: string;
    readonly error?: string;
  };

/**
 * A request to the worker's kept pages (engine/page-work.ts): `summaries` hands it the other threads' page summaries
 * and the order of every page, `analyze` runs the contracts and rules on its pages and answers with their findings, `clear` drops
 * its pages. Answered in turn with the chunks, by a `reply` of the same id.
 */
export interface CallRequest {
  readonly type: 'call';
  readonly id: number;
  readonly method: 'summaries' | 'analyze' | 'clear';
  /** `summaries`: `{"order": [every page's file]}`; `analyze`: the AnalyzeRequest as JSON. */
  readonly payload?: string;
  /** `summaries`: every page's summary, in `order`, shared by all the workers (sent once, never copied). */
  readonly shared?: import('../engine/shared-summaries.js').SharedSummaries;
}

/** Builds the page of one text; `safeParse` unless the caller runs it under a time budget. */
export type PageParser = (file: string, text: string, options: LoadOptions) => DocPage;

/** Reads and parses one file exactly as `loadPages` does (with `parse`, default `safeParse`). */
export async function loadOne(file: string, options: LoadOptions, parse: PageParser = safeParse): Promise<FileResult> {
  const read = await readPageText(file, options);
  if (read.text === undefined) return { diagnostics: read.diagnostics, bytes: 0 };
  const page = parse(file, read.text, options);
  const bytes = Buffer.byteLength(read.text);
  return { page: read.diagnostics.length ? { ...page, diagnostics: [...read.diagnostics, ...page.diagnostics] } : page, diagnostics: [], bytes };
}

/** The benchmark's floor for one file: read it and run the remark pipeline, nothing else. */
export async function floorOne(file: string, cwd: string): Promise<FileResult> {
  let text: string;
  try {
    text = await readFile(resolve(cwd, file), 'utf8');
  } catch {
    return { diagnostics: [], bytes: 0 };
  }
  parseMarkdown(text);
  return { diagnostics: [], bytes: Buffer.byteLength(text) };
}

// The worker's kept pages (`keep` mode). engine/page-work.ts is loaded on first use: its contracts and checks are
// not needed by a worker that only parses.
let work: import('../engine/page-work.js').PageWork | undefined;
async function pageWork(): Promise<import('../engine/page-work.js').PageWork> {
  if (work) return work;
  const { PageWork } = await import('../engine/page-work.js');
  return (work ??= new PageWork());
}

// Loaded once, as PageWork is: an `import()` of a loaded module still asks the module loader (and its hooks, under
// tsx) each time — about 1 ms a call, once a page, in a profile of the corpus ×3.
let cacheModule: Promise<typeof import('../engine/cache.js')> | undefined;
let summaries: import('../engine/shared-summaries.js').SummaryWriter | undefined;
let summaryModule: Promise<typeof import('../engine/shared-summaries.js')> | undefined;

/** `keep` mode for one file: parse it, keep the page, and give back its summary and diagnostics but not the page. */
async function keepOne(file: string, options: LoadOptions): Promise<{ result: FileResult; summary?: WorkerSummary }> {
  const loaded = await loadOne(file, options);
  if (!loaded.page) return { result: loaded };
  const summary = (await pageWork()).keep(loaded.page);
  const { factsOf } = await (cacheModule ??= import('../engine/cache.js'));
  const { SummaryWriter, writeSummary } = await (summaryModule ??= import('../engine/shared-summaries.js'));
  const { chunk, start, end, fresh } = writeSummary((summaries ??= new SummaryWriter()), summary);
  return { result: { diagnostics: loaded.page.diagnostics, bytes: loaded.bytes, facts: factsOf(loaded.page) }, summary: { start, end, ...(fresh && { chunk }) } };
}

type WorkerSummary = NonNullable<Extract<WorkerMessage, { type: 'file' }>['summary']>;

async function answer(request: CallRequest): Promise<string | undefined> {
  const pages = await pageWork();
  if (request.method === 'summaries') {
    const { order } = JSON.parse(request.payload ?? '{}') as { order?: string[] };
    const shared = request.shared;
    if (shared === undefined) throw new Error('summaries: no shared summaries in the request');
    // Only the other threads' pages are parsed: this thread has its own whole.
    const { summaryAt } = await import('../engine/shared-summaries.js');
    pages.setOrder(order ?? [], (i) => summaryAt(shared, i));
  }
  else if (request.method === 'clear') pages.clear();
  else return JSON.stringify(await pages.analyze(JSON.parse(request.payload ?? '{}') as import('../engine/page-work.js').AnalyzeRequest));
  return undefined;
}

const port = parentPort;
if (port && (workerData as { entry?: string } | undefined)?.entry !== undefined) {
  const options = ((workerData as { options?: LoadOptions }).options ?? {}) satisfies LoadOptions;
  const cwd = options.cwd ?? process.cwd();
  // The parent keeps two chunks queued per worker so it never waits for the next one; they are done in turn.
  let queue = Promise.resolve();
  port.on('message', (request: ChunkRequest | CallRequest) => {
    queue = queue.then(async () => {
      if ('type' in request) {
        try {
          const json = await answer(request);
          port.postMessage({ type: 'reply', id: request.id, ...(json !== undefined && { json }) } satisfies WorkerMessage);
        } catch (error) {
          port.postMessage({ type: 'reply', id: request.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies WorkerMessage);
        }
        return;
      }
      for (let index = 0; index < request.files.length; index++) {
        const file = request.files[index];
        if (request.mode === 'keep') {
          const { result, summary } = await keepOne(file, options);
          port.postMessage({ type: 'file', id: request.id, index, json: JSON.stringify(result), ...(summary !== undefined && { summary }) } satisfies WorkerMessage);
          continue;
        }
        const result = request.mode === 'floor' ? await floorOne(file, cwd) : await loadOne(file, options);
        port.postMessage({ type: 'file', id: request.id, index, json: JSON.stringify(result) } satisfies WorkerMessage);
      }
    });
  });
  const tid = currentThreadId();
  port.postMessage({ type: 'ready', ...(tid !== undefined && { tid }) } satisfies WorkerMessage);
}
