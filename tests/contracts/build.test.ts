import { describe, expect, it } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parsePage } from '../../extractor/index.js';
import type { DocPage } from '../../extractor/model.js';
import { buildContracts, createContractsAjv, readContracts, writeContracts, closedSchema } from '../../contracts/index.js';
import type { JsonSchema } from '../../contracts/index.js';

const ID = (name: string, version = 'beta') => `https://docpact.dev/schemas/${version}/microsoft.graph.${name}.schema.json`;

function resourcePage(name: string, table: string, extra = '', annotation = `"@odata.type": "microsoft.graph.${name}"`): string {
  return `---
title: "${name} resource type"
description: "The ${name} type."
doc_type: resourcePageType
---

# ${name} resource type

Namespace: microsoft.graph

${extra}

## Properties

|Property|Type|Description|
|:---|:---|:---|
${table}

## JSON representation

<!-- {
  "blockType": "resource",
  ${annotation}
}-->
\`\`\` json
{}
\`\`\`
`;
}

const PAGES: Record<string, string> = {
  'd/beta/resources/entity.md': resourcePage('entity', '|id|String|The identifier. Read-only.|'),
  'd/beta/resources/widget.md': resourcePage(
    'widget',
    [
      '|size|Int32|Size.|',
      '|color|[colorKind](colorkind.md)|Color, an enum page.|',
      '|shade|[shadeLevel](#shadelevel-values)|Shade, an in-page enum.|',
      '|mood|moodType|Bare enum name.|',
      '|parts|[part](PART.md) collection|Link in another case.|',
      '|owner|[part](/graph/api/resources/part?view=graph-rest-beta)|Site-absolute link.|',
      '|ghost|[phantom](phantom.md)|Nowhere to be found.|',
      '|guess|[vague](#vague-values)|Linked as an enum that is not defined.|',
      '|blank||Empty type cell.|',
      '|either|String or [part](part.md)|A union.|',
    ].join('\n'),
    `Inherits from [entity](entity.md).

### shadeLevel values

|Member|Description|
|:---|:---|
|light|Light.|
|dark|Dark.|
`,
    '"@odata.type": "microsoft.graph.widget", "baseType": "microsoft.graph.entity"',
  ),
  'd/beta/resources/colorkind.md': `---
title: "colorKind enum type"
doc_type: enumPageType
---

# colorKind enum type

Namespace: microsoft.graph

## Members

|Member|Value|Description|
|:---|:---|:---|
|red|0|Red.|
|blue|1|Blue.|
`,
  'd/beta/resources/enums.md': `---
title: "Enums"
doc_type: enumPageType
---

# Enum values

Namespace: microsoft.graph

### moodType values

|Member|
|:---|
|happy|
|sad|
`,
  'd/beta/resources/part.md': resourcePage('part', '|label|String|Label.|\n|widget|[widget](widget.md)|Back to the widget: a cycle.|'),
  'd/beta/resources/zpart-copy.md': resourcePage('part', '|other|String|Defines part a second time.|'),
  'd/v1.0/resources/part.md': resourcePage('part', '|label|Boolean|The v1.0 part differs.|'),
  'd/beta/api/widget-create.md': `---
title: "Create widget"
doc_type: apiPageType
---

# Create widget

Namespace: microsoft.graph

## HTTP request

<!-- { "blockType": "ignored" } -->
\`\`\` http
POST /widgets
GET /widgets/{id | name}
\`\`\`

## Request body

|Property|Type|Description|
|:---|:---|:---|
|size|Int32|Size. Required.|
|color|[colorKind](../resources/colorkind.md)|Color. Optional.|

## Response

If successful, this method returns a \`201 Created\` response code and a [widget](../resources/widget.md) object in the response body.

## Examples

### Request

<!-- { "blockType": "request", "name": "create widget" } -->
\`\`\` http
POST https://graph.microsoft.com/beta/widgets
Content-Type: application/json

{ "size": 3, "color": "red" }
\`\`\`

### Response

<!-- { "blockType": "response", "truncated": true, "@odata.type": "microsoft.graph.widget" } -->
\`\`\` http
HTTP/1.1 201 Created
Content-Type: application/json

{
  "id": "1",
  "size": 3
}
\`\`\`

### Request

<!-- { "blockType": "request", "name": "create widget" } -->
\`\`\` http
GET https://graph.microsoft.com/beta/widgets/abc?$select=size
\`\`\`

### Response

<!-- { "blockType": "response", "@odata.type": "Collection(microsoft.graph.nothing)" } -->
\`\`\` http
HTTP/1.1 200 OK
Content-Type: application/json

{ "value": [] }
\`\`\`

### Request

<!-- { "blockType": "request", "name": "undocumented" } -->
\`\`\` http
DELETE https://graph.microsoft.com/beta/widgets/abc
\`\`\`
`,
  'd/beta/api/intune-widget-get.md': `---
title: "Get widget"
doc_type: apiPageType
---

# Get widget

## HTTP Request
\`\`\` http
GET /deviceManagement/widgets/{widgetId}
\`\`\`

## Response
If successful, this method returns a \`200 OK\` response code and a [widget](../resources/widget.md) object in the response body.

## Example

### Request
Here is an example of the request.
\`\`\` http
GET https://graph.microsoft.com/beta/deviceManagement/widgets/{widgetId}
\`\`\`

### Response
Here is an example of the response.
\`\`\` http
HTTP/1.1 200 OK
Content-Type: application/json

{
  "value": { "size": 1 }
}
\`\`\`
`,
};

