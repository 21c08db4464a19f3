/**
 * Three-way drift: on a temporary git repository, a change edits one page's example while the service (on
 * 127.0.0.1) changed one other field; `replay --changed-since main` reports one doc regression and one API change,
 * each at its line, in the JSON report, and a baseline accepts the API change without accepting the regression.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { buildContracts } from '../../contracts/index.js';
import { loadPages } from '../../extractor/load.js';
import { runReplay } from '../../cli/run-replay.js';
import { ROOT } from '../helpers/paths.js';
import { startDriftServer, type Drift, type DriftServer } from './drift-server.js';

const repo = mkdtempSync(join(tmpdir(), 'docpact-drift-'));
afterAll(() => rmSync(repo, { recursive: true, force: true }));

const GET = 'docs/api-reference/beta/api/accesspackageassignment-get.md';
const LIST = 'docs/api-reference/beta/api/accesspackageassignment-list.md';

function git(...args: string[]): string {
  return execFileSync('git', args, { cwd: repo, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' } });
}

/** The 1-based line of the first line of `file` containing `text`. */
function lineOf(file: string, text: string): number {
  const at = readFileSync(join(repo, file), 'utf8').split('\n').findIndex((l) => l.includes(text));
  if (at < 0) throw new Error(`${text} not in ${file}`);
  return at + 1;
}

interface JsonReport {
  diagnostics: { ruleId: string; severity: string; file: string; message: string; range: { start: { line: number } }; pointer?: string; drift?: { class: string; field?: string } }[];
  examples: { name: string; status: string; drift?: string; driftFields?: string[] }[];
  baseline?: { suppressed: number };
}

async function replay(server: DriftServer | 'mock', name: string, extra: Record<string, unknown> = {}): Promise<{ code: number; report: JsonReport; stderr: string }> {
  const output = join(repo, `${name}.json`);
  let stderr = '';
  const err = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  const out = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    const code = await runReplay(['docs'], { target: server === 'mock' ? 'mock' : `${server.url}/beta`, allowWrites: true, jest: false, cwd: repo, changedSince: 'main', outputs: [{ format: 'json', output }], ...extra });
    return { code, report: JSON.parse(readFileSync(output, 'utf8')) as JsonReport, stderr };
  } finally {
    err.mockRestore();
    out.mockRestore();
  }
}

/** The service answers the create example with real values (the page shows placeholders), so only drift fails. */
const realCreate: Drift = (fixture, answer) => {
  if (fixture.name !== 'create_accesspackageassignment_from_') return;
  answer.body = {
    id: '2a353749-3749-2a35-4937-352a4937352a',
    catalogId: 'cec5d6ab-c75d-47c0-9c1c-92e89f66e384',
    accessPackageId: 'a914b616-e04e-476b-aa37-91038f0b165b',
    assignmentPolicyId: 'd92ebb54-9b46-492d-ab7f-01f76767da7f',
    targetId: 'f1ef4e3e-29a3-4a36-8b7d-2a1d6c5e3d8f',
    assignmentStatus: 'Delivered',
    assignmentState: 'Delivered',
    isExtended: false,
    expiredDateTime: null,
    schedule: { '@odata.type': 'microsoft.graph.requestSchedule' },
  };
};

