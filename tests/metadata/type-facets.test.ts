/**
 * Drift in base type, openType, abstract and key between the Graph docs corpus and its CSDL (issue 10 item 14): the
 * real drifts are found on their pages, a slice page of a type is not asked to restate its facets, and a page that
 * states them as the CSDL does gets nothing.
 */
import { describe, expect, it } from '@jest/globals';
import type { Diagnostic } from '../../core/diagnostic.js';
import { parsePage } from '../../extractor/index.js';
import { compareMetadata } from '../../metadata/compare.js';
import { loadCsdl, parseCsdl } from '../../metadata/csdl.js';
import { corpusPages } from '../helpers/corpus.js';
import { CORPUS_CSDL, GRAPH_DOCS, HAS_CORPUS } from '../helpers/paths.js';

const FACETS = ['metadata/base-type-mismatch', 'metadata/open-type-mismatch', 'metadata/abstract-mismatch', 'metadata/key-mismatch'];

// Skipped where ../shared/corpus is not checked out: the drifts are the corpus's own.
const describeCorpus = HAS_CORPUS ? describe : describe.skip;

describeCorpus('type facets: the corpus against its CSDL', () => {
  const run = (async (): Promise<Diagnostic[]> => {
    const model = await loadCsdl(CORPUS_CSDL);
    const pages = await corpusPages({ cwd: GRAPH_DOCS, under: 'api-reference/v1.0' });
    return compareMetadata(pages, model).diagnostics.filter((d) => FACETS.includes(d.ruleId));
  })();
  const on = async (file: string): Promise<string[]> =>
    (await run).filter((d) => d.file === `api-reference/v1.0/resources/${file}`).map((d) => `${d.ruleId} ${d.range.start.line} ${d.message}`);

  it('should report entity where the CSDL says directoryObject on orgcontact.md', async () => {
    expect(await on('orgcontact.md')).toContainEqual(expect.stringMatching(/^metadata\/base-type-mismatch 70 Unexpected base type microsoft\.graph\.entity of orgContact, expected microsoft\.graph\.directoryObject/));
  });

  it('should report an "abstract type" the CSDL declares concrete, and an Inherits from the CSDL does not have', async () => {
    expect(await on('accessreviewscope.md')).toEqual([expect.stringMatching(/^metadata\/abstract-mismatch \d+ Unexpected abstract type accessReviewScope/)]);
    expect(await on('accessreviewreviewerscope.md')).toEqual([expect.stringMatching(/^metadata\/base-type-mismatch 16 Unexpected base type accessReviewScope of accessReviewReviewerScope, expected none/)]);
  });

  it('should report a keyProperty on a complex type, and open types not marked open', async () => {
    expect(await on('chatmessageattachment.md')).toEqual([expect.stringMatching(/^metadata\/key-mismatch \d+ Unexpected "keyProperty": "id" on chatMessageAttachment, expected none/)]);
    expect(await on('team.md')).toEqual([expect.stringMatching(/^metadata\/open-type-mismatch \d+ Unexpected type not marked open for team/)]);
  });

  it('should not ask the Intune slice pages of user to restate its base type', async () => {
    expect(await on('intune-devices-user.md')).toEqual([]);
    expect(await on('intune-mam-user.md')).toEqual([]);
  });

  it('should find nothing on user.md, which states its base and openness as the CSDL has them', async () => {
    expect(await on('user.md')).toEqual([]);
  });
});

describe('type facets on a page that agrees with the CSDL', () => {
  it('should report nothing when the base, open, abstract and key facets all match', () => {
    const csdl = `<?xml version="1.0"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
  <edmx:DataServices>
    <Schema Namespace="microsoft.graph" Alias="graph" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <EntityType Name="entity" Abstract="true"><Key><PropertyRef Name="id" /></Key><Property Name="id" Type="Edm.String" Nullable="false" /></EntityType>
      <EntityType Name="widget" BaseType="graph.entity" OpenType="true"><Property Name="color" Type="Edm.String" /></EntityType>
    </Schema>
  </edmx:DataServices>
</edmx:Edmx>`;
    const page = parsePage('v1.0/resources/widget.md', [
      '---', 'title: "widget resource type"', 'doc_type: resourcePageType', '---', '# widget resource type', '', 'Namespace: microsoft.graph', '',
      'Inherits from [entity](entity.md).', '', '## Properties', '', '| Property | Type | Description |', '|:---|:---|:---|', '| color | String | The color. |', '',
      '## JSON representation', '', '<!-- { "blockType": "resource", "@odata.type": "microsoft.graph.widget", "baseType": "microsoft.graph.entity", "openType": true, "keyProperty": "id" } -->',
      '```json', '{', '  "color": "String"', '}', '```', '',
    ].join('\n'));
    const found = compareMetadata([page], parseCsdl(csdl, 'v1.0.xml'), { version: 'v1.0' }).diagnostics.filter((d) => FACETS.includes(d.ruleId));
    expect(found).toEqual([]);
    // The same page with openType false and keyProperty "name": two findings, so the test above can fail.
    const wrong = parsePage(page.file, page.source.replace('"openType": true', '"openType": false').replace('"keyProperty": "id"', '"keyProperty": "name"'));
    const drift = compareMetadata([wrong], parseCsdl(csdl, 'v1.0.xml'), { version: 'v1.0' }).diagnostics.filter((d) => FACETS.includes(d.ruleId)).map((d) => d.ruleId).sort();
    expect(drift).toEqual(['metadata/key-mismatch', 'metadata/open-type-mismatch']);
  });
});
