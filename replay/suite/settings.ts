/**
 * What the `docpact replay` CLI hands to the Jest suite: a JSON file in the run folder, named by the
 * `DOCPACT_REPLAY_SETTINGS` environment variable. Nothing secret is ever written there: the `--header` and `--var`
 * values travel in the `DOCPACT_REPLAY_SECRETS` variable, set only in the environment of the Jest process (which its
 * workers inherit), and the token in `DOCPACT_TOKEN` as before.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { Severity } from '../../core/diagnostic.js';
import type { ChainEntry, ChainStore } from '../chain.js';
import type { ResolvedSpec } from '../targets/index.js';

export const SETTINGS_ENV = 'DOCPACT_REPLAY_SETTINGS';
/** JSON `{ headers, vars }`: the settings that may hold credentials, kept off the disk. */
export const SECRETS_ENV = 'DOCPACT_REPLAY_SECRETS';

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

/** The part of {@link SuiteSettings} written to the settings file. */
export type SuiteSettingsFile = Omit<SuiteSettings, 'headers' | 'vars'>;

/** Splits `settings` into what goes to the settings file and the environment variables that carry the rest. */
export function splitSuiteSettings(settings: SuiteSettings): { file: SuiteSettingsFile; env: Record<string, string> } {
  const { headers, vars, ...file } = settings;
  return { file, env: { [SECRETS_ENV]: JSON.stringify({ headers, vars }) } };
}

/** Reads the settings file and adds the headers and vars from {@link SECRETS_ENV} (none when it is unset). */
export function readSuiteSettings(settingsFile: string, env: Readonly<Record<string, string | undefined>> = process.env): SuiteSettings {
  const file = JSON.parse(readFileSync(settingsFile, 'utf8')) as SuiteSettingsFile;
  const secrets = env[SECRETS_ENV] ? (JSON.parse(env[SECRETS_ENV]) as Partial<Pick<SuiteSettings, 'headers' | 'vars'>>) : {};
  return { ...file, headers: secrets.headers ?? {}, vars: secrets.vars ?? {} };
}

/**
 * Writes `text` to `path` through a temporary file and a rename, so a reader never sees half of it. The folder must
 * exist: a worker outliving its run must not create the run folder again after the CLI removed it.
 */
export function writeAtomic(path: string, text: string): void {
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
