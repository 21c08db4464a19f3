import { defineRule } from './define-rule.js';

/**
 * A front matter whose opening `---` is never closed, or closed only by a `---` further down the page body (a
 * thematic break): the docs build would read the body as YAML. docpact reads the page as if it had no front matter.
 */
export default defineRule({
  id: 'front-matter-unclosed',
  description: 'A front matter opened with `---` on the first line must be closed by a `---` line before the page body.',
  defaultSeverity: 'error',
  messages: {
    unclosed: 'Unexpected front matter with no closing "---", expected a "---" line after its last key: value line: add it (without it, YAML readers take the page body for front matter)',
  },
  run(page, context) {
    const fence = page.frontMatter?.unclosed;
    if (!fence) return;
    context.report({ messageId: 'unclosed', at: fence, element: 'front-matter' });
  },
});
