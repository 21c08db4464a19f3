import { defineRule } from './define-rule.js';
import { exampleElement, firstChar, isCheckedExample } from './support/text.js';

/**
 * A response whose shape disagrees with its collection-ness: `"isCollection": true` (or a collection return type)
 * without a `value` array, or a `value` array under `"isCollection": false`.
 */
export default defineRule({
  id: 'example-collection-shape',
  description: 'Collection responses must be `{ "value": [ … ] }`, and single-object responses must not be.',
  defaultSeverity: 'error',
  messages: {
    missingValue: 'Unexpected {actual} as the body of a collection response, expected an object with a "value" array ({why}): wrap the items in "value"',
    notCollection: 'Unexpected "value" array in a response annotated "isCollection": false, expected a single object: remove "isCollection": false or fix the body',
  },
  run(page, context) {
    for (const example of page.examples) {
      if (!isCheckedExample(example) || !example.response || example.isEmpty || example.expectError) continue;
      const { body, status } = example.response;
      if (body.kind !== 'json' || (status !== undefined && status >= 300)) continue;
      const json = body.json;
      const hasValueArray = typeof json === 'object' && json !== null && !Array.isArray(json) && Array.isArray((json as Record<string, unknown>).value);
      const declared = typeof example.odataType === 'string' && /^collection\(/i.test(example.odataType.trim());
      const why = example.isCollection === true ? 'the annotation says "isCollection": true' : declared ? `the annotation declares ${example.odataType}` : '';
      if (why && !hasValueArray) {
        context.report({
          messageId: 'missingValue',
          data: { actual: Array.isArray(json) ? 'bare array' : 'object without "value"', why },
          at: firstChar(body.pointers?.[''] ?? body.range),
          pointer: '',
          element: `${exampleElement(page, example)}#collection`,
        });
      } else if (example.isCollection === false && hasValueArray && !declared) {
        context.report({
          messageId: 'notCollection',
          at: body.pointers?.['/value'] ?? body.range,
          pointer: '/value',
          element: `${exampleElement(page, example)}#collection`,
        });
      }
    }
  },
});
