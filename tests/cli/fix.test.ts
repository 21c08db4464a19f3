/**
 * `docpact check --fix`, `--fix-dry-run`, `--fix-type` and `--rule ID`, run in-process on temp pages: the fixes land
 * and nothing else moves (CRLF, BOM, trailing spaces, file mode), overlapping fixes take more passes, exit codes are
 * those of what remains, and the cache never serves the findings of the page as it was before the fix.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { chmod, readdir, readFile, rm, stat, symlink, writeFile, lstat } from 'node:fs/promises';
import { join } from 'node:path';
import { page, run, tempTree } from './scenarios.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function tree(files: Readonly<Record<string, string | Uint8Array>>): Promise<string> {
  const dir = await tempTree({});
  dirs.push(dir);
  for (const [path, content] of Object.entries(files)) {
    const { mkdir } = await import('node:fs/promises');
    await mkdir(join(dir, path, '..'), { recursive: true });
    await writeFile(join(dir, path), content);
  }
  return dir;
}

/**
 * A page with four defects that have safe fixes: Content-Length 999 for a 25-byte body (with two trailing spaces
 * after it), the reason phrase "Craeted", and `"truncated": "true",` with a trailing comma — whose two fixes touch,
 * so they take two passes.
 */
const BROKEN = page({ extraAnnotation: ', "truncated": "true",' })
  .replace('Content-Type: application/json\n\n{ "displayName": "Blue" }\n```\n\n### Response', 'Content-Type: application/json\nContent-Length: 999  \n\n{ "displayName": "Blue" }\n```\n\n### Response')
  .replace('HTTP/1.1 201 Created', 'HTTP/1.1 201 Craeted');
const FIXED = BROKEN.replace('Content-Length: 999  ', 'Content-Length: 25  ')
  .replace('HTTP/1.1 201 Craeted', 'HTTP/1.1 201 Created')
  .replace('"truncated": "true", }', '"truncated": true }');

const crlfBom = (text: string): string => `\ufeff${text.replace(/\n/g, '\r\n')}`;

