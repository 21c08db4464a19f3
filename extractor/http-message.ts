/**
 * Parses the text of an ```http fence: a request (`POST https://…/beta/x`, headers, body) or a response
 * (`HTTP/1.1 201 Created`, headers, body). Every part keeps its range in the Markdown file.
 */
import type { Range } from '../core/diagnostic.js';
import type { Body, Header, RequestMessage, ResponseMessage } from './model.js';
import { parseJsonBody, type OffsetMapper } from './json-body.js';
import { normalizeLoneCr, type LineIndex } from './positions.js';

export const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;
const REQUEST_LINE = /^\s*(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+(\S.*?)\s*$/i;
const STATUS_LINE = /^\s*HTTP(?:\/(\d(?:\.\d)?))?\s+(\d{3})\b[ \t]*(.*?)\s*$/i;
const VERSIONS = /^(v1\.0|beta|v1|v2\.0)$/i;

/** Whether the first line of a fence looks like a request, a response, or neither. */
export function classifyHttp(text: string): 'request' | 'response' | 'other' {
  const first = normalizeLoneCr(text).split('\n').find((l) => l.trim() !== '') ?? '';
  if (REQUEST_LINE.test(first)) return 'request';
  if (STATUS_LINE.test(first)) return 'response';
  return 'other';
}

/** Maps offsets of a fence's content to ranges in the file, allowing for indentation and blockquote markers. */
export function fenceMapper(raw: string, contentLine: number, lines: LineIndex): OffsetMapper {
  // A lone CR ends a line (as for LineIndex and remark); as LF it keeps every offset.
  const value = normalizeLoneCr(raw);
  const starts = [0];
  for (let i = value.indexOf('\n'); i !== -1; i = value.indexOf('\n', i + 1)) starts.push(i + 1);
  const deltas = new Map<number, number>();
  const delta = (vLine: number): number => {
    let d = deltas.get(vLine);
    if (d === undefined) {
      const fileText = lines.lineText(contentLine + vLine);
      const end = vLine + 1 < starts.length ? starts[vLine + 1] - 1 : value.length;
      const valueText = value.slice(starts[vLine], end);
      d = fileText.endsWith(valueText) ? fileText.length - valueText.length : 0;
      deltas.set(vLine, d);
    }
    return d;
  };
  const point = (offset: number) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    const line = contentLine + lo;
    const column = offset - starts[lo] + 1 + delta(lo);
    return { line, column, offset: lines.lineStart(line) + column - 1 };
  };
  return (start, end) => ({ start: point(start), end: point(Math.max(start, end)) });
}

interface Parts {
  startLine: { text: string; range: Range };
  headers: Header[];
  body: Body;
  headerGap?: Range;
}

