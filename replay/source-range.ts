/**
 * Where a replay finding goes in the Markdown. Fixtures carry the ranges the extractor measured (the request line,
 * the status line, each JSON Pointer of a body), so replay never reads a page again; fixtures from an older docpact
 * without ranges still give the right line, at column 1.
 */
import type { Range } from '../core/diagnostic.js';
import type { SourceRef } from '../contracts/types.js';

/** The range of a source reference: its measured range, else its line and column. */
export function sourceRange(source: SourceRef): Range {
  if (source.range) return source.range;
  const at = { line: source.line, column: source.column ?? 1, offset: 0 };
  return { start: at, end: at };
}

/**
 * The range of `pointer` in an example body, or of its nearest parent the example shows (a truncated example may
 * leave the member out), else undefined.
 */
export function pointerRange(ranges: Readonly<Record<string, Range>> | undefined, lines: Readonly<Record<string, number>> | undefined, pointer: string): Range | undefined {
  const at = (key: string): Range | undefined => {
    const range = ranges?.[key];
    if (range) return range;
    const line = lines?.[key];
    return line === undefined ? undefined : { start: { line, column: 1, offset: 0 }, end: { line, column: 1, offset: 0 } };
  };
  let current = pointer;
  for (;;) {
    const found = at(current);
    if (found) return found;
    if (current === '') return undefined;
    // Collection items beyond the example's: the first item's range for the same property.
    const generic = current.replace(/^\/value\/\d+/, '/value/0');
    const first = generic !== current ? at(generic) : undefined;
    if (first) return first;
    current = current.slice(0, Math.max(0, current.lastIndexOf('/')));
  }
}
