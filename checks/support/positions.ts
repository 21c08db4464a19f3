/** Maps offsets in a page's source to ranges (1-based lines and columns), with the line table cached per page. */
import type { Range } from '../../extractor/diagnostic.js';
import type { DocPage } from '../../extractor/model.js';
import { lineStarts } from './text.js';

const cache = new WeakMap<DocPage, number[]>();

function starts(page: DocPage): number[] {
  let table = cache.get(page);
  if (!table) {
    table = lineStarts(page.source);
    cache.set(page, table);
  }
  return table;
}

/** The range between two 0-based offsets of `page.source`. */
export function rangeAt(page: DocPage, start: number, end: number): Range {
  const table = starts(page);
  const point = (offset: number) => {
    let lo = 0;
    let hi = table.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (table[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - table[lo] + 1, offset };
  };
  return { start: point(start), end: point(end) };
}

/** The source text of line `line` (1-based) without its line break, and its start offset. */
export function lineText(page: DocPage, line: number): { text: string; offset: number } {
  const table = starts(page);
  const offset = table[line - 1] ?? page.source.length;
  const next = table[line] ?? page.source.length + 1;
  return { text: page.source.slice(offset, next - 1).replace(/\r$/, ''), offset };
}

/** Number of lines of the page. */
export function lineCount(page: DocPage): number {
  return starts(page).length;
}

/**
 * The range of a JSON member's key (`"name"`) given the range of its value: the last occurrence of the quoted key
 * before the value. Falls back to the value's range.
 */
export function keyRange(page: DocPage, key: string, valueRange: Range): Range {
  const quoted = JSON.stringify(key);
  const at = page.source.lastIndexOf(quoted, valueRange.start.offset);
  if (at < 0 || valueRange.start.offset - at > quoted.length + 200) return valueRange;
  return rangeAt(page, at, at + quoted.length);
}
