/**
 * Checks example bodies against what the page set documents: request bodies against the request-body table,
 * response bodies against the resource page of the response type (its Properties and Relationships tables and
 * those of its base types), nested objects against their own type pages. The findings are computed once per page
 * and shared by the rules that report them (type, format, placeholder, undocumented, required).
 */
import type { Range } from '../../core/diagnostic.js';
import type { DocPage, Example, Primitive, PropertyRow, TypeRef } from '../../extractor/model.js';
import type { DocSet, TypeEntry } from '../docset.js';
import { parseQualified, type ResourceType } from '../../resolve/doc-index.js';
import { isCheckedExample } from './text.js';
import { primitiveProblem } from '../../contracts/value-verdict.js';
import { describeValue, isTypePlaceholder, sampleValue } from './values.js';

export type BodyFindingKind = 'type' | 'format' | 'enum' | 'placeholder' | 'undocumented' | 'required' | 'wrapped' | 'read-only' | 'null' | 'flags';

export interface BodyFinding {
  readonly kind: BodyFindingKind;
  readonly example: Example;
  /** JSON Pointer of the value (for `required`: of the object missing the member). */
  readonly pointer: string;
  readonly property: string;
  readonly range: Range;
  readonly expected: string;
  readonly actual: string;
  /** The value is a type name standing in for a value (`"Boolean"`, `"String (timestamp)"`). */
  readonly placeholder: boolean;
  /** What a real value looks like, for the message. */
  readonly sample?: string;
  /** Where the property is documented. */
  readonly documented?: { readonly file: string; readonly range: Range };
  /** The type whose table was checked (`accessPackageAssignment`, or `request body`). */
  readonly owner: string;
  /** For `flags`: the enum whose members the value combines. */
  readonly enumName?: string;
}

interface Shape {
  readonly name: string;
  readonly props: ReadonlyMap<string, { readonly row: PropertyRow; readonly page: DocPage }>;
  /** Every property of the type is known (bases resolved, not an open type): undocumented members can be reported. */
  readonly complete: boolean;
  readonly entry?: ResourceType;
}

const cache = new WeakMap<DocSet, WeakMap<DocPage, BodyFinding[]>>();

/** Drops `page`'s cached body findings against `docs` (its analysis is over: engine/page-work.ts). */
export function forgetBodyFindings(page: DocPage, docs: DocSet): void {
  cache.get(docs)?.delete(page);
}

/** The body findings of every checked example of `page`. */
export function bodyFindings(page: DocPage, docs: DocSet): readonly BodyFinding[] {
  let perSet = cache.get(docs);
  if (!perSet) {
    perSet = new WeakMap();
    cache.set(docs, perSet);
  }
  let found = perSet.get(page);
  if (!found) {
    found = new BodyChecker(page, docs).run();
    perSet.set(page, found);
  }
  return found;
}

