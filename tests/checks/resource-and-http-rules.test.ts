/**
 * Issue 10 items 1-8 on real Graph pages of ../shared/corpus: each new rule finds the defect the page has (and only
 * it), a repaired copy of the page is clean, and the model changes behind them (the unsendable fixture, flags enums)
 * do what replay and the contracts need.
 */
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runChecks } from '../../checks/index.js';
import { createContractsAjv } from '../../contracts/ajv.js';
import { pageFixtures } from '../../contracts/fixtures.js';
import { resolveForSchema } from '../../contracts/type-index.js';
import { namedSchema } from '../../contracts/types-map.js';
import type { Diagnostic } from '../../core/diagnostic.js';
import type { DocPage } from '../../extractor/index.js';
import { loadPages, parsePage } from '../../extractor/index.js';
import { skipReason } from '../../replay/replay-one.js';
import { DocIndex } from '../../resolve/doc-index.js';
import { CORPUS_DIR, HAS_CORPUS } from '../helpers/paths.js';

const API = 'graph-docs/api-reference';
const describeCorpus = HAS_CORPUS ? describe : describe.skip; // skipped where ../shared/corpus is not checked out

async function pages(...files: string[]): Promise<DocPage[]> {
  return (await loadPages(files.map((f) => `${API}/${f}`), { cwd: CORPUS_DIR })).pages;
}

/** `line:column message` of the rule's findings on the first page. */
function findings(ruleId: string, set: readonly DocPage[]): string[] {
  return runChecks(set, { only: [ruleId], cwd: CORPUS_DIR })
    .filter((d: Diagnostic) => d.file === set[0].file)
    .map((d) => `${d.range.start.line}:${d.range.start.column} ${d.message}`);
}

/** The page's text with `from` replaced by `to` (which must occur), parsed under the same path. */
function edited(page: DocPage, from: string, to: string): DocPage {
  const text = readFileSync(join(CORPUS_DIR, page.file), 'utf8');
  expect(text.includes(from)).toBe(true);
  return parsePage(page.file, text.replace(from, to));
}

describeCorpus('rules of issue 10 items 1-8 on corpus pages', () => {
  it('should report the blank line before the headers of an Intune action and mark its fixture unsendable', async () => {
    const [page] = await pages('v1.0/api/intune-deviceconfig-devicecompliancepolicy-scheduleactionsforrules.md');
    expect(findings('http-header-gap', [page])).toEqual([expect.stringMatching(/^62:1 Unexpected blank line between the request line and the headers/)]);
    const [fixture] = pageFixtures(page, { index: new DocIndex([page]), diagnostics: [] });
    expect(fixture.request.headers).toEqual({});
    expect(fixture.request.unsendable).toMatch(/line 62/);
    expect(skipReason(fixture, false, true)).toMatch(/not the request it means/);

    const repaired = edited(page, 'scheduleActionsForRules\n\nContent-type', 'scheduleActionsForRules\nContent-type');
    expect(findings('http-header-gap', [repaired])).toEqual([]);
    const [sendable] = pageFixtures(repaired, { index: new DocIndex([repaired]), diagnostics: [] });
    expect(sendable.request.unsendable).toBeUndefined();
    expect(sendable.request.headers).toMatchObject({ 'Content-type': 'application/json' });
    expect(skipReason(sendable, false, true)).toBeUndefined();
  });

  it('should read a real multipart body as well formed, and report it once its closing delimiter is gone', async () => {
    const [page] = await pages('beta/api/section-post-pages.md');
    expect(findings('http-message-malformed', [page])).toEqual([]);
    const broken = edited(page, '--MyPartBoundary198374--', '');
    expect(findings('http-message-malformed', [broken])).toEqual([expect.stringMatching(/Unexpected end of a multipart body without the closing delimiter, expected "--MyPartBoundary198374--"/)]);
  });

  it('should report a misspelt method and a codeless status line for what they are, not as unpaired', async () => {
    const [page] = await pages('v1.0/api/user-get.md');
    const gett = edited(page, 'GET https://graph.microsoft.com/v1.0/me\n', 'GETT https://graph.microsoft.com/v1.0/me\n');
    expect(findings('http-message-malformed', [gett])).toEqual([expect.stringMatching(/Unexpected HTTP method "GETT".*did you mean GET\?/)]);
    expect(findings('example-unpaired', [gett])).toEqual(findings('example-unpaired', [page]));
    const okay = edited(page, 'HTTP/1.1 200 OK', 'HTTP/1.1 OKAY');
    expect(findings('http-message-malformed', [okay])).toEqual([expect.stringMatching(/Unexpected status line "HTTP\/1.1 OKAY" without a numeric status code/)]);
    expect(findings('example-unpaired', [okay])).toEqual(findings('example-unpaired', [page]));
  });

  it('should report a representation key spelt in another case than its row once', async () => {
    const set = await pages('v1.0/resources/printerlocation.md');
    expect(findings('resource-representation-mismatch', set)).toEqual([expect.stringMatching(/^56:3 Unexpected "subunit" in the JSON representation, expected "subUnit"/)]);
  });

  it('should report a payload @odata.type without "#" and an @odata.type on a primitive', async () => {
    expect(findings('odata-type-format', await pages('v1.0/api/event-post-attachments.md'))).toEqual([
      expect.stringMatching(/^164:9 Unexpected "@odata.type": "microsoft.graph.event" without a leading "#"/),
    ]);
    expect(findings('odata-type-format', await pages('v1.0/resources/alternativeSecurityId.md'))).toEqual([
      expect.stringMatching(/^27:3 Unexpected object with "@odata.type": "Edm.Binary" for "key"/),
    ]);
  });

  it('should report a read-only property of the represented type in a create body', async () => {
    const set = await pages('v1.0/api/application-post-calls.md', 'v1.0/resources/call.md');
    const found = findings('example-read-only-property', set);
    expect(found.length).toBeGreaterThan(0);
    for (const f of found) expect(f).toMatch(/Unexpected read-only property "direction" in the POST request body/);
  });

  it('should report expectError on a 200 response', async () => {
    expect(findings('annotation-semantics', await pages('beta/api/externalconnectors-connectionoperation-get.md'))).toEqual([
      expect.stringMatching(/^93:3 Unexpected "expectError": true on a 200 response/),
    ]);
  });

  it('should model an Intune flags enum (values 0, 1, 2, 4) and let its schema take combined members', async () => {
    const [page] = await pages('v1.0/resources/intune-notification-notificationtemplatebrandingoptions.md');
    expect(page.enums.map((e) => [e.name, e.flags])).toEqual([['notificationTemplateBrandingOptions', true]]);
    const index = new DocIndex([page]);
    const ref = { raw: 'notificationTemplateBrandingOptions', kind: 'named' as const, collection: false, name: 'notificationTemplateBrandingOptions' };
    const validate = createContractsAjv().compile(namedSchema(resolveForSchema(index, ref, page)));
    expect(validate('includeCompanyLogo,includeCompanyName')).toBe(true);
    expect(validate('includeCompanyLogo')).toBe(true);
    expect(validate('includeCompanyLogo,unknown')).toBe(false);
    // A plain enum of the same members (values 0, 1, 2, 3) takes one member only.
    const plain = edited(page, '|includeContactInformation|4|', '|includeContactInformation|3|');
    expect(plain.enums[0].flags).toBe(false);
    const plainValidate = createContractsAjv().compile(namedSchema(resolveForSchema(new DocIndex([plain]), ref, plain)));
    expect(plainValidate('includeCompanyLogo,includeCompanyName')).toBe(false);
    expect(plainValidate('includeCompanyLogo')).toBe(true);
  });
});

