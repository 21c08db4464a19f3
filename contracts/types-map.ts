/**
 * TypeRef → JSON Schema 2020-12 fragment. Named types are resolved by the caller (see type-index.ts), so this module
 * is pure and knows nothing about pages.
 */
import type { Primitive, TypeRef } from '../extractor/model.js';

/** A JSON Schema fragment as plain JSON. */
export type JsonSchema = Record<string, unknown>;

/** What a named type resolved to. */
export type ResolvedType =
  | { readonly kind: 'object'; readonly id: string }
  | { readonly kind: 'enum'; readonly members: readonly string[]; readonly flags?: boolean }
  /** Not found: `looksLikeEnum` when the type was described or linked as an enum (then a plain string is right). */
  | { readonly kind: 'unresolved'; readonly looksLikeEnum: boolean };

export type NamedResolver = (ref: TypeRef) => ResolvedType;

/** Edm.Byte … Edm.Int64 ranges. Int64's bounds are not exact as JS numbers; as bounds they are close enough. */
const INTEGER_RANGES: Readonly<Partial<Record<Primitive, readonly [number, number]>>> = {
  Byte: [0, 255],
  SByte: [-128, 127],
  Int16: [-32768, 32767],
  Int32: [-2147483648, 2147483647],
  Int64: [-9223372036854775808, 9223372036854775807],
};

/**
 * OData TimeOfDay is `hh:mm[:ss[.fffffff]]` without an offset, which JSON Schema's `time` format (RFC 3339 full-time)
 * rejects because it requires one, so a pattern says it instead of `format: time`.
 */
export const TIME_OF_DAY_PATTERN = '^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\\.[0-9]{1,12})?)?$';

/**
 * OData Duration (xs:dayTimeDuration as used by Graph): a sign and fractional seconds are allowed (`-P1D`, `PT1.5S`);
 * ajv-formats' `duration` rejects both, so a pattern is used instead of `format: duration`.
 */
export const DURATION_PATTERN = '^-?P(?!$)([0-9]+Y)?([0-9]+M)?([0-9]+W)?([0-9]+D)?(T(?=[0-9])([0-9]+H)?([0-9]+M)?([0-9]+(\\.[0-9]+)?S)?)?$';

/** The strings OData JSON uses for the IEEE 754 specials of Edm.Single and Edm.Double (OData JSON Format 4.01 §7.1). */
export const FLOAT_SPECIALS = ['INF', '-INF', 'NaN'] as const;

/**
 * The annotation keyword that carries the documented Edm type beside the JSON Schema that validates it, so every
 * consumer names the type the docs wrote (`Int32`, `Double`) instead of guessing it back from `minimum` or `format`.
 * JSON Schema 2020-12 keeps unknown keywords as annotations and OpenAPI 3.1 allows `x-` extensions in schemas; docpact's
 * ajv instances declare it (contracts/ajv.ts).
 */
export const EDM_KEYWORD = 'x-edm';

/** Schema of one value of an Edm primitive, not nullable, with the Edm type in `x-edm` (none for Json/Untyped). */
export function primitiveSchema(primitive: Primitive): JsonSchema {
  const schema = primitiveValueSchema(primitive);
  return primitive === 'Json' || primitive === 'Untyped' ? schema : { ...schema, [EDM_KEYWORD]: primitive };
}

