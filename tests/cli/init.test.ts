/**
 * `docpact init` (issue 13 item 3): in a temporary repository it writes the config (with `$schema`, guessed docs
 * globs, namespace), a baseline and a GitHub Actions workflow; `check` with them exits 0 on the unchanged docs and 1
 * once a page gains a defect; it refuses to overwrite without --force, and writes nothing where it finds no page.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { check } from '../../api/index.js';
import { validateConfig } from '../../cli/config.js';
import { UsageError } from '../../cli/errors.js';
import { guessRepository, INIT_FILES, runInit } from '../../cli/run-init.js';
import { ROOT } from '../helpers/paths.js';

const temps: string[] = [];
function repo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'docpact-init-'));
  temps.push(dir);
  return dir;
}

beforeAll(() => {
  jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterAll(() => {
  jest.restoreAllMocks();
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

describe('docpact init', () => {
  let dir: string;
  beforeAll(() => {
    dir = repo();
    cpSync(join(ROOT, 'docs'), join(dir, 'content'), { recursive: true });
    // A second docs version and an include folder inside it: one glob per version, includes ignored.
    mkdirSync(join(dir, 'content/api-reference/v1.0/resources/includes'), { recursive: true });
    cpSync(join(ROOT, 'docs/api-reference/beta/resources/requestschedule.md'), join(dir, 'content/api-reference/v1.0/resources/requestschedule.md'));
    writeFileSync(join(dir, 'content/api-reference/v1.0/resources/includes/note.md'), '> Note: TODO\n');
    writeFileSync(join(dir, 'README.md'), '# Our docs\n\nNot an API page.\n');
    writeFileSync(join(dir, 'package.json'), '{ "name": "our-docs", "private": true }\n');
  });

  it('should write the three files, guessed from the repository', async () => {
    expect(await runInit({ cwd: dir, quiet: true })).toBe(0);
    const config = JSON.parse(readFileSync(join(dir, INIT_FILES.config), 'utf8')) as Record<string, unknown>;
    expect(await validateConfig(config)).toEqual([]);
    expect(config.$schema).toBe('./node_modules/docpact/docpact.schema.json');
    expect(config.docs).toEqual(['content/api-reference/beta/**/*.md', 'content/api-reference/v1.0/**/*.md']);
    expect(config.ignore).toEqual(['**/includes/**']);
    expect(config.namespace).toBe('microsoft.graph');
    expect(config.baseline).toBe(INIT_FILES.baseline);

    const baseline = JSON.parse(readFileSync(join(dir, INIT_FILES.baseline), 'utf8')) as { entries: { file: string; ruleId: string }[] };
    // Today's findings: the seed page's defects are in it, and no page outside the docs globs is.
    expect(baseline.entries.some((e) => e.file === 'content/api-reference/beta/api/accesspackageassignment-post.md')).toBe(true);
    expect(baseline.entries.every((e) => e.file.startsWith('content/api-reference/') && !e.file.includes('/includes/'))).toBe(true);

    const workflow = parse(readFileSync(join(dir, INIT_FILES.workflow), 'utf8')) as {
      on: Record<string, unknown>;
      jobs: Record<string, { steps: { uses?: string; run?: string; with?: Record<string, string> }[] }>;
    };
    expect(Object.keys(workflow.on)).toEqual(expect.arrayContaining(['pull_request']));
    const steps = workflow.jobs.docpact.steps;
    expect(steps.some((s) => s.run === 'npm ci')).toBe(true);
    const docpact = steps.find((s) => s.uses === './node_modules/docpact');
    expect(docpact?.with?.baseline).toBe(INIT_FILES.baseline);
  });

  it('should let check exit 0 on the unchanged docs with those files, and 1 on a new defect', async () => {
    const clean = await check([], { cwd: dir, cache: false });
    expect(clean.exitCode).toBe(0);
    expect(clean.diagnostics).toEqual([]);
    expect(clean.summary.baseline?.suppressed).toBeGreaterThan(0);
    expect(clean.summary.files).toBe(10);

    const page = join(dir, 'content/api-reference/v1.0/resources/requestschedule.md');
    const before = readFileSync(page, 'utf8');
    appendFileSync(page, '\n## Relationships\n\nSee [the missing page](../api/does-not-exist.md).\n');
    try {
      const dirty = await check([], { cwd: dir, cache: false });
      expect(dirty.exitCode).toBe(1);
      expect(dirty.diagnostics.map((d) => d.file)).toContain('content/api-reference/v1.0/resources/requestschedule.md');
    } finally {
      writeFileSync(page, before);
    }
  });

  it('should refuse to overwrite without --force, and overwrite with it', async () => {
    writeFileSync(join(dir, INIT_FILES.config), '{ "docs": ["content"] }\n');
    const stamp = statSync(join(dir, INIT_FILES.baseline)).mtimeMs;
    expect(await runInit({ cwd: dir, quiet: true })).toBe(2);
    expect(readFileSync(join(dir, INIT_FILES.config), 'utf8')).toBe('{ "docs": ["content"] }\n');
    expect(statSync(join(dir, INIT_FILES.baseline)).mtimeMs).toBe(stamp);

    expect(await runInit({ cwd: dir, quiet: true, force: true })).toBe(0);
    expect((JSON.parse(readFileSync(join(dir, INIT_FILES.config), 'utf8')) as { docs: string[] }).docs).toHaveLength(2);
  });

  it('should refuse where one file of the three exists, writing none', async () => {
    const other = repo();
    cpSync(join(ROOT, 'docs'), join(other, 'docs'), { recursive: true });
    mkdirSync(join(other, '.github/workflows'), { recursive: true });
    writeFileSync(join(other, INIT_FILES.workflow), 'name: ours\n');
    expect(await runInit({ cwd: other, quiet: true })).toBe(2);
    expect(() => statSync(join(other, INIT_FILES.config))).toThrow();
    expect(() => statSync(join(other, INIT_FILES.baseline))).toThrow();
    expect(readFileSync(join(other, INIT_FILES.workflow), 'utf8')).toBe('name: ours\n');
  });

  it('should write nothing and say so where no API reference page is found', async () => {
    const empty = repo();
    writeFileSync(join(empty, 'README.md'), '# Hello\n\nJust prose.\n');
    await expect(runInit({ cwd: empty, quiet: true })).rejects.toThrow(UsageError);
    await expect(guessRepository(empty)).rejects.toThrow(/no API reference pages found/);
    expect(() => statSync(join(empty, INIT_FILES.config))).toThrow();
  });

  it('should install docpact in the workflow when the repository has no package.json', async () => {
    const bare = repo();
    cpSync(join(ROOT, 'docs'), join(bare, 'docs'), { recursive: true });
    expect(await runInit({ cwd: bare, quiet: true })).toBe(0);
    const text = readFileSync(join(bare, INIT_FILES.workflow), 'utf8');
    expect(text).toMatch(/npm install --no-save --no-audit --no-fund docpact@\d+\.\d+\.\d+/);
    expect(text).not.toMatch(/run: npm ci/);
  });
});
