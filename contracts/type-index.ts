/**
 * One index of every type the pages define — resource types and enums — built once, so resolving a Type cell is a
 * few map look-ups however many pages there are. Look-ups go by link target first (the most precise thing an
 * author writes), then by qualified name, then by bare name; each within the page's version first.
 */
import { posix } from 'node:path';
import type { DocPage, EnumDef, TypeRef } from '../extractor/model.js';
import { SCHEMA_ID_BASE } from './types.js';
import type { ResolvedType } from './types-map.js';

/** The default OData namespace of Graph pages. */
export const DEFAULT_NAMESPACE = 'microsoft.graph';

/** A resource type with its own schema. */
export interface ObjectType {
  readonly id: string;
  readonly name: string;
  readonly namespace: string;
  readonly version?: string;
  readonly page: DocPage;
}

interface EnumEntry {
  readonly def: EnumDef;
  readonly page: DocPage;
}

type Entry = { readonly kind: 'object'; readonly type: ObjectType } | { readonly kind: 'enum'; readonly enum: EnumEntry };

/** Folder name used for pages without a version. */
export const NO_VERSION = 'unversioned';

/**
 * `$id` of a resource type's schema. The version is part of it because v1.0 and beta define the same type names
 * with different properties; one flat name per type would make the two collide.
 */
export function schemaId(version: string | undefined, namespace: string, name: string): string {
  return `${SCHEMA_ID_BASE}${version ?? NO_VERSION}/${namespace}.${name}.schema.json`;
}

/** `$id` of the request-body schema of an API page. */
export function requestSchemaId(version: string | undefined, stem: string): string {
  return `${SCHEMA_ID_BASE}requests/${version ?? NO_VERSION}/${stem}.schema.json`;
}

