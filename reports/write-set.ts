/**
 * The one way reports reach the disk: a report *set* (every file one command writes) is replaced all at once or not
 * at all. Each file is first written to a temporary name beside its target (same folder, so the rename is atomic);
 * only when every one is written are they renamed into place, in one synchronous step, with the previous files kept
 * as hard links until the last rename succeeded so a failing rename can put them back. While a set is being written,
 * SIGINT and SIGTERM are held: a signal that arrives before the renames removes the temporary files and leaves the
 * previous set; one that arrives during the renames is handled after them and leaves the new set. Either way the
 * signal then takes its usual course (the process ends unless someone else listens for it).
 */
import { randomBytes } from 'node:crypto';
import { closeSync, copyFileSync, fsyncSync, linkSync, lstatSync, mkdirSync, openSync, renameSync, rmdirSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { FileSpan } from './finding-text.js';
import { StoredTextGone, openSpanSource, readSpan } from './finding-text.js';

/** One file of a report set: its text, or its pieces in order (text, or spans of files copied as they are). */
export interface ReportFile {
  readonly path: string;
  readonly content: string | readonly (string | FileSpan)[];
}

/** A report set could not be written; nothing of it reached `path` or any other file of the set. */
export class ReportWriteError extends Error {
  /** The file that failed (as given), or the first file when the write was interrupted. */
  readonly path: string;
  /** The errno code (`EISDIR`, `ENOTDIR`, …), or `EINTR` when a signal stopped the write. */
  readonly code: string;

  constructor(path: string, code: string, cause?: unknown) {
    super(`cannot write ${path} (${code}); no file of the report set was changed`, cause === undefined ? undefined : { cause });
    this.name = 'ReportWriteError';
    this.path = path;
    this.code = code;
  }
}

/**
 * Test-only: with this variable set to `1`, {@link writeReportSet} stops after writing the temporary files, prints
 * one line on stderr starting with {@link HOLD_LINE}, and goes on when its stdin ends — so a test can send a
 * signal at a known moment. Nothing else reads it.
 */
export const HOLD_ENV = 'DOCPACT_TEST_HOLD_REPORTS';
export const HOLD_LINE = 'docpact: test hook: report set staged';

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;
type HeldSignal = (typeof SIGNALS)[number];

interface Staged {
  /** Random, so two sets written at once by one process never share a temporary name. */
  readonly tag: string;
  /** `temp` is '' and `direct` the content for a target written through (a device, a FIFO, a link). */
  readonly files: readonly { readonly path: string; readonly temp: string; readonly direct?: ReportFile['content'] }[];
  /** Folders this write created (the top one of each new chain), removed again if the set is abandoned. */
  readonly createdDirs: readonly string[];
}

/**
 * Replaces the files of `files` all-or-nothing (see the module comment). Folders are created as needed. Rejects with
 * {@link ReportWriteError} (and leaves every previous file as it was, and no temporary file) when any file cannot
 * be written or a signal stops the write before the renames.
 */
export async function writeReportSet(files: readonly ReportFile[]): Promise<void> {
  if (files.length === 0) return;
  const guard = holdSignals();
  try {
    const staged = stage(files);
    guard.staged = staged;
    if (process.env[HOLD_ENV] === '1') {
      await holdForTest(files.length, guard);
      if (guard.interrupted !== undefined) throw new ReportWriteError(files[0].path, 'EINTR');
    }
    guard.staged = undefined;
    commit(staged);
  } finally {
    guard.release();
  }
}

/** {@link writeReportSet} for places that cannot await, such as a SIGINT handler about to exit. */
export function writeReportSetSync(files: readonly ReportFile[]): void {
  if (files.length === 0) return;
  const guard = holdSignals();
  try {
    commit(stage(files));
  } finally {
    guard.release();
  }
}

// Same folder as the target, so the rename is atomic (a rename across file systems is a copy).
function tempPathFor(path: string, tag: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${tag}.tmp`);
}

/** Writes every temporary file; on any failure removes what it wrote (and the folders it made) and throws. */
function stage(files: readonly ReportFile[]): Staged {
  const tag = randomBytes(4).toString('hex');
  const written: { path: string; temp: string; direct?: ReportFile['content'] }[] = [];
  const createdDirs: string[] = [];
  const seen = new Set<string>();
  let current = files[0].path;
  try {
    for (const file of files) {
      current = file.path;
      const target = resolve(file.path);
      if (seen.has(target)) throw Object.assign(new Error(`${file.path} twice in one report set`), { code: 'EEXIST' });
      seen.add(target);
      const made = mkdirSync(dirname(target), { recursive: true });
      if (made !== undefined) createdDirs.push(made);
      // A folder in the way would only fail at the rename, after other files were replaced: refuse it up front.
      const existing = lstatOrUndefined(target);
      if (existing?.isDirectory()) throw Object.assign(new Error(`${file.path} is a folder`), { code: 'EISDIR' });
      // A device, a FIFO or a link (`--output /dev/null`, `/dev/stdout`) is written through, never renamed over:
      // a rename would replace the device or the link itself (as root, /dev/null became a regular file).
      if (existing !== undefined && !existing.isFile()) {
        written.push({ path: file.path, temp: '', direct: file.content });
        continue;
      }
      const temp = tempPathFor(target, tag);
      written.push({ path: file.path, temp });
      writeContent(temp, file.content, 'w', true);
    }
  } catch (error) {
    discard({ tag, files: written, createdDirs });
    // The findings the report copies went away (not the target's fault): said as such.
    if (error instanceof StoredTextGone) throw error;
    throw new ReportWriteError(current, (error as NodeJS.ErrnoException).code ?? 'EIO', error);
  }
  return { tag, files: written, createdDirs };
}

/**
 * Renames every temporary file over its target. The previous targets are kept as hard links first, so when a
 * rename fails half-way the ones already replaced are put back and the set stays the previous one.
 */
function commit(staged: Staged): void {
  const backups: { path: string; backup: string }[] = [];
  const done: { path: string; backup?: string }[] = [];
  let current = staged.files[0].path;
  try {
    for (const { path, direct } of staged.files) {
      current = path;
      if (direct !== undefined || lstatOrUndefined(path) === undefined) continue;
      const backup = tempPathFor(path, `${staged.tag}.previous`);
      try {
        linkSync(path, backup);
      } catch {
        // A file system without hard links: a copy serves as well.
        copyFileSync(path, backup);
      }
      backups.push({ path, backup });
    }
    for (const { path, temp, direct } of staged.files) {
      if (direct !== undefined) continue;
      current = path;
      renameSync(temp, path);
      done.push({ path, backup: backups.find((b) => b.path === path)?.backup });
    }
    // Written through last, once every regular file is in place: a stream cannot be taken back.
    for (const { path, direct } of staged.files) {
      if (direct === undefined) continue;
      current = path;
      writeContent(path, direct, 'w', false);
    }
  } catch (error) {
    // Put back what was replaced (or remove what was new), newest first.
    for (const { path, backup } of done.reverse()) {
      try {
        if (backup !== undefined) renameSync(backup, path);
        else rmSync(path, { force: true });
      } catch {
        // Best effort: the error below names the file that failed.
      }
    }
    for (const { backup } of backups) rmSync(backup, { force: true });
    discard(staged);
    if (error instanceof StoredTextGone) throw error;
    throw new ReportWriteError(current, (error as NodeJS.ErrnoException).code ?? 'EIO', error);
  }
  for (const { backup } of backups) rmSync(backup, { force: true });
}

/**
 * Writes `content` piece by piece through one buffer: a report of a whole doc set is a hundred megabytes, and most of
 * it is spans of the doc set's findings file, copied from there without being read into memory whole or decoded.
 * `flush`: synced to the disk before returning, as a file about to be renamed into place must be.
 */
export function writeContent(path: string, content: ReportFile['content'], flags: string, flush: boolean): void {
  const out = openSync(path, flags);
  const sources = new Map<string, number>();
  const buffer = Buffer.allocUnsafe(typeof content === 'string' ? 0 : COPY_BUFFER);
  let used = 0;
  const drain = (): void => {
    for (let at = 0; at < used; ) at += writeSync(out, buffer, at, used - at);
    used = 0;
  };
  try {
    for (const part of typeof content === 'string' ? [content] : content) {
      if (typeof part === 'string') {
        // Text: into the buffer when it fits, else written on its own.
        if (Buffer.byteLength(part, 'utf8') <= buffer.length - used) used += buffer.write(part, used, 'utf8');
        else {
          drain();
          const bytes = Buffer.from(part, 'utf8');
          for (let at = 0; at < bytes.length; ) at += writeSync(out, bytes, at, bytes.length - at);
        }
        continue;
      }
      let fd = sources.get(part.path);
      if (fd === undefined) sources.set(part.path, (fd = openSpanSource(part.path)));
      for (let at = part.start; at < part.end; ) {
        if (used === buffer.length) drain();
        const n = Math.min(part.end - at, buffer.length - used);
        readSpan(fd, at, buffer, used, n);
        used += n;
        at += n;
      }
    }
    drain();
    if (flush) fsyncSync(out);
  } finally {
    for (const fd of sources.values()) closeSync(fd);
    closeSync(out);
  }
}

/** The buffer a report is written through. */
const COPY_BUFFER = 1 << 20;

/** Removes the temporary files of an abandoned set and the folders the set created (when they are empty again). */
function discard(staged: Staged): void {
  for (const { temp } of staged.files) if (temp !== '') rmSync(temp, { force: true });
  for (const top of staged.createdDirs) {
    // Deepest first, stopping at the first folder that holds something else.
    const chain = staged.files.map((f) => dirname(resolve(f.path))).filter((d) => d === top || d.startsWith(`${top}/`));
    for (const dir of [...new Set(chain)].sort((a, b) => b.length - a.length)) {
      for (let d = dir; d.length >= top.length; d = dirname(d)) {
        try {
          rmdirSync(d);
        } catch {
          break;
        }
      }
    }
  }
}

function lstatOrUndefined(path: string): ReturnType<typeof lstatSync> | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

interface SignalGuard {
  /** Set while temporary files exist that a signal must remove. */
  staged: Staged | undefined;
  /** The signal that arrived while staged, if one did. */
  interrupted: HeldSignal | undefined;
  /** Called when a signal arrives (wakes a test hold). */
  wake: () => void;
  release(): void;
}

/**
 * Listens for SIGINT and SIGTERM, so that neither ends the process in the middle of a synchronous write (a listener
 * defers the signal to the event loop). On a signal: remove staged temporary files, stop listening, and, when nobody
 * else listened for it (so it would have ended the process), re-send it so the process ends as it would have.
 */
function holdSignals(): SignalGuard {
  const listeners = new Map<HeldSignal, () => void>();
  const stop = (): void => {
    for (const [signal, listener] of listeners) process.removeListener(signal, listener);
    listeners.clear();
  };
  const guard: SignalGuard = {
    staged: undefined,
    interrupted: undefined,
    wake: () => {},
    release() {
      // A signal that arrived during the last synchronous step reaches its listener only on a later turn of the
      // event loop, and is lost if nobody listens by then: stop listening one timer tick later.
      setTimeout(stop, 0).unref();
    },
  };
  for (const signal of SIGNALS) {
    // Another listener (a --watch loop, the replay's own handler) decides what the signal does; we only clean up.
    const handledElsewhere = process.listenerCount(signal) > 0;
    const listener = (): void => {
      if (guard.staged !== undefined) {
        discard(guard.staged);
        guard.staged = undefined;
        guard.interrupted = signal;
      }
      stop();
      guard.wake();
      if (!handledElsewhere) process.kill(process.pid, signal);
    };
    listeners.set(signal, listener);
    process.on(signal, listener);
  }
  return guard;
}

/** The test hold of {@link HOLD_ENV}: announce, then wait for stdin to end or a signal. */
async function holdForTest(count: number, guard: SignalGuard): Promise<void> {
  process.stderr.write(`${HOLD_LINE}: ${count} temporary file(s) written; waiting for stdin to end\n`);
  await new Promise<void>((resolveHold) => {
    const finish = (): void => {
      process.stdin.removeListener('end', finish);
      process.stdin.removeListener('close', finish);
      process.stdin.pause();
      resolveHold();
    };
    guard.wake = finish;
    process.stdin.on('end', finish);
    process.stdin.on('close', finish);
    process.stdin.resume();
  });
}
