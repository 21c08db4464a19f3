/**
 * The incremental cache of `docpact check` (engine/analyze.ts): a second run reuses what cannot have changed and
 * gives the same findings as a run without the cache; an edit recomputes the page and the pages that depend on it;
 * the config and docpact's version invalidate everything. Runs on a scratch copy of docs/.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AnalyzeOptions } from '../../engine/analyze.js';
import { analyze } from '../../engine/analyze.js';
import { compareDiagnostics } from '../../core/diagnostic.js';
import type { Diagnostic } from '../../core/diagnostic.js';
import { findingText } from '../../reports/finding-text.js';
import { copyOfDocs } from '../helpers/docs-copy.js';

const RESOURCE = 'docs/api-reference/beta/resources/accesspackageassignment.md';
const GET = 'docs/api-reference/beta/api/accesspackageassignment-get.md';

let cwd: string;
let files: string[];

beforeAll(async () => {
  ({ dir: cwd, files } = await copyOfDocs('docpact-cache-'));
});
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

const run = (extra: Partial<AnalyzeOptions> = {}) =>
  analyze({ cwd, files, rules: {}, configText: '{}', version: 'test-1', workers: 1, ...extra });
// As the JSON report prints them (every field, in one key order): findings read back from the doc set's state are
// made from that text, so their objects' key order is not the order the stages built them in.
const sorted = (diagnostics: readonly Diagnostic[]): string => [...diagnostics].sort(compareDiagnostics).map(findingText).join('\n');
const edit = (file: string, change: (text: string) => string): void => writeFileSync(join(cwd, file), change(readFileSync(join(cwd, file), 'utf8')));

describe('the check cache', () => {
  it('should reuse every page and finding on a second run, with the findings of a run without the cache', async () => {
    const cold = await run();
    expect(cold.stats).toMatchObject({ parsed: files.length, checked: files.length, reusedChecks: 0 });
    const warm = await run();
    expect(warm.stats).toMatchObject({ parsed: 0, checked: 0, contracts: 0, reusedPages: files.length, reusedChecks: files.length, loadedFromCache: 0 });
    expect(sorted(warm.diagnostics)).toBe(sorted((await run({ cache: false })).diagnostics));
  });

  it('should re-parse and re-check an edited page, and only the pages that depend on it', async () => {
    await run();
    edit(GET, (text) => `${text}\nSee [the missing page](missing-page.md).\n`);
    const after = await run();
    expect(after.stats.parsed).toBe(1);
    expect(after.stats.checked).toBeLessThan(files.length);
    expect(after.diagnostics.some((d) => d.file === GET && d.ruleId === 'link-broken' && d.message.includes('missing-page.md'))).toBe(true);
    expect(sorted(after.diagnostics)).toBe(sorted((await run({ cache: false })).diagnostics));
  });

  it('should re-check only the edited API page when its edit moves no answer another page asked for', async () => {
    await run();
    await run();
    // Prose only: no example name, type or link changes, so no other page's questions get another answer (the
    // doc-set-wide example-name rule asks about its own names, not "every page").
    edit(GET, (text) => `${text}\nA sentence added by the test.\n`);
    const after = await run();
    expect(after.stats).toMatchObject({ parsed: 1, checked: 1 });
    expect(sorted(after.diagnostics)).toBe(sorted((await run({ cache: false })).diagnostics));
  });

  it('should re-check an API page whose request example name another page starts using first', async () => {
    await run();
    const name = /"name": "([^"]+)"/.exec(readFileSync(join(cwd, GET), 'utf8'))![1];
    // A new page, first by path, that uses the GET page's request name: the GET page's answer moves.
    const earlier = GET.replace(/[^/]+$/, 'aaa-first.md');
    writeFileSync(join(cwd, earlier), readFileSync(join(cwd, GET), 'utf8'));
    const after = await run({ files: [...files, earlier].sort() });
    expect(after.diagnostics.some((d) => d.file === GET && d.ruleId === 'example-duplicate-name' && d.message.includes(name))).toBe(true);
    expect(sorted(after.diagnostics)).toBe(sorted((await run({ cache: false, files: [...files, earlier].sort() })).diagnostics));
    rmSync(join(cwd, earlier));
  });

  it('should re-check an API page when a property type on the resource page its example uses changes', async () => {
    await run();
    const before = await run();
    expect(before.diagnostics.filter((d) => d.file === GET && d.message.includes('catalogId'))).toEqual([]);
    edit(RESOURCE, (text) => text.replace('|catalogId|String|', '|catalogId|Int32|'));
    const after = await run();
    expect(after.stats.parsed).toBe(1);
    const found = after.diagnostics.filter((d) => d.file === GET && d.message.includes('catalogId'));
    expect(found.map((d) => d.ruleId)).toContain('example-type-mismatch');
    expect(sorted(after.diagnostics)).toBe(sorted((await run({ cache: false })).diagnostics));
  });

  it.each([
    ['the config', { configText: '{"rules":{"link-broken":"warning"}}' }],
    ['the rule settings', { rules: { 'link-broken': 'off' as const } }],
    ["docpact's version", { version: 'test-2' }],
  ])('should recompute every finding when %s changes', async (_what, change) => {
    await run();
    const changed = await run(change);
    expect(changed.stats.reusedChecks).toBe(0);
    expect(changed.stats.checked).toBe(files.length);
    expect(sorted(changed.diagnostics)).toBe(sorted((await run({ ...change, cache: false })).diagnostics));
  });

  it('should recompute every page when the version changes, since the DocPage may differ', async () => {
    await run({ version: 'test-3' });
    expect((await run({ version: 'test-4' })).stats.parsed).toBe(files.length);
  });

  it('should ignore a damaged cache index and rebuild it', async () => {
    await run();
    writeFileSync(join(cwd, '.docpact/cache/index.json'), '{ not json');
    const rebuilt = await run();
    expect(rebuilt.stats.parsed).toBe(files.length);
    expect((await run()).stats.parsed).toBe(0);
  });

  it('should answer a run over an unchanged doc set from the last whole run\'s findings alone, and go the long way once anything changed', async () => {
    const check = (extra: Partial<AnalyzeOptions> = {}) => run({ pages: false, ...extra });
    const whole = await check();
    const result = join(cwd, '.docpact/cache/result.json');
    expect(existsSync(result)).toBe(true);
    // The index is not even read: damaged, it changes nothing.
    writeFileSync(join(cwd, '.docpact/cache/index.json'), '{ not json');
    const again = await check();
    expect(again.stats).toMatchObject({ parsed: 0, checked: 0, contracts: 0, reusedPages: files.length, reusedChecks: files.length, loadedFromCache: 0 });
    expect(sorted(again.diagnostics)).toBe(sorted(whole.diagnostics));
    // Only some pages wanted: the same findings, of those pages.
    const one = await check({ isChecked: (file) => file === GET });
    expect(sorted(one.diagnostics)).toBe(sorted(whole.diagnostics.filter((d) => d.file === GET)));
    // Another config: the long way (the damaged index is rebuilt from scratch).
    const other = await check({ configText: '{"other":true}' });
    expect(other.stats.parsed).toBe(files.length);
    // A page edited: the long way again, and the findings of a run without the cache.
    await check();
    edit(GET, (text) => `${text}\nSee [another missing page](missing-page-2.md).\n`);
    const edited = await check();
    expect(edited.stats.parsed).toBe(1);
    expect(edited.diagnostics.some((d) => d.file === GET && d.message.includes('missing-page-2.md'))).toBe(true);
    expect(sorted(edited.diagnostics)).toBe(sorted((await check({ cache: false })).diagnostics));
    expect((await check()).stats.checked).toBe(0);
  });

  it('should keep the doc set\'s state through a run that checks only some pages, and drop it when such a run goes the long way', async () => {
    await run({ pages: false });
    const result = join(cwd, '.docpact/cache/result.json');
    expect(existsSync(result)).toBe(true);
    await run({ pages: false, isChecked: (file) => file === GET });
    expect(existsSync(result)).toBe(true); // served from result.json: nothing was re-checked
    // An edit: the pages it touches are checked whatever the selection, so the state still holds.
    edit(RESOURCE, (text) => `${text}\nA sentence added by the test.\n`);
    const some = await run({ pages: false, isChecked: (file) => file === GET });
    expect(some.diagnostics.every((d) => d.file === GET)).toBe(true);
    expect(existsSync(result)).toBe(true);
    const whole = await run({ pages: false });
    expect(whole.stats).toMatchObject({ parsed: 0, checked: 0 });
    expect(sorted(whole.diagnostics)).toBe(sorted((await run({ pages: false, cache: false })).diagnostics));
    // Another file list is the long way; checking only some pages there leaves no state of the whole doc set.
    const extra = GET.replace(/[^/]+$/, 'zzz-extra.md');
    writeFileSync(join(cwd, extra), '# Extra\n');
    await run({ pages: false, files: [...files, extra].sort(), isChecked: (file) => file === GET });
    expect(existsSync(result)).toBe(false);
    rmSync(join(cwd, extra));
  });

  it('should keep the whole run\'s findings from a run spread over the workers too', async () => {
    const spread = { pages: false, workers: 2, distributeFrom: 1, minFilesPerWorker: 1, version: 'test-spread' } as const;
    const cold = await run(spread);
    expect(cold.stats.parsed).toBe(files.length);
    const warm = await run(spread);
    expect(warm.stats).toMatchObject({ parsed: 0, checked: 0, reusedChecks: files.length });
    expect(sorted(warm.diagnostics)).toBe(sorted(cold.diagnostics));
  });
});

describe('the doc set\'s state (result.json): an edit re-checks the edited pages and the pages that depend on them', () => {
  const check = (extra: Partial<AnalyzeOptions> = {}) => run({ pages: false, ...extra });
  const uncached = async (): Promise<string> => sorted((await check({ cache: false })).diagnostics);

  it('should re-check only an API page whose edit is prose, without reading the index', async () => {
    await check();
    writeFileSync(join(cwd, '.docpact/cache/index.json'), '{ not json');
    edit(GET, (text) => `${text}\nA sentence added by the test.\n`);
    const after = await check();
    expect(after.stats).toMatchObject({ parsed: 1, checked: 1, contracts: 1 });
    expect(sorted(after.diagnostics)).toBe(await uncached());
    expect((await check()).stats).toMatchObject({ parsed: 0, checked: 0 });
  });

  it('should re-check the API pages whose examples a resource page\'s edited table types', async () => {
    await check();
    edit(RESOURCE, (text) => text.replace('|catalogId|Int32|', '|catalogId|String|').replace('|catalogId|String|', '|catalogId|Boolean|'));
    const after = await check();
    expect(after.stats.parsed).toBe(1);
    expect(after.stats.checked).toBeGreaterThan(1);
    expect(after.stats.checked).toBeLessThan(files.length);
    expect(after.diagnostics.some((d) => d.file === GET && d.ruleId === 'example-type-mismatch' && d.message.includes('catalogId'))).toBe(true);
    expect(sorted(after.diagnostics)).toBe(await uncached());
  });

  it('should check an edited example\'s enum value against the enum of a page known only by its facts', async () => {
    await check();
    edit(GET, (text) => text.replace('"type": "afterDateTime"', '"type": "afterLunch"'));
    const after = await check();
    expect(after.stats).toMatchObject({ parsed: 1 });
    // The enum's members come from the resource page's facts (resolve/enum-facts.ts): the finding names them all.
    const finding = after.diagnostics.find((d) => d.file === GET && d.message.includes('afterLunch'));
    expect(finding?.message).toContain('afterDuration');
    expect(sorted(after.diagnostics)).toBe(await uncached());
    edit(GET, (text) => text.replace('"type": "afterLunch"', '"type": "afterDateTime"'));
  });

  it('should re-check a page whose link target appeared on disk although no page changed', async () => {
    edit(GET, (text) => `${text}\nSee [the notes](later-notes.txt).\n`);
    const before = await check();
    expect(before.diagnostics.some((d) => d.file === GET && d.message.includes('later-notes.txt'))).toBe(true);
    const notes = join(cwd, GET.replace(/[^/]+$/, 'later-notes.txt'));
    writeFileSync(notes, 'notes\n');
    const after = await check();
    expect(after.stats).toMatchObject({ parsed: 0, checked: 1 });
    expect(after.diagnostics.some((d) => d.file === GET && d.message.includes('later-notes.txt'))).toBe(false);
    expect(sorted(after.diagnostics)).toBe(await uncached());
    rmSync(notes);
  });

  it('should go the long way, with the same findings, when an edit changes what other pages resolve types against', async () => {
    await check();
    // A base type named in the resource page's annotation: the contracts' type universe changes, any page may answer otherwise.
    edit(RESOURCE, (text) => text.replace('"keyProperty": "id",', '"keyProperty": "id",\n  "baseType": "microsoft.graph.entity",'));
    const after = await check();
    expect(after.stats.contracts).toBe(files.length);
    expect(sorted(after.diagnostics)).toBe(await uncached());
    expect((await check()).stats).toMatchObject({ parsed: 0, checked: 0 });
  });

  it('should go the long way when the facts beside the state are missing', async () => {
    await check();
    rmSync(join(cwd, '.docpact/cache/facts.json'));
    edit(GET, (text) => `${text}\nAnother sentence.\n`);
    const after = await check();
    expect(after.stats.parsed).toBe(1);
    expect(sorted(after.diagnostics)).toBe(await uncached());
    expect(existsSync(join(cwd, '.docpact/cache/facts.json'))).toBe(true);
  });

  it('should read only the files whose stat moved since the last whole run, and find a same-size edit with its mtime put back', async () => {
    // settledMs 0: a file last changed before the last run began counts as settled (the default waits two seconds).
    const settled = { settledMs: 0 };
    await check(settled);
    const again = await check(settled);
    expect(again.stats).toMatchObject({ read: 0, parsed: 0, checked: 0 });
    // Same size, same mtime, other bytes: the ctime moved, so the file is read and the edit found.
    const path = join(cwd, GET);
    const before = statSync(path);
    const text = readFileSync(path, 'utf8');
    const swapped = text.replace('Get accessPackageAssignment', 'Get accessPackageAssignmenT');
    expect(swapped).not.toBe(text);
    expect(Buffer.byteLength(swapped)).toBe(before.size);
    writeFileSync(path, swapped);
    utimesSync(path, before.atime, before.mtime);
    const after = await check(settled);
    expect(after.stats).toMatchObject({ read: 1, parsed: 1 });
    expect(sorted(after.diagnostics)).toBe(await uncached());
  });

  it('should write a few edited pages beside the state instead of the whole state, and read them back with it', async () => {
    await check();
    const state = join(cwd, '.docpact/cache/result.json');
    const edits = join(cwd, '.docpact/cache/result-edits.json');
    const whole = readFileSync(state);
    edit(GET, (text) => `${text}\nOne more sentence.\n`);
    const first = await check();
    expect(first.stats).toMatchObject({ parsed: 1 });
    expect(readFileSync(state).equals(whole)).toBe(true);
    expect(existsSync(edits)).toBe(true);
    expect(sorted(first.diagnostics)).toBe(await uncached());
    // A second edit on top of the first: both are read back from beside the state.
    edit(RESOURCE, (text) => text.replace('|catalogId|Boolean|', '|catalogId|Int64|'));
    const second = await check();
    expect(second.stats.parsed).toBe(1);
    expect(readFileSync(state).equals(whole)).toBe(true);
    expect(sorted(second.diagnostics)).toBe(await uncached());
    expect((await check()).stats).toMatchObject({ parsed: 0, checked: 0 });
    // The long way writes the whole state again and drops the edits.
    await check({ configText: '{"another":"config"}' });
    expect(existsSync(edits)).toBe(false);
    expect(readFileSync(state).equals(whole)).toBe(false);
  });
});
