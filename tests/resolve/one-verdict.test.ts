/**
 * One value, one verdict, everywhere (issue 9): the seven values the checks used to accept while replay rejected them
 * get the same finding from `check` (the example on the page) and from replay (the same value in a live response),
 * and both name the documented Edm type in the same words.
 */
import { describe, expect, it } from '@jest/globals';
import { parsePage } from '../../extractor/index.js';
import { runChecks } from '../../checks/index.js';
import { buildContracts } from '../../contracts/index.js';
import { createValidator } from '../../replay/validate.js';

const VALUES: readonly [property: string, edm: string, value: unknown][] = [
  ['quota', 'Int32', 3000000000],
  ['level', 'Byte', 300],
  ['price', 'Decimal', 'INF'],
  ['ref', 'Guid', '{5f0e6e1a-8f7c-4d1b-9a3e-2c6b7d8e9f01}'],
  ['opensAt', 'TimeOfDay', '25:61:00'],
  ['startsAt', 'DateTimeOffset', '2021-07-16T09:30'],
  ['day', 'Date', '2021-02-30'],
];

const RESOURCE = `---
title: "gadget resource type"
doc_type: resourcePageType
---
# gadget resource type

Namespace: microsoft.graph

## Properties

| Property | Type | Description |
|:---|:---|:---|
| id | String | The id. |
${VALUES.map(([name, edm]) => `| ${name} | ${edm} | The ${name}. |`).join('\n')}

## JSON representation

<!-- { "blockType": "resource", "@odata.type": "microsoft.graph.gadget" } -->
\`\`\`json
{ "id": "String" }
\`\`\`
`;

const body = { id: 'g1', ...Object.fromEntries(VALUES.map(([name, , value]) => [name, value])) };

const API = `---
title: "Get gadget"
doc_type: apiPageType
---
# Get gadget

Namespace: microsoft.graph

## HTTP request

<!-- { "blockType": "ignored" } -->
\`\`\`http
GET /gadgets/{id}
\`\`\`

## Response

If successful, this method returns a \`200 OK\` response code and a [gadget](../resources/gadget.md) object in the response body.

## Example

### Request

<!-- { "blockType": "request", "name": "get_gadget" } -->
\`\`\`http
GET https://graph.microsoft.com/v1.0/gadgets/g1
\`\`\`

### Response

<!-- { "blockType": "response", "@odata.type": "microsoft.graph.gadget" } -->
\`\`\`http
HTTP/1.1 200 OK
Content-type: application/json

${JSON.stringify(body, null, 2)}
\`\`\`
`;

describe('one verdict on a value, from check and from replay', () => {
  const pages = [parsePage('d/v1.0/resources/gadget.md', RESOURCE), parsePage('d/v1.0/api/gadget-get.md', API)];
  const checked = runChecks(pages, { only: ['example-type-mismatch', 'example-format-mismatch'] }).filter((d) => d.file === 'd/v1.0/api/gadget-get.md');
  const contracts = buildContracts(pages);
  const fixture = contracts.fixtures.find((f) => f.name === 'get_gadget')!;
  const replayed = createValidator(contracts.schemas).validateResponse(fixture, {
    status: 200,
    headers: { 'content-type': 'application/json' },
    bodyText: JSON.stringify(body),
  });

  it.each(VALUES)('should give %s (%s) %j one finding from each stage, naming the same expectation', (property, edm) => {
    const pointer = `/${property}`;
    const fromCheck = checked.filter((d) => d.pointer === pointer);
    const fromReplay = replayed.filter((d) => d.pointer === pointer);
    expect(fromCheck).toHaveLength(1);
    expect(fromReplay).toHaveLength(1);
    expect(fromCheck[0].expected).toContain(`(${edm})`);
    expect(fromReplay[0].expected).toBe(fromCheck[0].expected);
    // Both point at the same place of the page, carried in the fixture (replay reads no page): the value's range.
    expect(fromReplay[0].range).toEqual(fromCheck[0].range);
  });

  it('should accept the valid spellings of the same types in both stages', () => {
    const good = { id: 'g1', quota: 2147483647, level: 255, price: 1.5, ref: '5f0e6e1a-8f7c-4d1b-9a3e-2c6b7d8e9f01', opensAt: '23:59:59', startsAt: '2021-07-16T09:30:00Z', day: '2024-02-29' };
    const page = parsePage('d/v1.0/api/gadget-get.md', API.replace(JSON.stringify(body, null, 2), JSON.stringify(good, null, 2)));
    const okChecked = runChecks([pages[0], page], { only: ['example-type-mismatch', 'example-format-mismatch'] }).filter((d) => d.file === page.file);
    const okReplayed = createValidator(contracts.schemas).validateResponse(fixture, { status: 200, headers: { 'content-type': 'application/json' }, bodyText: JSON.stringify(good) });
    expect(okChecked).toEqual([]);
    expect(okReplayed.filter((d) => d.ruleId === 'replay/type')).toEqual([]);
  });
});
