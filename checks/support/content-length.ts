/**
 * Fixes that edit an example's body keep its `Content-Length` right: when the header fits the body as written (with
 * LF or CRLF line breaks, with or without a final one, as http-content-length accepts), the fix also sets it to the
 * length of the edited body, counted the same way. Otherwise fixing one finding would make another.
 */
import type { RelatedLocation } from '../../core/diagnostic.js';
import type { TextEdit } from '../../core/fix.js';
import type { DocPage, RequestMessage, ResponseMessage } from '../../extractor/model.js';
import { edit } from './fix.js';

const bytes = (text: string): number => Buffer.byteLength(text, 'utf8');
const lf = (body: string): number => bytes(body.replace(/\r\n/g, '\n'));
const crlf = (body: string): number => bytes(body.replace(/\r?\n/g, '\r\n'));

/** The edit of the message's Content-Length that `bodyEdits` call for, if any (none when it did not fit before). */
export function contentLengthFollowing(page: DocPage, message: RequestMessage | ResponseMessage | undefined, bodyEdits: readonly TextEdit[]): TextEdit[] {
  const header = message?.headers.find((h) => h.name.toLowerCase() === 'content-length');
  if (!message || !header || !/^\d+$/.test(header.value.trim()) || bodyEdits.length === 0) return [];
  const start = message.body.range.start.offset;
  const end = message.body.range.end.offset;
  if (page.source.slice(start, end) !== message.body.text || bodyEdits.some((e) => e.range.start.offset < start || e.range.end.offset > end)) return [];
  let edited = '';
  let at = 0;
  for (const e of [...bodyEdits].sort((a, b) => a.range.start.offset - b.range.start.offset)) {
    edited += message.body.text.slice(at, e.range.start.offset - start) + e.newText;
    at = e.range.end.offset - start;
  }
  edited += message.body.text.slice(at);
  const trim = (text: string): string => text.replace(/(?:\r?\n)+$/, '');
  const before = trim(message.body.text);
  const after = trim(edited);
  const actual = Number(header.value.trim());
  const counts: [(text: string) => number, number][] = [[lf, 0], [lf, 1], [crlf, 0], [crlf, 2]];
  const fitting = counts.find(([count, extra]) => count(before) + extra === actual);
  if (!fitting) return [];
  const length = fitting[0](after) + fitting[1];
  if (length === actual) return [];
  const line = page.source.slice(header.range.start.offset, header.range.end.offset);
  const digits = /^([^:]*:[ \t]*)(\d+)/.exec(line);
  if (!digits) return [];
  const from = header.range.start.offset + digits[1].length;
  return [edit(page, from, from + digits[2].length, String(length))];
}

/**
 * The Content-Length edits of a fix as related locations of its finding: the header is not where the finding is, but
 * the fix rewrites it, and a reader (or a test diffing the fixed page) sees the finding name every place it changes.
 */
export function contentLengthRelated(page: DocPage, lengthEdits: readonly TextEdit[]): RelatedLocation[] {
  return lengthEdits.map((e) => ({ message: `Content-Length, which the fix sets to ${e.newText}, the length of the edited body`, file: page.file, range: e.range }));
}
