/**
 * The command-line options `docpact replay` and `docpact record` share — where to send, how long to wait, how often
 * to retry, how many at once, which headers and variables, which account, which examples — read and checked in one
 * place, so that the two commands accept the same values and say the same thing about a bad one.
 */
import type { DocpactConfig } from './config.js';
import { UsageError } from './errors.js';
import type { TargetSpec } from '../replay/types.js';

/** What both commands take from their command line for sending requests. */
export interface SendCliOptions {
  readonly header?: readonly string[];
  readonly var?: readonly string[];
  readonly timeout?: string;
  readonly retries?: string;
  readonly concurrency?: string;
  readonly testNamePattern?: string;
}

export interface SendSettings {
  readonly timeoutMs: number;
  readonly retries: number;
  readonly concurrency: number;
  /** The config's headers, then `--header K: V` over them. */
  readonly headers: Record<string, string>;
  /** The config's vars, then `--var name=value` over them. */
  readonly vars: Record<string, string>;
  /** `-t`, case-insensitive; undefined: every example. */
  readonly pattern?: RegExp;
}

/** Reads the shared options; a bad value is a {@link UsageError} naming the flag. */
export function sendSettings(config: DocpactConfig, options: SendCliOptions): SendSettings {
  let pattern: RegExp | undefined;
  if (options.testNamePattern !== undefined) {
    try {
      pattern = new RegExp(options.testNamePattern, 'i');
    } catch {
      throw new UsageError(`-t: Unexpected "${options.testNamePattern}", expected a regular expression`);
    }
  }
  return {
    timeoutMs: wholeNumber(options.timeout, '--timeout', 30_000),
    retries: wholeNumber(options.retries, '--retries', 3, true),
    concurrency: wholeNumber(options.concurrency, '--concurrency', 4),
    headers: { ...(config.headers ?? {}), ...parsePairs(options.header ?? [], ':', '--header', 'K: V') },
    vars: { ...(config.vars ?? {}), ...parsePairs(options.var ?? [], '=', '--var', 'name=value') },
    ...(pattern && { pattern }),
  };
}

/** `--target`: mock, nock, an http(s) base URL or the name of a configured target. */
export async function targetOf(config: DocpactConfig, text: string, stateful = false): Promise<TargetSpec> {
  const { parseTarget } = await import('../replay/targets/index.js');
  const target = parseTarget(config.targets?.[text] ?? text, stateful);
  if (!target) {
    const named = Object.keys(config.targets ?? {});
    throw new UsageError(`--target: Unexpected "${text}", expected mock, nock, an http(s) base URL${named.length ? ` or a configured target (${named.join(', ')})` : ''}`);
  }
  return target;
}

/** Checks that `name` (from `--account`, the config's `defaultAccount` or a scenario) is one of the config's accounts. */
export function requireAccount(config: DocpactConfig, name: string, where = '--account: '): void {
  const accounts = config.accounts ?? {};
  if (!Object.hasOwn(accounts, name)) {
    throw new UsageError(`${where}Unexpected ${where === '--account: ' ? '' : 'account '}"${name}", expected one of the config's accounts (${Object.keys(accounts).join(', ') || 'none configured'})`);
  }
}

/** A whole number ≥ 1 (≥ 0 with `zeroOk`), or `fallback` when the flag is absent. */
export function wholeNumber(value: string | undefined, flag: string, fallback: number, zeroOk = false): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < (zeroOk ? 0 : 1)) throw new UsageError(`${flag}: Unexpected "${value}", expected a whole number${zeroOk ? '' : ' ≥ 1'}`);
  return n;
}

/** A number > 0. */
export function positiveNumber(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${flag}: Unexpected "${value}", expected a number > 0`);
  return n;
}

/** `K: V` / `name=value` pairs; a pair without the separator is a usage error. */
function parsePairs(values: readonly string[], separator: string, flag: string, shape: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const value of values) {
    const at = value.indexOf(separator);
    if (at <= 0) throw new UsageError(`${flag}: Unexpected "${value}", expected ${shape}`);
    out[value.slice(0, at).trim()] = value.slice(at + 1).trim();
  }
  return out;
}
