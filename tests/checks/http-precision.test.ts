/**
 * The HTTP rules on real Graph pages whose findings the precision sample (tests/precision/sample.json) labelled wrong
 * or noise: each page is parsed from ../shared/corpus/graph-docs and run with only the rule on, so a regression in
 * how the rule reads the Graph doc set shows here with the page that taught it.
 */
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from '../../core/diagnostic.js';
import { runChecks } from '../../checks/index.js';
import { parsePage } from '../../extractor/index.js';
import { GRAPH_DOCS, HAS_CORPUS } from '../helpers/paths.js';

/** Runs `rule` alone on a corpus page (below graph-docs/api-reference/) and returns its findings. */
function findings(rule: string, page: string): Diagnostic[] {
  const file = `api-reference/${page}`;
  const parsed = parsePage(file, readFileSync(join(GRAPH_DOCS, file), 'utf8'));
  return runChecks([parsed], { only: [rule] });
}

/** `line: message` of each finding, for readable failures. */
const lines = (found: readonly Diagnostic[]): string[] => found.map((d) => `${d.range.start.line}: ${d.message}`);

const describeCorpus = HAS_CORPUS ? describe : describe.skip; // skipped where ../shared/corpus is not checked out

describeCorpus('HTTP rules on corpus pages they once misread', () => {
  it('should match a `~/` root template to the example it documents (publishedresource-post-agentgroups.md)', () => {
    expect(lines(findings('http-path-undocumented', 'beta/api/publishedresource-post-agentgroups.md'))).toEqual([]);
  });

  it.each([['v1.0/api/reports-getgrouparchivedprintjobs.md'], ['v1.0/api/driveitem-delta.md']])(
    'should match a function called with its parameters to the bare function template (%s)',
    (page) => {
      expect(lines(findings('http-path-undocumented', page))).toEqual([]);
    },
  );

  it.each([['v1.0/api/driveitem-createuploadsession.md'], ['v1.0/api/driveitem-put-content.md']])(
    'should match OneDrive path addressing (root:/path:) to the items/{id} templates (%s)',
    (page) => {
      expect(lines(findings('http-path-undocumented', page))).toEqual([]);
    },
  );

  it('should still report an example path no template documents, whatever its form (calendar-delete.md)', () => {
    expect(lines(findings('http-path-undocumented', 'v1.0/api/calendar-delete.md'))).toEqual([expect.stringMatching(/^58: Unexpected request path DELETE \/me\/calendar,/)]);
  });
});

describeCorpus('example-unpaired on corpus pages it once misread', () => {
  it.each([['beta/api/reportroot-getoffice365servicesusercounts.md'], ['beta/api/reportroot-getteamsuseractivityuserdetail.md']])(
    'should pair the response after an ignored 302 with the ignored request before it (%s)',
    (page) => {
      expect(lines(findings('example-unpaired', page))).toEqual([]);
    },
  );
});

describeCorpus('http-content-length on corpus pages it once misread', () => {
  it('should not compare Content-Length with a zip body the example leaves out or describes in brackets (teamsapp-publish.md)', () => {
    expect(lines(findings('http-content-length', 'v1.0/api/teamsapp-publish.md'))).toEqual([]);
  });

  it('should count the JSON body without the stray request line pasted below it (intune-shared-devicecategory-update.md)', () => {
    expect(lines(findings('http-content-length', 'beta/api/intune-shared-devicecategory-update.md'))).toEqual([]);
  });

  it('should still report a Content-Length the shown JSON body does not have (domain-post-domains.md)', () => {
    expect(lines(findings('http-content-length', 'beta/api/domain-post-domains.md'))).toEqual([expect.stringMatching(/^64: Unexpected Content-Length 192, expected 25 /)]);
  });
});

describeCorpus('http-status-line on corpus pages it once reported pointlessly', () => {
  it.each([['beta/api/driveitemversion-get-contents.md'], ['v1.0/api/channel-list-tabs.md']])(
    'should accept a reason phrase of its own that names no other code ("302 Redirect", "200 Success") (%s)',
    (page) => {
      expect(lines(findings('http-status-line', page))).toEqual([]);
    },
  );

  it('should still report a misspelt phrase and another code\'s phrase (post-post-attachments.md, invitation-post.md)', () => {
    expect(lines(findings('http-status-line', 'beta/api/post-post-attachments.md'))).toEqual([
      expect.stringMatching(/^116: Unexpected reason phrase "Accpted" for 202/),
      expect.stringMatching(/^234: Unexpected reason phrase "Accpted" for 202/),
    ]);
    expect(lines(findings('http-status-line', 'v1.0/api/invitation-post.md'))).toEqual([expect.stringMatching(/^102: Unexpected reason phrase "OK" for 201/)]);
  });
});

describeCorpus('http-status-mismatch on corpus pages it once misread', () => {
  it('should not read the "Error response codes" subsection\'s HTTP 404 as the success status (drive-get.md)', () => {
    expect(lines(findings('http-status-mismatch', 'v1.0/api/drive-get.md'))).toEqual([]);
  });

  it('should still report a response status the Response section does not name (message-createreplyall.md)', () => {
    expect(lines(findings('http-status-mismatch', 'v1.0/api/message-createreplyall.md'))).toEqual([expect.stringMatching(/^105: Unexpected status 200 in the response example, expected 201 Created /)]);
  });
});
