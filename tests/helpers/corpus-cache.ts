/**
 * The corpus parsed once, on disk, for every test that reads it (see corpus.ts for the helper tests call).
 *
 * Run as a script (`node --import tsx tests/helpers/corpus-cache.ts`), it prints the path of a JSON file holding
 * `loadPages([GRAPH_DOCS], { cwd: GRAPH_DOCS })`'s result, parsing the corpus over worker threads only when no such
 * file exists yet. The file is named by a hash of everything the result depends on — the corpus files, the
 * extractor's sources (the transitive relative imports of the loader), package-lock.json and Node's version — so
 * an edit to the parser, or to a page, makes a new file, and a run with nothing changed parses nothing.
 *
 * It runs in a child process (started by Jest's globalSetup, tests/helpers/global-setup.js, or by the helper when
 * the setup did not run) because Jest's globalSetup cannot load TypeScript ESM itself, and so that the worker
 * threads of loadPagesParallel start from a plain Node process as they do in the CLI.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { LoadResult } from '../../extractor/load.js';
import { GRAPH_DOCS, ROOT } from './paths.js';

/** Where the cache files live; shared by every checkout on the machine, since the name says what is inside. */
export const CORPUS_CACHE_DIR = join(tmpdir(), 'docpact-test-corpus');

/**
 * Stands for the corpus folder at the start of every `file` in the cached JSON, so the helper can rewrite it to
 * the path a test would have got from `loadPages` with its own cwd by a plain text replacement (JSON.stringify
 * leaves `<` and `>` as they are, and no corpus path contains them).
 */
export const FILE_MARKER = '<graph-docs>/';

/** The cache file's content. */
export interface CorpusCacheFile {
  readonly format: 1;
  /** Seconds the parse took, for the log line. */
  readonly parseSeconds: number;
  /** The LoadResult with every corpus `file` value prefixed by {@link FILE_MARKER}. */
  readonly result: LoadResult;
}

// The loader's entry points: everything they import (relative imports, followed transitively) goes into the key.
const ENTRIES = ['extractor/load.ts', 'extractor/parallel.ts', 'extractor/parse-worker.ts', 'extractor/worker-boot.mjs'];
const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|new URL\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g;

/** The files the corpus load depends on: the loader's relative import closure plus this file and paths.ts. */
export function loaderSources(): string[] {
  const seen = new Set<string>();
  const queue = [...ENTRIES.map((e) => join(ROOT, e)), fileURLToPath(import.meta.url), join(ROOT, 'tests/helpers/paths.ts')];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file) || !existsSync(file)) continue;
    seen.add(file);
    for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const target = resolve(dirname(file), match[1]);
      // Sources import each other as './x.js'; the file on disk is x.ts (or x.mjs / x.js when it is one).
      const candidates = [target.replace(/\.js$/, '.ts'), target];
      const found = candidates.find((c) => existsSync(c));
      if (found) queue.push(found);
    }
  }
  return [...seen].sort();
}

async function corpusFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name)).sort();
}

/** The cache file for the current sources and corpus (it may not exist yet). */
export async function corpusCachePath(): Promise<string> {
  const hash = createHash('sha256');
  hash.update(`node ${process.version}\n`);
  for (const file of [...loaderSources(), join(ROOT, 'package-lock.json')]) {
    hash.update(`${relative(ROOT, file)}\n`).update(await readFile(file)).update('\n');
  }
  for (const file of await corpusFiles(GRAPH_DOCS)) {
    hash.update(`${relative(GRAPH_DOCS, file)}\n`).update(await readFile(file)).update('\n');
  }
  return join(CORPUS_CACHE_DIR, `${hash.digest('hex').slice(0, 32)}.json`);
}

/** Prefixes the `file` of every object in `value` that names a corpus file with {@link FILE_MARKER}. */
function markFiles(value: unknown, files: ReadonlySet<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) markFiles(item, files);
  } else if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    for (const [key, item] of Object.entries(record)) {
      if (key === 'file' && typeof item === 'string' && files.has(item)) record[key] = FILE_MARKER + item;
      else markFiles(item, files);
    }
  }
}

/** Parses the corpus over worker threads and writes the cache file at `path` (atomically: other runs may read it). */
export async function buildCorpusCache(path: string): Promise<CorpusCacheFile> {
  const { loadPagesParallel } = await import('../../extractor/parallel.js');
  const started = performance.now();
  const result = await loadPagesParallel([GRAPH_DOCS], { cwd: GRAPH_DOCS });
  const parseSeconds = Math.round((performance.now() - started) / 100) / 10;
  const files = new Set((await corpusFiles(GRAPH_DOCS)).map((f) => relative(GRAPH_DOCS, f).split('\\').join('/')));
  markFiles(result, files);
  const content: CorpusCacheFile = { format: 1, parseSeconds, result };
  await mkdir(dirname(path), { recursive: true });
  const partial = `${path}.${process.pid}.partial`;
  await writeFile(partial, JSON.stringify(content));
  await rename(partial, path);
  await pruneOld(path);
  return content;
}

/** Removes cache files of other sources not used for an hour (each is tens of MB; a run lasts minutes). */
async function pruneOld(keep: string): Promise<void> {
  const hourAgo = Date.now() - 3_600_000;
  for (const name of await readdir(dirname(keep))) {
    const file = join(dirname(keep), name);
    if (file === keep) continue;
    try {
      if ((await stat(file)).mtimeMs < hourAgo) await rm(file, { force: true });
    } catch {
      // Another run removed or replaced it meanwhile.
    }
  }
}

/** Ensures the cache file exists; resolves to its path and whether this call parsed the corpus. */
export async function ensureCorpusCache(): Promise<{ path: string; parsed: boolean; parseSeconds: number; pages: number }> {
  const path = await corpusCachePath();
  if (existsSync(path)) {
    // Marks it used, so a run with other sources does not prune it while this run's tests read it.
    const now = new Date();
    await utimes(path, now, now).catch(() => undefined);
    return { path, parsed: false, parseSeconds: 0, pages: -1 };
  }
  const content = await buildCorpusCache(path);
  return { path, parsed: true, parseSeconds: content.parseSeconds, pages: content.result.pages.length };
}

// As a script: print one JSON line, {path, parsed, parseSeconds, pages}, for the process that started it.
if (process.argv[1] && pathToFileURL(resolve(process.argv[1])).href === import.meta.url) {
  process.stdout.write(`${JSON.stringify(await ensureCorpusCache())}\n`);
}
