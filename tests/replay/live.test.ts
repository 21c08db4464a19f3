/**
 * The live target against a real server on 127.0.0.1 that drifts from the pages in docs/: each drift must come out
 * as the right finding, on the right line of the right page, with a JSON Pointer into the response.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { buildContracts } from '../../contracts/index.js';
import type { Fixture } from '../../contracts/types.js';
import { loadPages } from '../../extractor/index.js';
import { FORMATTERS } from '../../reports/index.js';
import type { RunReport } from '../../reports/types.js';
import { replayContracts } from '../../replay/run.js';
import { RefusedHostError, fetchTransport } from '../../replay/send.js';
import type { ReplayContracts } from '../../replay/types.js';
import { ROOT } from '../helpers/paths.js';

const TOKEN = 'tok-9f8e7d6c5b4a-secret';
const COLLECTION = '/beta/identitygovernance/entitlementmanagement/accesspackageassignments';

interface Drifting {
  readonly url: string;
  readonly methods: string[];
  readonly authorizations: string[];
  hits(path: string): number;
  close(): Promise<void>;
}

/** Starts a server that answers the docs/ examples with drifts, or records requests only (`elsewhere`). */
async function startServer(contracts: ReplayContracts | undefined, elsewhere?: string): Promise<Drifting> {
  const methods: string[] = [];
  const authorizations: string[] = [];
  const hits = new Map<string, number>();
  const example = (page: string): Record<string, unknown> => structuredClone(contracts!.fixtures.find((f) => f.page === page)!.response!.body) as Record<string, unknown>;
  const handle = (req: IncomingMessage, res: ServerResponse, body: string): void => {
    const method = req.method ?? 'GET';
    const path = (req.url ?? '/').split('?')[0].toLowerCase();
    methods.push(method);
    authorizations.push(req.headers.authorization ?? '');
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const send = (status: number, value?: unknown, headers: Record<string, string> = {}): void => {
      res.writeHead(status, value === undefined ? headers : { 'content-type': 'application/json; odata.metadata=minimal', ...headers });
      res.end(value === undefined ? undefined : JSON.stringify(value));
    };
    if (!contracts) return send(404, { error: { code: 'elsewhere' } });
    if (path === '/beta/redirect') return send(302, undefined, { location: `${elsewhere}/steal` });
    if (path === COLLECTION && method === 'GET') {
      // 429 first, then the documented answer.
      return hits.get(path) === 1 ? send(429, { error: { code: 'TooManyRequests' } }, { 'retry-after': '0' }) : send(200, example('beta/accesspackageassignment-list'));
    }
    if (path === COLLECTION && method === 'POST') {
      // 200 where 201 is documented.
      return send(200, { ...example('beta/accesspackageassignment-post'), ...(JSON.parse(body || '{}') as object), isExtended: false, expiredDateTime: null });
    }
    if (path.startsWith(`${COLLECTION}/`) && path.endsWith('/reprocess')) return send(202);
    if (path.startsWith(`${COLLECTION}/`)) {
      if (method === 'PATCH') {
        // Slower than --timeout.
        setTimeout(() => send(204), 8000).unref();
        return;
      }
      if (method === 'DELETE') return send(204);
      const drifted = example('beta/accesspackageassignment-get');
      drifted.assignmentStateName = drifted.assignmentState; // renamed
      delete drifted.assignmentState;
      drifted.isExtended = 'false'; // wrong type
      drifted.assignmentStatus = req.headers.authorization ?? ''; // a value that would leak the token into a report
      return send(200, drifted);
    }
    return send(404, { error: { code: 'NotFound' } });
  };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => handle(req, res, body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    methods,
    authorizations,
    hits: (path) => hits.get(path.toLowerCase()) ?? 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let contracts: ReplayContracts & { fixtures: Fixture[] };
const byPage = (page: string): Fixture => contracts.fixtures.find((f) => f.page === page)!;
const lineText = (file: string, line: number): string => readFileSync(join(ROOT, file), 'utf8').split('\n')[line - 1];
const servers: Drifting[] = [];
async function server(elsewhere?: string): Promise<Drifting> {
  const s = await startServer(contracts, elsewhere);
  servers.push(s);
  return s;
}

beforeAll(async () => {
  const loaded = await loadPages([join(ROOT, 'docs')].map((p) => p.replace(`${ROOT}/`, '')));
  contracts = buildContracts(loaded.pages);
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

describe('live target against a drifting server', () => {
  it('should report each drift with the example\'s file, line and JSON pointer', async () => {
    const live = await server();
    const result = await replayContracts(contracts, {
      target: { kind: 'live', baseUrl: `${live.url}/beta` },
      allowWrites: true,
      token: TOKEN,
      timeoutMs: 1500,
      // Far longer than any test may take: the retry can only be quick by honouring Retry-After: 0.
      backoffMs: 600_000,
    });
    const find = (page: string, ruleId: string) => result.diagnostics.filter((d) => d.ruleId === ruleId && d.file === byPage(page).source.file);

    const get = byPage('beta/accesspackageassignment-get');
    const [renamed] = find('beta/accesspackageassignment-get', 'replay/missing-property');
    expect(renamed).toMatchObject({ severity: 'error', pointer: '/assignmentState' });
    expect(renamed.range.start.line).toBe(get.response!.lines!['/assignmentState']);
    expect(lineText(renamed.file, renamed.range.start.line)).toContain('"assignmentState"');
    const [wrongType] = find('beta/accesspackageassignment-get', 'replay/type');
    expect(wrongType).toMatchObject({ severity: 'error', pointer: '/isExtended', message: expect.stringContaining('Unexpected string "false" at /isExtended, expected a boolean (Boolean)') });
    expect(lineText(wrongType.file, wrongType.range.start.line)).toContain('"isExtended"');

    const post = byPage('beta/accesspackageassignment-post');
    const [status] = find('beta/accesspackageassignment-post', 'replay/status');
    expect(status).toMatchObject({ severity: 'error', expected: '201', actual: '200' });
    expect(status.range.start.line).toBe(post.response!.source.line);
    expect(lineText(status.file, status.range.start.line)).toContain('201 Created');

    const update = byPage('beta/accesspackageassignment-update');
    const [timeout] = find('beta/accesspackageassignment-update', 'replay/timeout');
    expect(timeout.severity).toBe('error');
    expect(lineText(timeout.file, timeout.range.start.line)).toMatch(/^PATCH /);
    expect(timeout.range.start.line).toBe(update.request.source.line);

    const [retried] = find('beta/accesspackageassignment-list', 'replay/retried');
    expect(retried).toMatchObject({ severity: 'info', actual: '1' });
    expect(live.hits(COLLECTION)).toBeGreaterThanOrEqual(2);

    const status_ = Object.fromEntries(result.examples.map((e) => [e.page, e.status]));
    expect(status_).toEqual({
      'beta/accesspackageassignment-delete': 'passed',
      'beta/accesspackageassignment-get': 'failed',
      'beta/accesspackageassignment-list': 'passed',
      'beta/accesspackageassignment-post': 'failed',
      'beta/accesspackageassignment-reprocess': 'passed',
      'beta/accesspackageassignment-update': 'failed',
    });

    // The token was sent, and appears in no finding, result or report of any format.
    expect(live.authorizations).toContain(`Bearer ${TOKEN}`);
    expect(JSON.stringify(result)).not.toContain(TOKEN);
    const report: RunReport = { tool: { name: 'docpact', version: '0' }, command: 'replay', files: [], diagnostics: result.diagnostics, examples: result.examples, failSeverity: 'error' };
    for (const [name, format] of Object.entries(FORMATTERS)) expect([name, format(report)]).not.toEqual([name, expect.stringContaining(TOKEN)]);
  });

  it('should send no POST, PATCH, PUT or DELETE without allowWrites, and say why those examples were skipped', async () => {
    const live = await server();
    const result = await replayContracts(contracts, { target: { kind: 'live', baseUrl: `${live.url}/beta` }, timeoutMs: 300 });
    expect(live.methods.length).toBeGreaterThan(0);
    expect(live.methods.filter((m) => m !== 'GET' && m !== 'HEAD')).toEqual([]);
    const skipped = result.examples.filter((e) => e.status === 'skipped');
    expect(skipped.map((e) => e.method).sort()).toEqual(['DELETE', 'PATCH', 'POST', 'POST']);
    for (const e of skipped) expect(e.reason).toMatch(/^writes are off: (POST|PATCH|DELETE) not sent; pass --allow-writes/);
  });

  it('should send requests to the target only: never to the example\'s host, nor after a redirect', async () => {
    const other = await startServer(undefined);
    servers.push(other);
    const live = await server(other.url);
    const get = byPage('beta/accesspackageassignment-get');
    const moved: Fixture[] = [
      // The example's own URL points at the other host: it is rewritten onto the target.
      { ...get, name: 'elsewhere', request: { ...get.request, url: `${other.url}/beta${get.request.path}` } },
      { ...get, name: 'redirected', request: { ...get.request, url: `${other.url}/beta/redirect`, path: '/redirect' } },
    ];
    const result = await replayContracts({ schemas: contracts.schemas, fixtures: moved }, { target: { kind: 'live', baseUrl: `${live.url}/beta` }, timeoutMs: 2000 });
    expect(other.methods).toEqual([]);
    expect(live.methods).toEqual(['GET', 'GET']);
    expect(result.diagnostics.filter((d) => d.element?.startsWith('example:redirected') && d.ruleId === 'replay/status').map((d) => d.actual)).toEqual(['302']);
    const transport = fetchTransport(live.url);
    await expect(transport({ method: 'GET', url: `${other.url}/x`, headers: {} }, AbortSignal.timeout(1000))).rejects.toBeInstanceOf(RefusedHostError);
    expect(other.methods).toEqual([]);
  });

  it('should run as a Jest suite through `docpact replay` and keep the token out of every output', async () => {
    const live = await server();
    const dir = mkdtempSync(join(tmpdir(), 'docpact-live-'));
    try {
      const args = ['bin/docpact.js', 'replay', 'docs', '--target', `${live.url}/beta`, '--allow-writes', '--timeout', '1500', '--format', 'json', '--output', join(dir, 'r.json'), '--format', 'junit', '--output', join(dir, 'r.xml'), '--format', 'stylish'];
      const run = await new Promise<{ code: number | null; out: string }>((resolve) => {
        const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, DOCPACT_TOKEN: TOKEN, NO_COLOR: '1' } });
        let out = '';
        child.stdout.on('data', (c: Buffer) => (out += c.toString()));
        child.stderr.on('data', (c: Buffer) => (out += c.toString()));
        child.on('close', (code) => resolve({ code, out }));
      });
      expect(run.out).toContain('3 passed, 3 failed, 0 skipped');
      expect(run.code).toBe(1);
      const json = readFileSync(join(dir, 'r.json'), 'utf8');
      const report = JSON.parse(json) as { diagnostics: { ruleId: string; file: string; range: { start: { line: number } }; pointer?: string }[] };
      expect(report.diagnostics.map((d) => [d.ruleId, d.file.replace(/^.*docs\//, 'docs/'), d.range.start.line, d.pointer])).toEqual(
        expect.arrayContaining([
          ['replay/missing-property', byPage('beta/accesspackageassignment-get').source.file, byPage('beta/accesspackageassignment-get').response!.lines!['/assignmentState'], '/assignmentState'],
          ['replay/status', byPage('beta/accesspackageassignment-post').source.file, byPage('beta/accesspackageassignment-post').response!.source.line, undefined],
        ]),
      );
      for (const text of [run.out, json, readFileSync(join(dir, 'r.xml'), 'utf8')]) expect(text).not.toContain(TOKEN);
      expect(live.authorizations).toContain(`Bearer ${TOKEN}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
