/**
 * The mock's answers as a pure request → response function, shared by the HTTP server (`targets/mock.ts`), the
 * nock target and in-process replays. It answers each request with the documented example of its route, 400 when
 * the request body breaks the request schema, 404/405 for unknown routes, and — when stateful — keeps the entities
 * created by POST so later GET/PATCH/DELETE on them behave like a service.
 */
import { randomUUID } from 'node:crypto';
import type { Fixture } from '../contracts/types.js';
import { RouteTable, normalizePath, splitVersion } from './routes.js';
import { pointerRange } from './source-range.js';
import { createValidator, isJsonMediaType } from './validate.js';
import type { Validator } from './validate.js';
import type { ReplayContracts } from './types.js';

export interface MockRequest {
  readonly method: string;
  /** Path and query, as on the request line. */
  readonly url: string;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly bodyText: string;
}

export interface MockResponse {
  readonly status: number;
  /** The reason phrase to send (`Created`): the documented one for a documented answer. Default: Node's standard phrase. */
  readonly statusText?: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly bodyText: string;
}

export interface MockOptions {
  /** Keep created entities (POST → 201) so later requests on `<collection>/<id>` see them. Default: false. */
  readonly stateful?: boolean;
  /** A validator to reuse (replay already built one over the same schemas). Default: a new one. */
  readonly validator?: Validator;
}

export type MockHandler = ((request: MockRequest) => MockResponse) & {
  /** Forgets stored entities (stateful mode). */
  reset(): void;
};

/** Headers of the example that describe its bytes as written, not the bytes the mock sends. */
const DROPPED_HEADERS = new Set(['content-length', 'transfer-encoding', 'connection']);

