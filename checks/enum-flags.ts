import { defineRule } from './define-rule.js';
import { bodyFindings } from './support/body-check.js';
import { exampleElement } from './support/text.js';

/**
 * Flags enums: an example value that combines members (`"a,b"`) of an enum whose Value column shows it is not a flags
 * enum. (A flags enum — values 0, 1, 2, 4… — accepts such combinations, in the checks and in the contracts' schemas.)
 */
export default defineRule({
  id: 'enum-flags',
  description: 'Only members of a flags enum combine into one value; a plain enum value is one member.',
  defaultSeverity: 'warning',
  messages: {
    combined:
      'Unexpected combined value {actual} for "{property}", expected one member of {type}: its member values ({values}) are not flags (distinct powers of two), so members do not combine: give one member, or document the enum as flags',
  },
  run(page, context) {
    for (const finding of bodyFindings(page, context.docs)) {
      if (finding.kind !== 'flags') continue;
      const type = finding.enumName ?? 'the enum';
      const values = finding.sample ?? '?';
      context.report({
        messageId: 'combined',
        data: { actual: finding.actual, property: finding.property, type, values },
        at: finding.range,
        pointer: finding.pointer,
        actual: finding.actual,
        element: `${exampleElement(page, finding.example)}#${finding.pointer}#flags`,
        ...(finding.documented && { related: [{ message: `"${finding.property}" is documented here`, ...finding.documented }] }),
      });
    }
  },
});
