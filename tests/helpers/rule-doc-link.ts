/**
 * Whether a finding's `url` names a rule doc that exists: `checks/<id>.md` (a file), or `<stage>/RULES.md#<name>`
 * (a file with a `## <name>` section outside fenced blocks). Paths are relative to the package root `root`, which is
 * this repository or an installed package's folder.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Why `url` does not resolve under `root`, or undefined when it does. */
export function brokenRuleDoc(url: string | null | undefined, root: string): string | undefined {
  if (typeof url !== 'string' || url === '') return `no url (${String(url)})`;
  const [path, anchor] = url.split('#', 2);
  if (/^[a-z]+:/i.test(path) || path.startsWith('/') || path.split('/').includes('..')) return `${url}: not a path inside the package`;
  const file = join(root, path);
  if (!existsSync(file)) return `${url}: ${path} does not exist`;
  if (anchor === undefined) return undefined;
  let fence: string | undefined;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (marker !== undefined) {
      if (fence === undefined) fence = marker;
      else if (marker.startsWith(fence)) fence = undefined;
    } else if (fence === undefined && line.trim() === `## ${anchor}`) {
      return undefined;
    }
  }
  return `${url}: ${path} has no "## ${anchor}" section`;
}
