/**
 * The page-structure and link rules of issue 10 (items 9–13) on the real Graph pages of ../shared/corpus: the defects
 * the corpus has, found where they are; the conventions it uses everywhere, not reported; and, where the corpus has no
 * defect of a kind, a real page with one line changed, so the rule is shown to find it on a real page's layout.
 */
import { describe, expect, it } from '@jest/globals';
import type { Diagnostic } from '../../core/diagnostic.js';
import { buildDocSet, runChecks } from '../../checks/index.js';
import { parsePage } from '../../extractor/index.js';
import type { DocPage } from '../../extractor/model.js';
import { corpusPages } from '../helpers/corpus.js';
import { CORPUS_DIR, HAS_CORPUS } from '../helpers/paths.js';

const RULES = ['front-matter-keys', 'page-headings', 'snippet-tabs', 'permissions-table', 'link-anchor', 'link-reference-undefined', 'link-site-broken'];
const REF = 'graph-docs/api-reference';

// Skipped where ../shared/corpus is not checked out: these tests are about real pages and have no stand-in.
const describeCorpus = HAS_CORPUS ? describe : describe.skip;

describeCorpus('issue 10 structure and link rules on the Graph docs corpus', () => {
  const pages = HAS_CORPUS ? corpusPages({ cwd: CORPUS_DIR }) : Promise.resolve([] as DocPage[]);
  const all = (async () => runChecks(await pages, { only: RULES, cwd: CORPUS_DIR }))();

  /** `line:column message` of the findings of `rule` on `path` (below api-reference/). */
  const on = async (rule: string, path: string): Promise<string[]> =>
    (await all).filter((d) => d.ruleId === rule && d.file === `${REF}/${path}`).map(show);

  /** The findings of `rule` on a corpus page after `edit`, checked against the whole doc set with that page replaced. */
  const edited = async (rule: string, path: string, edit: (text: string) => string): Promise<string[]> => {
    const list = await pages;
    const original = list.find((p) => p.file === `${REF}/${path}`);
    if (!original) throw new Error(`no corpus page ${path}`);
    const text = edit(original.source);
    expect(text).not.toBe(original.source);
    const changed = parsePage(original.file, text);
    const docsIndex = buildDocSet(list.map((p) => (p === original ? changed : p)), { cwd: CORPUS_DIR });
    return runChecks([changed], { only: [rule], docsIndex }).map(show);
  };

  it('should report the two unknown doc_type values and the page without one, and nothing on include targets', async () => {
    expect(await on('front-matter-keys', 'v1.0/resources/timeoff.md')).toEqual([expect.stringMatching(/^7:1 Unexpected doc_type "resourcePageType_".*did you mean "resourcePageType"/)]);
    expect(await on('front-matter-keys', 'beta/resources/enums-windowsupdates.md')).toEqual([expect.stringMatching(/^7:1 Unexpected doc_type "enumTypes"/)]);
    expect(await on('front-matter-keys', 'v1.0/resources/intune-enrollment-conceptual.md')).toEqual(['1:1 Unexpected front matter without doc_type, expected a "doc_type:" line: add it (the docs build reads the page\'s metadata from it)']);
    expect((await all).filter((d) => d.ruleId === 'front-matter-keys' && d.file.includes('/includes/'))).toEqual([]);
  });

  it('should report a Response section after the example, and letter case against the template', async () => {
    expect(await on('page-headings', 'beta/api/listitemversion-restore.md')).toEqual([expect.stringMatching(/^51:1 Unexpected "## Response" after "## Example"/)]);
    expect(await on('page-headings', 'v1.0/api/presence-get.md')).toEqual([expect.stringMatching(/^35:1 Unexpected heading "Request Headers", expected "Request headers"/)]);
    expect(await on('page-headings', 'v1.0/resources/intune-mam-user.md')).toEqual([expect.stringMatching(/"JSON Representation", expected "JSON representation"/)]);
  });

  it('should accept the OneDrive resource layout (JSON representation first, Methods last) and Example or Examples', async () => {
    for (const path of ['v1.0/resources/drive.md', 'v1.0/resources/driveitem.md', 'v1.0/resources/opentypeextension.md', 'v1.0/api/user-get.md', 'v1.0/api/group-post-groups.md']) {
      expect(await on('page-headings', path)).toEqual([]);
    }
  });

  it('should report text before the title of a real page', async () => {
    const found = await edited('page-headings', 'v1.0/api/user-get.md', (t) => t.replace(/\n# Get a user/, '\nDraft, do not publish.\n# Get a user'));
    expect(found).toEqual([expect.stringMatching(/^10:1 Unexpected text before the "# Get a user" title/)]);
  });

  it('should find no defect in the 163 well-formed snippet tab groups of the corpus', async () => {
    const withTabs = (await pages).filter((p) => p.source.includes('](#tab/'));
    expect(withTabs.length).toBeGreaterThan(100);
    expect((await all).filter((d) => d.ruleId === 'snippet-tabs')).toEqual([]);
  });

  it('should report a real tab group whose closing line is gone, a repeated tab and a malformed marker', async () => {
    const unclosed = await edited('snippet-tabs', 'v1.0/api/user-get.md', (t) => t.replace(/(# \[Java\]\(#tab\/java\)\n[^#]*?)\n---\n/, '$1\n\n'));
    expect(unclosed).toEqual([expect.stringMatching(/^119:1 Unexpected tab group without a closing "---" line before the heading at line \d+/)]);
    const repeated = await edited('snippet-tabs', 'v1.0/api/user-get.md', (t) => t.replace('# [JavaScript](#tab/javascript)', '# [C#](#tab/csharp)'));
    expect(repeated[0]).toMatch(/^131:1 Unexpected second "csharp" tab in the group opened at line 119/);
    const malformed = await edited('snippet-tabs', 'v1.0/api/user-get.md', (t) => t.replace('# [JavaScript](#tab/javascript)', '#[JavaScript](tab/javascript)'));
    expect(malformed[0]).toMatch(/^131:1 Unexpected tab marker "#\[JavaScript\]\(tab\/javascript\)", expected "# \[JavaScript\]\(#tab\/javascript\)"/);
  });

  it('should report permissions out of order on organizationalbrandingproperties-get.md and nothing on tables per case or read actions', async () => {
    expect(await on('permissions-table', 'beta/api/organizationalbrandingproperties-get.md')).toEqual([expect.stringMatching(/^22:1 Unexpected User\.Read\.All before User\.ReadBasic\.All/)]);
    for (const path of ['v1.0/api/chatmessagehostedcontent-get.md', 'beta/api/governanceroleassignment-list.md', 'v1.0/api/user-getmailtips.md', 'v1.0/api/search-query.md', 'v1.0/api/permission-update.md']) {
      expect(await on('permissions-table', path)).toEqual([]);
    }
  });

  it('should report a real update page whose table grants only read permissions', async () => {
    const found = await edited('permissions-table', 'v1.0/api/user-update.md', (t) => t.replace(/User\.ReadWrite\.All/g, 'User.Read.All').replace(/User\.ReadWrite\b/g, 'User.Read').replace(/Directory\.ReadWrite\.All/g, 'Directory.Read.All').replace(/, Directory\.AccessAsUser\.All/g, '').replace(/User\.ManageIdentities\.All/g, 'User.Read.All'));
    expect(found).toEqual([expect.stringMatching(/^\d+:1 Unexpected read-only permissions \(.*User\.Read.*\) for a PATCH operation/)]);
  });

  it('should resolve every heading link of the corpus by GitHub slugs, and report one whose heading is renamed', async () => {
    expect((await all).filter((d) => d.ruleId === 'link-anchor')).toEqual([]);
    // `### Indicator observables - network` is `#indicator-observables---network` only by GitHub's rules (no hyphen folding).
    const anchors = (await pages).flatMap((p) => p.links.filter((l) => /\.md#indicator-observables---network$/.test(l.url)));
    expect(anchors.length).toBeGreaterThan(0);
    const found = await edited('link-anchor', 'v1.0/resources/user.md', (t) => t.replace('(#legal-age-group-property-definitions)', '(#legal-age-group-definitions)'));
    expect(found[0]).toMatch(/Unexpected link to #legal-age-group-definitions, which no heading of this page produces/);
  });

  it('should find every reference link of the corpus defined, and report one whose definition is gone', async () => {
    expect((await all).filter((d) => d.ruleId === 'link-reference-undefined')).toEqual([]);
    const found = await edited('link-reference-undefined', 'beta/resources/folderview.md', (t) => t.replace(/^\[item-resource\]:.*$/m, ''));
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((f) => /reference link \[[^\]]+\]\[item-resource\] with no definition of "item-resource"/.test(f))).toBe(true);
  });

  it('should resolve /graph/api links from the version root, ?view= first, and report the ones with no page', async () => {
    expect(await on('link-site-broken', 'v1.0/resources/opentypeextension.md')).toEqual([expect.stringMatching(/^26:3 Unexpected link to \/graph\/api\/resources\/administrativeunit,/)]);
    expect(await on('link-site-broken', 'beta/resources/security-error-codes.md')).toEqual([
      expect.stringMatching(/\?view=graph-rest-1\.0#alerts/),
      expect.stringMatching(/\?view=graph-rest-beta#threat-indicators-preview/),
    ]);
    // A link that names an existing page (here the page's own resource, under a beta view) is not reported.
    const found = await edited('link-site-broken', 'v1.0/resources/opentypeextension.md', (t) => t.replace('/graph/api/resources/administrativeunit', '/graph/api/resources/user?view=graph-rest-beta'));
    expect(found).toEqual([]);
    expect((await all).filter((d) => d.ruleId === 'link-site-broken' && d.file.includes('/includes/'))).toEqual([]);
  });
});

function show(d: Diagnostic): string {
  return `${d.range.start.line}:${d.range.start.column} ${d.message}`;
}
