import { describe, expect, it } from '@jest/globals';
import { buildContracts, createContractsAjv } from '../../contracts/index.js';
import { corpusPages } from '../helpers/corpus.js';
import { HAS_CORPUS, ROOT } from '../helpers/paths.js';

// The corpus lives outside the repository (../shared/corpus); without it there is nothing to test here.
const describeCorpus = HAS_CORPUS ? describe : describe.skip;

describeCorpus('contracts over the whole corpus', () => {
  it('should build schemas that all compile in ajv 2020 and a fixture for every parsed example pair', async () => {
    // = loadPages([relative(ROOT, GRAPH_DOCS)], { cwd: ROOT }), parsed once per run for every corpus suite.
    const pages = await corpusPages({ cwd: ROOT });
    const result = buildContracts(pages);
    const ajv = createContractsAjv(result.schemas.values());
    const broken: string[] = [];
    for (const id of result.schemas.keys()) {
      try {
        ajv.getSchema(id);
      } catch (error) {
        broken.push(`${id}: ${(error as Error).message}`);
      }
    }
    expect(broken).toEqual([]);

    const requests = pages.flatMap((p) => p.examples.filter((e) => e.blockType === 'request' && e.request));
    const annotatedFixtures = result.fixtures.filter((f) => pages.some((p) => p.file === f.source.file && p.examples.some((e) => e.blockType === 'request' && e.code.range.start.line === f.source.line)));
    const unresolved = result.diagnostics.filter((d) => d.ruleId === 'contracts/unresolved-type').length;
    const withResponse = result.fixtures.filter((f) => f.response).length;
    const documented = result.fixtures.filter((f) => f.operation.documented).length;
    const typed = result.fixtures.filter((f) => f.response?.schemaRef).length;
    process.stdout.write(
      `contracts corpus: ${pages.length} pages, ${result.schemas.size} schemas, ${result.fixtures.length} fixtures ` +
        `(${annotatedFixtures.length} of ${requests.length} annotated requests, ${withResponse} with a response, ${documented} matched to an HTTP request template, ` +
        `${typed} with a response schema), ${unresolved} unresolved types\n`,
    );
    // Every annotated request example whose HTTP block parsed becomes a fixture.
    expect(annotatedFixtures.length).toBe(requests.length);
    expect(result.schemas.size).toBeGreaterThan(500);
  });
});
