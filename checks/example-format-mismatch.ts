import { defineRule } from './define-rule.js';
import { bodyFindings } from './support/body-check.js';
import { exampleElement } from './support/text.js';

/** A string value that does not follow the format of its documented type (date-time, date, duration, GUID…). */
export default defineRule({
  id: 'example-format-mismatch',
  description: 'Example string values must follow the format of their documented type (date-time, date, time, duration, GUID).',
  defaultSeverity: 'error',
  messages: {
    mismatch: 'Unexpected {actual} for "{property}", expected {expected}: write a value like {sample}',
    placeholder: 'Unexpected {actual} for "{property}", expected {expected}: the value is a type-name placeholder, fill in a real value like {sample}',
  },
  run(page, context) {
    for (const finding of bodyFindings(page, context.docs)) {
      if (finding.kind !== 'format') continue;
      context.report({
        messageId: finding.placeholder ? 'placeholder' : 'mismatch',
        data: { actual: finding.actual, property: finding.property, expected: finding.expected, sample: finding.sample ?? '' },
        at: finding.range,
        pointer: finding.pointer,
        expected: finding.expected,
        actual: finding.actual,
        element: `${exampleElement(page, finding.example)}#${finding.pointer}`,
      });
    }
  },
});
