import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { parsePage } from '../../extractor/index.js';
import { SEED_PAGE } from '../helpers/paths.js';

const seed = parsePage('docs/api-reference/beta/api/accesspackageassignment-post.md', readFileSync(SEED_PAGE, 'utf8'));

describe('the seed page', () => {
  it('should read front matter, title, namespace and kind', () => {
    expect(seed.kind).toBe('api');
    expect(seed.version).toBe('beta');
    expect(seed.title?.text).toBe('Create accessPackageAssignment');
    expect(seed.title?.range.start.line).toBe(10);
    expect(seed.namespace?.value).toBe('microsoft.graph');
    expect(seed.frontMatter?.data.doc_type).toBe('apiPageType');
    expect(seed.frontMatter?.entries.find((e) => e.key === 'author')?.range.start.line).toBe(4);
  });

  it('should read the HTTP request template with its line', () => {
    expect(seed.requestTemplates).toEqual([
      expect.objectContaining({ method: 'POST', path: '/identityGovernance/entitlementManagement/accessPackageAssignments', query: '' }),
    ]);
    expect(seed.requestTemplates[0].range.start).toMatchObject({ line: 33, column: 1 });
  });

  it('should read the request-body table with types and positions', () => {
    const byName = Object.fromEntries(seed.requestBody.map((r) => [r.name, r]));
    expect(Object.keys(byName)).toHaveLength(9);
    expect(byName.isExtended.type).toMatchObject({ kind: 'primitive', primitive: 'Boolean' });
    expect(byName.expiredDateTime.type.primitive).toBe('DateTimeOffset');
    expect(byName.schedule.type).toMatchObject({ kind: 'named', name: 'requestSchedule', namespace: 'Microsoft.IGAELM.EC.FrontEnd.ExternalModel' });
    expect(byName.schedule.typeRange.start.line).toBe(57);
    expect(byName.catalogId.required).toBe(false);
  });

  it('should read the promised response status and type', () => {
    expect(seed.response?.status?.code).toBe(201);
    expect(seed.response?.type).toMatchObject({ name: 'accessPackageAssignment', collection: false });
  });

  it('should pair the request and response examples and parse their bodies', () => {
    expect(seed.pairs).toEqual([{ name: 'create_accesspackageassignment_from_', request: 0, response: 1, by: 'order' }]);
    const [request, response] = seed.examples;
    expect(request.request).toMatchObject({ method: 'POST', version: 'beta', origin: 'https://graph.microsoft.com', path: '/identityGovernance/entitlementManagement/accessPackageAssignments' });
    expect(request.request?.headers.map((h) => [h.name, h.value])).toEqual([['Content-Type', 'application/json'], ['Content-length', '424']]);
    expect(request.request?.body.kind).toBe('json');
    expect(request.request?.body.pointers?.['/isExtended'].start).toMatchObject({ line: 86, column: 3 });
    expect(response.response).toMatchObject({ status: 201, reason: 'Created', httpVersion: 'HTTP/1.1' });
    expect(response.truncated).toBe(true);
    expect(response.odataType).toBe('Microsoft.IGAELM.EC.FrontEnd.ExternalModel.accessPackageAssignment');
    expect(response.annotation?.range.start.line).toBe(97);
  });
});

const page = (body: string, file = 'v1.0/api/x.md') => parsePage(file, `---\ndoc_type: apiPageType\n---\n# T\n\n${body}`);
const fence = (annotation: string, http: string) => `${annotation}\n\`\`\`http\n${http}\n\`\`\`\n`;

describe('annotations', () => {
  const CASES: [string, string, Record<string, unknown>][] = [
    ['strict JSON', '<!-- { "blockType": "request", "name": "a" } -->', { parse: 'strict', blockType: 'request', names: ['a'] }],
    ['trailing comma', '<!-- { "blockType": "request", "name": "a", } -->', { parse: 'lenient', names: ['a'], problem: expect.objectContaining({ message: 'trailing comma' }) }],
    ['unquoted key', '<!-- { blockType: "response", isCollection: true } -->', { parse: 'lenient', blockType: 'response' }],
    ['name as an array', '<!-- { "blockType": "request", "name": ["a", "b"] } -->', { parse: 'strict', names: ['a', 'b'] }],
    ['raw line break in a string', '<!-- { "blockType": "request", "name": "a\nb" } -->', { parse: 'failed' }],
  ];
  it.each(CASES)('should read an annotation with %s', (_label, comment, expected) => {
    const p = page(fence(comment, 'GET https://graph.microsoft.com/v1.0/me'));
    expect(p.annotations?.[0]).toMatchObject(expected);
  });

  it('should point a failed annotation at the line where parsing stopped', () => {
    const p = page('<!-- {\n  "blockType": "request",\n  "name": "a\n"\n} -->\n```http\nGET /me\n```\n');
    expect(p.annotations?.[0].parse).toBe('failed');
    expect(p.annotations?.[0].problem?.range.start.line).toBeGreaterThanOrEqual(8);
  });

  it('should keep "true" strings as booleans on the example and the raw value on the annotation', () => {
    const p = page(fence('<!-- { "blockType": "request", "name": "a" } -->', 'GET https://graph.microsoft.com/v1.0/me') +
      fence('<!-- { "blockType": "response", "truncated": "true" } -->', 'HTTP/1.1 200 OK'));
    expect(p.examples[1].truncated).toBe(true);
    expect(p.examples[1].annotation?.data.truncated).toBe('true');
  });

  it('should attach an annotation across prose between the comment and its fence', () => {
    const p = page('<!-- { "blockType": "request", "name": "a" } -->\nSome prose here.\n\n```http\nGET /me\n```\n');
    expect(p.examples[0]).toMatchObject({ name: 'a', blockType: 'request' });
    expect(p.examples[0].annotation?.proseLinesBefore).toBe(1);
  });

  it('should report an annotation with no block after it', () => {
    const p = page('<!-- { "blockType": "request", "name": "a" } -->\n\n## Next\n\nText.\n');
    expect(p.diagnostics.map((d) => d.ruleId)).toEqual(['extract/annotation-orphan']);
  });
});

