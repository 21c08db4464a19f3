import { defineRule } from './define-rule.js';
import { bodyFindings } from './support/body-check.js';
import { exampleElement } from './support/text.js';

/** A string property whose example value is the name of a type (`"String"`) rather than a value. */
export default defineRule({
  id: 'example-placeholder-value',
  description: 'Example values must be real values, not the name of the documented type ("String", "String (identifier)").',
  defaultSeverity: 'warning',
  messages: {
    placeholder: 'Unexpected {actual} for "{property}", expected {expected}: the value is a type-name placeholder, fill in a value a reader could send',
  },
  run(page, context) {
    for (const finding of bodyFindings(page, context.docs)) {
      if (finding.kind !== 'placeholder') continue;
      context.report({
        messageId: 'placeholder',
        data: { actual: finding.actual, property: finding.property, expected: finding.expected },
        at: finding.range,
        pointer: finding.pointer,
        expected: finding.expected,
        actual: finding.actual,
        element: `${exampleElement(page, finding.example)}#${finding.pointer}`,
      });
    }
  },
});
