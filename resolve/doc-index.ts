/**
 * The resolved doc set: the one place where a type name, a type link or a base type is resolved. Every later stage
 * (contracts, checks, replay through the contracts, openapi) asks this index and nothing else.
 *
 * - Types are identified by version, namespace and name. A type documented on several pages (`user` on `user.md`
 *   plus Intune workload pages that each document their slice) is ONE type whose properties are the union of its
 *   pages, the canonical page (named after the type) first.
 * - Look-ups go by link first (relative `../resources/x.md`, in-page `#x-values`, site-absolute `/graph/api/resources/x`),
 *   then by qualified name, then by bare name; each in one version order: the page's version, then beta, v1.0, none.
 * - Base types come from the JSON representation's `baseType`, else the "Inherits from" line; open types from the
 *   annotation's `openType` or the prose ("is an open type").
 *
 * The index is built from the few facts every page carries (file, kind, version, namespace, resource type, enums);
 * properties and prose are read only when a shape is asked for, so a cached run loads only the pages it needs.
 */
import { posix } from 'node:path';
import type { Range } from '../core/diagnostic.js';
import type { DocPage, Primitive, PropertyRow, TypeRef } from '../extractor/model.js';
import type { EnumFact } from './enum-facts.js';
import { enumFactsOf } from './enum-facts.js';
import { primitiveOf } from '../extractor/type-ref.js';

/** The default OData namespace of Graph pages. */
export const DEFAULT_NAMESPACE = 'microsoft.graph';
/** Folder and version name used for pages without a version. */
export const NO_VERSION = 'unversioned';
/** Base of every schema `$id`; the rest is `<version>/<namespace>.<name>.schema.json`. */
export const SCHEMA_ID_BASE = 'https://docpact.dev/schemas/';

/**
 * What a service's CSDL says of its structured types, when one is configured (`metadata` in the config): by
 * qualified name in lower case, the qualified base type and the `OpenType` / `Abstract` flags. The docs come first;
 * the CSDL fills in a base type the docs do not give (or give as a name that resolves to nothing) and marks open
 * types the docs do not mark.
 */
export interface ModelFacts {
  readonly types: Readonly<Record<string, { readonly base?: string; readonly open?: boolean; readonly abstract?: boolean }>>;
}

/** A resource (entity or complex) type: the union of the pages that document it. */
export interface ResourceType {
  readonly kind: 'resource';
  readonly name: string;
  readonly namespace: string;
  readonly version?: string;
  /** `$id` of its schema. */
  readonly id: string;
  /** The canonical page: the one named after the type, else the first by path. */
  readonly page: DocPage;
  /** Every page that documents the type, canonical first, then by path. */
  readonly pages: readonly DocPage[];
}

/** An enum type, as one page defines it. */
export interface EnumType {
  readonly kind: 'enum';
  readonly name: string;
  readonly namespace: string;
  readonly version?: string;
  readonly page: DocPage;
  readonly def: EnumFact;
}

export type TypeEntry = ResourceType | EnumType;

/** A documented property of a type, with the page whose table documents it. */
export interface ShapeProperty {
  readonly row: PropertyRow;
  readonly page: DocPage;
}

/** Every property a resource type has, its own and its bases', as the docs document them. */
export interface Shape {
  readonly type: ResourceType;
  readonly props: ReadonlyMap<string, ShapeProperty>;
  /** Open type (annotation `openType`, or the prose says so): members beyond the documented ones are allowed. */
  readonly open: boolean;
  /** Every base type resolved and the type not open: a member that is not in `props` is really undocumented. */
  readonly complete: boolean;
  /** The resolved base type, if any. */
  readonly base?: ResourceType;
}

/** One property documented with different types on two pages of the same type. */
export interface PropertyConflict {
  readonly type: ResourceType;
  readonly name: string;
  readonly first: ShapeProperty;
  readonly second: ShapeProperty;
}

/** The `$id` of a resource type's schema; the version keeps v1.0 and beta types of the same name apart. */
export function schemaId(version: string | undefined, namespace: string, name: string): string {
  return `${SCHEMA_ID_BASE}${version ?? NO_VERSION}/${namespace}.${name}.schema.json`;
}