const escapePointer = (key: string): string => key.replace(/~/g, '~0').replace(/\//g, '~1');

class BodyChecker {
  private readonly findings: BodyFinding[] = [];
  private readonly shapes = new Map<string, Shape>();
  private example!: Example;
  private pointers: Readonly<Record<string, Range>> = {};
  private bodyRange!: Range;
  private truncated = false;
  /** The example is a create or update request (POST, PUT, PATCH): read-only properties must not be in its body. */
  private sendsWrite = false;

  constructor(
    private readonly page: DocPage,
    private readonly docs: DocSet,
  ) {}

  run(): BodyFinding[] {
    for (const example of this.page.examples) {
      if (!isCheckedExample(example)) continue;
      const message = example.request ?? example.response;
      if (!message || message.body.kind !== 'json' || message.body.json === undefined) continue;
      this.example = example;
      this.pointers = message.body.pointers ?? {};
      this.bodyRange = message.body.range;
      this.truncated = example.truncated === true;
      this.sendsWrite = example.request !== undefined && /^(?:POST|PUT|PATCH)$/i.test(example.request.method);
      if (example.request) this.checkRequest(example.request.method, message.body.json);
      else if (example.response) this.checkResponse(example, message.body.json);
    }
    return this.findings;
  }

  private checkRequest(method: string, body: unknown): void {
    if (!isObject(body)) return;
    if (this.page.requestBody.length === 0) {
      // No table, only "supply a JSON representation of [x]": the type's rows still say what is read-only.
      const represented = this.sendsWrite ? this.representedType() : undefined;
      if (!represented) return;
      const whole = this.shapeOf(represented);
      for (const key of Object.keys(body)) {
        const prop = whole.props.get(key);
        if (prop?.row.readOnly === true && !this.isRelationship(prop)) {
          this.add('read-only', `/${escapePointer(key)}`, key, `no "${key}" (documented as read-only)`, `"${key}"`, false, whole.name, prop);
        }
      }
      return;
    }
    const props = new Map<string, { row: PropertyRow; page: DocPage }>();
    // "Supply a JSON representation of the [user](…) object": any property of that type may be sent; the table
    // lists only the required or notable ones, and its rows win where both document a property.
    const represented = this.representedType();
    let complete = true;
    if (represented) {
      const whole = this.shapeOf(represented);
      for (const [name, prop] of whole.props) props.set(name, prop);
      complete = whole.complete;
    }
    for (const row of this.page.requestBody) props.set(row.name, { row, page: this.page });
    const shape: Shape = { name: represented ? `the request body (${represented.name})` : 'the request body', props, complete };
    // A PATCH sends only what changes, so nothing in its table is required.
    this.checkObject(body, shape, '', method.toUpperCase() !== 'PATCH');
  }

  private checkResponse(example: Example, body: unknown): void {
    const response = example.response!;
    if (example.isEmpty || example.expectError || (response.status !== undefined && response.status >= 300)) return;
    const declared = example.odataType ?? example.annotation?.data['@odata.type'];
    let collection = example.isCollection === true;
    let shape: Shape | undefined;
    let declaredName: string | undefined;
    if (typeof declared === 'string' && declared.trim() !== '') {
      const parsed = parseQualified(declared);
      declaredName = parsed.name;
      collection ||= parsed.collection;
      if (parsed.namespace?.toLowerCase() === 'edm') return;
      const entry = this.docs.typesNamed(parsed.name, this.page.version).find((e) => e.kind === 'resource');
      if (entry) shape = this.shapeOf(entry);
      else shape = this.borrowedShape(parsed.name);
    }
    if (!shape && this.page.response?.type?.kind === 'named') {
      const type = this.page.response.type;
      declaredName ??= type.name;
      collection ||= type.collection;
      const entry = this.docs.typeTarget(this.page, type);
      if (entry?.kind === 'resource') shape = this.shapeOf(entry);
      else if (type.name) shape = this.borrowedShape(type.name);
    }
    if (!isObject(body)) return;
    // A single entity wrapped like a collection (`{"value": {…}}`, an Intune habit): the fix is to unwrap it, not to
    // document a `value` property, and the entity inside is still checked.
    const owner = shape?.name ?? declaredName;
    if (owner && !collection && isObject(body.value) && !shape?.props.has('value') && Object.keys(body).every((k) => k === 'value' || k.includes('@'))) {
      this.add('wrapped', '/value', 'value', `the ${owner} object itself as the body`, 'an object wrapped in "value"', false, owner);
      if (shape) this.checkObject(body.value, shape, '/value', true);
      return;
    }
    if (!shape) return;
    if (collection || (Array.isArray(body.value) && !shape.props.has('value'))) {
      if (!Array.isArray(body.value)) return;
      body.value.forEach((item, i) => {
        if (isObject(item)) this.checkObject(item, shape!, `/value/${i}`, true);
      });
      return;
    }
    this.checkObject(body, shape, '', true);
  }

  /** The resource type the Request body section says the body represents (`JSON representation of [x](…)`). */
  private representedType(): ResourceType | undefined {
    const section = requestBodySection(this.page);
    if (!section) return undefined;
    const { start, end, prose } = section;
    // "a JSON representation of [x]", "specify other writable properties … of the [x] resource": any property of x.
    const open = /representation of/i.test(prose) ? 'representation' : /\bother (?:writable )?properties\b/i.test(prose) ? 'other' : undefined;
    if (!open) return undefined;
    const inSection = (l: { range: Range; inTypeCell?: boolean }): boolean => l.range.start.offset >= start && l.range.start.offset < end && !l.inTypeCell;
    const link =
      open === 'representation'
        ? this.page.links.find((l) => inSection(l) && /representation of\s+(?:the\s+|an?\s+)?\[?\W*$/i.test(this.page.source.slice(Math.max(start, l.range.start.offset - 60), l.range.start.offset)))
        : this.page.links.find((l) => inSection(l) && /\.md\b|\/resources\//i.test(l.url));
    if (!link) return undefined;
    const name = link.text.replace(/[*_`]/g, '').trim();
    const entry = this.docs.typeTarget(this.page, { raw: link.text, kind: 'named', collection: false, name, href: link.url });
    return entry?.kind === 'resource' ? entry : undefined;
  }

  /**
   * When the response type's page is not in the run but the request-body section documents the same type
   * (a create: "supply a JSON representation of the [x] object" and "returns … an [x] object"), its table is
   * the best knowledge there is; it may list only part of the type, so it is never used to call a member undocumented.
   */
  private borrowedShape(typeName: string): Shape | undefined {
    if (this.page.requestBody.length === 0 || !requestBodyNames(this.page, typeName)) return undefined;
    const props = new Map<string, { row: PropertyRow; page: DocPage }>();
    for (const row of this.page.requestBody) props.set(row.name, { row, page: this.page });
    return { name: typeName, props, complete: false };
  }

  /** The type's shape as the resolved doc set has it: the union of its pages and its bases'. */
  private shapeOf(entry: ResourceType): Shape {
    const key = entry.id;
    const cached = this.shapes.get(key);
    if (cached) return cached;
    const resolved = this.docs.index.shape(entry);
    const shape: Shape = { name: entry.name, props: resolved.props, complete: resolved.complete, entry };
    this.shapes.set(key, shape);
    return shape;
  }

  private checkObject(value: Record<string, unknown>, declared: Shape, pointer: string, requireAll: boolean): void {
    const shape = this.derivedShape(value, declared);
    for (const [key, member] of Object.entries(value)) {
      // Instance annotations (`@odata.type`, `x@odata.nextLink`) and OData control members are not properties.
      if (key.includes('@') || key.startsWith('odata.')) continue;
      const memberPointer = `${pointer}/${escapePointer(key)}`;
      const prop = shape.props.get(key);
      if (!prop) {
        if (shape.complete && !(key === 'id' && shape.entry !== undefined)) {
          this.add('undocumented', memberPointer, key, `a property documented for ${shape.name}`, `"${key}"`, false, shape.name);
        }
        continue;
      }
      if (member === null && prop.row.nullable === false) {
        this.add('null', memberPointer, key, `a ${prop.row.type.raw || 'value'} value ("${key}" is documented as not nullable)`, 'null', false, shape.name, prop);
        continue;
      }
      // Only the members of the resource being created or updated: a nested complex value is set as a whole (an
      // action parameter, a deep insert), where "Read-only." of its type's rows is about updating it in place.
      if (prop.row.readOnly === true && this.sendsWrite && pointer === '' && !this.isRelationship(prop)) {
        this.add('read-only', memberPointer, key, `no "${key}" (documented as read-only)`, `"${key}"`, false, shape.name, prop);
      }
      this.checkValue(member, prop.row.type, prop.page, memberPointer, key, prop, shape.name);
    }
    if (requireAll && !this.truncated) {
      for (const [name, prop] of shape.props) {
        if (prop.row.required === true && !(name in value) && prop.row.readOnly !== true) {
          this.add('required', pointer, name, `"${name}" (documented as required)`, 'no such member', false, shape.name, prop);
        }
      }
    }
  }

  /** Whether the row is in a Relationships table (navigation properties, set by deep insert on create). */
  private isRelationship(prop: { row: PropertyRow; page: DocPage }): boolean {
    // By the row itself, not the page's tables: another page is known here by its summary (engine/page-work.ts).
    return prop.page.relationships.includes(prop.row);
  }

  /** A nested `@odata.type` naming a known type (usually derived from the declared one) replaces the declared shape. */
  private derivedShape(value: Record<string, unknown>, declared: Shape): Shape {
    const odataType = value['@odata.type'];
    if (typeof odataType !== 'string') return declared;
    const parsed = parseQualified(odataType);
    if (parsed.name.toLowerCase() === declared.name.toLowerCase()) return declared;
    const entry = this.docs.typesNamed(parsed.name, this.page.version).find((e) => e.kind === 'resource');
    return entry ? this.shapeOf(entry) : { ...declared, complete: false };
  }

  private checkValue(
    value: unknown,
    type: TypeRef,
    typePage: DocPage,
    pointer: string,
    property: string,
    prop: { row: PropertyRow; page: DocPage },
    owner: string,
  ): void {
    if (value === null) return;
    if (type.kind === 'union') {
      const alternatives = type.alternatives ?? [];
      const before = this.findings.length;
      for (const alternative of alternatives) {
        this.checkValue(value, alternative, typePage, pointer, property, prop, owner);
        if (this.findings.length === before) return;
        this.findings.length = before;
      }
      return;
    }
    if (type.kind !== 'primitive' && type.kind !== 'named') return;
    if (type.collection) {
      if (!Array.isArray(value)) {
        this.add('type', pointer, property, `an array (${type.raw})`, describeValue(value), isTypePlaceholder(value), owner, prop);
        return;
      }
      value.forEach((item, i) => this.checkValue(item, { ...type, collection: false }, typePage, `${pointer}/${i}`, property, prop, owner));
      return;
    }
    if (type.kind === 'primitive' && type.primitive) {
      this.checkPrimitive(value, type.primitive, pointer, property, prop, owner);
      return;
    }
    const entry = this.docs.typeTarget(typePage, type);
    if (!entry) return;
    if (entry.kind === 'enum') {
      this.checkEnum(value, entry, pointer, property, prop, owner);
      return;
    }
    if (!isObject(value)) {
      if (Array.isArray(value) || typeof value !== 'object') {
        this.add('type', pointer, property, `an object (${entry.name})`, describeValue(value), isTypePlaceholder(value), owner, prop);
      }
      return;
    }
    this.checkObject(value, this.shapeOf(entry), pointer, false);
  }

  private checkPrimitive(value: unknown, primitive: Primitive, pointer: string, property: string, prop: { row: PropertyRow; page: DocPage }, owner: string): void {
    // `"dataType": "String"` is a real value when the row lists `String` among its values (extensionProperty).
    const placeholder = isTypePlaceholder(value) && !isDocumentedValue(prop.page.source.slice(prop.row.range.start.offset, prop.row.range.end.offset), value);
    if (Array.isArray(value)) {
      this.add('type', pointer, property, `a single ${primitive}`, 'array', false, owner, prop, sampleValue(primitive));
      return;
    }
    // The same verdict replay and the mock reach: the same schema in the same ajv set-up (contracts/value-verdict.ts).
    const problem = primitiveProblem(value, primitive);
    if (problem) {
      this.add(problem.kind, pointer, property, problem.expected, describeValue(value), placeholder, owner, prop, sampleValue(primitive));
      return;
    }
    if (placeholder) this.add('placeholder', pointer, property, `a real ${primitive} value`, describeValue(value), true, owner, prop);
  }

  private checkEnum(value: unknown, entry: TypeEntry, pointer: string, property: string, prop: { row: PropertyRow; page: DocPage }, owner: string): void {
    if (typeof value !== 'string') {
      this.add('type', pointer, property, `a string (a member of ${entry.name})`, describeValue(value), false, owner, prop);
      return;
    }
    const members = entry.kind === 'enum' ? entry.def.members.map((m) => m.name) : [];
    if (members.length === 0) return;
    const lower = new Set(members.map((m) => m.toLowerCase()));
    // Flag enums are written as comma-separated member lists.
    const parts = value.split(',').map((p) => p.trim().toLowerCase());
    if (parts.every((p) => lower.has(p))) {
      // Members combine only in a flags enum; the Value column says when the enum is not one.
      if (parts.length > 1 && entry.kind === 'enum' && entry.def.flags === false) {
        const values = entry.def.members.map((m) => m.value ?? '?').join(', ');
        this.add('flags', pointer, property, `one member of ${entry.name}`, describeValue(value), false, owner, prop, values);
        this.findings[this.findings.length - 1] = { ...this.findings[this.findings.length - 1], enumName: entry.name };
      }
      return;
    }
    const list = members.length > 8 ? `${members.slice(0, 8).join(', ')}, …` : members.join(', ');
    this.add('enum', pointer, property, `a member of ${entry.name} (${list})`, describeValue(value), isTypePlaceholder(value), owner, prop);
  }

  private add(
    kind: BodyFindingKind,
    pointer: string,
    property: string,
    expected: string,
    actual: string,
    placeholder: boolean,
    owner: string,
    prop?: { row: PropertyRow; page: DocPage },
    sample?: string,
  ): void {
    this.findings.push({
      kind,
      example: this.example,
      pointer,
      property,
      range: this.pointers[pointer] ?? this.bodyRange,
      expected,
      actual,
      placeholder,
      owner,
      ...(sample !== undefined && { sample }),
      ...(prop && { documented: { file: prop.page.file, range: prop.row.range } }),
    });
  }
}

/** Whether a table row's Markdown names `value` as one of its values: in backticks, quotes or bold. */
function isDocumentedValue(row: string, value: string): boolean {
  const escaped = value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`[\`"'*]${escaped}[\`"'*]`).test(row);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether the page's Request body section links or names the type (`[accessPackageAssignment](…)`). */
function requestBodyNames(page: DocPage, typeName: string): boolean {
  return requestBodySection(page)?.prose.toLowerCase().includes(`[${typeName.toLowerCase()}]`) === true;
}

/** The text under the page's `Request body` heading, with its offsets in the page. */
function requestBodySection(page: DocPage): { start: number; end: number; prose: string } | undefined {
  const index = page.headings.findIndex((h) => /^request body$/i.test(h.text.trim()));
  if (index < 0) return undefined;
  const start = page.headings[index].range.end.offset;
  const end = page.headings[index + 1]?.range.start.offset ?? page.source.length;
  return { start, end, prose: page.source.slice(start, end) };
}
