/** The nock target: the mock's answers in-process, no socket opened (net connect is disabled for the whole file). */
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { replayContracts } from '../../replay/run.js';
import { WIDGET, WIDGET_REQUEST, contractsOf, fixture } from './helpers.js';

const widget = { id: 'w1', displayName: 'Widget', isExtended: false };
const fixtures = [
  fixture({ name: 'create_widget', method: 'POST', path: '/widgets', requestBody: { displayName: 'Made by replay' }, requestSchemaRef: WIDGET_REQUEST, status: 201, body: { ...widget, id: 'documented-id' }, schemaRef: WIDGET, truncated: true }),
  fixture({ name: 'get_widget', path: '/widgets/documented-id', template: '/widgets/{id}', body: { ...widget, id: 'documented-id' }, schemaRef: WIDGET, truncated: true }),
  fixture({ name: 'delete_widget', method: 'DELETE', path: '/widgets/{id}', template: '/widgets/{id}', status: 204 }),
  fixture({ name: 'get_deleted', path: '/widgets/{id}', template: '/widgets/{id}', body: widget, schemaRef: WIDGET, truncated: true }),
  fixture({ name: 'bad_request_example', method: 'POST', path: '/widgets', requestBody: { isExtended: 'yes' }, requestSchemaRef: WIDGET_REQUEST, status: 201, body: widget, schemaRef: WIDGET }),
  fixture({ name: 'no_response', path: '/widgets/w1', noResponse: true }),
];

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => {
  nock.enableNetConnect();
  nock.restore();
});

describe('nock target', () => {
  it('should replay the examples without a socket and report an example whose request body breaks its schema', async () => {
    const result = await replayContracts(contractsOf(fixtures.filter((f) => f.name !== 'get_deleted')), { target: { kind: 'nock' } });
    expect(Object.fromEntries(result.examples.map((e) => [e.name, e.status]))).toEqual({
      create_widget: 'passed',
      get_widget: 'passed',
      delete_widget: 'passed',
      bad_request_example: 'failed',
      no_response: 'skipped',
    });
    expect(result.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.ruleId, d.pointer])).toEqual([
      ['replay/request-body', '/displayName'],
      ['replay/request-body', '/isExtended'],
      ['replay/status', undefined],
    ]);
  });

  it('should chain create → get → delete → get on the same generated id when stateful', async () => {
    const result = await replayContracts(contractsOf(fixtures.slice(0, 4)), { target: { kind: 'nock', stateful: true } });
    const created = /\/widgets\/([0-9a-f-]{36})$/.exec(result.examples[1].url ?? '')?.[1];
    expect(created).toBeDefined();
    expect(result.examples.map((e) => [e.name, e.status, e.url?.endsWith(created!)])).toEqual([
      ['create_widget', 'passed', false],
      ['get_widget', 'passed', true],
      ['delete_widget', 'passed', true],
      ['get_deleted', 'failed', true],
    ]);
    expect(result.diagnostics.find((d) => d.element?.startsWith('example:get_deleted'))).toMatchObject({ ruleId: 'replay/status', actual: '404' });
  });
});

describe('an example docpact itself cannot handle', () => {
  it('should fail that example with an internal-error finding at its request line and replay the others', async () => {
    const good = fixtures[1];
    // A fixture whose schema reference throws when validation reads it: stands in for a bug of ours.
    const response = { ...good.response! };
    Object.defineProperty(response, 'schemaRef', { get: () => { throw new Error('boom'); }, enumerable: false });
    const broken = { ...good, name: 'broken', response };
    const result = await replayContracts(contractsOf([broken, good]), { target: { kind: 'nock' } });
    expect(Object.fromEntries(result.examples.map((e) => [e.name, e.status]))).toEqual({ broken: 'failed', get_widget: 'passed' });
    expect(result.diagnostics.map((d) => [d.ruleId, d.range.start.line])).toEqual([['replay/internal-error', good.request.source.line]]);
  });
});