describe('replay --changed-since: three-way drift', () => {
  let server: DriftServer;
  let both: DriftServer;

  beforeAll(async () => {
    cpSync(join(ROOT, 'docs'), join(repo, 'docs'), { recursive: true });
    git('init', '-q', '-b', 'main');
    git('add', 'docs');
    git('commit', '-q', '-m', 'docs as the service implements them');
    // The service: the docs of main, with one field changed on the list page (catalogId no longer returned).
    const { fixtures } = buildContracts((await loadPages([join(repo, 'docs')], { cwd: repo })).pages);
    server = await startDriftServer(fixtures, (fixture, answer) => {
      realCreate(fixture, answer);
      if (fixture.name === 'list_accesspackageassignments') delete ((answer.body as { value: Record<string, unknown>[] }).value[0]).catalogId;
    });
    // Another service that also dropped a field the edited example still shows as before.
    both = await startDriftServer(fixtures, (fixture, answer) => {
      realCreate(fixture, answer);
      if (fixture.name === 'get_accesspackageassignment') delete (answer.body as Record<string, unknown>).assignmentPolicyId;
    });
    // The change under review: the get page's example renames targetId, which the service never returns.
    git('checkout', '-q', '-b', 'change');
    const page = join(repo, GET);
    writeFileSync(page, readFileSync(page, 'utf8').replace('"targetId": "f1ef4e3e', '"subjectId": "f1ef4e3e'));
    git('commit', '-q', '-am', 'rename a property in the get example');
  });
  afterAll(async () => {
    await server.close();
    await both.close();
  });

  it('should report one doc regression and one API change, each at its line, in the JSON report', async () => {
    const { code, report } = await replay(server, 'three-way');
    expect(code).toBe(1);
    const errors = report.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => ({ file: d.file, line: d.range.start.line, rule: d.ruleId, drift: d.drift }))).toEqual([
      { file: GET, line: lineOf(GET, '"subjectId"'), rule: 'replay/missing-property', drift: { class: 'doc-regression', field: '/subjectId' } },
      { file: LIST, line: lineOf(LIST, '"catalogId"'), rule: 'replay/missing-property', drift: { class: 'api-change', field: '/value/0/catalogId' } },
    ]);
    expect(errors[0].message).toContain('[doc regression: the example changed since main');
    expect(errors[1].message).toContain('[API change at /value/0/catalogId: the example did not change since main');
    const failed = report.examples.filter((e) => e.status === 'failed');
    expect(failed).toEqual([
      expect.objectContaining({ name: 'get_accesspackageassignment', drift: 'doc-regression' }),
      expect.objectContaining({ name: 'list_accesspackageassignments', drift: 'api-change', driftFields: ['/value/0/catalogId'] }),
    ]);
  });

  it('should let a baseline accept the API change while the doc regression still fails', async () => {
    const written = await replay(server, 'accept', { writeBaseline: 'replay-baseline.json', accept: ['api-change'] });
    expect(written.stderr).toContain('wrote 1 finding(s) (api-change) to the baseline replay-baseline.json');
    const entries = (JSON.parse(readFileSync(join(repo, 'replay-baseline.json'), 'utf8')) as { entries: { file: string; element: string }[] }).entries;
    expect(entries.map((e) => [e.file, e.element])).toEqual([[LIST, 'example:list_accesspackageassignments#/value/0/catalogId [api-change]']]);
    const { code, report } = await replay(server, 'baselined', { baseline: 'replay-baseline.json' });
    expect(report.baseline?.suppressed).toBe(1);
    expect(report.diagnostics.filter((d) => d.severity === 'error').map((d) => d.drift?.class)).toEqual(['doc-regression']);
    expect(code).toBe(1);
  });

  it('should call an example with a doc regression and an API change "both"', async () => {
    const { report } = await replay(both, 'both');
    const get = report.examples.find((e) => e.name === 'get_accesspackageassignment');
    expect(get).toEqual(expect.objectContaining({ status: 'failed', drift: 'both', driftFields: ['/assignmentPolicyId'] }));
    const classes = report.diagnostics.filter((d) => d.file === GET && d.severity === 'error').map((d) => [d.pointer, d.drift?.class]);
    expect(classes).toEqual([
      ['/assignmentPolicyId', 'api-change'],
      ['/subjectId', 'doc-regression'],
    ]);
  });

  it('should leave the mock refusing an untouched example\'s own request body unclassified, and blame a change that edits it', async () => {
    const untouched = await replay('mock', 'mock-untouched');
    const post = untouched.report.diagnostics.filter((d) => d.file.endsWith('accesspackageassignment-post.md') && d.severity === 'error');
    expect(post.map((d) => d.ruleId).sort()).toEqual(['replay/request-body', 'replay/request-body', 'replay/status']);
    expect(post.filter((d) => d.drift !== undefined)).toEqual([]);
    expect(untouched.report.examples.find((e) => e.name === 'create_accesspackageassignment_from_')?.drift).toBeUndefined();
    const page = join(repo, 'docs/api-reference/beta/api/accesspackageassignment-post.md');
    const text = readFileSync(page, 'utf8');
    writeFileSync(page, text.replace('"catalogId": "String",\n  "accessPackageId"', '"catalogId": 5,\n  "accessPackageId"'));
    try {
      const edited = await replay('mock', 'mock-edited');
      const classes = edited.report.diagnostics.filter((d) => d.file.endsWith('accesspackageassignment-post.md') && d.severity === 'error').map((d) => [d.pointer ?? d.ruleId, d.drift?.class]);
      expect(classes).toEqual(expect.arrayContaining([['/catalogId', 'doc-regression'], ['replay/status', 'doc-regression']]));
    } finally {
      writeFileSync(page, text);
    }
  });

  it('should refuse an unknown ref before sending any request (exit 2)', async () => {
    const requests = server.requests.length;
    await expect(replay(server, 'bad-ref', { changedSince: 'no-such-branch' })).rejects.toThrow(/--changed-since: git merge-base failed|--changed-since: git diff failed/);
    expect(server.requests.length).toBe(requests);
  });
});
