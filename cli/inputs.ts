/**
 * Which Markdown files a run reads: the paths on the command line (files, folders or globs, relative to the working
 * directory), else the config's `docs` globs (relative to the config's folder), else `docs`; minus `ignore` globs.
 */
import { stat } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import type { LoadedConfig } from './config.js';

/** Folders never walked into when a folder is given. */
const ALWAYS_IGNORED = ['**/node_modules/**', '**/.git/**'];

export interface Inputs {
  /** Pages to read, relative to the working directory, `/`-separated, sorted, without duplicates. */
  readonly files: readonly string[];
  /** A message per path or glob that named nothing readable (exit 2, but the other pages are still checked). */
  readonly problems: readonly string[];
}

/**
 * Expands `paths` (or the config's `docs`, or `docs`) into Markdown files. A folder means every `*.md` below it;
 * a glob is matched as written; a file is taken whatever its extension. Each path that exists nowhere, and each
 * folder or glob with no Markdown in it, becomes a problem naming it.
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

  const found = new Set<string>();
  const problems: string[] = [];
  for (const pattern of patterns) {
    const shown = fromConfig ? `${pattern} (from the config's "docs")` : pattern;
    let matches: string[];
    if (isDynamicPattern(pattern)) {
      matches = await glob(toPosix(pattern), { cwd: base, absolute: true, onlyFiles: true, dot: false, expandDirectories: false, ignore: ALWAYS_IGNORED });
      if (matches.length === 0) problems.push(`No files match ${shown}; check the glob`);
    } else {
      const absolute = resolve(base, pattern);
      const kind = await kindOf(absolute);
      if (kind === 'missing') {
        problems.push(`Path not found: ${shown}; check the spelling (paths are relative to ${fromConfig ? 'the config file' : 'the working directory'})`);
        continue;
      }
      matches = kind === 'file' ? [absolute] : await glob('**/*.md', { cwd: absolute, absolute: true, onlyFiles: true, caseSensitiveMatch: false, ignore: ALWAYS_IGNORED });
      if (matches.length === 0) problems.push(`No Markdown files (*.md) under ${shown}`);
    }
    for (const match of matches) if (!isIgnored(match)) found.add(toPosix(relative(cwd, match)) || '.');
  }
  return { files: [...found].sort(), problems };
}

async function kindOf(path: string): Promise<'file' | 'dir' | 'missing'> {
  try {
    return (await stat(path)).isDirectory() ? 'dir' : 'file';
  } catch {
    return 'missing';
  }
}

function toPosix(path: string): string {
  return path.split('\\').join('/');
}
