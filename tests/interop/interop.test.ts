/**
 * Other tools run what `docpact openapi` exports (issue 12 item 6), as they come from the npm registry, installed in
 * a scratch folder (peers.ts), never into docpact's dependencies:
 * - Dredd runs every operation of the export over docs/ against docpact's mock with no description error;
 * - Prism mocks the same export and `docpact replay --target <prism>` gets the answers replay gets from docpact's
 *   own mock (and passes outright on a copy of docs/ whose seeded request-body placeholders are corrected);
 * - `spectral lint` with the `oas` ruleset reports no error on the export of docs/ and of the corpus.
 * Side by side in this run it measures Dredd's and docpact replay's time for the same operations, and Prism's and
 * docpact mock's requests per second (autocannon); the figures are printed and written to
 * `<tmpdir>/docpact-interop-figures.json`. No assertion is about speed.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { buildContracts } from '../../contracts/index.js';
import { loadPages } from '../../extractor/load.js';
import { buildOpenApi } from '../../openapi/index.js';
import { runReplay } from '../../cli/run-replay.js';
import { startMockServer, type MockServer } from '../../replay/targets/mock.js';
import { corpusLoad } from '../helpers/corpus.js';
import { HAS_CORPUS, ROOT } from '../helpers/paths.js';
import { ensurePeers, peerBin } from './peers.js';

const work = mkdtempSync(join(tmpdir(), 'docpact-interop-'));
const figures: Record<string, unknown> = {};
let peers: string;

/** A bound for a hang (a first install downloads the peers), not a speed assertion. */
const HANG = 900_000;

interface Ran {
  readonly code: number | null;
  readonly out: string;
  readonly ms: number;
}

