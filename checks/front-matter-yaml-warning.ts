import { defineRule } from './define-rule.js';

/**
 * What the YAML reader warns about in a front matter that it still reads: an unresolved tag (`!x`), a list or
 * mapping used as a key. Other readers (the docs build) may read such a value differently, or not at all.
 */
export default defineRule({
  id: 'front-matter-yaml-warning',
  description: 'The front matter must be plain YAML that every reader reads the same way (no unresolved tags, no lists or mappings as keys).',
  defaultSeverity: 'warning',
  messages: {
    warning: 'Unexpected YAML in the front matter that may not read as meant ({problem}), expected plain key: value lines: rewrite it as a plain or quoted string value',
  },
  run(page, context) {
    for (const warning of page.frontMatter?.warnings ?? []) {
      context.report({
        messageId: 'warning',
        data: { problem: warning.message },
        at: warning.range,
        element: `front-matter#${warning.message}`,
      });
    }
  },
});
