/**
 * The doc set's disk questions — a rule asking whether a path that is not a page exists (an include, an image, a
 * snippet) — and what their answers were read from. Every answer comes from the listings of the directories on the
 * path's way (checks/path-lookup.ts), so the state records those directories, each with its stat taken before it was
 * read, and the names looked up in it when they are few. A later run asks again only the questions whose way passes
 * through a directory that changed: one whose stat moved, or that was changed too close to the recording run for
 * its stat to tell (see SETTLED_MS in analyze.ts), unless the names looked up in it still list the same. Writing a
 * report into the working directory moves its stat on every run; its few names (the doc folders) keep the answers.
 */
import { readdirSync, statSync } from 'node:fs';
import { posix, resolve } from 'node:path';
import type { ListingObserver } from '../checks/path-lookup.js';
import { pathLookup } from '../checks/path-lookup.js';

/** One question and the answer it had: a path and its lookup as JSON text. */
export type DiskQuestion = readonly [path: string, answer: string];

/**
 * A directory the answers were read from: its path (relative to the working directory, as walked), mtime and ctime
 * (-1 when it could not be read) and, when at most {@link MAX_NAMES} names were looked up in it, each lowercased name
 * with the entries that matched it (null for none).
 */
export type DirRecord = readonly [dir: string, mtimeMs: number, ctimeMs: number, names?: readonly (readonly [lower: string, entries: readonly string[] | null])[]];

/** Directories with more names looked up than this (a folder of snippets) are recorded by their stat alone. */
const MAX_NAMES = 64;

/** Asks disk questions against one file list, remembering every answer and every directory read for them. */
export class DiskQuestions {
  private readonly lookup: (path: string) => unknown;
  private readonly answers = new Map<string, string>();
  private readonly read = new Map<string, { stat: readonly [number, number]; names: Map<string, readonly string[] | null> }>();

  constructor(private readonly cwd: string, files: readonly string[]) {
    const observer: ListingObserver = {
      listing: (dir) => void this.read.set(dir, { stat: statOf(cwd, dir), names: new Map() }),
      asked: (dir, lower, names) => void this.read.get(dir)?.names.set(lower, names ?? null),
    };
    this.lookup = pathLookup(cwd, files, observer);
  }

  /** The answer to `path` now, as the JSON text the state keeps. */
  answer(path: string): string {
    let said = this.answers.get(path);
    if (said === undefined) this.answers.set(path, (said = JSON.stringify(this.lookup(path))));
    return said;
  }

  /** Whether every question still has its answer (asking each). */
  agree(questions: Iterable<DiskQuestion>): boolean {
    for (const [path, said] of questions) if (this.answer(path) !== said) return false;
    return true;
  }

  /** The directories read so far, recorded. */
  records(): DirRecord[] {
    return [...this.read].map(([dir, { stat, names }]) => [dir, stat[0], stat[1], ...(names.size <= MAX_NAMES ? [[...names].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))] as const : [])] as DirRecord);
  }

  /**
   * The directories of `records` that may list otherwise now: their stat moved or was too recent (not before
   * `settledBefore`, ms since the epoch) and their looked-up names, if recorded, now match other entries.
   */
  changed(records: readonly DirRecord[], settledBefore: number): Set<string> {
    const out = new Set<string>();
    for (const [dir, mtimeMs, ctimeMs, names] of records) {
      const [m, c] = statOf(this.cwd, dir);
      if (m === mtimeMs && c === ctimeMs && mtimeMs < settledBefore && ctimeMs < settledBefore) continue;
      if (names && sameNames(resolve(this.cwd, dir), names)) continue;
      out.add(dir);
    }
    return out;
  }
}

/** Whether the directory still lists, for each name, the entries recorded. */
function sameNames(path: string, names: NonNullable<DirRecord[3]>): boolean {
  const now = new Map<string, string[]>();
  try {
    for (const name of readdirSync(path)) {
      const lower = name.toLowerCase();
      const same = now.get(lower);
      if (same) same.push(name);
      else now.set(lower, [name]);
    }
  } catch {
    return false;
  }
  return names.every(([lower, entries]) => {
    const found = now.get(lower);
    return entries === null ? found === undefined : found !== undefined && found.length === entries.length && found.every((name, i) => name === entries[i]);
  });
}

function statOf(cwd: string, dir: string): readonly [number, number] {
  try {
    const info = statSync(resolve(cwd, dir), { throwIfNoEntry: false });
    return info ? [info.mtimeMs, info.ctimeMs] : [-1, -1];
  } catch {
    return [-1, -1];
  }
}

/** Whether the walk to `path` reads the listing of `dir` (compared case-insensitively: the walk may correct case). */
export function passesThrough(path: string, dir: string): boolean {
  return dir === '.' || posix.normalize(path).toLowerCase().startsWith(`${dir.toLowerCase()}/`);
}

/** The directories a state's disk answers were read from, and when (ms since the epoch) before they were recorded. */
export interface DiskState {
  readonly at: number;
  readonly records: readonly DirRecord[];
}
