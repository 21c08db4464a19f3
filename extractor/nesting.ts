/**
 * A cheap guard run before remark: block quotes and list items opened on one line (`> > > …`, `- - - … x`) nest the
 * parser's containers one level each, and micromark's cost grows with the square of that depth (2,000 lines of
 * deepening `>` take minutes). Lines that open more than {@link MAX_MARKDOWN_NESTING} containers are cut at the
 * marker that goes past the limit (the rest of the line becomes spaces, so every offset and line stays where it was)
 * and reported once per page. Nesting built from indentation alone, and inline pathologies such as 80 KB of `*_`,
 * are not caught here: the per-page time budget (`--page-timeout`, extractor/parallel.ts) is the answer to those.
 */
import type { Diagnostic } from '../core/diagnostic.js';
import { LineIndex } from './positions.js';

/** The deepest nesting of block quotes and list items on one line that is handed to the parser. */
export const MAX_MARKDOWN_NESTING = 32;

const THEMATIC_BREAK = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;

/**
 * The offset (in `line`) of the container marker that opens level `limit + 1`, or -1. Counts `>` and list markers
 * (`-`, `+`, `*`, `1.`, `1)` followed by a space, a tab or the end) at the start of the line, as CommonMark opens
 * them; a thematic break (`* * *`) is no list.
 */
export function nestingExceededAt(line: string, limit = MAX_MARKDOWN_NESTING): number {
  let depth = 0;
  let i = 0;
  const n = line.length;
  while (i < n) {
    while (i < n && (line[i] === ' ' || line[i] === '\t')) i++;
    if (i >= n) return -1;
    const start = i;
    const c = line[i];
    if (c === '>') {
      i++;
    } else if (c === '-' || c === '+' || c === '*') {
      if (i + 1 < n && line[i + 1] !== ' ' && line[i + 1] !== '\t') return -1;
      if (depth === 0 && THEMATIC_BREAK.test(line)) return -1;
      i++;
    } else if (c >= '0' && c <= '9') {
      let j = i;
      while (j < n && j - i < 9 && line[j] >= '0' && line[j] <= '9') j++;
      if (j >= n || (line[j] !== '.' && line[j] !== ')')) return -1;
      if (j + 1 < n && line[j + 1] !== ' ' && line[j + 1] !== '\t') return -1;
      i = j + 1;
    } else {
      return -1;
    }
    if (++depth > limit) return start;
  }
  return -1;
}

/**
 * `text` with every line's containers past `limit` blanked out (same length, same line breaks), and one finding at
 * the first line cut. `text` is returned as is (same string) when no line goes past the limit.
 */
export function limitNesting(file: string, text: string, limit = MAX_MARKDOWN_NESTING): { text: string; diagnostics: Diagnostic[] } {
  // Cheap exit for ordinary pages: no line can open more than `limit` containers without that many markers.
  if (!/(?:[>*+-][ \t]*){8}/.test(text) && !/(?:\d[.)][ \t]+){8}/.test(text)) return { text, diagnostics: [] };
  const parts: string[] = [];
  let first: { offset: number; end: number } | undefined;
  let cut = 0;
  let lineStart = 0;
  const breaks = /\r\n?|\n/g;
  for (;;) {
    const m = breaks.exec(text);
    const lineEnd = m ? m.index : text.length;
    const line = text.slice(lineStart, lineEnd);
    const at = nestingExceededAt(line, limit);
    if (at === -1) {
      parts.push(line);
    } else {
      parts.push(line.slice(0, at) + ' '.repeat(line.length - at));
      first ??= { offset: lineStart + at, end: lineEnd };
      cut++;
    }
    if (!m) break;
    parts.push(m[0]);
    lineStart = m.index + m[0].length;
  }
  if (!first) return { text, diagnostics: [] };
  const lines = new LineIndex(text);
  return {
    text: parts.join(''),
    diagnostics: [{
      ruleId: 'extract/nesting-too-deep', severity: 'error', file, element: 'nesting', range: lines.range(first.offset, first.end),
      message: `Unexpected block quotes or list items nested more than ${limit} deep on one line, expected at most ${limit}: docpact read ${cut === 1 ? 'this line' : `this and ${cut - 1} more lines`} only up to level ${limit}; un-nest the text`,
    }],
  };
}