/** The `$id` of the request-body schema of an API page. */
export function requestSchemaId(version: string | undefined, stem: string): string {
  return `${SCHEMA_ID_BASE}requests/${version ?? NO_VERSION}/${stem}.schema.json`;
}

/** `#microsoft.graph.callRecords.session`, `Collection(microsoft.graph.user)` → namespace, name and collection. */
export function parseQualified(text: string): { collection: boolean; namespace?: string; name: string } {
  let value = text.trim().replace(/^#/, '');
  const collection = /^collection\(/i.test(value);
  if (collection) value = value.replace(/^collection\(/i, '').replace(/\)$/, '');
  const dot = value.lastIndexOf('.');
  return dot < 0 ? { collection, name: value } : { collection, namespace: value.slice(0, dot), name: value.slice(dot + 1) };
}

/** The versions to look a name up in, `version` first. */
function versionOrder(version: string | undefined): string[] {
  const own = version ?? NO_VERSION;
  return [own, ...['beta', 'v1.0', NO_VERSION].filter((v) => v !== own)];
}

function slug(text: string): string {
  return text.trim().toLowerCase().replace(/[^\w\- ]/g, '').replace(/ /g, '-');
}

const OPEN_TYPE_PROSE = /\bis an open type\b/i;

/** The type-name part of a Type cell, for comparing two pages' rows: `Collection([x](…))` → `collection(x)`. */
function typeKey(ref: TypeRef): string {
  if (ref.kind === 'union') return (ref.alternatives ?? []).map(typeKey).sort().join('|');
  const base = ref.kind === 'primitive' ? (ref.primitive ?? ref.raw) : ref.kind === 'named' ? (ref.name ?? ref.raw) : ref.raw;
  const clean = base.toLowerCase().replace(/^edm\./, '').replace(/^microsoft\.graph\./, '');
  return ref.collection ? `collection(${clean})` : clean;
}

/**
 * The index of one doc set. Build it once per run from every page (sorted by path for a deterministic canonical
 * page); pages whose other fields are loaded lazily are fine, only their facts are read up front.
 */
export class DocIndex {
  readonly pages: readonly DocPage[];
  /** Every resource type, sorted by `$id`. */
  readonly resources: readonly ResourceType[];
  private readonly byFile = new Map<string, DocPage>();
  private readonly byFileLower = new Map<string, DocPage>();
  private readonly typeByPage = new Map<DocPage, ResourceType>();
  private readonly byQualified = new Map<string, TypeEntry>();
  private readonly byName = new Map<string, TypeEntry[]>();
  private readonly shapes = new Map<ResourceType, Shape>();

  /** The configured CSDL's facts, if any (see {@link ModelFacts}). */
  private readonly model: ModelFacts | undefined;

  constructor(pages: readonly DocPage[], model?: ModelFacts) {
    this.pages = pages;
    this.model = model;
    const groups = new Map<string, { name: string; namespace: string; version?: string; pages: DocPage[] }>();
    for (const page of pages) {
      const file = posix.normalize(page.file);
      this.byFile.set(file, page);
      if (!this.byFileLower.has(file.toLowerCase())) this.byFileLower.set(file.toLowerCase(), page);
      if (page.resourceType && page.kind !== 'api') {
        const name = page.resourceType.name;
        const namespace = page.resourceType.namespace ?? page.namespace?.value ?? DEFAULT_NAMESPACE;
        const key = `${page.version ?? NO_VERSION}|${namespace}.${name}`.toLowerCase();
        const group = groups.get(key);
        if (group) group.pages.push(page);
        else groups.set(key, { name, namespace, version: page.version, pages: [page] });
      }
    }
    const resources: ResourceType[] = [];
    for (const [key, group] of groups) {
      const sorted = [...group.pages].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
      const lower = group.name.toLowerCase();
      const canonicalIndex = Math.max(0, sorted.findIndex((p) => p.stem.toLowerCase() === lower));
      const ordered = [sorted[canonicalIndex], ...sorted.filter((_, i) => i !== canonicalIndex)];
      const canonical = ordered[0];
      // The canonical page spells the name; a slice page may spell it in another case.
      const name = canonical.resourceType!.name;
      const type: ResourceType = { kind: 'resource', name, namespace: group.namespace, version: group.version, id: schemaId(group.version, group.namespace, name), page: canonical, pages: ordered };
      resources.push(type);
      for (const page of ordered) this.typeByPage.set(page, type);
      this.byQualified.set(key, type);
      this.addName(group.version, name, type);
    }
    resources.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    this.resources = resources;
    for (const page of pages) {
      for (const def of enumFactsOf(page)) {
        const namespace = page.namespace?.value ?? DEFAULT_NAMESPACE;
        const entry: EnumType = { kind: 'enum', name: def.name, namespace, version: page.version, page, def };
        const key = `${page.version ?? NO_VERSION}|${namespace}.${def.name}`.toLowerCase();
        if (!this.byQualified.has(key)) this.byQualified.set(key, entry);
        this.addName(page.version, def.name, entry);
      }
    }
  }

  private addName(version: string | undefined, name: string, entry: TypeEntry): void {
    const key = `${version ?? NO_VERSION}|${name.toLowerCase()}`;
    const list = this.byName.get(key);
    if (!list) this.byName.set(key, [entry]);
    // Resource types win a bare-name clash with an enum of the same name; otherwise the first page wins.
    else if (entry.kind === 'resource') list.unshift(entry);
    else list.push(entry);
  }

  /** The page at a `/`-separated path relative to the working directory (exact case first). */
  pageAt(path: string): DocPage | undefined {
    const file = posix.normalize(path);
    return this.byFile.get(file) ?? this.byFileLower.get(file.toLowerCase());
  }

  /** The resource type a page documents (all or a slice of it), if any. */
  typeOf(page: DocPage): ResourceType | undefined {
    return this.typeByPage.get(page);
  }

  /** Every type named `name` (any case), in look-up order: `version` first, then beta, v1.0, none. */
  typesNamed(name: string, version?: string): readonly TypeEntry[] {
    const lower = name.toLowerCase();
    return versionOrder(version).flatMap((v) => this.byName.get(`${v}|${lower}`) ?? []);
  }

  /** A qualified or bare name (`microsoft.graph.user`, `#user`, `Collection(x)`), resolved in `version` order. */
  resolveName(qualified: string, version: string | undefined): TypeEntry | undefined {
    const { namespace, name } = parseQualified(qualified);
    if (namespace?.toLowerCase() === 'edm') return undefined;
    for (const v of versionOrder(version)) {
      if (namespace) {
        const exact = this.byQualified.get(`${v}|${namespace}.${name}`.toLowerCase());
        if (exact) return exact;
      }
      const bare = this.byName.get(`${v}|${name.toLowerCase()}`)?.[0];
      if (bare) return bare;
    }
    return undefined;
  }

  /**
   * The Edm primitive a qualified or bare name stands for (`Edm.String`, `string`, `stream`), or undefined. A bare
   * name is a primitive only when no documented type of the version has that name.
   */
  primitiveNamed(qualified: string, version: string | undefined): Primitive | undefined {
    const { namespace, name } = parseQualified(qualified);
    if (namespace !== undefined && namespace.toLowerCase() !== 'edm') return undefined;
    const primitive = primitiveOf(name);
    if (!primitive || (namespace === undefined && this.resolveName(name, version))) return undefined;
    return primitive;
  }

  /** A resource type by name, as `resolveName`, or undefined when the name is an enum or unknown. */
  resourceNamed(qualified: string, version: string | undefined): ResourceType | undefined {
    const found = this.resolveName(qualified, version);
    return found?.kind === 'resource' ? found : this.typesNamed(parseQualified(qualified).name, version).find((e): e is ResourceType => e.kind === 'resource');
  }

  /** A Type cell written on `page`: by its link first, then an enum of the page itself, then by name. */
  resolveRef(ref: TypeRef, page: DocPage): TypeEntry | undefined {
    if (ref.href) {
      const byLink = this.resolveHref(ref.href, page, ref.name);
      if (byLink) return byLink;
    }
    if (!ref.name) return undefined;
    const lower = ref.name.toLowerCase();
    const local = enumFactsOf(page).find((e) => e.name.toLowerCase() === lower);
    if (local && !ref.namespace) return this.enumOn(page, local);
    return this.resolveName(ref.namespace ? `${ref.namespace}.${ref.name}` : ref.name, page.version);
  }

  /** A link (`../resources/x.md`, `x.md#y-values`, `#y-values`, `/graph/api/resources/x?view=…`) to a type. */
  resolveHref(href: string, page: DocPage, name?: string): TypeEntry | undefined {
    const trimmed = href.trim().replace(/^<|>$/g, '');
    const hash = trimmed.indexOf('#');
    const pathPart = (hash < 0 ? trimmed : trimmed.slice(0, hash)).replace(/\?.*$/, '');
    const anchor = hash < 0 ? undefined : trimmed.slice(hash + 1).toLowerCase();
    let target: DocPage | undefined = page;
    if (pathPart !== '') {
      if (/^[a-z][a-z0-9+.-]*:/i.test(pathPart)) return undefined;
      const file = linkTarget(pathPart, page);
      target = file === undefined ? undefined : this.pageAt(file);
      if (!target) return undefined;
    }
    const enums = enumFactsOf(target);
    if (anchor) {
      const def = enums.find((d) => (d.anchor ?? slug(`${d.name} values`)) === anchor || slug(d.name) === anchor);
      if (def) return this.enumOn(target, def);
      if (pathPart === '') return undefined;
    }
    const lower = name?.toLowerCase();
    const own = this.typeByPage.get(target);
    // A link to a resource page that also defines an enum of the written name (`[status](x.md)`) means the enum.
    const namedEnum = lower ? enums.find((d) => d.name.toLowerCase() === lower) : undefined;
    if (namedEnum && own?.name.toLowerCase() !== lower) return this.enumOn(target, namedEnum);
    if (own) return own;
    if (enums.length === 1) return this.enumOn(target, enums[0]);
    return namedEnum ? this.enumOn(target, namedEnum) : undefined;
  }

  private enumOn(page: DocPage, def: EnumFact): EnumType {
    return { kind: 'enum', name: def.name, namespace: page.namespace?.value ?? DEFAULT_NAMESPACE, version: page.version, page, def };
  }

  /**
   * The base type as documented: the JSON representation's `baseType` on any of the type's pages (canonical first),
   * else an "Inherits from" line, else the configured CSDL's `BaseType` (`fromModel`). `written` is set when a base is
   * named; `base` when it resolves to another type.
   */
  baseOf(type: ResourceType): { readonly base?: ResourceType; readonly written?: string; readonly range?: Range; readonly fromModel?: boolean } {
    for (const page of type.pages) {
      const annotated = page.resourceType?.baseType;
      if (annotated) {
        const found = this.resourceNamed(annotated, type.version);
        if (found && found !== type) return { base: found, written: annotated, range: page.resourceType!.range };
      }
      const inherits = page.inheritsFrom;
      if (inherits) {
        const byHref = inherits.href ? this.resolveHref(inherits.href, page, inherits.name) : undefined;
        const found = byHref?.kind === 'resource' ? byHref : this.resourceNamed(inherits.name, type.version);
        if (found && found !== type) return { base: found, written: inherits.name, range: inherits.range };
      }
    }
    const canonical = type.page;
    const written = canonical.resourceType?.baseType ?? canonical.inheritsFrom?.name;
    const range = canonical.inheritsFrom?.range ?? canonical.resourceType?.range;
    const modelled = this.modelFacts(type)?.base;
    if (modelled) {
      const found = this.resourceNamed(modelled, type.version);
      if (found && found !== type) return { base: found, written: modelled, ...(range && { range }), fromModel: true };
    }
    return written ? { written, ...(range && { range }) } : {};
  }

  /** The configured CSDL's facts on a type, if any. */
  modelFacts(type: ResourceType): ModelFacts['types'][string] | undefined {
    return this.model?.types[`${type.namespace}.${type.name}`.toLowerCase()];
  }

  /**
   * Whether any page of the type says it is open — annotation `openType: true`, or "is an open type" in its prose —
   * or the configured CSDL declares it `OpenType="true"`.
   */
  isOpen(type: ResourceType): boolean {
    return type.pages.some((p) => p.resourceType?.openType === true || OPEN_TYPE_PROSE.test(p.source)) || this.modelFacts(type)?.open === true;
  }

  /** The own properties of a type: the union of its pages' Properties and Relationships tables, canonical first. */
  ownProperties(type: ResourceType): Map<string, ShapeProperty> {
    const props = new Map<string, ShapeProperty>();
    for (const page of type.pages) {
      for (const row of [...page.properties, ...page.relationships]) if (row.name && !props.has(row.name)) props.set(row.name, { row, page });
    }
    return props;
  }

  /** The whole shape of a type: its properties and its bases' (to a depth of 8), open and complete flags. */
  shape(type: ResourceType, depth = 0): Shape {
    const cached = this.shapes.get(type);
    if (cached) return cached;
    const props = new Map<string, ShapeProperty>();
    const open = this.isOpen(type);
    let complete = !open;
    const { base, written } = this.baseOf(type);
    if (base && depth < 8) {
      const baseShape = this.shape(base, depth + 1);
      for (const [name, prop] of baseShape.props) props.set(name, prop);
      complete &&= baseShape.complete;
    } else if (written && parseQualified(written).name.toLowerCase() !== 'entity') {
      // An unresolved base may add any member; `entity` only adds `id`, which is always allowed.
      complete = false;
    }
    for (const [name, prop] of this.ownProperties(type)) props.set(name, prop);
    const shape: Shape = { type, props, open, complete, ...(base && { base }) };
    this.shapes.set(type, shape);
    return shape;
  }

  /** Whether `type` is `ancestor` or derives from it; `undefined` when a base on the way does not resolve. */
  derivesFrom(type: ResourceType, ancestor: ResourceType): boolean | undefined {
    let current: ResourceType | undefined = type;
    for (let depth = 0; current && depth < 10; depth++) {
      if (current === ancestor) return true;
      const { base, written } = this.baseOf(current);
      if (!base) return written ? undefined : false;
      current = base;
    }
    return false;
  }

  /** Properties that two pages of one type document with different types (each pair once, the later page second). */
  conflicts(type: ResourceType): PropertyConflict[] {
    if (type.pages.length < 2) return [];
    const out: PropertyConflict[] = [];
    const seen = new Map<string, ShapeProperty>();
    for (const page of type.pages) {
      for (const row of [...page.properties, ...page.relationships]) {
        if (!row.name) continue;
        const first = seen.get(row.name);
        if (!first) {
          seen.set(row.name, { row, page });
          continue;
        }
        if (first.page !== page && row.type.kind !== 'empty' && first.row.type.kind !== 'empty' && typeKey(first.row.type) !== typeKey(row.type)) {
          out.push({ type, name: row.name, first, second: { row, page } });
        }
      }
    }
    return out;
  }
}

/**
 * The file a link on `page` points at, `/`-separated like the pages' `file`, or undefined for a site-absolute link
 * outside the API reference. Site-absolute `/graph/api/resources/x` and `/graph/api/x-get` are relative to the
 * version root (the folder holding `api/` and `resources/`).
 */
export function linkTarget(pathPart: string, page: DocPage): string | undefined {
  let decoded = pathPart;
  try {
    decoded = decodeURIComponent(pathPart);
  } catch {
    // A stray % is kept as written.
  }
  decoded = decoded.replace(/\\/g, '/');
  const dir = posix.dirname(page.file);
  let rel: string;
  if (decoded.startsWith('/')) {
    const m = /^\/graph\/api\/(.*)$/i.exec(decoded);
    if (!m) return undefined;
    const root = /(^|\/)(api|resources)$/.test(dir) ? posix.dirname(dir) : dir;
    rel = posix.join(root, /^resources\//i.test(m[1]) ? m[1] : `api/${m[1]}`);
  } else {
    rel = posix.join(dir, decoded);
  }
  rel = posix.normalize(rel);
  return rel.endsWith('.md') ? rel : `${rel}.md`;
}
