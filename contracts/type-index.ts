/**
 * The contracts' view of the resolved doc set (`resolve/doc-index.ts`): it translates a resolved type into the terms
 * of a schema and resolves nothing itself.
 */
import type { DocPage, TypeRef } from '../extractor/model.js';
import type { DocIndex, ResourceType, TypeEntry } from '../resolve/doc-index.js';
import type { ResolvedType } from './types-map.js';

export { DEFAULT_NAMESPACE, NO_VERSION, schemaId, requestSchemaId, parseQualified } from '../resolve/doc-index.js';

/** A resource type with its own schema. */
export type ObjectType = ResourceType;

/** What a schema needs to know of a resolved type: a `$ref` target, enum members, or nothing (an open schema). */
export function schemaTarget(entry: TypeEntry | undefined, ref?: TypeRef): ResolvedType {
  if (entry?.kind === 'resource') return { kind: 'object', id: entry.id };
  if (entry?.kind === 'enum') return { kind: 'enum', members: entry.def.members.map((m) => m.name), ...(entry.def.flags === true && { flags: true }) };
  return { kind: 'unresolved', looksLikeEnum: ref?.enumHint === true || /-values?$/i.test(ref?.href ?? '') };
}

/** Resolves a Type cell written on `page` through the doc index, in schema terms. */
export function resolveForSchema(index: DocIndex, ref: TypeRef, page: DocPage): ResolvedType {
  return schemaTarget(index.resolveRef(ref, page), ref);
}
