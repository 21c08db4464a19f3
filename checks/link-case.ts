import type { Range } from '../core/diagnostic.js';
import { defineRule } from './define-rule.js';
import { rangeAt } from './support/positions.js';
import { edit, fix } from './support/fix.js';

/** A relative link that only resolves when letter case is ignored: fine on Windows and macOS, a 404 on Linux hosts. */
export default defineRule({
  id: 'link-case',
  description: 'Relative links must spell the target file name in its exact letter case.',
  defaultSeverity: 'warning',
  messages: {
    caseOnly: 'Unexpected letter case in link {actual}, expected "{expected}" as the file is named: fix the case (case-sensitive hosts return 404)',
  },
  run(page, context) {
    // A reference-style link's target is written once, in its definition, however many links use it: one finding
    // per definition, at the target the fix respells.
    const definitionsDone = new Set<number>();
    for (const link of page.links) {
      const path = context.docs.resolveLink(page, link.url);
      if (path === undefined) continue;
      const found = context.docs.lookupPath(path);
      if (found.exists || found.caseInsensitiveMatch === undefined) continue;
      const expected = rewrite(link.url, path, found.caseInsensitiveMatch);
      const { inline, definitions } = targetsOf(page.source, link.range.start.offset, link.range.end.offset, link.url);
      const report = (at: Range, targets: readonly number[]): void =>
        context.report({
          messageId: 'caseOnly', data: { actual: link.url, expected }, at, expected, actual: link.url, element: `link:${link.url}`,
          // Safe: the link already reaches this file wherever case is ignored; spelt as the file is, it does everywhere.
          ...(targets.length > 0 && expected !== link.url && {
            fixes: [fix(`Spell the link as the file: ${expected}`, 'safe', targets.map((start) => edit(page, start, start + link.url.length, expected)))],
          }),
        });
      if (inline !== undefined) report(link.range, [inline]);
      else if (definitions.length === 0) report(link.range, []);
      else {
        for (const start of definitions) {
          if (definitionsDone.has(start)) continue;
          definitionsDone.add(start);
          report(rangeAt(page, start, start + link.url.length), [start]);
        }
      }
    }
  },
});

/** The link as written with its path part respelt like the file on disk. */
function rewrite(url: string, resolved: string, actual: string): string {
  const suffix = /[?#].*$/.exec(url)?.[0] ?? '';
  const bare = url.slice(0, url.length - suffix.length);
  const wrong = resolved.split('/');
  const right = actual.split('/');
  const parts = bare.split('/');
  // Respell from the end: the link's segments line up with the resolved path's last segments.
  for (let i = 1; i <= parts.length && i <= right.length; i++) {
    const j = parts.length - i;
    if (parts[j] === '..' || parts[j] === '.') break;
    if (parts[j].toLowerCase() === wrong[wrong.length - i]?.toLowerCase()) parts[j] = right[right.length - i];
  }
  return parts.join('/') + suffix;
}

/**
 * Where the link's target is written: inside `[text](target)` (`inline`), else (a reference-style link, `[text][label]`)
 * in each definition line `[label]: target` of the page that gives this target. Offsets of the target's first character.
 */
function targetsOf(source: string, start: number, end: number, url: string): { inline?: number; definitions: number[] } {
  const inline = source.slice(start, end).lastIndexOf(`(${url}`);
  if (inline >= 0) return { inline: start + inline + 1, definitions: [] };
  const escaped = url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const definition = new RegExp(`^([ \\t]{0,3}\\[[^\\]\\n]+\\]:[ \\t]*<?)${escaped}(?=>|[ \\t]|\\r?$)`, 'gm');
  return { definitions: [...source.matchAll(definition)].map((m) => m.index + m[1].length) };
}