describe('HTTP examples', () => {
  const req = (http: string) => page(fence('<!-- { "blockType": "request", "name": "a" } -->', http)).examples[0].request;
  const res = (http: string) => page(fence('<!-- { "blockType": "response" } -->', http)).examples[0].response;

  it.each([
    ['GET https://graph.microsoft.com/v1.0/users/{id}?$select=a,b', { method: 'GET', version: 'v1.0', path: '/users/{id}', query: { $select: 'a,b' } }],
    ['GET /me/events', { method: 'GET', path: '/me/events' }],
    ['get policies/activityBasedTimeoutPolicies', { method: 'GET', path: '/policies/activityBasedTimeoutPolicies' }],
    ["GET https://graph.microsoft.com/v1.0/me/drive/root:/a b.txt:/content HTTP/1.1", { path: '/me/drive/root:/a b.txt:/content' }],
    ["GET https://graph.microsoft.com/beta/users?$filter=startswith(displayName, 'a')", { path: '/users', query: { $filter: "startswith(displayName, 'a')" } }],
  ])('should read the request line %p', (line, expected) => {
    expect(req(line)).toMatchObject(expected);
  });

  it.each([
    ['HTTP/1.1 201 Created', { httpVersion: 'HTTP/1.1', status: 201, reason: 'Created' }],
    ['HTTP 201 Created', { status: 201, reason: 'Created' }],
    ['HTTP/1.1 200', { status: 200, reason: '' }],
    ['HTTP/1.1 202 Accpted', { status: 202, reason: 'Accpted' }],
    ['HTTP/1.1 204 NO CONTENT', { status: 204, reason: 'NO CONTENT' }],
  ])('should read the status line %p', (line, expected) => {
    expect(res(line)).toMatchObject(expected);
  });

  it('should read a JSON body that follows the headers with no blank line', () => {
    const r = res('HTTP/1.1 200 OK\nContent-type: application/json\n{\n  "a": 1\n}');
    expect(r?.headers).toHaveLength(1);
    expect(r?.body).toMatchObject({ kind: 'json', json: { a: 1 } });
  });

  it.each([
    // At the cause: the trailing comma itself, the value a comma is missing after (not the next token).
    ['trailing comma', '{\n  "a": 1,\n}', 'trailing comma', 2],
    ['missing comma', '{\n  "a": 1\n  "b": 2\n}', 'missing comma', 2],
    ['comment', '{\n  "a": 1 // one\n}', 'comment', 2],
    ['ellipsis', '{\n  "value": [\n    ...\n  ]\n}', 'ellipsis', 3],
    ['smart quotes', '{\n  \u201ca\u201d: 1\n}', 'smart quotes', 2],
    ['no-break space', '{\n\u00a0 "a": 1\n}', 'non-breaking space used as whitespace', 2],
    ['single quotes', "{\n  'a': 1\n}", 'single-quoted string', 2],
    ['raw line break in a string', '{\n  "a": "x\ny"\n}', 'raw line break or tab inside a string', 2],
    ['unquoted value', '{\n  "a": 00:00:00\n}', 'unquoted value', 2],
  ])('should name the cause of invalid JSON: %s', (_label, body, cause, line) => {
    const r = res(`HTTP/1.1 200 OK\nContent-Type: application/json\n\n${body}`);
    expect(r?.body.kind).toBe('invalid-json');
    expect(r?.body.problem?.cause).toBe(cause);
    // The fence opens on line 7 of the page; the body starts 4 lines below it.
    expect(r?.body.problem?.range.start.line).toBe(10 + line);
  });

  it.each([
    ['application/octet-stream', '{Raw bytes of the file}'],
    ['text/plain', 'Report Refresh Date,User Principal Name'],
    ['application/xml', '<TrustFrameworkPolicy/>'],
  ])('should keep a %s body as text', (type, body) => {
    const r = res(`HTTP/1.1 200 OK\nContent-Type: ${type}\n\n${body}`);
    expect(r?.body).toMatchObject({ kind: 'text', text: body });
  });

  it('should report a fence that is never closed and keep its text', () => {
    const p = page('<!-- { "blockType": "request", "name": "a" } -->\n```http\nGET /me\n\n## Not a heading any more\n');
    expect(p.diagnostics.map((d) => d.ruleId)).toContain('extract/fence-unclosed');
    expect(p.examples[0].code.unclosed).toBe(true);
  });

  it('should pair by name first, then by page order', () => {
    const p = page(
      fence('<!-- { "blockType": "request", "name": "one" } -->', 'GET /a') +
      fence('<!-- { "blockType": "request", "name": "two" } -->', 'GET /b') +
      fence('<!-- { "blockType": "response", "name": "one" } -->', 'HTTP/1.1 200 OK') +
      fence('<!-- { "blockType": "response" } -->', 'HTTP/1.1 204 No Content'),
    );
    expect(p.pairs).toEqual([
      { name: 'one', request: 0, response: 2, by: 'name' },
      { name: 'two', request: 1, response: 3, by: 'order' },
    ]);
  });

  it('should find unannotated examples (Intune pages) and name them', () => {
    const p = page('### Request\n\n``` http\nGET https://graph.microsoft.com/v1.0/deviceManagement\n```\n\n### Response\n\n``` http\nHTTP/1.1 200 OK\n```\n', 'v1.0/api/intune-x.md');
    expect(p.pairs).toEqual([{ name: 'intune-x_example_1', request: 0, response: 1, by: 'order' }]);
  });

  it('should read every request line of the HTTP request section and skip other lines', () => {
    const p = page('## HTTP request\n\n```http\nGET /users/{id | userPrincipalName}/calendar\nor\nPOST /me/drive/root:/{item-path}:/invite\nvar x = 1;\n```\n');
    expect(p.requestTemplates.map((t) => [t.method, t.path, t.placeholders])).toEqual([
      ['GET', '/users/{id | userPrincipalName}/calendar', ['{id | userPrincipalName}']],
      ['POST', '/me/drive/root:/{item-path}:/invite', ['{item-path}']],
    ]);
    expect(p.examples).toHaveLength(0);
  });
});

