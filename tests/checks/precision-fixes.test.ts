/**
 * Regressions for the wrong and noise findings of table-ragged, type-unknown and page-sections that the labelled
 * precision sample (tests/precision/sample.json) traced to a cause, each on the real Graph page where the cause was
 * found: the page is parsed on its own with parsePage and only the rule under test runs. The pages' real defects are
 * in the same table, so a fix that silences the rule as a whole fails here too.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { runChecks } from '../../checks/index.js';
import { parsePage } from '../../extractor/index.js';
import { GRAPH_DOCS, HAS_CORPUS } from '../helpers/paths.js';

// Skipped where ../shared/corpus is not checked out: these tests are about real pages and have no stand-in.
const describeCorpus = HAS_CORPUS ? describe : describe.skip;

/** Parses one corpus page (path below api-reference/) with `file` relative to graph-docs/, as the CLI gives it. */
function page(path: string) {
  const file = `api-reference/${path}`;
  return parsePage(file, readFileSync(join(GRAPH_DOCS, file), 'utf8'));
}

/** `line: message` of every finding of `ruleId` on the page. */
function findings(ruleId: string, path: string): string[] {
  return runChecks([page(path)], { only: [ruleId], cwd: GRAPH_DOCS }).map((d) => `${d.range.start.line}: ${d.message}`);
}

/** [rule, page below api-reference/, the cause, the findings expected today as `line: message fragment`]. */
const CASES: readonly (readonly [string, string, string, readonly string[]])[] = [
  // One-cell group heading rows (`|**Onboarding**|`) in Methods, Properties, Relationships and request-body tables.
  ['table-ragged', 'beta/resources/intune-shared-user.md', 'one-cell group heading rows', []],
  ['table-ragged', 'beta/api/intune-shared-devicecategory-update.md', 'one-cell group heading row', []],
  ['table-ragged', 'v1.0/resources/organization.md', 'one-cell group heading rows', []],
  // A header with a stray fourth cell over seven three-cell rows: one finding, at the header.
  ['table-ragged', 'v1.0/resources/searchrequest.md', 'one header defect', ['24: Unexpected 4 cells in this table header, expected 3 like every row']],
  // Real: the permission rows of the Methods table have no Description cell.
  ['table-ragged', 'v1.0/resources/site.md', 'real ragged rows kept', [30, 31, 32, 33, 34].map((l) => `${l}: Unexpected 2 cells in this table row, expected 3 like the header`)],
  ['table-ragged', 'v1.0/resources/driveitem.md', 'real ragged rows kept', ['207: Unexpected 2 cells', '208: Unexpected 2 cells']],
  ['type-unknown', 'beta/api/intune-shared-user-create.md', 'group heading row read as a property', []],
  ['type-unknown', 'v1.0/resources/callrecords-clientuseragent.md', 'enum documented inline', []],
  ['type-unknown', 'v1.0/resources/externalconnectors-externalconnection.md', 'enum documented inline', []],
  // Real: a bare, unqualified name that no page defines, though the description lists values.
  ['type-unknown', 'beta/api/termstore-relation-post.md', 'bare unknown name kept', ['50: Unexpected type relationType for "relationship"']],
  ['type-unknown', 'v1.0/resources/site.md', 'linked type with an extra word', []],
  ['type-unknown', 'beta/resources/site.md', 'linked type with an extra word', []],
  ['type-unknown', 'beta/api/tablecolumncollection-add.md', 'primitives in words', []],
  ['type-unknown', 'v1.0/api/driveitem-preview.md', 'primitives in words', []],
  ['type-unknown', 'v1.0/resources/activitybasedtimeoutpolicy.md', 'table of an embedded JSON blob', []],
  // Real: "error object" names no type.
  ['type-unknown', 'v1.0/resources/workbookoperationerror.md', 'free text kept', ['20: Unexpected type text "error object" for "innererror"']],
  // Real: a Type cell whose link lacks its closing parenthesis.
  ['type-unknown', 'v1.0/resources/invitation.md', 'broken link kept', ['37: Unexpected type text "[invitedUserMessageInfo](invitedusermessageinfo.md"']],
  ['page-sections', 'v1.0/api/driveitem-createuploadsession.md', '### Response (OneDrive layout)', []],
  ['page-sections', 'v1.0/api/driveitem-get-content.md', '### Response under ## Example', []],
  ['page-sections', 'v1.0/api/driveitem-invite.md', '### Response under ## Example', []],
  ['page-sections', 'v1.0/api/drive-get.md', 'examples under per-operation sections', []],
  ['page-sections', 'v1.0/resources/directory.md', 'no own properties (JSON representation {})', []],
  ['page-sections', 'v1.0/resources/meetinginfo.md', 'abstract type without properties', []],
  ['page-sections', 'beta/resources/operationerror.md', '"## operationError Properties"', []],
  ['page-sections', 'v1.0/resources/intune-enrollment-conceptual.md', 'conceptual page without doc_type', []],
  // A conceptual page whose front matter says resourcePageType: one finding at doc_type, none for Properties.
  ['page-sections', 'v1.0/resources/search-api-overview.md', 'conceptual page marked resourcePageType', ['7: Unexpected doc_type "resourcePageType" on a page that documents no type or operation (a conceptual page), expected "conceptualPageType"']],
  ['page-sections', 'beta/resources/teamsasyncoperationstatus.md', 'enum page marked resourcePageType', ['7: Unexpected doc_type "resourcePageType" on a page that documents an enumeration, expected "enumPageType"']],
  // Real: no Properties table (package.md), the Properties section inside an HTML comment, no HTTP request section,
  // no example at all.
  ['page-sections', 'beta/resources/package.md', 'real missing Properties kept', ['10: Unexpected page without a "## Properties" section']],
  ['page-sections', 'beta/resources/unifiedrolemanagementpolicyruletarget.md', 'real missing Properties kept', ['10: Unexpected page without a "## Properties" section']],
  ['page-sections', 'v1.0/api/chat-post-members.md', 'real missing HTTP request kept', ['10: Unexpected page without a "## HTTP request" section']],
  ['page-sections', 'v1.0/api/driveitem-preview.md', 'real missing Examples kept', ['10: Unexpected page without a "## Examples" section']],
];

