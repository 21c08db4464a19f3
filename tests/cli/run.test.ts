/**
 * `docpact run` (what `npm start` runs) on a copy of docs/: one parse, contracts written, checks, replay against the
 * embedded mock on 127.0.0.1, every report written, and the CSDL comparison when the config names one.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers/paths.js';
import { run, tempTree, type RunResult } from './scenarios.js';

interface JsonReport {
  diagnostics: { ruleId: string; file: string; range: { start: { line: number } } }[];
  examples: { name: string; status: string; reason?: string }[];
}

const SEED = 'docs/api-reference/beta/api/accesspackageassignment-post.md';
const CSDL = `<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
  <edmx:DataServices>
    <Schema Namespace="microsoft.graph" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <ComplexType Name="expirationPattern">
        <Property Name="endDateTime" Type="Edm.DateTimeOffset" />
        <Property Name="type" Type="Edm.String" />
      </ComplexType>
    </Schema>
  </edmx:DataServices>
</edmx:Edmx>
`;

describe('docpact run', () => {
  let dir: string;
  let first: RunResult;
  let report: JsonReport;

  beforeAll(async () => {
    dir = await tempTree({});
    await cp(join(ROOT, 'docs'), join(dir, 'docs'), { recursive: true });
    first = await run(dir, ['run', 'docs', '--out', 'out']);
    if (first.code === 2) throw new Error(first.stderr);
    report = JSON.parse(await readFile(join(dir, 'out/reports/report.json'), 'utf8')) as JsonReport;
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('should exit 1 because the seed page has errors, and print them with their lines', () => {
    expect(first.code).toBe(1);
    expect(first.stdout).toMatch(/accesspackageassignment-post\.md/);
    expect(first.stdout).toMatch(/86:3\s+error\s+Unexpected string "Boolean" for "isExtended"/);
  });

  it('should write the contracts and every report', () => {
    for (const file of ['contracts/manifest.json', 'reports/report.html', 'reports/report.json', 'reports/junit.xml', 'reports/report.sarif', 'reports/summary.md']) {
      expect(existsSync(join(dir, 'out', file))).toBe(true);
    }
  });

  it('should replay every example against the mock: the seed fails, the hand-written pages pass', () => {
    const byName = Object.fromEntries(report.examples.map((e) => [e.name, e.status]));
    expect(byName).toEqual({
      create_accesspackageassignment_from_: 'failed',
      list_accesspackageassignments: 'passed',
      get_accesspackageassignment: 'passed',
      update_accesspackageassignment: 'passed',
      delete_accesspackageassignment: 'passed',
      accesspackageassignment_reprocess: 'passed',
    });
    // The mock refuses the seed's request body for the same reason the static check does.
    const replayOnSeed = report.diagnostics.filter((d) => d.ruleId.startsWith('replay/') && d.file === SEED);
    expect(replayOnSeed.length).toBeGreaterThan(0);
    expect(report.diagnostics.some((d) => d.ruleId === 'example-type-mismatch' && d.file === SEED && d.range.start.line === 86)).toBe(true);
  });

  it('should exit 0 with --exit-zero and still report', async () => {
    const result = await run(dir, ['run', 'docs', '--out', 'out2', '--exit-zero', '--quiet']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/errors?/);
  });

  it('should exit 2 for a path that does not exist, and still report the others', async () => {
    const result = await run(dir, ['run', 'docs', 'no-such-folder', '--out', 'out3']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/no-such-folder/);
    expect(existsSync(join(dir, 'out3/reports/report.json'))).toBe(true);
  });

  it('should add drift against the CSDL the config names', async () => {
    await writeFile(join(dir, 'beta-metadata.xml'), CSDL);
    await writeFile(join(dir, 'docpact.config.json'), JSON.stringify({ metadata: 'beta-metadata.xml' }));
    try {
      await run(dir, ['run', 'docs', '--out', 'out4', '--exit-zero', '--quiet']);
      const withCsdl = JSON.parse(await readFile(join(dir, 'out4/reports/report.json'), 'utf8')) as JsonReport;
      const drift = withCsdl.diagnostics.filter((d) => d.ruleId.startsWith('metadata/') && d.file.endsWith('expirationpattern.md'));
      expect(drift.map((d) => d.ruleId)).toContain('metadata/property-not-in-csdl');
    } finally {
      await rm(join(dir, 'docpact.config.json'));
    }
  });
});
