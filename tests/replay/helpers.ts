/**
 * Hand-made contracts for replay tests: a small type with a nested one, and fixtures built from a few fields.
 */
import type { Fixture } from '../../contracts/types.js';
import type { ReplayContracts } from '../../replay/types.js';

export const WIDGET = 'https://docpact.dev/schemas/v1.0/microsoft.graph.widget.schema.json';
export const PART = 'https://docpact.dev/schemas/v1.0/microsoft.graph.part.schema.json';
export const WIDGET_REQUEST = 'https://docpact.dev/schemas/requests/v1.0/widget-post.schema.json';

const annotations = { '^@odata\\.': {}, '^[^@]+@odata\\.': {} };

// As contracts write them: each primitive property carries its documented Edm type in `x-edm`.
export const SCHEMAS = new Map<string, object>([
  [
    WIDGET,
    {
      $id: WIDGET,
      type: 'object',
      properties: {
        id: { type: ['string', 'null'], 'x-edm': 'String' },
        displayName: { type: ['string', 'null'], 'x-edm': 'String' },
        isExtended: { type: ['boolean', 'null'], 'x-edm': 'Boolean' },
        count: { type: ['integer', 'null'], minimum: -2147483648, maximum: 2147483647, 'x-edm': 'Int32' },
        createdDateTime: { type: ['string', 'null'], format: 'date-time', 'x-edm': 'DateTimeOffset' },
        part: { anyOf: [{ $ref: 'microsoft.graph.part.schema.json' }, { type: 'null' }] },
      },
      patternProperties: annotations,
    },
  ],
  [PART, { $id: PART, type: 'object', properties: { size: { type: ['integer', 'null'], minimum: -2147483648, maximum: 2147483647, 'x-edm': 'Int32' } }, patternProperties: annotations }],
  [
    WIDGET_REQUEST,
    {
      $id: WIDGET_REQUEST,
      type: 'object',
      properties: { displayName: { type: 'string', 'x-edm': 'String' }, isExtended: { type: 'boolean', 'x-edm': 'Boolean' } },
      required: ['displayName'],
      patternProperties: annotations,
    },
  ],
]);

export interface FixtureSpec {
  name: string;
  method?: string;
  /** Path below the version root. */
  path: string;
  template?: string;
  query?: string;
  requestBody?: unknown;
  requestSchemaRef?: string;
  status?: number;
  body?: unknown;
  bodyText?: string;
  headers?: Record<string, string>;
  schemaRef?: string;
  truncated?: boolean;
  isCollection?: boolean;
  lines?: Record<string, number>;
  page?: string;
  file?: string;
  /** No paired response. */
  noResponse?: boolean;
}

/** A fixture as `contracts/` would build it; the response's status line is line 20, its body from line 23. */
export function fixture(spec: FixtureSpec): Fixture {
  const file = spec.file ?? 'docs/api-reference/v1.0/api/widget.md';
  const method = spec.method ?? 'GET';
  const bodyText = spec.bodyText ?? (spec.body === undefined ? '' : JSON.stringify(spec.body, null, 2));
  const requestBodyText = spec.requestBody === undefined ? '' : JSON.stringify(spec.requestBody);
  return {
    name: spec.name,
    page: spec.page ?? 'v1.0/widget',
    source: { file, line: 10, column: 1 },
    operation: { method, pathTemplate: spec.template ?? spec.path, documented: spec.template !== undefined },
    request: {
      method,
      url: `https://graph.microsoft.com/v1.0${spec.path}${spec.query ? `?${spec.query}` : ''}`,
      version: 'v1.0',
      path: spec.path,
      query: {},
      headers: requestBodyText ? { 'Content-Type': 'application/json' } : {},
      body: spec.requestBody ?? null,
      bodyText: requestBodyText,
      ...(spec.requestSchemaRef ? { schemaRef: spec.requestSchemaRef } : {}),
      source: { file, line: 11, column: 1 },
    },
    ...(spec.noResponse
      ? {}
      : {
          response: {
            status: spec.status ?? 200,
            reason: 'OK',
            headers: spec.headers ?? (bodyText ? { 'Content-Type': 'application/json' } : {}),
            body: spec.bodyText !== undefined ? null : (spec.body ?? null),
            bodyText,
            truncated: spec.truncated ?? false,
            isCollection: spec.isCollection ?? false,
            ...(spec.schemaRef ? { schemaRef: spec.schemaRef } : {}),
            source: { file, line: 20, column: 1 },
            ...(spec.lines ? { lines: spec.lines } : {}),
          },
        }),
  };
}

export function contractsOf(fixtures: Fixture[]): ReplayContracts {
  return { schemas: SCHEMAS, fixtures };
}
