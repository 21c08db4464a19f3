/**
 * `junit`: JUnit XML, the format every CI system shows as test results. One `<testsuite>` per page; in it one
 * `<testcase>` per replayed example (passed, failed, or skipped with its reason) and one per rule that found
 * something on the page, failing when any of its findings is at or above the fail severity. A page with neither
 * gets one passing case, so clean pages are counted too.
 */
import { XMLBuilder } from 'fast-xml-parser';
import type { Diagnostic } from '../core/diagnostic.js';
import { groupBy, isFailing, prepareReport } from './summary.js';
import type { ExampleResult, Formatter } from './types.js';

interface TestCase {
  '@_name': string;
  '@_classname': string;
  '@_file': string;
  '@_line'?: number;
  '@_time': string;
  failure?: { '@_message': string; '@_type': string; '#text': string };
  skipped?: { '@_message': string };
  'system-out'?: string;
}

// XML 1.0 cannot carry most control characters even escaped; a stray one would make the whole file unreadable.
function xmlText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '\ufffd');
}

// Parsers fold newlines in attribute values into spaces; say so explicitly and keep attributes one line.
function xmlAttribute(text: string): string {
  return xmlText(text).replace(/\r\n|\r|\n/g, ' ');
}

function seconds(ms: number | undefined): string {
  return ((ms ?? 0) / 1000).toFixed(3);
}

function findingLine(d: Diagnostic): string {
  const extra = [d.pointer && `at ${d.pointer}`, d.expected !== undefined && `expected ${d.expected}`, d.actual !== undefined && `actual ${d.actual}`]
    .filter(Boolean)
    .join(', ');
  return `${d.file}:${d.range.start.line}:${d.range.start.column} ${d.severity} ${d.message}${extra ? ` (${extra})` : ''}`;
}

function exampleCase(e: ExampleResult, classname: string): TestCase {
  const tc: TestCase = { '@_name': e.name, '@_classname': classname, '@_file': e.file, '@_line': e.line, '@_time': seconds(e.durationMs) };
  const request = e.method && e.url ? `${e.method} ${e.url}` : '';
  if (e.status === 'failed') {
    const message = e.reason ?? 'the response did not match the documentation';
    tc.failure = { '@_message': xmlAttribute(message), '@_type': 'replay', '#text': xmlText([`${e.file}:${e.line}`, request, message].filter(Boolean).join('\n')) };
  } else if (e.status === 'skipped') {
    tc.skipped = { '@_message': xmlAttribute(e.reason ?? 'skipped') };
  }
  return tc;
}

/** Formats a report as JUnit XML (UTF-8, indented), with counts on every `<testsuite>` and on `<testsuites>`. */
export const junit: Formatter = (report, options = {}) => {
  const r = prepareReport(report, options);
  const byFile = groupBy(r.diagnostics, (d) => d.file);
  const examplesByFile = groupBy(r.examples ?? [], (e) => e.file);
  const totals = { tests: 0, failures: 0, skipped: 0, ms: 0 };

  const suites = r.allFiles.map((file) => {
    const classname = file.replace(/\.md$/i, '').replaceAll('/', '.');
    const cases: TestCase[] = [];
    const examples = examplesByFile.get(file) ?? [];
    for (const e of examples) cases.push(exampleCase(e, classname));
    for (const [ruleId, findings] of groupBy(byFile.get(file) ?? [], (d) => d.ruleId)) {
      const text = xmlText(findings.map(findingLine).join('\n'));
      const tc: TestCase = { '@_name': ruleId, '@_classname': classname, '@_file': file, '@_line': findings[0].range.start.line, '@_time': '0.000' };
      const failing = findings.filter((d) => isFailing(d.severity, r.failSeverity));
      if (failing.length > 0) {
        const first = failing[0];
        const more = findings.length > 1 ? ` (+${findings.length - 1} more)` : '';
        tc.failure = { '@_message': xmlAttribute(`${first.range.start.line}:${first.range.start.column} ${first.message}${more}`), '@_type': ruleId, '#text': text };
      } else {
        // Below the fail severity: a pass, but the findings stay readable in the CI's output pane.
        tc['system-out'] = text;
      }
      cases.push(tc);
    }
    if (cases.length === 0) cases.push({ '@_name': 'no findings', '@_classname': classname, '@_file': file, '@_time': '0.000' });

    const failures = cases.filter((c) => c.failure).length;
    const skipped = cases.filter((c) => c.skipped).length;
    const ms = examples.reduce((sum, e) => sum + (e.durationMs ?? 0), 0);
    totals.tests += cases.length;
    totals.failures += failures;
    totals.skipped += skipped;
    totals.ms += ms;
    return {
      '@_name': file,
      '@_tests': cases.length,
      '@_failures': failures,
      '@_errors': 0,
      '@_skipped': skipped,
      '@_time': seconds(ms),
      testcase: cases,
    };
  });

  const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', format: true, indentBy: '  ', suppressEmptyNode: true });
  const xml: string = builder.build({
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    testsuites: {
      '@_name': `docpact ${r.command}`,
      '@_tests': totals.tests,
      '@_failures': totals.failures,
      '@_errors': 0,
      '@_skipped': totals.skipped,
      '@_time': seconds(totals.ms),
      testsuite: suites,
    },
  });
  return xml.endsWith('\n') ? xml : `${xml}\n`;
};
