/**
 * Writing fixed pages back: never a half-written page. Each page is written in full to a temporary file beside it
 * (same folder, so the rename is atomic), with the page's own permission bits, and renamed over it only when every
 * page of the run is staged; a failure while staging removes the temporary files and leaves every page as it was.
 * A page reached through a symbolic link is written at the link's target, so the link stays a link.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export interface PageWrite {
  /** Absolute path of the page. */
  readonly path: string;
  readonly bytes: Uint8Array;
}

/** A page could not be written; no page of the run was changed (when it happened while staging). */
export class PageWriteError extends Error {
  constructor(
    readonly path: string,
    readonly code: string,
    cause?: unknown,
  ) {
    super(`cannot write ${path} (${code}); the pages were left as they were`, cause === undefined ? undefined : { cause });
    this.name = 'PageWriteError';
  }
}

/** Stages every page, then renames each over its target. See the module comment. */
export function writePagesAtomically(pages: readonly PageWrite[]): void {
  const tag = `${process.pid}.${randomBytes(4).toString('hex')}`;
  const staged: { temp: string; target: string }[] = [];
  let current = pages[0]?.path ?? '';
  try {
    for (const page of pages) {
      current = page.path;
      const target = realpathSync(page.path);
      const mode = statSync(target).mode & 0o7777;
      const temp = join(dirname(target), `.${basename(target)}.${tag}.tmp`);
      staged.push({ temp, target });
      writeFileSync(temp, page.bytes, { flush: true, mode });
      // The umask may have taken bits off `mode`; give the page back exactly its own.
      chmodSync(temp, mode);
    }
  } catch (error) {
    for (const { temp } of staged) rmSync(temp, { force: true });
    throw new PageWriteError(current, (error as NodeJS.ErrnoException).code ?? 'EIO', error);
  }
  for (const { temp, target } of staged) renameSync(temp, target);
}
