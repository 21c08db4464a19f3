import { defineRule } from './define-rule.js';
import { safeReplace } from './support/fix.js';

/** A relative link that only resolves when letter case is ignored: fine on Windows and macOS, a 404 on Linux hosts. */
export default defineRule({
  id: 'link-case',
  description: 'Relative links must spell the target file name in its exact letter case.',
  defaultSeverity: 'warning',
  messages: {
    caseOnly: 'Unexpected letter case in link {actual}, expected "{expected}" as the file is named: fix the case (case-sensitive hosts return 404)',
  },
  run(page, context) {
    for (const link of page.links) {
      const path = context.docs.resolveLink(page, link.url);
      if (path === undefined) continue;
      const found = context.docs.lookupPath(path);
      if (found.exists || found.caseInsensitiveMatch === undefined) continue;
      const expected = rewrite(link.url, path, found.caseInsensitiveMatch);
      // The target as written inside `[text](target)`; a reference-style link's target is elsewhere: no fix then.
      const written = page.source.slice(link.range.start.offset, link.range.end.offset);
      const at = written.lastIndexOf(`(${link.url}`);
      const start = link.range.start.offset + at + 1;
      context.report({
        messageId: 'caseOnly', data: { actual: link.url, expected }, at: link.range, expected, actual: link.url, element: `link:${link.url}`,
        // Safe: the link already reaches this file wherever case is ignored; spelt as the file is, it does everywhere.
        ...(at >= 0 && expected !== link.url && { fixes: [safeReplace(page, `Spell the link as the file: ${expected}`, start, start + link.url.length, expected)] }),
      });
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
