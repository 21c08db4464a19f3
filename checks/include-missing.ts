import { defineRule } from './define-rule.js';
import { isInclude } from './support/links.js';

/** An `[!INCLUDE]` whose target file does not exist: the published page silently loses that text. */
export default defineRule({
  id: 'include-missing',
  description: '`[!INCLUDE [label](path)]` targets must exist.',
  defaultSeverity: 'warning',
  messages: {
    missing: 'Unexpected include of {actual}, which does not exist, expected an existing file: fix the path or remove the include',
  },
  run(page, context) {
    for (const link of page.links) {
      if (!isInclude(page, link)) continue;
      const path = context.docs.resolveLink(page, link.url);
      if (path === undefined) continue;
      const found = context.docs.lookupPath(path);
      if (found.exists || found.caseInsensitiveMatch !== undefined) continue;
      context.report({ messageId: 'missing', data: { actual: link.url }, at: link.range, actual: link.url, element: `include:${link.url}` });
    }
  },
});
