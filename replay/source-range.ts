/**
 * Turns a line of a Markdown page into a diagnostic range. Fixtures carry lines, not offsets, so the page text is
 * read once per file (synchronously, cached) to fill in columns and offsets; when the file cannot be read the
 * range still has the right line, with column 1 and the offset left at 0.
 */
import { readFileSync } from 'node:fs';
import type { Range } from '../core/diagnostic.js';

const lineStarts = new Map<string, { text: string; starts: number[] } | null>();

function load(file: string): { text: string; starts: number[] } | null {
  let entry = lineStarts.get(file);
  if (entry !== undefined) return entry;
  try {
    const text = readFileSync(file, 'utf8');
    const starts = [0];
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
    entry = { text, starts };
  } catch {
    entry = null;
  }
  lineStarts.set(file, entry);
  return entry;
}

/** The range of line `line` of `file` without its indentation and line break. */
export function lineRange(file: string, line: number): Range {
  const source = load(file);
  if (!source || line < 1 || line > source.starts.length) {
    return { start: { line, column: 1, offset: 0 }, end: { line, column: 1, offset: 0 } };
  }
  const begin = source.starts[line - 1];
  let stop = line < source.starts.length ? source.starts[line] - 1 : source.text.length;
  if (stop > begin && source.text.charCodeAt(stop - 1) === 13) stop--;
  let first = begin;
  while (first < stop && (source.text[first] === ' ' || source.text[first] === '\t')) first++;
  return {
    start: { line, column: first - begin + 1, offset: first },
    end: { line, column: stop - begin + 1, offset: stop },
  };
}

/** Forgets cached page texts (tests that rewrite a page between runs). */
export function clearSourceCache(): void {
  lineStarts.clear();
}
