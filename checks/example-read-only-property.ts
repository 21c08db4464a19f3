import { defineRule } from './define-rule.js';
import { bodyFindings } from './support/body-check.js';
import { keyRange } from './support/positions.js';
import { exampleElement } from './support/text.js';

/** A create or update request body that sets a property its table marks "Read-only." */
export default defineRule({
  id: 'example-read-only-property',
  description: 'Create and update request bodies (POST, PUT, PATCH) must not set properties documented as read-only.',
  defaultSeverity: 'warning',
  messages: {
    readOnly:
      'Unexpected read-only property "{property}" in the {method} request body, expected only writable properties of {owner} ("{property}" is documented as read-only): remove it from the example, or fix the table if it can be set',
  },
  run(page, context) {
    for (const finding of bodyFindings(page, context.docs)) {
      if (finding.kind !== 'read-only') continue;
      context.report({
        messageId: 'readOnly',
        data: { property: finding.property, owner: finding.owner, method: finding.example.request?.method ?? 'request' },
        at: keyRange(page, finding.property, finding.range),
        pointer: finding.pointer,
        element: `${exampleElement(page, finding.example)}#${finding.pointer}#read-only`,
        ...(finding.documented && { related: [{ message: `"${finding.property}" is documented as read-only here`, ...finding.documented }] }),
      });
    }
  },
});
