/**
 * `--shard i/n`: which pages one of n CI machines checks. A page belongs to shard hash(path) mod n, so a page
 * stays on its shard when others are added or removed (a sorted-index split would move most of them).
 */
import { createHash } from 'node:crypto';
import { UsageError } from './errors.js';

export interface Shard {
  /** 1-based, as written. */
  readonly index: number;
  readonly count: number;
}

/** Parses `i/n` (1 ≤ i ≤ n); a {@link UsageError} otherwise. */
export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count) {
    throw new UsageError(`--shard: Unexpected "${text}", expected i/n with 1 <= i <= n, e.g. --shard 2/4`);
  }
  return { index, count };
}

/** Whether `file` (relative to the working directory, `/`-separated) is in `shard`. */
export function inShard(file: string, shard: Shard): boolean {
  if (shard.count === 1) return true;
  const n = createHash('sha1').update(file).digest().readUInt32BE(0);
  return n % shard.count === shard.index - 1;
}
