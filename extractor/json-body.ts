/**
 * Parses an example body as strict JSON, and on failure says where and, in a doc author's words, why.
 * On success it maps every JSON Pointer to its source range, so findings about a value point at its line.
 */
import { parseTree, type Node as JsonNode, type ParseError, printParseErrorCode } from 'jsonc-parser';
import type { Range } from '../core/diagnostic.js';
import type { JsonProblem } from './model.js';

/** Maps an offset inside the body text to a range in the file. */
export type OffsetMapper = (start: number, end: number) => Range;

export interface JsonResult {
  readonly ok: boolean;
  readonly value?: unknown;
  readonly problem?: JsonProblem;
  readonly pointers?: Record<string, Range>;
}

/**
 * The deepest JSON nesting the extractor reads: a body nested deeper is reported at the bracket that goes past it and
 * not parsed. Graph examples go 11 deep at most (search-query.md); past a few thousand levels the recursive walks
 * (the pointer map here, schema inference and value checks later) overflow the stack and lose the whole page.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * The offset of the first `[` or `{` (outside strings) that opens level `limit + 1`, or -1 when `text` never nests
 * deeper than `limit`. Linear and without recursion, so it is safe on any input, valid JSON or not.
 */
export function jsonDepthExceededAt(text: string, limit = MAX_JSON_DEPTH): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return i;
    } else if ((c === 0x5d || c === 0x7d) && depth > 0) {
      depth--;
    }
  }
  return -1;
}

/**
 * Parses `text` strictly. `map` turns body offsets into file ranges; `withPointers` (default true) builds the pointer map.
 * A body nested deeper than {@link MAX_JSON_DEPTH} is not parsed: its problem (`tooDeep`) points at the bracket that
 * goes past the limit.
 */
export function parseJsonBody(text: string, map: OffsetMapper, withPointers = true): JsonResult {
  const deep = jsonDepthExceededAt(text);
  if (deep !== -1) {
    return {
      ok: false,
      problem: { message: `JSON nested deeper than ${MAX_JSON_DEPTH} levels`, range: map(deep, deep + 1), cause: 'nesting too deep', tooDeep: MAX_JSON_DEPTH },
    };
  }
  try {
    const value: unknown = JSON.parse(text);
    return { ok: true, value, pointers: withPointers ? pointerRanges(text, map) : undefined };
  } catch (error) {
    const offset = errorOffset(text, error);
    const cause = guessCause(text, offset, error instanceof Error ? error.message : '');
    const message = describe(text, offset, error instanceof Error ? error.message : String(error));
    // The finding goes where the author must edit: the trailing comma itself, or the end of the value a comma is
    // missing after, rather than the token where the parser noticed.
    const at = causeOffset(text, offset, cause);
    return { ok: false, problem: { message, range: map(at, Math.min(text.length, at + 1)), cause } };
  }
}

function causeOffset(text: string, offset: number, cause: string | undefined): number {
  if (cause !== 'trailing comma' && cause !== 'missing comma') return offset;
  const before = text.slice(0, offset).replace(/\s+$/u, '');
  // The comma itself, or the last character of the value the comma should follow.
  return Math.max(0, before.length - 1);
}

function errorOffset(text: string, error: unknown): number {
  const message = error instanceof Error ? error.message : '';
  const at = /at position (\d+)/.exec(message);
  if (at) return Number(at[1]);
  // V8 omits the position for some errors ("Unexpected token 'x', … is not valid JSON"): ask a scanner.
  const errors: ParseError[] = [];
  parseTree(text, errors, { allowTrailingComma: false, disallowComments: true, allowEmptyContent: false });
  if (errors.length > 0) return errors[0].offset;
  if (/end of JSON input/.test(message)) return text.length;
  return 0;
}

function describe(text: string, offset: number, v8Message: string): string {
  if (offset >= text.trimEnd().length) return 'Unexpected end of the JSON body: a bracket or brace is not closed';
  const ch = text[offset];
  const shown = ch === '\n' ? 'a line break' : ch === '\u00a0' ? 'U+00A0 (no-break space)' : ch === '\u202f' ? 'U+202F (narrow no-break space)' : `\`${ch}\``;
  const rule = v8Message.replace(/ in JSON at position \d+.*$/, '').replace(/, ".*" is not valid JSON$/s, '');
  return `Unexpected ${shown} in JSON (${rule.charAt(0).toLowerCase()}${rule.slice(1)})`;
}

