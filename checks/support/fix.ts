/** Helpers for rules that attach fixes (core/fix.ts) to their findings: edits by offsets of `page.source`. */
import type { Fix, FixKind, TextEdit } from '../../core/fix.js';
import type { DocPage } from '../../extractor/model.js';
import { rangeAt } from './positions.js';

/** An edit replacing `page.source.slice(start, end)` with `newText`. */
export function edit(page: DocPage, start: number, end: number, newText: string): TextEdit {
  return { range: rangeAt(page, start, end), newText };
}

/** One fix of `kind` made of `edits`. */
export function fix(title: string, kind: FixKind, edits: readonly TextEdit[]): Fix {
  return { title, kind, edits };
}

/** A safe fix replacing one span. */
export function safeReplace(page: DocPage, title: string, start: number, end: number, newText: string): Fix {
  return fix(title, 'safe', [edit(page, start, end, newText)]);
}

/**
 * The line ending used around `offset` (the one ending its line, else the page's first), so text a fix inserts keeps
 * a CRLF page CRLF. Default `\n`.
 */
export function eolAt(page: DocPage, offset: number): string {
  const source = page.source;
  const next = source.indexOf('\n', offset);
  if (next > 0) return source[next - 1] === '\r' ? '\r\n' : '\n';
  const first = source.indexOf('\n');
  return first > 0 && source[first - 1] === '\r' ? '\r\n' : '\n';
}
