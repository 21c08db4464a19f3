/**
 * The extractor and contracts over every page of the real Graph docs sample (when ../shared/corpus exists):
 * no page crashes the run, and each edge-case page of the corpus README yields what a reader would expect.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { buildContracts, type ContractsResult } from '../../contracts/index.js';
import type { DocPage } from '../../extractor/index.js';
import { corpusLoad } from '../helpers/corpus.js';
import { GRAPH_DOCS, HAS_CORPUS } from '../helpers/paths.js';

const describeCorpus = HAS_CORPUS ? describe : describe.skip; // skipped only where ../shared/corpus is absent

describeCorpus('the Graph docs corpus', () => {
  let pages: DocPage[] = [];
  let contracts: ContractsResult;
  const byPath = new Map<string, DocPage>();
  const page = (rel: string): DocPage => {
    const p = byPath.get(`api-reference/${rel}`);
    if (!p) throw new Error(`corpus page ${rel} was not extracted`);
    return p;
  };

  beforeAll(async () => {
    // Parsed once per run for every corpus suite (tests/helpers/corpus.ts), by the same loader: a page that crashes
    // the parser is still an extract/parse-failed diagnostic in these pages.
    const result = await corpusLoad({ cwd: GRAPH_DOCS });
    pages = result.pages;
    for (const p of pages) byPath.set(p.file, p);
    contracts = buildContracts(pages);
    const diagnostics = [...result.diagnostics, ...pages.flatMap((p) => p.diagnostics), ...contracts.diagnostics];
    const byRule: Record<string, number> = {};
    for (const d of diagnostics) byRule[d.ruleId] = (byRule[d.ruleId] ?? 0) + 1;
    const examples = pages.reduce((n, p) => n + p.examples.length, 0);
    const pairs = pages.flatMap((p) => p.pairs);
    const annotatedPairs = pages.flatMap((p) => p.pairs.filter((x) => p.examples[x.request].blockType === 'request' && x.response !== undefined));
    const parseable = pages.flatMap((p) => p.pairs.filter((x) => p.examples[x.request].blockType === 'request' && p.examples[x.request].request && x.response !== undefined && p.examples[x.response].response));
    const withResponse = contracts.fixtures.filter((f) => f.response !== undefined).length;
    console.log(
      [
        `corpus: ${pages.length} pages (${pages.filter((p) => p.kind === 'api').length} api, ${pages.filter((p) => p.kind === 'resource').length} resource, ${pages.filter((p) => p.kind === 'enum').length} enum)`,
        `examples ${examples}, pairs ${pairs.length} (annotated request+response ${annotatedPairs.length}, parseable ${parseable.length})`,
        `fixtures ${contracts.fixtures.length} (with response ${withResponse}), schemas ${contracts.schemas.size}`,
        `diagnostics by rule: ${JSON.stringify(byRule)}`,
      ].join('\n'),
    );
  });

  it('should extract every Markdown page without a crash', () => {
    expect(pages.length).toBeGreaterThanOrEqual(705);
    expect(pages.flatMap((p) => p.diagnostics).filter((d) => d.ruleId === 'extract/parse-failed')).toEqual([]);
  });

  it('should turn every parseable annotated request/response pair into a fixture with its response', () => {
    const fixtures = new Set(contracts.fixtures.filter((f) => f.response).map((f) => `${f.source.file}#${f.source.line}`));
    const missing = pages.flatMap((p) =>
      p.pairs
        .filter((x) => p.examples[x.request].blockType === 'request' && p.examples[x.request].request && x.response !== undefined && p.examples[x.response].response)
        .filter((x) => !fixtures.has(`${p.file}#${p.examples[x.request].code.range.start.line}`))
        .map((x) => `${p.file} ${x.name}`),
    );
    expect(missing).toEqual([]);
  });

  it('should still pair examples whose annotation has a trailing comma', () => {
    const p = page('v1.0/api/user-post-users.md');
    const lenient = p.examples.filter((e) => e.annotation?.parse === 'lenient');
    expect(lenient.length).toBeGreaterThan(0);
    for (const e of lenient) expect(p.pairs.some((x) => x.request === e.index || x.response === e.index)).toBe(true);
  });

  it('should read an unquoted annotation key (`isCollection: true`)', () => {
    const e = page('v1.0/api/user-getmailtips.md').examples.find((x) => x.annotation?.parse === 'lenient');
    expect(e?.isCollection).toBe(true);
  });

  it('should take the first name when `name` is an array', () => {
    const p = page('v1.0/api/drive-get.md');
    const arrayNamed = p.examples.find((e) => (e.annotation?.names.length ?? 0) > 1);
    expect(arrayNamed?.name).toBe(arrayNamed?.annotation?.names[0]);
  });

  it('should read `"truncated": "true"` as true', () => {
    expect(page('v1.0/api/application-post-calls.md').examples.some((e) => e.annotation?.data.truncated === 'true' && e.truncated === true)).toBe(true);
  });

  it('should attach an annotation across prose before its fence', () => {
    const p = page('beta/api/sitepage-delete.md');
    expect(p.examples.some((e) => (e.annotation?.proseLinesBefore ?? 0) > 0 && e.blockType === 'request')).toBe(true);
    expect(p.pairs.length).toBeGreaterThan(0);
  });

  it.each([
    ['v1.0/api/calendar-delete.md', '{id | userPrincipalName}'],
    ['v1.0/api/formatprotection-get.md', '<address>'],
    ['v1.0/api/workbook-closesession.md', '{item-path}'],
  ])('should parse the placeholders of %s', (rel, placeholder) => {
    expect(page(rel).requestTemplates.flatMap((t) => t.placeholders)).toContain(placeholder);
  });

  it('should read function parameters and queries in HTTP request lines', () => {
    expect(page('v1.0/api/accessreviewinstance-filterbycurrentuser.md').requestTemplates[0].path).toMatch(/filterByCurrentUser\(on='reviewer'\)$/);
    expect(page('v1.0/api/group-delete-acceptedsenders.md').requestTemplates.some((t) => t.query.includes('$id'))).toBe(true);
  });

  it('should read request lines from several blocks, odd headings and mixed content', () => {
    expect(page('v1.0/api/driveitem-put-content.md').requestTemplates.length).toBeGreaterThan(0);
    expect(page('v1.0/api/driveitem-invite.md').requestTemplates.length).toBeGreaterThan(0);
    expect(new Set(page('v1.0/api/driveitem-unfollow.md').requestTemplates.map((t) => t.method)).size).toBeGreaterThan(0);
    expect(page('beta/api/identityproviderbase.md').requestTemplates).toEqual([]);
  });

  it('should keep non-JSON bodies as text with their content type', () => {
    const texts = (rel: string) => page(rel).examples.flatMap((e) => {
      const m = e.request ?? e.response;
      return m && m.body.kind === 'text' ? [[m.headers.find((h) => /content-type/i.test(h.name))?.value ?? '', m.body.text.slice(0, 20)]] : [];
    });
    expect(texts('v1.0/api/reportroot-getemailactivityuserdetail.md').length).toBeGreaterThan(0);
    expect(texts('beta/api/trustframework-post-trustframeworkpolicy.md').some(([type]) => /xml/.test(type))).toBe(true);
    expect(texts('beta/api/section-post-pages.md').some(([type]) => /multipart/.test(type))).toBe(true);
    expect(texts('v1.0/api/teamsapp-publish.md').some(([type]) => /zip/.test(type))).toBe(true);
  });

  it.each([
    ['beta/api/authorizationpolicy-get.md', 'missing comma'],
    ['v1.0/api/application-post-calls.md', 'trailing comma'],
    ['beta/api/governanceroleassignment-list.md', 'ellipsis'],
    ['beta/api/cloudpcauditevent-get.md', 'non-breaking space used as whitespace'],
    ['v1.0/api/opentypeextension-get.md', 'raw line break or tab inside a string'],
    ['v1.0/api/page-update.md', 'single-quoted string'],
    ['beta/api/workforceintegration-post.md', 'smart quotes'],
    ['v1.0/api/call-unmute.md', 'comment'],
    ['v1.0/api/workbookoperation-get.md', 'doubled quote'],
  ])('should name why a body of %s is not JSON (%s)', (rel, cause) => {
    const causes = page(rel).examples.map((e) => (e.request ?? e.response)?.body.problem?.cause);
    expect(causes).toContain(cause);
  });

  it('should read status lines in every spelling', () => {
    const statuses = (rel: string) => page(rel).examples.flatMap((e) => (e.response ? [`${e.response.status} ${e.response.reason}`] : []));
    expect(statuses('v1.0/api/event-post-attachments.md')).toContain('201 Created');
    expect(statuses('beta/api/post-post-attachments.md')).toContain('202 Accpted');
    expect(statuses('v1.0/api/directory-deleteditems-user-owned.md')).toContain('200 ');
  });

  it('should read a body that follows the headers without a blank line', () => {
    const bodies = page('beta/api/termstore-relation-post.md').examples.map((e) => (e.request ?? e.response)?.body.kind);
    expect(bodies).toContain('json');
  });

  it('should find unannotated examples on Intune pages and make fixtures of them', () => {
    const rel = 'v1.0/api/intune-cirrus-officeclientconfigurationassignment-get.md';
    expect(page(rel).examples.filter((e) => e.blockType === 'unannotated').length).toBeGreaterThanOrEqual(2);
    expect(contracts.fixtures.some((f) => f.source.file.endsWith(rel) && f.response?.status === 200)).toBe(true);
  });

  it('should find examples behind upper-case and bare fences', () => {
    expect(page('v1.0/api/search-query.md').pairs.length).toBeGreaterThan(0);
    expect(page('beta/api/workforceintegration-post.md').pairs.length).toBeGreaterThan(0);
  });

  it('should read resource pages: properties, enums by anchor, escaped pipes, base types', () => {
    const user = page('v1.0/resources/user.md');
    expect(user.resourceType?.name).toBe('user');
    expect(user.properties.find((r) => r.name === 'ageGroup')?.type).toMatchObject({ kind: 'named', href: '#agegroup-values' });
    expect(user.enums.map((e) => e.name)).toContain('ageGroup');
    expect(user.relationships.length).toBeGreaterThan(10);
    expect(page('v1.0/resources/invitation.md').properties.length).toBeGreaterThan(3);
    expect(page('beta/resources/webpart.md').properties.some((r) => r.type.kind === 'named')).toBe(true);
  });

  it('should read `Not yet documented` and `TODO` text where it stands', () => {
    expect(page('v1.0/api/intune-cirrus-officeclientconfigurationassignment-get.md').permissions.some((r) => /TODO/.test(r.value))).toBe(true);
    expect(page('v1.0/api/intune-deviceconfig-devicecompliancepolicy-scheduleactionsforrules.md').requestBody.some((r) => /Not yet documented/i.test(r.description))).toBe(true);
  });
});