function primitiveValueSchema(primitive: Primitive): JsonSchema {
  const range = INTEGER_RANGES[primitive];
  if (range) return { type: 'integer', minimum: range[0], maximum: range[1] };
  switch (primitive) {
    case 'String':
      return { type: 'string' };
    case 'Boolean':
      return { type: 'boolean' };
    case 'Single':
    case 'Double':
      // Services may write INF/-INF/NaN as strings; a plain `number` would fail those legal values.
      return { anyOf: [{ type: 'number' }, { enum: [...FLOAT_SPECIALS] }] };
    case 'Decimal':
      return { type: 'number' };
    case 'DateTimeOffset':
      return { type: 'string', format: 'date-time' };
    case 'Date':
      return { type: 'string', format: 'date' };
    case 'TimeOfDay':
      return { type: 'string', pattern: TIME_OF_DAY_PATTERN };
    case 'Duration':
      return { type: 'string', pattern: DURATION_PATTERN };
    case 'Guid':
      return { type: 'string', format: 'uuid' };
    case 'Binary':
      return { type: 'string', contentEncoding: 'base64' };
    case 'Stream':
      // A stream is never inline in JSON (it is read from /$value or a media link); the key may still appear
      // in some payloads, so the property stays open rather than forbidden.
      return { $comment: 'Edm.Stream: the content is not part of the JSON representation; read it from the /$value or media URL.' };
    case 'Json':
    case 'Untyped':
    default:
      return {};
  }
}

/** Schema of one value of a resolved named type, not nullable. */
export function namedSchema(resolved: ResolvedType): JsonSchema {
  switch (resolved.kind) {
    case 'object':
      return { $ref: resolved.id };
    case 'enum':
      return resolved.flags === true ? flagsSchema(resolved.members) : { type: 'string', enum: [...resolved.members] };
    case 'unresolved':
      // Open on purpose: an unknown type must not produce findings about values we know nothing of.
      return resolved.looksLikeEnum ? { type: 'string' } : {};
  }
}

/**
 * Allows `null` in a value schema. OData properties are nullable unless the model says `Nullable="false"`, and the
 * docs' tables almost never say, so every single-valued property accepts null unless the row says it is not nullable.
 */
export function withNull(schema: JsonSchema): JsonSchema {
  // An open schema (`{}`, or only annotations) already accepts null.
  const keys = Object.keys(schema).filter((k) => k !== EDM_KEYWORD);
  if (keys.length === 0 || (keys.length === 1 && keys[0] === '$comment')) return schema;
  if (typeof schema.type === 'string' && schema.anyOf === undefined) {
    const out: JsonSchema = { ...schema, type: [schema.type, 'null'] };
    if (Array.isArray(schema.enum)) out.enum = [...(schema.enum as unknown[]), null];
    return out;
  }
  if (Array.isArray(schema.anyOf) && schema.$ref === undefined && keys.length === 1) {
    return { ...schema, anyOf: [...(schema.anyOf as JsonSchema[]), { type: 'null' }] };
  }
  return { anyOf: [schema, { type: 'null' }] };
}

export interface MapOptions {
  /** Whether a single value may be null (default true, see `withNull`). Collections are never null in OData. */
  readonly nullable?: boolean;
}

/** Maps a TypeRef to a schema; `resolve` is called for every named type (also inside unions). */
export function typeRefSchema(ref: TypeRef, resolve: NamedResolver, options: MapOptions = {}): JsonSchema {
  const one = singleSchema(ref, resolve);
  if (ref.collection) return { type: 'array', items: one };
  return options.nullable === false ? one : withNull(one);
}

function singleSchema(ref: TypeRef, resolve: NamedResolver): JsonSchema {
  switch (ref.kind) {
    case 'primitive':
      return primitiveSchema(ref.primitive ?? 'Untyped');
    case 'named':
      return namedSchema(resolve(ref));
    case 'union': {
      const alternatives = (ref.alternatives ?? []).map((alt) => singleSchema(alt, resolve));
      if (alternatives.some((alt) => Object.keys(alt).length === 0)) return {};
      return alternatives.length === 1 ? alternatives[0] : { anyOf: alternatives };
    }
    case 'empty':
    case 'unknown':
    default:
      return {};
  }
}

/** A flags enum's value: one member or several, comma-separated (`"includeCompanyLogo,includeCompanyName"`). */
function flagsSchema(members: readonly string[]): JsonSchema {
  const one = `(?:${members.map((m) => m.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`;
  return { type: 'string', pattern: `^\\s*${one}\\s*(?:,\\s*${one}\\s*)*$` };
}
