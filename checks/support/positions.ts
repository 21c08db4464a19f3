/** Maps offsets in a page's source to ranges (1-based lines and columns), with the line table cached per page. */
import type { Range } from '../../core/diagnostic.js';
import type { DocPage } from '../../extractor/model.js';
import { LineIndex } from '../../extractor/positions.js';

const cache = new WeakMap<DocPage, LineIndex>();

function index(page: DocPage): LineIndex {
  let lines = cache.get(page);
  if (!lines) {
    lines = new LineIndex(page.source);
    cache.set(page, lines);
  }
  return lines;
}

/** Drops `page`'s cached line table. */
export function forgetLines(page: DocPage): void {
  cache.delete(page);
}

/** The range between two 0-based offsets of `page.source`. */
export function rangeAt(page: DocPage, start: number, end: number): Range {
  return index(page).range(start, end);
}

/** The smallest range of the page holding `range` and every one of `others` (a finding's and its fix's edits). */
export function covering(page: DocPage, range: Range, others: readonly Range[]): Range {
  let start = range.start.offset;
  let end = range.end.offset;
  for (const other of others) {
    start = Math.min(start, other.start.offset);
    end = Math.max(end, other.end.offset);
  }
  return start === range.start.offset && end === range.end.offset ? range : rangeAt(page, start, end);
}

/** The source text of line `line` (1-based) without its line break, and its start offset. */
export function lineText(page: DocPage, line: number): { text: string; offset: number } {
  const lines = index(page);
  if (line > lines.lineCount) return { text: '', offset: page.source.length };
  return { text: lines.lineText(line), offset: lines.lineStart(line) };
}

/** Number of lines of the page. */
export function lineCount(page: DocPage): number {
  return index(page).lineCount;
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
