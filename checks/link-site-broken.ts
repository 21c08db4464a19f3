import { defineRule } from './define-rule.js';
import { siteLinkFile } from './support/links.js';

/**
 * A site-absolute link into the API reference (`/graph/api/user-get?view=graph-rest-1.0`,
 * `/graph/api/resources/user`) whose page is not in the doc set. The link is resolved as the docs site does: from
 * the version root its `?view=` names (else the page's own version), `resources/…` under resources, the rest under
 * api. Other site links (`/graph/permissions-reference`) and external links are not checked.
 */
export default defineRule({
  id: 'link-site-broken',
  description: 'Site-absolute links into the API reference (`/graph/api/…`) must name a page of the doc set.',
  defaultSeverity: 'error',
  messages: {
    broken: 'Unexpected link to {actual}, which names no page of the doc set ({file} does not exist), expected a link to an existing page: fix the path',
  },
  run(page, context) {
    for (const link of page.links) {
      const file = siteLinkFile(page, link.url);
      if (file === undefined) continue;
      const found = context.docs.lookupPath(file);
      // The docs site's URLs ignore letter case, so a case-only difference still reaches the page.
      if (found.exists || found.caseInsensitiveMatch !== undefined) continue;
      const shown = file.split('/').slice(-3).join('/');
      context.report({ messageId: 'broken', data: { actual: link.url, file: shown }, at: link.range, actual: link.url, element: `link:${link.url}` });
    }
  },
});
