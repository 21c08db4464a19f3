/**
 * Where docpact's own files are, whether it runs from its TypeScript sources (a checkout, through tsx or Jest) or
 * from the compiled build in `dist/` (an installed package). This module is `core/package-root.ts` in the one and
 * `dist/core/package-root.js` in the other, so its own extension says which, and how far up the package root is.
 */
import { fileURLToPath } from 'node:url';

/** True when docpact runs compiled JavaScript from `dist/`, false when it runs its TypeScript sources. */
export const COMPILED: boolean = new URL(import.meta.url).pathname.endsWith('.js');

/** The package's root folder (where package.json, docpact.schema.json and the rule docs are), with a trailing slash. */
export const PACKAGE_ROOT: string = fileURLToPath(new URL(COMPILED ? '../../' : '../', import.meta.url));

/** The URL of `relative` (e.g. `package.json`) inside the package root. */
export function packageUrl(relative: string): URL {
  return new URL(relative, new URL(COMPILED ? '../../' : '../', import.meta.url));
}
