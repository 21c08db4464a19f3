/**
 * What is under the cursor, and where it is documented: a property name in an example body or a table, a Type cell,
 * an `@odata.type` value, a link. Every type question goes to the resolved doc set (resolve/doc-index.ts), the one
 * type resolver, so the editor agrees with `check` on which page documents what.
 *
 * All offsets are 0-based UTF-16 offsets into the page's source (the text the editor holds, without a BOM).
 */
import type { Range } from '../core/diagnostic.js';
import type { Body, DocPage, Example, PropertyRow, TypeRef } from '../extractor/model.js';
import { DocIndex, linkTarget, parseQualified, type ResourceType, type ShapeProperty, type TypeEntry } from '../resolve/doc-index.js';

/** A place in a file of the workspace. */
export interface Place {
  readonly file: string;
  readonly range: Range;
}

/** What a hover shows: Markdown, and the range of the thing hovered. */
export interface HoverInfo {
  readonly markdown: string;
  readonly range: Range;
}

const within = (range: Range, offset: number): boolean => range.start.offset <= offset && offset <= range.end.offset;

/** A documented property: the row, the page whose table has it, and the type it belongs to (if a type's). */
interface Documented extends ShapeProperty {
  readonly owner?: string;
}

type Props = ReadonlyMap<string, Documented>;

// ---------------------------------------------------------------------------------------------------------------
// Property names in example bodies

/** The JSON body of an example (request, response or a plain JSON block such as the JSON representation). */
function bodyOf(example: Example): Body | undefined {
  return example.request?.body ?? example.response?.body ?? example.body;
}

function examplesOf(page: DocPage): Example[] {
  const all = [...page.examples];
  if (page.jsonRepresentation && !all.includes(page.jsonRepresentation)) all.push(page.jsonRepresentation);
  return all;
}

/** The member key (`"name"` followed by `:`) whose text holds `offset`, with its range. */
function keyAt(source: string, offset: number): { key: string; start: number; end: number } | undefined {
  const lineStart = source.lastIndexOf('\n', offset - 1) + 1;
  const lineEndAt = source.indexOf('\n', offset);
  const line = source.slice(lineStart, lineEndAt < 0 ? source.length : lineEndAt);
  // Every quoted string on the line followed by a colon: a JSON member key.
  for (const m of line.matchAll(/"((?:[^"\\]|\\.)*)"\s*:/g)) {
    const start = lineStart + m.index;
    const end = start + m[1].length + 2;
    if (offset < start || offset > end) continue;
    try {
      return { key: JSON.parse(`"${m[1]}"`) as string, start, end };
    } catch {
      return undefined;
    }
  }
  return undefined;
}

const unescapeSegment = (s: string): string => s.replace(/~1/g, '/').replace(/~0/g, '~');

/**
 * The JSON Pointer of the member whose key is at `key` in `body`: the pointer whose range is the member's (it starts
 * at the key), or, failing that, whose value starts right after the key's colon.
 */
