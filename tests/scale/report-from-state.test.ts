/**
 * A run over an unchanged doc set is served from the doc set's state (engine/cache.ts): its JSON report is assembled
 * from each page's stored text (reports/finding-text.ts) instead of from finding objects. These tests hold it to the
 * report the objects give, byte for byte, and to the same exit code, under rule settings, a fail severity, a page whose
 * findings redaction changes, and a configured secret.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkReport } from '../../cli/run-check.js';
import { json } from '../../reports/json.js';
import { StoredTextGone, parseFindings } from '../../reports/finding-text.js';
import { jsonParts } from '../../reports/json.js';
import { writeReportSet } from '../../reports/write-set.js';
import { PageCache } from '../../engine/cache.js';
import { copyOfDocs } from '../helpers/docs-copy.js';
import { page, run, tempTree } from '../cli/scenarios.js';

let cwd: string;

/** A page whose broken link carries a credential in its query: the link-broken message quotes it, and reports redact it. */
const SECRET_LINK = '# Notes\n\nSee [the sign-in page](sign-in.md?access_token=abcdefgh12345678).\n';

beforeAll(async () => {
  ({ dir: cwd } = await copyOfDocs('docpact-state-report-'));
  writeFileSync(join(cwd, 'docs/notes.md'), SECRET_LINK);
});
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

