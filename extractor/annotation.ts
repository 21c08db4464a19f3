/**
 * Reads `<!-- { "blockType": "request", "name": "x" } -->` comments. Strict JSON first; then a lenient reading
 * (JSON5: trailing commas, unquoted keys, single quotes; smart quotes straightened) that still yields the data
 * but records what was wrong; otherwise `failed`, with the position where parsing stopped.
 */
import JSON5 from 'json5';
import type { Annotation } from './model.js';
import type { LineIndex } from './positions.js';

const OPEN = /^<!--/;
const CLOSE = /-->\s*$/;

/** Whether an HTML node is a JSON-looking comment (`<!-- {`). */
export function isJsonComment(html: string): boolean {
  return /^<!--\s*\{/.test(html.trimStart());
}

/**
 * Parses a JSON-looking HTML comment that starts at `startOffset` in the file.
 * `proseLinesBefore` is filled in by the caller once the fence is found.
 */
export function parseAnnotation(html: string, startOffset: number, lines: LineIndex): Annotation {
  const inner = html.replace(OPEN, '').replace(CLOSE, '');
  const innerStart = html.indexOf('<!--') + 4;
  const lead = inner.length - inner.trimStart().length;
  const json = inner.trim();
  const jsonStart = startOffset + innerStart + lead;
  const range = lines.range(startOffset, startOffset + html.trimEnd().length);

  let data: Record<string, unknown> = {};
  let parse: Annotation['parse'] = 'strict';
  let problem: Annotation['problem'];
  try {
    data = asRecord(JSON.parse(json));
  } catch (strictError) {
    const strictAt = positionOf(strictError, json);
    try {
      data = asRecord(JSON5.parse(straighten(json)));
      parse = 'lenient';
      problem = { message: lenientReason(json, strictAt), range: lines.range(jsonStart + strictAt, jsonStart + strictAt + 1) };
    } catch (lenientError) {
      parse = 'failed';
      const at = lenientPosition(lenientError, json) ?? strictAt;
      const message = lenientError instanceof Error ? lenientError.message.replace(/^JSON5: /, '') : String(lenientError);
      problem = { message: `Cannot read the annotation: ${message}`, range: lines.range(jsonStart + at, jsonStart + at + 1) };
    }
  }
  // `data` has no prototype, so `data.blockType` is the annotation's own value or undefined, never Object's.
  const blockType = typeof data.blockType === 'string' ? data.blockType : undefined;
  const rawName = data.name;
  const names = typeof rawName === 'string' ? [rawName] : Array.isArray(rawName) ? rawName.filter((n): n is string => typeof n === 'string') : [];
  // Smart quotes are straightened one for one (offsets unchanged), as the lenient reading does.
  const keys = topLevelKeys(parse === 'strict' ? json : straighten(json))
    .filter((k) => parse === 'failed' || Object.hasOwn(data, k.key))
    .map((k) => ({ key: k.key, range: lines.range(jsonStart + k.start, jsonStart + k.end) }));
  return { range, raw: json, data, parse, ...(problem ? { problem } : {}), ...(blockType ? { blockType } : {}), names, keys, proseLinesBefore: 0 };
}

/**
 * The parsed annotation as an object without a prototype: keys such as `constructor` or `toString` are then the
 * annotation's own or absent, and an own `__proto__` key stays a plain key.
 */
function asRecord(value: unknown): Record<string, unknown> {
  const record = Object.create(null) as Record<string, unknown>;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return record;
  for (const [key, inner] of Object.entries(value)) record[key] = inner;
  return record;
}

function straighten(json: string): string {
  return json.replace(/[\u201c\u201d]/g, '"').replace(/[\u2018\u2019]/g, "'");
}

/**
 * The keys of the annotation object itself (not of objects nested in its values), with their offsets in `json`
 * from the opening to the closing quote. Reads strict JSON and the JSON5 a lenient reader accepts (single quotes,
 * unquoted keys, comments); the key text is as written, escapes decoded for double quotes.
 */
export function topLevelKeys(json: string): { key: string; start: number; end: number }[] {
  const out: { key: string; start: number; end: number }[] = [];
  const open: string[] = [];
  let expectKey = false;
  for (let i = 0; i < json.length; i++) {
    const c = json[i];
    const atKey = expectKey && open.length === 1 && open[0] === '{';
    if (c === '"' || c === "'") {
      const end = stringEnd(json, i, c);
      if (atKey && /^\s*:/.test(json.slice(end, end + 64))) out.push({ key: keyText(json.slice(i, end), c), start: i, end });
      expectKey = false;
      i = end - 1;
    } else if (c === '/' && json[i + 1] === '/') {
      const eol = json.indexOf('\n', i);
      i = eol === -1 ? json.length : eol;
    } else if (c === '/' && json[i + 1] === '*') {
      const close = json.indexOf('*/', i + 2);
      i = close === -1 ? json.length : close + 1;
    } else if (c === '{' || c === '[') {
      open.push(c);
      expectKey = c === '{';
    } else if (c === '}' || c === ']') {
      open.pop();
      expectKey = false;
    } else if (c === ',') {
      expectKey = open[open.length - 1] === '{';
    } else if (/[A-Za-z_$@]/.test(c) && atKey) {
      const m = /^[\w$@.-]+/.exec(json.slice(i, i + 256));
      const end = i + (m?.[0].length ?? 1);
      if (/^\s*:/.test(json.slice(end, end + 64))) out.push({ key: json.slice(i, end), start: i, end });
      expectKey = false;
      i = end - 1;
    } else if (!/\s/.test(c)) {
      expectKey = false;
    }
  }
  return out;
}

/** Offset just past the closing quote of the string opening at `start` (the text's end if it never closes). */
function stringEnd(json: string, start: number, close: string): number {
  for (let i = start + 1; i < json.length; i++) {
    if (json[i] === '\\') i++;
    else if (json[i] === close) return i + 1;
  }
  return json.length;
}

function keyText(quoted: string, quote: string): string {
  const inner = quoted.slice(1, quoted.length > 1 && quoted.endsWith(quote) ? -1 : undefined);
  if (quote !== '"') return inner;
  try {
    return JSON.parse(`"${inner}"`) as string;
  } catch {
    return inner;
  }
}

function positionOf(error: unknown, text: string): number {
  const m = error instanceof Error ? /at position (\d+)/.exec(error.message) : null;
  if (m) return Number(m[1]);
  const comma = /,\s*[}\]]/.exec(text);
  return comma ? comma.index : 0;
}

function lenientPosition(error: unknown, text: string): number | undefined {
  const e = error as { lineNumber?: number; columnNumber?: number };
  if (typeof e.lineNumber !== 'number' || typeof e.columnNumber !== 'number') return undefined;
  let offset = 0;
  for (let line = 1; line < e.lineNumber; line++) {
    const next = text.indexOf('\n', offset);
    if (next === -1) break;
    offset = next + 1;
  }
  return Math.min(text.length, offset + e.columnNumber - 1);
}

function lenientReason(json: string, at: number): string {
  if (/,\s*[}\]]/.test(json)) return 'trailing comma';
  if (/[\u201c\u201d\u2018\u2019]/.test(json)) return 'smart quotes';
  if (/(^|[{,])\s*[A-Za-z_@][\w.@-]*\s*:/.test(json)) return 'unquoted key';
  if (json[at] === "'") return 'single-quoted string';
  return 'not strict JSON';
}
