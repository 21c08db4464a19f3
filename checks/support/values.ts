/** How a JSON value relates to an Edm primitive: right JSON type, right format, or a type-name placeholder. */
import type { Primitive } from '../../extractor/model.js';

/**
 * A string that names a type instead of giving a value: `"String"`, `"Boolean"`, `"String (timestamp)"`,
 * `"Int32"`, `"datetime"`… (what doc generators leave behind when nobody fills in the example).
 */
const PLACEHOLDER =
  /^(?:edm\.)?(?:string|boolean|bool|byte|sbyte|int|int16|int32|int64|integer|single|double|decimal|float|number|datetime|datetimeoffset|date|timeofday|duration|guid|binary|stream|timestamp)(?:\s*\([^)]*\))?(?:\s+collection)?$/i;

export function isTypePlaceholder(value: unknown): value is string {
  return typeof value === 'string' && PLACEHOLDER.test(value.trim());
}

/** The JSON type family each primitive needs. */
export function jsonTypeOf(primitive: Primitive): 'string' | 'boolean' | 'integer' | 'number' | 'any' {
  switch (primitive) {
    case 'Boolean':
      return 'boolean';
    case 'Byte':
    case 'SByte':
    case 'Int16':
    case 'Int32':
    case 'Int64':
      return 'integer';
    case 'Single':
    case 'Double':
    case 'Decimal':
      return 'number';
    case 'Json':
    case 'Untyped':
      return 'any';
    default:
      return 'string';
  }
}

/** What a JSON value is, in words: `string "x"`, `boolean true`, `object`… */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'object') return 'object';
  if (typeof value === 'string') return `string ${JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value)}`;
  if (typeof value === 'number') return Number.isInteger(value) ? `integer ${value}` : `number ${value}`;
  return `${typeof value} ${String(value)}`;
}

/** Whether `value` has the JSON type `primitive` needs (null is always allowed: nullability is rarely documented). */
export function hasJsonType(value: unknown, primitive: Primitive): boolean {
  if (value === null) return true;
  switch (jsonTypeOf(primitive)) {
    case 'boolean':
      return typeof value === 'boolean';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      // OData's IEEE754 specials are strings.
      return typeof value === 'number' || value === 'NaN' || value === 'INF' || value === '-INF';
    case 'any':
      return true;
    default:
      return typeof value === 'string';
  }
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/;
const DURATION = /^-?P(?!$)(?:\d+(?:\.\d+)?Y)?(?:\d+(?:\.\d+)?M)?(?:\d+(?:\.\d+)?W)?(?:\d+(?:\.\d+)?D)?(?:T(?=\d)(?:\d+(?:\.\d+)?H)?(?:\d+(?:\.\d+)?M)?(?:\d+(?:\.\d+)?S)?)?$/i;
const GUID = /^\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}?$/i;

/** The format a string primitive must follow, in words, or undefined when any string will do. */
export function formatOf(primitive: Primitive): { name: string; example: string; test: RegExp } | undefined {
  switch (primitive) {
    case 'DateTimeOffset':
      // The time zone is often left out in the docs and services accept it; only the shape is checked.
      return { name: 'an ISO 8601 date-time', example: '2021-07-16T09:30:00Z', test: DATE_TIME };
    case 'Date':
      return { name: 'an ISO 8601 date', example: '2021-07-16', test: DATE };
    case 'TimeOfDay':
      return { name: 'a time of day', example: '09:30:00', test: TIME };
    case 'Duration':
      return { name: 'an ISO 8601 duration', example: 'PT1H30M', test: DURATION };
    case 'Guid':
      return { name: 'a GUID', example: '2a353749-3749-2a35-4937-352a4937352a', test: GUID };
    default:
      return undefined;
  }
}

/** A real value of the primitive's type, for messages that tell the author what to write instead. */
export function sampleValue(primitive: Primitive): string {
  const format = formatOf(primitive);
  if (format) return JSON.stringify(format.example);
  switch (jsonTypeOf(primitive)) {
    case 'boolean':
      return 'true or false';
    case 'integer':
      return '42';
    case 'number':
      return '1.5';
    default:
      return '"a real value"';
  }
}
