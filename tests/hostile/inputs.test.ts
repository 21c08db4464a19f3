/**
 * Hostile input, items 3, 9 and 11a: only regular files are read, symlinks never make a page count twice, and the
 * too-large message promises no option that does not exist. Regressions for "a FIFO or a device named on the command
 * line hangs `check` and `extract` forever" and "a symlink to a parent folder makes every page checked and reported
 * twice".
 *
 * The FIFO tests do not race a clock: the new code never opens the FIFO, so the command returns. Code that opened
 * it would block until Jest's own timeout failed the test; `afterAll` then opens the write end so such a reader
 * ends instead of keeping the worker alive.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { closeSync, constants, openSync } from 'node:fs';
import { mkdir, readFile, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_MAX_BYTES, InputFiles, readRegularFile } from '../../core/input-files.js';
import { loadPages } from '../../extractor/load.js';
import { page, run, tempTree } from '../cli/scenarios.js';

const CLEAN = page();
/** A trailing comma in the request body: one `example-json-invalid` error. */
const BROKEN = page({ requestBody: '{ "displayName": "Blue", }' });

const dirs: string[] = [];
const fifos: string[] = [];
afterAll(async () => {
  // Unblocks any reader stuck opening a FIFO (old code); with no reader this throws ENXIO, which is the good case.
  for (const fifo of fifos) {
    try {
      closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
    } catch {
      // nobody was reading it
    }
  }
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function tree(files: Readonly<Record<string, string>>): Promise<string> {
  const dir = await tempTree(files);
  dirs.push(dir);
  return dir;
}

function mkfifo(path: string): void {
  execFileSync('mkfifo', [path]);
  fifos.push(path);
}

interface JsonReport {
  readonly summary: { readonly files: number };
  readonly diagnostics: readonly { ruleId: string; file: string; severity: string; message: string; range: { start: { line: number } } }[];
}

/** Arguments per command for a run over `paths` that writes nothing outside the temp folder. */
const COMMANDS: Readonly<Record<string, (paths: readonly string[]) => string[]>> = {
  check: (paths) => ['check', ...paths, '--no-cache'],
  extract: (paths) => ['extract', ...paths, '--out', 'out', '--workers', '1'],
  run: (paths) => ['run', ...paths, '--out', 'out', '--quiet'],
  openapi: (paths) => ['openapi', ...paths, '--out', 'out/openapi.json', '--quiet'],
  replay: (paths) => ['replay', ...paths, '--no-jest', '--quiet'],
  metadata: (paths) => ['metadata', ...paths, '--csdl', 'service.xml', '--quiet'],
};

const CSDL = `<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
  <edmx:DataServices>
    <Schema Namespace="microsoft.graph" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <EntityType Name="widget"><Key><PropertyRef Name="id" /></Key><Property Name="id" Type="Edm.String" Nullable="false" /></EntityType>
    </Schema>
  </edmx:DataServices>
</edmx:Edmx>
`;

describe('a FIFO or a device named on the command line (item 3)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await tree({ 'docs/a.md': CLEAN, 'service.xml': CSDL });
    mkfifo(join(dir, 'pipe.md'));
  });

  it.each(Object.keys(COMMANDS))('should make %s exit 2 naming the FIFO, without opening it', async (command) => {
    const result = await run(dir, COMMANDS[command](['docs', 'pipe.md']));
    expect(result.code).toBe(2);
    expect(`${result.stderr}${result.stdout}`).toMatch(/pipe\.md\S*:? .*FIFO/);
  });

  // Code that reads /dev/zero fills memory rather than failing: run this one on fixed code only.
  it.each(['check', 'extract'])('should make %s exit 2 naming a character device (/dev/zero)', async (command) => {
    const result = await run(dir, COMMANDS[command](['docs', '/dev/zero']));
    expect(result.code).toBe(2);
    expect(`${result.stderr}${result.stdout}`).toMatch(/\/dev\/zero\S*:? .*character device/);
  });
});

describe('a FIFO given as a data file (item 3)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await tree({ 'docs/a.md': CLEAN, 'service.xml': CSDL });
    mkfifo(join(dir, 'data.json'));
  });

  it.each([
    ['check --config', ['check', 'docs', '--no-cache', '--config', 'data.json']],
    ['check --baseline', ['check', 'docs', '--no-cache', '--baseline', 'data.json']],
    ['metadata --csdl', ['metadata', 'docs', '--csdl', 'data.json', '--quiet']],
    ['report merge', ['report', 'merge', 'data.json', '--format', 'json']],
  ])('should make %s exit 2 naming the FIFO, without opening it', async (_title, args) => {
    const result = await run(dir, args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/data\.json.*FIFO \(named pipe\), not a regular file/);
  });
});

describe('a FIFO met while walking a folder (item 3)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await tree({ 'docs/a.md': CLEAN, 'docs/b.md': BROKEN });
    mkfifo(join(dir, 'docs/pipe.md'));
  });

  it('should be skipped unread with a finding at its line 1 while every other page is checked', async () => {
    const result = await run(dir, ['check', 'docs', '--no-cache', '--format', 'json']);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as JsonReport;
    const skipped = report.diagnostics.filter((d) => d.file === 'docs/pipe.md');
    expect(skipped).toEqual([expect.objectContaining({ ruleId: 'extract/not-a-file', severity: 'error', range: expect.objectContaining({ start: expect.objectContaining({ line: 1 }) }) })]);
    expect(skipped[0].message).toMatch(/FIFO/);
    expect(report.diagnostics.some((d) => d.file === 'docs/b.md' && d.ruleId === 'example-json-invalid')).toBe(true);
  });

  it('should be named on stderr by extract, which still writes the other pages', async () => {
    const result = await run(dir, ['extract', 'docs', '--out', 'out', '--workers', '1']);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/docs\/pipe\.md:1:1 {2}error {2}Unexpected FIFO \(named pipe\)/);
    expect(result.stdout).toMatch(/2 pages →/);
  });
});

