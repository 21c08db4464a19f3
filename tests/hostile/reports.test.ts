/**
 * Hostile input, item 5: reports are written all-or-nothing, and an interrupted replay leaves neither its temporary
 * folder nor a secret on disk. Regressions for "interrupted while writing reports, `run` and `check` leave
 * `.report.html.<pid>.tmp` files, and replace reports one by one, so an interrupt over an older `out/` leaves new and
 * old reports mixed. An interrupted Jest replay leaves a temp folder holding every `--header` value in plain text."
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { HOLD_ENV, HOLD_LINE } from '../../reports/write-set.js';
import { ROOT } from '../helpers/paths.js';
import { page, run } from '../cli/scenarios.js';

const BIN = join(ROOT, 'bin/docpact.js');
const GET_PAGE = join(ROOT, 'docs/api-reference/beta/api/accesspackageassignment-get.md');
const SECRET = 'SECRET-123';

const scratch = mkdtempSync(join(tmpdir(), 'docpact-hostile-reports-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let folders = 0;
/** A fresh folder holding one clean page, `docs/widget.md`. */
function project(): string {
  const dir = join(scratch, `p${++folders}`);
  mkdirSync(join(dir, 'docs'), { recursive: true });
  writeFileSync(join(dir, 'docs/widget.md'), page());
  return dir;
}

/** Every file under `dir`, relative to it, sorted. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as { name: string; parentPath: string; isFile(): boolean }[])
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

/** The files that hold `needle`, under `dir`. */
function filesHolding(dir: string, needle: string): string[] {
  return filesUnder(dir).filter((f) => readFileSync(join(dir, f)).includes(needle));
}

/** Writes `OLD <name>` to each of `names` under `dir`: a previous report set to recognise afterwards. */
function oldSet(dir: string, names: readonly string[]): void {
  mkdirSync(dir, { recursive: true });
  for (const name of names) writeFileSync(join(dir, name), `OLD ${name}`);
}

function contents(dir: string, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(names.map((n) => [n, readFileSync(join(dir, n), 'utf8')]));
}

