/**
 * The one way docpact finds and opens its input files, shared by every command that reads pages.
 *
 * Pages come from pull requests, and so can the tree around them: a FIFO or a device named `x.md` would block a
 * plain `readFile` forever (or fill memory, for `/dev/zero`), and a symlink to a parent folder would list every page
 * twice, or forever. So: only regular files are ever opened, their size is checked before a byte is read, each
 * folder is walked once (by its real path, so a symlink loop ends), and each real file is listed once, under the
 * first path it was found by.
 */
import type { Dirent, Stats } from 'node:fs';
import { closeSync, constants, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { open, readdir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** The largest page docpact reads (8 MiB); Graph pages are well under 1 MiB. Not configurable from the CLI. */
export const DEFAULT_MAX_BYTES = 8 * 1024 * 1024;

/**
 * The largest file docpact reads that is not a page (a config, a baseline, a CSDL): Graph's largest CSDL is under
 * 10 MiB, so this only stops a runaway file.
 */
export const MAX_DATA_BYTES = 256 * 1024 * 1024;

/** Folders never walked into (besides hidden ones, whose names start with a dot). */
const SKIPPED_FOLDERS = new Set(['node_modules']);

/** What a path names, following symlinks. */
export type PathKind =
  | { readonly kind: 'file' | 'dir' }
  | { readonly kind: 'missing'; readonly code: string }
  /** Anything else (FIFO, socket, device): never opened. `what` reads "FIFO (named pipe)". */
  | { readonly kind: 'special'; readonly what: string };

/** Names what a non-regular, non-folder entry is, for messages: "FIFO (named pipe)", "character device", … */
export function describeSpecial(info: Pick<Stats, 'isFIFO' | 'isSocket' | 'isCharacterDevice' | 'isBlockDevice'>): string {
  if (info.isFIFO()) return 'FIFO (named pipe)';
  if (info.isSocket()) return 'socket';
  if (info.isCharacterDevice()) return 'character device';
  if (info.isBlockDevice()) return 'block device';
  return 'special file';
}

/** Classifies `path` without opening it (`stat`, which follows symlinks; a broken or looping link is `missing`). */
export async function pathKind(path: string): Promise<PathKind> {
  let info: Stats;
  try {
    info = await stat(path);
  } catch (error) {
    return { kind: 'missing', code: (error as NodeJS.ErrnoException).code ?? 'error' };
  }
  if (info.isFile()) return { kind: 'file' };
  if (info.isDirectory()) return { kind: 'dir' };
  return { kind: 'special', what: describeSpecial(info) };
}

export type ReadOutcome =
  | { readonly kind: 'ok'; readonly bytes: Buffer }
  | { readonly kind: 'special'; readonly what: string }
  | { readonly kind: 'too-large'; readonly size: number; readonly max: number }
  | { readonly kind: 'error'; readonly code: string };

/** Why a file with this stat is not read: not a regular file, or over the bound; undefined when it may be read. */
function refusal(info: Stats, maxBytes: number): Exclude<ReadOutcome, { kind: 'ok' }> | undefined {
  if (!info.isFile()) return { kind: 'special', what: describeSpecial(info) };
  if (info.size > maxBytes) return { kind: 'too-large', size: info.size, max: maxBytes };
  return undefined;
}

/**
 * The read loop both readers drive, as a generator so the sync and the async reader share it: it yields where to
 * read next, takes how many bytes came, and returns the outcome. Reads to the end (a file may be longer than its stat
 * said) but never more than one byte past the bound; the first read asks for the stated size and one byte more, so a
 * file as long as it said takes one read and keeps no more memory than its bytes (a fixed 64 KiB chunk kept 64 KiB
 * alive per 4 KiB page). A short read of a regular file is its end.
 */
function* boundedRead(size: number, maxBytes: number): Generator<{ readonly chunk: Buffer; readonly position: number }, ReadOutcome, number> {
  const chunks: Buffer[] = [];
  let length = 0;
  let want = size > 0 ? size + 1 : 64 * 1024;
  for (;;) {
    const chunk = Buffer.alloc(Math.min(want, maxBytes + 1 - length));
    if (chunk.length === 0) break;
    const bytesRead: number = yield { chunk, position: length };
    if (bytesRead === 0) break;
    chunks.push(chunk.subarray(0, bytesRead));
    length += bytesRead;
    if (bytesRead < chunk.length) break;
    want = 64 * 1024;
  }
  if (length > maxBytes) return { kind: 'too-large', size: length, max: maxBytes };
  return { kind: 'ok', bytes: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, length) };
}

/**
 * Reads a regular file of at most `maxBytes` bytes; never blocks on a FIFO or a device and never reads past the
 * bound. The type and size are checked with `stat` before opening, then again on the open handle (the path may have
 * been swapped in between), and the read stops at `maxBytes + 1` bytes whatever the file has grown to (a file over
 * the bound is `too-large` whenever it is found out).
 *
 * @param path absolute path, or relative to the process's working directory
 * @param maxBytes the size bound; default {@link DEFAULT_MAX_BYTES}
 */
export async function readRegularFile(path: string, maxBytes: number = DEFAULT_MAX_BYTES): Promise<ReadOutcome> {
  try {
    const early = refusal(await stat(path), maxBytes);
    if (early) return early;
    // O_NONBLOCK: should the path have become a FIFO since the stat, opening it still returns at once.
    const handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    try {
      const info = await handle.stat();
      const late = refusal(info, maxBytes);
      if (late) return late;
      const steps = boundedRead(info.size, maxBytes);
      let step = steps.next();
      while (!step.done) step = steps.next((await handle.read(step.value.chunk, 0, step.value.chunk.length, step.value.position)).bytesRead);
      return step.value;
    } finally {
      await handle.close();
    }
  } catch (error) {
    return { kind: 'error', code: (error as NodeJS.ErrnoException).code ?? 'error' };
  }
}

/** A regular file's bytes and what its stat said when they were read (for the cache's "unchanged since" test). */
export interface FileRead {
  readonly bytes: Buffer;
  readonly size: number;
  readonly mtimeMs: number;
  readonly ctimeMs: number;
}

/**
 * {@link readRegularFile} in this thread: the same checks (regular files only, never blocking on a FIFO, never reading
 * past the bound), for a caller that reads thousands of small files in a row, where a promise per system call costs
 * more than the reads; also gives the file's stat on the open handle.
 */
export function readRegularFileSync(path: string, maxBytes: number = DEFAULT_MAX_BYTES): Exclude<ReadOutcome, { kind: 'ok' }> | (FileRead & { readonly kind: 'ok' }) {
  try {
    const early = refusal(statSync(path), maxBytes);
    if (early) return early;
    const fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    try {
      const info = fstatSync(fd);
      const late = refusal(info, maxBytes);
      if (late) return late;
      const steps = boundedRead(info.size, maxBytes);
      let step = steps.next();
      while (!step.done) step = steps.next(readSync(fd, step.value.chunk, 0, step.value.chunk.length, step.value.position));
      const read = step.value;
      return read.kind === 'ok' ? { kind: 'ok', bytes: read.bytes, size: info.size, mtimeMs: info.mtimeMs, ctimeMs: info.ctimeMs } : read;
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    return { kind: 'error', code: (error as NodeJS.ErrnoException).code ?? 'error' };
  }
}

/**
 * Collects input files from folders and named files, each real file once. Paths are absolute and kept in the order
 * found: folders are walked depth-first in name order, and symlinks met are followed after the real tree, so a page
 * is listed under its own path rather than through a link whenever both reach it.
 */
export class InputFiles {
  private readonly found: string[] = [];
  /** Real paths of the files listed. */
  private readonly realFiles = new Set<string>();
  /** Real paths of the folders walked: each is walked once, which also ends any symlink loop. */
  private readonly realDirs = new Set<string>();

  /** @param accept which files to keep (absolute path); applied before de-duplication. Default: all. */
  constructor(private readonly accept: (absolute: string) => boolean = () => true) {}

  /** The files collected so far, absolute, in the order found. */
  get files(): readonly string[] {
    return this.found;
  }

  /** Adds one file (a FIFO or device too: the reader refuses it with a finding). Returns whether it was new. */
  async addFile(absolute: string): Promise<boolean> {
    if (!this.accept(absolute)) return false;
    return this.keep(absolute, await realOr(absolute));
  }

  /**
   * Adds every file below `folder` whose name matches `name` (default: `*.md`, any case), skipping hidden entries
   * and `node_modules`. Symlinks are followed once each: a linked folder already walked (a loop, a link to a parent)
   * is not walked again. Non-regular entries with a matching name are listed, never opened, so the reader reports
   * them. Returns how many matching files were met, before de-duplication, and whether `folder` had been walked
   * already (named twice, or inside a folder named before), in which case nothing is met again.
   */
  async addFolder(folder: string, name: RegExp = /\.md$/i): Promise<{ readonly met: number; readonly walkedBefore: boolean }> {
    let met = 0;
    const walkedBefore = this.realDirs.has(await realOr(folder));
    // Symlinks met, followed only after the real tree is walked, so a real path wins over a link to the same file.
    const linked: { readonly path: string; readonly dir: boolean }[] = [];
    const walk = async (start: string): Promise<void> => {
      const stack = [start];
      while (stack.length > 0) {
        const dir = stack.pop()!;
        const real = await realOr(dir);
        if (this.realDirs.has(real)) continue;
        this.realDirs.add(real);
        let entries: Dirent[];
        try {
          entries = await readdir(dir, { withFileTypes: true });
        } catch {
          continue; // an unreadable folder holds nothing docpact can read; the others go on
        }
        entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
        const subdirs: string[] = [];
        for (const entry of entries) {
          if (entry.name.startsWith('.')) continue;
          const path = join(dir, entry.name);
          if (entry.isDirectory()) {
            if (!SKIPPED_FOLDERS.has(entry.name)) subdirs.push(path);
            continue;
          }
          if (entry.isSymbolicLink()) {
            const target = await pathKind(path);
            if (target.kind === 'dir') {
              if (!SKIPPED_FOLDERS.has(entry.name)) linked.push({ path, dir: true });
            } else if (name.test(entry.name)) {
              // A broken or looping link is listed under its own path too: the reader reports it as unreadable.
              met++;
              linked.push({ path, dir: false });
            }
            continue;
          }
          if (!name.test(entry.name)) continue;
          met++;
          if (this.accept(path)) this.keep(path, join(real, entry.name));
        }
        // Pushed in reverse so the stack pops them in name order.
        for (let i = subdirs.length - 1; i >= 0; i--) stack.push(subdirs[i]);
      }
    };
    await walk(folder);
    // Links last, in the order met; links found inside linked folders wait their turn the same way.
    while (linked.length > 0) {
      const link = linked.shift()!;
      if (link.dir) await walk(link.path);
      else if (this.accept(link.path)) this.keep(link.path, await realOr(link.path));
    }
    return { met, walkedBefore };
  }

  private keep(path: string, real: string): boolean {
    if (this.realFiles.has(real)) return false;
    this.realFiles.add(real);
    this.found.push(path);
    return true;
  }
}

/**
 * Reads a data file named on the command line (a config, a baseline, a CSDL) as UTF-8, or says in one phrase why
 * not: `FIFO (named pipe), not a regular file`, `ENOENT`, `12 bytes, more than …`. Never blocks on a FIFO.
 *
 * @param maxBytes the size bound; default {@link MAX_DATA_BYTES}
 */
export async function readDataFile(path: string, maxBytes: number = MAX_DATA_BYTES): Promise<{ readonly text: string } | { readonly problem: string; readonly code?: string }> {
  const read = await readRegularFile(path, maxBytes);
  switch (read.kind) {
    case 'ok':
      return { text: read.bytes.toString('utf8') };
    case 'special':
      return { problem: `a ${read.what}, not a regular file` };
    case 'too-large':
      return { problem: `${read.size} bytes, more than the ${read.max} docpact reads` };
    case 'error':
      return { problem: read.code, code: read.code };
  }
}

async function realOr(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch {
    return path;
  }
}
