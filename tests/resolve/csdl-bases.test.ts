/**
 * Issue 9, item 1: base types and open types come from "Inherits from", the annotation's `baseType`, and — when one
 * is configured (`metadata` in the config) — the CSDL. A page that leaves its base type out gets it from the CSDL, so
 * an example using an inherited property is not "undocumented"; a type the CSDL declares open accepts members the
 * tables do not list; the docs' own base type still wins where they give one.
 */
import { describe, expect, it } from '@jest/globals';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { run, tempTree } from '../cli/scenarios.js';

const resource = (name: string, rows: readonly string[], extra = ''): string => `---
title: "${name} resource type"
description: "A ${name}."
doc_type: resourcePageType
---
# ${name} resource type

Namespace: microsoft.graph

A ${name}.${extra}

## Properties
| Property | Type | Description |
|:---|:---|:---|
${rows.map((r) => `| ${r.split(':')[0]} | ${r.split(':')[1]} | The ${r.split(':')[0]}. |`).join('\n')}

## JSON representation
<!-- { "blockType": "resource", "@odata.type": "microsoft.graph.${name}" } -->
\`\`\`json
{
${rows.map((r) => `  "${r.split(':')[0]}": "${r.split(':')[1]}"`).join(',\n')}
}
\`\`\`
`;

const getPage = (name: string, body: string): string => `---
title: "Get ${name}"
description: "Read a ${name}."
doc_type: apiPageType
---
# Get ${name}

Namespace: microsoft.graph

Read a ${name}.

## HTTP request
<!-- { "blockType": "ignored" } -->
\`\`\`http
GET /${name}s/{id}
\`\`\`

## Response
If successful, this method returns a \`200 OK\` response code and a [${name}](../resources/${name}.md) object in the response body.

## Example
### Request
<!-- { "blockType": "request", "name": "get_${name}" } -->
\`\`\`http
GET https://graph.microsoft.com/v1.0/${name}s/1
\`\`\`

### Response
<!-- { "blockType": "response", "truncated": true, "@odata.type": "microsoft.graph.${name}" } -->
\`\`\`http
HTTP/1.1 200 OK
Content-Type: application/json

${body}
\`\`\`
`;

const csdl = (types: string): string => `<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
  <edmx:DataServices>
    <Schema Namespace="microsoft.graph" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <EntityType Name="entity" Abstract="true"><Key><PropertyRef Name="id" /></Key><Property Name="id" Type="Edm.String" Nullable="false" /></EntityType>
${types}
    </Schema>
  </edmx:DataServices>
</edmx:Edmx>
`;

const TREE = {
  'docs/api-reference/v1.0/resources/thing.md': resource('thing', ['id:String', 'label:String']),
  'docs/api-reference/v1.0/resources/widget.md': resource('widget', ['size:Int32']),
  'docs/api-reference/v1.0/resources/gadget.md': resource('gadget', ['id:String']),
  'docs/api-reference/v1.0/api/widget-get.md': getPage('widget', '{\n  "id": "1",\n  "size": 3,\n  "label": "blue"\n}'),
  'docs/api-reference/v1.0/api/gadget-get.md': getPage('gadget', '{\n  "id": "1",\n  "colour": "blue"\n}'),
};

const MODEL = csdl(`      <EntityType Name="thing" BaseType="graph.entity"><Property Name="label" Type="Edm.String" /></EntityType>
      <EntityType Name="widget" BaseType="graph.thing"><Property Name="size" Type="Edm.Int32" /></EntityType>
      <EntityType Name="gadget" BaseType="graph.entity" OpenType="true" />`).replace('<Schema Namespace="microsoft.graph"', '<Schema Namespace="microsoft.graph" Alias="graph"');

interface Finding { ruleId: string; file: string; message: string; range: { start: { line: number } } }

async function findings(dir: string): Promise<Finding[]> {
  const result = await run(dir, ['check', 'docs', '--no-cache', '--format', 'json']);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  return (JSON.parse(result.stdout) as { diagnostics: Finding[] }).diagnostics;
}

const undocumented = (all: readonly Finding[]): string[] =>
  all.filter((f) => f.ruleId === 'example-property-undocumented').map((f) => `${f.file.split('/').pop()}:${f.range.start.line} ${/"([^"]+)"/.exec(f.message)?.[1]}`);

describe('base and open types from a configured CSDL', () => {
  it('should read the base type and open type the pages leave out from the CSDL, and only when one is configured', async () => {
    const dir = await tempTree(TREE);
    // Without a CSDL, widget has no base and gadget is not open: both extra members are reported.
    expect(undocumented(await findings(dir))).toEqual(['gadget-get.md:36 colour', 'widget-get.md:37 label']);

    await writeFile(join(dir, 'graph.xml'), MODEL);
    await writeFile(join(dir, 'docpact.config.json'), JSON.stringify({ metadata: 'graph.xml' }));
    expect(undocumented(await findings(dir))).toEqual([]);
  }, 120_000);

  it('should keep the base type the docs give over the CSDL', async () => {
    // The page says widget inherits from gadget (which has no label); the CSDL's thing is not used.
    const dir = await tempTree({
      ...TREE,
      'docs/api-reference/v1.0/resources/widget.md': resource('widget', ['size:Int32'], ' Inherits from [gadget](gadget.md).'),
      'docs/api-reference/v1.0/resources/gadget.md': resource('gadget', ['id:String']),
      'graph.xml': MODEL.replace(' OpenType="true"', ''),
      'docpact.config.json': JSON.stringify({ metadata: 'graph.xml' }),
    });
    expect(undocumented(await findings(dir))).toEqual(['gadget-get.md:36 colour', 'widget-get.md:37 label']);
  }, 120_000);

  it('should exit 2 with a clear message when the configured CSDL cannot be read', async () => {
    const dir = await tempTree({ ...TREE, 'docpact.config.json': JSON.stringify({ metadata: 'missing.xml' }) });
    const result = await run(dir, ['check', 'docs', '--no-cache']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('metadata');
    expect(result.stderr).toContain('missing.xml');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  }, 120_000);
});
