import { defineRule } from './define-rule.js';
import { bodyFindings } from './support/body-check.js';
import { exampleElement } from './support/text.js';
import { keyRange } from './support/positions.js';

/** A member of an example body that the documented type does not have. */
export default defineRule({
  id: 'example-property-undocumented',
  description: 'Every property an example sends or returns must be documented in the request-body table or on the type page.',
  defaultSeverity: 'warning',
  messages: {
    undocumented:
      'Unexpected property "{property}" in the example, expected only properties documented for {owner}: document it in the table or remove it from the example',
    wrapped:
      'Unexpected single {owner} wrapped in "value", expected the {owner} object itself as the body: unwrap it ("value" wraps collections only)',
  },
  run(page, context) {
    for (const finding of bodyFindings(page, context.docs)) {
      if (finding.kind !== 'undocumented' && finding.kind !== 'wrapped') continue;
      context.report({
        messageId: finding.kind,
        data: { property: finding.property, owner: finding.owner },
        at: keyRange(page, finding.property, finding.range),
        pointer: finding.pointer,
        element: `${exampleElement(page, finding.example)}#${finding.pointer}`,
      });
    }
  },
});