describe('readRegularFile', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await tree({ 'small.md': '# small\n' });
    mkfifo(join(dir, 'pipe'));
  });

  it('should refuse a FIFO without blocking on it', async () => {
    expect(await readRegularFile(join(dir, 'pipe'))).toEqual({ kind: 'special', what: 'FIFO (named pipe)' });
  });

  it('should refuse a file over the bound from its size, before reading it', async () => {
    // A sparse file: 1 byte over the default bound on disk costs nothing.
    const big = join(dir, 'big.md');
    await writeFile(big, '');
    await truncate(big, DEFAULT_MAX_BYTES + 1);
    expect(await readRegularFile(big)).toEqual({ kind: 'too-large', size: DEFAULT_MAX_BYTES + 1, max: DEFAULT_MAX_BYTES });
  });

  it('should read a regular file whole', async () => {
    const read = await readRegularFile(join(dir, 'small.md'));
    expect(read.kind === 'ok' && read.bytes.toString('utf8')).toBe('# small\n');
  });

  it('should read a 200 KB file whole, and refuse it under a bound one byte smaller', async () => {
    const text = 'x'.repeat(200_000);
    await writeFile(join(dir, 'long.md'), text);
    const read = await readRegularFile(join(dir, 'long.md'));
    expect(read.kind === 'ok' && read.bytes.toString('utf8')).toBe(text);
    expect(await readRegularFile(join(dir, 'long.md'), 199_999)).toEqual({ kind: 'too-large', size: 200_000, max: 199_999 });
  });
});

describe('symlinks (item 9)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await tree({ 'docs/b.md': BROKEN, 'docs/sub/c.md': CLEAN });
    // A link to the parent folder (every page reachable twice), a link to itself, a loop through the root, a link
    // to a page, and a link to nothing.
    await symlink('..', join(dir, 'docs/sub/up'));
    await symlink('.', join(dir, 'docs/self'));
    await mkdir(join(dir, 'docs/x'));
    await symlink('../..', join(dir, 'docs/x/root'));
    await symlink('b.md', join(dir, 'docs/alias.md'));
  });

  it('should check and report each page once, under its own path, through any symlink loop', async () => {
    const result = await run(dir, ['check', 'docs', '--no-cache', '--format', 'json']);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as JsonReport;
    expect(report.summary.files).toBe(2);
    expect(report.diagnostics.filter((d) => d.ruleId === 'example-json-invalid').map((d) => d.file)).toEqual(['docs/b.md']);
    expect(report.diagnostics.filter((d) => !['docs/b.md', 'docs/sub/c.md'].includes(d.file))).toEqual([]);
  });

  it('should extract each page once, also when a page is named again through a link', async () => {
    const result = await run(dir, ['extract', 'docs', 'docs/sub/up/b.md', '--out', 'out', '--workers', '1']);
    expect(result.code).toBe(0);
    const manifest = JSON.parse(await readFile(join(dir, 'out/manifest.json'), 'utf8')) as { fixtures: { source: { file: string } }[] };
    expect(manifest.fixtures.map((f) => f.source.file).sort()).toEqual(['docs/b.md', 'docs/sub/c.md']);
  });

  it('should load each real file once through loadPages', async () => {
    const { pages } = await loadPages(['docs'], { cwd: dir });
    expect(pages.map((p) => p.file)).toEqual(['docs/b.md', 'docs/sub/c.md']);
  });

  it('should list a link to a missing file under its own path, for the reader to report', async () => {
    await symlink('nowhere.md', join(dir, 'docs/broken.md'));
    try {
      const inputs = new InputFiles();
      await inputs.addFolder(join(dir, 'docs'));
      expect(inputs.files.map((f) => f.slice(dir.length + 1))).toEqual(['docs/b.md', 'docs/sub/c.md', 'docs/broken.md']);
    } finally {
      await rm(join(dir, 'docs/broken.md'));
    }
  });
});

describe('the too-large message (item 11a)', () => {
  it('should state the limit and promise no option that does not exist', async () => {
    const dir = await tree({ 'docs/a.md': CLEAN });
    await writeFile(join(dir, 'docs/huge.md'), '');
    await truncate(join(dir, 'docs/huge.md'), DEFAULT_MAX_BYTES + 10);
    const result = await run(dir, ['check', 'docs', '--no-cache', '--format', 'json']);
    const report = JSON.parse(result.stdout) as JsonReport;
    const [tooLarge] = report.diagnostics.filter((d) => d.ruleId === 'extract/file-too-large');
    expect(tooLarge.file).toBe('docs/huge.md');
    expect(tooLarge.message).toContain(`expected at most ${DEFAULT_MAX_BYTES} (8 MiB)`);
    expect(tooLarge.message).not.toMatch(/--max-bytes|--[a-z]/);
  });
});