describeCorpus('precision fixes on real Graph pages', () => {
  it.each(CASES)('should report with %s on %s (%s) exactly the expected findings', (ruleId, path, _cause, expected) => {
    const found = findings(ruleId, path);
    expect(found).toHaveLength(expected.length);
    expected.forEach((fragment, i) => expect(found[i]).toContain(fragment));
  });

  it('should not read group heading rows as properties', () => {
    const user = page('beta/resources/intune-shared-user.md');
    expect(user.properties.map((r) => r.name)).toEqual(['id', 'deviceEnrollmentLimit']);
    // propertyName would read `**Device management**` as "Device".
    for (const label of ['Device', 'Mobile', 'Onboarding', 'Troubleshooting']) expect(user.relationships.map((r) => r.name)).not.toContain(label);
    expect(user.relationships.map((r) => r.name)).toEqual(expect.arrayContaining(['managedDevices', 'deviceManagementTroubleshootingEvents']));
    expect(page('beta/api/intune-shared-user-create.md').requestBody.map((r) => r.name)).toEqual(['id', 'deviceEnrollmentLimit']);
  });

  it('should read a linked type followed by a word as the linked type', () => {
    const analytics = page('v1.0/resources/site.md').relationships.find((r) => r.name === 'analytics');
    expect(analytics?.type).toMatchObject({ kind: 'named', name: 'itemAnalytics', href: 'itemanalytics.md', raw: '[itemAnalytics][] resource' });
  });

  it('should not take the keys of a JSON definition for properties of the policy type', () => {
    expect(page('v1.0/resources/activitybasedtimeoutpolicy.md').properties.map((r) => r.name)).toEqual(['id', 'definition', 'description', 'displayName', 'isOrganizationDefault']);
  });
});
