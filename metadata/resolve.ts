/**
 * Looks up the types and properties a page names in the CSDL: exact first, then ignoring case (so the caller can
 * report a case-only difference as its own finding instead of "not in the CSDL").
 */
import { baseTypes } from './csdl.js';
import type { CsdlModel, CsdlNavigationProperty, CsdlProperty, CsdlStructuredType, CsdlType } from './model.js';

export interface TypeMatch {
  readonly type: CsdlType;
  /** Whether only a case-insensitive comparison found it. */
  readonly caseOnly: boolean;
}

export interface TypeIndex {
  readonly model: CsdlModel;
  /** The first schema's namespace (`microsoft.graph`): where unqualified names are looked up first. */
  readonly defaultNamespace?: string;
  /** Types by lower-cased unqualified name. */
  readonly byLocal: ReadonlyMap<string, readonly CsdlType[]>;
  /** Types by lower-cased full name. */
  readonly byFullLower: ReadonlyMap<string, readonly CsdlType[]>;
}

/** Indexes the model's types for `findDocType`. */
export function indexTypes(model: CsdlModel): TypeIndex {
  const byLocal = new Map<string, CsdlType[]>();
  const byFullLower = new Map<string, CsdlType[]>();
  for (const type of model.types.values()) {
    push(byLocal, type.name.toLowerCase(), type);
    push(byFullLower, type.fullName.toLowerCase(), type);
  }
  return { model, defaultNamespace: model.schemas[0]?.namespace, byLocal, byFullLower };
}

/**
 * Finds the CSDL type a page names. A qualified name (or `namespace`) is looked up as is; an unqualified one in
 * `pageNamespace`, then the default namespace, then in any namespace where the name is unique.
 * An alias as namespace (`graph.user`) is resolved too.
 */
export function findDocType(
  index: TypeIndex, name: string, namespace?: string, pageNamespace?: string,
): TypeMatch | undefined {
  const { model } = index;
  let local = name.trim();
  let ns = namespace?.trim();
  if (!ns && local.includes('.')) {
    ns = local.slice(0, local.lastIndexOf('.'));
    local = local.slice(local.lastIndexOf('.') + 1);
  }
  if (ns) {
    const alias = model.schemas.find((schema) => schema.alias === ns);
    if (alias) ns = alias.namespace;
  }
  const candidates = ns ? [ns] : [pageNamespace, index.defaultNamespace].filter((n): n is string => Boolean(n));
  for (const candidate of candidates) {
    const exact = model.types.get(`${candidate}.${local}`);
    if (exact) return { type: exact, caseOnly: false };
  }
  if (!ns) {
    const anywhere = (index.byLocal.get(local.toLowerCase()) ?? []).filter((type) => type.name === local);
    if (anywhere.length === 1) return { type: anywhere[0], caseOnly: false };
  }
  for (const candidate of candidates) {
    const folded = index.byFullLower.get(`${candidate}.${local}`.toLowerCase());
    if (folded?.length === 1) return { type: folded[0], caseOnly: true };
  }
  if (!ns) {
    const folded = index.byLocal.get(local.toLowerCase()) ?? [];
    if (folded.length === 1) return { type: folded[0], caseOnly: folded[0].name !== local };
  }
  return undefined;
}

export interface MemberMatch<T> {
  readonly member: T;
  /** The type that declares it: the page's own type or one of its base types. */
  readonly declaredBy: CsdlStructuredType;
  readonly caseOnly: boolean;
}

export type PropertyKind = 'property' | 'navigation';

/** Finds a property or navigation property on `type` or its base types, exact first, then ignoring case. */
export function findMember(
  model: CsdlModel, type: CsdlStructuredType, name: string, kind: PropertyKind,
): MemberMatch<CsdlProperty | CsdlNavigationProperty> | undefined {
  const chain = [type, ...baseTypes(model, type)];
  const list = (t: CsdlStructuredType) => (kind === 'property' ? t.properties : t.navigationProperties);
  for (const declaredBy of chain) {
    const member = list(declaredBy).find((m) => m.name === name);
    if (member) return { member, declaredBy, caseOnly: false };
  }
  const lower = name.toLowerCase();
  for (const declaredBy of chain) {
    const member = list(declaredBy).find((m) => m.name.toLowerCase() === lower);
    if (member) return { member, declaredBy, caseOnly: true };
  }
  return undefined;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