function pointerOfKey(source: string, body: Body, key: { key: string; start: number; end: number }): string | undefined {
  let best: { pointer: string; start: number } | undefined;
  for (const [pointer, range] of Object.entries(body.pointers ?? {})) {
    if (pointer === '' || unescapeSegment(pointer.slice(pointer.lastIndexOf('/') + 1)) !== key.key) continue;
    if (range.start.offset === key.start) return pointer;
    if (range.start.offset < key.end || !/^\s*:\s*$/.test(source.slice(key.end, range.start.offset))) continue;
    if (!best || range.start.offset < best.start) best = { pointer, start: range.start.offset };
  }
  return best?.pointer;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function shapeProps(index: DocIndex, type: ResourceType): Props {
  const props = new Map<string, Documented>();
  for (const [name, prop] of index.shape(type).props) props.set(name, { ...prop, owner: index.typeOf(prop.page)?.name ?? type.name });
  return props;
}

/** The resource type a name (`#microsoft.graph.x`, `x`) stands for on `page`. */
function resourceOf(index: DocIndex, name: string, page: DocPage): ResourceType | undefined {
  return index.resourceNamed(name, page.version);
}

/** The resource type a Type cell on `page` names (the first alternative of a union that is one). */
function resourceOfRef(index: DocIndex, ref: TypeRef, page: DocPage): ResourceType | undefined {
  if (ref.kind === 'union') {
    for (const alternative of ref.alternatives ?? []) {
      const found = resourceOfRef(index, alternative, page);
      if (found) return found;
    }
    return undefined;
  }
  if (ref.kind !== 'named') return undefined;
  const entry = index.resolveRef(ref, page);
  return entry?.kind === 'resource' ? entry : undefined;
}

/** The properties the top level of an example body is documented by, as `check` reads them (checks/support/body-check.ts). */
function rootProps(index: DocIndex, page: DocPage, example: Example): { props: Props; name: string } | undefined {
  const own = index.pageAt(page.file);
  if (example.request) {
    const props = new Map<string, Documented>();
    // The type the Request body section (or, failing that, the Response section) links: any of its properties.
    const represented = page.response?.type ? resourceOfRef(index, page.response.type, page) : undefined;
    if (represented) for (const [k, v] of shapeProps(index, represented)) props.set(k, v);
    for (const row of page.requestBody) props.set(row.name, { row, page, owner: 'the request body' });
    return props.size > 0 ? { props, name: represented ? `the request body (${represented.name})` : 'the request body' } : undefined;
  }
  if (example.response) {
    const declared = example.odataType ?? example.annotation?.data['@odata.type'];
    let type = typeof declared === 'string' && declared.trim() !== '' && parseQualified(declared).namespace?.toLowerCase() !== 'edm' ? resourceOf(index, declared, page) : undefined;
    if (!type && page.response?.type) type = resourceOfRef(index, page.response.type, page);
    return type ? { props: shapeProps(index, type), name: type.name } : undefined;
  }
  // A JSON representation or another JSON block on a resource page: the page's own type.
  const type = (own && index.typeOf(own)) ?? (page.resourceType ? resourceOf(index, page.resourceType.name, page) : undefined);
  return type ? { props: shapeProps(index, type), name: type.name } : undefined;
}

/**
 * The documented property a JSON Pointer in an example body names, walking nested objects through their Type cells;
 * else the name of the type whose properties lack it (`owner`), or nothing when no documented type is known there.
 */
function propertyAtPointer(index: DocIndex, page: DocPage, example: Example, json: unknown, pointer: string): { found?: Documented; owner?: string } {
  const root = rootProps(index, page, example);
  if (!root) return {};
  const segments = pointer.split('/').slice(1).map(unescapeSegment);
  let props: Props | undefined = root.props;
  let owner = root.name;
  let value: unknown = json;
  let found: Documented | undefined;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    if (Array.isArray(value)) {
      value = value[Number(segment)];
      continue;
    }
    if (!isObject(value) || !props) return {};
    // A nested `@odata.type` (a derived type) names the shape of its object.
    const odataType = value['@odata.type'];
    if (typeof odataType === 'string') {
      const derived = resourceOf(index, odataType, page);
      if (derived) {
        props = shapeProps(index, derived);
        owner = derived.name;
      }
    }
    // A collection response (`{"value": [...]}`) whose type has no `value` property.
    if (i === 0 && segment === 'value' && !props.has('value') && Array.isArray(value.value)) {
      value = value.value;
      continue;
    }
    found = props.get(segment);
    if (!found) return { owner };
    if (i === segments.length - 1) return { found };
    const next = resourceOfRef(index, found.row.type, found.page);
    props = next ? shapeProps(index, next) : undefined;
    if (next) owner = next.name;
    value = value[segment];
  }
  return found ? { found } : {};
}

