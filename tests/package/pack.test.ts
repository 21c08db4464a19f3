/**
 * docpact as a package other projects install (issue 13): `npm pack` of a copy of this project (its prepack builds
 * dist/), the tarball installed into an empty temporary project with `npm install`, and there: `npx docpact
 * --version`, `npx docpact check` on a copy of docs/ (exit 1, the seed's findings), `npx docpact replay` (Jest over
 * the compiled build), a script importing the API that gets the CLI's JSON diagnostics and summary, a TypeScript
 * consumer type-checked against the shipped declarations, and every finding's url naming a rule doc the package ships.
 * The tarball holds no test file and no TypeScript source; the build toolchain (tsx, @swc) is not installed.
 *
 * The project is packed from a copy (node_modules linked), so the dist/ that prepack builds never appears in this
 * checkout, where bin/docpact.js would prefer it to the sources other tests run. npm's cache is kept in the temp
 * folder between runs (`docpact-test-npm-cache`); the first run downloads the dependencies from the registry.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import type { SpawnSyncReturns } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { workerEntry } from '../../extractor/parallel.js';
import { ROOT } from '../helpers/paths.js';
import { brokenRuleDoc } from '../helpers/rule-doc-link.js';

/** Top-level entries of the checkout that are not the project's own files. */
const NOT_COPIED = new Set(['node_modules', '.git', 'out', 'dist', '.docpact', 'coverage']);
const NPM_CACHE = join(tmpdir(), 'docpact-test-npm-cache');
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

// The outer `npm test` exports npm_config_* and npm_lifecycle_*; the nested npm and npx run as a user's would.
const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith('npm_'))) as NodeJS.ProcessEnv;

function run(command: string, args: readonly string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync(command, [...args], { cwd, env: { ...env, NO_COLOR: '1' }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

function ok(result: SpawnSyncReturns<string>, what: string): SpawnSyncReturns<string> {
  if (result.status !== 0) throw new Error(`${what} exited ${String(result.status)}:\n${result.stdout}\n${result.stderr}`);
  return result;
}

let work: string;
let tarball: string;
let entries: string[];
let project: string;

// Packing builds with tsc and installing fetches the dependencies: minutes on a loaded machine. A hang guard only.
const SLOW = 30 * 60 * 1000;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'docpact-pack-'));
  const source = join(work, 'source');
  mkdirSync(source);
  for (const name of readdirSync(ROOT)) {
    if (!NOT_COPIED.has(name)) cpSync(join(ROOT, name), join(source, name), { recursive: true, filter: (from) => !from.includes(`${ROOT}/bench/tmp`) });
  }
  symlinkSync(join(ROOT, 'node_modules'), join(source, 'node_modules'), 'dir');
  ok(run('npm', ['pack', '--pack-destination', work], source), 'npm pack');
  tarball = join(work, readdirSync(work).find((name) => name.endsWith('.tgz'))!);
  entries = ok(run('tar', ['-tzf', tarball], work), 'tar').stdout.split('\n').filter((line) => line !== '');
  // postpack removed the build again.
  expect(existsSync(join(source, 'dist'))).toBe(false);

  project = join(work, 'project');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), '{ "name": "our-docs", "version": "1.0.0", "private": true }\n');
  ok(run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--cache', NPM_CACHE, tarball], project), 'npm install');
  cpSync(join(ROOT, 'docs'), join(project, 'docs'), { recursive: true });
}, SLOW);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the worker entry', () => {
  it('should start parse-worker.js itself when compiled, and worker-boot.mjs (tsx) from the sources', () => {
    const compiled = workerEntry('file:///pkg/dist/extractor/parallel.js');
    expect(compiled.script.href).toBe('file:///pkg/dist/extractor/parse-worker.js');
    expect(compiled.entry).toBe('file:///pkg/dist/extractor/parse-worker.js');
    const source = workerEntry('file:///repo/extractor/parallel.ts');
    expect(source.script.href).toBe('file:///repo/extractor/worker-boot.mjs');
    expect(source.entry).toBe('file:///repo/extractor/parse-worker.ts');
  });
});

