/**
 * The fuzz test kept in `npm test`: a few fixed-seed cases of mutated corpus pages through check, extract, openapi
 * and replay against the mock (see fuzz-harness.ts; `npm run fuzz -- --runs N` runs many more), and every crash the
 * fuzzer or the hostile-input review ever found, as a small hand-reduced page that keeps failing on the code that
 * had the defect.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { BatchPage, SeedPage } from './fuzz-harness.js';
import { applyMutation, batchPages, genPageArb, loadSeedPages, mutationArb, renderPage, runBatch } from './fuzz-harness.js';

/** A Graph-style page: a resource page when `resource` is set, else an API page with one request/response pair. */
function graphPage(options: { name?: string; odataType?: string; namespace?: string; resource?: boolean; body?: string; responseHeader?: string } = {}): string {
  const type = options.odataType ?? 'microsoft.graph.widget';
  if (options.resource) {
    return `---
title: "widget resource type"
description: "A widget."
---

# widget resource type

Namespace: ${options.namespace ?? 'microsoft.graph'}

A widget.

## Properties

|Property|Type|Description|
|:---|:---|:---|
|id|String|The identifier.|
|displayName|String|The name.|

## JSON representation

<!-- {
  "blockType": "resource",
  "@odata.type": ${JSON.stringify(type)}
} -->
\`\`\`json
{
  "id": "String",
  "displayName": "String"
}
\`\`\`
`;
  }
  return `---
title: "Get widget"
description: "Get a widget."
---

# Get widget

Namespace: ${options.namespace ?? 'microsoft.graph'}

Get a widget.

## HTTP request

<!-- { "blockType": "ignored" } -->
\`\`\`http
GET /widgets/{id}
\`\`\`

## Response

If successful, this method returns a \`200 OK\` response code and a widget object in the response body.

## Example

### Request

<!-- { "blockType": "request", "name": ${JSON.stringify(options.name ?? 'get_widget')} } -->
\`\`\`http
GET https://graph.microsoft.com/beta/widgets/1
\`\`\`

### Response

<!-- { "blockType": "response", "@odata.type": ${JSON.stringify(type)} } -->
\`\`\`http
HTTP/1.1 200 OK
Content-Type: application/json${options.responseHeader === undefined ? '' : `\n${options.responseHeader}`}

${options.body ?? '{\n  "id": "1",\n  "displayName": "Blue"\n}'}
\`\`\`
`;
}

/**
 * Every crash ever found, reduced by hand to a small page (the corpus itself is never copied here). `found` says
 * where it came from: the issue's own fuzz run, or `npm run fuzz` with its seed.
 */
const REGRESSIONS: readonly { readonly found: string; readonly what: string; readonly pages: readonly BatchPage[] }[] = [
  {
    found: 'issue 14 item 1 (hostile-input review)',
    what: 'a resource @odata.type with ../ wrote a schema five folders above --out',
    pages: [{ path: 'api-reference/beta/resources/escape.md', text: graphPage({ resource: true, odataType: 'microsoft.graph/../../../../../escaped.thing' }) }],
  },
  {
    found: 'issue 14 item 2 (fuzz run, 4 of 14 extract batches)',
    what: 'an example name, @odata.type or Namespace over 250 bytes ended extract with ENAMETOOLONG, exit 2 and a stack trace',
    pages: [
      { path: 'api-reference/beta/api/longname-get.md', text: graphPage({ name: 'n'.repeat(300) }) },
      { path: 'api-reference/beta/resources/longtype.md', text: graphPage({ resource: true, odataType: `microsoft.graph.${'t'.repeat(300)}` }) },
      { path: 'api-reference/beta/resources/longnamespace.md', text: graphPage({ resource: true, namespace: `microsoft.${'s'.repeat(300)}`, odataType: `microsoft.${'s'.repeat(300)}.widget` }) },
    ],
  },
  {
    found: 'npm run fuzz -- --runs 5000 --batch 10 --seed 2828 --keep-going, case 301',
    what: 'a documented response header HTTP cannot carry (a control character) threw in the mock server and ended the whole replay process',
    pages: [
      { path: 'api-reference/beta/api/badheader-get.md', text: graphPage({ responseHeader: 'Location: https://graph.microsoft.com/beta/widgets/1\u0001' }) },
      { path: 'api-reference/beta/api/badheadername-get.md', text: graphPage({ name: 'get_widget_2', responseHeader: 'X-Bad Name: 1' }) },
      { path: 'api-reference/beta/api/wideheader-get.md', text: graphPage({ name: 'get_widget_3', responseHeader: 'X-Wide: \u2713' }) },
    ],
  },
];

