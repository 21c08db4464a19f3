import { defineRule } from './define-rule.js';

/** A front matter that is not valid YAML, or not a mapping of keys: the page's metadata is then not read at all. */
export default defineRule({
  id: 'front-matter-invalid',
  description: 'The front matter between the `---` lines must be valid YAML `key: value` lines.',
  defaultSeverity: 'error',
  messages: {
    invalid: 'Unexpected invalid YAML in the front matter ({problem}), expected key: value lines: fix it (until then none of the page\'s metadata, such as title and doc_type, is read)',
  },
  run(page, context) {
    const problem = page.frontMatter?.problem;
    if (!problem) return;
    context.report({
      messageId: 'invalid',
      data: { problem: problem.message },
      at: problem.range,
      // Not the line: the baseline entry survives edits above the front matter's error.
      element: 'front-matter',
    });
  },
});
