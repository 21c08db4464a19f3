/**
 * The one way a name taken from a page becomes part of a path docpact writes.
 *
 * Pages are untrusted (anyone can open a pull request), and example names, `@odata.type` values, `Namespace:` lines
 * and page stems all end up in file names. `safeSegment` turns any string into one path segment that cannot climb
 * out of its folder, name a device, or exceed a file system's name limit; `insideDir` joins segments under a root and
 * refuses anything that would still land outside it.
 */
import { createHash } from 'node:crypto';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';

/**
 * Longest segment, in bytes (all ASCII after sanitising). File systems allow 255 bytes; staying well below leaves
 * room for the temp suffixes writers add (`.<pid>.tmp`) and for folders that append `_2`.
 */
export const MAX_SEGMENT_LENGTH = 120;

/** Names Windows reserves for devices, with or without an extension (`CON`, `aux.json`, `LPT1`). */
const RESERVED = /^(?:con|prn|aux|nul|com[0-9]|lpt[0-9]|conin\$|conout\$)(?:\..*)?$/i;

/** First 8 hex digits of the SHA-256 of `text`: stable across runs and machines. */
export function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 8);
}

/**
 * One safe path segment from any string: ASCII letters, digits, `_`, `-` and `.` only; never empty, never `.` or
 * `..` or any leading dot, never a reserved device name, never ending in a dot, at most `MAX_SEGMENT_LENGTH`
 * characters including `extension`. The same input always gives the same segment; a shortened one ends in a hash of
 * the whole input, so two long names that share a prefix stay apart.
 *
 * @param name the untrusted name (`get user / by id`, `microsoft.graph/../x`)
 * @param extension appended after sanitising and kept whole when shortening (`.json`); default none
 * @param fallback used when nothing is left of `name`; default `_`
 */
export function safeSegment(name: string, extension = '', fallback = '_'): string {
  let clean = name
    .trim()
    .replace(/[^\w.-]+/g, '_')
    .replace(/^\.+/, '_')
    .replace(/\.+$/, '_');
  if (clean === '') clean = fallback;
  if (RESERVED.test(clean)) clean = `_${clean}`;
  const room = MAX_SEGMENT_LENGTH - extension.length;
  if (clean.length > room) clean = `${clean.slice(0, room - 9).replace(/\.+$/, '')}-${shortHash(name)}`;
  return clean + extension;
}

/** Thrown when a path built for writing would leave its root; a bug in docpact, never a page's fault. */
export class UnsafePathError extends Error {
  override readonly name = 'UnsafePathError';
}

/**
 * `root` joined with `rel` (`/`-separated), asserted to stay inside `root`. Every path docpact writes from
 * page-derived names goes through here, after `safeSegment`: the assertion is the second lock on the door.
 */
export function insideDir(root: string, rel: string): string {
  if (rel.includes('\0') || isAbsolute(rel)) throw new UnsafePathError(`Refusing to write ${JSON.stringify(rel)}: not a relative path.`);
  const base = resolve(root);
  const full = resolve(join(base, ...rel.split('/')));
  const back = relative(base, full);
  if (back === '' || back === '..' || back.startsWith(`..${sep}`) || isAbsolute(back)) {
    throw new UnsafePathError(`Refusing to write ${JSON.stringify(rel)}: it resolves outside ${base}.`);
  }
  return full;
}
