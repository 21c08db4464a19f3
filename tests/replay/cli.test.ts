/** `docpact replay` and `docpact mock` from the command line: Jest's -t and --shard, usage errors, the mock alone. */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, jest } from '@jest/globals';
import { main } from '../../cli/main.js';
import { runMock } from '../../cli/run-mock.js';
import { ROOT } from '../helpers/paths.js';

const dir = mkdtempSync(join(tmpdir(), 'docpact-replay-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `docpact replay docs …` in a child process; resolves to its exit code and the names of the examples run. */
function replay(name: string, ...args: string[]): Promise<{ code: number | null; ran: string[]; out: string }> {
  const output = join(dir, `${name}.json`);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/docpact.js', 'replay', 'docs', '--format', 'json', '--output', output, ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.on('close', (code) => {
      let ran: string[] = [];
      try {
        const report = JSON.parse(readFileSync(output, 'utf8')) as { examples?: { page: string; name: string; status: string }[] };
        ran = (report.examples ?? []).map((e) => `${e.page} › ${e.name}`).sort();
      } catch {
        // no report: the assertions on `code` and `out` say why
      }
      resolve({ code, ran, out });
    });
  });
}

describe('docpact replay through Jest', () => {
  it('should split the examples between shards without overlap, and -t should select by "<page> › <name>"', async () => {
    const [all, first, second] = await Promise.all([replay('all'), replay('s1', '--shard', '1/2'), replay('s2', '--shard', '2/2')]);
    expect(all.ran.length).toBeGreaterThan(1);
    expect(first.ran.length).toBeGreaterThan(0);
    expect(second.ran.length).toBeGreaterThan(0);
    expect([...first.ran, ...second.ran].sort()).toEqual(all.ran);
    const only = await replay('t', '-t', 'accesspackageassignment-get › ');
    expect(only.ran).toEqual(['beta/accesspackageassignment-get › get_accesspackageassignment']);
    expect(only.code).toBe(0);
    expect(only.out).toContain('1 passed, 0 failed, 0 skipped');
    // Four docpact processes, each starting its own Jest: minutes on a busy machine. A bound for a hang, not a speed
    // assertion; every wait in this test is on a child's exit.
  }, 300_000);
});

describe('usage errors', () => {
  it.each([
    ['an unknown target', ['--target', 'ftp://example.invalid']],
    ['a malformed shard', ['--shard', '3/2']],
    ['a header without a colon', ['--header', 'X-Nope']],
    ['a zero timeout', ['--timeout', '0']],
  ])('should exit 2 on %s', async (_title, args) => {
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await main(['replay', 'docs', ...args])).toBe(2);
      expect(stderr.mock.calls.map((c) => String(c[0])).join('')).toMatch(/Unexpected/);
    } finally {
      stderr.mockRestore();
    }
  });
});

describe('docpact mock', () => {
  it('should serve the docs until told to stop', async () => {
    let stop!: () => void;
    const until = new Promise<void>((resolve) => (stop = resolve));
    const stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      let listening!: (url: string) => void;
      const url = new Promise<string>((resolve) => (listening = resolve));
      const finished = runMock(['docs'], { cwd: ROOT, until, onListening: listening });
      // Listening or finished, whichever comes first: a mock that exits early fails here instead of hanging.
      const exitedEarly = finished.then((code) => Promise.reject(new Error(`docpact mock exited ${code} before listening`)));
      const base = await Promise.race([url, exitedEarly]);
      const answer = await fetch(`${base}/beta/identityGovernance/entitlementManagement/accessPackageAssignments/any-id`);
      expect(answer.status).toBe(200);
      expect(((await answer.json()) as { id: string }).id).toBe('2a353749-3749-2a35-4937-352a4937352a');
      stop();
      expect(await finished).toBe(0);
      expect(stdout.mock.calls.map((c) => String(c[0])).join('')).toMatch(/^docpact mock: http:\/\/127\.0\.0\.1:\d+ /);
    } finally {
      stdout.mockRestore();
    }
  });
});