/** `docpact check docs --format json --output FILE` with `extra` arguments: the exit code and the report's bytes. */
async function report(name: string, extra: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<{ code: number; text: string }> {
  const { code } = await run(cwd, ['check', 'docs', '--format', 'json', '--output', name, '--quiet', '--workers', '1', ...extra], env);
  return { code, text: readFileSync(join(cwd, name), 'utf8') };
}

describe('the JSON report of a run served from the doc set\'s state', () => {
  it('should be the report the finding objects give, byte for byte, with the same exit code', async () => {
    rmSync(join(cwd, '.docpact'), { recursive: true, force: true });
    const plain = await report('plain.json', ['--no-cache']);
    const cold = await report('cold.json', []);
    const warm = await report('warm.json', []);
    expect(plain.code).toBe(1);
    expect(JSON.parse(plain.text).diagnostics.length).toBeGreaterThan(20);
    expect(cold).toEqual(plain);
    expect(warm).toEqual(plain);
    // The warm run was the state's: its findings file exists, and the redacted link is redacted in every report.
    expect(readdirSync(join(cwd, '.docpact/cache')).some((name) => name.startsWith('result-findings-'))).toBe(true);
    expect(warm.text).toContain('access_token=[REDACTED]');
  });

  it('should keep to rule settings and the fail severity, from the state as from the objects', async () => {
    const settings = ['--rule', 'example-type-mismatch=warning', '--rule', 'extract/annotation-orphan=off', '--rule', 'page-placeholder=info'];
    const plain = await report('plain.json', [...settings, '--no-cache']);
    await report('cold.json', settings);
    const warm = await report('warm.json', settings);
    expect(warm).toEqual(plain);
    expect(plain.text).not.toContain('"ruleId": "page-placeholder",\n      "severity": "warning"');
  });

  it('should exit by the fail severity from the stored counts', async () => {
    // A doc set with a warning and no error: exit 0 at "error", 1 at "warning" and "info".
    const dir = await tempTree({ 'docs/a.md': page(), 'docs/b.md': page({ extraAnnotation: ', "trucated": true' }) });
    try {
      const codes: number[] = [];
      for (const failSeverity of ['error', 'warning', 'info']) {
        const args = ['check', 'docs', '--format', 'json', '--output', 'r.json', '--quiet', '--fail-severity', failSeverity];
        const plain = await run(dir, [...args, '--no-cache']);
        await run(dir, args);
        const warm = await run(dir, args);
        expect(warm.code).toBe(plain.code);
        codes.push(warm.code);
      }
      expect(codes).toEqual([0, 1, 1]);
      expect(readdirSync(join(dir, '.docpact/cache')).some((name) => name.startsWith('result-findings-'))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('should be printed through the objects when a secret is configured, and still match', async () => {
    const env = { DOCPACT_TOKEN: 'catalogId' };
    const plain = await report('plain.json', ['--no-cache'], env);
    const warm = await report('warm.json', [], env);
    expect(warm).toEqual(plain);
    expect(plain.text).toContain('[REDACTED]');
    expect(plain.text).not.toContain('"catalogId"');
  });

  it('should hand on stored texts whose objects are the findings themselves', async () => {
    await report('warm.json', []);
    const { report: served } = await checkReport(['docs'], { cwd, workers: 1, quiet: true });
    expect(served.findingTexts).toBeDefined();
    const texts = served.findingTexts!;
    expect(texts.some((page) => page.redacts)).toBe(true);
    expect(texts.flatMap((page) => parseFindings(page.text))).toEqual(served.diagnostics);
    // The same report, whether assembled from the texts or printed from the objects made of them.
    const { findingTexts: _texts, ...objects } = served;
    expect(json(served)).toBe(json({ ...objects, diagnostics: served.diagnostics }));
  });

  it('should stop with a clear error and keep the previous report when the stored findings go away during the run', async () => {
    await report('warm.json', []);
    const { report: served } = await checkReport(['docs'], { cwd, workers: 1, quiet: true });
    // Another run over the same cache replaces the state between this run's reading and its writing.
    const cache = join(cwd, '.docpact/cache');
    for (const name of readdirSync(cache)) if (name.startsWith('result-findings-')) rmSync(join(cache, name));
    const target = join(cwd, 'kept.json');
    writeFileSync(target, 'previous\n');
    // Copied span by span into the report file (the pages redaction leaves alone)…
    // (A copy that keeps `diagnostics` a getter: spreading would read it, and reading it now fails too.)
    const plain = Object.defineProperties({}, {
      ...Object.getOwnPropertyDescriptors(served),
      findingTexts: { value: served.findingTexts!.filter((page) => !page.redacts), enumerable: true },
    }) as typeof served;
    await expect(writeReportSet([{ path: target, content: jsonParts(plain) }])).rejects.toBeInstanceOf(StoredTextGone);
    // …or read back as findings (a page redaction changes, another format).
    await expect((async () => writeReportSet([{ path: target, content: jsonParts(served) }]))()).rejects.toBeInstanceOf(StoredTextGone);
    expect(readFileSync(target, 'utf8')).toBe('previous\n');
    expect(readdirSync(cwd).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    expect(() => json(served)).toThrow(StoredTextGone);
    rmSync(join(cwd, '.docpact'), { recursive: true, force: true });
  });
});

describe('the findings files of earlier states', () => {
  it('should keep the newest earlier one for a run still copying from it, and remove the older ones', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'docpact-findings-files-'));
    try {
      const store = new PageCache(dir);
      const state = (docSet: string) => ({
        configKey: 'k', docSet, universe: 'u', factsId: docSet, readAt: 0, files: ['a.md'],
        pages: [{ key: 'p', findings: { text: `    {"docSet": "${docSet}"}`, counts: {} }, deps: '' }],
      });
      const files = (): string[] => readdirSync(dir).filter((name) => name.startsWith('result-findings-')).sort();
      const [a, b, c] = ['a', 'b', 'c'].map((x) => x.repeat(40));
      await store.saveResult(state(a));
      await new Promise((done) => setTimeout(done, 20));
      await store.saveResult(state(b));
      expect(files()).toEqual([`result-findings-${a}.txt`, `result-findings-${b}.txt`]);
      await new Promise((done) => setTimeout(done, 20));
      await store.saveResult(state(c));
      expect(files()).toEqual([`result-findings-${b}.txt`, `result-findings-${c}.txt`]);
      // The state read back is the last one, its text copied from its own file.
      const read = await store.readResult();
      expect(read?.docSet).toBe(c);
      expect(parseFindings(read!.pages[0].findings.text)).toEqual([{ docSet: c }]);
      await store.saveResult(undefined);
      expect(files()).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