describe('fuzz regressions: every crash found so far, as a page', () => {
  it.each(REGRESSIONS.map((r) => [r.found, r.what, r.pages] as const))('should hold every promise on the page of %s (%s)', async (_found, _what, pages) => {
    const outcome = await runBatch(pages);
    expect(outcome.problems).toEqual([]);
    expect(outcome.runs.map((r) => r.code).every((c) => c === 0 || c === 1)).toBe(true);
  });
});

describe('the embedded mock and a documented header HTTP cannot carry', () => {
  it('should fail that example with a finding naming the header, and still replay the others', async () => {
    const pages = [
      { path: 'api-reference/beta/api/badheader-get.md', text: graphPage({ responseHeader: 'X-Wide: \u2713' }) },
      { path: 'api-reference/beta/api/good-get.md', text: graphPage({ name: 'get_widget_good' }) },
    ];
    const outcome = await runBatch(pages);
    expect(outcome.problems).toEqual([]);
    const replay = outcome.runs.find((r) => r.args[0] === 'replay')!;
    const report = JSON.parse(replay.stdout) as { diagnostics: { ruleId: string; file: string; message: string }[]; examples: { name: string; status: string }[] };
    expect(report.diagnostics).toEqual([expect.objectContaining({ ruleId: 'replay/status', file: 'docs/api-reference/beta/api/badheader-get.md', message: expect.stringContaining('"x-wide"') })]);
    expect(report.examples.map((e) => [e.name, e.status]).sort()).toEqual([['get_widget', 'failed'], ['get_widget_good', 'passed']]);
  });
});

describe('the fuzz harness itself', () => {
  it('should count a page over its budget (extract/too-slow) as a broken promise', async () => {
    // 40 KB of nested emphasis keeps remark busy far longer than a 50 ms budget on any machine (issue 14 item 4).
    const budget = ['--page-timeout', '0.05'];
    const outcome = await runBatch([{ path: 'api-reference/beta/api/slow.md', text: `# Slow\n\n${'*_'.repeat(20_000)}x\n` }], {
      extraArgs: { check: budget, extract: budget, openapi: budget, replay: budget },
    });
    expect(outcome.problems.filter((p) => p.includes('extract/too-slow')).map((p) => p.split(' ')[1])).toEqual(expect.arrayContaining(['check', 'extract', 'openapi']));
  });
});

describe('fuzz: mutated corpus pages through check, extract, openapi and replay', () => {
  let seeds: SeedPage[] = [];

  it('should apply every kind of mutation to any text without throwing, the same way each time', async () => {
    ({ pages: seeds } = await loadSeedPages());
    expect(seeds.length).toBeGreaterThan(0);
    fc.assert(
      fc.property(fc.nat({ max: seeds.length - 1 }), fc.array(mutationArb, { minLength: 1, maxLength: 6 }), fc.string({ maxLength: 40 }), (seed, mutations, tiny) => {
        const text = renderPage(seeds, { seed, mutations });
        expect(renderPage(seeds, { seed, mutations })).toBe(text);
        // Every char stays one byte, so the page is written back byte for byte.
        expect(/^[\0-\xff]*$/.test(text)).toBe(true);
        for (const m of mutations) applyMutation(Buffer.from(tiny).toString('latin1'), m);
      }),
      { seed: 20261202, numRuns: 300 },
    );
  });

  it('should keep every promise on 40 generated pages (fixed seed, 5 batches of 8)', async () => {
    if (seeds.length === 0) ({ pages: seeds } = await loadSeedPages());
    const failures: string[] = [];
    await fc.assert(
      fc.asyncProperty(fc.array(genPageArb(seeds.length), { minLength: 8, maxLength: 8 }), async (gen) => {
        const outcome = await runBatch(batchPages(seeds, gen));
        if (outcome.problems.length > 0) failures.push(...outcome.problems);
        return outcome.problems.length === 0;
      }),
      // No shrinking here (each step is four CLI runs): `npm run fuzz -- --seed 20261202 --runs 40 --batch 8` shrinks it.
      { seed: 20261202, numRuns: 5, endOnFailure: true },
    ).catch((error: unknown) => {
      throw new Error(`${failures.join('\n')}\n${String(error)}`);
    });
    // 20 in-process CLI runs: a few seconds on an idle machine, minutes on a loaded one; Jest's 60 s default would flake.
  }, 600_000);
});
