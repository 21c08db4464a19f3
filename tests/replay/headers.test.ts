/**
 * Response headers and the status reason phrase (issue 10 item 15): what a response example shows (`ETag`,
 * `Location`, `OData-Version`…) is checked against a real HTTP server on 127.0.0.1 and against the embedded mock,
 * which answers as documented (reason phrase included), so only the live drift is reported.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { buildContracts } from '../../contracts/build.js';
import type { Fixture } from '../../contracts/types.js';
import type { Diagnostic } from '../../core/diagnostic.js';
import { replayContracts } from '../../replay/run.js';
import { createValidator } from '../../replay/validate.js';
import { parsePage } from '../../extractor/index.js';
import { GRAPH_DOCS, HAS_CORPUS } from '../helpers/paths.js';
import { SCHEMAS, contractsOf, fixture } from './helpers.js';

const body = { id: 'w1' };

/** A fixture whose response shows `headers` under the status line `HTTP/1.1 <status> <reason>`. */
function shown(name: string, path: string, status: number, reason: string, headers: Record<string, string>): Fixture {
  const fx = fixture({ name, path, status, body, headers: { 'Content-Type': 'application/json', ...headers } });
  return { ...fx, response: { ...fx.response!, reason } };
}

const FIXTURES: Fixture[] = [
  shown('etag_missing', '/widgets/a', 200, 'OK', { ETag: 'W/"1"', 'OData-Version': '4.0' }),
  shown('odata_version_differs', '/widgets/b', 200, 'OK', { 'OData-Version': '4.0' }),
  shown('reason_differs', '/widgets/c', 201, 'OK', { Location: 'https://graph.microsoft.com/v1.0/widgets/c' }),
  shown('all_as_documented', '/widgets/d', 201, 'Created', { Location: 'https://graph.microsoft.com/v1.0/widgets/d', ETag: 'W/"7"', 'OData-Version': '4.0', Date: 'Wed, 01 Jan 2020 00:00:00 GMT', 'request-id': 'x' }),
];

/** What the server answers per path: status, reason phrase and headers; the body is always `body`. */
const ANSWERS: Record<string, { status: number; reason: string; headers: Record<string, string> }> = {
  '/v1.0/widgets/a': { status: 200, reason: 'OK', headers: { 'OData-Version': '4.0' } },
  '/v1.0/widgets/b': { status: 200, reason: 'OK', headers: { 'OData-Version': '4.01' } },
  '/v1.0/widgets/c': { status: 201, reason: 'Created', headers: { Location: 'https://service.test/v1.0/widgets/c' } },
  '/v1.0/widgets/d': { status: 201, reason: 'Created', headers: { Location: 'https://service.test/v1.0/widgets/d', ETag: 'W/"8"', 'odata-version': '4.0' } },
};