/** The example member key at `offset` and the property it is documented as. */
function exampleProperty(index: DocIndex, page: DocPage, offset: number): { documented?: Documented; owner?: string; key: string; range: Range } | undefined {
  for (const example of examplesOf(page)) {
    const body = bodyOf(example);
    if (!body || body.kind !== 'json' || !within(body.range, offset)) continue;
    const key = keyAt(page.source, offset);
    if (!key || key.key.includes('@')) return undefined;
    const range = rangeIn(page, key.start, key.end);
    const pointer = pointerOfKey(page.source, body, key);
    if (pointer === undefined) return { key: key.key, range };
    const { found, owner } = propertyAtPointer(index, page, example, body.json, pointer);
    return { key: key.key, range, ...(found && { documented: found }), ...(owner !== undefined && { owner }) };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Tables

function rowsOf(page: DocPage): PropertyRow[] {
  return [...page.properties, ...page.relationships, ...page.requestBody, ...page.parameters];
}

/** The documented property a name cell on `page` stands for: on an API page's request body, the resource's row. */
function tableProperty(index: DocIndex, page: DocPage, offset: number): { row: PropertyRow; documented: Documented } | undefined {
  const row = rowsOf(page).find((r) => within(r.nameRange, offset));
  if (!row) return undefined;
  const own = index.pageAt(page.file);
  const ownType = own ? index.typeOf(own) : undefined;
  if (ownType) {
    const prop = shapeProps(index, ownType).get(row.name);
    if (prop) return { row, documented: prop };
  }
  if (page.requestBody.includes(row) && page.response?.type) {
    const represented = resourceOfRef(index, page.response.type, page);
    const prop = represented ? shapeProps(index, represented).get(row.name) : undefined;
    if (prop) return { row, documented: prop };
  }
  return { row, documented: { row, page } };
}

// ---------------------------------------------------------------------------------------------------------------
// Hover

/** The hover for `offset`: a property name in an example body or a table, a Type cell, or an `@odata.type` value. */
export function hoverAt(index: DocIndex, page: DocPage, offset: number, linkOf: (place: Place) => string): HoverInfo | undefined {
  const inExample = exampleProperty(index, page, offset);
  if (inExample) {
    const markdown = inExample.documented
      ? describeProperty(inExample.documented, linkOf)
      : inExample.owner !== undefined
        ? `**${inExample.key}**: not a documented property of ${inExample.owner}`
        : `**${inExample.key}**: no documented type is known for this object`;
    return { markdown, range: inExample.range };
  }
  const inTable = tableProperty(index, page, offset);
  if (inTable) return { markdown: describeProperty(inTable.documented, linkOf), range: inTable.row.nameRange };
  const typed = typeCellAt(page, offset) ?? odataTypeAt(page, offset);
  if (typed) {
    const entry = typed.kind === 'ref' ? index.resolveRef(typed.ref, page) : index.resolveName(typed.name, page.version);
    if (entry) return { markdown: describeType(entry, linkOf), range: typed.range };
  }
  return undefined;
}

function describeProperty(prop: Documented, linkOf: (place: Place) => string): string {
  const { row, page } = prop;
  const flags = [row.required === true ? 'required' : undefined, row.readOnly === true ? 'read-only' : undefined, row.nullable === false ? 'not nullable' : undefined].filter(Boolean);
  const lines = [`**${row.name}**: \`${row.type.raw.replace(/`/g, '')}\`${flags.length > 0 ? ` (${flags.join(', ')})` : ''}`];
  if (row.description.trim() !== '') lines.push('', row.description.trim());
  const owner = prop.owner !== undefined ? `${prop.owner}, ` : '';
  lines.push('', `Documented in ${owner}[${page.file}](${linkOf({ file: page.file, range: row.range })}) line ${row.range.start.line}`);
  return lines.join('\n');
}

function describeType(entry: TypeEntry, linkOf: (place: Place) => string): string {
  const place = typePlace(entry);
  const what = entry.kind === 'enum' ? `enum (${entry.def.members.map((m) => m.name).slice(0, 10).join(', ')}${entry.def.members.length > 10 ? ', …' : ''})` : 'resource type';
  return `**${entry.namespace}.${entry.name}**: ${what}\n\nDocumented in [${place.file}](${linkOf(place)})`;
}

// ---------------------------------------------------------------------------------------------------------------
// Definitions

/** Where a type is documented: an enum's table, a resource page's title (else its first line). */
export function typePlace(entry: TypeEntry): Place {
  if (entry.kind === 'enum') return { file: entry.page.file, range: entry.def.range };
  const page = entry.page;
  return { file: page.file, range: page.title?.range ?? page.resourceType?.range ?? FIRST_LINE };
}

