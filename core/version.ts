import { readFile } from 'node:fs/promises';

let cached: Promise<string> | undefined;

/** docpact's own version, from its package.json (read once per process). */
export function docpactVersion(): Promise<string> {
  cached ??= readFile(new URL('../package.json', import.meta.url), 'utf8').then((text) => (JSON.parse(text) as { version: string }).version);
  return cached;
}