const pages: DocPage[] = Object.entries(PAGES).map(([file, text]) => parsePage(file, text));
const result = buildContracts(pages);
const widget = result.schemas.get(ID('widget')) as { properties: Record<string, JsonSchema>; allOf?: JsonSchema[] };

describe('buildContracts: schemas', () => {
  it('should give every resource type a schema by namespace, name and version, and request bodies their own', () => {
    expect([...result.schemas.keys()]).toEqual([
      ID('colorKind').replace('colorKind', 'entity'),
      ID('part'),
      ID('widget'),
      'https://docpact.dev/schemas/requests/beta/widget-create.schema.json',
      ID('part', 'v1.0'),
    ].sort());
  });

  it.each([
    ['size', { type: ['integer', 'null'], minimum: -2147483648, maximum: 2147483647, 'x-edm': 'Int32', description: 'Size.' }],
    ['color', { type: ['string', 'null'], enum: ['red', 'blue', null], description: 'Color, an enum page.' }],
    ['shade', { type: ['string', 'null'], enum: ['light', 'dark', null], description: 'Shade, an in-page enum.' }],
    ['mood', { type: ['string', 'null'], enum: ['happy', 'sad', null], description: 'Bare enum name.' }],
    ['parts', { type: 'array', items: { $ref: ID('part') }, description: 'Link in another case.' }],
    ['owner', { anyOf: [{ $ref: ID('part') }, { type: 'null' }], description: 'Site-absolute link.' }],
    ['ghost', { $comment: 'Type `[phantom](phantom.md)` does not resolve to a documented type; left open.', description: 'Nowhere to be found.' }],
    ['guess', { type: ['string', 'null'], description: 'Linked as an enum that is not defined.' }],
    ['blank', { $comment: 'Type `` does not resolve to a documented type; left open.', description: 'Empty type cell.' }],
    ['either', { anyOf: [{ type: 'string', 'x-edm': 'String' }, { $ref: ID('part') }, { type: 'null' }], description: 'A union.' }],
  ])('should resolve the widget property %s', (name, expected) => {
    expect(widget.properties[name]).toEqual(expected);
  });

  it('should merge the base type through allOf and keep the own properties at the top', () => {
    expect(widget.allOf).toEqual([{ $ref: ID('entity') }]);
    expect(Object.keys(widget.properties)).not.toContain('id');
  });

  it('should resolve a name within the page version first', () => {
    const v1 = result.schemas.get(ID('part', 'v1.0')) as { properties: Record<string, JsonSchema> };
    expect(v1.properties.label.type).toEqual(['boolean', 'null']);
  });

  it('should leave unresolvable Type cells to type-unknown and link-broken (one defect, one finding), and report an unknown response type', () => {
    const found = result.diagnostics.map((d) => `${d.ruleId} ${d.file}:${d.range.start.line}:${d.range.start.column} ${d.actual ?? ''}`);
    expect(found).toEqual(['contracts/unresolved-type d/beta/api/widget-create.md:63:33 microsoft.graph.nothing']);
  });

  it('should build a type documented on two pages as their union, the page named after the type first', () => {
    const part = result.schemas.get(ID('part')) as { properties: Record<string, unknown> };
    expect(Object.keys(part.properties).sort()).toEqual(['label', 'other', 'widget']);
    expect(result.schemaSources.get(ID('part'))?.source.file).toBe('d/beta/resources/part.md');
  });

  it('should mark request-body rows that say Required as required', () => {
    const request = result.schemas.get('https://docpact.dev/schemas/requests/beta/widget-create.schema.json');
    expect(request?.required).toEqual(['size']);
  });

  it('should compile every schema in ajv 2020 strict mode, cycles included', () => {
    const ajv = createContractsAjv(result.schemas.values());
    for (const id of result.schemas.keys()) expect(typeof ajv.getSchema(id)).toBe('function');
    const validate = ajv.getSchema(ID('widget'))!;
    expect(validate({ id: 'x', size: 1, parts: [{ widget: { size: 2 } }], '@odata.type': '#microsoft.graph.widget', 'size@odata.type': '#Int32' })).toBe(true);
    expect(validate({ size: 'big' })).toBe(false);
    expect(validate({ parts: [{ widget: { size: 'big' } }] })).toBe(false);
  });

  it('should stay open to extra keys, and closedSchema should reject them through the base type', () => {
    const ajv = createContractsAjv(result.schemas.values());
    expect(ajv.getSchema(ID('widget'))!({ extra: 1 })).toBe(true);
    const closed = ajv.compile(closedSchema(ID('widget')));
    expect(closed({ id: 'x', size: 1, '@odata.context': 'c' })).toBe(true);
    expect(closed({ extra: 1 })).toBe(false);
  });

  it('should not depend on the order of the pages', () => {
    const reversed = buildContracts([...pages].reverse());
    expect(JSON.stringify([...reversed.schemas])).toBe(JSON.stringify([...result.schemas]));
    expect(reversed.fixtures).toEqual(result.fixtures);
    expect(reversed.diagnostics).toEqual(result.diagnostics);
  });
});