describe('docpact check --fix', () => {
  it('should make the test pages what they claim to be', () => {
    expect(BROKEN).toContain('Content-Length: 999  \n');
    expect(BROKEN).toContain('"truncated": "true", }');
    expect(FIXED).not.toBe(BROKEN);
  });

  it('should apply every safe fix, over two passes for touching fixes, and leave every other byte (LF and CRLF+BOM pages)', async () => {
    const dir = await tree({ 'docs/lf.md': BROKEN, 'docs/crlf.md': crlfBom(BROKEN) });
    const before = await run(dir, ['check']);
    expect(before.code).toBe(1);
    expect(before.stdout).toContain('http-content-length');

    const result = await run(dir, ['check', '--fix']);
    expect(await readFile(join(dir, 'docs/lf.md'), 'utf8')).toBe(FIXED);
    const crlf = await readFile(join(dir, 'docs/crlf.md'));
    expect(crlf.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    // On the CRLF page the body counts 25 bytes too: it is one line.
    expect(crlf.toString('utf8')).toBe(crlfBom(FIXED));
    expect(result.stderr).toMatch(/fixed 8 finding\(s\) on 2 page\(s\) in 2 pass\(es\): annotation-lenient 2, annotation-value-type 2, http-content-length 2, http-status-line 2/);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('http-content-length');
    // No temporary file left beside the pages.
    expect((await readdir(join(dir, 'docs'))).sort()).toEqual(['crlf.md', 'lf.md']);
  });

  it('should give the fixes as data in the JSON report, edits with ranges against the page', async () => {
    const dir = await tree({ 'docs/a.md': BROKEN });
    const result = await run(dir, ['check', '--format', 'json']);
    const report = JSON.parse(result.stdout) as { diagnostics: { ruleId: string; fixes?: { kind: string; edits: { range: { start: { offset: number }; end: { offset: number } }; newText: string }[] }[] }[] };
    const length = report.diagnostics.find((d) => d.ruleId === 'http-content-length');
    expect(length?.fixes?.[0].kind).toBe('safe');
    const [edit] = length!.fixes![0].edits;
    expect(BROKEN.slice(edit.range.start.offset, edit.range.end.offset)).toBe('999');
    expect(edit.newText).toBe('25');
  });

  it('should change nothing on a second run (idempotent)', async () => {
    const dir = await tree({ 'docs/a.md': BROKEN });
    await run(dir, ['check', '--fix']);
    const once = await readFile(join(dir, 'docs/a.md'), 'utf8');
    const again = await run(dir, ['check', '--fix']);
    expect(await readFile(join(dir, 'docs/a.md'), 'utf8')).toBe(once);
    expect(again.stderr).toMatch(/fixed 0 finding\(s\) on 0 page\(s\) in 0 pass\(es\)/);
  });

  it('should print a unified diff with --fix-dry-run, write nothing, and exit on what would remain', async () => {
    const dir = await tree({ 'docs/a.md': BROKEN });
    const result = await run(dir, ['check', '--fix-dry-run']);
    expect(await readFile(join(dir, 'docs/a.md'), 'utf8')).toBe(BROKEN);
    expect(result.stdout).toContain('--- a/docs/a.md');
    expect(result.stdout).toContain('+++ b/docs/a.md');
    expect(result.stdout).toContain('\n-Content-Length: 999  \n+Content-Length: 25  \n');
    expect(result.stdout).toContain('\n-HTTP/1.1 201 Craeted\n+HTTP/1.1 201 Created\n');
    expect(result.stderr).toMatch(/would fix 4 finding\(s\) on 1 page\(s\)/);
    expect(result.code).toBe(0);
  });

  it('should limit the fixes to the rules named by a bare --rule ID, and exit 1 on the errors left', async () => {
    const dir = await tree({ 'docs/a.md': BROKEN });
    const result = await run(dir, ['check', '--fix', '--rule', 'http-content-length']);
    const text = await readFile(join(dir, 'docs/a.md'), 'utf8');
    expect(text).toBe(BROKEN.replace('Content-Length: 999  ', 'Content-Length: 25  '));
    expect(result.stderr).toMatch(/fixed 1 finding\(s\) on 1 page\(s\) in 1 pass\(es\): http-content-length 1/);
    // annotation-value-type ("truncated": "true") is an error and still there.
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('annotation-value-type');
  });

  it('should leave suggestions alone unless --fix-type suggestion asks for them', async () => {
    const otherCode = page().replace('HTTP/1.1 201 Created', 'HTTP/1.1 201 OK');
    const dir = await tree({ 'docs/a.md': otherCode });
    const safeOnly = await run(dir, ['check', '--fix']);
    expect(await readFile(join(dir, 'docs/a.md'), 'utf8')).toBe(otherCode);
    expect(safeOnly.stdout).toContain('http-status-line');
    const asked = await run(dir, ['check', '--fix', '--fix-type', 'suggestion']);
    expect(await readFile(join(dir, 'docs/a.md'), 'utf8')).toBe(page());
    expect(asked.stderr).toMatch(/http-status-line 1/);
    expect(asked.code).toBe(0);
  });

  it('should not serve cached findings of the page as it was before the fix', async () => {
    const dir = await tree({ 'docs/a.md': BROKEN });
    expect((await run(dir, ['check'])).code).toBe(1);
    await run(dir, ['check', '--fix']);
    const after = await run(dir, ['check']);
    expect(after.code).toBe(0);
    expect(after.stdout).not.toContain('http-content-length');
    expect(after.stdout).not.toContain('annotation-value-type');
  });

  it('should keep the page\'s file mode, write a symlinked page at its target, and never touch a page that is not UTF-8', async () => {
    const latin1 = Buffer.from(BROKEN.replace('Create a new widget.', 'Create a new widget \u00e9.'), 'latin1');
    const dir = await tree({ 'docs/a.md': BROKEN, 'real/b.md': BROKEN, 'docs/c.md': latin1 });
    await chmod(join(dir, 'docs/a.md'), 0o640);
    await symlink(join(dir, 'real/b.md'), join(dir, 'docs/b.md'));
    await run(dir, ['check', '--fix', 'docs']);
    expect((await stat(join(dir, 'docs/a.md'))).mode & 0o777).toBe(0o640);
    expect(await readFile(join(dir, 'docs/a.md'), 'utf8')).toBe(FIXED);
    expect((await lstat(join(dir, 'docs/b.md'))).isSymbolicLink()).toBe(true);
    expect(await readFile(join(dir, 'real/b.md'), 'utf8')).toBe(FIXED);
    expect(await readFile(join(dir, 'docs/c.md'))).toEqual(latin1);
  });

  it.each([
    [['check', '--fix', '--fix-dry-run'], /--fix and --fix-dry-run/],
    [['check', '--fix', '--fix-type', 'unsafe'], /--fix-type: Unexpected "unsafe"/],
    [['check', '--fix-type', 'safe'], /without --fix or --fix-dry-run/],
    [['check', '--fix', '--rule', 'http-content-lenght'], /did you mean.*http-content-length/i],
  ])('should exit 2 on %j', async (args, message) => {
    const dir = await tree({ 'docs/a.md': BROKEN });
    const result = await run(dir, args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(await readFile(join(dir, 'docs/a.md'), 'utf8')).toBe(BROKEN);
  });
});
