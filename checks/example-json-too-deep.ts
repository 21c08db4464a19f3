import { defineRule } from './define-rule.js';
import { exampleElement, isCheckedExample } from './support/text.js';

/** An example body nested deeper than the extractor reads (extractor/json-body.ts, MAX_JSON_DEPTH). */
export default defineRule({
  id: 'example-json-too-deep',
  description: 'JSON bodies of examples must not nest deeper than docpact reads (64 levels).',
  defaultSeverity: 'error',
  messages: {
    tooDeep: 'Unexpected JSON nested deeper than {limit} levels, expected at most {limit}: docpact did not read this body, so it is neither checked nor replayed; shorten the example (mark the response "truncated": true) or flatten it',
  },
  run(page, context) {
    for (const example of page.examples) {
      if (!isCheckedExample(example) && example.blockType !== 'resource') continue;
      const body = example.request?.body ?? example.response?.body ?? example.body;
      const limit = body?.kind === 'invalid-json' ? body.problem?.tooDeep : undefined;
      if (!body?.problem || limit === undefined) continue;
      context.report({ messageId: 'tooDeep', data: { limit }, at: body.problem.range, element: `${exampleElement(page, example)}#body` });
    }
  },
});