/** Runs a command to its end; resolves with its exit code, stdout+stderr and wall time. */
function run(command: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Ran> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], { cwd: options.cwd ?? work, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...options.env } });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, ms: performance.now() - started }));
  });
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Prism serving `spec` on 127.0.0.1; resolves once it says it listens. */
async function startPrism(spec: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const child = spawn(peerBin(peers, 'prism'), ['mock', spec, '-h', '127.0.0.1', '-p', String(port)], { cwd: work, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
  let log = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (c: Buffer): void => {
      log += c.toString();
      if (log.includes('Prism is listening')) resolve();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('close', (code) => reject(new Error(`prism ended (${code}) before listening:\n${log}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('close', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Exports `docsDir` (relative to `cwd`) with docpact's own command; returns the document's path and object. */
async function exportOpenApi(cwd: string, name: string): Promise<{ path: string; document: { paths: Record<string, Record<string, unknown>> } }> {
  const path = join(work, `${name}.openapi.json`);
  const ran = await run(process.execPath, [join(ROOT, 'bin/docpact.js'), 'openapi', 'docs', '--out', path, '--quiet'], { cwd });
  expect(ran.code).toBe(0);
  return { path, document: JSON.parse(readFileSync(path, 'utf8')) as { paths: Record<string, Record<string, unknown>> } };
}

function operationsOf(document: { paths: Record<string, Record<string, unknown>> }): string[] {
  return Object.entries(document.paths).flatMap(([path, item]) => Object.keys(item).filter((k) => ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'].includes(k)).map((m) => `${m.toUpperCase()} ${path}`));
}

/** `spectral lint` with the `oas` ruleset; the results as JSON. */
async function spectral(spec: string): Promise<{ code: string; severity: number; message: string; path: string[] }[]> {
  const ruleset = join(work, '.spectral.yaml');
  writeFileSync(ruleset, 'extends: ["spectral:oas"]\n');
  const output = join(work, `spectral-${Math.random().toString(36).slice(2)}.json`);
  const ran = await run(peerBin(peers, 'spectral'), ['lint', spec, '--ruleset', ruleset, '--format', 'json', '--output', output, '--fail-severity', 'error']);
  try {
    return JSON.parse(readFileSync(output, 'utf8')) as { code: string; severity: number; message: string; path: string[] }[];
  } catch {
    throw new Error(`spectral wrote no report (exit ${ran.code}):\n${ran.out}`);
  }
}

/** Replays docs/ under `cwd` against `url` in-process; the per-example statuses and the findings. */
async function replayAgainst(cwd: string, url: string): Promise<{ code: number; examples: Record<string, string>; findings: string[] }> {
  const output = join(work, `replay-${Math.random().toString(36).slice(2)}.json`);
  const err = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  const out = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    const code = await runReplay(['docs'], { target: url, allowWrites: true, jest: false, cwd, quiet: true, env: { DOCPACT_TOKEN: 'interop-test-token' }, outputs: [{ format: 'json', output }] });
    const report = JSON.parse(readFileSync(output, 'utf8')) as { examples: { name: string; status: string }[]; diagnostics: { ruleId: string; severity: string; file: string }[] };
    return {
      code,
      examples: Object.fromEntries(report.examples.map((e) => [e.name, e.status])),
      findings: report.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.file.split('/').pop()} ${d.ruleId}`),
    };
  } finally {
    err.mockRestore();
    out.mockRestore();
  }
}

/** autocannon for `seconds` against one URL; requests per second (mean). */
async function rps(url: string, seconds: number): Promise<number> {
  const ran = await run(peerBin(peers, 'autocannon'), ['-j', '-c', '10', '-d', String(seconds), '-H', 'Authorization=Bearer interop-test-token', url]);
  const json = ran.out.slice(ran.out.indexOf('{'));
  const result = JSON.parse(json) as { requests: { average: number }; non2xx: number; errors: number };
  expect(result.non2xx).toBe(0);
  expect(result.errors).toBe(0);
  return result.requests.average;
}

beforeAll(async () => {
  peers = await ensurePeers();
}, HANG);

afterAll(() => {
  const file = join(tmpdir(), 'docpact-interop-figures.json');
  writeFileSync(file, `${JSON.stringify(figures, null, 2)}\n`);
  process.stdout.write(`interop figures (${file}):\n${JSON.stringify(figures, null, 2)}\n`);
  rmSync(work, { recursive: true, force: true });
});

describe('the OpenAPI export of docs/ run by other tools', () => {
  let exported: Awaited<ReturnType<typeof exportOpenApi>>;
  let mock: MockServer;

  beforeAll(async () => {
    exported = await exportOpenApi(ROOT, 'docs');
    const { pages } = await loadPages([join(ROOT, 'docs')], { cwd: ROOT });
    mock = await startMockServer(buildContracts(pages));
  }, HANG);
  afterAll(() => mock.close());

  it('should give every path parameter an example taken from the docs\' example requests', () => {
    const params = Object.values(exported.document.paths).flatMap((item) => Object.values(item).flatMap((op) => ((op as { parameters?: { in: string; name: string; example?: unknown }[] }).parameters ?? []).filter((p) => p.in === 'path')));
    expect(params.length).toBeGreaterThan(0);
    expect(params.filter((p) => p.example === undefined)).toEqual([]);
    expect(params.map((p) => p.example)).toContain('2a353749-3749-2a35-4937-352a4937352a');
  });

  it('should let Dredd run every operation against docpact mock with no description error, and time it beside docpact replay', async () => {
    const operations = operationsOf(exported.document);
    const dredd = await run(peerBin(peers, 'dredd'), [exported.path, `${mock.url}/beta`, '--loglevel', 'warning', '--reporter', 'cli']);
    // Dredd's own description errors (a parameter without an example, an unreadable document) are "error:" lines.
    expect(dredd.out.split('\n').filter((l) => /\berror\b.*API description/i.test(l))).toEqual([]);
    const complete = /complete.*?(\d+) passing, (\d+) failing, (\d+) errors, (\d+) skipped, (\d+) total/.exec(dredd.out);
    expect(complete?.slice(1).map(Number)).toEqual([operations.length, 0, 0, 0, operations.length]);
    expect(dredd.code).toBe(0);
    // The same operations through docpact replay, as a user runs it (a fresh process, Jest by default).
    const replay = await run(process.execPath, [join(ROOT, 'bin/docpact.js'), 'replay', 'docs', '--target', `${mock.url}/beta`, '--allow-writes', '--quiet'], { cwd: ROOT });
    expect(replay.out).toMatch(/\d+ passed, \d+ failed, 0 skipped/);
    const replayNoJest = await run(process.execPath, [join(ROOT, 'bin/docpact.js'), 'replay', 'docs', '--target', `${mock.url}/beta`, '--allow-writes', '--quiet', '--no-jest'], { cwd: ROOT });
    figures.dredd = { operations: operations.length, wallMs: Math.round(dredd.ms), ownMs: Number(/Tests took (\d+)ms/.exec(dredd.out)?.[1] ?? NaN) };
    figures.docpactReplay = { examples: operations.length, jestWallMs: Math.round(replay.ms), inProcessWallMs: Math.round(replayNoJest.ms) };
  }, HANG);

  it('should let Prism mock the export, and docpact replay should get from it what it gets from docpact mock', async () => {
    const prism = await startPrism(exported.path);
    try {
      const fromPrism = await replayAgainst(ROOT, prism.url);
      const fromMock = await replayAgainst(ROOT, `${mock.url}/beta`);
      expect(fromPrism.examples).toEqual(fromMock.examples);
      // docs/ carries defects on purpose: the create example's request body breaks its schema, so both mocks refuse it
      // (docpact 400, Prism 422); every other example passes.
      expect(Object.entries(fromPrism.examples).filter(([, status]) => status !== 'passed')).toEqual([['create_accesspackageassignment_from_', 'failed']]);
      expect(fromPrism.findings).toEqual(['accesspackageassignment-post.md replay/status']);
    } finally {
      await prism.stop();
    }
  }, HANG);

  it('should pass docpact replay against Prism outright once the seeded placeholders are corrected', async () => {
    const fixed = join(work, 'fixed');
    cpSync(join(ROOT, 'docs'), join(fixed, 'docs'), { recursive: true });
    const post = join(fixed, 'docs/api-reference/beta/api/accesspackageassignment-post.md');
    writeFileSync(post, readFileSync(post, 'utf8').replaceAll('"isExtended": "Boolean"', '"isExtended": false').replaceAll('"String (timestamp)"', '"2022-05-10T19:04:12.49Z"'));
    const document = await exportOpenApi(fixed, 'fixed');
    const prism = await startPrism(document.path);
    try {
      const fromPrism = await replayAgainst(fixed, prism.url);
      expect(Object.values(fromPrism.examples).filter((s) => s !== 'passed')).toEqual([]);
      expect(fromPrism.code).toBe(0);
    } finally {
      await prism.stop();
    }
  }, HANG);

  it('should pass spectral lint (oas ruleset) with no error', async () => {
    const results = await spectral(exported.path);
    expect(results.filter((r) => r.severity === 0).map((r) => `${r.code} ${r.path.join('.')}: ${r.message}`)).toEqual([]);
    figures.spectralDocs = { errors: 0, warnings: results.filter((r) => r.severity === 1).length };
  }, HANG);

  it('should measure Prism\'s and docpact mock\'s requests per second side by side', async () => {
    const prism = await startPrism(exported.path);
    try {
      const path = '/identityGovernance/entitlementManagement/accessPackageAssignments/2a353749-3749-2a35-4937-352a4937352a';
      // Alternating, so neither gets a quieter machine.
      const mockRps = [await rps(`${mock.url}/beta${path}`, 3), await rps(`${mock.url}/beta${path}`, 3)];
      const prismRps = [await rps(`${prism.url}${path}`, 3), await rps(`${prism.url}${path}`, 3)];
      figures.requestsPerSecond = { url: `GET …${path.slice(-40)}`, connections: 10, docpactMock: mockRps.map(Math.round), prism: prismRps.map(Math.round) };
      expect(Math.min(...mockRps, ...prismRps)).toBeGreaterThan(0);
    } finally {
      await prism.stop();
    }
  }, HANG);
});

(HAS_CORPUS ? describe : describe.skip)('the OpenAPI export of the corpus', () => {
  it('should pass spectral lint (oas ruleset) with no error', async () => {
    const { pages } = await corpusLoad();
    const result = buildOpenApi(pages, buildContracts(pages));
    const path = join(work, 'corpus.openapi.json');
    writeFileSync(path, JSON.stringify(result.document));
    const results = await spectral(path);
    expect(results.filter((r) => r.severity === 0).map((r) => `${r.code} ${r.path.join('.')}: ${r.message}`)).toEqual([]);
    figures.spectralCorpus = { operations: result.stats.operations, examples: result.stats.examples, errors: 0, warnings: results.filter((r) => r.severity === 1).length, leftOutExamples: result.diagnostics.filter((d) => d.ruleId === 'openapi/invalid-example').length };
  }, HANG);
});
