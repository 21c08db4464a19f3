import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from '@jest/globals';
import { Ajv } from 'ajv';
import ajvFormats from 'ajv-formats';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type * as Sarif from 'sarif';
import { FINGERPRINT_KEY, sarif } from '../../reports/sarif.js';
import { junit } from '../../reports/junit.js';
import { CLEAN_REPORT, PAGE_A, PAGE_B, PAGE_CLEAN, REPORT, SECRET } from './fixture.js';

const addFormats = ajvFormats.default;

/**
 * The SARIF 2.1.0 schema as Microsoft's @microsoft/jest-sarif package ships it (revision rtm.5, the one
 * @types/sarif is generated from; the OASIS final differs only in renaming `suppression.status` to `state`
 * and fixing a language-tag regex, neither of which docpact emits). It is written in draft-04, which ajv 8
 * reads once the draft-04 `id` is spelt `$id`; no keyword it uses changed meaning between draft-04 and 07.
 */
function loadSarifSchema(): object {
  const require = createRequire(import.meta.url);
  const path = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
  const { $schema: _draft, id, ...schema } = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  return { $id: id, ...schema };
}

describe('sarif', () => {
  // rtm.5's language-tag pattern has a stray `]` (fixed in the final text) that is only legal in non-unicode regexes.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(loadSarifSchema());

  it.each([
    ['a run with findings of every severity', REPORT],
    ['a clean run', CLEAN_REPORT],
  ])('should validate against the SARIF 2.1.0 schema for %s', (_name, report) => {
    const log: unknown = JSON.parse(sarif(report, { secrets: [SECRET] }));
    const valid = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('should fail schema validation when a result is malformed (the check can fail)', () => {
    const log = JSON.parse(sarif(REPORT)) as Sarif.Log;
    const broken = { ...log, runs: [{ ...log.runs[0], results: [{ ...log.runs[0].results?.[0], level: 'fatal' }] }] };
    expect(validate(broken)).toBe(false);
  });

  const log = JSON.parse(sarif(REPORT, { secrets: [SECRET] })) as Sarif.Log;
  const run = log.runs[0];
  const results = run.results ?? [];

  it('should describe every rule once, with helpUri and shortDescription, in id order', () => {
    const rules = run.tool.driver.rules ?? [];
    expect(rules.map((r) => r.id)).toEqual(['example-type-mismatch', 'odata-type-namespace', 'page-todo', 'replay-status']);
    expect(rules[0]).toEqual({
      id: 'example-type-mismatch',
      shortDescription: { text: 'Example values must match the documented type' },
      helpUri: 'https://docpact.dev/rules/example-type-mismatch',
      defaultConfiguration: { level: 'error' },
    });
    expect(rules[1].helpUri).toBeUndefined();
    for (const result of results) expect(rules[result.ruleIndex ?? -1].id).toBe(result.ruleId);
  });

  it.each([
    ['error', 'error'],
    ['warning', 'warning'],
    ['info', 'note'],
  ])('should map severity %s to level %s', (severity, level) => {
    const expected = REPORT.diagnostics.filter((d) => d.severity === severity).length;
    expect(results.filter((r) => r.level === level)).toHaveLength(expected);
  });

  it('should locate results relative to %SRCROOT% with a 1-based region', () => {
    const first = results.find((r) => r.ruleId === 'example-type-mismatch');
    expect(first?.locations?.[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'docs/api/a.md', uriBaseId: '%SRCROOT%' },
      region: { startLine: 12, startColumn: 5, endLine: 12, endColumn: 20 },
    });
    const odd = results.find((r) => r.ruleId === 'odata-type-namespace');
    expect(odd?.locations?.[0].physicalLocation?.artifactLocation?.uri).toBe('docs/api/b%2C%20c%2520d.md');
    expect(decodeURIComponent('docs/api/b%2C%20c%2520d.md')).toBe(PAGE_B);
  });

  it('should fingerprint by rule, file and element, not by line', () => {
    const moved = { ...REPORT, diagnostics: REPORT.diagnostics.map((d) => ({ ...d, range: { start: { ...d.range.start, line: d.range.start.line + 7 }, end: { ...d.range.end, line: d.range.end.line + 7 } } })) };
    const movedResults = (JSON.parse(sarif(moved)) as Sarif.Log).runs[0].results ?? [];
    const prints = (rs: Sarif.Result[]) => rs.map((r) => r.partialFingerprints?.[FINGERPRINT_KEY]).filter(Boolean);
    expect(prints(results)).toHaveLength(3);
    expect(prints(movedResults)).toEqual(prints(results));
    expect(new Set(prints(results)).size).toBe(3);
  });
});

interface JUnitCase {
  '@_name': string;
  failure?: { '#text': string; '@_message': string };
  skipped?: { '@_message': string };
  'system-out'?: string;
}
interface JUnitSuite {
  '@_name': string;
  '@_tests': string;
  '@_failures': string;
  '@_skipped': string;
  testcase: JUnitCase[];
}
interface JUnitDoc {
  testsuites: { '@_tests': string; '@_failures': string; '@_skipped': string; '@_errors': string; testsuite: JUnitSuite[] };
}

describe('junit', () => {
  const parser = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'testsuite' || name === 'testcase' });

  it.each([
    ['a run with findings and examples', REPORT, { suites: 3, tests: 9, failures: 3, skipped: 1 }],
    ['a clean run', CLEAN_REPORT, { suites: 1, tests: 1, failures: 0, skipped: 0 }],
  ])('should parse back with the right counts for %s', (_name, report, expected) => {
    const xml = junit(report);
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = parser.parse(xml) as JUnitDoc;
    const suites = doc.testsuites.testsuite;
    expect(suites).toHaveLength(expected.suites);
    expect(Number(doc.testsuites['@_tests'])).toBe(expected.tests);
    expect(Number(doc.testsuites['@_failures'])).toBe(expected.failures);
    expect(Number(doc.testsuites['@_skipped'])).toBe(expected.skipped);
    // Every suite's own counts add up to what its test cases say.
    for (const suite of suites) {
      expect(Number(suite['@_tests'])).toBe(suite.testcase.length);
      expect(Number(suite['@_failures'])).toBe(suite.testcase.filter((c) => c.failure).length);
      expect(Number(suite['@_skipped'])).toBe(suite.testcase.filter((c) => c.skipped).length);
    }
  });

  const suites = (parser.parse(junit(REPORT, { secrets: [SECRET] })) as JUnitDoc).testsuites.testsuite;
  const suite = (name: string) => suites.find((s) => s['@_name'] === name);

  it('should have one suite per page, clean pages included', () => {
    expect(suites.map((s) => s['@_name'])).toEqual([PAGE_A, PAGE_B, PAGE_CLEAN]);
    expect(suite(PAGE_CLEAN)?.testcase.map((c) => c['@_name'])).toEqual(['no findings']);
  });

  it('should have one case per example with its result and one per rule with findings', () => {
    expect(suite(PAGE_A)?.testcase.map((c) => [c['@_name'], c.failure ? 'failed' : c.skipped ? 'skipped' : 'passed'])).toEqual([
      ['create_x', 'passed'],
      ['get_x <b>', 'failed'],
      ['page-todo', 'passed'],
      ['example-type-mismatch', 'failed'],
    ]);
    const skipped = suite(PAGE_B)?.testcase.find((c) => c['@_name'] === 'create_b');
    expect(skipped?.skipped?.['@_message']).toBe('writes are off: pass --allow-writes');
  });

  it('should round-trip odd characters and keep findings below the fail severity as output, not failures', () => {
    const mismatch = suite(PAGE_A)?.testcase.find((c) => c['@_name'] === 'example-type-mismatch');
    expect(mismatch?.failure?.['#text']).toContain('Unexpected "Boolean" at <script>alert("x")</script>, expected a boolean');
    const todo = suite(PAGE_A)?.testcase.find((c) => c['@_name'] === 'page-todo');
    expect(todo?.failure).toBeUndefined();
    expect(todo?.['system-out']).toContain("Unexpected 'TODO' at 50%, expected: a description\nwrite one");
  });

  it('should fail a rule case for warnings when the fail severity is warning', () => {
    const doc = parser.parse(junit({ ...REPORT, failSeverity: 'warning' })) as JUnitDoc;
    // a.md: get_x, page-todo, example-type-mismatch; b.md: replay-status, page-todo (the info stays a pass).
    expect(Number(doc.testsuites['@_failures'])).toBe(5);
  });

  it('should replace characters XML cannot carry instead of writing an unreadable file', () => {
    const report = { ...CLEAN_REPORT, diagnostics: [{ ...REPORT.diagnostics[0], file: PAGE_CLEAN, message: 'nul \u0000 and bell \u0007' }] };
    const xml = junit(report);
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).toContain('nul \ufffd and bell \ufffd');
  });
});