describe('tables', () => {
  it('should read ragged rows, escaped pipes, <br> and bold headers', () => {
    const p = parsePage('v1.0/resources/x.md', [
      '---', 'doc_type: resourcePageType', '---', '# x resource type', '', '## Properties', '',
      '| **Property** | **Type** | **Description** |', '|:--|:--|:--|',
      '| a | String | one<br>two |', '| b | Int32 | has \\| pipe |', '| c | Boolean |', '',
    ].join('\n'));
    expect(p.properties.map((r) => [r.name, r.type.primitive, r.description])).toEqual([
      ['a', 'String', 'one two'], ['b', 'Int32', 'has | pipe'], ['c', 'Boolean', ''],
    ]);
    expect(p.tables[0].raggedRows.map((r) => r.line)).toEqual([12]);
  });

  it('should read enum members from an `x values` table and anchor', () => {
    const p = parsePage('v1.0/resources/x.md', '# x resource type\n\n### color values\n\n|Member|Value|Description|\n|:--|:--|:--|\n|red|0|Red.|\n|blue|1|Blue.|\n');
    expect(p.enums).toEqual([expect.objectContaining({ name: 'color', anchor: 'color-values', members: [expect.objectContaining({ name: 'red', value: '0' }), expect.objectContaining({ name: 'blue' })] })]);
  });
});

describe('sections', () => {
  it('should not let snippet tab markers close the section, and keep a request annotated under HTTP request as both', () => {
    const p = page([
      '### HTTP request', '', '# [HTTP](#tab/http)', '<!-- { "blockType": "request", "name": "get-drive" } -->', '',
      '```msgraph-interactive', 'GET /me/drive', '```', '# [C#](#tab/csharp)', '', '---', '', '### Response', '',
      '<!-- { "blockType": "response" } -->', '```http', 'HTTP/1.1 200 OK', '```', '',
    ].join('\n'));
    expect(p.requestTemplates.map((t) => `${t.method} ${t.path}`)).toEqual(['GET /me/drive']);
    expect(p.examples[0]).toMatchObject({ name: 'get-drive', blockType: 'request' });
    expect(p.examples[0].section).toEqual(['T', 'HTTP request']);
    expect(p.pairs).toEqual([{ name: 'get-drive', request: 0, response: 1, by: 'order' }]);
  });

  it('should read only templates from other blocks of the HTTP request section', () => {
    const p = page('## HTTP request\n\n<!-- { "blockType": "samples" } -->\n\n```http\nGET /reports/a(period=\'{p}\')\n```\n');
    expect(p.requestTemplates).toHaveLength(1);
    expect(p.examples).toHaveLength(0);
  });
});
