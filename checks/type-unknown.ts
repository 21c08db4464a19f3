import { posix } from 'node:path';
import type { DocPage, PropertyRow, TypeRef } from '../extractor/model.js';
import { primitiveOf } from '../extractor/type-ref.js';
import { defineRule } from './define-rule.js';
import type { DocSet } from './docset.js';
import { rowElement } from './support/text.js';

/** A Type cell that names no type, or names one that no page, anchor or file defines. */
export default defineRule({
  id: 'type-unknown',
  description: 'Type cells of property, parameter and request-body tables must name a primitive or a type that can be found.',
  defaultSeverity: 'warning',
  messages: {
    empty: 'Unexpected empty Type cell for "{name}", expected a type: fill in the type',
    freeText: 'Unexpected type text "{actual}" for "{name}", expected an Edm primitive (String, Int32…), a type name or a link to the type page',
    unresolved: 'Unexpected type {actual} for "{name}": no page, anchor or file defines it, expected a type that can be found: link the type to its page',
  },
  run(page, context) {
    const rows: readonly PropertyRow[] = [...page.requestBody, ...page.parameters, ...page.properties, ...page.relationships];
    for (const row of rows) {
      // Rows of tables without a Type column (enum member lists taken for property tables) have no type to check.
      const table = page.tables[row.table];
      const typeColumn = (table?.header ?? []).findIndex((cell) => /^\**\s*type\s*\**$/i.test(cell.text.trim()));
      if (typeColumn < 0) continue;
      // Group rows (`|**Onboarding**|`) have no Type cell at all: table-ragged reports their shape.
      const cells = table.rows.find((r) => r[0]?.range.start.line === row.range.start.line);
      if (cells && cells.length <= typeColumn) continue;
      const element = `${rowElement(page, row)}#type`;
      const base = { at: row.typeRange, element };
      if (row.type.kind === 'empty') {
        context.report({ ...base, messageId: 'empty', data: { name: row.name } });
      } else if (row.type.kind === 'unknown' && !PRIMITIVE_WITH_HINT.test(row.type.raw) && !isPrimitiveChoice(row.type.raw)) {
        context.report({ ...base, messageId: 'freeText', data: { actual: row.type.raw, name: row.name }, actual: row.type.raw });
      } else {
        const unresolved = alternatives(row.type).find((t) => t.kind === 'named' && !resolves(page, t, context.docs) && !isInlineEnum(t, row.description));
        if (unresolved) {
          const actual = unresolved.namespace ? `${unresolved.namespace}.${unresolved.name}` : (unresolved.name ?? unresolved.raw);
          context.report({ ...base, messageId: 'unresolved', data: { actual, name: row.name }, actual });
        }
      }
    }
  },
});

/** `String (url)`, `Int32 (milliseconds)`: a primitive with a hint in parentheses is a type, not free text. */
const PRIMITIVE_WITH_HINT = /^(?:edm\.)?(?:string|boolean|int\d*|integer|double|single|decimal|datetimeoffset|date|timeofday|duration|guid|binary|stream)\s*\([^)]*\)$/i;

/**
 * `string/number`, `(boolean or string or number) collection`: the value may be any of a few primitives, which
 * the cell says in words because no single Edm type fits (the docs' way to write Edm.Json or a mixed array).
 */
function isPrimitiveChoice(raw: string): boolean {
  const words = raw.replace(/[()`*]/g, ' ').replace(/\bcollection\b/gi, ' ').trim();
  const parts = words.split(/\s*(?:\/|,|\bor\b)\s*/i).map((p) => p.trim()).filter((p) => p !== '');
  return parts.length >= 2 && parts.every((p) => primitiveOf(p) !== undefined);
}

/**
 * `microsoft.graph.callRecords.clientPlatform` with "Possible values are: `unknown`, `windows`, …" in the
 * description (the cell's text, without the backticks): an enum written with its CSDL name and its members listed in place. Sub-namespace enums
 * (callRecords, externalConnectors) have no pages of their own; the row documents the type. A bare name
 * (`relationType`) is still reported: without its namespace it could be a typo of any type.
 */
function isInlineEnum(type: TypeRef, description: string): boolean {
  return type.namespace !== undefined && !type.href && /\b(?:possible|supported|allowed) values(?: are| include)?\s*:?\s*[\w-]+(?:\s*,\s*[\w-]+)+/i.test(description);
}

function alternatives(type: TypeRef): TypeRef[] {
  return type.kind === 'union' ? (type.alternatives ?? []).flatMap(alternatives) : [type];
}

/**
 * Whether a named type can be found: a loaded page defines it, its link points somewhere (a missing target is
 * link-broken's finding, not this rule's), an in-page anchor exists, or `resources/<name>.md` exists on disk.
 */
function resolves(page: DocPage, type: TypeRef, docs: DocSet): boolean {
  if (docs.typeTarget(page, type)) return true;
  const href = type.href?.trim();
  if (href) {
    if (href.startsWith('#')) {
      const anchor = href.slice(1).toLowerCase();
      return page.headings.some((h) => h.slug === anchor) || page.enums.some((e) => e.anchor === anchor);
    }
    return true;
  }
  if (!type.name) return false;
  const root = posix.dirname(posix.dirname(page.file));
  const candidate = posix.join(root, 'resources', `${type.name.toLowerCase()}.md`);
  const found = docs.lookupPath(candidate);
  return found.exists || found.caseInsensitiveMatch !== undefined;
}
