import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { main } from '../../cli/main.js';
import { ROOT } from '../helpers/paths.js';

const CSDL = 'tests/metadata/fixtures/contoso-v1.0.xml';
const DOCS = 'tests/metadata/fixtures/docs';

let server: Server;
let base: string;
let dir: string;

beforeAll(async () => {
  const csdl = await readFile(join(ROOT, CSDL), 'utf8');
  // A loopback stand-in for a service's $metadata endpoint.
  server = createServer((req, res) => {
    if (req.url === '/v1.0/$metadata') {
      res.writeHead(200, { 'content-type': 'application/xml' }).end(csdl);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  dir = await mkdtemp(join(tmpdir(), 'docpact-metadata-'));
});

afterAll(async () => {
  await new Promise((done) => server.close(done));
  await rm(dir, { recursive: true, force: true });
});

/** Runs the CLI from the repository root; resolves to the exit code and what it printed. */
async function run(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const err = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  const cwd = process.cwd();
  process.chdir(ROOT);
  try {
    return { code: await main(args), stdout, stderr };
  } finally {
    process.chdir(cwd);
    out.mockRestore();
    err.mockRestore();
  }
}

describe('docpact metadata', () => {
  it.each([
    ['a CSDL file', () => [CSDL]],
    ['a CSDL URL on 127.0.0.1', () => [`${base}/v1.0/$metadata`]],
  ])('should report drift with file and line from %s and exit 1', async (_name, csdl) => {
    const { code, stdout } = await run(['metadata', '--csdl', ...csdl(), DOCS, '--quiet']);
    expect(code).toBe(1);
    expect(stdout).toMatch(/widget\.md[\s\S]*16:12\s+error\s+Unexpected enum ageGroup \(not in the CSDL\) as the type of ageGroup/);
  });

  it('should write the json report through the shared formatters', async () => {
    const output = join(dir, 'metadata.json');
    const { code } = await run(['metadata', '--csdl', CSDL, DOCS, '--format', 'json', '--output', output, '--quiet']);
    expect(code).toBe(1);
    const report = JSON.parse(await readFile(output, 'utf8')) as { command: string; diagnostics: { ruleId: string }[] };
    expect(report.command).toBe('metadata');
    expect(report.diagnostics.filter((d) => d.ruleId === 'metadata/type-mismatch')).toHaveLength(5);
  });

  it.each([
    [0, 'only pages of another version (nothing to compare)', ['--csdl', CSDL, `${DOCS}/api-reference/beta`], /^$/],
    [2, 'no CSDL', [DOCS], /no CSDL given: pass --csdl/],
    [2, 'a CSDL on another host', ['--csdl', 'https://graph.microsoft.com/v1.0/$metadata', DOCS], /expected a file or an http URL on 127\.0\.0\.1/],
    [2, 'a CSDL URL that answers 404', ['--csdl', 'BASE/missing', DOCS], /Unexpected HTTP 404/],
    [2, 'a CSDL that is not XML', ['--csdl', 'package.json', DOCS], /package\.json: not well-formed XML/],
    [2, 'a path that names nothing', ['--csdl', CSDL, 'tests/metadata/fixtures/nowhere'], /nowhere/],
  ])('should exit %i on %s', async (expected, _name, args, stderr) => {
    const result = await run(['metadata', ...args.map((a) => a.replace('BASE', base)), '--quiet']);
    expect(result.code).toBe(expected);
    expect(result.stderr).toMatch(stderr);
  });

  it('should take the CSDL from the config\'s "metadata" key, relative to the config', async () => {
    const config = join(dir, 'docpact.config.json');
    await writeFile(config, JSON.stringify({ metadata: relative(dir, join(ROOT, CSDL)) }));
    const { code, stdout } = await run(['metadata', '--config', config, `${DOCS}/api-reference/v1.0/resources/gadget.md`, '--quiet']);
    expect(code).toBe(1);
    expect(stdout).toMatch(/gadget\.md[\s\S]*16:1\s+error\s+Unexpected resource type contoso\.api\.gadget/);
  });
});
