import type { DocPage } from '../extractor/model.js';
import { defineRule } from './define-rule.js';
import { lineCount, lineText, rangeAt } from './support/positions.js';
import { tableSection } from './support/text.js';

/** `TODO` notes and "Not yet documented" left in front matter, tables and prose: each place is one finding. */
export default defineRule({
  id: 'page-placeholder',
  description: 'Pages must not ship `TODO` notes or "Not yet documented" placeholders.',
  defaultSeverity: 'warning',
  messages: {
    placeholder: 'Unexpected placeholder "{actual}" in {place}, expected real content: {fix}',
  },
  run(page, context) {
    const code = codeLines(page);
    const cells = cellIndex(page);
    const counts = new Map<string, number>();
    const pattern = /\bTODO\b(?::?[^*|\n".[]*)?|\bnot yet documented\b/gi;
    for (let line = 1; line <= lineCount(page); line++) {
      if (code.has(line)) continue;
      const { text, offset } = lineText(page, line);
      for (const match of text.matchAll(pattern)) {
        // `TODO` counts only in capitals (a `todoTask` is an API); the phrase in any case.
        if (/^todo/i.test(match[0]) && !match[0].startsWith('TODO')) continue;
        const actual = match[0].replace(/\s*-->.*$/, '').trim().replace(/[.:,;?]$/, '');
        const start = offset + match.index;
        const where = placeOf(page, line, start, cells);
        const n = (counts.get(where.element) ?? 0) + 1;
        counts.set(where.element, n);
        context.report({
          messageId: 'placeholder',
          data: { actual, place: where.place, fix: where.fix },
          at: rangeAt(page, start, start + actual.length),
          actual,
          element: n === 1 ? where.element : `${where.element}#${n}`,
        });
      }
    }
  },
});

interface Place {
  readonly place: string;
  readonly fix: string;
  readonly element: string;
}

function placeOf(page: DocPage, line: number, offset: number, cells: Map<number, CellInfo[]>): Place {
  const fm = page.frontMatter;
  if (fm && line >= fm.range.start.line && line <= fm.range.end.line) {
    const entry = fm.entries.find((e) => e.range.start.line <= line && line <= e.range.end.line);
    const key = entry?.key ?? 'front matter';
    return { place: `front matter "${key}"`, fix: `write the ${key} value`, element: `frontmatter:${key}` };
  }
  const cell = cells.get(line)?.find((c) => c.start <= offset && offset <= c.end);
  if (cell) {
    const isPermission = cell.role === 'permissions';
    return {
      place: isPermission ? `the permissions for "${cell.row}"` : `the ${cell.column || 'cell'} of "${cell.row}"`,
      fix: isPermission ? 'list the least-privileged permissions that work' : `describe ${cell.row}`,
      element: `table:${cell.section}/${cell.row}/${cell.column}`,
    };
  }
  const heading = [...page.headings].reverse().find((h) => h.range.start.line <= line);
  const section = heading?.text ?? 'page';
  return { place: `the ${section} section`, fix: 'replace it with the missing text', element: `text:${section}` };
}

interface CellInfo {
  readonly start: number;
  readonly end: number;
  readonly row: string;
  readonly column: string;
  readonly section: string;
  readonly role: string;
}

function cellIndex(page: DocPage): Map<number, CellInfo[]> {
  const out = new Map<number, CellInfo[]>();
  for (const table of page.tables) {
    for (const row of table.rows) {
      const rowName = row[0]?.text.trim() ?? '';
      row.forEach((cell, i) => {
        const info: CellInfo = {
          start: cell.range.start.offset,
          end: cell.range.end.offset,
          row: rowName,
          column: table.header[i]?.text.trim() ?? '',
          section: tableSection(table),
          role: table.role,
        };
        const list = out.get(cell.range.start.line);
        if (list) list.push(info);
        else out.set(cell.range.start.line, [info]);
      });
    }
  }
  return out;
}

function codeLines(page: DocPage): Set<number> {
  const lines = new Set<number>();
  for (const example of page.examples) {
    for (let l = example.code.range.start.line; l <= example.code.range.end.line; l++) lines.add(l);
  }
  return lines;
}
