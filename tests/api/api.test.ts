/**
 * The programmatic API (issue 13 item 2): each function resolves to data, prints nothing and never exits or sets
 * process.exitCode; usage and config errors reject with DocpactError (exitCode 2), as the CLI exits 2.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { check, DocpactError, extract, formatters, metadata, openapi, replay } from '../../api/index.js';
import { ROOT } from '../helpers/paths.js';

let cwd: string;
let written: string[];
beforeAll(() => {
  cwd = mkdtempSync(join(tmpdir(), 'docpact-api-'));
  cpSync(join(ROOT, 'docs'), join(cwd, 'docs'), { recursive: true });
  written = [];
  const capture = (chunk: unknown): boolean => (written.push(String(chunk)), true);
  jest.spyOn(process.stdout, 'write').mockImplementation(capture);
  jest.spyOn(process.stderr, 'write').mockImplementation(capture);
  jest.spyOn(process, 'exit').mockImplementation((code) => {
    throw new Error(`process.exit(${String(code)}) called`);
  });
});
afterAll(() => {
  jest.restoreAllMocks();
  rmSync(cwd, { recursive: true, force: true });
});

describe('the API', () => {
  it('should return data from every function, printing nothing and leaving the exit code alone', async () => {
    const checked = await check(['docs'], { cwd, cache: false });
    expect(checked.exitCode).toBe(1);
    expect(checked.command).toBe('check');
    expect(checked.summary.files).toBe(10);
    expect(checked.diagnostics.every((d) => d.file === 'docs/api-reference/beta/api/accesspackageassignment-post.md')).toBe(true);
    // The report is what the formatters take: the API's JSON is the json formatter's.
    expect(JSON.parse(formatters.json(checked.report, { cwd })).diagnostics).toEqual(checked.diagnostics);

    expect(checked.diagnostics.some((d) => d.ruleId === 'example-placeholder-value')).toBe(true);
    const warnings = await check(['docs'], { cwd, cache: false, rule: ['example-placeholder-value=off'], failSeverity: 'warning' });
    expect(warnings.diagnostics.some((d) => d.ruleId === 'example-placeholder-value')).toBe(false);
    expect(warnings.summary.failSeverity).toBe('warning');

    const extracted = await extract(['docs'], { cwd, out: 'contracts' });
    expect(extracted.pages).toHaveLength(10);
    expect(extracted.contracts.fixtures.length).toBeGreaterThan(0);
    expect(existsSync(join(cwd, 'contracts/manifest.json'))).toBe(true);

    const exported = await openapi(['docs'], { cwd });
    expect(exported.document.openapi).toMatch(/^3\.1/);
    expect(Object.keys(exported.document.paths as object).length).toBeGreaterThan(0);

    const replayed = await replay(['docs'], { cwd });
    expect(replayed.summary.examples).toMatchObject({ passed: 5, failed: 1, total: 6 });
    expect(replayed.exitCode).toBe(1);
    expect((await replay(['docs'], { cwd, testNamePattern: 'get_' })).summary.examples?.total).toBeLessThan(6);

    const missing = await check(['docs', 'no-such-folder'], { cwd, cache: false });
    expect(missing.exitCode).toBe(2);
    expect(missing.inputProblems).toEqual([expect.stringContaining('no-such-folder')]);

    expect(written.join('')).toBe('');
    expect(process.exitCode).toBeUndefined();
  });

  it('should reject usage and config errors with DocpactError (exitCode 2)', async () => {
    await expect(check(['docs'], { cwd, rule: ['no-such-rule=off'] })).rejects.toThrow(DocpactError);
    await expect(check(['docs'], { cwd, rule: ['no-such-rule=off'] })).rejects.toMatchObject({ exitCode: 2, message: expect.stringContaining('no-such-rule') });
    await expect(metadata(['docs'], { cwd })).rejects.toThrow(/no CSDL given/);
    await expect(openapi(['docs'], { cwd, baseUrl: 'not a url' })).rejects.toThrow(DocpactError);
    await expect(replay(['docs'], { cwd, target: 'ftp://nowhere' })).rejects.toThrow(DocpactError);
    writeFileSync(join(cwd, 'bad.config.json'), '{ "docs": ["docs"], "nosuchkey": 1 }');
    await expect(check([], { cwd, config: 'bad.config.json' })).rejects.toThrow(DocpactError);
    expect(readFileSync(join(cwd, 'bad.config.json'), 'utf8')).toContain('nosuchkey');
    expect(written.join('')).toBe('');
    expect(process.exitCode).toBeUndefined();
  });
});
