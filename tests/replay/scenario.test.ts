/**
 * Scenarios against a stateful service on 127.0.0.1 whose GET needs an entity that exists: the scenario creates it,
 * captures its id, replays the page's GET on it and deletes it — and the service ends with no entity left when the
 * example passes, when it fails, when the time budget runs out and when the run gets SIGINT halfway.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { buildContracts } from '../../contracts/index.js';
import type { Fixture } from '../../contracts/types.js';
import { loadPages } from '../../extractor/index.js';
import { tokenSource } from '../../replay/auth.js';
import { describePacing } from '../../replay/pacing.js';
import { parseScenarios, ScenarioError } from '../../replay/scenario.js';
import { replayScenarios } from '../../replay/scenario-run.js';
import type { ReplayContracts } from '../../replay/types.js';
import { ROOT } from '../helpers/paths.js';

const COLLECTION = '/beta/identitygovernance/entitlementmanagement/accesspackageassignments';
const GET_PAGE = 'docs/api-reference/beta/api/accesspackageassignment-get.md';
const DOCUMENTED_ID = '2a353749-3749-2a35-4937-352a4937352a';

type Mode = 'ok' | 'drift' | 'hang' | 'throttle';

interface Service {
  readonly url: string;
  /** Every request as `METHOD /path`. */
  readonly log: string[];
  /** Every request's Authorization header. */
  readonly auths: string[];
  /** Every request's X-Docpact-Run header and body. */
  readonly sent: { run?: string; body: string }[];
  readonly entities: Map<string, Record<string, unknown>>;
  /** Resolves when the first GET of an item arrives. */
  readonly getArrived: Promise<void>;
  close(): Promise<void>;
}

const services: Service[] = [];
let contracts: ReplayContracts & { fixtures: Fixture[] };
let getFixture: Fixture;
let dir: string;

