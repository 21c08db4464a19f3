import { describe, expect, it } from '@jest/globals';
import { buildContracts } from '../../contracts/index.js';
import { parsePage } from '../../extractor/index.js';
import type { DocPage } from '../../extractor/index.js';
import { buildOpenApi, componentNames, convertTemplate, pageUrl, RULES, sanitizeParamName, templateVariables, toComponent, verifyDocument } from '../../openapi/index.js';

// Reads into the generated document; `any` stays inside this test file.
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('convertTemplate', () => {
  it.each([
    ['alternatives become one parameter named after the first', '/users/{id | userPrincipalName}/photo', '/users/{id}/photo', [['id', 'One of: `id`, `userPrincipalName`.']]],
    ['a repeated placeholder gets distinct names', '/groups/{id}/threads/{id}/posts/{id}', '/groups/{id}/threads/{id2}/posts/{id3}', [['id'], ['id2'], ['id3']]],
    ['alternatives then a repeat', '/users/{id|userPrincipalName}/messages/{id}', '/users/{id}/messages/{id2}', [['id', 'One of'], ['id2']]],
    ['a function parameter keeps its quotes and names the parameter', "/reports/getOffice365ServicesUserCounts(period='{period_value}')", "/reports/getOffice365ServicesUserCounts(period='{period_value}')", [['period_value', 'function parameter `period`']]],
    ['a function without placeholders stays literal', "/reports/getTeamsUserActivityUserDetail(date=2017-09-01)", '/reports/getTeamsUserActivityUserDetail(date=2017-09-01)', []],
    ['a drive path placeholder inside colons', '/me/drive/root:/{item-path}:/content', '/me/drive/root:/{item-path}:/content', [['item-path', 'may contain `/`']]],
    ['an angle placeholder', "/me/drive/items/{id}/workbook/worksheets/{id|name}/range(address='<address>')", "/me/drive/items/{id}/workbook/worksheets/{id2}/range(address='{address}')", [['id'], ['id2', 'One of: `id`, `name`'], ['address', 'Written `<address>`']]],
    ['$ref, $value and $count are literal segments', '/groups/{id}/members/$ref', '/groups/{id}/members/$ref', [['id']]],
    ['$value', '/me/photo/$value', '/me/photo/$value', []],
    ['$count', '/users/$count', '/users/$count', []],
    ['a cast segment is literal', '/places/{room-list-emailaddress}/microsoft.graph.roomlist/rooms', '/places/{room-list-emailaddress}/microsoft.graph.roomlist/rooms', [['room-list-emailaddress']]],
    ['a name with a space is sanitized', '/organization/{tenant id}/branding', '/organization/{tenant_id}/branding', [['tenant_id', 'Written `{tenant id}`']]],
    ['a trailing slash and missing leading slash are normalised', 'users/{id}/', '/users/{id}', [['id']]],
    ['an empty placeholder still gets a name', '/things/{}', '/things/{param}', [['param']]],
  ])('should convert %s', (_what, input, path, params) => {
    const result = convertTemplate(input);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.path).toBe(path);
    expect(result.params.map((p) => p.name)).toEqual(params.map((p) => p[0]));
    params.forEach(([, hint], i) => {
      if (hint) expect(result.params[i].description).toContain(hint);
    });
    // Every variable of the output is declared exactly once.
    expect(templateVariables(result.path)).toEqual(result.params.map((p) => p.name));
  });

  it.each([
    ['an unbalanced brace', '/users/{id/photo', 'unbalanced'],
    ['white space outside a placeholder', '/users/ {id}', 'white space'],
  ])('should refuse %s', (_what, input, word) => {
    const result = convertTemplate(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem).toContain(word);
  });

  it('should give templates that differ only in placeholder names and case the same shape', () => {
    const a = convertTemplate('/users/{id | userPrincipalName}/contactFolders/{id}');
    const b = convertTemplate('/Users/{user-id}/contactfolders/{folder}');
    expect(a.ok && b.ok && a.shape === b.shape).toBe(true);
  });

  it.each([['user id', 'user_id'], ['  ', 'param'], ['_x_', 'x'], ['a.b-c', 'a.b-c']])('should sanitize %j to %j', (input, output) => {
    expect(sanitizeParamName(input)).toBe(output);
  });
});

describe('components', () => {
  const base = 'https://docpact.dev/schemas/';
  it('should name schemas without the document version and with any other version', () => {
    const names = componentNames([`${base}beta/microsoft.graph.user.schema.json`, `${base}v1.0/microsoft.graph.user.schema.json`, `${base}requests/beta/user-post.schema.json`], 'beta');
    expect([...names.values()]).toEqual(['microsoft.graph.user', 'user-post.requestBody', 'v1_0.microsoft.graph.user']);
  });

  it('should rewrite $id references to component references and drop $id and $schema', () => {
    const user = `${base}beta/microsoft.graph.user.schema.json`;
    const names = new Map([[user, 'microsoft.graph.user']]);
    let unknown = '';
    const out = toComponent({ $schema: 'x', $id: 'y', allOf: [{ $ref: user }], properties: { a: { $ref: `${base}beta/gone.schema.json` }, $ref: { type: 'string' } } }, names, (ref) => {
      unknown = ref;
    });
    expect(out).toEqual({ allOf: [{ $ref: '#/components/schemas/microsoft.graph.user' }], properties: { a: { $comment: `unresolved reference ${base}beta/gone.schema.json` }, $ref: { type: 'string' } } });
    expect(unknown).toBe(`${base}beta/gone.schema.json`);
  });
});

