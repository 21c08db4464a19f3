import type { Range } from '../core/diagnostic.js';
import type { DocPage, PropertyRow, TypeRef } from '../extractor/model.js';
import { primitiveOf } from '../extractor/type-ref.js';
import { jsonTypeOf } from '../contracts/value-verdict.js';
import { defineRule } from './define-rule.js';
import type { DocSet } from './docset.js';
import { nonStructuredOdataType } from './support/odata.js';
import { keyRange } from './support/positions.js';
import { rowElement } from './support/text.js';
import { describeValue, isTypePlaceholder } from './support/values.js';

type JsonKind = 'string' | 'boolean' | 'number' | 'object' | 'array' | 'any';

/**
 * The JSON representation of a resource page against its Properties and Relationships tables: a member of the
 * representation that no table (of the type, its other pages or its bases) documents; a Properties row the
 * representation leaves out; a member whose value is of another JSON kind than its row's type.
 */
export default defineRule({
  id: 'resource-representation-mismatch',
  description: "A resource page's JSON representation must show the properties its tables document, with the same types.",
  defaultSeverity: 'warning',
  messages: {
    undocumented:
      'Unexpected "{property}" in the JSON representation, expected only properties documented for {type} in the Properties or Relationships table: add a row for it or remove it from the representation',
    missing:
      'Unexpected Properties row "{property}" that the JSON representation leaves out, expected every property of the table in the representation: add "{property}" to it',
    noTable:
      'Unexpected JSON representation of {type} with {count} properties on a page without a Properties table, expected the properties documented in a table: add the Properties table (or uncomment it)',
    case: 'Unexpected "{property}" in the JSON representation, expected "{expected}" as the Properties table spells it: make the two spellings agree',
    type:
      'Unexpected value {actual} for "{property}" in the JSON representation, expected {expected} as the table documents ({rowType}): make the representation and the table agree',
  },
  run(page, context) {
    const representation = page.jsonRepresentation;
    const body = representation?.body;
    if (page.kind !== 'resource' || !representation || body?.kind !== 'json' || !isObject(body.json)) return;
    const type = context.docs.typeOf(page);
    if (!type) return;
    const shape = context.docs.index.shape(type);
    const json = body.json;
    const pointers = body.pointers ?? {};
    const members = Object.keys(json).filter((k) => !k.includes('@'));
    if (page.properties.length === 0 && page.relationships.length === 0) {
      // No table at all (never written, or commented out): one defect, not one per member.
      if (members.length > 0 && shape.complete) {
        context.report({ messageId: 'noTable', data: { count: members.length, type: type.name }, at: representation.annotation?.range ?? representation.code.range, element: 'representation#no-table' });
      }
      return;
    }
    const own = new Map<string, PropertyRow>();
    const spelt = new Set<string>();
    for (const row of [...page.properties, ...page.relationships]) if (row.name && !own.has(row.name)) own.set(row.name, row);
    for (const [key, value] of Object.entries(json)) {
      if (key.includes('@')) continue;
      const valueRange: Range = pointers[`/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`] ?? body.range;
      const prop = own.get(key) ?? shape.props.get(key)?.row;
      const typePage = own.has(key) ? page : shape.props.get(key)?.page;
      if (!prop || !typePage) {
        // Open types and types whose base is not known may have members beyond their tables.
        if (!shape.complete || (key === 'id' && shape.base !== undefined)) continue;
        const row = page.properties.find((r) => r.name.toLowerCase() === key.toLowerCase() && !(r.name in json));
        if (row) {
          // One defect: the representation spells a row's name in another case.
          context.report({ messageId: 'case', data: { property: key, expected: row.name }, at: keyRange(page, key, valueRange), expected: row.name, actual: key, element: `representation:${key}#case` });
          spelt.add(row.name);
          continue;
        }
        context.report({ messageId: 'undocumented', data: { property: key, type: type.name }, at: keyRange(page, key, valueRange), element: `representation:${key}#undocumented` });
        continue;
      }
      // `{"@odata.type": "Edm.Binary"}` for a primitive or enum value is odata-type-format's finding.
      if (nonStructuredOdataType(value, context.docs.index, page.version) || (Array.isArray(value) && value.some((v) => nonStructuredOdataType(v, context.docs.index, page.version)))) continue;
      const expected = expectedKind(prop.type, typePage, context.docs);
      const actual = representedKind(value);
      if (!expected || !actual || fits(actual, expected)) continue;
      context.report({
        messageId: 'type',
        data: { property: key, actual: describeValue(value), expected: words(expected), rowType: prop.type.raw },
        at: keyRange(page, key, valueRange),
        expected: prop.type.raw,
        actual: describeValue(value),
        element: `representation:${key}#type`,
      });
    }
    // A representation marked truncated shows only some properties; `optionalProperties` may be left out.
    if (representation.truncated === true) return;
    const optional = representation.annotation?.data.optionalProperties;
    const optionalNames = new Set(Array.isArray(optional) ? optional.filter((o): o is string => typeof o === 'string') : []);
    for (const row of page.properties) {
      // Instance annotations (`@microsoft.graph.teamCreationMode`) are set on create, not shown in a representation.
      if (!row.name || row.name in json || spelt.has(row.name) || optionalNames.has(row.name) || /[\s@]/.test(row.name)) continue;
      context.report({ messageId: 'missing', data: { property: row.name }, at: row.nameRange, element: `${rowElement(page, row)}#not-in-representation` });
    }
  },
});

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The JSON kind a Type cell asks for, or undefined when it cannot be told (unknown type, union, empty cell). */
function expectedKind(type: TypeRef, page: DocPage, docs: DocSet): { kind: JsonKind; collection: boolean } | undefined {
  if (type.kind === 'primitive' && type.primitive) {
    const json = jsonTypeOf(type.primitive);
    return { kind: json === 'integer' ? 'number' : json, collection: type.collection };
  }
  if (type.kind !== 'named') return undefined;
  // `[DateTimeOffset](../resources/timestamp.md)`: a primitive by name, whatever the link.
  const primitive = type.name && !type.namespace ? primitiveOf(type.name) : undefined;
  if (primitive) return expectedKind({ ...type, kind: 'primitive', primitive }, page, docs);
  const entry = docs.typeTarget(page, type);
  if (!entry) return undefined;
  return { kind: entry.kind === 'enum' ? 'string' : 'object', collection: type.collection };
}

