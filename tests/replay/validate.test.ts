import { describe, expect, it } from '@jest/globals';
import { createValidator } from '../../replay/validate.js';
import { WIDGET, SCHEMAS, fixture } from './helpers.js';

const validator = createValidator(SCHEMAS);
const entity = { id: 'w1', displayName: 'Widget', isExtended: false, count: 3, createdDateTime: '2021-01-01T00:00:00Z', part: { size: 2 } };
const lines = { '': 23, '/id': 24, '/displayName': 25, '/isExtended': 26, '/count': 27, '/createdDateTime': 28, '/part': 29, '/part/size': 30 };
const json = { 'content-type': 'application/json' };

function run(spec: Partial<Parameters<typeof fixture>[0]>, received: { status?: number; headers?: Record<string, string>; body?: unknown; bodyText?: string }) {
  const fx = fixture({ name: 'get_widget', path: '/widgets/w1', body: entity, schemaRef: WIDGET, lines, ...spec });
  return validator.validateResponse(fx, {
    status: received.status ?? 200,
    headers: received.headers ?? json,
    bodyText: received.bodyText ?? JSON.stringify(received.body ?? entity),
  });
}

describe('validateResponse', () => {
  it.each([
    { title: 'a wrong type', received: { body: { ...entity, isExtended: 'yes' } }, rule: 'replay/type', severity: 'error', pointer: '/isExtended', line: 26, message: 'Unexpected string "yes" at /isExtended, expected a boolean (Boolean)' },
    { title: 'a renamed property', received: { body: { ...entity, displayName: undefined, title: 'Widget' } }, rule: 'replay/missing-property', severity: 'error', pointer: '/displayName', line: 25, message: 'Unexpected missing property /displayName' },
    { title: 'a status other than documented', received: { status: 201 }, rule: 'replay/status', severity: 'error', pointer: undefined, line: 20, message: 'Unexpected status 201, expected 200' },
    { title: 'a JSON body labelled text/plain', received: { headers: { 'content-type': 'text/plain' } }, rule: 'replay/content-type', severity: 'error', pointer: undefined, line: 20, message: 'Unexpected Content-Type "text/plain", expected application/json' },
    { title: 'a body that is not JSON', received: { bodyText: '{"id": ' }, rule: 'replay/body', severity: 'error', pointer: undefined, line: 20, message: 'Unexpected body that is not JSON' },
    { title: 'a bad date-time', received: { body: { ...entity, createdDateTime: 'yesterday' } }, rule: 'replay/type', severity: 'error', pointer: '/createdDateTime', line: 28, message: 'Unexpected string "yesterday" at /createdDateTime, expected an ISO 8601 date-time with a time zone (DateTimeOffset)' },
    { title: 'a nested wrong type through $ref', received: { body: { ...entity, part: { size: 'big' } } }, rule: 'replay/type', severity: 'error', pointer: '/part/size', line: 30, message: 'Unexpected string "big" at /part/size, expected an integer from -2147483648 to 2147483647 (Int32)' },
    { title: 'an extra property when the example is complete', received: { body: { ...entity, colour: 'red' } }, rule: 'replay/unexpected-property', severity: 'warning', pointer: '/colour', line: 23, message: 'Unexpected property /colour' },
    { title: 'an extra nested property when the example is complete', received: { body: { ...entity, part: { size: 2, weight: 1 } } }, rule: 'replay/unexpected-property', severity: 'warning', pointer: '/part/weight', line: 29, message: 'Unexpected property /part/weight' },
    { title: 'a different value of the right type', received: { body: { ...entity, displayName: 'Other' } }, rule: 'replay/value-differs', severity: 'info', pointer: '/displayName', line: 25, message: '1 value differs from the example (first at /displayName: "Other" instead of "Widget")' },
  ])('should report $title as $rule at line $line', ({ received, rule, severity, pointer, line, message }) => {
    const found = run({}, received);
    const hit = found.find((d) => d.ruleId === rule);
    expect(hit).toBeDefined();
    expect(hit).toMatchObject({ severity, file: 'docs/api-reference/v1.0/api/widget.md' });
    expect(hit!.pointer).toBe(pointer);
    expect(hit!.range.start.line).toBe(line);
    expect(hit!.message).toContain(message);
    // ajv's own wording never reaches the user.
    for (const d of found) expect(d.message).not.toMatch(/\bmust (be|have|match|NOT)\b/);
  });

  it.each([
    { title: 'the example itself', received: {} },
    { title: 'OData parameters on the media type', received: { headers: { 'content-type': 'application/json; odata.metadata=minimal; charset=utf-8' } } },
    { title: '@odata annotations anywhere', received: { body: { ...entity, '@odata.context': 'x', 'part@odata.type': '#x', part: { size: 2, '@odata.type': '#p' } } } },
    { title: 'null in a nullable property', received: { body: { ...entity, count: null } } },
  ])('should report nothing for $title', ({ received }) => {
    expect(run({}, received)).toEqual([]);
  });

  it('should allow extra properties but still check the types of documented ones when the example is truncated', () => {
    const found = run({ truncated: true }, { body: { ...entity, colour: 'red', count: '3' } });
    expect(found.map((d) => [d.ruleId, d.pointer])).toEqual([['replay/type', '/count']]);
  });

  it('should check every item of a collection and point an item beyond the example at the first item\'s line', () => {
    const collectionLines = { '': 23, '/value': 24, '/value/0': 25, '/value/0/isExtended': 28 };
    const found = run(
      { isCollection: true, body: { value: [entity] }, lines: collectionLines },
      { body: { value: [entity, { ...entity, isExtended: 'no' }] } },
    );
    expect(found.map((d) => [d.ruleId, d.pointer, d.range.start.line])).toEqual([['replay/type', '/value/1/isExtended', 28]]);
  });

  it('should report a collection answered with a single entity', () => {
    const found = run({ isCollection: true, body: { value: [entity] }, lines: { '': 23, '/value': 24 } }, { body: entity });
    expect(found.map((d) => [d.ruleId, d.pointer, d.range.start.line])).toContainEqual(['replay/collection', '/value', 24]);
  });

  it('should link every finding to its section of replay/RULES.md in this repository, not to a web host', () => {
    const found = run({}, { status: 201, headers: { 'content-type': 'text/plain' }, bodyText: 'nope' });
    expect(found.length).toBeGreaterThan(0);
    for (const d of found) expect(d.url).toBe(`replay/RULES.md#${d.ruleId.slice('replay/'.length)}`);
  });

  it('should skip body checks when the service answers an error status', () => {
    const found = run({}, { status: 404, body: { error: { code: 'NotFound' } } });
    expect(found.map((d) => d.ruleId)).toEqual(['replay/status']);
  });

  it('should check a request body against the request schema, required properties included', () => {
    const fx = fixture({ name: 'post', method: 'POST', path: '/widgets', requestSchemaRef: 'https://docpact.dev/schemas/requests/v1.0/widget-post.schema.json', status: 201, body: entity });
    expect(validator.checkRequestBody(fx, { displayName: 'x', isExtended: true })).toEqual([]);
    expect(validator.checkRequestBody(fx, { isExtended: 'true' }).map((f) => [f.ruleId, f.pointer])).toEqual([
      ['replay/required', '/displayName'],
      ['replay/type', '/isExtended'],
    ]);
  });
});
