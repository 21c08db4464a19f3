/**
 * One verdict on a value of an Edm primitive, for every stage: the checks ask it about example values, and replay and
 * the mock reach the same verdict because they validate with the same schemas (`primitiveSchema`) in the same ajv
 * set-up (`createContractsAjv`). The words for what a type expects are here too, so both stages say the same thing.
 */
import type { ValidateFunction } from 'ajv';
import type { Primitive } from '../extractor/model.js';
import { createContractsAjv } from './ajv.js';
import { primitiveSchema } from './types-map.js';

/** What is wrong with a value: its JSON type, or (right JSON type) its format or range. */
export interface ValueProblem {
  readonly kind: 'type' | 'format';
  /** What the documented type expects, in words naming it: `an integer from 0 to 255 (Byte)`. */
  readonly expected: string;
}

const EXPECTED: Readonly<Record<Primitive, string>> = {
  String: 'a string (String)',
  Boolean: 'a boolean (Boolean)',
  Byte: 'an integer from 0 to 255 (Byte)',
  SByte: 'an integer from -128 to 127 (SByte)',
  Int16: 'an integer from -32768 to 32767 (Int16)',
  Int32: 'an integer from -2147483648 to 2147483647 (Int32)',
  Int64: 'an integer (Int64)',
  Single: 'a number, or "INF", "-INF", "NaN" (Single)',
  Double: 'a number, or "INF", "-INF", "NaN" (Double)',
  Decimal: 'a number (Decimal)',
  DateTimeOffset: 'an ISO 8601 date-time with a time zone (DateTimeOffset)',
  Date: 'an existing calendar date (Date)',
  TimeOfDay: 'a time of day from 00:00:00 to 23:59:59 (TimeOfDay)',
  Duration: 'an ISO 8601 duration (Duration)',
  Guid: 'a GUID without braces (Guid)',
  Binary: 'a base64 string (Binary)',
  Stream: 'any value (Stream)',
  Json: 'any JSON value (Json)',
  Untyped: 'any JSON value',
};

/** What a value of `primitive` looks like, in words that name the type. */
export function expectedOf(primitive: Primitive): string {
  return EXPECTED[primitive];
}

let ajv: ReturnType<typeof createContractsAjv> | undefined;
const compiled = new Map<Primitive, ValidateFunction>();

function validatorOf(primitive: Primitive): ValidateFunction {
  let fn = compiled.get(primitive);
  if (!fn) {
    ajv ??= createContractsAjv([], { allErrors: false });
    fn = ajv.compile(primitiveSchema(primitive));
    compiled.set(primitive, fn);
  }
  return fn;
}

/** The JSON type family a primitive's values have (a Stream's content is never inline, so any). */
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
    case 'Stream':
      return 'any';
    default:
      return 'string';
  }
}

/**
 * What is wrong with `value` as a value of `primitive`, or undefined when it is a valid one (null included:
 * nullability is the property's business, not the value's).
 */
export function primitiveProblem(value: unknown, primitive: Primitive): ValueProblem | undefined {
  if (value === null) return undefined;
  if (validatorOf(primitive)(value)) return undefined;
  const family = jsonTypeOf(primitive);
  const sameFamily = family === 'any' || (family === 'integer' ? Number.isInteger(value) : typeof value === family);
  return { kind: sameFamily ? 'format' : 'type', expected: expectedOf(primitive) };
}
