/**
 * `loadPages` spread over worker threads. Parsing is the bulk of a run (remark's tokenizer), pages are independent,
 * and a DocPage is plain JSON, so pages are parsed in workers and cloned back. Workers take chunks of files from a
 * shared queue (a slow page does not hold up a fixed share), and results are put back in the file order, so the
 * outcome is the same as `loadPages` whatever the number of workers.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Diagnostic } from '../core/diagnostic.js';
import type { LoadOptions, LoadResult } from './load.js';
import type { DocPage } from './model.js';
import type { ChunkRequest, ChunkResponse, FileResult } from './parse-worker.js';

// The parser (remark and friends, ~0.3 s to load) is imported here only when this thread parses: with workers,
// the main thread never needs it, and loading it would delay starting them.
const inThread = (): Promise<typeof import('./parse-worker.js')> => import('./parse-worker.js');

export interface ParallelOptions extends LoadOptions {
  /** Worker threads to parse with; 1 parses in this thread. Default: `os.availableParallelism()`. */
  readonly workers?: number;
  /**
   * Fewer files than this are parsed in this thread whatever `workers` says: starting a worker (loading tsx and
   * remark) costs about as much as parsing 40 pages. Default 100.
   */
  readonly minFilesPerWorker?: number;
  /** Called as files finish, with the count done so far and the total. */
  readonly onProgress?: (done: number, total: number) => void;
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
export function plannedWorkers(count: number, options: Pick<ParallelOptions, 'workers' | 'minFilesPerWorker'> = {}): number {
  const wanted = Math.max(1, Math.floor(options.workers ?? defaultWorkers()));
  const minFiles = options.minFilesPerWorker ?? 100;
  const useful = minFiles <= 0 ? count : Math.floor(count / minFiles);
  const workers = Math.min(wanted, useful);
  return workers <= 1 ? 0 : workers;
}

async function runChunks(mode: ChunkRequest['mode'], files: readonly string[], options: ParallelOptions): Promise<FileResult[]> {
  const workers = plannedWorkers(files.length, options);
  const cwd = options.cwd ?? process.cwd();
  const results: FileResult[] = new Array(files.length);
  let done = 0;
  const progress = (n: number): void => {
    done += n;
    options.onProgress?.(done, files.length);
  };
  if (workers === 0) {
    const { floorOne, loadOne } = await inThread();
    for (let i = 0; i < files.length; i++) {
      results[i] = mode === 'floor' ? await floorOne(files[i], cwd) : await loadOne(files[i], options);
      progress(1);
    }
    return results;
  }
  // Small chunks keep the workers evenly busy to the end; big ones cut the messaging. ~8 chunks per worker.
  const size = Math.max(4, Math.min(64, Math.ceil(files.length / (workers * 8))));
  const chunks: { start: number; files: string[] }[] = [];
  for (let start = 0; start < files.length; start += size) chunks.push({ start, files: files.slice(start, start + size) });
  const workerOptions: LoadOptions = { cwd, ...(options.maxBytes !== undefined && { maxBytes: options.maxBytes }), ...(options.pointers !== undefined && { pointers: options.pointers }) };

  const pool = Array.from({ length: workers }, () => startWorker(workerOptions));
  let next = 0;
  // Each worker has up to two chunks in hand, so it starts the next while this thread reads the last one's result.
  const feed = async (worker: PoolWorker): Promise<void> => {
    while (next < chunks.length) {
      const id = next++;
      const chunk = chunks[id];
      let chunkResults: readonly FileResult[];
      try {
        chunkResults = await worker.run({ id, mode, files: chunk.files });
      } catch {
        // A worker that died (out of memory, a crash in a loader) does not lose its chunk: this thread redoes it.
        const { floorOne, loadOne } = await inThread();
        const redone: FileResult[] = [];
        for (const file of chunk.files) redone.push(mode === 'floor' ? await floorOne(file, cwd) : await loadOne(file, options));
        chunkResults = redone;
      }
      chunkResults.forEach((r, k) => {
        results[chunk.start + k] = r;
      });
      progress(chunk.files.length);
    }
  };
  try {
    await Promise.all(pool.flatMap((worker) => [feed(worker), feed(worker)]));
  } finally {
    await Promise.all(pool.map((w) => w.stop()));
  }
  return results;
}

interface PoolWorker {
  run(request: ChunkRequest): Promise<readonly FileResult[]>;
  stop(): Promise<void>;
}

function startWorker(options: LoadOptions): PoolWorker {
  const worker = new Worker(new URL('./worker-boot.mjs', import.meta.url), {
    workerData: { entry: new URL('./parse-worker.ts', import.meta.url).href, options },
  });
  const pending = new Map<number, { resolve: (r: readonly FileResult[]) => void; reject: (e: Error) => void }>();
  let failed: Error | undefined;
  worker.on('message', (message: ChunkResponse) => {
    const p = pending.get(message.id);
    pending.delete(message.id);
    p?.resolve(JSON.parse(message.json) as FileResult[]);
  });
  const fail = (error: Error): void => {
    failed = error;
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`worker exited with code ${code}`)));
  return {
    run(request) {
      if (failed) return Promise.reject(failed);
      return new Promise((resolve, reject) => {
        pending.set(request.id, { resolve, reject });
        worker.postMessage(request);
      });
    },
    async stop() {
      worker.removeAllListeners('exit');
      await worker.terminate();
    },
  };
}
