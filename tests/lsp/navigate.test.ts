/**
 * The language server's knowledge of a page, in-process over docs/: hover and go-to-definition (lsp/navigate.ts)
 * through the resolved doc set, and completion (lsp/complete.ts). Each case names a place by the text around it
 * (`«` marks the cursor), so the cases read like the page.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { loadPages, safeParse } from '../../extractor/load.js';
import type { DocPage } from '../../extractor/model.js';
import { DocIndex } from '../../resolve/doc-index.js';
import { completionsAt } from '../../lsp/complete.js';
import { definitionAt, hoverAt } from '../../lsp/navigate.js';
import { ROOT } from '../helpers/paths.js';

const API = 'docs/api-reference/beta/api/';
const RES = 'docs/api-reference/beta/resources/';

let index: DocIndex;
beforeAll(async () => {
  index = new DocIndex((await loadPages(['docs'], { cwd: ROOT })).pages);
});

/** The page and the offset of `«` in `marked` (a snippet of the page with the cursor marked), its nth occurrence. */
function at(file: string, marked: string, nth = 0): { page: DocPage; offset: number } {
  const page = index.pageAt(file)!;
  const snippet = marked.replace('«', '');
  let from = -1;
  for (let i = 0; i <= nth; i++) from = page.source.indexOf(snippet, from + 1);
  if (from < 0) throw new Error(`"${snippet}" is not on ${file}`);
  return { page, offset: from + marked.indexOf('«') };
}

const link = (place: { file: string }): string => place.file;

describe('hover', () => {
  it.each([
    ['a member of an item of a collection response', `${API}accesspackageassignment-list.md`, '"isExt«ended": false', 0, ['**isExtended**: `Boolean`', `${RES}accesspackageassignment.md`]],
    ['a member of a nested object, through its Type cell', `${API}accesspackageassignment-list.md`, '"start«DateTime": "2021', 0, ['**startDateTime**: `DateTimeOffset`', `${RES}requestschedule.md`]],
    ['two levels down', `${API}accesspackageassignment-list.md`, '"ty«pe": "noExpiration"', 0, ['**type**: `[expirationPatternType](#expirationpatterntype-values)`', `${RES}expirationpattern.md`]],
    // The request body's own "@odata.type" names the resource type, so check reads the member against its page.
    ['a request body member of an object that names its type', `${API}accesspackageassignment-post.md`, '"catalog«Id": "String"', 0, ['**catalogId**: `String`', 'Identifier of the catalog', `${RES}accesspackageassignment.md`]],
    ['a name cell of a request body table, documented on the resource page', `${API}accesspackageassignment-post.md`, '|catalog«Id|String|', 0, ['**catalogId**: `String`', `${RES}accesspackageassignment.md`]],
    ['a name cell of a resource page', `${RES}expirationpattern.md`, '|dur«ation|Duration|', 0, ['**duration**: `Duration`', 'How long the assignment lasts']],
    ['an enum Type cell', `${RES}expirationpattern.md`, '|[expirationPattern«Type](#exp', 0, ['microsoft.graph.expirationPatternType**: enum (notSpecified, noExpiration, afterDateTime, afterDuration)']],
  ])('should describe %s', (_what, file, marked, nth, parts) => {
    const { page, offset } = at(file, marked, nth);
    const hover = hoverAt(index, page, offset, link);
    for (const part of parts) expect(hover?.markdown).toContain(part);
  });

  it('should say which type lacks a member that is not documented', () => {
    const page = index.pageAt(`${API}accesspackageassignment-list.md`)!;
    const text = page.source.replace('"isExtended": false,', '"isExtended": false,\n      "bogusMember": 1,');
    const edited = safeParse(page.file, text);
    const hover = hoverAt(index, edited, text.indexOf('bogusMember'), link);
    expect(hover?.markdown).toBe('**bogusMember**: not a documented property of accessPackageAssignment');
  });

  it('should give nothing on an instance annotation', () => {
    const { page, offset } = at(`${API}accesspackageassignment-list.md`, '"@odata.con«text"');
    expect(hoverAt(index, page, offset, link)).toBeUndefined();
  });

  it('should give nothing in prose', () => {
    const { page, offset } = at(`${API}accesspackageassignment-post.md`, 'Create a new [access«PackageAssignment]', 0);
    expect(hoverAt(index, page, offset, link)).toBeUndefined();
  });
});

describe('go to definition', () => {
  it.each([
    ['a property name in an example → its row', `${API}accesspackageassignment-list.md`, '"isExt«ended": false', `${RES}accesspackageassignment.md`, 40],
    ['a Type cell linking a resource page → that page', `${RES}requestschedule.md`, '|[expiration«Pattern](expirationpattern.md)', `${RES}expirationpattern.md`, 10],
    ['an in-page enum link → the enum table', `${RES}expirationpattern.md`, '|[expirationPattern«Type](#exp', `${RES}expirationpattern.md`, 28],
    ['a link in prose → the page', `${API}accesspackageassignment-post.md`, 'Create a new [access«PackageAssignment](../resources', `${RES}accesspackageassignment.md`, 10],
    ['a link in a Methods table → the page title', `${RES}accesspackageassignment.md`, '[List access«PackageAssignments](../api/accesspackageassignment-list.md)', `${API}accesspackageassignment-list.md`, 10],
  ])('should go from %s', (_what, file, marked, target, line) => {
    const { page, offset } = at(file, marked);
    const places = definitionAt(index, page, offset);
    expect(places.map((p) => [p.file, p.range.start.line])).toEqual([[target, line]]);
  });

  it('should go nowhere from a link outside the doc set', () => {
    const { page, offset } = at(`${API}accesspackageassignment-post.md`, '[Permissions](/graph/permissions-«reference)');
    expect(definitionAt(index, page, offset)).toEqual([]);
  });
});

describe('completion', () => {
  const labels = (text: string, version = 'beta'): string[] => {
    const offset = text.indexOf('«');
    return completionsAt(text.replace('«', ''), offset, version, index).map((c) => c.label);
  };

  it('should offer the annotation keys not yet written, in an annotation', () => {
    const got = labels('<!-- {\n  "blockType": "request",\n  «\n} -->');
    expect(got).toEqual(expect.arrayContaining(['name', 'truncated', '@odata.type', 'isCollection']));
    expect(got).not.toContain('blockType');
  });

  it('should offer block types as the value of blockType', () => {
    expect(labels('<!-- {\n  "blockType": "re«')).toEqual(['request', 'response', 'resource', 'ignored', 'example', 'samples']);
  });

  it('should offer the doc set\'s types for @odata.type, with # in a body and without in an annotation', () => {
    expect(labels('{\n  "@odata.type": "«')).toEqual(expect.arrayContaining(['#microsoft.graph.accessPackageAssignment', '#microsoft.graph.expirationPattern']));
    expect(labels('<!-- {\n  "blockType": "response",\n  "@odata.type": "micro«')).toEqual(expect.arrayContaining(['microsoft.graph.accessPackageAssignment']));
  });

  it('should offer nothing outside annotations and @odata.type values', () => {
    expect(labels('Some prose «here')).toEqual([]);
    expect(labels('<!-- a plain comment « -->')).toEqual([]);
    expect(labels('<!-- { "blockType": "request" } -->\n``` http\nGET /me\n```\n{ «')).toEqual([]);
  });
});