let server: Server;
let url: string;
/** Whether the server sends a Location on the POSTs of chat-post-members.md (a real corpus page). */
let sendLocation = false;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.method === 'POST' && /^\/v1\.0\/chats\/[^/]+\/members$/.test((req.url ?? '').split('?')[0])) {
      req.resume();
      res.writeHead(201, 'Created', sendLocation ? { location: `${req.url}/m1` } : {});
      res.end();
      return;
    }
    const answer = ANSWERS[(req.url ?? '').split('?')[0]];
    if (!answer) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"error":{"code":"notFound","message":"no such widget"}}');
      return;
    }
    res.writeHead(answer.status, answer.reason, { 'content-type': 'application/json', ...answer.headers });
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const byExample = (diagnostics: readonly Diagnostic[]): Record<string, string[]> => {
  const out: Record<string, string[]> = {};
  for (const d of diagnostics) {
    if (d.ruleId !== 'replay/header' && d.ruleId !== 'replay/reason') continue;
    const name = /^example:([^#]+)/.exec(d.element ?? '')?.[1] ?? '';
    (out[name] ??= []).push(`${d.ruleId} ${d.range.start.line}: ${d.message}`);
  }
  return out;
};

describe('response headers and reason phrase against a live server', () => {
  it('should report a missing header, a fixed-value header that differs and another reason phrase, and nothing else', async () => {
    const result = await replayContracts(contractsOf(FIXTURES), { target: { kind: 'live', baseUrl: `${url}/v1.0` }, timeoutMs: 5000 });
    expect(byExample(result.diagnostics)).toEqual({
      etag_missing: ['replay/header 20: Unexpected response without the ETag header, expected it as the example shows (ETag: W/"1"); fix the service, or remove the header from the example'],
      odata_version_differs: ['replay/header 20: Unexpected OData-Version: 4.01, expected 4.0 as the example shows; fix the service or the example\'s header'],
      reason_differs: ['replay/reason 20: Unexpected reason phrase "OK" for 201 in the example, expected "Created" as the service says: write "201 Created" on the example\'s status line'],
    });
  });
});

describe('response headers and reason phrase against the embedded mock', () => {
  it('should report nothing: the mock sends the documented headers and reason phrase', async () => {
    const result = await replayContracts(contractsOf(FIXTURES), { target: { kind: 'mock' } });
    expect(byExample(result.diagnostics)).toEqual({});
    expect(result.examples.filter((e) => e.status !== 'passed').map((e) => e.name)).toEqual([]);
  });
});

// Skipped where ../shared/corpus is not checked out: the page is the corpus's.
(HAS_CORPUS ? describe : describe.skip)('response headers of a real page (chat-post-members.md: 201 Created with a Location)', () => {
  const file = 'api-reference/v1.0/api/chat-post-members.md';
  const contracts = () => buildContracts([parsePage(file, readFileSync(join(GRAPH_DOCS, file), 'utf8'))]);

  it('should report each example whose answer has no Location, at the example\'s status line', async () => {
    sendLocation = false;
    const result = await replayContracts(contracts(), { target: { kind: 'live', baseUrl: `${url}/v1.0` }, allowWrites: true, timeoutMs: 5000 });
    const found = result.diagnostics.filter((d) => d.ruleId === 'replay/header').map((d) => `${d.range.start.line}: ${d.message.replace(/ \(Location: .*$/, '')}`);
    expect(found).toEqual([104, 163, 223].map((line) => `${line}: Unexpected response without the Location header, expected it as the example shows`));
  });

  it('should report nothing when the service sends the Location, nor against the mock', async () => {
    sendLocation = true;
    const live = await replayContracts(contracts(), { target: { kind: 'live', baseUrl: `${url}/v1.0` }, allowWrites: true, timeoutMs: 5000 });
    expect(live.diagnostics.filter((d) => d.ruleId === 'replay/header' || d.ruleId === 'replay/reason')).toEqual([]);
    const mock = await replayContracts(contracts(), { target: { kind: 'mock' } });
    expect(mock.diagnostics.filter((d) => d.ruleId === 'replay/header' || d.ruleId === 'replay/reason')).toEqual([]);
  });
});

describe('validateResponse on headers', () => {
  const validator = createValidator(SCHEMAS);
  it('should compare reason phrases in any case and spacing, and skip them when HTTP/2 carries none', () => {
    const fx = shown('no_content', '/widgets/e', 204, 'No content', {});
    const noBody = { ...fx, response: { ...fx.response!, body: null, bodyText: '', headers: {} } };
    expect(validator.validateResponse(noBody, { status: 204, statusText: 'No Content', headers: {}, bodyText: '' })).toEqual([]);
    expect(validator.validateResponse(noBody, { status: 204, headers: {}, bodyText: '' })).toEqual([]);
    expect(validator.validateResponse(noBody, { status: 204, statusText: 'Nothing', headers: {}, bodyText: '' }).map((d) => d.ruleId)).toEqual(['replay/reason']);
  });

  it('should not ask for per-call headers (Date, request-id, x-ms-*) nor check headers when the status already differs', () => {
    const fx = shown('per_call', '/widgets/f', 200, 'OK', { Date: 'x', 'request-id': 'y', 'x-ms-ags-diagnostic': '{}', 'Cache-Control': 'private', ETag: 'W/"1"' });
    const headers = { 'content-type': 'application/json' };
    expect(validator.validateResponse(fx, { status: 200, statusText: 'OK', headers: { ...headers, etag: 'W/"2"' }, bodyText: JSON.stringify(body) }).filter((d) => d.ruleId !== 'replay/value-differs')).toEqual([]);
    expect(validator.validateResponse(fx, { status: 202, statusText: 'Accepted', headers, bodyText: JSON.stringify(body) }).map((d) => d.ruleId)).toEqual(['replay/status']);
  });
});
