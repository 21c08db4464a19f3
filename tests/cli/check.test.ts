import { afterAll, describe, expect, it } from '@jest/globals';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ROOT } from '../helpers/paths.js';
import { page, run, tempTree } from './scenarios.js';

const CLEAN = page();
/** A trailing comma in the request body: `example-json-invalid`, an error, on line 33. */
const BROKEN = page({ requestBody: '{ "displayName": "Blue", }' });
/** A misspelt annotation key: `annotation-unknown-key`, a warning. */
const WARNED = page({ extraAnnotation: ', "trucated": true' });

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

interface Scenario {
  readonly name: string;
  readonly files: Readonly<Record<string, string>>;
  readonly args: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  readonly code: 0 | 1 | 2;
  readonly stdout?: readonly string[];
  readonly stderr?: readonly string[];
  readonly notStdout?: readonly string[];
  /** Files the run must have written, with a fragment of each. */
  readonly written?: Readonly<Record<string, string>>;
}

const scenarios: readonly Scenario[] = [
  { name: 'a clean page exits 0', files: { 'docs/a.md': CLEAN }, args: ['check'], code: 0, notStdout: ['docs/a.md'] },
  {
    name: 'an error exits 1 with file, line and rule',
    files: { 'docs/a.md': CLEAN, 'docs/b.md': BROKEN },
    args: ['check'],
    code: 1,
    stdout: ['docs/b.md', '33:24', 'example-json-invalid', 'trailing comma'],
    notStdout: ['docs/a.md:'],
  },
  { name: 'a warning alone exits 0', files: { 'docs/a.md': WARNED }, args: ['check'], code: 0, stdout: ['annotation-unknown-key', 'truncated'] },
  { name: '--fail-severity warning fails on a warning', files: { 'docs/a.md': WARNED }, args: ['check', '--fail-severity', 'warning'], code: 1 },
  {
    name: 'the config failSeverity fails on a warning',
    files: { 'docs/a.md': WARNED, 'docpact.config.json': '{ "failSeverity": "warning" }' },
    args: ['check'],
    code: 1,
  },
  {
    name: '--fail-severity wins over the config',
    files: { 'docs/a.md': WARNED, 'docpact.config.json': '{ "failSeverity": "warning" }' },
    args: ['check', '--fail-severity', 'error'],
    code: 0,
  },
  { name: '--rule off silences a rule', files: { 'docs/b.md': BROKEN }, args: ['check', '--rule', 'example-json-invalid=off'], code: 0, notStdout: ['example-json-invalid'] },
  {
    name: '--rule can lower a rule to a warning',
    files: { 'docs/b.md': BROKEN },
    args: ['check', '--rule', 'example-json-invalid=warning'],
    code: 0,
    stdout: ['warning', 'example-json-invalid'],
  },
  {
    name: 'the config rules can turn a rule off, and --rule turns it back on',
    files: { 'docs/b.md': BROKEN, 'docpact.config.json': '{ "rules": { "example-json-invalid": "off" } }' },
    args: ['check', '--rule', 'example-json-invalid=error'],
    code: 1,
  },
  {
    name: 'an unknown --rule id is a usage error with a suggestion',
    files: { 'docs/a.md': CLEAN },
    args: ['check', '--rule', 'example-json-invalld=off'],
    code: 2,
    stderr: ['Unexpected rule id "example-json-invalld"', 'did you mean "example-json-invalid"?'],
  },
  {
    name: 'a bad --rule severity is a usage error',
    files: { 'docs/a.md': CLEAN },
    args: ['check', '--rule', 'example-json-invalid=warn'],
    code: 2,
    stderr: ['Unexpected "warn", expected one of off, info, warning, error; did you mean "warning"?'],
  },
  {
    name: 'an unknown rule id in the config is named with its position',
    files: { 'docs/a.md': CLEAN, 'docpact.config.json': '{\n  "rules": {\n    "no-todos": "off"\n  }\n}' },
    args: ['check'],
    code: 2,
    stderr: ['docpact.config.json:3:5', 'Unexpected rule id "no-todos"'],
  },
  {
    name: 'a misspelt config key is named',
    files: { 'docs/a.md': CLEAN, 'docpact.config.json': '{ "failseverity": "warning" }' },
    args: ['check'],
    code: 2,
    stderr: ['docpact.config.json:1:3', 'Unexpected key "failseverity"', 'did you mean "failSeverity"?'],
  },
  {
    name: 'invalid JSON in the config gives line and column',
    files: { 'docs/a.md': CLEAN, 'docpact.config.json': '{\n  "docs": ["docs"],\n}' },
    args: ['check'],
    code: 2,
    stderr: ['docpact.config.json:3:1: invalid JSON', 'remove the trailing comma'],
  },
  {
    name: '--config names the file to read',
    files: { 'docs/a.md': WARNED, 'ci/strict.json': '{ "failSeverity": "warning" }' },
    args: ['check', '--config', 'ci/strict.json'],
    code: 1,
  },
  {
    name: 'a nonexistent path is exit 2 but the other pages are still reported',
    files: { 'docs/b.md': BROKEN },
    args: ['check', 'docs/nope.md', 'docs/b.md'],
    code: 2,
    stdout: ['docs/b.md', 'example-json-invalid'],
    stderr: ['Path not found: docs/nope.md'],
  },
  { name: 'a glob matching nothing is exit 2', files: { 'docs/a.md': CLEAN }, args: ['check', 'pages/**/*.md'], code: 2, stderr: ['No files match pages/**/*.md'] },
  {
    name: 'the config docs globs are the default paths, resolved from the config folder',
    files: { 'site/pages/b.md': BROKEN, 'site/docpact.config.json': '{ "docs": ["pages/**/*.md"] }', 'docs/a.md': CLEAN },
    args: ['check', '--config', 'site/docpact.config.json'],
    code: 1,
    stdout: ['site/pages/b.md'],
  },
  {
    name: 'ignore globs leave pages out',
    files: { 'docs/a.md': CLEAN, 'docs/includes/b.md': BROKEN, 'docpact.config.json': '{ "ignore": ["docs/includes/**"] }' },
    args: ['check'],
    code: 0,
  },
  {
    name: 'several formats go to their files and one to stdout',
    files: { 'docs/b.md': BROKEN },
    args: ['check', '--format', 'stylish', '--format', 'json', '--output', 'out/r.json', '--format', 'sarif', '--output', 'out/r.sarif', '--format', 'junit', '--output', 'out/r.xml'],
    code: 1,
    stdout: ['example-json-invalid'],
    stderr: ['wrote the json report to out/r.json', 'wrote the sarif report to out/r.sarif'],
    written: { 'out/r.json': '"ruleId": "example-json-invalid"', 'out/r.sarif': '"version": "2.1.0"', 'out/r.xml': '<testsuites' },
  },
  {
    name: '--output alone takes the format from its extension',
    files: { 'docs/b.md': BROKEN },
    args: ['check', '--output', 'r.sarif', '--quiet'],
    code: 1,
    written: { 'r.sarif': '"2.1.0"' },
  },
  {
    name: 'two formats to stdout is a usage error',
    files: { 'docs/a.md': CLEAN },
    args: ['check', '--format', 'json', '--format', 'stylish'],
    code: 2,
    stderr: ['expected at most one format without --output'],
  },
  { name: 'an unknown format is a usage error with a suggestion', files: { 'docs/a.md': CLEAN }, args: ['check', '--format', 'sarf'], code: 2, stderr: ['did you mean "sarif"?'] },
  { name: 'a bad --fail-severity is a usage error', files: { 'docs/a.md': CLEAN }, args: ['check', '--fail-severity', 'fatal'], code: 2, stderr: ['fatal'] },
  {
    name: 'GitHub Actions without --format adds workflow annotations',
    files: { 'docs/b.md': BROKEN },
    args: ['check'],
    env: { GITHUB_ACTIONS: 'true' },
    code: 1,
    stdout: ['33:24', '::error file=docs/b.md,line=33'],
  },
  {
    name: 'GitHub Actions with --format prints only that format',
    files: { 'docs/b.md': BROKEN },
    args: ['check', '--format', 'json'],
    env: { GITHUB_ACTIONS: 'true' },
    code: 1,
    notStdout: ['::error'],
  },
];

