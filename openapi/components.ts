/**
 * The contracts' JSON Schemas as `components/schemas`: the same schemas, renamed from their `$id` to a component name,
 * with every `$id`-based `$ref` rewritten to `#/components/schemas/<name>`.
 *
 * `$id` and `$schema` are dropped from each component: a `$id` would make the component its own base URI, so a
 * `#/components/…` reference inside it would resolve against the docpact URL instead of the OpenAPI document; and
 * OpenAPI 3.1's default dialect is JSON Schema 2020-12 with the OAS vocabulary, so every keyword carries over as is.
 */
import type { JsonSchema } from '../contracts/index.js';
import { SCHEMA_ID_BASE } from '../contracts/index.js';

/** What a contracts `$id` names. */
export interface SchemaIdParts {
  readonly kind: 'type' | 'request';
  /** `v1.0`, `beta`, `unversioned`. */
  readonly version: string;
  /** `microsoft.graph.user` for types, the page stem for request bodies. */
  readonly name: string;
}

/** Splits `…/beta/microsoft.graph.user.schema.json` and `…/requests/beta/user-post.schema.json`. */
export function parseSchemaId(id: string): SchemaIdParts | undefined {
  if (!id.startsWith(SCHEMA_ID_BASE)) return undefined;
  const rest = id.slice(SCHEMA_ID_BASE.length).replace(/\.schema\.json$/, '');
  const request = /^requests\/([^/]+)\/(.+)$/.exec(rest);
  if (request) return { kind: 'request', version: request[1], name: request[2] };
  const type = /^([^/]+)\/(.+)$/.exec(rest);
  return type ? { kind: 'type', version: type[1], name: type[2] } : undefined;
}

/** A version as a component-name token: `v1.0` → `v1_0` (a dot would read as a namespace separator). */
export function versionToken(version: string): string {
  return version.replace(/[^A-Za-z0-9]+/g, '_');
}

/**
 * Assigns a component name to each `$id`: `microsoft.graph.user` or `user-post.requestBody`, prefixed with the
 * version token (`beta.microsoft.graph.user`) when the schema's version is not the document's only version.
 * Names match OpenAPI's `^[a-zA-Z0-9._-]+$` and are unique.
 */
export function componentNames(ids: Iterable<string>, documentVersion: string | undefined): Map<string, string> {
  const names = new Map<string, string>();
  const taken = new Set<string>();
  for (const id of [...ids].sort()) {
    const parts = parseSchemaId(id);
    const local = parts ? (parts.kind === 'request' ? `${parts.name}.requestBody` : parts.name) : id.replace(/^[a-z]+:\/\/[^/]+\//i, '');
    const prefixed = parts && parts.version !== documentVersion ? `${versionToken(parts.version)}.${local}` : local;
    const base = prefixed.replace(/[^A-Za-z0-9._-]+/g, '_') || 'schema';
    let name = base;
    for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base}_${n}`;
    taken.add(name.toLowerCase());
    names.set(id, name);
  }
  return names;
}

/** Every `$ref` value in a schema (deep). */
export function collectRefs(schema: unknown, out: Set<string> = new Set()): Set<string> {
  if (Array.isArray(schema)) {
    for (const item of schema) collectRefs(item, out);
  } else if (schema !== null && typeof schema === 'object') {
    for (const [key, value] of Object.entries(schema)) {
      if (key === '$ref' && typeof value === 'string') out.add(value);
      else collectRefs(value, out);
    }
  }
  return out;
}

/** The ids reachable from `roots` through `$ref`s, `roots` included; ids absent from `schemas` are skipped. */
export function refClosure(roots: Iterable<string>, schemas: ReadonlyMap<string, JsonSchema>): Set<string> {
  const seen = new Set<string>();
  const stack = [...roots];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (seen.has(id) || !schemas.has(id)) continue;
    seen.add(id);
    for (const ref of collectRefs(schemas.get(id))) if (!seen.has(ref)) stack.push(ref);
  }
  return seen;
}

/** `#/components/schemas/<name>`. */
export function componentRef(name: string): string {
  return `#/components/schemas/${name}`;
}

/**
 * A copy of `schema` with `$ref`s to known ids pointing at components. A `$ref` to an unknown id is removed (leaving
 * the schema open, as contracts do for unresolved types) with a `$comment`, so no consumer goes to the network for it;
 * `onUnknown` hears about each.
 */
export function rewriteRefs(schema: unknown, names: ReadonlyMap<string, string>, onUnknown?: (ref: string) => void): unknown {
  if (Array.isArray(schema)) return schema.map((item) => rewriteRefs(item, names, onUnknown));
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === '$ref' && typeof value === 'string') {
      const name = names.get(value);
      if (name !== undefined) out.$ref = componentRef(name);
      else if (value.startsWith('#')) out.$ref = value;
      else {
        onUnknown?.(value);
        out.$comment = `unresolved reference ${value}`;
      }
      continue;
    }
    // Define rather than assign, so a property named `__proto__` stays a plain key.
    Object.defineProperty(out, key, { value: rewriteRefs(value, names, onUnknown), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** The component form of a contracts schema: `$id`/`$schema` dropped, references rewritten. */
export function toComponent(schema: JsonSchema, names: ReadonlyMap<string, string>, onUnknown?: (ref: string) => void): JsonSchema {
  const { $id: _id, $schema: _schema, ...rest } = schema;
  return rewriteRefs(rest, names, onUnknown) as JsonSchema;
}
