import { readFile } from 'node:fs/promises';
import { packageUrl } from './package-root.js';

let cached: Promise<string> | undefined;

/** docpact's own version, from its package.json (read once per process). */
export function docpactVersion(): Promise<string> {
  cached ??= readFile(packageUrl('package.json'), 'utf8').then((text) => (JSON.parse(text) as { version: string }).version);
  return cached;
}
