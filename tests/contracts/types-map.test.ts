import { describe, expect, it } from '@jest/globals';
import type { TypeRef, Primitive } from '../../extractor/model.js';
import { createContractsAjv } from '../../contracts/ajv.js';
import { compileTemplate, matchTemplate } from '../../contracts/path-template.js';
import { typeRefSchema, type NamedResolver, type ResolvedType } from '../../contracts/types-map.js';
import { parseOdataType, sanitizeName } from '../../contracts/fixtures.js';
import { stableJson } from '../../contracts/files.js';

const prim = (primitive: Primitive, collection = false): TypeRef => ({ raw: primitive, kind: 'primitive', primitive, collection });
const named = (name: string, collection = false): TypeRef => ({ raw: name, kind: 'named', name, collection });
const resolver = (table: Record<string, ResolvedType>): NamedResolver => (ref) => table[ref.name ?? ''] ?? { kind: 'unresolved', looksLikeEnum: false };

const OBJECT_ID = 'https://docpact.dev/schemas/beta/microsoft.graph.thing.schema.json';
const resolve = resolver({
  thing: { kind: 'object', id: OBJECT_ID },
  color: { kind: 'enum', members: ['red', 'green', 'unknownFutureValue'] },
  mystery: { kind: 'unresolved', looksLikeEnum: true },
});

/** Data-driven, like ajv's own suites: each type with values it must accept and reject. */
const VALUE_CASES: { name: string; ref: TypeRef; valid: unknown[]; invalid: unknown[] }[] = [
  { name: 'String', ref: prim('String'), valid: ['x', '', null], invalid: [1, true, {}] },
  { name: 'Boolean', ref: prim('Boolean'), valid: [true, false, null], invalid: ['Boolean', 'true', 0] },
  { name: 'Byte', ref: prim('Byte'), valid: [0, 255], invalid: [-1, 256, 1.5] },
  { name: 'SByte', ref: prim('SByte'), valid: [-128, 127], invalid: [128] },
  { name: 'Int16', ref: prim('Int16'), valid: [-32768, 32767], invalid: [32768] },
  { name: 'Int32', ref: prim('Int32'), valid: [2147483647, -2147483648, null], invalid: [2147483648, '1', 1.5] },
  { name: 'Int64', ref: prim('Int64'), valid: [2 ** 53], invalid: [1.5, '5'] },
  { name: 'Double', ref: prim('Double'), valid: [1.5, 0, 'INF', '-INF', 'NaN', null], invalid: ['1.5', 'Infinity'] },
  { name: 'Single', ref: prim('Single'), valid: [3, 'NaN'], invalid: ['x'] },
  { name: 'Decimal', ref: prim('Decimal'), valid: [1.25], invalid: ['NaN', '1.25'] },
  { name: 'DateTimeOffset', ref: prim('DateTimeOffset'), valid: ['2021-07-16T18:32:44Z', '2021-07-16T18:32:44.1234567+02:00', null], invalid: ['String (timestamp)', '2021-07-16', 5] },
  { name: 'Date', ref: prim('Date'), valid: ['2021-07-16'], invalid: ['2021-07-16T00:00:00Z', 'Date'] },
  { name: 'TimeOfDay', ref: prim('TimeOfDay'), valid: ['10:00:00', '23:59:59.1234567', '08:30'], invalid: ['25:00:00', '10:00:00Z', 'noon'] },
  { name: 'Duration', ref: prim('Duration'), valid: ['PT1H', 'P1D', '-P1D', 'PT1.5S', 'P1DT2H3M4S'], invalid: ['P', 'PT', '1 hour', '00:00:00'] },
  { name: 'Guid', ref: prim('Guid'), valid: ['2a353749-3749-2a35-4937-352a4937352a'], invalid: ['String (identifier)', '2a353749'] },
  { name: 'Binary', ref: prim('Binary'), valid: ['aGVsbG8='], invalid: [5] },
  { name: 'Stream (never inline, left open)', ref: prim('Stream'), valid: ['x', 5], invalid: [] },
  { name: 'Json', ref: prim('Json'), valid: [{}, [], 1, 'x', null], invalid: [] },
  { name: 'Collection(String)', ref: prim('String', true), valid: [[], ['a']], invalid: [null, 'a', [1]] },
  { name: 'known enum', ref: named('color'), valid: ['red', 'unknownFutureValue', null], invalid: ['blue', 1] },
  { name: 'collection of enum', ref: named('color', true), valid: [['red', 'green']], invalid: [['blue'], [null]] },
  { name: 'enum known only by hint', ref: named('mystery'), valid: ['anything'], invalid: [1] },
  { name: 'unresolved type (open)', ref: named('nowhere'), valid: [1, 'x', {}, null], invalid: [] },
  { name: 'empty type cell (open)', ref: { raw: '', kind: 'empty', collection: false }, valid: [1, {}], invalid: [] },
  {
    name: 'A or B',
    ref: { raw: 'String or Boolean', kind: 'union', collection: false, alternatives: [prim('String'), prim('Boolean')] },
    valid: ['x', true, null],
    invalid: [1],
  },
];

