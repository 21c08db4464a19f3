/**
 * Which Markdown files a run reads: the paths on the command line (files, folders or globs, relative to the working
 * directory), else the config's `docs` globs (relative to the config's folder), else `docs`; minus `ignore` globs.
 */
import { relative, resolve } from 'node:path';
import { InputFiles, pathKind } from '../core/input-files.js';
import type { LoadedConfig } from './config.js';

/** Folders never walked into when a folder is given. */
const ALWAYS_IGNORED = ['**/node_modules/**', '**/.git/**'];

export interface Inputs {
  /**
   * Pages to read, relative to the working directory, `/`-separated, sorted, each real file once (a page reached
   * through a symlink too is listed under the path found first; see `InputFiles`).
   */
  readonly files: readonly string[];
  /** A message per path or glob that named nothing readable (exit 2, but the other pages are still checked). */
  readonly problems: readonly string[];
}

/**
 * Expands `paths` (or the config's `docs`, or `docs`) into Markdown files. A folder means every `*.md` below it;
 * a glob is matched as written; a file is taken whatever its extension. Each path that exists nowhere, names a FIFO,
 * socket or device (never opened), and each folder or glob with no Markdown in it, becomes a problem naming it.
 */
export async function findInputs(paths: readonly string[], cwd: string, loaded: LoadedConfig): Promise<Inputs> {
  const fromConfig = paths.length === 0 && loaded.config.docs !== undefined;
  const patterns = paths.length > 0 ? paths : (loaded.config.docs ?? ['docs']);
  const base = fromConfig ? loaded.dir : cwd;
  const { glob, isDynamicPattern } = await import('tinyglobby');
  const picomatch = (await import('picomatch')).default;
  const ignoreGlobs = loaded.config.ignore ?? [];
  const ignored = ignoreGlobs.length > 0 ? picomatch([...ignoreGlobs], { dot: true }) : () => false;
  const isIgnored = (absolute: string): boolean => ignored(toPosix(relative(loaded.dir, absolute)));

  // One collection for every pattern, so a page named twice, or reached again through a symlink, is read once.
  const found = new InputFiles((absolute) => !isIgnored(absolute));
  const problems: string[] = [];
  for (const pattern of patterns) {
    const shown = fromConfig ? `${pattern} (from the config's "docs")` : pattern;
    if (isDynamicPattern(pattern)) {
      // tinyglobby lists regular files only (never a FIFO or a device) and ends symlink loops itself.
      const matches = await glob(toPosix(pattern), { cwd: base, absolute: true, onlyFiles: true, dot: false, expandDirectories: false, ignore: ALWAYS_IGNORED });
      if (matches.length === 0) problems.push(`No files match ${shown}; check the glob`);
      for (const match of matches.sort()) await found.addFile(match);
      continue;
    }
    const absolute = resolve(base, pattern);
    const kind = await pathKind(absolute);
    if (kind.kind === 'missing') {
      problems.push(`Path not found: ${shown}; check the spelling (paths are relative to ${fromConfig ? 'the config file' : 'the working directory'})`);
    } else if (kind.kind === 'special') {
      problems.push(`Not a regular file or folder: ${shown} is a ${kind.what}; docpact reads only regular files and never opens it`);
    } else if (kind.kind === 'file') {
      await found.addFile(absolute);
    } else {
      const { met, walkedBefore } = await found.addFolder(absolute);
      if (met === 0 && !walkedBefore) problems.push(`No Markdown files (*.md) under ${shown}`);
    }
  }
  return { files: [...new Set(found.files.map((file) => toPosix(relative(cwd, file)) || '.'))].sort(), problems };
}

function toPosix(path: string): string {
  return path.split('\\').join('/');
}