interface Ended {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Starts `docpact …` in a child process, its stdin a pipe (the test hold of write-set.ts resumes when it ends). */
function start(cwd: string, args: readonly string[], env: Readonly<Record<string, string>> = {}): { child: ChildProcess; ended: Promise<Ended>; stderrLine(prefix: string): Promise<boolean> } {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', GITHUB_ACTIONS: '', ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const waiting: { prefix: string; resolve(seen: boolean): void }[] = [];
  child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr!.on('data', (c: Buffer) => {
    stderr += c.toString();
    for (const w of [...waiting]) {
      if (stderr.split('\n').some((line) => line.startsWith(w.prefix))) {
        waiting.splice(waiting.indexOf(w), 1);
        w.resolve(true);
      }
    }
  });
  const ended = new Promise<Ended>((resolve) => {
    child.on('close', (code, signal) => {
      for (const w of waiting.splice(0)) w.resolve(false);
      resolve({ code, signal, stdout, stderr });
    });
  });
  return {
    child,
    ended,
    // Resolves true when a stderr line starts with `prefix`, false when the process ends without one.
    stderrLine: (prefix) =>
      new Promise((resolve) => {
        if (stderr.split('\n').some((line) => line.startsWith(prefix))) resolve(true);
        else if (child.exitCode !== null || child.signalCode !== null) resolve(false);
        else waiting.push({ prefix, resolve });
      }),
  };
}

/** Whether the process ended because of `signal`: killed by it, or exited with 128 + its number. */
function endedBy(ended: Ended, signal: 'SIGINT' | 'SIGTERM'): boolean {
  return ended.signal === signal || ended.code === (signal === 'SIGINT' ? 130 : 143);
}

describe('a report set where one file cannot be written', () => {
  const OUTPUTS = ['r.json', 'r.sarif', 'r.md'];

  it.each([
    ['the output of the last format is a folder', (dir: string) => mkdirSync(join(dir, 'blocked', 'inside'), { recursive: true }), 'blocked', 'EISDIR'],
    ['the output of the last format is under a file', (dir: string) => writeFileSync(join(dir, 'plain'), 'a file, not a folder'), 'plain/r.xml', 'EEXIST'],
  ])('should keep the previous set untouched and leave no temporary file when %s', async (_title, block, blocked, code) => {
    const dir = project();
    oldSet(dir, OUTPUTS);
    block(dir);
    const before = filesUnder(dir);
    const result = await run(dir, ['check', 'docs', '--no-cache', '--format', 'json', '--output', 'r.json', '--format', 'sarif', '--output', 'r.sarif', '--format', 'markdown', '--output', 'r.md', '--format', 'junit', '--output', blocked]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`--output ${blocked}: cannot write the junit report (${code})`);
    expect(contents(dir, OUTPUTS)).toEqual({ 'r.json': 'OLD r.json', 'r.sarif': 'OLD r.sarif', 'r.md': 'OLD r.md' });
    expect(filesUnder(dir)).toEqual(before);
  });

  it('should write the whole set when every file can be written', async () => {
    const dir = project();
    oldSet(dir, OUTPUTS);
    const result = await run(dir, ['check', 'docs', '--no-cache', '--format', 'json', '--output', 'r.json', '--format', 'sarif', '--output', 'r.sarif', '--format', 'markdown', '--output', 'out/new/r.md']);
    expect(result.code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8'))).toMatchObject({ tool: { name: 'docpact' } });
    expect(readFileSync(join(dir, 'r.sarif'), 'utf8')).toContain('"version": "2.1.0"');
    expect(readFileSync(join(dir, 'out/new/r.md'), 'utf8')).toContain('**0 findings** in 0 files of 1');
    expect(filesUnder(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('docpact killed while it writes its reports', () => {
  const RUN_REPORTS = ['report.html', 'report.json', 'junit.xml', 'report.sarif', 'summary.md'];
  const CHECK_ARGS = ['check', 'docs', '--format', 'json', '--output', 'out/r.json', '--format', 'sarif', '--output', 'out/r.sarif', '--format', 'html', '--output', 'out/r.html'];
  const CHECK_OUTPUTS = ['r.json', 'r.sarif', 'r.html'];

  it.each([
    ['run', 'SIGINT', ['run', 'docs', '--out', 'out'], 'out/reports', RUN_REPORTS],
    ['check with three outputs', 'SIGTERM', CHECK_ARGS, 'out', CHECK_OUTPUTS],
  ] as const)('%s should leave the previous complete set and no temporary file on %s before the renames', async (_title, signal, args, reportsDir, names) => {
    const dir = project();
    oldSet(join(dir, reportsDir), names);
    const docpact = start(dir, args, { [HOLD_ENV]: '1' });
    // The test hold stops after the temporary files are written and before the first rename.
    const held = await docpact.stderrLine(HOLD_LINE);
    if (held) {
      expect(filesUnder(join(dir, reportsDir)).filter((f) => f.endsWith('.tmp'))).toHaveLength(names.length);
      docpact.child.kill(signal);
    }
    const ended = await docpact.ended;
    expect(held).toBe(true);
    expect(endedBy(ended, signal)).toBe(true);
    expect(contents(join(dir, reportsDir), names)).toEqual(Object.fromEntries(names.map((n) => [n, `OLD ${n}`])));
    expect(filesUnder(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('should put back the files already renamed when a later rename fails', async () => {
    const dir = project();
    oldSet(join(dir, 'out'), CHECK_OUTPUTS);
    const docpact = start(dir, CHECK_ARGS, { [HOLD_ENV]: '1' });
    expect(await docpact.stderrLine(HOLD_LINE)).toBe(true);
    // A folder appears where the last report goes after every temporary file was written: the first two renames
    // succeed, the third fails.
    rmSync(join(dir, 'out/r.html'));
    mkdirSync(join(dir, 'out/r.html'));
    writeFileSync(join(dir, 'out/r.html/inside'), '');
    docpact.child.stdin!.end();
    const ended = await docpact.ended;
    expect(ended.code).toBe(2);
    expect(ended.stderr).toContain('--output out/r.html: cannot write the html report (EISDIR)');
    expect(contents(join(dir, 'out'), ['r.json', 'r.sarif'])).toEqual({ 'r.json': 'OLD r.json', 'r.sarif': 'OLD r.sarif' });
    expect(filesUnder(join(dir, 'out'))).toEqual(['r.html/inside', 'r.json', 'r.sarif'].sort());
  });

  it('should replace the whole set, and leave no temporary file, when the held write goes on', async () => {
    const dir = project();
    oldSet(join(dir, 'out/reports'), RUN_REPORTS);
    const docpact = start(dir, ['run', 'docs', '--out', 'out'], { [HOLD_ENV]: '1' });
    expect(await docpact.stderrLine(HOLD_LINE)).toBe(true);
    docpact.child.stdin!.end();
    const ended = await docpact.ended;
    expect(ended.code).toBe(0);
    for (const [name, text] of Object.entries(contents(join(dir, 'out/reports'), RUN_REPORTS))) expect([name, text.startsWith('OLD')]).toEqual([name, false]);
    expect(filesUnder(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('a Jest replay with a secret header, interrupted', () => {
  const requests: { auth: string | undefined; res: ServerResponse; closed: Promise<void> }[] = [];
  const arrivals: ((r: IncomingMessage) => void)[] = [];
  const server = createServer((req, res) => {
    // Never answered: the replay is interrupted while this request is in flight.
    requests.push({ auth: req.headers.authorization, res, closed: new Promise((resolve) => req.socket.once('close', () => resolve())) });
    arrivals.shift()?.(req);
  });
  let base = '';
  // In hooks, not at load: Jest skips the hooks of a block whose tests are all filtered out by -t, and a server
  // listening since load would then keep Jest from exiting.
  beforeAll(() => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve())).then(() => {
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }));
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it.each([['SIGINT'], ['SIGTERM']] as const)('should leave no docpact-replay-* folder and the secret in no file nor output after %s', async (signal) => {
    const dir = project();
    const tmp = join(dir, 'tmp');
    mkdirSync(tmp);
    mkdirSync(join(dir, 'pages'));
    copyFileSync(GET_PAGE, join(dir, 'pages/accesspackageassignment-get.md'));
    const arrived = new Promise<IncomingMessage>((resolve) => arrivals.push(resolve));
    const env: Record<string, string> = { TMPDIR: tmp, DOCPACT_TOKEN: '' };
    const docpact = start(dir, ['replay', 'pages', '--target', base, '--header', `Authorization: Bearer ${SECRET}`, '--retries', '0', '--format', 'json', '--output', 'out/replay.json'], env);
    const first = await Promise.race([arrived, docpact.ended.then(() => undefined)]);
    expect(first).toBeDefined();
    // The header reached the worker that sent the request, yet no file of the run holds it, while the run is live.
    expect(requests.at(-1)?.auth).toBe(`Bearer ${SECRET}`);
    const live = readdirSync(tmp).filter((n) => n.startsWith('docpact-replay-'));
    expect(live).toHaveLength(1);
    expect(filesHolding(tmp, SECRET)).toEqual([]);

    docpact.child.kill(signal);
    const ended = await docpact.ended;
    expect(endedBy(ended, signal)).toBe(true);
    expect(readdirSync(tmp).filter((n) => n.startsWith('docpact-replay-'))).toEqual([]);
    expect(filesHolding(tmp, SECRET)).toEqual([]);
    expect(filesHolding(join(dir, 'out'), SECRET)).toEqual([]);
    expect(`${ended.stdout}${ended.stderr}`).not.toContain(SECRET);
    expect(filesUnder(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    // The Jest worker holding the request is gone too: its connection closes.
    await requests.at(-1)!.closed;
  });
});

describe('report sets and special files', () => {
  it('should write through a link and a device instead of renaming over them (a device stays a device)', async () => {
    const { writeReportSet } = await import('../../reports/write-set.js');
    const { lstat, mkdtemp, readFile, symlink, writeFile, rm } = await import('node:fs/promises');
    const { execFileSync } = await import('node:child_process');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = await mkdtemp(join(tmpdir(), 'docpact-special-'));
    try {
      await writeFile(join(dir, 'real.txt'), 'old');
      await symlink(join(dir, 'real.txt'), join(dir, 'link.txt'));
      // A private null device (as root, like CI), so the test neither depends on nor risks the machine's /dev/null;
      // where mknod is not allowed, /dev/null itself, which must then be a device already.
      let device = join(dir, 'null');
      try {
        execFileSync('mknod', ['-m', '666', device, 'c', '1', '3'], { stdio: 'ignore' });
      } catch {
        device = '/dev/null';
      }
      expect((await lstat(device)).isCharacterDevice()).toBe(true);
      await writeReportSet([
        { path: join(dir, 'plain.txt'), content: 'plain' },
        { path: join(dir, 'link.txt'), content: 'through the link' },
        { path: device, content: 'discarded' },
      ]);
      expect((await lstat(device)).isCharacterDevice()).toBe(true);
      expect((await lstat(join(dir, 'link.txt'))).isSymbolicLink()).toBe(true);
      expect(await readFile(join(dir, 'real.txt'), 'utf8')).toBe('through the link');
      expect(await readFile(join(dir, 'plain.txt'), 'utf8')).toBe('plain');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