const VALUE_END = /["\d\]}el]/;

/** Names the most likely cause of a JSON error at `offset`, or undefined when nothing fits. */
export function guessCause(text: string, offset: number, v8Message: string): string | undefined {
  const ch = text[offset] ?? '';
  const before = text.slice(0, offset).replace(/\s+$/u, '');
  const prev = before.charAt(before.length - 1);
  if (/Bad control character/.test(v8Message)) {
    const open = text.lastIndexOf('"', offset - 1);
    return /[\u201c\u201d]/.test(text.slice(open + 1, offset)) ? 'smart quotes' : 'raw line break or tab inside a string';
  }
  if (/non-whitespace character after JSON/.test(v8Message)) return 'text after the JSON value';
  if (ch === '\u00a0' || ch === '\u202f' || ch === '\u2007' || ch === '\ufeff') return 'non-breaking space used as whitespace';
  if (/[\u201c\u201d\u2018\u2019]/.test(ch)) return 'smart quotes';
  if (text.startsWith('//', offset) || text.startsWith('/*', offset)) return 'comment';
  if (text.startsWith('...', offset) || ch === '\u2026') return 'ellipsis';
  if ((ch === '}' || ch === ']') && prev === ',') return 'trailing comma';
  if (ch === "'") return 'single-quoted string';
  if ((ch === '"' && text[offset - 1] === '"') || (/[A-Za-z]/.test(ch) && text.slice(offset - 2, offset) === '""')) return 'doubled quote';
  if (ch === '"' && VALUE_END.test(prev) && /\n\s*$/.test(text.slice(0, offset))) return 'missing comma';
  if (ch === '"' && VALUE_END.test(prev)) return 'missing comma';
  if (/[{[]/.test(ch) && VALUE_END.test(prev)) return 'missing comma';
  const token = valueToken(text, offset);
  if (token !== undefined && /^-?0\d+$/.test(token)) return 'number with leading zeros';
  if (token !== undefined && /^[^"{[]/.test(token) && !/^(true|false|null|-?\d+(\.\d+)?([eE][+-]?\d+)?)$/.test(token)) {
    return /^[<{[]/.test(token) ? 'placeholder text instead of a value' : 'unquoted value';
  }
  if (/[A-Za-z0-9<[{]/.test(ch) && (prev === ':' || prev === '[' || prev === ',')) {
    return /^[{[<]/.test(ch) && !/^\{\s*"/.test(text.slice(offset)) ? 'placeholder text instead of a value' : 'unquoted value';
  }
  if (/[A-Za-z_]/.test(ch) && (prev === '{' || prev === ',')) return 'unquoted key';
  if (offset === 0 && /^[{[]/.test(ch)) return 'placeholder text instead of JSON';
  return undefined;
}

/** The bare token around `offset` when it sits in a value position (after `:`, `[` or `,`), else undefined. */
function valueToken(text: string, offset: number): string | undefined {
  let start = offset;
  while (start > 0 && !/[:,[{\n]/.test(text[start - 1])) start--;
  const opener = text.slice(0, start).replace(/\s+$/u, '').slice(-1);
  if (opener !== ':' && opener !== '[' && !(opener === ',' && /\[[^\]]*$/.test(text.slice(0, start)))) return undefined;
  const m = /^[^,}\]\n]*/.exec(text.slice(start));
  const token = (m?.[0] ?? '').trim();
  return token === '' ? undefined : token;
}

function pointerRanges(text: string, map: OffsetMapper): Record<string, Range> {
  const root = parseTree(text, [], { allowTrailingComma: false, disallowComments: true });
  const out: Record<string, Range> = {};
  if (!root) return out;
  const walk = (node: JsonNode, pointer: string, rangeNode: JsonNode): void => {
    out[pointer] = map(rangeNode.offset, rangeNode.offset + rangeNode.length);
    if (node.type === 'object') {
      for (const prop of node.children ?? []) {
        const [key, value] = prop.children ?? [];
        if (!key || !value) continue;
        walk(value, `${pointer}/${escapePointer(String(key.value))}`, prop);
      }
    } else if (node.type === 'array') {
      (node.children ?? []).forEach((child, i) => walk(child, `${pointer}/${i}`, child));
    }
  };
  walk(root, '', root);
  return out;
}

/** Escapes one JSON Pointer reference token (RFC 6901). */
export function escapePointer(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

export { printParseErrorCode };
