import { defineRule } from './define-rule.js';

/** A property that two pages of one type (the canonical page and a workload slice) document with different types. */
export default defineRule({
  id: 'type-property-conflict',
  description: 'A type documented on several pages must give each property the same type on every page.',
  defaultSeverity: 'warning',
  messages: {
    conflict:
      'Unexpected type `{actual}` for "{property}" of {type}, expected `{expected}` as {other} documents it: a type documented on several pages is one type, so make the two rows agree',
  },
  run(page, context) {
    const type = context.docs.typeOf(page);
    if (!type || type.pages.length < 2) return;
    for (const conflict of context.docs.index.conflicts(type)) {
      if (conflict.second.page !== page) continue;
      const { row } = conflict.second;
      context.report({
        messageId: 'conflict',
        data: { actual: row.type.raw, property: conflict.name, type: type.name, expected: conflict.first.row.type.raw, other: conflict.first.page.file },
        at: row.typeRange,
        expected: conflict.first.row.type.raw,
        actual: row.type.raw,
        element: `type:${type.name}/${conflict.name}`,
        related: [{ message: `"${conflict.name}" documented here as \`${conflict.first.row.type.raw}\``, file: conflict.first.page.file, range: conflict.first.row.typeRange }],
      });
    }
  },
});
