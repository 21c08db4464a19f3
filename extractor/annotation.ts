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
      data = asRecord(JSON5.parse(json.replace(/[\u201c\u201d]/g, '"').replace(/[\u2018\u2019]/g, "'")));
      parse = 'lenient';
      problem = { message: lenientReason(json, strictAt), range: lines.range(jsonStart + strictAt, jsonStart + strictAt + 1) };
    } catch (lenientError) {
      parse = 'failed';
      const at = lenientPosition(lenientError, json) ?? strictAt;
      const message = lenientError instanceof Error ? lenientError.message.replace(/^JSON5: /, '') : String(lenientError);
      problem = { message: `Cannot read the annotation: ${message}`, range: lines.range(jsonStart + at, jsonStart + at + 1) };
    }
  }
  const blockType = typeof data.blockType === 'string' ? data.blockType : undefined;
  const rawName = data.name;
  const names = typeof rawName === 'string' ? [rawName] : Array.isArray(rawName) ? rawName.filter((n): n is string => typeof n === 'string') : [];
  const keys: { key: string; range: Annotation['range'] }[] = [];
  const keyPattern = /(["'\u201c]?)([@A-Za-z_][\w.@-]*)["'\u201d]?\s*:/g;
  for (let m = keyPattern.exec(json); m; m = keyPattern.exec(json)) {
    if (m[1] === '' && !(m[2] in data)) continue;
    const start = jsonStart + m.index;
    keys.push({ key: m[2], range: lines.range(start, start + m[0].length - 1) });
  }
  return { range, raw: json, data, parse, ...(problem ? { problem } : {}), ...(blockType ? { blockType } : {}), names, keys, proseLinesBefore: 0 };
}

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
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
