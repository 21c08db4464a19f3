/**
 * All rules over the real Graph docs corpus (../shared/corpus/graph-docs): the known defects the corpus README lists
 * are found on their example pages, and the count per rule is printed for the issue note.
 */
import { describe, expect, it } from '@jest/globals';
import type { Diagnostic } from '../../core/diagnostic.js';
import { runChecks } from '../../checks/index.js';
import { corpusPages } from '../helpers/corpus.js';
import { CORPUS_DIR, HAS_CORPUS } from '../helpers/paths.js';

const PAGES = 'graph-docs/api-reference';

/** [rule, page below api-reference/, line:column, a fragment of the message]. */
const KNOWN: readonly (readonly [string, string, string, RegExp])[] = [
  ['example-json-invalid', 'beta/api/authorizationpolicy-get.md', '84:29', /missing comma/],
  ['http-status-line', 'beta/api/post-post-attachments.md', '116:1', /"Accpted" for 202, expected "Accepted"/],
  ['link-broken', 'v1.0/resources/licensedetails.md', '22:27', /licensedetails-get\.md in an HTML comment/],
  ['example-json-invalid', 'v1.0/api/application-post-calls.md', '156:29', /trailing comma/],
  ['http-status-line', 'beta/api/unifiedrolemanagementpolicyrule-update.md', '107:1', /"OK" for 204/],
  ['http-status-line', 'v1.0/api/invitation-post.md', '102:1', /"OK" for 201/],
  ['http-status-line', 'v1.0/api/event-post-attachments.md', '210:1', /without an HTTP version/],
  ['example-type-mismatch', 'v1.0/api/directoryobject-getavailableextensionproperties.md', '70:3', /"Boolean".*type-name placeholder/],
  ['link-case', 'v1.0/api/call-unmute.md', '18:65', /unmuteParticipantoperation\.md/],
  ['example-json-invalid', 'v1.0/api/call-unmute.md', '153:29', /comment/],
  ['page-placeholder', 'beta/api/sitepage-delete.md', '51:6', /TODO/],
  ['annotation-lenient', 'v1.0/api/user-post-users.md', '220:40', /trailing comma/],
  ['annotation-lenient', 'v1.0/api/user-getmailtips.md', '100:3', /unquoted key/],
  ['annotation-value-type', 'v1.0/api/application-post-calls.md', '590:3', /string "true" for annotation key "truncated"/],
  ['example-json-invalid', 'beta/api/governanceroleassignment-list.md', '125:9', /ellipsis/],
  ['example-json-invalid', 'beta/api/workforceintegration-post.md', '192:22', /smart quotes/],
  ['example-json-invalid', 'beta/api/cloudpcauditevent-get.md', '108:47', /non-breaking space/],
  ['example-json-invalid', 'v1.0/api/page-update.md', '60:5', /single-quoted/],
  ['table-ragged', 'v1.0/api/group-post-groups.md', '44:1', /2 cells/],
];

const describeCorpus = HAS_CORPUS ? describe : describe.skip; // skipped where ../shared/corpus is not checked out

describeCorpus('all rules over the Graph docs corpus', () => {
  // Started by the first test that needs it: describe.skip still runs this callback, and where the corpus is absent
  // an eager start would reject outside any test and take Jest's worker down.
  let started: Promise<Diagnostic[]> | undefined;
  const findings = (): Promise<Diagnostic[]> => (started ??= (async (): Promise<Diagnostic[]> => {
    // = loadPages([PAGES], { cwd: CORPUS_DIR }), parsed once per run for every corpus suite.
    const pages = await corpusPages({ cwd: CORPUS_DIR, under: 'api-reference' });
    const diagnostics = runChecks(pages, { cwd: CORPUS_DIR });
    const perRule = new Map<string, { findings: number; pages: Set<string> }>();
    for (const d of diagnostics) {
      const entry = perRule.get(d.ruleId) ?? { findings: 0, pages: new Set<string>() };
      entry.findings++;
      entry.pages.add(d.file);
      perRule.set(d.ruleId, entry);
    }
    const lines = [...perRule].sort((a, b) => b[1].findings - a[1].findings).map(([id, e]) => `${id.padEnd(32)} ${String(e.findings).padStart(5)} findings on ${e.pages.size} pages`);
    process.stdout.write(`docpact check over ${pages.length} corpus pages: ${diagnostics.length} findings\n${lines.join('\n')}\n`);
    return diagnostics;
  })());

  it.each(KNOWN)('should report %s on %s at %s', async (ruleId, page, at, message) => {
    const found = (await findings()).filter((d) => d.ruleId === ruleId && d.file === `${PAGES}/${page}` && `${d.range.start.line}:${d.range.start.column}` === at);
    expect(found.map((d) => d.message)).toEqual([expect.stringMatching(message)]);
  });

  it('should not report the corpus-wide quirks the docs build accepts', async () => {
    const all = await findings();
    // Spellings the real docs use everywhere must not be findings (corpus README, heading and status tables).
    expect(all.filter((d) => d.ruleId === 'page-sections' && /Prerequisites|HTTP Request"|"Example"/.test(d.message))).toEqual([]);
    expect(all.filter((d) => d.ruleId === 'http-status-line' && /^204 (?:No content|NO CONTENT|NoContent)$/.test(d.actual ?? ''))).toEqual([]);
    expect(all.filter((d) => d.ruleId === 'annotation-unknown-key')).toEqual([]);
  });
});
