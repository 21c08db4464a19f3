/**
 * `docpact record`: against a drifted service on 127.0.0.1 it rewrites exactly the drifted response blocks of a
 * copy of docs/, redacted, and a replay of the recorded pages then passes; plus the redaction and layout rules.
 */
import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { structuredPatch } from 'diff';
import { buildContracts } from '../../contracts/index.js';
import { loadPages, safeParse } from '../../extractor/load.js';
import { runRecord } from '../../cli/run-record.js';
import { runReplay } from '../../cli/run-replay.js';
import { createRecordRedactor, FakeBook } from '../../replay/record-redact.js';
import { applyEdits, orderLike, planPage, truncateLike } from '../../replay/record.js';
import { ROOT } from '../helpers/paths.js';
import { startDriftServer, type DriftServer } from './drift-server.js';

const work = mkdtempSync(join(tmpdir(), 'docpact-record-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Every file under `dir`, relative path → text. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (at: string): void => {
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.set(relative(dir, path), readFileSync(path, 'utf8'));
    }
  };
  walk(dir);
  return out;
}

/** Runs `fn` with stdout and stderr captured. */
async function captured<T>(fn: () => Promise<T>): Promise<{ result: T; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  const err = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  try {
    return { result: await fn(), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

/** Changed lines of one file: removed ('-') and added ('+'), in order. */
function changedLines(before: string, after: string): string[] {
  return structuredPatch('a', 'b', before, after, undefined, undefined, { context: 0 }).hunks.flatMap((h) => h.lines.map((l) => l.trimEnd()));
}

const NEW_CATALOG = '9f0e8c1a-5b7d-4c3e-8a2f-1d6b4e9c7a30';
/** What the service answers to the create example. */
const CREATED = {
  '@odata.type': '#microsoft.graph.accessPackageAssignment',
  id: '5e2b1f07-8c3a-4d69-b0e4-7a9c2d1f6e38',
  catalogId: NEW_CATALOG,
  accessPackageId: 'a914b616-e04e-476b-aa37-91038f0b165b',
  assignmentPolicyId: 'd92ebb54-9b46-492d-ab7f-01f76767da7f',
  targetId: 'f1ef4e3e-29a3-4a36-8b7d-2a1d6c5e3d8f',
  assignmentStatus: 'Delivering',
  assignmentState: 'Delivering',
  isExtended: false,
  expiredDateTime: null,
  schedule: { '@odata.type': 'microsoft.graph.requestSchedule', startDateTime: '2026-12-02T16:00:00Z' },
};

describe('docpact record against a drifted service', () => {
  const copy = join(work, 'copy');
  let server: DriftServer;
  let before: Map<string, string>;

  beforeAll(async () => {
    cpSync(join(ROOT, 'docs'), join(copy, 'docs'), { recursive: true });
    before = snapshot(copy);
    const loaded = await loadPages([join(copy, 'docs')], { cwd: copy });
    const { fixtures } = buildContracts(loaded.pages);
    server = await startDriftServer(fixtures, (fixture, answer) => {
      const body = answer.body as Record<string, unknown> | undefined;
      if (fixture.name === 'get_accesspackageassignment' && body) {
        // Drift: a property gone (the truncated example shows it: an error) and a new id value.
        delete body.targetId;
        body.catalogId = NEW_CATALOG;
      }
      if (fixture.name === 'delete_accesspackageassignment') answer.status = 202;
      if (fixture.name === 'create_accesspackageassignment_from_') {
        // The page's example shows placeholders ("Boolean", "String"); the service answers real values.
        answer.body = { ...CREATED };
      }
      if (fixture.name === 'list_accesspackageassignments' && body) {
        // A value that differs but keeps its type: replay passes (info), so the block is not recorded.
        ((body.value as Record<string, unknown>[])[0]).assignmentState = 'Delivering';
      }
    });
  });
  afterAll(() => server.close());

  it('should print the changes as a diff and write nothing with --dry-run', async () => {
    const { result, stdout } = await captured(() => runRecord(['docs'], { target: `${server.url}/beta`, allowWrites: true, dryRun: true, cwd: copy, quiet: true }));
    expect(result).toBe(0);
    expect(snapshot(copy)).toEqual(before);
    expect(stdout).toContain('--- a/docs/api-reference/beta/api/accesspackageassignment-get.md');
    expect(stdout).toContain('+HTTP/1.1 202 Accepted');
    expect(stdout).not.toContain('accesspackageassignment-list.md');
  });

  it('should split the pages between --shard 1/2 and 2/2 without overlap, as the unsharded run records them', async () => {
    const wouldRecord = async (shard?: string): Promise<string[]> => {
      const { stderr } = await captured(() => runRecord(['docs'], { target: `${server.url}/beta`, allowWrites: true, dryRun: true, cwd: copy, all: true, ...(shard ? { shard } : {}) }));
      return stderr.split('\n').filter((l) => l.endsWith(': would record')).sort();
    };
    const [whole, first, second] = [await wouldRecord(), await wouldRecord('1/2'), await wouldRecord('2/2')];
    expect(whole.length).toBeGreaterThan(2);
    expect([...first, ...second].sort()).toEqual(whole);
    expect(first.filter((l) => second.includes(l))).toEqual([]);
    expect(snapshot(copy)).toEqual(before);
  });

  it('should rewrite exactly the drifted blocks, redacted, and a replay of the recorded pages should then pass', async () => {
    const { result, stderr } = await captured(() => runRecord(['docs'], { target: `${server.url}/beta`, allowWrites: true, cwd: copy }));
    expect(stderr).toContain('2 recorded, 0 failed and kept');
    expect(result).toBe(0);
    const after = snapshot(copy);
    const changed = [...after.keys()].filter((file) => after.get(file) !== before.get(file)).sort();
    expect(changed).toEqual(['docs/api-reference/beta/api/accesspackageassignment-delete.md', 'docs/api-reference/beta/api/accesspackageassignment-get.md']);
    const get = 'docs/api-reference/beta/api/accesspackageassignment-get.md';
    // The new catalog id is a fake (a real id must not reach the docs); the id the page already showed is kept;
    // targetId is gone; indent and key order are the page's.
    expect(changedLines(before.get(get)!, after.get(get)!)).toEqual([
      '-  "catalogId": "cec5d6ab-c75d-47c0-9c1c-92e89f66e384",',
      '+  "catalogId": "00000000-0000-4000-8000-000000000001",',
      '-  "targetId": "f1ef4e3e-29a3-4a36-8b7d-2a1d6c5e3d8f",',
    ]);
    expect(after.get(get)).not.toContain(NEW_CATALOG);
    const del = 'docs/api-reference/beta/api/accesspackageassignment-delete.md';
    expect(changedLines(before.get(del)!, after.get(del)!)).toEqual(['-HTTP/1.1 204 No Content', '+HTTP/1.1 202 Accepted']);

    const replay = await captured(() => runReplay(['docs'], { target: `${server.url}/beta`, allowWrites: true, jest: false, cwd: copy, quiet: true }));
    expect(replay.stderr).toContain('6 passed, 0 failed, 0 skipped');
    expect(replay.result).toBe(0);
  });

  it('should also record passing examples whose answer differs with --all, and leave recorded blocks as they are', async () => {
    const recorded = snapshot(copy);
    const { result } = await captured(() => runRecord(['docs'], { target: `${server.url}/beta`, allowWrites: true, all: true, cwd: copy, quiet: true }));
    expect(result).toBe(0);
    const after = snapshot(copy);
    const changed = [...after.keys()].filter((file) => after.get(file) !== recorded.get(file)).sort();
    expect(changed).toEqual(['docs/api-reference/beta/api/accesspackageassignment-list.md', 'docs/api-reference/beta/api/accesspackageassignment-post.md']);
    const post = after.get('docs/api-reference/beta/api/accesspackageassignment-post.md')!;
    const block = post.slice(post.indexOf('HTTP/1.1 201 Created'));
    expect(block).toContain('"isExtended": false,');
    expect(block).not.toContain('"Boolean"');
    // The same real catalog id as on the get page: the same fake.
    expect(block).toContain('"catalogId": "00000000-0000-4000-8000-000000000001"');
    expect(block).not.toContain(CREATED.id);
    expect(after.get('docs/api-reference/beta/api/accesspackageassignment-list.md')).toContain('"assignmentState": "Delivering"');
    const replay = await captured(() => runReplay(['docs'], { target: `${server.url}/beta`, allowWrites: true, jest: false, cwd: copy, quiet: true }));
    expect(replay.stderr).toContain('6 passed, 0 failed, 0 skipped');
  });

  it('should keep an answer of another status class, exit 1, and record it with --any-status', async () => {
    const other = join(work, 'other');
    cpSync(join(ROOT, 'docs'), join(other, 'docs'), { recursive: true });
    const loaded = await loadPages([join(other, 'docs')], { cwd: other });
    const gone = await startDriftServer(buildContracts(loaded.pages).fixtures, (fixture, answer) => {
      if (fixture.name === 'get_accesspackageassignment') {
        answer.status = 404;
        answer.body = { error: { code: 'notFound', message: 'no such assignment' } };
      }
    });
    try {
      const page = join(other, 'docs/api-reference/beta/api/accesspackageassignment-get.md');
      const text = readFileSync(page, 'utf8');
      const kept = await captured(() => runRecord(['docs'], { target: `${gone.url}/beta`, cwd: other, testNamePattern: 'accesspackageassignment-get' }));
      expect(kept.result).toBe(1);
      expect(kept.stderr).toContain('answered 404, another class than the documented 200');
      expect(readFileSync(page, 'utf8')).toBe(text);
      const forced = await captured(() => runRecord(['docs'], { target: `${gone.url}/beta`, cwd: other, testNamePattern: 'accesspackageassignment-get', anyStatus: true, quiet: true }));
      expect(forced.result).toBe(0);
      const now = readFileSync(page, 'utf8');
      expect(now).toContain('HTTP/1.1 404 Not Found\nContent-Type: application/json\n\n{\n  "error": {\n    "code": "notFound",');
      // Another kind of answer than the truncated example showed: written whole, not cut to the example's keys.
      expect(now).toContain('"message": "no such assignment"');
    } finally {
      await gone.close();
    }
  });

  it('should write nothing when interrupted halfway (SIGINT), though an answer was already in', async () => {
    const halted = join(work, 'halted');
    cpSync(join(ROOT, 'docs'), join(halted, 'docs'), { recursive: true });
    const pages = snapshot(halted);
    const { fixtures } = buildContracts((await loadPages([join(halted, 'docs')], { cwd: halted })).pages);
    let held: () => void = () => {};
    const heldNow = new Promise<void>((resolve) => (held = resolve));
    const slow = await startDriftServer(
      fixtures,
      (fixture, answer) => {
        if (fixture.name === 'get_accesspackageassignment') delete (answer.body as Record<string, unknown>).targetId;
      },
      { hold: (fixture) => fixture.name === 'list_accesspackageassignments', onHeld: () => held() },
    );
    try {
      // The get example (drifted) is answered first; the list example is held until the run is interrupted.
      const child = spawn(process.execPath, [join(ROOT, 'bin/docpact.js'), 'record', 'docs', '--target', `${slow.url}/beta`, '--concurrency', '1', '-t', 'accesspackageassignment-(get|list) '], { cwd: halted });
      let stderr = '';
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
      await heldNow;
      expect(slow.requests.some((r) => r.startsWith('GET') && r.endsWith('2a353749-3749-2a35-4937-352a4937352a'))).toBe(true);
      child.kill('SIGINT');
      expect(await exited).toBe(130);
      expect(stderr).toContain('interrupted; no page was changed');
      expect(snapshot(halted)).toEqual(pages);
      expect(readdirSync(join(halted, 'docs/api-reference/beta/api')).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    } finally {
      await slow.close();
    }
  }, 120_000);

  it('should refuse an unknown target and a missing one (exit 2)', async () => {
    await expect(runRecord(['docs'], { cwd: copy })).rejects.toThrow(/--target: missing/);
    await expect(runRecord(['docs'], { cwd: copy, target: 'ftp://x.invalid' })).rejects.toThrow(/--target: Unexpected/);
  });
});

describe('docpact record with a sign-in account (openid-client against 127.0.0.1)', () => {
  it('should sign in, sign in again after a 401, record the answer, and write neither the secret nor a token', async () => {
    const SECRET = 'client-secret-4f1c9e';
    const TOKENS = ['record-token-one-8a2d7c', 'record-token-two-3e9b5f'];
    const dir = join(work, 'signin');
    cpSync(join(ROOT, 'docs'), join(dir, 'docs'), { recursive: true });
    const listen = async (handler: (req: IncomingMessage, res: ServerResponse, body: string) => void): Promise<{ url: string; server: Server }> => {
      const server = createServer((req, res) => {
        let body = '';
        req.on('data', (c: Buffer) => (body += c.toString()));
        req.on('end', () => handler(req, res, body));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
    };
    const send = (res: ServerResponse, status: number, value: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
    };
    let tokenRequests = 0;
    const idp = await listen((req, res, body) => {
      const issuer = `${idp.url}/t`;
      if (req.url === '/t/.well-known/openid-configuration') return send(res, 200, { issuer, token_endpoint: `${issuer}/token` });
      const form = new URLSearchParams(body);
      const basic = req.headers.authorization?.startsWith('Basic ') ? Buffer.from(req.headers.authorization.slice(6), 'base64').toString('utf8').split(':').map(decodeURIComponent) : [form.get('client_id'), form.get('client_secret')];
      if (req.url !== '/t/token' || basic[1] !== SECRET) return send(res, 401, { error: 'invalid_client' });
      return send(res, 200, { access_token: TOKENS[Math.min(tokenRequests++, 1)], token_type: 'Bearer', expires_in: 3600 });
    });
    const seen: string[] = [];
    const api = await listen((req, res) => {
      seen.push(req.headers.authorization ?? '');
      if (req.headers.authorization !== `Bearer ${TOKENS[1]}`) return send(res, 401, { error: { code: 'InvalidAuthenticationToken' } });
      // A careless service that echoes the caller's token in a property the example shows.
      send(res, 200, { id: '2a353749-3749-2a35-4937-352a4937352a', catalogId: TOKENS[1], accessPackageId: 'a914b616-e04e-476b-aa37-91038f0b165b' });
    });
    writeFileSync(join(dir, 'docpact.config.json'), JSON.stringify({ accounts: { app: { provider: 'oidc', flow: 'client-credentials', issuer: `${idp.url}/t`, clientId: 'docpact-tests', clientSecretEnv: 'RECORD_TEST_SECRET' } }, defaultAccount: 'app' }));
    try {
      const ran = await captured(() => runRecord(['docs'], { target: `${api.url}/beta`, cwd: dir, env: { RECORD_TEST_SECRET: SECRET }, testNamePattern: 'accesspackageassignment-get' }));
      expect(ran.result).toBe(0);
      expect(seen).toEqual([`Bearer ${TOKENS[0]}`, `Bearer ${TOKENS[1]}`]);
      expect(tokenRequests).toBe(2);
      const page = readFileSync(join(dir, 'docs/api-reference/beta/api/accesspackageassignment-get.md'), 'utf8');
      expect(page).toContain('"catalogId": "redacted-token-');
      for (const secret of [SECRET, ...TOKENS]) {
        expect(page).not.toContain(secret);
        expect(ran.stdout + ran.stderr).not.toContain(secret);
      }
    } finally {
      for (const { server } of [idp, api]) {
        server.closeAllConnections();
        server.close();
      }
    }
  });
});

describe('record redaction', () => {
  it('should give the same fake to the same value across pages, and keep what the page already showed', () => {
    const book = new FakeBook();
    const first = createRecordRedactor({ tenantNames: ['Contoso'] }, ['s3cr3t-token-value'], book);
    const second = createRecordRedactor({ tenantNames: ['Contoso'] }, ['s3cr3t-token-value'], book);
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abcdefgh';
    const live = {
      id: '11111111-2222-3333-4444-555555555555',
      ownerId: 'AAMkAGI2TG93AAA=',
      mail: 'Adele.Vance@contoso.com',
      userPrincipalName: 'AdeleV@contoso.onmicrosoft.com',
      note: 'Contoso Ltd sent s3cr3t-token-value',
      accessToken: jwt,
      shownId: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
    };
    const a = first.value(live, { shownId: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee' }) as Record<string, string>;
    const b = second.value({ again: live.id, mail: live.mail.toUpperCase() }) as Record<string, string>;
    expect(a.id).toBe('00000000-0000-4000-8000-000000000001');
    expect(b.again).toBe(a.id);
    expect(b.mail).toBe(a.mail);
    expect(a.mail).toBe('person1@example.com');
    expect(a.userPrincipalName).toBe('person2@example.com');
    expect(a.ownerId).toBe('redacted-id-1');
    expect(a.note).toBe('tenant1 Ltd sent redacted-token-1');
    expect(a.accessToken).toBe('redacted-token-2');
    expect(a.shownId).toBe(live.shownId);
    // A fake met again is left alone: recording twice changes nothing.
    expect(first.value({ id: a.id, mail: a.mail })).toEqual({ id: a.id, mail: a.mail });
    expect(JSON.stringify(a)).not.toMatch(/contoso|Adele|s3cr3t|eyJ/i);
  });

  it('should leave a kind alone when the config turns it off, and apply extra patterns and properties', () => {
    const redactor = createRecordRedactor({ ids: false, emails: false, patterns: ['ORD-\\d+'], properties: ['displayName'] });
    expect(redactor.value({ id: '11111111-2222-3333-4444-555555555555', mail: 'a@b.example', ref: 'see ORD-42', displayName: 'Adele' })).toEqual({
      id: '11111111-2222-3333-4444-555555555555',
      mail: 'a@b.example',
      ref: 'see redacted-1',
      displayName: 'redacted-2',
    });
    expect(() => createRecordRedactor({ patterns: ['('] })).toThrow(/record\.redact\.patterns: Unexpected "\("/);
  });
});

describe('record layout', () => {
  /** One page, parsed as docpact parses it, whose only example the service answers with `answer`. */
  function recordOne(page: string, answer: { status: number; headers: Record<string, string>; body: unknown }, all = false): string {
    const parsed = safeParse('docs/api/widget-get.md', page);
    const [fixture] = buildContracts([parsed]).fixtures;
    expect(fixture?.response).toBeDefined();
    const outcome = { example: { page: fixture.page, file: fixture.source.file, line: fixture.request.source.line, name: fixture.name, status: 'failed' as const }, diagnostics: [], retries: 0 };
    const decisions = planPage(page, [{ fixture, outcome, response: { status: answer.status, headers: answer.headers, bodyText: answer.body === undefined ? '' : JSON.stringify(answer.body) } }], createRecordRedactor({ ids: false }), { all });
    return applyEdits(page, decisions.flatMap((d) => (d.kind === 'record' ? [d.edit] : [])));
  }
  const request = '<!-- { "blockType": "request", "name": "get_widget" } -->';
  const response = '<!-- { "blockType": "response", "truncated": true } -->';

  it('should keep a fence nested in a list item nested, with its indent on every new line', () => {
    const page = ['# Get widget', '', '1. Request', '', `   ${request}`, '   ```http', '   GET https://graph.microsoft.com/v1.0/widgets/1', '   ```', '', '2. Response', '', `   ${response}`, '   ```http', '   HTTP/1.1 200 OK', '   Content-Type: application/json', '', '   {', '       "id": "1",', '       "size": 2', '   }', '   ```', ''].join('\n');
    const out = recordOne(page, { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: { size: 3, id: '1', extra: true } });
    // Four-space indent as the page had it, the page's key order, `extra` cut (truncated), Content-Type kept as written.
    expect(out).toBe(page.replace('"size": 2', '"size": 3'));
  });

  it('should keep CRLF line ends and rewrite headers-only blocks up to their last header', () => {
    const page = ['# Delete widget', '', request.replace('get_widget', 'delete_widget'), '```http', 'DELETE https://graph.microsoft.com/v1.0/widgets/1', '```', '', '<!-- { "blockType": "response" } -->', '```http', 'HTTP/1.1 202 Accepted', 'Location: https://graph.microsoft.com/v1.0/operations/1', '```', ''].join('\r\n');
    const out = recordOne(page, { status: 204, headers: { location: 'https://graph.microsoft.com/v1.0/operations/2' }, body: undefined });
    expect(out).toBe(page.replace('HTTP/1.1 202 Accepted\r\nLocation: https://graph.microsoft.com/v1.0/operations/1', 'HTTP/1.1 204 No Content\r\nLocation: https://graph.microsoft.com/v1.0/operations/2'));
  });

  it('should leave a page alone whose text no longer matches the fixture\'s ranges', () => {
    const page = ['# Get widget', '', request, '```http', 'GET https://graph.microsoft.com/v1.0/widgets/1', '```', '', response, '```http', 'HTTP/1.1 200 OK', '', '{ "id": "1" }', '```', ''].join('\n');
    const [fixture] = buildContracts([safeParse('docs/api/widget-get.md', page)]).fixtures;
    const edited = page.replace('# Get widget', '# Get a widget, edited meanwhile');
    const outcome = { example: { page: fixture.page, file: fixture.source.file, line: 1, name: fixture.name, status: 'failed' as const }, diagnostics: [], retries: 0 };
    const [decision] = planPage(edited, [{ fixture, outcome, response: { status: 200, headers: {}, bodyText: '{"id":"2"}' } }], createRecordRedactor());
    expect(decision).toEqual(expect.objectContaining({ kind: 'keep', reason: expect.stringContaining('the page changed since it was read') }));
  });

  it('should cut a truncated answer to what the page showed and keep the page key order', () => {
    const shown = { value: [{ id: 'x', name: 'n' }], '@odata.context': 'c' };
    const live = { '@odata.context': 'c2', value: [{ extra: 1, name: 'm', id: 'y' }, { id: 'z', name: 'o' }], '@odata.nextLink': 'l' };
    const cut = truncateLike(live, shown);
    expect(cut).toEqual({ value: [{ id: 'y', name: 'm' }], '@odata.context': 'c2' });
    expect(JSON.stringify(orderLike({ b: 1, a: 2, c: 3 }, { a: 0, b: 0 }))).toBe('{"a":2,"b":1,"c":3}');
  });
});
