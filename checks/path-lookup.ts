/**
 * Path questions against a doc set's file list and the disk, in a module of their own: the cache asks them again on
 * every run (engine/analyze.ts), including runs that load no rule, so this must not pull the checks in.
 */
import { readdirSync } from 'node:fs';
import { posix, resolve } from 'node:path';

/** Outcome of looking a path up on disk (or among the loaded pages). */
export interface PathLookup {
  readonly exists: boolean;
  /** When only a case-insensitive match exists: the path as it is spelt on disk. */
  readonly caseInsensitiveMatch?: string;
}

/** Told what the disk lookups read: the cache records it to know when the answers can have changed (engine/disk-state.ts). */
export interface ListingObserver {
  /** `dir` (relative to cwd, as walked) is about to be read. */
  listing(dir: string): void;
  /** A name was looked up, lowercased, in the listing of `dir`: the names there that match it, if any. */
  asked(dir: string, lower: string, names: readonly string[] | undefined): void;
}

/**
 * Looks paths up among `files` (the doc set's pages) and on disk below `cwd`, case-sensitively first; each directory
 * is read once. The same answers as a doc set's `lookupPath`, without building one (the cache re-asks them).
 */
export function pathLookup(cwd: string, files: readonly string[], observer?: ListingObserver): (path: string) => PathLookup {
  const byPath = new Set<string>();
  const byLowerPath = new Map<string, string>();
  for (const file of files) {
    const key = posix.normalize(file);
    byPath.add(key);
    byLowerPath.set(key.toLowerCase(), key);
  }
  const listings = new Map<string, Map<string, string[]> | null>();
  const listing = (dir: string): Map<string, string[]> | null => {
    let entries = listings.get(dir);
    if (entries !== undefined) return entries;
    observer?.listing(dir);
    try {
      entries = new Map();
      for (const name of readdirSync(resolve(cwd, dir))) {
        const lower = name.toLowerCase();
        const same = entries.get(lower);
        if (same) same.push(name);
        else entries.set(lower, [name]);
      }
    } catch {
      entries = null;
    }
    listings.set(dir, entries);
    return entries;
  };

  const lookupCache = new Map<string, PathLookup>();
  const lookupOnDisk = (path: string): PathLookup => {
    // Walk segment by segment so a directory spelt in the wrong case is found too.
    const segments = path.split('/');
    let exact = true;
    let actual = '';
    for (let i = 0; i < segments.length; i++) {
      const segment = segments[i];
      if (segment === '' || segment === '.' || segment === '..') {
        actual = i === 0 ? segment : `${actual}/${segment}`;
        continue;
      }
      const dir = actual === '' ? '.' : actual;
      const entries = listing(dir);
      const lower = segment.toLowerCase();
      const names = entries?.get(lower);
      if (entries) observer?.asked(dir, lower, names);
      if (!names) return { exists: false };
      const name = names.includes(segment) ? segment : names[0];
      if (name !== segment) exact = false;
      actual = actual === '' ? name : `${actual}/${name}`;
    }
    return exact ? { exists: true } : { exists: false, caseInsensitiveMatch: actual };
  };

  return (path) => {
    const key = posix.normalize(path);
    if (byPath.has(key)) return { exists: true };
    const cached = lookupCache.get(key);
    if (cached) return cached;
    const lower = byLowerPath.get(key.toLowerCase());
    const result = lower !== undefined ? { exists: false, caseInsensitiveMatch: lower } : lookupOnDisk(key);
    lookupCache.set(key, result);
    return result;
  };
}
