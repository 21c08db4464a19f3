/**
 * Reports at scale (issue 13 item 5): the JSON report lists per-file counts only for the files with findings while
 * `summary.files` still counts every file, merged shard reports keep that count, and every finding's `url` (check,
 * replay, extract) resolves to a rule doc that exists in this repository.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { check, replay } from '../../api/index.js';
import { mergeReports } from '../../cli/run-report-merge.js';
import { makeFinding } from '../../core/rule-docs.js';
import { FORMATTERS } from '../../reports/index.js';
import type { RunReport } from '../../reports/types.js';
import { ROOT } from '../helpers/paths.js';
import { brokenRuleDoc } from '../helpers/rule-doc-link.js';

const at = { start: { line: 3, column: 1, offset: 20 }, end: { line: 3, column: 5, offset: 24 } };

function report(files: readonly string[], findingsIn: readonly string[], command = 'check'): RunReport {
  return {
    tool: { name: 'docpact', version: '0' },
    command,
    files,
    diagnostics: findingsIn.map((file) => makeFinding('page-placeholder', 'warning', { message: 'Unexpected TODO, expected text', file, range: at })),
    failSeverity: 'error',
  };
}

type Json = { summary: { files: number; filesWithFindings: number; byFile: Record<string, unknown> } };
const parse = (text: string): Json => JSON.parse(text) as Json;

describe('the JSON report at scale', () => {
  it('should list per-file counts only for files with findings, and count every file', () => {
    const files = Array.from({ length: 500 }, (_, i) => `docs/p${String(i).padStart(3, '0')}.md`);
    const out = parse(FORMATTERS.json(report(files, ['docs/p007.md', 'docs/p007.md', 'docs/p300.md'])));
    expect(Object.keys(out.summary.byFile)).toEqual(['docs/p007.md', 'docs/p300.md']);
    expect(out.summary.byFile['docs/p007.md']).toEqual({ error: 0, warning: 2, info: 0 });
    expect(out.summary.files).toBe(500);
    expect(out.summary.filesWithFindings).toBe(2);
  });

  it('should keep the file count when check shards are merged (sum) and when replay shards are merged (largest)', () => {
    const shard = (files: string[], findings: string[], command = 'check') => JSON.parse(FORMATTERS.json(report(files, findings, command))) as Parameters<typeof mergeReports>[0][number];
    const checkMerged = parse(FORMATTERS.json(mergeReports([shard(['a.md', 'b.md', 'c.md'], ['b.md']), shard(['d.md', 'e.md'], [])])));
    expect(checkMerged.summary.files).toBe(5);
    expect(Object.keys(checkMerged.summary.byFile)).toEqual(['b.md']);
    const replayMerged = parse(FORMATTERS.json(mergeReports([shard(['a.md', 'b.md', 'c.md'], ['b.md'], 'replay'), shard(['a.md', 'b.md', 'c.md'], ['c.md'], 'replay')])));
    expect(replayMerged.summary.files).toBe(3);
    expect(Object.keys(replayMerged.summary.byFile)).toEqual(['b.md', 'c.md']);
  });
});

describe('every finding links to a rule doc that exists', () => {
  let cwd: string;
  beforeAll(() => {
    cwd = mkdtempSync(join(tmpdir(), 'docpact-urls-'));
    cpSync(join(ROOT, 'docs'), join(cwd, 'docs'), { recursive: true });
    // Pages the extractor cannot read as pages: their extract/* findings need links too.
    writeFileSync(join(cwd, 'docs/empty.md'), '');
    writeFileSync(join(cwd, 'docs/binary.md'), Buffer.from([0, 1, 2, 0xff, 0xfe]));
  });
  afterAll(() => rmSync(cwd, { recursive: true, force: true }));

  it('should resolve the url of every check, extract and replay finding on docs/ to a doc in this repository', async () => {
    const checked = await check(['docs'], { cwd, cache: false });
    const replayed = await replay(['docs'], { cwd });
    const diagnostics = [...checked.diagnostics, ...replayed.diagnostics];
    // The seed page's defects, an unreadable page's and at least one replay finding: all three stages are covered.
    expect(new Set(diagnostics.map((d) => d.ruleId.split('/')[0] === d.ruleId ? 'check' : d.ruleId.split('/')[0]))).toEqual(new Set(['check', 'extract', 'replay']));
    const broken = diagnostics.map((d) => brokenRuleDoc(d.url, ROOT)).filter((problem) => problem !== undefined);
    expect(broken).toEqual([]);
  });

  it('should say why a url does not resolve', () => {
    expect(brokenRuleDoc('checks/no-such-rule.md', ROOT)).toMatch(/does not exist/);
    expect(brokenRuleDoc('replay/RULES.md#no-such-section', ROOT)).toMatch(/no "## no-such-section" section/);
    expect(brokenRuleDoc('https://docpact.dev/rules/replay#status', ROOT)).toMatch(/not a path/);
    expect(brokenRuleDoc(null, ROOT)).toMatch(/no url/);
    expect(brokenRuleDoc('replay/RULES.md#status', ROOT)).toBeUndefined();
  });
});