describe('pageUrl', () => {
  it.each([
    ['docs/api-reference/beta/api/user-get.md', undefined, 'https://learn.microsoft.com/graph/api/user-get?view=graph-rest-beta'],
    ['x/api-reference/v1.0/resources/User.md', undefined, 'https://learn.microsoft.com/graph/api/resources/user?view=graph-rest-1.0'],
    ['notes/page.md', undefined, undefined],
    ['../docs/a/b.md', 'https://example.com/src/', 'https://example.com/src/docs/a/b.md'],
    ['docs/api-reference/beta/api/user-get.md', 'https://example.com/{version}/{stem}', 'https://example.com/beta/user-get'],
  ])('should link %s (base %s) to %s', (file, baseUrl, url) => {
    expect(pageUrl(file, baseUrl)).toBe(url);
  });
});

describe('verifyDocument', () => {
  const op = (params: Json[], operationId = 'a') => ({ operationId, parameters: params, responses: { 200: { description: 'OK' } } });
  it.each([
    ['an undeclared variable', { '/a/{id}': { get: op([]) } }, 'not declared'],
    ['a parameter not in the template', { '/a': { get: op([{ name: 'id', in: 'path', required: true }]) } }, 'not in the template'],
    ['a repeated variable', { '/a/{id}/{id}': { get: op([{ name: 'id', in: 'path', required: true }]) } }, 'more than once'],
    ['equivalent paths', { '/a/{x}': { get: op([{ name: 'x', in: 'path', required: true }], 'a') }, '/a/{y}': { get: op([{ name: 'y', in: 'path', required: true }], 'b') } }, 'equivalent'],
    ['duplicate operationIds', { '/a': { get: op([]) }, '/b': { get: op([]) } }, 'also used'],
    ['a dangling $ref', { '/a': { get: { operationId: 'a', responses: { 200: { description: 'OK', content: { 'application/json': { schema: { $ref: '#/components/schemas/none' } } } } } } } }, 'points at nothing'],
  ])('should report %s', (_what, paths, word) => {
    const problems = verifyDocument({ openapi: '3.1.0', paths });
    expect(problems.join('\n')).toContain(word);
  });
});

function apiPage(file: string, title: string, requestLines: string[], extra = ''): DocPage {
  const text = `---
title: "${title}"
description: "${title} description."
---
# ${title}
Namespace: microsoft.graph

## HTTP request
<!-- { "blockType": "ignored" } -->
\`\`\`http
${requestLines.join('\n')}
\`\`\`

## Request headers
|Name|Description|
|:---|:---|
|Authorization|Bearer {token}. Required.|
|ConsistencyLevel|eventual. Optional.|
${extra}`;
  return parsePage(file, text);
}

const THING = parsePage('docs/api-reference/v1.0/resources/thing.md', `---
title: "thing resource type"
description: "A thing."
---
# thing resource type
Namespace: microsoft.graph

## Properties
|Property|Type|Description|
|:---|:---|:---|
|id|String|Identifier.|
|size|Int32|Size.|

## JSON representation
<!-- { "blockType": "resource", "@odata.type": "microsoft.graph.thing" } -->
\`\`\`json
{ "id": "String", "size": 1 }
\`\`\`
`);

const LIST_EXAMPLE = `
## Response
If successful, this method returns a \`200 OK\` response code and a collection of [thing](../resources/thing.md) objects in the response body.

## Examples
### Request
<!-- { "blockType": "request", "name": "list_things" } -->
\`\`\`http
GET https://graph.microsoft.com/v1.0/users/u1/things?$top=2
\`\`\`
### Response
<!-- { "blockType": "response", "truncated": true, "@odata.type": "microsoft.graph.thing", "isCollection": true } -->
\`\`\`http
HTTP/1.1 200 OK
Content-Type: application/json

{ "value": [ { "id": "1", "size": 2 } ] }
\`\`\`
`;

function build(pages: DocPage[], options = {}) {
  const result = buildOpenApi(pages, buildContracts(pages), options);
  return { ...result, doc: result.document as Json };
}