/** Builds the mock's handler over the contracts. */
export function createMockHandler(contracts: ReplayContracts, options: MockOptions = {}): MockHandler {
  const routes = new RouteTable(contracts.fixtures);
  const validator = options.validator ?? createValidator(contracts.schemas);
  /** collection path (lower case, version-qualified) → id → entity. */
  const store = new Map<string, Map<string, Record<string, unknown>>>();
  const deleted = new Set<string>();

  const handler = ((request: MockRequest): MockResponse => {
    const method = request.method.toUpperCase();
    const preferred = preferredExample(request.headers.prefer);
    const [pathname] = request.url.split('?');
    const { version, path } = splitVersion(normalizePath(pathname));
    const key = `${version ?? ''}${path}`.toLowerCase();

    if (options.stateful) {
      const answer = statefulAnswer(method, key, request);
      if (answer) return answer;
    }

    const result = routes.route(method, request.url, preferred);
    if (result.kind === 'not-found') {
      return error(404, 'docpact.noRoute', `Unexpected path ${pathname}, expected one of the documented paths`);
    }
    if (result.kind === 'method-not-allowed') {
      return {
        ...error(405, 'docpact.methodNotAllowed', `Unexpected method ${method} on ${pathname}, expected ${result.allow.join(', ')}`),
        headers: { 'content-type': 'application/json', allow: result.allow.join(', ') },
      };
    }
    const fixture = result.match.fixture;
    const invalid = checkBody(fixture, request);
    if (invalid) return invalid;

    if (options.stateful && method === 'POST' && fixture.response?.status === 201) {
      return create(fixture, key, request);
    }
    return documented(fixture, method === 'HEAD');
  }) as MockHandler;

  handler.reset = () => {
    store.clear();
    deleted.clear();
  };

  function checkBody(fixture: Fixture, request: MockRequest): MockResponse | undefined {
    if (!fixture.request.schemaRef || request.bodyText.trim() === '') return undefined;
    const type = request.headers['content-type'];
    if (type && !isJsonMediaType(type)) return undefined;
    // A body that neither says nor looks like JSON (an example with its headers after a blank line) is not judged.
    if (!type && !/^\s*[[{]/.test(request.bodyText)) return undefined;
    let body: unknown;
    try {
      body = JSON.parse(request.bodyText);
    } catch (cause) {
      return error(400, 'docpact.invalidJson', `Unexpected request body that is not JSON (${cause instanceof Error ? cause.message : String(cause)}), expected JSON`);
    }
    const findings = validator.checkRequestBody(fixture, body).filter((f) => f.severity === 'error');
    if (findings.length === 0) return undefined;
    const file = fixture.request.source.file;
    return json(400, {
      error: {
        code: 'docpact.invalidRequestBody',
        message: `The request body does not match the documented request schema (${findings.length} finding${findings.length === 1 ? '' : 's'})`,
        findings: findings.map((f) => ({
          ...f,
          file,
          line: (f.pointer !== undefined ? pointerRange(fixture.request.ranges, fixture.request.lines, f.pointer)?.start.line : undefined) ?? fixture.request.bodySource?.line ?? fixture.request.source.line,
        })),
      },
    });
  }

  function create(fixture: Fixture, key: string, request: MockRequest): MockResponse {
    const id = randomUUID();
    const example = fixture.response?.body;
    let sent: unknown = {};
    try {
      sent = request.bodyText.trim() ? JSON.parse(request.bodyText) : {};
    } catch {
      sent = {};
    }
    const entity: Record<string, unknown> = {
      ...(isObject(example) ? example : {}),
      ...(isObject(sent) ? sent : {}),
      id,
    };
    let collection = store.get(key);
    if (!collection) store.set(key, (collection = new Map()));
    collection.set(id, entity);
    const base = documented(fixture, false);
    const { path } = splitVersion(normalizePath(request.url.split('?')[0]));
    const { version } = splitVersion(normalizePath(request.url.split('?')[0]));
    return {
      status: 201,
      headers: { ...base.headers, 'content-type': 'application/json', location: `${version ? `/${version}` : ''}${path}/${id}` },
      bodyText: JSON.stringify(entity),
    };
  }

  function statefulAnswer(method: string, key: string, request: MockRequest): MockResponse | undefined {
    const slash = key.lastIndexOf('/');
    if (slash <= 0) return undefined;
    const collectionKey = key.slice(0, slash);
    const id = key.slice(slash + 1);
    const collection = store.get(collectionKey);
    if (!collection) return undefined;
    const entity = collection.get(id);
    if (!entity) {
      if (deleted.has(key)) return error(404, 'ResourceNotFound', `Unexpected id ${id}: it was deleted earlier in this run`);
      return undefined;
    }
    switch (method) {
      case 'GET':
        return json(200, entity);
      case 'HEAD':
        return { status: 200, headers: { 'content-type': 'application/json' }, bodyText: '' };
      case 'PATCH':
      case 'PUT': {
        let patch: unknown = {};
        try {
          patch = request.bodyText.trim() ? JSON.parse(request.bodyText) : {};
        } catch {
          return error(400, 'docpact.invalidJson', 'Unexpected request body that is not JSON, expected JSON');
        }
        const updated = { ...(method === 'PUT' ? {} : entity), ...(isObject(patch) ? patch : {}), id: entity.id };
        collection.set(id, updated);
        const routed = routes.route(method, request.url, preferredExample(request.headers.prefer));
        const status = routed.kind === 'found' ? (routed.match.fixture.response?.status ?? 204) : 204;
        // The headers the example shows (an ETag…), as the stateless answer sends them.
        const shown = routed.kind === 'found' && routed.match.fixture.response ? documented(routed.match.fixture, true).headers : {};
        if (status === 204) return { status, headers: withoutBodyHeaders(shown), bodyText: '' };
        const answer = json(status, updated);
        return { ...answer, headers: { ...shown, ...answer.headers } };
      }
      case 'DELETE':
        collection.delete(id);
        deleted.add(key);
        return { status: 204, headers: {}, bodyText: '' };
      default:
        return undefined;
    }
  }

  return handler;
}

/** Headers without those that describe a body (a 204 has none). */
function withoutBodyHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !/^content-(?:type|length|encoding)$/.test(name)));
}

/** The documented answer of a fixture: status, headers and body as the example shows them. */
export function documented(fixture: Fixture, head: boolean): MockResponse {
  const response = fixture.response!;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    const lower = name.toLowerCase();
    if (!DROPPED_HEADERS.has(lower)) headers[lower] = value;
  }
  const bodyText = response.bodyText ?? '';
  if (bodyText.trim() !== '' && !headers['content-type'] && response.body !== null && response.body !== undefined) {
    headers['content-type'] = 'application/json';
  }
  return { status: response.status, ...(response.reason.trim() ? { statusText: response.reason.trim() } : {}), headers, bodyText: head ? '' : bodyText };
}

/** Reads `example=<name>` out of a `Prefer` header (`Prefer: example=create_user, return=minimal`). */
export function preferredExample(prefer: string | undefined): string | undefined {
  if (!prefer) return undefined;
  for (const part of prefer.split(/[,;]/)) {
    const match = /^\s*example\s*=\s*"?([^"]*)"?\s*$/i.exec(part);
    if (match) return match[1];
  }
  return undefined;
}

function json(status: number, body: unknown): MockResponse {
  return { status, headers: { 'content-type': 'application/json' }, bodyText: JSON.stringify(body) };
}

function error(status: number, code: string, message: string): MockResponse {
  return json(status, { error: { code, message } });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
