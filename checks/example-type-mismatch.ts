import { defineRule } from './define-rule.js';
import { bodyFindings } from './support/body-check.js';
import { exampleElement } from './support/text.js';

/** A value in an example body whose JSON type is not the documented type of its property. */
export default defineRule({
  id: 'example-type-mismatch',
  description: 'Example body values must have the JSON type their property is documented with.',
  defaultSeverity: 'error',
  messages: {
    mismatch: 'Unexpected {actual} for "{property}", expected {expected} as documented for {owner}: change the value or the documented type',
    placeholder:
      'Unexpected {actual} for "{property}", expected {expected} as documented for {owner}: the value is a type-name placeholder, fill in a real value such as {sample}',
  },
  run(page, context) {
    for (const finding of bodyFindings(page, context.docs)) {
      if (finding.kind !== 'type' && finding.kind !== 'enum') continue;
      const placeholder = finding.placeholder && finding.sample !== undefined;
      context.report({
        messageId: placeholder ? 'placeholder' : 'mismatch',
        data: { actual: finding.actual, property: finding.property, expected: finding.expected, owner: finding.owner, sample: finding.sample ?? '' },
        at: finding.range,
        pointer: finding.pointer,
        expected: finding.expected,
        actual: finding.actual,
        element: `${exampleElement(page, finding.example)}#${finding.pointer}`,
        ...(finding.documented && { related: [{ message: `"${finding.property}" is documented here`, ...finding.documented }] }),
      });
    }
  },
});
