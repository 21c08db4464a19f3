/**
 * Normalising JSON that only a lenient parser reads into strict JSON with the fewest edits: trailing commas and
 * comments removed, unquoted keys and single-quoted strings put in double quotes. Everything else (indentation, line
 * breaks, spacing) stays as written. The edits are kept only when the result parses as strict JSON and holds the
 * same value as JSON5 reads from the original, so a fix built on them never changes what the JSON says.
 */
import { isDeepStrictEqual } from 'node:util';
import { createScanner, type SyntaxKind as ScannerKind } from 'jsonc-parser';
import JSON5 from 'json5';

/** One edit by offsets of the normalised text's own string (add the text's offset in the page). */
export interface Span {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

export interface Normalised {
  readonly spans: readonly Span[];
  /** Whether a comment is removed (its words are lost: callers may rate such a fix a suggestion). */
  readonly removesComment: boolean;
  /** The strict JSON value, as parsed from the result. */
  readonly value: unknown;
}

/** jsonc-parser's token kinds (a const enum, which `verbatimModuleSyntax` cannot import). */
const SyntaxKind = {
  CloseBraceToken: 2, CloseBracketToken: 4, CommaToken: 5, ColonToken: 6,
  LineCommentTrivia: 12, BlockCommentTrivia: 13, LineBreakTrivia: 14, Trivia: 15, Unknown: 16, EOF: 17,
} as const satisfies Record<string, ScannerKind>;

const KEY = /^[A-Za-z_$@][\w$@.-]*$/;
const SINGLE_QUOTED = /^'[^'"\\\n]*'$/;

/** The edits that make `text` strict JSON (see the module comment), or undefined when that cannot be done safely. */
export function normaliseLenientJson(text: string): Normalised | undefined {
  const tokens: { kind: ScannerKind; start: number; end: number; value: string }[] = [];
  const scanner = createScanner(text, false);
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
    tokens.push({ kind, start: scanner.getTokenOffset(), end: scanner.getTokenOffset() + scanner.getTokenLength(), value: scanner.getTokenValue() });
  }
  const significant = (i: number): number => {
    let j = i;
    while (j < tokens.length && ([SyntaxKind.Trivia, SyntaxKind.LineBreakTrivia, SyntaxKind.LineCommentTrivia, SyntaxKind.BlockCommentTrivia] as number[]).includes(tokens[j].kind)) j++;
    return j;
  };
  const spans: Span[] = [];
  let removesComment = false;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    const raw = text.slice(token.start, token.end);
    if (token.kind === SyntaxKind.LineCommentTrivia || token.kind === SyntaxKind.BlockCommentTrivia) {
      removesComment = true;
      spans.push(commentSpan(text, token.start, token.end));
    } else if (token.kind === SyntaxKind.CommaToken) {
      const next = tokens[significant(i + 1)];
      if (next === undefined || next.kind === SyntaxKind.CloseBraceToken || next.kind === SyntaxKind.CloseBracketToken) spans.push({ start: token.start, end: token.end, text: '' });
    } else if (token.kind === SyntaxKind.Unknown) {
      const next = tokens[significant(i + 1)];
      if (KEY.test(raw) && next?.kind === SyntaxKind.ColonToken) spans.push({ start: token.start, end: token.end, text: JSON.stringify(raw) });
      else if (SINGLE_QUOTED.test(raw)) spans.push({ start: token.start, end: token.end, text: JSON.stringify(raw.slice(1, -1)) });
      else return undefined;
    }
  }
  if (spans.length === 0) return undefined;
  const merged = mergeSpans(spans);
  if (merged === undefined) return undefined;
  let out = '';
  let at = 0;
  for (const span of merged) {
    out += text.slice(at, span.start) + span.text;
    at = span.end;
  }
  out += text.slice(at);
  let value: unknown;
  let before: unknown;
  try {
    value = JSON.parse(out);
    before = JSON5.parse(text);
  } catch {
    return undefined;
  }
  return isDeepStrictEqual(value, before) ? { spans: merged, removesComment, value } : undefined;
}

/**
 * The span that removes a comment: a comment alone on its line goes with its line (and line break); one after a
 * value goes with the blanks before it.
 */
function commentSpan(text: string, start: number, end: number): Span {
  let from = start;
  while (from > 0 && (text[from - 1] === ' ' || text[from - 1] === '\t')) from--;
  const alone = from === 0 || text[from - 1] === '\n' || text[from - 1] === '\r';
  if (!alone) return { start: from, end, text: '' };
  let to = end;
  while (to < text.length && (text[to] === ' ' || text[to] === '\t')) to++;
  if (text.startsWith('\r\n', to)) to += 2;
  else if (text[to] === '\n' || text[to] === '\r') to++;
  // A comment on the last line of the text keeps the line break before it out of the span: nothing to remove there.
  return { start: from, end: to, text: '' };
}

/** Sorts spans and joins deletions that overlap (a comment's line and a comma on it); undefined if others overlap. */
function mergeSpans(spans: readonly Span[]): Span[] | undefined {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const out: Span[] = [];
  for (const span of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && span.start < last.end) {
      // Only deletions overlap (comments and commas); a deletion inside another is already covered.
      if (span.text !== '' || last.text !== '') return undefined;
      out[out.length - 1] = { start: last.start, end: Math.max(last.end, span.end), text: '' };
    } else out.push(span);
  }
  return out;
}
