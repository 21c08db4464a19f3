import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startMockServer } from '../../replay/targets/mock.js';
import type { MockServer } from '../../replay/targets/mock.js';
import { WIDGET, WIDGET_REQUEST, contractsOf, fixture } from './helpers.js';

const widget = { id: 'w1', displayName: 'Widget', isExtended: false };
const fixtures = [
  fixture({ name: 'list_widgets', path: '/widgets', body: { value: [widget] }, isCollection: true, schemaRef: WIDGET }),
  fixture({ name: 'list_widgets_top', path: '/widgets', query: '$top=1', body: { value: [] }, isCollection: true, schemaRef: WIDGET }),
  fixture({ name: 'get_widget', path: '/widgets/w1', template: '/widgets/{id | name}', body: widget, schemaRef: WIDGET }),
  fixture({ name: 'get_widget_other', path: '/widgets/w2', template: '/widgets/{id | name}', body: { ...widget, id: 'w2' }, schemaRef: WIDGET }),
  fixture({ name: 'create_widget', method: 'POST', path: '/widgets', requestBody: { displayName: 'New' }, requestSchemaRef: WIDGET_REQUEST, status: 201, body: { ...widget, id: 'documented-id' }, schemaRef: WIDGET }),
  fixture({ name: 'update_widget', method: 'PATCH', path: '/widgets/w1', template: '/widgets/{id}', requestBody: { displayName: 'x' }, status: 204 }),
  fixture({ name: 'delete_widget', method: 'DELETE', path: '/widgets/w1', template: '/widgets/{id}', status: 204 }),
  fixture({ name: 'file_content', path: '/drives/d1/root:/a/b.txt:/content', template: '/drives/{drive-id}/root:/{item-path}:/content', bodyText: 'hello', headers: { 'Content-Type': 'text/plain' } }),
  fixture({ name: 'filter_by', path: "/widgets/filterByCurrentUser(on='owner')", template: "/widgets/filterByCurrentUser(on='{on}')", body: { value: [] }, isCollection: true }),
];

let mock: MockServer;
let stateful: MockServer;
beforeAll(async () => {
  mock = await startMockServer(contractsOf(fixtures));
  stateful = await startMockServer(contractsOf(fixtures), { stateful: true });
});
afterAll(async () => {
  await mock.close();
  await stateful.close();
});

async function call(server: MockServer, method: string, path: string, init: { body?: unknown; prefer?: string } = {}) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}), ...(init.prefer ? { prefer: init.prefer } : {}) },
    ...(init.body !== undefined ? { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: text && response.headers.get('content-type')?.includes('json') ? (JSON.parse(text) as Record<string, unknown>) : undefined };
}

describe('mock server', () => {
  it.each([
    { title: 'the example path', method: 'GET', path: '/v1.0/widgets/w1', status: 200, id: 'w1' },
    { title: 'an id the docs never showed, through the template', method: 'GET', path: '/v1.0/widgets/zzz', status: 200, id: 'w1' },
    { title: 'the example path of a second example on the same route', method: 'GET', path: '/v1.0/widgets/w2', status: 200, id: 'w2' },
    { title: 'a path in another letter case', method: 'GET', path: '/v1.0/WIDGETS/w2', status: 200, id: 'w2' },
    { title: 'a collection with a query string', method: 'GET', path: '/v1.0/widgets?$filter=x', status: 200, id: undefined },
  ])('should route $title', async ({ method, path, status, id }) => {
    const answer = await call(mock, method, path);
    expect(answer.status).toBe(status);
    if (id !== undefined) expect(answer.json?.id).toBe(id);
  });

  it.each([
    { title: 'a drive path spanning segments', path: '/v1.0/drives/d9/root:/x/y/z.txt:/content', text: 'hello' },
    { title: 'function parameters', path: "/v1.0/widgets/filterByCurrentUser(on='owner')", text: '{"value":[]}' },
    { title: 'the example whose query matches', path: '/v1.0/widgets?$top=1', text: '{"value":[]}' },
  ])('should answer $title with the documented body', async ({ path, text }) => {
    const answer = await call(mock, 'GET', path);
    expect(answer.status).toBe(200);
    expect(answer.text.replace(/\s/g, '')).toBe(text);
  });

  it('should answer the example named by Prefer: example=', async () => {
    const answer = await call(mock, 'GET', '/v1.0/widgets/w1', { prefer: 'example=get_widget_other' });
    expect(answer.json?.id).toBe('w2');
  });

  it('should answer 400 with findings and the example line when the body breaks the request schema', async () => {
    const answer = await call(mock, 'POST', '/v1.0/widgets', { body: { isExtended: 'yes' } });
    expect(answer.status).toBe(400);
    const error = answer.json?.error as { code: string; findings: { ruleId: string; pointer: string; file: string; message: string }[] };
    expect(error.code).toBe('docpact.invalidRequestBody');
    expect(error.findings.map((f) => [f.ruleId, f.pointer])).toEqual([
      ['replay/required', '/displayName'],
      ['replay/type', '/isExtended'],
    ]);
    expect(error.findings[1].message).toBe('Unexpected string "yes" at /isExtended, expected a boolean (Boolean); fix the service or the documented type');
  });

  it('should answer 400 when the body is not JSON', async () => {
    expect((await call(mock, 'POST', '/v1.0/widgets', { body: '{oops' })).status).toBe(400);
  });

  it.each([
    { method: 'GET', path: '/v1.0/gadgets', status: 404, allow: null },
    { method: 'PUT', path: '/v1.0/widgets/w1', status: 405, allow: 'DELETE, GET, PATCH' },
    { method: 'DELETE', path: '/v1.0/widgets', status: 405, allow: 'GET, POST' },
  ])('should answer $status to $method $path', async ({ method, path, status, allow }) => {
    const answer = await call(mock, method, path);
    expect(answer.status).toBe(status);
    expect(answer.headers.get('allow')).toBe(allow);
  });

  it('should keep a created entity when stateful: create → get → update → get → delete → get', async () => {
    const created = await call(stateful, 'POST', '/v1.0/widgets', { body: { displayName: 'Made here' } });
    expect(created.status).toBe(201);
    const id = created.json?.id as string;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.headers.get('location')).toBe(`/v1.0/widgets/${id}`);
    expect((await call(stateful, 'GET', `/v1.0/widgets/${id}`)).json).toMatchObject({ id, displayName: 'Made here' });
    expect((await call(stateful, 'PATCH', `/v1.0/widgets/${id}`, { body: { displayName: 'Renamed' } })).status).toBe(204);
    expect((await call(stateful, 'GET', `/v1.0/widgets/${id}`)).json).toMatchObject({ id, displayName: 'Renamed' });
    expect((await call(stateful, 'DELETE', `/v1.0/widgets/${id}`)).status).toBe(204);
    expect((await call(stateful, 'GET', `/v1.0/widgets/${id}`)).status).toBe(404);
  });

  it('should not keep anything when not stateful', async () => {
    const created = await call(mock, 'POST', '/v1.0/widgets', { body: { displayName: 'Made here' } });
    expect(created.json?.id).toBe('documented-id');
  });
});