describe('buildContracts: fixtures', () => {
  const byName = new Map(result.fixtures.map((f) => [f.name, f]));

  it('should make one fixture per example request, with unique names', () => {
    expect(result.fixtures.map((f) => `${f.page}/${f.name}`)).toEqual([
      'beta/intune-widget-get/intune-widget-get_example_1',
      'beta/widget-create/create_widget',
      'beta/widget-create/create_widget_2',
      'beta/widget-create/undocumented',
    ].map((n) => (n.includes('intune') ? expect.stringMatching(/^beta\/intune-widget-get\//) : n)));
  });

  it('should match the HTTP request template, else fall back to the example path', () => {
    expect(byName.get('create_widget')?.operation).toEqual({ method: 'POST', pathTemplate: '/widgets', documented: true });
    expect(byName.get('create_widget_2')?.operation).toEqual({ method: 'GET', pathTemplate: '/widgets/{id | name}', documented: true });
    expect(byName.get('undocumented')?.operation).toEqual({ method: 'DELETE', pathTemplate: '/widgets/abc', documented: false });
  });

  it('should carry the request as written and the path below the version root', () => {
    const request = byName.get('create_widget_2')!.request;
    expect(request).toMatchObject({ method: 'GET', url: 'https://graph.microsoft.com/beta/widgets/abc?$select=size', version: 'beta', path: '/widgets/abc', query: { $select: 'size' }, body: null });
    expect(byName.get('create_widget')!.request).toMatchObject({
      body: { size: 3, color: 'red' },
      schemaRef: 'https://docpact.dev/schemas/requests/beta/widget-create.schema.json',
      headers: { 'Content-Type': 'application/json' },
    });
  });

  it('should take the response schema from the annotation, with Collection() and unknown types handled', () => {
    expect(byName.get('create_widget')!.response).toMatchObject({ status: 201, reason: 'Created', truncated: true, isCollection: false, odataType: 'microsoft.graph.widget', schemaRef: ID('widget') });
    expect(byName.get('create_widget')!.response!.lines).toEqual({ '': expect.any(Number), '/id': expect.any(Number), '/size': expect.any(Number) });
    const listed = byName.get('create_widget_2')!.response!;
    expect(listed).toMatchObject({ isCollection: true, odataType: 'microsoft.graph.nothing' });
    expect(listed.schemaRef).toBeUndefined();
    expect(byName.get('undocumented')!.response).toBeUndefined();
  });

  it('should pair unannotated Intune examples and type them from the Response section', () => {
    const intune = result.fixtures.find((f) => f.page === 'beta/intune-widget-get')!;
    expect(intune.operation).toEqual({ method: 'GET', pathTemplate: '/deviceManagement/widgets/{widgetId}', documented: true });
    expect(intune.response).toMatchObject({ status: 200, schemaRef: ID('widget'), isCollection: false });
  });
});

describe('writeContracts / readContracts', () => {
  it('should write the layout, deterministically, and read it back', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'docpact-contracts-'));
    try {
      await writeFile(join(dir, 'keep.txt'), 'not ours');
      const manifest = await writeContracts(dir, result, { docpactVersion: '9.9.9' });
      expect(manifest.schemas.map((s) => s.file)).toContain('schemas/beta/microsoft.graph.widget.schema.json');
      expect(manifest.fixtures.map((f) => f.file)).toContain('fixtures/beta/widget-create/create_widget_2.json');
      const loaded = await readContracts(dir);
      expect(loaded.manifest.docpactVersion).toBe('9.9.9');
      expect(loaded.schemas.get(ID('widget'))).toEqual({ $comment: 'generated by docpact extract; do not edit', ...result.schemas.get(ID('widget')) });
      expect(loaded.fixtures.map((f) => f.name)).toEqual(result.fixtures.map((f) => f.name));
      await expect(readContracts(join(dir, 'missing'))).rejects.toThrow(/Cannot read .*manifest\.json: run `docpact extract/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('a page docpact itself cannot handle', () => {
  it('should become an internal-error finding on that page while the other pages are still built', () => {
    const good = parsePage('beta/api/x-get.md', '---\ndoc_type: apiPageType\n---\n# Get x\n\n## HTTP request\n\n```http\nGET /x\n```\n\n## Examples\n\n<!-- { "blockType": "request", "name": "get_x" } -->\n```http\nGET https://graph.microsoft.com/beta/x\n```\n');
    // A model no extractor would produce (a page whose examples are not a list): stands in for a bug of ours.
    const broken = { ...good, file: 'beta/api/broken.md', stem: 'broken', examples: { length: 1 } } as unknown as DocPage;
    const result = buildContracts([broken, good]);
    expect(result.fixtures.map((f) => f.name)).toEqual(['get_x']);
    expect(result.diagnostics).toEqual([expect.objectContaining({ ruleId: 'contracts/internal-error', file: 'beta/api/broken.md', severity: 'error' })]);
  });
});
