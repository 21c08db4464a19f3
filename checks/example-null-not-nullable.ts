import { defineRule } from './define-rule.js';
import { bodyFindings } from './support/body-check.js';
import { exampleElement } from './support/text.js';

/** `null` in an example body for a property its table says is "Not nullable." */
export default defineRule({
  id: 'example-null-not-nullable',
  description: 'Example bodies must not give null for a property documented as not nullable.',
  defaultSeverity: 'warning',
  messages: {
    notNullable:
      'Unexpected null for "{property}", expected a value: {owner} documents "{property}" as not nullable: give a real value, or leave the property out',
  },
  run(page, context) {
    for (const finding of bodyFindings(page, context.docs)) {
      if (finding.kind !== 'null') continue;
      context.report({
        messageId: 'notNullable',
        data: { property: finding.property, owner: finding.owner },
        at: finding.range,
        pointer: finding.pointer,
        element: `${exampleElement(page, finding.example)}#${finding.pointer}#null`,
        ...(finding.documented && { related: [{ message: `"${finding.property}" is documented as not nullable here`, ...finding.documented }] }),
      });
    }
  },
});
