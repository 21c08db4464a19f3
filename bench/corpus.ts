/**
 * The benchmark's input: the given folders copied into a scratch folder, N times for `--repeat N`. Copy k of a page
 * `a/b/x.md` is `r<k>/a/b/x-r<k>.md`, and every relative link to a `.md` file in it is renamed the same way, so
 * links resolve within each copy. Type names are left as they are: each copy defines the same types in its own
 * folder, as v1.0 and beta do, so type lookups see N candidates (that cost is part of what the growth measures).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { findMarkdown } from '../extractor/load.js';

export interface PreparedInput {
  /** The folder to run on. */
  readonly dir: string;
  readonly files: number;
  readonly bytes: number;
  /** The pages to edit for the incremental figure: {@link EDITED} API pages of the first copy, spread over the tree. */
  readonly editTargets: readonly string[];
}

/** How many pages the incremental figure edits: a ten-page pull request. */
export const EDITED = 10;

/** Renames the `.md` link targets of one page for copy `suffix` (`x.md#a` → `x-r2.md#a`). */
export function renameLinks(text: string, suffix: string): string {
  // Inline links and reference definitions whose target is a relative .md path.
  return text.replace(/(\]\(\s*<?|^\s*\[[^\]]+\]:\s*<?)((?![a-z][a-z0-9+.-]*:|\/)[^\s)>#?]*?)\.md(?=[#?)\s>]|$)/gim, (_m, lead: string, path: string) => `${lead}${path}-${suffix}.md`);
}

/** Copies the Markdown under `sources` into `target` `repeat` times (see the module comment). */
export async function prepareInput(sources: readonly string[], target: string, repeat: number): Promise<PreparedInput> {
  let files = 0;
  let bytes = 0;
  const firstCopy: string[] = [];
  for (const source of sources) {
    const { files: found } = await findMarkdown([source]);
    const sourceRoot = found.length === 1 && !found[0].endsWith('/') ? dirname(found[0]) : source;
    for (let k = 1; k <= repeat; k++) {
      const suffix = `r${k}`;
      for (const file of found) {
        const rel = relative(sourceRoot, file);
        const out = join(target, suffix, dirname(rel), basename(rel).replace(/\.md$/i, `-${suffix}.md`));
        const text = renameLinks(await readFile(file, 'utf8'), suffix);
        await mkdir(dirname(out), { recursive: true });
        await writeFile(out, text);
        files++;
        bytes += Buffer.byteLength(text);
        if (k === 1) firstCopy.push(out);
      }
    }
  }
  return { dir: target, files, bytes, editTargets: pickEdits(firstCopy) };
}

/** {@link EDITED} pages spread evenly over the list: API pages (what a pull request mostly touches), else any. */
function pickEdits(pages: readonly string[]): string[] {
  const api = pages.filter((p) => /\/api\//.test(p));
  const pool = api.length >= EDITED ? api : pages;
  const n = Math.min(EDITED, pool.length);
  return Array.from({ length: n }, (_, i) => pool[Math.floor((i * pool.length) / n)]);
}