/** Splits `microsoft.graph.callRecords.session` into namespace and name. */
export function splitQualified(qualified: string): { namespace?: string; name: string } {
  const clean = qualified.trim().replace(/^#/, '');
  const dot = clean.lastIndexOf('.');
  return dot < 0 ? { name: clean } : { namespace: clean.slice(0, dot), name: clean.slice(dot + 1) };
}

function slug(text: string): string {
  return text.trim().toLowerCase().replace(/[^\w\- ]/g, '').replace(/ /g, '-');
}

export class TypeIndex {
  readonly objects: ObjectType[] = [];
  /** Types defined twice in one version: the later page is ignored, the first one wins. */
  readonly duplicates: { readonly type: ObjectType; readonly first: ObjectType }[] = [];
  private readonly byFile = new Map<string, DocPage>();
  private readonly byFileLower = new Map<string, DocPage>();
  private readonly objectByPage = new Map<DocPage, ObjectType>();
  private readonly byQualified = new Map<string, Entry>();
  private readonly byName = new Map<string, Entry>();
  private readonly byNameLower = new Map<string, Entry>();

  /** Indexes the pages in the order given; sort them first for a deterministic winner among duplicates. */
  constructor(pages: readonly DocPage[]) {
    for (const page of pages) {
      this.byFile.set(page.file, page);
      const lower = page.file.toLowerCase();
      if (!this.byFileLower.has(lower)) this.byFileLower.set(lower, page);
      const v = page.version ?? NO_VERSION;
      if (page.resourceType && page.kind !== 'api') {
        const name = page.resourceType.name;
        const namespace = page.resourceType.namespace ?? page.namespace?.value ?? DEFAULT_NAMESPACE;
        const type: ObjectType = { id: schemaId(page.version, namespace, name), name, namespace, version: page.version, page };
        const key = `${v}|${namespace}.${name}`.toLowerCase();
        const existing = this.byQualified.get(key);
        if (existing?.kind === 'object') {
          this.duplicates.push({ type, first: existing.type });
        } else {
          this.objects.push(type);
          this.objectByPage.set(page, type);
          const entry: Entry = { kind: 'object', type };
          this.byQualified.set(key, entry);
          this.addName(v, name, entry);
        }
      }
      for (const def of page.enums) {
        const entry: Entry = { kind: 'enum', enum: { def, page } };
        const namespace = page.namespace?.value ?? DEFAULT_NAMESPACE;
        const key = `${v}|${namespace}.${def.name}`.toLowerCase();
        if (!this.byQualified.has(key)) this.byQualified.set(key, entry);
        this.addName(v, def.name, entry);
      }
    }
  }

  private addName(version: string, name: string, entry: Entry): void {
    const exact = `${version}|${name}`;
    // Object types win a bare-name clash with an in-page enum of the same name.
    const current = this.byName.get(exact);
    if (!current || (current.kind === 'enum' && entry.kind === 'object')) this.byName.set(exact, entry);
    const lower = exact.toLowerCase();
    const currentLower = this.byNameLower.get(lower);
    if (!currentLower || (currentLower.kind === 'enum' && entry.kind === 'object')) this.byNameLower.set(lower, entry);
  }

  /** The schema of the page's own resource type, if it has one. */
  objectOf(page: DocPage): ObjectType | undefined {
    return this.objectByPage.get(page);
  }

  /** Resolves a named TypeRef written on `page`. */
  resolve(ref: TypeRef, page: DocPage): ResolvedType {
    const looksLikeEnum = ref.enumHint === true || /-values?$/i.test(ref.href ?? '');
    const entry = (ref.href ? this.byHref(ref.href, page, ref.name) : undefined) ?? (ref.name ? this.byTypeName(ref.name, ref.namespace, page.version) : undefined);
    return entry ? toResolved(entry) : { kind: 'unresolved', looksLikeEnum };
  }

  /** Resolves a qualified or bare type name (an annotation's `@odata.type`, a `baseType`). */
  resolveName(qualified: string, version: string | undefined): ObjectType | undefined {
    const { namespace, name } = splitQualified(qualified);
    const entry = this.byTypeName(name, namespace, version);
    return entry?.kind === 'object' ? entry.type : undefined;
  }

  /** Resolves a link (`../resources/x.md`, `x.md#y-values`, `#y-values`, `/graph/api/resources/x?view=…`). */
  resolveHref(href: string, page: DocPage, name?: string): ResolvedType | undefined {
    const entry = this.byHref(href, page, name);
    return entry ? toResolved(entry) : undefined;
  }

  private byHref(href: string, page: DocPage, name: string | undefined): Entry | undefined {
    const hash = href.indexOf('#');
    const pathPart = (hash < 0 ? href : href.slice(0, hash)).replace(/\?.*$/, '');
    const anchor = hash < 0 ? undefined : href.slice(hash + 1).toLowerCase();
    let target: DocPage | undefined = page;
    if (pathPart !== '') {
      if (/^[a-z]+:/i.test(pathPart)) return undefined;
      const file = this.linkTarget(pathPart, page);
      target = this.byFile.get(file) ?? this.byFileLower.get(file.toLowerCase());
      if (!target) return undefined;
    }
    if (anchor) {
      const def = target.enums.find((d) => (d.anchor ?? slug(`${d.name} values`)) === anchor || slug(d.name) === anchor);
      if (def) return { kind: 'enum', enum: { def, page: target } };
      if (pathPart === '') return undefined;
    }
    const own = this.objectByPage.get(target);
    if (own) return { kind: 'object', type: own };
    if (target.enums.length === 1) return { kind: 'enum', enum: { def: target.enums[0], page: target } };
    const named = name ? target.enums.find((d) => d.name.toLowerCase() === name.toLowerCase()) : undefined;
    return named ? { kind: 'enum', enum: { def: named, page: target } } : undefined;
  }

  /** The indexed file a link points at, as a `/`-separated path like the pages' `file`. */
  private linkTarget(pathPart: string, page: DocPage): string {
    let rel = pathPart;
    const dir = posix.dirname(page.file);
    if (rel.startsWith('/')) {
      // Site-absolute `/graph/api/resources/x` or `/graph/api/x-get`: relative to the version root.
      const m = /^\/graph\/api\/(.*)$/i.exec(rel);
      if (!m) return rel;
      const root = /(^|\/)(api|resources)$/.test(dir) ? posix.dirname(dir) : dir;
      rel = posix.join(root, m[1].startsWith('resources/') ? m[1] : `api/${m[1]}`);
    } else {
      rel = posix.join(dir, rel);
    }
    return rel.endsWith('.md') ? rel : `${rel}.md`;
  }

  private byTypeName(name: string, namespace: string | undefined, version: string | undefined): Entry | undefined {
    const versions = [version ?? NO_VERSION, ...['beta', 'v1.0', NO_VERSION].filter((v) => v !== (version ?? NO_VERSION))];
    for (const v of versions) {
      if (namespace) {
        const q = this.byQualified.get(`${v}|${namespace}.${name}`.toLowerCase());
        if (q) return q;
      }
      const found = this.byName.get(`${v}|${name}`) ?? this.byNameLower.get(`${v}|${name}`.toLowerCase());
      if (found) return found;
    }
    return undefined;
  }
}

function toResolved(entry: Entry): ResolvedType {
  return entry.kind === 'object'
    ? { kind: 'object', id: entry.type.id }
    : { kind: 'enum', members: entry.enum.def.members.map((m) => m.name) };
}
