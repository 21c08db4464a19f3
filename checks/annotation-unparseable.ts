import { defineRule } from './define-rule.js';
import { exampleElement } from './support/text.js';

/** An example annotation comment that is not JSON even to a lenient (JSON5) parser. */
export default defineRule({
  id: 'annotation-unparseable',
  description: 'Example annotations (`<!-- { … } -->`) must be JSON objects.',
  defaultSeverity: 'error',
  messages: {
    unparseable: 'Unexpected annotation text that is not JSON ({problem}), expected a JSON object: fix the comment so the example below it is checked',
  },
  run(page, context) {
    for (const example of page.examples) {
      const annotation = example.annotation;
      if (!annotation || annotation.parse !== 'failed') continue;
      context.report({
        messageId: 'unparseable',
        data: { problem: annotation.problem?.message ?? 'no JSON object found' },
        at: annotation.problem?.range ?? annotation.range,
        element: `annotation:${exampleElement(page, example)}`,
      });
    }
  },
});