const FIRST_LINE: Range = { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } };

type TypedAt = { kind: 'ref'; ref: TypeRef; range: Range } | { kind: 'name'; name: string; range: Range };

function typeCellAt(page: DocPage, offset: number): TypedAt | undefined {
  const row = rowsOf(page).find((r) => within(r.typeRange, offset));
  return row ? { kind: 'ref', ref: row.type, range: row.typeRange } : undefined;
}

/** An `@odata.type` value at `offset`, in an example body or in an annotation comment. */
function odataTypeAt(page: DocPage, offset: number): TypedAt | undefined {
  const lineStart = page.source.lastIndexOf('\n', offset - 1) + 1;
  const lineEndAt = page.source.indexOf('\n', offset);
  const line = page.source.slice(lineStart, lineEndAt < 0 ? page.source.length : lineEndAt);
  for (const m of line.matchAll(/"@odata\.type"\s*:\s*"([^"\\]*)"/g)) {
    const start = lineStart + m.index + m[0].length - m[1].length - 1;
    const end = start + m[1].length;
    if (offset >= start && offset <= end) return { kind: 'name', name: m[1], range: rangeIn(page, start, end) };
  }
  return undefined;
}

/**
 * Where the thing at `offset` is defined: a Type cell or an `@odata.type` value → the type's page (an enum's
 * table); a link → the page it points to (the heading or enum its anchor names); a property name in an example or
 * a table → the row that documents it.
 */
export function definitionAt(index: DocIndex, page: DocPage, offset: number): Place[] {
  const inExample = exampleProperty(index, page, offset);
  if (inExample?.documented) return [{ file: inExample.documented.page.file, range: inExample.documented.row.range }];
  const typed = typeCellAt(page, offset) ?? odataTypeAt(page, offset);
  if (typed) {
    const entry = typed.kind === 'ref' ? index.resolveRef(typed.ref, page) : index.resolveName(typed.name, page.version);
    if (entry) return [typePlace(entry)];
  }
  const link = page.links.find((l) => within(l.range, offset));
  if (link) {
    const target = linkPlace(index, page, link.url);
    if (target) return [target];
  }
  const inTable = tableProperty(index, page, offset);
  if (inTable && inTable.documented.page.file !== page.file) return [{ file: inTable.documented.page.file, range: inTable.documented.row.range }];
  return [];
}

/** The place a link on `page` points to, among the doc set's pages only (a page's text never names a file to open). */
function linkPlace(index: DocIndex, page: DocPage, url: string): Place | undefined {
  const trimmed = url.trim().replace(/^<|>$/g, '');
  if (/^[a-z][a-z0-9+.-]*:/i.test(trimmed)) return undefined;
  const hash = trimmed.indexOf('#');
  const pathPart = (hash < 0 ? trimmed : trimmed.slice(0, hash)).replace(/\?.*$/, '');
  const anchor = hash < 0 ? undefined : trimmed.slice(hash + 1).toLowerCase();
  const file = pathPart === '' ? page.file : linkTarget(pathPart, page);
  const target = file === undefined ? undefined : file === page.file ? page : index.pageAt(file);
  if (!target) return undefined;
  if (anchor) {
    const heading = target.headings.find((h) => h.slug === anchor);
    if (heading) return { file: target.file, range: heading.range };
    const def = target.enums.find((d) => d.anchor === anchor);
    if (def) return { file: target.file, range: def.range };
    const row = rowsOf(target).find((r) => r.name.toLowerCase() === anchor);
    if (row) return { file: target.file, range: row.range };
  }
  return { file: target.file, range: target.title?.range ?? FIRST_LINE };
}

function rangeIn(page: DocPage, start: number, end: number): Range {
  return { start: pointIn(page.source, start), end: pointIn(page.source, end) };
}

function pointIn(source: string, offset: number): Range['start'] {
  let line = 1;
  let lineStart = 0;
  for (const m of source.slice(0, offset).matchAll(/\r\n?|\n/g)) {
    line++;
    lineStart = m.index + m[0].length;
  }
  return { line, column: offset - lineStart + 1, offset };
}
