import type { Range } from '../core/diagnostic.js';
import type { DocPage, Table } from '../extractor/model.js';
import { isGroupHeadingRow } from '../extractor/tables.js';
import { defineRule } from './define-rule.js';
import { tableSection } from './support/text.js';

/** A table row whose number of cells differs from the header's: renderers drop or shift the extra cells. */
export default defineRule({
  id: 'table-ragged',
  description: 'Every table row must have as many cells as the header.',
  defaultSeverity: 'warning',
  messages: {
    ragged: 'Unexpected {actual} cells in this table row, expected {expected} like the header: add the missing cells or escape a "|" inside a cell as "\\|"',
    header: 'Unexpected {actual} cells in this table header, expected {expected} like every row of the table: remove the extra header cells or add the missing ones',
  },
  run(page, context) {
    for (const table of page.tables) {
      if (table.raggedRows.length === 0) continue;
      const header = headerDefect(page, table);
      if (header) {
        // One defect, one finding: a header that disagrees with every row is reported once, at the header.
        context.report({
          messageId: 'header',
          data: { actual: table.header.length, expected: header.rowCells },
          at: header.range,
          expected: String(header.rowCells),
          actual: String(table.header.length),
          element: `table:${tableSection(table)}/header#cells`,
        });
        continue;
      }
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

/**
 * The header is the odd one out when at least two rows (group heading rows aside) all have the same number of
 * cells and every one of them differs from the header (`| Property | Type | Description | |` over three-cell rows).
 */
function headerDefect(page: DocPage, table: Table): { rowCells: number; range: Range } | undefined {
  const rows = table.rows.filter((r) => !isGroupHeadingRow(r, table.header.length));
  if (rows.length < 2 || table.raggedRows.length !== rows.length) return undefined;
  const counts = new Set(table.raggedRows.map((r) => r.cells));
  if (counts.size !== 1) return undefined;
  const start = table.range.start;
  const lineEnd = page.source.indexOf('\n', start.offset);
  const text = page.source.slice(start.offset, lineEnd === -1 ? page.source.length : lineEnd).replace(/\r$/, '');
  return {
    rowCells: [...counts][0],
    range: { start, end: { line: start.line, column: start.column + text.length, offset: start.offset + text.length } },
  };
}
