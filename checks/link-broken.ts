import { defineRule } from './define-rule.js';
import { isInclude } from './support/links.js';

/** A relative link to a file that does not exist (in any letter case). */
export default defineRule({
  id: 'link-broken',
  description: 'Relative links must point to files that exist.',
  defaultSeverity: 'error',
  messages: {
    broken: 'Unexpected link to {actual}, which does not exist, expected a path to an existing file: fix the path or remove the link',
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
  },
});
