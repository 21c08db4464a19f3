import { defineRule } from './define-rule.js';
import { tableSection } from './support/text.js';

/** A table row whose number of cells differs from the header's: renderers drop or shift the extra cells. */
export default defineRule({
  id: 'table-ragged',
  description: 'Every table row must have as many cells as the header.',
  defaultSeverity: 'warning',
  messages: {
    ragged: 'Unexpected {actual} cells in this table row, expected {expected} like the header: add the missing cells or escape a "|" inside a cell as "\\|"',
  },
  run(page, context) {
    for (const table of page.tables) {
      for (const ragged of table.raggedRows) {
        const row = table.rows.find((r) => r[0]?.range.start.line === ragged.line);
        const name = row?.[0]?.text.trim() || `line ${ragged.line - table.range.start.line + 1}`;
        context.report({
          messageId: 'ragged',
          data: { actual: ragged.cells, expected: table.header.length },
          at: ragged.range,
          expected: String(table.header.length),
          actual: String(ragged.cells),
          element: `table:${tableSection(table)}/${name}#cells`,
        });
      }
    }
  },
});
