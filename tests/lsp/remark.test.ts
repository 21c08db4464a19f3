/**
 * `docpact/remark`, docpact's rules as a unified plugin: `remark --use docpact/remark docs` with the real remark-cli
 * (a peer test tool, installed into a scratch folder here, never into docpact's dependencies) prints the seed page's
 * findings at the places `docpact check` prints them; in-process, a file whose text is not the one on disk (an
 * editor's buffer) is checked as it is. Runs on a scratch copy of docs/ with docpact linked in as a project would
 * have it installed (node_modules/docpact).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import { VFile } from 'vfile';
import type { Diagnostic } from '../../core/diagnostic.js';
import docpactRemark from '../../remark/plugin.js';
import { ROOT } from '../helpers/paths.js';

const SEED = 'docs/api-reference/beta/api/accesspackageassignment-post.md';
const REMARK_CLI = 'remark-cli@12.0.1';

let scratch: string;
let ws: string;

/** Runs a command to its end, stdin closed (nothing it starts can wait on this process), output collected. */
function run(command: string, args: readonly string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(command, [...args], {
      cwd, stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', npm_config_update_notifier: 'false' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', fail);
    child.once('close', (code) => done({ code: code ?? -1, stdout, stderr }));
  });
}

let checked: Diagnostic[];

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'docpact-remark-cli-'));
  const install = await run('npm', ['install', '--no-audit', '--no-fund', '--no-save', '--prefix', scratch, REMARK_CLI], scratch);
  if (install.code !== 0) throw new Error(`npm install ${REMARK_CLI} failed:\n${install.stderr}`);
  ws = mkdtempSync(join(tmpdir(), 'docpact-remark-'));
  cpSync(join(ROOT, 'docs'), join(ws, 'docs'), { recursive: true });
  mkdirSync(join(ws, 'node_modules'));
  symlinkSync(ROOT, join(ws, 'node_modules', 'docpact'), 'dir');
  const check = await run(process.execPath, [join(ROOT, 'bin', 'docpact.js'), 'check', '--format', 'json', '--quiet'], ws);
  expect(check.code).toBe(1);
  checked = (JSON.parse(check.stdout) as { diagnostics: Diagnostic[] }).diagnostics;
}, 600_000);

afterAll(() => {
  for (const dir of [scratch, ws]) if (dir) rmSync(dir, { recursive: true, force: true });
});

const place = (d: Diagnostic): string => `${d.range.start.line}:${d.range.start.column}-${d.range.end.line}:${d.range.end.column}`;
const word = (d: Diagnostic): string => d.severity;

describe('docpact/remark', () => {
  it('should print the seed page\'s findings through remark-cli at the places docpact check prints them', async () => {
    const cli = join(scratch, 'node_modules', 'remark-cli', 'cli.js');
    const result = await run(process.execPath, [cli, '--use', 'docpact/remark', 'docs', '--no-color'], ws);
    // Errors are fatal vfile messages: remark exits 1, as check does.
    expect(result.code).toBe(1);
    const sections = new Map<string, string[]>();
    let current: string[] | undefined;
    for (const line of result.stderr.split('\n')) {
      if (/^\S.*\.md$/.test(line)) sections.set(line.trim(), (current = []));
      else if (current && /^\s*\d+:\d+-\d+:\d+\s/.test(line)) current.push(line.trim());
    }
    const seedLines = sections.get(SEED) ?? [];
    const expected = checked.filter((d) => d.file === SEED);
    expect(expected.length).toBeGreaterThan(20);
    expect(seedLines).toHaveLength(expected.length);
    // vfile-reporter: `4:12-4:37  warning  Unexpected placeholder …  page-placeholder  docpact`.
    const got = seedLines.map((line) => {
      const m = /^(\d+:\d+-\d+:\d+)\s+(error|warning|info)\s+(.*?)\s+(\S+)\s+docpact$/.exec(line);
      return m ? `${m[1]} ${m[2]} ${m[4]} ${m[3]}` : line;
    });
    expect(got.sort()).toEqual(expected.map((d) => `${place(d)} ${word(d)} ${d.ruleId} ${d.message}`).sort());
    // Every page check reports on is reported, and no other.
    const files = new Set(checked.map((d) => d.file));
    expect([...sections].filter(([, lines]) => lines.length > 0).map(([file]) => file).sort()).toEqual([...files].sort());
  });

  it('should check a file\'s own text when it is not the text on disk', async () => {
    const text = readFileSync(join(ws, SEED), 'utf8').replace('Content-length: 424', 'Content-length: 999');
    const file = new VFile({ path: SEED, cwd: ws, value: text });
    const processor = unified().use(remarkParse);
    await docpactRemark()(processor.parse(file), file);
    const contentLength = file.messages.filter((m) => m.ruleId === 'http-content-length');
    expect(contentLength.map((m) => [m.line, m.column, m.source, m.fatal])).toEqual([[76, 1, 'docpact', true]]);
    expect(contentLength[0].url).toMatch(/^file:.*\/checks\/http-content-length\.md$/);
    // The rest are the findings on disk.
    expect(file.messages.length).toBe(checked.filter((d) => d.file === SEED).length + 1);
  });
});