describe('the npm package', () => {
  it('should ship the build, the rule docs and the action, and no test file or TypeScript source', () => {
    expect(basename(tarball)).toBe(`docpact-${VERSION}.tgz`);
    expect(entries).toEqual(expect.arrayContaining([
      'package/package.json', 'package/bin/docpact.js', 'package/action.yml', 'package/docpact.schema.json', 'package/README.md',
      'package/dist/api/index.js', 'package/dist/api/index.d.ts', 'package/dist/cli/main.js', 'package/dist/extractor/parse-worker.js',
      'package/dist/replay/suite/define-page.js', 'package/dist/replay/suite/run-jest.mjs', 'package/checks/link-broken.md', 'package/replay/RULES.md',
    ]));
    expect(entries.filter((e) => /(^|\/)(tests?|__tests__|fixtures)\//.test(e) || /\.test\.|\.spec\./.test(e))).toEqual([]);
    expect(entries.filter((e) => e.endsWith('.ts') && !e.endsWith('.d.ts'))).toEqual([]);
    // Outside dist/, only the entry points package.json names (bin/docpact.js, remark/index.js), each with its
    // compiled module in dist/ (they run the TypeScript through tsx only in a checkout, where dist/ is absent).
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { files: string[] };
    const entryPoints = entries.filter((e) => !e.startsWith('package/dist/') && /\.(js|mjs)$/.test(e));
    expect(entryPoints.map((e) => e.slice('package/'.length)).sort()).toEqual(manifest.files.filter((f) => /\.(js|mjs)$/.test(f)).sort());
    expect(entryPoints).toContain('package/bin/docpact.js');
    if (entryPoints.includes('package/remark/index.js')) expect(entries).toContain('package/dist/remark/plugin.js');
  });

  it('should install without the TypeScript toolchain', () => {
    for (const dev of ['tsx', '@swc/core', '@swc/jest', 'typescript', 'esbuild']) expect([dev, existsSync(join(project, 'node_modules', dev))]).toEqual([dev, false]);
    expect(existsSync(join(project, 'node_modules/jest'))).toBe(true);
  });

  it('should run npx docpact --version and check the docs (exit 1, the seed page\'s findings)', () => {
    expect(ok(run('npx', ['--no-install', 'docpact', '--version'], project), 'docpact --version').stdout.trim()).toBe(VERSION);
    const checked = run('npx', ['--no-install', 'docpact', 'check', 'docs'], project);
    expect(checked.status).toBe(1);
    expect(checked.stdout).toContain('docs/api-reference/beta/api/accesspackageassignment-post.md');
    expect(checked.stdout).toMatch(/✖ \d+ problems \(\d+ errors?/);
  }, SLOW);

  it('should give a script that imports the API the diagnostics and summary of the CLI\'s JSON report', () => {
    const cli = run('npx', ['--no-install', 'docpact', 'check', 'docs', '--format', 'json', '--output', 'cli.json', '--no-cache'], project);
    expect(cli.status).toBe(1);
    writeFileSync(
      join(project, 'api.mjs'),
      `import { writeFileSync } from 'node:fs';
import { check, formatters, extract } from 'docpact';
const result = await check(['docs'], { cache: false });
const pages = (await extract(['docs'])).pages.length;
writeFileSync('api.json', JSON.stringify({ diagnostics: result.diagnostics, summary: result.summary, exitCode: result.exitCode, pages, sarif: JSON.parse(formatters.sarif(result.report)).version }));
`,
    );
    ok(run('node', ['api.mjs'], project), 'node api.mjs');
    const api = JSON.parse(readFileSync(join(project, 'api.json'), 'utf8')) as { diagnostics: { url: string | null }[]; summary: { total: number }; exitCode: number; pages: number; sarif: string };
    const json = JSON.parse(readFileSync(join(project, 'cli.json'), 'utf8')) as { diagnostics: unknown[]; summary: unknown };
    expect(api.diagnostics.length).toBeGreaterThan(0);
    expect(api.diagnostics).toEqual(json.diagnostics);
    expect(api.summary).toEqual(json.summary);
    expect(api.exitCode).toBe(1);
    expect(api.pages).toBe(10);
    expect(api.sarif).toBe('2.1.0');
    const packageRoot = join(project, 'node_modules/docpact');
    expect(api.diagnostics.map((d) => brokenRuleDoc(d.url, packageRoot)).filter((p) => p !== undefined)).toEqual([]);
  }, SLOW);

  it('should parse over worker threads that run the compiled parse-worker.js (tsx is not installed)', () => {
    // 220 pages: enough for two workers (a worker takes at least 100), so check starts them.
    const many = join(project, 'many');
    mkdirSync(many);
    const seed = readFileSync(join(ROOT, 'docs/api-reference/beta/api/accesspackageassignment-post.md'));
    for (let i = 0; i < 220; i++) writeFileSync(join(many, `page-${i}.md`), seed);
    const checked = run('npx', ['--no-install', 'docpact', 'check', 'many', '--workers', '2', '--no-cache', '--format', 'json', '--output', 'many.json'], project);
    expect(checked.status).toBe(1);
    const report = JSON.parse(readFileSync(join(project, 'many.json'), 'utf8')) as { summary: { files: number; filesWithFindings: number }; diagnostics: { ruleId: string }[] };
    expect(report.summary).toMatchObject({ files: 220, filesWithFindings: 220 });
    expect(report.diagnostics.filter((d) => /internal-error|too-slow/.test(d.ruleId))).toEqual([]);
  }, SLOW);

  it('should replay the examples through Jest with the compiled build', () => {
    const replayed = run('npx', ['--no-install', 'docpact', 'replay', 'docs', '--format', 'json', '--output', 'replay.json'], project);
    expect(replayed.status).toBe(1);
    const report = JSON.parse(readFileSync(join(project, 'replay.json'), 'utf8')) as { summary: { examples: { passed: number; failed: number } }; diagnostics: { url: string | null }[] };
    expect(report.summary.examples).toMatchObject({ passed: 5, failed: 1 });
    const packageRoot = join(project, 'node_modules/docpact');
    expect(report.diagnostics.map((d) => brokenRuleDoc(d.url, packageRoot)).filter((p) => p !== undefined)).toEqual([]);
  }, SLOW);

  it('should type-check a TypeScript consumer against the shipped declarations', () => {
    writeFileSync(
      join(project, 'consumer.ts'),
      `import { check, formatters, type RunResult, type ReportDiagnostic } from 'docpact';
const result: RunResult = await check(['docs'], { failSeverity: 'warning', cache: false });
const first: ReportDiagnostic | undefined = result.diagnostics[0];
const line: number | undefined = first?.range.start.line;
const errors: number = result.summary.errors;
const text: string = formatters.stylish(result.report);
export { line, errors, text };
`,
    );
    writeFileSync(join(project, 'bad.ts'), `import { check } from 'docpact';\nconst n: string = (await check()).summary.total;\nexport { n };\n`);
    const tsconfig = (files: string[]) => JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', strict: true, noEmit: true, skipLibCheck: true, types: [] }, files });
    writeFileSync(join(project, 'tsconfig.json'), tsconfig(['consumer.ts']));
    writeFileSync(join(project, 'tsconfig.bad.json'), tsconfig(['bad.ts']));
    writeFileSync(join(project, 'package.json'), JSON.stringify({ ...JSON.parse(readFileSync(join(project, 'package.json'), 'utf8')), type: 'module' }));
    const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
    ok(run(process.execPath, [tsc, '-p', 'tsconfig.json'], project), 'tsc (consumer)');
    // The declarations are real types: a wrong one is an error.
    const bad = run(process.execPath, [tsc, '-p', 'tsconfig.bad.json'], project);
    expect(bad.status).not.toBe(0);
    expect(bad.stdout).toMatch(/bad\.ts.*TS2322/);
  }, SLOW);
});
