/**
 * What the `docpact replay` CLI hands to the Jest suite: a JSON file in the run folder, named by the
 * `DOCPACT_REPLAY_SETTINGS` environment variable. The token is never written there: workers read
 * `DOCPACT_TOKEN` from the environment they inherit.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Severity } from '../../core/diagnostic.js';
import type { ChainEntry, ChainStore } from '../chain.js';
import type { ResolvedSpec } from '../targets/index.js';

export const SETTINGS_ENV = 'DOCPACT_REPLAY_SETTINGS';

export interface SuiteSettings {
  /** `{ schemas: Record<$id, schema>, fixtures: Fixture[] }`. */
  readonly contractsFile: string;
  /** Each test file writes `<resultsDir>/<page file name>.json`. */
  readonly resultsDir: string;
  /** Chained ids shared by the workers. */
  readonly chainFile: string;
  readonly target: ResolvedSpec;
  readonly headers: Readonly<Record<string, string>>;
  readonly vars: Readonly<Record<string, string>>;
  readonly allowWrites: boolean;
  readonly timeoutMs: number;
  readonly retries: number;
  readonly backoffMs: number;
  readonly maxRetryDelayMs: number;
  readonly failSeverity: Severity;
}

/** Writes `text` to `path` through a temporary file and a rename, so a reader never sees half of it. */
export function writeAtomic(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(temp, text);
  renameSync(temp, path);
}

/** A chain store in a JSON file, so an id created in one Jest worker reaches the next page's tests. */
export function fileChain(path: string): ChainStore {
  const read = (): ChainEntry[] => {
    try {
      return JSON.parse(readFileSync(path, 'utf8')) as ChainEntry[];
    } catch {
      return [];
    }
  };
  return {
    entries: read,
    remember(entry) {
      const list = read().filter((e) => e.collection !== entry.collection);
      list.push(entry);
      writeAtomic(path, JSON.stringify(list));
    },
  };
}