/**
 * The JSON kind a representation value stands for: a type-name placeholder (`"Boolean"`, `"Int32"`, `"String
 * (timestamp)"`) for its type, any other value for itself; undefined for `null`.
 */
function representedKind(value: unknown): { kind: JsonKind; collection: boolean } | undefined {
  if (value === null) return undefined;
  if (Array.isArray(value)) {
    const item = value.find((v) => v !== null);
    const inner = item === undefined ? { kind: 'any' as JsonKind } : representedKind(item);
    return inner ? { kind: inner.kind, collection: true } : undefined;
  }
  if (typeof value === 'object') return { kind: 'object', collection: false };
  if (isTypePlaceholder(value)) {
    const primitive = primitiveOf(value.replace(/\(.*$/, '').replace(/\s+collection$/i, '').trim());
    if (!primitive) return { kind: 'string', collection: false };
    const json = jsonTypeOf(primitive);
    return { kind: json === 'integer' ? 'number' : json, collection: false };
  }
  if (typeof value === 'string') return { kind: 'string', collection: false };
  if (typeof value === 'number') return { kind: 'number', collection: false };
  if (typeof value === 'boolean') return { kind: 'boolean', collection: false };
  return undefined;
}

function fits(actual: { kind: JsonKind; collection: boolean }, expected: { kind: JsonKind; collection: boolean }): boolean {
  if (actual.collection !== expected.collection) return false;
  return actual.kind === 'any' || expected.kind === 'any' || actual.kind === expected.kind;
}

function words(k: { kind: JsonKind; collection: boolean }): string {
  const kind = k.kind === 'any' ? 'a value' : k.kind === 'object' ? 'an object' : `a ${k.kind}`;
  return k.collection ? `an array of ${kind === 'a value' ? 'values' : `${kind.replace(/^an? /, '')}s`}` : kind;
}
