/**
 * The one test of every rule's doc (see ../../../shared/STYLE.md, "A rule"): each rule in RULES has a doc, each
 * doc example runs through the real pipeline (parsePage + runChecks with only that rule on), ✅ examples report
 * nothing and ❌ examples report exactly the listed lines. Plus: the seed page yields the defects issue 3 marks.
 */
import { describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildDocSet, defineRule, RULES, runChecks } from '../../checks/index.js';
import { applyRules } from '../../checks/engine.js';
import { loadPages, parsePage } from '../../extractor/index.js';
import { ROOT } from '../helpers/paths.js';
import { editsOutsideFindings, fixExample, hasFix, parseRuleDoc, runExample } from './rule-doc-examples.js';

const CHECKS = join(ROOT, 'checks');
const REQUIRED_SECTIONS = ['## What it checks', '## Why', '## Options', '## Examples'];

const docCases = Object.keys(RULES).map((id) => [id] as const);

describe('rule docs', () => {
  it.each(docCases)('should give %s a doc with every section and at least one ✅ and one ❌ example', (id) => {
    const path = join(CHECKS, `${id}.md`);
    expect(existsSync(path)).toBe(true);
    const doc = readFileSync(path, 'utf8');
    expect(doc.startsWith(`# ${id}\n`)).toBe(true);
    for (const section of REQUIRED_SECTIONS) expect(doc).toContain(`\n${section}\n`);
    const examples = parseRuleDoc(doc);
    expect(examples.some((e) => e.kind === 'ok')).toBe(true);
    expect(examples.some((e) => e.kind === 'not-ok')).toBe(true);
  });

  const exampleCases = Object.keys(RULES).flatMap((id) => {
    const path = join(CHECKS, `${id}.md`);
    if (!existsSync(path)) return [];
    return parseRuleDoc(readFileSync(path, 'utf8')).map((example) => [id, example.heading, example] as const);
  });

  it.each(exampleCases)('should run %s "%s" as documented', (id, _heading, example) => {
    const actual = runExample(id, example.input);
    if (example.kind === 'ok') {
      expect(actual).toEqual([]);
    } else {
      expect(example.expected.length).toBeGreaterThan(0);
      expect(actual).toEqual(example.expected);
    }
  });

  // A `### ✅ Fixed (safe|suggestion)` example follows the ❌ example it fixes: the fixes of that kind, applied as
  // `check --fix` applies them, must turn the ❌ page into exactly the ✅ page (which itself must report nothing).
  const fixCases = exampleCases.filter(([, , example]) => example.fixOf !== undefined);

  it.each(fixCases)('should fix %s into "%s"', (id, _heading, example) => {
    const { kind, input } = example.fixOf!;
    expect(hasFix(id, input, kind)).toBe(true);
    // A safe fix edits only text its finding points at (its range or a related location), as check --fix promises.
    if (kind === 'safe') expect(editsOutsideFindings(id, input)).toEqual([]);
    expect(fixExample(id, input, kind)).toBe(example.input);
    expect(runExample(id, example.input)).toEqual([]);
  });

  it('should document a fix pair for every rule that attaches fixes', () => {
    const fixing = Object.keys(RULES).filter((id) => /\bfixes\s*[:,}]/.test(readFileSync(join(CHECKS, `${id}.ts`), 'utf8')));
    expect(fixing.length).toBeGreaterThan(0);
    const undocumented = fixing.filter((id) => !fixCases.some(([ruleId]) => ruleId === id));
    expect(undocumented).toEqual([]);
  });

  it('should have a rule for every doc in checks/', () => {
    const docs = readdirSync(CHECKS).filter((f) => f.endsWith('.md')).map((f) => f.replace(/\.md$/, ''));
    expect(docs.filter((id) => !(id in RULES))).toEqual([]);
  });

  it('should key every rule by its own id', () => {
    for (const [id, rule] of Object.entries(RULES)) expect(rule.id).toBe(id);
  });

  it('should stamp rule id, overridden severity, url and file, and turn a crashing rule into one finding', () => {
    const page = parsePage('x/a.md', '# A\n');
    const at = page.title!.range;
    const reporting = defineRule({
      id: 'fake-rule', description: 'd', defaultSeverity: 'info', messages: { m: 'Unexpected {x}, expected y' },
      run: (_p, context) => context.report({ messageId: 'm', data: { x: 'z' }, at, element: 'title' }),
    });
    const crashing = defineRule({ id: 'crashing-rule', description: 'd', defaultSeverity: 'info', messages: { m: 'm' }, run: () => { throw new Error('boom'); } });
    const out = applyRules([reporting, crashing], [page], buildDocSet([page]), { rules: { 'fake-rule': 'error' }, docsUrlBase: 'https://example.com/rules' });
    expect(out).toEqual([
      { ruleId: 'crashing-rule', severity: 'error', message: expect.stringContaining('boom'), file: 'x/a.md', range: expect.anything(), url: 'https://example.com/rules/crashing-rule.md', element: 'crash:crashing-rule' },
      { ruleId: 'fake-rule', severity: 'error', message: 'Unexpected z, expected y', file: 'x/a.md', range: at, url: 'https://example.com/rules/fake-rule.md', element: 'title' },
    ]);
  });

  it('should reject an unknown rule id in the severity overrides', () => {
    expect(() => runChecks([], { rules: { 'no-such-rule': 'off' } })).toThrow(/no-such-rule/);
  });
});

describe('the seed page', () => {
  const SEED = 'docs/api-reference/beta/api/accesspackageassignment-post.md';

  /** Each defect issue 3 marks with *, as rule and line:column. */
  const expected: readonly (readonly [string, string])[] = [
    ['page-placeholder', '4:12'],
    ['page-placeholder', '6:13'],
    ['page-placeholder', '22:39'],
    ['page-placeholder', '23:43'],
    ['page-placeholder', '24:16'],
    ['page-placeholder', '49:21'],
    ['page-placeholder', '55:23'],
    ['page-placeholder', '57:107'],
    ['type-namespace', '57:10'],
    ['odata-type-mismatch', '79:3'],
    ['example-type-mismatch', '86:3'],
    ['example-format-mismatch', '87:3'],
    ['odata-type-mismatch', '100:3'],
    ['odata-type-mismatch', '108:3'],
    ['example-type-mismatch', '116:3'],
    ['example-format-mismatch', '117:3'],
  ];

  const findings = (async () => {
    const { pages } = await loadPages(['docs'], { cwd: ROOT });
    return runChecks(pages, { cwd: ROOT }).filter((d) => d.file === SEED);
  })();

  it.each(expected)('should report %s at %s', async (ruleId, at) => {
    const found = (await findings).filter((d) => d.ruleId === ruleId).map((d) => `${d.range.start.line}:${d.range.start.column}`);
    expect(found).toContain(at);
  });

  it('should say "isExtended": "Boolean" is a type-name placeholder and show a real value', async () => {
    const finding = (await findings).find((d) => d.ruleId === 'example-type-mismatch' && d.range.start.line === 86);
    expect(finding?.message).toMatch(/type-name placeholder.*true or false/);
    expect(finding?.pointer).toBe('/isExtended');
    expect(finding?.severity).toBe('error');
    expect(finding?.url).toBe('checks/example-type-mismatch.md');
    expect(finding?.element).toBe('example:create_accesspackageassignment_from_#/isExtended');
  });

  it('should not report the Content-Length 424, which is right with CRLF line breaks', async () => {
    expect((await findings).filter((d) => d.ruleId === 'http-content-length')).toEqual([]);
  });
});