/** Header names that no body starts with: a blank line before one of them is a misplaced blank line. */
const KNOWN_HEADERS = /^(?:content-type|content-length|authorization|accept|prefer|if-match|if-none-match|consistencylevel|host|odata-version|odata-maxversion|location|etag)$/i;
const HEADER_LINE = /^\s*([A-Za-z0-9!#$%&'*+.^_`|~-]+)\s*:\s?(.*)$/;

/**
 * Blank lines right after the start line that are followed by header lines (`Content-type: application/json`)
 * and then a blank line or the end: the author meant them as headers, but HTTP reads them as the body.
 */
function misplacedBlank(lineList: readonly string[], from: number): boolean {
  let i = from;
  while (i < lineList.length && lineList[i].trim() === '') i++;
  if (i === from) return false;
  let known = false;
  let headerLines = 0;
  for (; i < lineList.length && lineList[i].trim() !== ''; i++) {
    const m = HEADER_LINE.exec(lineList[i].replace(/\r$/, ''));
    if (!m || /^\s*[{[]/.test(lineList[i])) return false;
    if (KNOWN_HEADERS.test(m[1])) known = true;
    headerLines++;
  }
  return known && headerLines > 0;
}

function split(raw: string, map: OffsetMapper, isJsonHint: boolean, withPointers: boolean): Parts | undefined {
  const value = normalizeLoneCr(raw);
  const lineList = value.split('\n');
  let offset = 0;
  let i = 0;
  while (i < lineList.length && lineList[i].trim() === '') offset += lineList[i++].length + 1;
  if (i >= lineList.length) return undefined;
  const first = lineList[i].replace(/\r$/, '');
  const startLine = { text: first.trim(), range: map(offset + (first.length - first.trimStart().length), offset + first.trimEnd().length) };
  offset += lineList[i++].length + 1;
  const headers: Header[] = [];
  const headerGap = misplacedBlank(lineList, i) ? map(offset, offset + lineList[i].replace(/\r$/, '').length) : undefined;
  for (; i < lineList.length; i++) {
    const line = lineList[i].replace(/\r$/, '');
    if (line.trim() === '') {
      offset += lineList[i].length + 1;
      i++;
      break;
    }
    // No blank line before the body (seen on a few pages): a JSON start ends the headers.
    if (/^\s*[{[]/.test(line)) break;
    const m = /^\s*([A-Za-z0-9!#$%&'*+.^_`|~-]+)\s*:\s?(.*)$/.exec(line);
    if (!m) break;
    headers.push({ name: m[1], value: m[2].trim(), range: map(offset, offset + line.length) });
    offset += lineList[i].length + 1;
  }
  const bodyStart = Math.min(offset, value.length);
  const rawBody = value.slice(bodyStart);
  const body = parseBody(rawBody, bodyStart, headers, map, isJsonHint, withPointers);
  return { startLine, headers, body, ...(headerGap ? { headerGap } : {}) };
}

const JSON_TYPE = /(^|[/+])json\b/i;

function parseBody(raw: string, start: number, headers: readonly Header[], map: OffsetMapper, isJsonHint: boolean, withPointers: boolean): Body {
  const lead = raw.length - raw.trimStart().length;
  const text = raw.trim();
  const range = map(start + lead, start + lead + text.length);
  if (text === '') return { kind: 'none', text: '', range };
  const contentType = headers.find((h) => h.name.toLowerCase() === 'content-type')?.value ?? '';
  const looksJson = /^[{[]/.test(text);
  const declaredOther = contentType !== '' && !JSON_TYPE.test(contentType);
  if (declaredOther || (!looksJson && !isJsonHint) || (!looksJson && contentType === '')) {
    return { kind: 'text', text, range };
  }
  const shifted: OffsetMapper = (s, e) => map(start + lead + s, start + lead + e);
  const parsed = parseJsonBody(text, shifted, withPointers);
  if (parsed.ok) return { kind: 'json', text, range, json: parsed.value, ...(parsed.pointers ? { pointers: parsed.pointers } : {}) };
  return { kind: 'invalid-json', text, range, ...(parsed.problem ? { problem: parsed.problem } : {}) };
}

/** Splits a request target into origin, version, path and query. */
export function splitTarget(target: string): { origin?: string; version?: string; path: string; queryString: string } {
  let rest = target.trim();
  let origin: string | undefined;
  const abs = /^(https?:\/\/[^/\s?#]+)(.*)$/i.exec(rest);
  if (abs) {
    origin = abs[1];
    rest = abs[2];
  }
  const q = rest.indexOf('?');
  const queryString = q === -1 ? '' : rest.slice(q + 1);
  let path = q === -1 ? rest : rest.slice(0, q);
  path = path.trim();
  // `~/` stands for the service root in some `## HTTP request` templates (publishedresource-post-agentgroups.md): it is `/`.
  path = path.replace(/^\/?~(?=\/|$)/, '');
  if (!path.startsWith('/')) path = `/${path}`;
  let version: string | undefined;
  const seg = /^\/([^/]+)(\/.*)?$/.exec(path);
  if (seg && VERSIONS.test(seg[1])) {
    version = seg[1];
    path = seg[2] ?? '/';
  }
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  return { ...(origin ? { origin } : {}), ...(version ? { version } : {}), path, queryString };
}

/** Parses `a=1&$filter=x eq 'y'` into a record; later keys win. */
export function parseQuery(queryString: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!queryString) return out;
  for (const part of queryString.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const key = eq === -1 ? part : part.slice(0, eq);
    const value = eq === -1 ? '' : part.slice(eq + 1);
    out[safeDecode(key.trim())] = safeDecode(value.trim());
  }
  return out;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

/** Parses a request fence; undefined when its first line is no request line. */
export function parseRequest(value: string, map: OffsetMapper, withPointers = true): RequestMessage | undefined {
  const parts = split(value, map, true, withPointers);
  if (!parts) return undefined;
  const m = REQUEST_LINE.exec(parts.startLine.text);
  if (!m) return undefined;
  const target = m[2].replace(/\s+HTTP\/\d(\.\d)?$/i, '').trim();
  const { origin, version, path, queryString } = splitTarget(target);
  return {
    kind: 'request',
    method: m[1].toUpperCase(),
    target,
    ...(origin ? { origin } : {}),
    ...(version ? { version } : {}),
    path,
    query: parseQuery(queryString),
    queryString,
    startLine: parts.startLine,
    headers: parts.headers,
    body: parts.body,
    ...(parts.headerGap ? { headerGap: parts.headerGap } : {}),
  };
}

/** Parses a response fence; undefined when its first line is no status line. */
export function parseResponse(value: string, map: OffsetMapper, withPointers = true): ResponseMessage | undefined {
  const parts = split(value, map, true, withPointers);
  if (!parts) return undefined;
  const m = STATUS_LINE.exec(parts.startLine.text);
  if (!m) return undefined;
  return {
    kind: 'response',
    ...(m[1] ? { httpVersion: `HTTP/${m[1]}` } : {}),
    status: Number(m[2]),
    reason: m[3],
    startLine: parts.startLine,
    headers: parts.headers,
    body: parts.body,
    ...(parts.headerGap ? { headerGap: parts.headerGap } : {}),
  };
}

/** A request line of the `## HTTP request` section (`GET /users/{id | userPrincipalName}`), or undefined. */
export function parseRequestLine(line: string): { method: string; target: string } | undefined {
  const m = REQUEST_LINE.exec(line);
  if (!m) return undefined;
  return { method: m[1].toUpperCase(), target: m[2].replace(/\s+HTTP\/\d(\.\d)?$/i, '').trim() };
}
