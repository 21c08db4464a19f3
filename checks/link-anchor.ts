import { defineRule } from './define-rule.js';
import { anchorsOf, isInclude, siteLinkFile } from './support/links.js';

/**
 * A link to a heading that does not exist: `[x](#heading)` on the same page, `[x](page.md#heading)` or
 * `[x](/graph/api/page#heading)` on another page of the doc set. Anchors are GitHub's heading slugs (and explicit
 * `<a name>` anchors). A target page that is not in the doc set is not judged (link-broken's or nobody's finding).
 */
export default defineRule({
  id: 'link-anchor',
  description: 'Links to a heading (`#anchor`) must name a heading of the target page, by its GitHub slug.',
  defaultSeverity: 'warning',
  messages: {
    inPage: 'Unexpected link to #{anchor}, which no heading of this page produces, expected the slug of one of its headings{hint}: fix the anchor or the heading',
    otherPage: 'Unexpected link to #{anchor} on {target}, which no heading of that page produces, expected the slug of one of its headings{hint}: fix the anchor or link to the page without it',
  },
  run(page, context) {
    for (const link of page.links) {
      const url = link.url.trim().replace(/^<|>$/g, '');
      const hash = url.indexOf('#');
      if (hash < 0) continue;
      let anchor = url.slice(hash + 1);
      try {
        anchor = decodeURIComponent(anchor);
      } catch {
        // A stray % is compared as written.
      }
      anchor = anchor.toLowerCase();
      // `#tab/http` selects a snippet tab; an empty fragment is the page's top.
      if (anchor === '' || anchor.startsWith('tab/') || isInclude(page, link)) continue;
      const pathPart = url.slice(0, hash);
      let target = page;
      if (pathPart !== '') {
        if (/^[a-z][a-z0-9+.-]*:/i.test(pathPart)) continue;
        const file = pathPart.startsWith('/') ? siteLinkFile(page, url) : context.docs.resolveLink(page, pathPart);
        const found = file === undefined ? undefined : context.docs.index.pageAt(file) ?? context.docs.index.pageAt(`${file}.md`);
        if (!found) continue;
        target = found;
      }
      const anchors = anchorsOf(target);
      if (anchors.has(anchor)) continue;
      const near = [...anchors].find((a) => a.replace(/-/g, '') === anchor.replace(/[-_]/g, ''));
      const hint = near ? ` ("#${near}"?)` : '';
      if (target === page) {
        context.report({ messageId: 'inPage', data: { anchor, hint }, at: link.range, actual: `#${anchor}`, ...(near ? { expected: `#${near}` } : {}), element: `link:${link.url}` });
      } else {
        context.report({ messageId: 'otherPage', data: { anchor, target: pathPart, hint }, at: link.range, actual: `#${anchor}`, ...(near ? { expected: `#${near}` } : {}), element: `link:${link.url}` });
      }
    }
  },
});
