/**
 * Sign-in: `docpact replay` signs in with OAuth 2.0 client credentials against a token endpoint on 127.0.0.1 (the
 * OpenID Connect library pointed at it by the config's issuer), replays with the token, gets a 401 once, signs in
 * again and resends; the client secret and both tokens appear in no output, report or file the run leaves.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createServer as createHttpsServer } from 'node:https';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createAccounts, tokenSource } from '../../replay/auth.js';
import { ROOT } from '../helpers/paths.js';

const GET_PAGE = 'docs/api-reference/beta/api/accesspackageassignment-get.md';
const SECRET = 'client-secret-7f3a9c2e1b';
const TOKENS = ['access-token-one-5d8e2f', 'access-token-two-9c4b1a'];

interface Listening {
  readonly url: string;
  readonly server: Server;
}

async function listen(handler: (req: IncomingMessage, res: ServerResponse, body: string) => void): Promise<Listening> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => handler(req, res, body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

const json = (res: ServerResponse, status: number, value: unknown): void => {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(value));
};

let dir: string;
const servers: Server[] = [];
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'docpact-signin-'));
});
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise<void>((resolve) => {
    s.closeAllConnections();
    s.close(() => resolve());
  })));
  rmSync(dir, { recursive: true, force: true });
});

describe('docpact replay with a client-credentials account (openid-client against 127.0.0.1)', () => {
  it('should sign in, replay with the token, sign in again after a 401, and leak neither secret nor token', async () => {
    const tokenRequests: URLSearchParams[] = [];
    const idp = await listen((req, res, body) => {
      const issuer = `${idp.url}/tenant`;
      if (req.method === 'GET' && req.url === '/tenant/.well-known/openid-configuration') {
        return json(res, 200, { issuer, token_endpoint: `${issuer}/oauth2/token`, token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'] });
      }
      if (req.method === 'POST' && req.url === '/tenant/oauth2/token') {
        const form = new URLSearchParams(body);
        tokenRequests.push(form);
        const basic = req.headers.authorization?.startsWith('Basic ') ? Buffer.from(req.headers.authorization.slice(6), 'base64').toString('utf8') : '';
        const [id, secret] = basic ? basic.split(':').map(decodeURIComponent) : [form.get('client_id'), form.get('client_secret')];
        if (id !== 'docpact-tests' || secret !== SECRET || form.get('grant_type') !== 'client_credentials') return json(res, 401, { error: 'invalid_client' });
        const token = TOKENS[Math.min(tokenRequests.length - 1, 1)];
        return json(res, 200, { access_token: token, token_type: 'Bearer', expires_in: 3600 });
      }
      return json(res, 404, { error: 'not_found' });
    });
    servers.push(idp.server);

    const documented = JSON.parse(readFileSync(join(ROOT, GET_PAGE), 'utf8').split('HTTP/1.1 200 OK\nContent-Type: application/json\n\n')[1].split('\n```')[0]) as Record<string, unknown>;
    const authorizations: string[] = [];
    const api = await listen((req, res) => {
      authorizations.push(req.headers.authorization ?? '');
      // The first token is "revoked": 401 once, as a service does after a key roll-over.
      if (req.headers.authorization !== `Bearer ${TOKENS[1]}`) return json(res, 401, { error: { code: 'InvalidAuthenticationToken', message: `token ${req.headers.authorization ?? ''} expired` } });
      // A careless service that echoes the bare token into a value the report quotes: only knowing the token redacts it.
      return json(res, 200, { ...documented, assignmentStatus: req.headers.authorization.slice('Bearer '.length) });
    });
    servers.push(api.server);

    const config = join(dir, 'docpact.config.json');
    writeFileSync(config, JSON.stringify({
      accounts: { app: { provider: 'oidc', flow: 'client-credentials', issuer: `${idp.url}/tenant`, clientId: 'docpact-tests', clientSecretEnv: 'DOCPACT_TEST_CLIENT_SECRET', scopes: ['api://docpact/.default'] } },
      defaultAccount: 'app',
    }));
    const reports = join(dir, 'reports');
    const args = ['bin/docpact.js', 'replay', GET_PAGE, '--config', config, '--target', `${api.url}/beta`, '--format', 'json', '--output', join(reports, 'r.json'), '--format', 'sarif', '--output', join(reports, 'r.sarif'), '--format', 'junit', '--output', join(reports, 'r.xml'), '--format', 'stylish'];
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, DOCPACT_TEST_CLIENT_SECRET: SECRET, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));

    expect(tokenRequests.map((f) => [f.get('grant_type'), f.get('scope')])).toEqual([
      ['client_credentials', 'api://docpact/.default'],
      ['client_credentials', 'api://docpact/.default'],
    ]);
    expect(authorizations).toEqual([`Bearer ${TOKENS[0]}`, `Bearer ${TOKENS[1]}`]);
    expect(stderr).toContain('account app: 2 token requests (0 on expiry, 1 after a 401)');
    const report = JSON.parse(readFileSync(join(reports, 'r.json'), 'utf8')) as { examples: { status: string }[]; diagnostics: unknown[] };
    expect(report.examples).toHaveLength(1);
    expect(report.examples).toEqual([expect.objectContaining({ status: 'passed' })]);
    // The echoed credential is quoted by the (info) finding only as [REDACTED].
    expect(report.diagnostics).toEqual([expect.objectContaining({ ruleId: 'replay/value-differs', pointer: '/assignmentStatus', actual: '"[REDACTED]"' })]);
    expect(code).toBe(0);

    const everything = [stdout, stderr, ...readdirSync(reports).map((n) => readFileSync(join(reports, n), 'utf8'))].join('\n');
    for (const secret of [SECRET, ...TOKENS]) expect(everything).not.toContain(secret);
  });

  it('should refuse a run whose account secret is not in the environment, naming the variable (exit 2), and send nothing', async () => {
    const config = join(dir, 'missing.config.json');
    writeFileSync(config, JSON.stringify({ accounts: { app: { provider: 'oidc', flow: 'client-credentials', issuer: 'http://127.0.0.1:9/t', clientId: 'x', clientSecretEnv: 'DOCPACT_TEST_UNSET_SECRET' } } }));
    const env = { ...process.env };
    delete env.DOCPACT_TEST_UNSET_SECRET;
    const child = spawn(process.execPath, ['bin/docpact.js', 'replay', GET_PAGE, '--config', config, '--target', 'http://127.0.0.1:9/beta'], { cwd: ROOT, env });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    expect(await new Promise((resolve) => child.on('close', resolve))).toBe(2);
    expect(stderr).toContain('the environment variable DOCPACT_TEST_UNSET_SECRET (its client secret) is not set');
  });
});

describe('docpact replay with an Entra ID account (@azure/msal-node against 127.0.0.1 over HTTPS)', () => {
  it('should sign in through MSAL, resend after a 401 with a new token, and leak neither secret nor token', async () => {
    // MSAL refuses an http authority: a self-signed certificate for 127.0.0.1, trusted by the child through NODE_EXTRA_CA_CERTS.
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
    const msalTokens = ['msal-access-one-3e7d', 'msal-access-two-8a2c'];
    const idpRequests: string[] = [];
    const idp = createHttpsServer({ key: readFileSync(key), cert: readFileSync(cert) }, (req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        const base = `https://127.0.0.1:${(idp.address() as AddressInfo).port}/contoso`;
        idpRequests.push(`${req.method} ${(req.url ?? '').split('?')[0]}`);
        if ((req.url ?? '').startsWith('/contoso/v2.0/.well-known/openid-configuration')) {
          return json(res, 200, { issuer: base, token_endpoint: `${base}/oauth2/v2.0/token`, authorization_endpoint: `${base}/oauth2/v2.0/authorize`, jwks_uri: `${base}/keys`, end_session_endpoint: `${base}/logout` });
        }
        const form = new URLSearchParams(body);
        if ((req.url ?? '').startsWith('/contoso/oauth2/v2.0/token') && form.get('client_secret') === SECRET) {
          const token = msalTokens[Math.min(idpRequests.filter((r) => r.startsWith('POST')).length - 1, 1)];
          return json(res, 200, { access_token: token, token_type: 'Bearer', expires_in: 3600 });
        }
        return json(res, 401, { error: 'invalid_client' });
      });
    });
    await new Promise<void>((resolve) => idp.listen(0, '127.0.0.1', resolve));
    servers.push(idp);
    const authorizations: string[] = [];
    const api = await listen((req, res) => {
      authorizations.push(req.headers.authorization ?? '');
      if (req.headers.authorization !== `Bearer ${msalTokens[1]}`) return json(res, 401, { error: { code: 'InvalidAuthenticationToken' } });
      return json(res, 200, { id: '2a353749-3749-2a35-4937-352a4937352a' });
    });
    servers.push(api.server);
    const config = join(dir, 'entra.config.json');
    writeFileSync(config, JSON.stringify({
      accounts: { graph: { provider: 'entra', flow: 'client-credentials', authority: `https://127.0.0.1:${(idp.address() as AddressInfo).port}/contoso`, clientId: 'docpact-tests', clientSecretEnv: 'DOCPACT_TEST_ENTRA_SECRET' } },
      defaultAccount: 'graph',
    }));
    const output = join(dir, 'entra.json');
    const child = spawn(process.execPath, ['bin/docpact.js', 'replay', GET_PAGE, '--config', config, '--target', `${api.url}/beta`, '--format', 'json', '--output', output, '--format', 'stylish'], {
      cwd: ROOT,
      env: { ...process.env, DOCPACT_TEST_ENTRA_SECRET: SECRET, NODE_EXTRA_CA_CERTS: cert, NO_COLOR: '1' },
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    await new Promise((resolve) => child.on('close', resolve));
    expect(idpRequests).toEqual(['GET /contoso/v2.0/.well-known/openid-configuration', 'POST /contoso/oauth2/v2.0/token', 'POST /contoso/oauth2/v2.0/token']);
    expect(authorizations).toEqual(msalTokens.map((t) => `Bearer ${t}`));
    expect(out).toContain('account graph: 2 token requests (0 on expiry, 1 after a 401)');
    const everything = `${out}\n${readFileSync(output, 'utf8')}`;
    for (const secret of [SECRET, ...msalTokens]) expect(everything).not.toContain(secret);
  });
});

describe('the refresh-token flow (openid-client)', () => {
  it('should trade the refresh token from the environment for an access token and keep the rotated one secret', async () => {
    const grants: string[] = [];
    const idp = await listen((req, res, body) => {
      const issuer = `${idp.url}/t`;
      if (req.url === '/t/.well-known/openid-configuration') return json(res, 200, { issuer, token_endpoint: `${issuer}/token` });
      const form = new URLSearchParams(body);
      grants.push(`${form.get('grant_type')} ${form.get('refresh_token')}`);
      return json(res, 200, { access_token: `access-${grants.length}`, refresh_token: `rotated-refresh-${grants.length}`, token_type: 'Bearer', expires_in: 3600 });
    });
    servers.push(idp.server);
    const secrets: string[] = [];
    const accounts = createAccounts({ me: { provider: 'oidc', flow: 'refresh-token', issuer: `${idp.url}/t`, clientId: 'public-client', refreshTokenEnv: 'RT' } }, { RT: 'first-refresh-token' }, (s) => secrets.push(s));
    const me = accounts.get('me')!;
    expect(await me.token()).toBe('access-1');
    expect(await me.refresh('access-1')).toBe('access-2');
    expect(grants).toEqual(['refresh_token first-refresh-token', 'refresh_token rotated-refresh-1']);
    expect(secrets).toEqual(['first-refresh-token', 'rotated-refresh-1', 'access-1', 'rotated-refresh-2', 'access-2']);
  });
});

describe('tokenSource', () => {
  it('should cache the token, fetch again shortly before expiry and once per 401 however many requests saw it', async () => {
    let now = 1_000_000;
    let n = 0;
    const secrets: string[] = [];
    const source = tokenSource('a', async () => ({ accessToken: `tok-${++n}`, expiresAt: now + 120_000 }), (s) => secrets.push(s), () => now);
    expect(await source.token()).toBe('tok-1');
    expect(await source.token()).toBe('tok-1');
    now += 61_000; // within a minute of expiry
    expect(await source.token()).toBe('tok-2');
    // Two requests answered 401 with tok-2: one new token, shared.
    const [a, b] = await Promise.all([source.refresh('tok-2'), source.refresh('tok-2')]);
    expect([a, b]).toEqual(['tok-3', 'tok-3']);
    // A late 401 for an old token does not fetch again.
    expect(await source.refresh('tok-2')).toBe('tok-3');
    expect(source.stats).toEqual({ signIns: 3, expiryRefreshes: 1, unauthorizedRefreshes: 1 });
    expect(secrets).toEqual(['tok-1', 'tok-2', 'tok-3']);
  });
});