describe('docpact check', () => {
  it.each(scenarios)('should behave: $name', async (scenario) => {
    const dir = await tempTree(scenario.files);
    dirs.push(dir);
    const result = await run(dir, scenario.args, scenario.env);
    const context = `exit ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`;
    expect({ code: result.code, context }).toEqual({ code: scenario.code, context });
    for (const fragment of scenario.stdout ?? []) expect(result.stdout).toContain(fragment);
    for (const fragment of scenario.stderr ?? []) expect(result.stderr).toContain(fragment);
    for (const fragment of scenario.notStdout ?? []) expect(result.stdout).not.toContain(fragment);
    expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
    for (const [file, fragment] of Object.entries(scenario.written ?? {})) {
      expect(await readFile(join(dir, file), 'utf8')).toContain(fragment);
    }
  });
});

describe('docpact baseline and check --baseline', () => {
  it('should suppress recorded findings, survive edits above them, fail on new ones and report fixed ones', async () => {
    const dir = await tempTree({ 'docs/a.md': BROKEN, 'docs/c.md': CLEAN });
    dirs.push(dir);
    const write = async (file: string, text: string): Promise<void> => {
      const { writeFile } = await import('node:fs/promises');
      await writeFile(join(dir, file), text);
    };

    const made = await run(dir, ['baseline']);
    expect(made).toMatchObject({ code: 0 });
    expect(made.stderr).toContain('wrote docpact-baseline.json: 1 finding(s) on 1 of 2 page(s)');
    const file = JSON.parse(await readFile(join(dir, 'docpact-baseline.json'), 'utf8')) as { version: number; entries: { ruleId: string; file: string; count: number }[] };
    expect(file.version).toBe(1);
    expect(file.entries).toMatchObject([{ ruleId: 'example-json-invalid', file: 'docs/a.md', count: 1 }]);

    const accepted = await run(dir, ['check', '--baseline', 'docpact-baseline.json']);
    expect(accepted).toMatchObject({ code: 0 });
    expect(accepted.stdout).not.toContain('example-json-invalid');
    expect(accepted.stderr).toContain('1 finding(s) recorded in docpact-baseline.json not reported');

    await write('docs/a.md', page({ requestBody: '{ "displayName": "Blue", }', before: '\nA new paragraph.\n\nAnd another one.\n' }));
    expect(await run(dir, ['check', '--baseline', 'docpact-baseline.json'])).toMatchObject({ code: 0 });

    await write('docs/c.md', page({ requestBody: '{ "displayName": "Red", }' }));
    const fresh = await run(dir, ['check', '--baseline', 'docpact-baseline.json', '--format', 'json']);
    expect(fresh.code).toBe(1);
    const report = JSON.parse(fresh.stdout) as { diagnostics: { file: string; ruleId: string }[] };
    expect(report.diagnostics.map((d) => `${d.file} ${d.ruleId}`)).toEqual(['docs/c.md example-json-invalid']);

    await write('docs/a.md', CLEAN);
    await write('docs/c.md', CLEAN);
    const fixed = await run(dir, ['check', '--baseline', 'docpact-baseline.json']);
    expect(fixed.code).toBe(0);
    expect(fixed.stderr).toContain('1 baseline entry no longer occurs (fixed):\n  docs/a.md  example-json-invalid');
  });

  it('should count identical findings per page and pick the baseline up from the config', async () => {
    // The same example twice under one name: two findings with one identity.
    const twice = `${BROKEN}\n${BROKEN.replace(/^[\s\S]*?## Examples/, '## More examples')}`;
    const dir = await tempTree({ 'docs/a.md': twice, 'docpact.config.json': '{ "baseline": "ci/baseline.json" }' });
    dirs.push(dir);
    expect(await run(dir, ['baseline'])).toMatchObject({ code: 0 });
    const text = await readFile(join(dir, 'ci/baseline.json'), 'utf8');
    const entries = (JSON.parse(text) as { entries: { file: string; ruleId: string; count: number }[] }).entries;
    expect(entries.filter((e) => e.ruleId === 'example-json-invalid')).toMatchObject([{ file: '../docs/a.md', count: 2 }]);
    expect(await run(dir, ['check'])).toMatchObject({ code: 0 });
    // Writing the same findings again gives the same bytes.
    expect(await run(dir, ['baseline', '--quiet'])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await readFile(join(dir, 'ci/baseline.json'), 'utf8')).toBe(text);
  });

  it('should refuse to write a baseline when a path names nothing', async () => {
    const dir = await tempTree({ 'docs/a.md': BROKEN });
    dirs.push(dir);
    const result = await run(dir, ['baseline', 'docs', 'missing']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('baseline not written');
    await expect(readFile(join(dir, 'docpact-baseline.json'), 'utf8')).rejects.toThrow('ENOENT');
  });
});

describe('docpact check --changed-since', () => {
  it('should report only pages changed since the ref, committed or not, and reject a bad ref', async () => {
    const dir = await tempTree({ 'docs/old.md': BROKEN, 'docs/edited.md': CLEAN });
    dirs.push(dir);
    const { execFileSync } = await import('node:child_process');
    const git = (...args: string[]): string =>
      execFileSync('git', ['-c', 'user.name=docpact', '-c', 'user.email=docpact@example.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, encoding: 'utf8' });
    git('init', '-q', '-b', 'main');
    git('add', '.');
    git('commit', '-q', '-m', 'pages');
    git('checkout', '-q', '-b', 'feature');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(join(dir, 'docs/edited.md'), page({ requestBody: '{ "displayName": "Blue", }' }));
    git('commit', '-q', '-am', 'break a page');
    await writeFile(join(dir, 'docs/new.md'), page({ requestBody: '{ "displayName": "Green", }' }));

    const result = await run(dir, ['check', '--changed-since', 'main', '--format', 'json']);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { diagnostics: { file: string }[] };
    expect([...new Set(report.diagnostics.map((d) => d.file))]).toEqual(['docs/edited.md', 'docs/new.md']);
    expect(result.stderr).toContain('checked 2 changed pages of 3');

    const bad = await run(dir, ['check', '--changed-since', 'no-such-branch']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--changed-since: git diff failed: fatal: .*no-such-branch.*; make sure the ref is fetched/);
  });
});

describe('bin/docpact.js', () => {
  it('should set the process exit code and print the report when run as a program', async () => {
    const dir = await tempTree({ 'docs/b.md': BROKEN });
    dirs.push(dir);
    const { execFile } = await import('node:child_process');
    const bin = join(ROOT, 'bin/docpact.js');
    const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
      execFile(process.execPath, [bin, 'check', '--format', 'json'], { cwd: dir, env: { ...process.env, GITHUB_ACTIONS: '' } }, (error, stdout, stderr) => {
        done({ code: error === null ? 0 : (error as { code?: number }).code ?? null, stdout, stderr });
      });
    });
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 1, stderr: '' });
    const report = JSON.parse(result.stdout) as { diagnostics: { file: string; ruleId: string }[] };
    expect(report.diagnostics.map((d) => `${d.file} ${d.ruleId}`)).toEqual(['docs/b.md example-json-invalid']);
  });
});