describe('typeRefSchema', () => {
  const ajv = createContractsAjv([{ $id: OBJECT_ID, type: 'object', properties: { a: { type: 'string' } } }]);

  it.each(VALUE_CASES)('should map $name so it accepts and rejects the right values', ({ ref, valid, invalid }) => {
    const validate = ajv.compile(typeRefSchema(ref, resolve));
    for (const value of valid) expect({ value, ok: validate(value) }).toEqual({ value, ok: true });
    for (const value of invalid) expect({ value, ok: validate(value) }).toEqual({ value, ok: false });
  });

  it.each([
    ['Boolean', prim('Boolean'), { type: ['boolean', 'null'], 'x-edm': 'Boolean' }],
    ['DateTimeOffset', prim('DateTimeOffset'), { type: ['string', 'null'], format: 'date-time', 'x-edm': 'DateTimeOffset' }],
    ['Guid', prim('Guid'), { type: ['string', 'null'], format: 'uuid', 'x-edm': 'Guid' }],
    ['Binary', prim('Binary'), { type: ['string', 'null'], contentEncoding: 'base64', 'x-edm': 'Binary' }],
    ['Int32', prim('Int32'), { type: ['integer', 'null'], minimum: -2147483648, maximum: 2147483647, 'x-edm': 'Int32' }],
    ['named object', named('thing'), { anyOf: [{ $ref: OBJECT_ID }, { type: 'null' }] }],
    ['collection of objects', named('thing', true), { type: 'array', items: { $ref: OBJECT_ID } }],
    ['unresolved', named('nowhere'), {}],
  ])('should write %s as the expected schema', (_label, ref, expected) => {
    expect(typeRefSchema(ref, resolve)).toEqual(expected);
  });

  it('should not allow null when the row says the property is not nullable', () => {
    expect(typeRefSchema(prim('Boolean'), resolve, { nullable: false })).toEqual({ type: 'boolean', 'x-edm': 'Boolean' });
    expect(typeRefSchema(named('thing'), resolve, { nullable: false })).toEqual({ $ref: OBJECT_ID });
  });
});

describe('matchTemplate', () => {
  const t = (method: string, path: string) => ({ method, target: path, path, query: '', placeholders: [], range: { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } } });
  const templates = [
    t('GET', '/users/{id | userPrincipalName}/calendars/{id}'),
    t('GET', '/me/calendars/{id}'),
    t('GET', '/users/{id}'),
    t('GET', '/users/{id}/manager'),
    t('POST', '/users'),
    t('GET', "/identityGovernance/accessReviews/definitions/{id}/instances/filterByCurrentUser(on='reviewer')"),
    t('GET', "/reports/getEmailActivityUserDetail(period='{period_value}')"),
    t('GET', '/me/drive/root:/{item-path}:/workbook/worksheets/{id|name}'),
    t('GET', '/me/drive/items/{id}/workbook/worksheets/{id|name}/range(address=<address>)'),
    t('DELETE', 'groups/{id}/members/{id}/$ref'),
  ].map(compileTemplate);
  it.each([
    ['GET', '/users/x/calendars/y', '/users/{id | userPrincipalName}/calendars/{id}'],
    ['GET', '/me/calendars/AAMk=', '/me/calendars/{id}'],
    ['GET', '/users/87d349ed-44d7-43e1-9a83-5f2406dee5bd', '/users/{id}'],
    ['GET', '/users/abc/manager', '/users/{id}/manager'],
    ['GET', '/Users/abc/Manager/', '/users/{id}/manager'],
    ['POST', '/users', '/users'],
    ['GET', "/identityGovernance/accessReviews/definitions/1/instances/filterByCurrentUser(on='reviewer')", "/identityGovernance/accessReviews/definitions/{id}/instances/filterByCurrentUser(on='reviewer')"],
    ['GET', "/reports/getEmailActivityUserDetail(period='D7')", "/reports/getEmailActivityUserDetail(period='{period_value}')"],
    ['GET', '/me/drive/root:/folder/book.xlsx:/workbook/worksheets/Sheet1', '/me/drive/root:/{item-path}:/workbook/worksheets/{id|name}'],
    ['GET', "/me/drive/items/01/workbook/worksheets/Sheet1/range(address='A1:B2')", '/me/drive/items/{id}/workbook/worksheets/{id|name}/range(address=<address>)'],
    ['DELETE', '/groups/1/members/2/$ref', 'groups/{id}/members/{id}/$ref'],
    ['PATCH', '/users/1', undefined],
    ['GET', '/groups', undefined],
  ])('should match %s %s to its template', (method, path, expected) => {
    expect(matchTemplate(method, path, templates)?.path).toBe(expected);
  });
});

describe('small helpers', () => {
  it.each([
    ['#microsoft.graph.user', { type: 'microsoft.graph.user', collection: false }],
    ['Collection(microsoft.graph.user)', { type: 'microsoft.graph.user', collection: true }],
    ['collection(#microsoft.graph.user)', { type: 'microsoft.graph.user', collection: true }],
  ])('should read the @odata.type %s', (value, expected) => {
    expect(parseOdataType(value)).toEqual(expected);
  });

  it.each([
    ['create_accesspackageassignment_from_', 'create_accesspackageassignment_from_'],
    ['get user / by id', 'get_user_by_id'],
    ['../../etc/passwd', '__.._etc_passwd'],
    ['', 'example'],
  ])('should sanitize the example name %j', (name, expected) => {
    expect(sanitizeName(name)).toBe(expected);
  });

  it('should write JSON with sorted keys, $comment first, 2 spaces and a final newline', () => {
    expect(stableJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: 2 }, $comment: 'x', $id: 'i' })).toBe(
      '{\n  "$comment": "x",\n  "$id": "i",\n  "a": {\n    "c": 2,\n    "d": [\n      {\n        "y": 2,\n        "z": 1\n      }\n    ]\n  },\n  "b": 1\n}\n',
    );
    expect(JSON.parse(stableJson(JSON.parse('{"__proto__": {"x": 1}}')))).toEqual(JSON.parse('{"__proto__": {"x": 1}}'));
  });
});