describe('buildOpenApi', () => {
  it('should merge pages that share a path, and keep the first of two pages with the same method and path', () => {
    const list = apiPage('docs/api-reference/v1.0/api/thing-list.md', 'List things', ['GET /users/{id | userPrincipalName}/things', 'GET /me/things'], LIST_EXAMPLE);
    const create = apiPage('docs/api-reference/v1.0/api/thing-post.md', 'Create thing', ['POST /users/{user-id}/things']);
    const dup = apiPage('docs/api-reference/v1.0/api/thing-list2.md', 'List things again', ['GET /Users/{id}/things']);
    const { doc, diagnostics, stats } = build([dup, create, list, THING]);
    expect(Object.keys(doc.paths).sort()).toEqual(['/me/things', '/users/{id}/things']);
    const item = doc.paths['/users/{id}/things'];
    expect(Object.keys(item).sort()).toEqual(['get', 'post']);
    // The POST page wrote {user-id}; in this path item the variable is `id`, described by the page's own placeholder.
    expect(item.post.parameters.filter((p: Json) => p.in === 'path').map((p: Json) => p.name)).toEqual(['id']);
    expect(item.get.operationId).toBe('thing-list');
    expect(doc.paths['/me/things'].get.operationId).toBe('thing-list_2');
    expect(diagnostics.map((d) => [d.ruleId, d.file])).toEqual([[RULES.duplicate, 'docs/api-reference/v1.0/api/thing-list2.md']]);
    expect(diagnostics[0].related?.[0].file).toBe('docs/api-reference/v1.0/api/thing-list.md');
    expect(stats).toMatchObject({ paths: 2, operations: 3 });
    expect(verifyDocument(doc)).toEqual([]);
  });

  it('should wrap a collection response, reference the component and name the example', () => {
    const list = apiPage('docs/api-reference/v1.0/api/thing-list.md', 'List things', ['GET /users/{id}/things'], LIST_EXAMPLE);
    const { doc } = build([list, THING]);
    const op = doc.paths['/users/{id}/things'].get;
    const media = op.responses['200'].content['application/json'];
    expect(media.schema.properties.value).toEqual({ type: 'array', items: { $ref: '#/components/schemas/microsoft.graph.thing' } });
    expect(media.examples.list_things.value).toEqual({ value: [{ id: '1', size: 2 }] });
    expect(doc.components.schemas['microsoft.graph.thing'].properties.size.type).toEqual(['integer', 'null']);
    expect(doc.components.schemas['microsoft.graph.thing'].$id).toBeUndefined();
    expect(op.summary).toBe('List things');
    expect(op.externalDocs.url).toBe('https://learn.microsoft.com/graph/api/thing-list?view=graph-rest-1.0');
    expect(op.parameters.find((p: Json) => p.in === 'header')).toMatchObject({ name: 'ConsistencyLevel' });
    expect(op.parameters.some((p: Json) => p.name === 'Authorization')).toBe(false);
    expect(doc.servers).toEqual([{ url: 'https://graph.microsoft.com/v1.0', description: 'v1.0 endpoint' }]);
  });

  it('should merge the queries of one page\'s repeated request lines into one operation', () => {
    const page = apiPage('docs/api-reference/beta/api/message-get.md', 'Get message', [
      "GET /me/messages/{id}?$expand=singleValueExtendedProperties($filter=id eq '{id_value}')",
      "GET /me/messages/{id}?$select=subject",
      'GET /me/messages/{id}',
    ]);
    const { doc, diagnostics } = build([page]);
    const query = doc.paths['/me/messages/{id}'].get.parameters.filter((p: Json) => p.in === 'query').map((p: Json) => p.name);
    expect(query).toEqual(['$expand', '$select']);
    expect(diagnostics).toEqual([]);
    expect(doc.paths['/me/messages/{id}'].get.responses).toEqual({ default: { description: expect.any(String) } });
  });

  it('should prefix paths with their version when v1.0 and beta are exported together, and not otherwise', () => {
    const v1 = apiPage('docs/api-reference/v1.0/api/thing-get.md', 'Get thing', ['GET /things/{id}']);
    const beta = apiPage('docs/api-reference/beta/api/thing-get.md', 'Get thing', ['GET /things/{id}']);
    const both = build([v1, beta]).doc;
    expect(Object.keys(both.paths).sort()).toEqual(['/beta/things/{id}', '/v1.0/things/{id}']);
    expect(both.servers[0].url).toBe('https://graph.microsoft.com');
    expect(both.paths['/beta/things/{id}'].get.operationId).toBe('beta.thing-get');
    const one = build([v1, beta], { docsVersion: 'beta', baseUrl: 'http://127.0.0.1:8080/' }).doc;
    expect(Object.keys(one.paths)).toEqual(['/things/{id}']);
    expect(one.servers[0].url).toBe('http://127.0.0.1:8080/beta');
  });

  it('should turn a bad request line and a page without one into diagnostics and still export the rest', () => {
    const bad = apiPage('docs/api-reference/v1.0/api/bad.md', 'Bad', ['GET /things/{id/x', 'GET /things']);
    const none = parsePage('docs/api-reference/v1.0/api/none.md', '---\ntitle: "None"\ndoc_type: apiPageType\n---\n# None\n\n## HTTP request\n\nNo line here.\n');
    const { doc, diagnostics } = build([bad, none]);
    expect(Object.keys(doc.paths)).toEqual(['/things']);
    expect(none.kind).toBe('api');
    expect(diagnostics.map((d) => [d.ruleId, d.file])).toEqual([[RULES.invalidTemplate, bad.file], [RULES.noRequest, none.file]]);
    expect(diagnostics[0].range.start.line).toBeGreaterThan(1);
    expect(diagnostics[0].message).toMatch(/^Unexpected unbalanced/);
  });
});
