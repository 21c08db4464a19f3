/**
 * Words about JSON values for the checks' messages, and type-name placeholders. Whether a value is valid for an Edm
 * primitive is decided in one place for every stage: contracts/value-verdict.ts.
 */
import type { Primitive } from '../../extractor/model.js';
import { jsonTypeOf } from '../../contracts/value-verdict.js';

/**
 * A string that names a type instead of giving a value: `"String"`, `"Boolean"`, `"String (timestamp)"`,
 * `"Int32"`, `"datetime"`… (what doc generators leave behind when nobody fills in the example).
 */
const PLACEHOLDER =
  /^(?:edm\.)?(?:string|boolean|bool|byte|sbyte|int|int16|int32|int64|integer|single|double|decimal|float|number|datetime|datetimeoffset|date|timeofday|duration|guid|binary|stream|timestamp)(?:\s*\([^)]*\))?(?:\s+collection)?$/i;

export function isTypePlaceholder(value: unknown): value is string {
  return typeof value === 'string' && PLACEHOLDER.test(value.trim());
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

/** A value of each string-formatted primitive, for messages that show what to write. */
const EXAMPLES: Readonly<Partial<Record<Primitive, string>>> = {
  DateTimeOffset: '2021-07-16T09:30:00Z',
  Date: '2021-07-16',
  TimeOfDay: '09:30:00',
  Duration: 'PT1H30M',
  Guid: '2a353749-3749-2a35-4937-352a4937352a',
};

/** A real value of the primitive's type, for messages that tell the author what to write instead. */
export function sampleValue(primitive: Primitive): string {
  const example = EXAMPLES[primitive];
  if (example) return JSON.stringify(example);
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