describe('the extractor facts behind them', () => {
  const request = (fence: string): DocPage => parsePage('v1.0/api/x-post.md', `# x\n\n<!-- { "blockType": "request", "name": "x" } -->\n\`\`\`http\n${fence}\n\`\`\`\n`);

  it.each([
    ['headers after a blank line', 'POST https://graph.microsoft.com/v1.0/x\n\nContent-type: application/json\nContent-length: 2\n\n{}'],
    ['several blank lines', 'POST https://graph.microsoft.com/v1.0/x\n\n\nAuthorization: Bearer {token}'],
  ])('should mark a request with %s at the first blank line', (_name, fence) => {
    const message = request(fence).examples[0].request!;
    // Line 5 is the request line (after the title, a blank line, the annotation and the fence).
    expect(message.headerGap?.start.line).toBe(6);
    expect(message.headers).toEqual([]);
  });

  it.each([
    ['a JSON body after a blank line', 'POST https://graph.microsoft.com/v1.0/x\n\n{ "a": 1 }'],
    ['a text body of unknown "key: value" lines', 'POST https://graph.microsoft.com/v1.0/x\n\nsubject: hello\nbody: world'],
    ['headers right below the request line', 'POST https://graph.microsoft.com/v1.0/x\nContent-type: application/json\n\n{}'],
    ['header-like lines followed by a non-header line', 'POST https://graph.microsoft.com/v1.0/x\n\nContent-type: application/json\nthis is prose'],
  ])('should not mark a request with %s', (_name, fence) => {
    expect(request(fence).examples[0].request!.headerGap).toBeUndefined();
  });

  it.each([
    ['0, 1, 2, 4', true, ['0', '1', '2', '4']],
    ['1, 2, 4, 8', true, ['1', '2', '4', '8']],
    ['0, 1, 2, 3', false, ['0', '1', '2', '3']],
    ['0, 1, 2 (too short to tell)', false, ['0', '1', '2']],
    ['1, 2, 4, 4 (repeated)', false, ['1', '2', '4', '4']],
    ['(none)', undefined, [undefined, undefined, undefined]],
    ['a, b, c (not numbers)', undefined, ['a', 'b', 'c']],
  ])('should read member values %s as flags = %p', (_name, flags, values) => {
    const rows = values.map((v, i) => `|m${i}|${v ?? ''}|Member ${i}.|`).join('\n');
    const page = parsePage('v1.0/resources/e.md', `---\ndoc_type: enumPageType\n---\n# e enum type\n\n## Members\n|Member|Value|Description|\n|:---|:---|:---|\n${rows}\n`);
    expect(page.enums[0].flags).toBe(flags);
  });
});
