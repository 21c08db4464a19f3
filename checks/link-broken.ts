import { defineRule } from './define-rule.js';
import { isInclude } from './support/links.js';
import { rangeAt } from './support/positions.js';

/** A relative link to a file that does not exist (in any letter case). */
export default defineRule({
  id: 'link-broken',
  description: 'Relative links must point to files that exist.',
  defaultSeverity: 'error',
  messages: {
    broken: 'Unexpected link to {actual}, which does not exist, expected a path to an existing file: fix the path or remove the link',
    commented:
      'Unexpected link to {actual} in an HTML comment, which does not exist, expected a path to an existing file: fix it before the comment is restored, or delete the comment',
  },
  run(page, context) {
    for (const link of page.links) {
      if (isInclude(page, link)) continue;
      const path = context.docs.resolveLink(page, link.url);
      if (path === undefined) continue;
      const found = context.docs.lookupPath(path);
      if (found.exists || found.caseInsensitiveMatch !== undefined) continue;
      context.report({ messageId: 'broken', data: { actual: link.url }, at: link.range, actual: link.url, element: `link:${link.url}` });
    }
    // Commented-out rows (`<!--|[Get x](../api/x-get.md)|…|-->`) come back when someone restores them.
    for (const comment of page.source.matchAll(/<!--(?!\s*\{)([\s\S]*?)-->/g)) {
      for (const link of comment[1].matchAll(/\]\(([^)\s]+)\)/g)) {
        const url = link[1];
        const path = context.docs.resolveLink(page, url);
        if (path === undefined) continue;
        const found = context.docs.lookupPath(path);
        if (found.exists || found.caseInsensitiveMatch !== undefined) continue;
        const start = comment.index + 4 + link.index + 2;
        context.report({ messageId: 'commented', data: { actual: url }, at: rangeAt(page, start, start + url.length), actual: url, element: `link:${url}#comment` });
      }
    }
  },
});
