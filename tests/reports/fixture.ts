/**
 * A small hand-made run for the formatter tests: every severity, two pages with findings (one whose name has a
 * space and a comma), a clean page, replayed examples of every status, and messages full of characters that
 * each format must escape (`<script>`, quotes, newlines, commas, colons, percent signs, pipes, `@`).
 */
import type { Diagnostic } from '../../core/diagnostic.js';
import type { RunReport } from '../../reports/types.js';

/** A secret the tests pass as `options.secrets`; no output may contain it. */
export const SECRET = 's3cr3t-token-VALUE-42';
/** A bearer token quoted by a replay message; no output may contain it either. */
export const BEARER = 'eyJhbGciOi.payload.signature';

export const PAGE_A = 'docs/api/a.md';
export const PAGE_B = 'docs/api/b, c%20d.md';
export const PAGE_CLEAN = 'docs/api/clean.md';

const at = (line: number, column: number, endLine = line, endColumn = column + 5) => ({
  start: { line, column, offset: line * 40 + column },
  end: { line: endLine, column: endColumn, offset: endLine * 40 + endColumn },
});

export const DIAGNOSTICS: readonly Diagnostic[] = [
  {
    ruleId: 'example-type-mismatch',
    severity: 'error',
    message: 'Unexpected "Boolean" at <script>alert("x")</script>, expected a boolean: write true or false',
    file: PAGE_A,
    range: at(12, 5, 12, 20),
    pointer: '/isExtended',
    expected: 'boolean',
    actual: '"Boolean"',
    url: 'https://docpact.dev/rules/example-type-mismatch',
    element: 'example:create_x#/isExtended',
  },
  {
    ruleId: 'page-todo',
    severity: 'warning',
    message: "Unexpected 'TODO' at 50%, expected: a description\nwrite one, then remove the placeholder",
    file: PAGE_A,
    range: at(3, 1, 5, 2),
    element: 'frontmatter:description',
    url: 'https://docpact.dev/rules/page-todo',
  },
  {
    ruleId: 'odata-type-namespace',
    severity: 'info',
    message: 'Unexpected @odata.type "#x.y" | in a table & a cell, expected microsoft.graph',
    file: PAGE_B,
    range: at(7, 3),
    related: [{ message: 'namespace declared here', file: PAGE_B, range: at(1, 1) }],
  },
  {
    ruleId: 'replay-status',
    severity: 'error',
    message: `Unexpected status 200, expected 201: the request sent Authorization: Bearer ${BEARER} and got 200`,
    file: PAGE_B,
    range: at(20, 1, 20, 30),
    pointer: '',
    expected: '201',
    actual: `200 (token ${SECRET})`,
    url: 'https://docpact.dev/rules/replay-status',
    element: 'example:create_b',
  },
  {
    ruleId: 'page-todo',
    severity: 'warning',
    message: 'Unexpected "Not yet documented", expected a description',
    file: PAGE_B,
    range: at(30, 1),
    url: 'https://docpact.dev/rules/page-todo',
  },
];

export const REPORT: RunReport = {
  tool: { name: 'docpact', version: '0.1.0' },
  command: 'run',
  files: [PAGE_CLEAN, PAGE_B, PAGE_A],
  // Out of order on purpose: formatters sort.
  diagnostics: [DIAGNOSTICS[3], DIAGNOSTICS[0], DIAGNOSTICS[2], DIAGNOSTICS[1], DIAGNOSTICS[4]],
  examples: [
    { page: 'beta/a', file: PAGE_A, line: 40, name: 'create_x', status: 'passed', durationMs: 12, method: 'POST', url: 'http://127.0.0.1:1/beta/x' },
    { page: 'beta/a', file: PAGE_A, line: 60, name: 'get_x <b>', status: 'failed', reason: 'Unexpected property "isExtended" of type string, expected boolean', durationMs: 8 },
    { page: 'beta/b', file: PAGE_B, line: 20, name: 'create_b', status: 'skipped', reason: 'writes are off: pass --allow-writes', method: 'POST', url: `http://127.0.0.1:1/b?access_token=${SECRET}` },
  ],
  failSeverity: 'error',
  rules: [{ id: 'example-type-mismatch', description: 'Example values must match the documented type', url: 'https://docpact.dev/rules/example-type-mismatch', defaultSeverity: 'error' }],
};

/** What the fixture adds up to, for asserting counts. */
export const EXPECTED = {
  total: 5,
  errors: 2,
  warnings: 2,
  infos: 1,
  files: 3,
  filesWithFindings: 2,
  examples: { passed: 1, failed: 1, skipped: 1, total: 3 },
} as const;

/** The same run with nothing found, to check the clean path of each format. */
export const CLEAN_REPORT: RunReport = { tool: REPORT.tool, command: 'check', files: [PAGE_CLEAN], diagnostics: [], failSeverity: 'error' };