/** A service that keeps assignments: POST creates one with a fresh id, GET reads it (404 when absent), DELETE removes it. */
async function startService(mode: Mode): Promise<Service> {
  const log: string[] = [];
  const auths: string[] = [];
  const sent: { run?: string; body: string }[] = [];
  const entities = new Map<string, Record<string, unknown>>();
  let arrived!: () => void;
  const getArrived = new Promise<void>((resolve) => (arrived = resolve));
  let next = 0;
  let throttled = false;
  const documented = getFixture.response!.body as Record<string, unknown>;
  const handle = (req: IncomingMessage, res: ServerResponse, body: string): void => {
    const method = req.method ?? 'GET';
    const path = (req.url ?? '/').split('?')[0];
    log.push(`${method} ${path}`);
    auths.push(req.headers.authorization ?? '');
    sent.push({ ...(typeof req.headers['x-docpact-run'] === 'string' ? { run: req.headers['x-docpact-run'] } : {}), body });
    const send = (status: number, value?: unknown, headers: Record<string, string> = {}): void => {
      res.writeHead(status, value === undefined ? headers : { 'content-type': 'application/json', ...headers });
      res.end(value === undefined ? undefined : JSON.stringify(value));
    };
    const lower = path.toLowerCase();
    if (lower === COLLECTION && method === 'POST') {
      const id = `00000000-0000-4000-8000-${String(++next).padStart(12, '0')}`;
      const entity = { ...documented, ...(JSON.parse(body || '{}') as object), id };
      entities.set(id, entity);
      return send(201, entity);
    }
    if (lower.startsWith(`${COLLECTION}/`)) {
      const id = decodeURIComponent(path.slice(COLLECTION.length + 1));
      if (method === 'DELETE') return entities.delete(id) ? send(204) : send(404, { error: { code: 'NotFound' } });
      if (method === 'GET') {
        arrived();
        if (mode === 'hang') return; // answered never: the test interrupts the run meanwhile
        if (mode === 'throttle' && !throttled) {
          throttled = true;
          return send(429, { error: { code: 'TooManyRequests' } }, { 'retry-after': new Date(Date.now() + 1500).toUTCString() });
        }
        const entity = entities.get(id);
        if (!entity) return send(404, { error: { code: 'NotFound' } });
        return send(200, mode === 'drift' ? { ...entity, isExtended: 'false' } : entity);
      }
    }
    return send(404, { error: { code: 'NotFound' } });
  };
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => handle(req, res, body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const service: Service = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    log,
    auths,
    sent,
    entities,
    getArrived,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  services.push(service);
  return service;
}

const SCENARIO = `# the GET needs an assignment that exists
scenarios:
  - page: "**/accesspackageassignment-get.md"
    example: get_accesspackageassignment
    setup:
      - name: create the assignment
        method: POST
        path: /identityGovernance/entitlementManagement/accessPackageAssignments
        headers:
          X-Docpact-Run: "run {{run}}"
        body:
          accessPackageId: a914b616-e04e-476b-aa37-91038f0b165b
          targetId: "docpact-{{run}}"
        capture:
          assignmentId: /id
    replace:
      ${DOCUMENTED_ID}: "{{assignmentId}}"
    teardown:
      - name: delete the assignment
        method: DELETE
        path: /identityGovernance/entitlementManagement/accessPackageAssignments/{{assignmentId}}
`;

beforeAll(async () => {
  // The resource page gives the GET's response its schema (so a drifted type is a finding).
  const loaded = await loadPages([GET_PAGE, 'docs/api-reference/beta/resources/accesspackageassignment.md']);
  const all = buildContracts(loaded.pages);
  contracts = { schemas: all.schemas, fixtures: all.fixtures.filter((f) => f.source.file === GET_PAGE) };
  getFixture = contracts.fixtures.find((f) => f.name === 'get_accesspackageassignment')!;
  dir = mkdtempSync(join(tmpdir(), 'docpact-scenario-'));
});
afterAll(async () => {
  await Promise.all(services.map((s) => s.close()));
  rmSync(dir, { recursive: true, force: true });
});

const run = async (service: Service, scenarioText: string | undefined, extra: Parameters<typeof replayScenarios>[1] = {}) =>
  replayScenarios(contracts, {
    target: { kind: 'live', baseUrl: `${service.url}/beta` },
    allowWrites: true,
    timeoutMs: 60_000,
    ...(scenarioText !== undefined ? { scenarios: await parseScenarios(scenarioText, 'scenarios.yaml') } : {}),
    ...extra,
  });

describe('scenarios against a stateful service', () => {
  it('should fail the GET without a scenario, since the documented id does not exist there', async () => {
    const service = await startService('ok');
    const result = await run(service, undefined);
    expect(result.examples).toEqual([expect.objectContaining({ status: 'failed' })]);
    expect(result.diagnostics.map((d) => d.ruleId)).toContain('replay/status');
    expect(service.log).toEqual([`GET ${COLLECTION.replace('identitygovernance/entitlementmanagement/accesspackageassignments', 'identityGovernance/entitlementManagement/accessPackageAssignments')}/${DOCUMENTED_ID}`]);
  });

  it('should create the entity, GET the captured id, delete it, and leave no entity', async () => {
    const service = await startService('ok');
    const result = await run(service, SCENARIO);
    expect(result.examples).toEqual([expect.objectContaining({ status: 'passed' })]);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const created = '00000000-0000-4000-8000-000000000001';
    expect(service.log.map((l) => l.toLowerCase())).toEqual([`post ${COLLECTION}`, `get ${COLLECTION}/${created}`, `delete ${COLLECTION}/${created}`]);
    // {{run}} filled in a header and in the body, the same value in both.
    const runId = /^run ([a-z0-9]+)$/.exec(service.sent[0].run ?? '')?.[1];
    expect(runId).toBeDefined();
    expect(JSON.parse(service.sent[0].body)).toEqual({ accessPackageId: 'a914b616-e04e-476b-aa37-91038f0b165b', targetId: `docpact-${runId}` });
    expect(service.entities.size).toBe(0);
  });

  it('should run a page-level scenario (no example named) once around the page, every request with the run\'s token', async () => {
    const service = await startService('ok');
    const result = await run(service, SCENARIO.replace('    example: get_accesspackageassignment\n', ''), { token: 'run-token-1234' });
    expect(service.auths).toEqual(Array(3).fill('Bearer run-token-1234'));
    expect(result.examples).toEqual([expect.objectContaining({ status: 'passed' })]);
    expect(service.log.map((l) => l.split(' ')[0])).toEqual(['POST', 'GET', 'DELETE']);
    expect(service.entities.size).toBe(0);
  });

  it('should run the teardown when the example fails', async () => {
    const service = await startService('drift');
    const result = await run(service, SCENARIO);
    expect(result.examples).toEqual([expect.objectContaining({ status: 'failed' })]);
    expect(result.diagnostics).toEqual(expect.arrayContaining([expect.objectContaining({ ruleId: 'replay/type', pointer: '/isExtended' })]));
    expect(service.log.at(-1)).toMatch(/^DELETE /);
    expect(service.entities.size).toBe(0);
  });

  it('should run the teardown when the time budget runs out halfway', async () => {
    const service = await startService('hang');
    // The GET is never answered: only the budget ends the run.
    const result = await run(service, SCENARIO, { budgetMs: 300 });
    expect(result.budgetExpired).toBe(true);
    expect(result.examples).toEqual([expect.objectContaining({ status: 'skipped', reason: expect.stringContaining('time budget') })]);
    expect(describePacing(result.pacing)).toContain('time budget ran out: 1 example not replayed');
    expect(service.log.map((l) => l.split(' ')[0])).toEqual(['POST', 'GET', 'DELETE']);
    expect(service.entities.size).toBe(0);
  });

  it('should report a set-up step that cannot capture at its line in the scenario file, and not replay the example', async () => {
    const service = await startService('ok');
    const text = SCENARIO.replace('assignmentId: /id', 'assignmentId: /nope');
    const result = await run(service, text);
    expect(result.examples).toEqual([expect.objectContaining({ status: 'failed' })]);
    expect(result.diagnostics.map((d) => d.ruleId)).toEqual(['replay/setup-failed', 'replay/teardown-failed']);
    const [finding, teardown] = result.diagnostics;
    expect(teardown.message).toContain('{{assignmentId}} has no value');
    expect(finding).toMatchObject({ ruleId: 'replay/setup-failed', file: 'scenarios.yaml', url: 'replay/RULES.md#setup-failed' });
    expect(text.split('\n')[finding.range.start.line - 1]).toContain('- name: create the assignment');
    expect(finding.message).toContain('/nope');
    // The capture failed, so the created id is unknown: the teardown step cannot be sent and says so.
    expect(service.log.filter((l) => l.startsWith('GET'))).toEqual([]);
  });

  it('should never send a step whose path, once its variables are filled, climbs out of the target\'s base path', async () => {
    const service = await startService('ok');
    const text = `vars:\n  up: ".."\nscenarios:\n  - page: beta/accesspackageassignment-get\n    setup:\n      - method: GET\n        path: /{{up}}/{{up}}/elsewhere\n`;
    const result = await run(service, text);
    expect(result.examples).toEqual([expect.objectContaining({ status: 'failed' })]);
    expect(result.diagnostics).toEqual([expect.objectContaining({ ruleId: 'replay/setup-failed', message: expect.stringContaining("leaves the target's base path") })]);
    expect(service.log).toEqual([]);
  });

  it('should send no write to a live target without allowWrites, and skip the example with the reason', async () => {
    const service = await startService('ok');
    const result = await run(service, SCENARIO, { allowWrites: false });
    expect(result.examples).toEqual([expect.objectContaining({ status: 'skipped', reason: expect.stringContaining('--allow-writes') })]);
    expect(service.log).toEqual([]);
  });

  it('should skip an example the scenario skips, and expect the status it names', async () => {
    const service = await startService('ok');
    const skipping = await run(service, `scenarios:\n  - page: beta/accesspackageassignment-get\n    skip: needs a tenant with entitlement management\n`);
    expect(skipping.examples).toEqual([expect.objectContaining({ status: 'skipped', reason: expect.stringContaining('needs a tenant with entitlement management') })]);
    // The documented id does not exist: a 404 on purpose passes, and the same run without expectStatus fails.
    const expecting = await run(service, `scenarios:\n  - page: beta/accesspackageassignment-get\n    expectStatus: 404\n`);
    expect(expecting.examples).toEqual([expect.objectContaining({ status: 'passed' })]);
    expect(service.log.filter((l) => l.startsWith('GET'))).toHaveLength(1);
  });

  it('should honour a Retry-After HTTP date and count the throttled answer in the summary', async () => {
    const service = await startService('throttle');
    // The retry itself waits no time (maxRetryDelayMs 0): only the pacer's host pause can hold it until the date.
    const result = await run(service, SCENARIO, { retries: 1, backoffMs: 600_000, maxRetryDelayMs: 0 });
    expect(result.examples).toEqual([expect.objectContaining({ status: 'passed' })]);
    const [host] = result.pacing.hosts;
    expect(host.throttled).toEqual({ 429: 1 });
    expect(host.pauseWaits).toBeGreaterThanOrEqual(1);
    expect(describePacing(result.pacing)[0]).toMatch(/throttled 1×429; 1 held \d+\.\d s by Retry-After/);
    expect(service.entities.size).toBe(0);
  });
});

describe('several named accounts', () => {
  it('should send the set-up, the example and the teardown as the account the scenario names, others as the default', async () => {
    const fixed = (token: string) => tokenSource(token, async () => ({ accessToken: token }), () => {});
    const accounts = new Map([['reader', fixed('reader-token')], ['admin', fixed('admin-token')]]);
    const service = await startService('ok');
    const asAdmin = await run(service, SCENARIO.replace('    example: get_accesspackageassignment\n', '    example: get_accesspackageassignment\n    account: admin\n'), { accounts, defaultAccount: 'reader' });
    expect(asAdmin.examples).toEqual([expect.objectContaining({ status: 'passed' })]);
    expect(service.auths).toEqual(['Bearer admin-token', 'Bearer admin-token', 'Bearer admin-token']);
    const asDefault = await run(service, SCENARIO, { accounts, defaultAccount: 'reader' });
    expect(asDefault.examples).toEqual([expect.objectContaining({ status: 'passed' })]);
    expect(service.auths.slice(3)).toEqual(['Bearer reader-token', 'Bearer reader-token', 'Bearer reader-token']);
    expect(service.entities.size).toBe(0);
  });
});

describe('docpact replay --scenarios (the CLI)', () => {
  it('should run the teardown when the run gets SIGINT halfway, and exit 130', async () => {
    const service = await startService('hang');
    const file = join(dir, 'scenarios.yaml');
    writeFileSync(file, SCENARIO);
    const output = join(dir, 'report.json');
    const child = spawn(process.execPath, ['bin/docpact.js', 'replay', GET_PAGE, '--target', `${service.url}/beta`, '--allow-writes', '--scenarios', file, '--format', 'json', '--output', output], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1' },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    await service.getArrived;
    expect(service.entities.size).toBe(1);
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toContain('running teardown');
    expect(service.log.at(-1)).toMatch(/^DELETE /);
    expect(service.entities.size).toBe(0);
    const report = JSON.parse(readFileSync(output, 'utf8')) as { examples: { status: string; reason?: string }[] };
    expect(report.examples).toEqual([expect.objectContaining({ status: 'skipped', reason: expect.stringContaining('interrupted') })]);
  });

  it('should refuse a scenario file that does not match the schema, naming each problem at its line and column', async () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'scenarios:\n  - page: x\n    setup:\n      - method: FETCH\n        path: https://elsewhere.example/x\n    teardwn: []\n');
    const child = spawn(process.execPath, ['bin/docpact.js', 'replay', GET_PAGE, '--target', 'http://127.0.0.1:9/beta', '--scenarios', file], { cwd: ROOT });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    expect(await new Promise((resolve) => child.on('close', resolve))).toBe(2);
    expect(stderr).toContain(':4:17: Unexpected "FETCH" at /scenarios/0/setup/0/method, expected one of "GET"');
    expect(stderr).toContain(':5:15: Unexpected "https://elsewhere.example/x" at /scenarios/0/setup/0/path, expected a path starting with /');
    expect(stderr).toContain(':6:5: Unexpected key "teardwn" at /scenarios/0');

    // An account the config does not have, at the entry's line.
    writeFileSync(file, 'scenarios:\n  - page: x\n  - page: y\n    account: nobody\n');
    const second = spawn(process.execPath, ['bin/docpact.js', 'replay', GET_PAGE, '--target', 'http://127.0.0.1:9/beta', '--scenarios', file], { cwd: ROOT });
    let err = '';
    second.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
    expect(await new Promise((resolve) => second.on('close', resolve))).toBe(2);
    expect(err).toContain('bad.yaml:3:5: Unexpected account "nobody", expected one of the config\'s accounts (none configured)');
  });
});

describe('parseScenarios', () => {
  it('should read JSON as well as YAML, with positions', async () => {
    const parsed = await parseScenarios('{\n  "scenarios": [\n    { "page": "a", "skip": "no" }\n  ]\n}\n', 's.json');
    expect(parsed.entries[0]).toMatchObject({ page: 'a', skip: 'no', at: { line: 3, column: 5 } });
    await expect(parseScenarios('{ "scenarios": [ { "page": 1 } ] }', 's.json')).rejects.toThrow(ScenarioError);
    await expect(parseScenarios('scenarios: [\n', 's.yaml')).rejects.toThrow(/s\.yaml:\d+:\d+: /);
  });
});
