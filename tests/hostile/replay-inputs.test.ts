/**
 * Hostile input to replay, items 11b and 11d: a network error keeps its cause (ECONNREFUSED and the address) under
 * Jest as without it, and an example path never climbs above the target's base path. Regressions for "under Jest a
 * network error loses its cause (`--no-jest` keeps it)" and "a `..` in an example path escapes the target's `/beta`
 * base path (same host)".
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rm } from 'node:fs/promises';
import { runInNewContext } from 'node:vm';
import { replayContracts } from '../../replay/run.js';
import { describeNetworkError, exchange, fetchTransport } from '../../replay/send.js';
import { run, tempTree } from '../cli/scenarios.js';
import { contractsOf, fixture } from '../replay/helpers.js';

/** A loopback port nothing listens on: bound once, then closed, so a connection to it is refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

const POLICY = { timeoutMs: 10_000, retries: 0, backoffMs: 1, maxRetryDelayMs: 1 };

describe('a network error under Jest (item 11b)', () => {
  it('should keep the cause of an error thrown in another realm, as fetch throws it into a Jest test', () => {
    const error = runInNewContext(`
      const cause = new Error('connect ECONNREFUSED 127.0.0.1:9');
      cause.code = 'ECONNREFUSED';
      new TypeError('fetch failed', { cause });
    `) as unknown;
    expect(error instanceof Error).toBe(false);
    expect(describeNetworkError(error)).toBe('fetch failed: ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9');
  });

  it('should name ECONNREFUSED and host:port when a real connection is refused', async () => {
    const port = await closedPort();
    const origin = `http://127.0.0.1:${port}`;
    const result = await exchange(fetchTransport(origin), { method: 'GET', url: `${origin}/v1.0/widgets`, headers: {} }, POLICY);
    expect(result.kind).toBe('network');
    expect(result.kind !== 'response' && result.message).toContain(`ECONNREFUSED 127.0.0.1:${port}`);
  });

  it('should carry the cause into the replay/network finding of an example', async () => {
    const port = await closedPort();
    const result = await replayContracts(contractsOf([fixture({ name: 'list_widgets', path: '/widgets', body: { value: [] } })]), {
      target: { kind: 'live', baseUrl: `http://127.0.0.1:${port}/v1.0` },
      ...POLICY,
    });
    expect(result.diagnostics.map((d) => d.ruleId)).toEqual(['replay/network']);
    expect(result.diagnostics[0].message).toContain(`ECONNREFUSED 127.0.0.1:${port}`);
  });

  it('should carry the cause into the report of `docpact replay` run through Jest', async () => {
    const port = await closedPort();
    const dir = await tempTree({ 'docs/widget-list.md': GET_PAGE });
    try {
      const result = await run(dir, ['replay', 'docs', '--target', `http://127.0.0.1:${port}/v1.0`, '--retries', '0', '--format', 'json']);
      expect(result.code).toBe(1);
      const report = JSON.parse(result.stdout) as { diagnostics: { ruleId: string; message: string }[] };
      const network = report.diagnostics.filter((d) => d.ruleId === 'replay/network');
      expect(network).toHaveLength(1);
      expect(network[0].message).toContain(`ECONNREFUSED 127.0.0.1:${port}`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('an example path with ".." against a base path (item 11d)', () => {
  let server: Server;
  let origin: string;
  const received: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      received.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'application/json' }).end('{ "value": [] }');
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((done) => server.close(() => done()));
  });

  it.each([
    ['/../v1.0/users', '/v1.0/users'],
    ['/users/../../x', '/x'],
    ['/%2e%2e/v1.0/users', '/v1.0/users'],
    ['/users/./../../../etc', '/etc'],
  ])('should refuse %s with a finding and send nothing', async (path, resolved) => {
    received.length = 0;
    const result = await replayContracts(contractsOf([fixture({ name: 'climb', path, body: { value: [] } })]), {
      target: { kind: 'live', baseUrl: `${origin}/beta` },
      ...POLICY,
    });
    expect(received).toEqual([]);
    expect(result.examples.map((e) => e.status)).toEqual(['failed']);
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ ruleId: 'replay/refused-path', severity: 'error', file: 'docs/api-reference/v1.0/api/widget.md', range: expect.objectContaining({ start: expect.objectContaining({ line: 11 }) }) }),
    ]);
    expect(result.diagnostics[0].message).toContain(`leaves the target's base path /beta (it resolves to ${resolved})`);
  });

  it('should still send a path whose ".." stays below the base path, resolved', async () => {
    received.length = 0;
    const result = await replayContracts(contractsOf([fixture({ name: 'sideways', path: '/users/../groups', body: { value: [] } })]), {
      target: { kind: 'live', baseUrl: `${origin}/beta` },
      ...POLICY,
    });
    expect(received).toEqual(['/beta/groups']);
    expect(result.diagnostics.filter((d) => d.ruleId === 'replay/refused-path')).toEqual([]);
  });
});

/** One GET example with a documented response: sent to a live target (writes are off by default). */
const GET_PAGE = `# List widgets

Namespace: microsoft.graph

List the widgets.

## HTTP request

<!-- { "blockType": "ignored" } -->
\`\`\`http
GET /widgets
\`\`\`

## Response

If successful, this method returns a \`200 OK\` response code and a collection of widget objects in the response body.

## Examples

### Request

<!-- { "blockType": "request", "name": "list_widgets" } -->
\`\`\`http
GET https://graph.microsoft.com/v1.0/widgets
\`\`\`

### Response

<!-- { "blockType": "response", "truncated": true } -->
\`\`\`http
HTTP/1.1 200 OK
Content-Type: application/json

{ "value": [] }
\`\`\`
`;
