import { defineRule } from './define-rule.js';
import { bodyFindings } from './support/body-check.js';
import { exampleElement, firstChar } from './support/text.js';

/** An example body without a property its table marks as required (truncated responses are exempt). */
export default defineRule({
  id: 'example-required-missing',
  description: 'Complete examples must carry every property documented as required.',
  defaultSeverity: 'warning',
  messages: {
    missing:
      'Unexpected example without "{property}", expected it because {owner} documents it as required: add it, or mark a shortened response with "truncated": true',
  },
  run(page, context) {
    for (const finding of bodyFindings(page, context.docs)) {
      if (finding.kind !== 'required') continue;
      context.report({
        messageId: 'missing',
        data: { property: finding.property, owner: finding.owner },
        // The opening brace of the object that lacks the member: the whole object can span a screen.
        at: firstChar(finding.range),
        pointer: finding.pointer,
        expected: finding.property,
        element: `${exampleElement(page, finding.example)}#${finding.pointer}/${finding.property}`,
        ...(finding.documented && { related: [{ message: `"${finding.property}" is documented as required here`, ...finding.documented }] }),
      });
    }
  },
});
