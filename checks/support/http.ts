/** HTTP facts the rules share: reason phrases and request-path template matching. */
import type { Example } from '../../extractor/model.js';

/** The reason phrases of RFC 9110 (and the WebDAV 207) for the codes the docs use. */
export const REASONS: Readonly<Record<number, string>> = {
  100: 'Continue', 200: 'OK', 201: 'Created', 202: 'Accepted', 203: 'Non-Authoritative Information', 204: 'No Content',
  205: 'Reset Content', 206: 'Partial Content', 207: 'Multi-Status', 300: 'Multiple Choices', 301: 'Moved Permanently',
  302: 'Found', 303: 'See Other', 304: 'Not Modified', 307: 'Temporary Redirect', 308: 'Permanent Redirect',
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
  406: 'Not Acceptable', 409: 'Conflict', 410: 'Gone', 412: 'Precondition Failed', 413: 'Content Too Large',
  415: 'Unsupported Media Type', 416: 'Range Not Satisfiable', 422: 'Unprocessable Content', 423: 'Locked',
  429: 'Too Many Requests', 500: 'Internal Server Error', 501: 'Not Implemented', 502: 'Bad Gateway',
  503: 'Service Unavailable', 504: 'Gateway Timeout', 507: 'Insufficient Storage',
};

/** Older RFC spellings that are still right. */
const ALSO: Readonly<Record<number, readonly string[]>> = {
  413: ['Payload Too Large', 'Request Entity Too Large'],
  416: ['Requested Range Not Satisfiable'],
  422: ['Unprocessable Entity'],
};

/** Compare reason phrases ignoring case and spaces: `No content`, `NO CONTENT` and `NoContent` are all fine. */
const squash = (text: string): string => text.toLowerCase().replace(/[\s-]+/g, '');

/** Whether `reason` is an accepted phrase for `code`. */
export function reasonFits(code: number, reason: string): boolean {
  const known = [REASONS[code], ...(ALSO[code] ?? [])].filter((r): r is string => r !== undefined);
  return known.length === 0 || known.some((r) => squash(r) === squash(reason));
}

/** The code whose reason phrase `reason` is, if it belongs to another code (`OK` → 200). */
export function codeOfReason(reason: string): number | undefined {
  for (const [code, phrase] of Object.entries(REASONS)) if (squash(phrase) === squash(reason)) return Number(code);
  return undefined;
}

/**
 * Turns a `## HTTP request` path template into a matcher. Placeholders (`{id}`, `{id | userPrincipalName}`,
 * `<address>`, `{tenant id}`) match any run of characters; everything else compares case-insensitively, with
 * quotes, a trailing slash and whitespace ignored.
 */
export function templateMatcher(template: string): RegExp {
  let pattern = '';
  const text = normalizePath(template);
  for (let i = 0; i < text.length; ) {
    const ch = text[i];
    if (ch === '{' || ch === '<') {
      const close = text.indexOf(ch === '{' ? '}' : '>', i);
      if (close > i) {
        pattern += '.+?';
        i = close + 1;
        continue;
      }
    }
    pattern += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    i++;
  }
  return new RegExp(`^${pattern}$`, 'i');
}

/** A path as compared: decoded, without quotes, whitespace, a version prefix or a trailing slash. */
export function normalizePath(path: string): string {
  let text = path;
  try {
    text = decodeURIComponent(text);
  } catch {
    // Keep the path as written.
  }
  text = text.replace(/\s+/g, '').replace(/['"]/g, '').replace(/^\/?(?:v1\.0|beta)(?=\/|$)/i, '');
  if (!text.startsWith('/')) text = `/${text}`;
  return text.length > 1 ? text.replace(/\/+$/, '') : text;
}

/**
 * OneDrive addresses an item by id (`items/{id}`), by path from the root (`root:/Folder/File.txt:`) or by path from
 * another item (`items/{parent-id}:/{filename}:`), and `root` is the root item (Graph's "Addressing items in a
 * drive"). The path forms become `items/{item}`, a placeholder, so a template in one form matches an example in another.
 */
function itemById(path: string): string {
  return path
    .replace(/(\/drive|\/drives\/[^/]+)\/root:(?:\/[^:]*)?(?::(?=\/|$)|$)/gi, '$1/items/{item}')
    .replace(/\/items\/([^/:]+):\/[^:]*(?::(?=\/|$)|$)/gi, '/items/{item}');
}

/**
 * A function's parameter list (`getGroupArchivedPrintJobs(groupId='…',startDateTime=…)`, `delta(token='…')`) dropped:
 * templates often name the function bare and document the parameters in a table. Only lists with `name=value`
 * go, so OData key segments (`users('id')`) keep their key.
 */
function withoutFunctionParameters(path: string): string {
  return path.replace(/(?<=\w)\([^()]*=[^()]*\)(?=\/|$)/g, '');
}

/** The spellings of an example's request path that mean the same resource, the normalised path first. */
export function requestPathForms(path: string): string[] {
  const forms = new Set([normalizePath(path)]);
  const transforms: ((p: string) => string)[] = [
    // `/me/…` is Graph's alias of `/users/{id}/…` for the signed-in user.
    (p) => p.replace(/^\/me(?=\/|$)/i, '/users/me'),
    withoutFunctionParameters,
    // The root item by name is an item like any other (`/me/drive/root/children` = `/me/drive/items/root/children`).
    (p) => itemById(p).replace(/(\/drive|\/drives\/[^/]+)\/root(?=\/|$)/gi, '$1/items/root'),
  ];
  for (const transform of transforms) for (const form of [...forms]) forms.add(transform(form));
  return [...forms];
}

/** Matchers for a `## HTTP request` template: as written and, for OneDrive path addressing, by item id. */
export function templateMatchers(template: string): RegExp[] {
  const byId = itemById(normalizePath(template));
  return byId === normalizePath(template) ? [templateMatcher(template)] : [templateMatcher(template), templateMatcher(byId)];
}

/**
 * Whether an annotated request or response block is HTTP that does not parse as one (`GETT /x`, `HTTP/1.1 OKAY`):
 * the extractor then has no request or response for it. Such a block is reported for what it is
 * (http-message-malformed), not as a missing partner (example-unpaired).
 */
export function isMalformedHttp(example: Example): boolean {
  if (example.blockType !== 'request' && example.blockType !== 'response') return false;
  if (example.request || example.response) return false;
  return /^(?:http|msgraph-interactive)$/i.test(example.code.lang.trim()) && example.code.value.trim() !== '';
}
