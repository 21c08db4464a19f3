/**
 * Tables: their role on the page (judged by section heading, then header), ragged rows counted from the source,
 * and typed rows (property, relationship, parameter, request-body tables) read into PropertyRows.
 */
import type { Range } from '../core/diagnostic.js';
import type { Cell, PropertyRow, Table, TableRole, TypeRef } from './model.js';
import { nodeText, type MdNode } from './mdast-text.js';
import type { LineIndex } from './positions.js';
import { toRange } from './positions.js';
import { parseTypeRef, type Definitions } from './type-ref.js';

function cellOf(node: MdNode, lines: LineIndex): Cell {
  const range = toRange(node.position);
  let raw = lines.text.slice(range.start.offset, range.end.offset).trim();
  raw = raw.replace(/^\|/, '').replace(/(?<!\\)\|$/, '').trim();
  const text = nodeText(node).replace(/\s+/g, ' ').trim();
  return { text, raw, range };
}

/** Splits a table source line into cells on pipes that are not escaped and not inside backticks. */
export function countSourceCells(line: string): number {
  let s = line.trim();
  if (s.startsWith('|')) s = s.slice(1);
  if (s.endsWith('|') && !s.endsWith('\\|')) s = s.slice(0, -1);
  let cells = 1;
  let inCode = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '`') inCode = !inCode;
    else if (c === '|' && !inCode) cells++;
  }
  return cells;
}

/** Builds a Table from an mdast `table` node. */
export function buildTable(node: MdNode, section: readonly string[], lines: LineIndex, pageKind: string): Table {
  const rowsNodes = node.children ?? [];
  const header = (rowsNodes[0]?.children ?? []).map((c) => cellOf(c, lines));
  const rows = rowsNodes.slice(1).map((r) => (r.children ?? []).map((c) => cellOf(c, lines)));
  const range = toRange(node.position);
  const raggedRows: Table['raggedRows'][number][] = [];
  const headerLine = lines.lineText(range.start.line);
  const expected = countSourceCells(headerLine);
  for (const [i, r] of rowsNodes.slice(1).entries()) {
    const line = r.position?.start.line;
    if (!line) continue;
    // `|**Onboarding**|`: a group heading row is a doc convention, padded by every GFM renderer, not a ragged row.
    if (isGroupHeadingRow(rows[i], header.length)) continue;
    const count = countSourceCells(lines.lineText(line));
    if (count !== expected) raggedRows.push({ line, cells: count, range: lines.lineRange(line) });
  }
  const role = tableRole(header.map((h) => h.text), section, pageKind);
  return { role, section, header, rows, range, raggedRows, noLeadingPipe: !headerLine.trimStart().startsWith('|') };
}

/**
 * Whether a row is a group heading inside a table (`|**Device management**|`, `|**On-boarding**||`): its only
 * non-empty cell is the first, and that cell is a bold label (optionally followed by a note such as `(deprecated)`).
 * Intune and Outlook pages group the rows of Methods, Properties and Relationships tables this way.
 */
export function isGroupHeadingRow(row: readonly Cell[] | undefined, headerCells: number): boolean {
  if (!row || headerCells < 2 || row.length === 0) return false;
  if (row.slice(1).some((c) => c.text.trim() !== '')) return false;
  return /^(\*\*|__)(?:(?!\1)[^|[\]`])+\1(?:\s*\([^()]*\))?$/.test(row[0].raw.trim());
}

const norm = (s: string) => s.replace(/[*_`]/g, '').replace(/&nbsp;/g, '').trim().toLowerCase();

/** Decides what a table lists, from its section heading first and its header second. */
export function tableRole(headerTexts: readonly string[], section: readonly string[], pageKind: string): TableRole {
  const h = headerTexts.map(norm);
  const heading = norm(section[section.length - 1] ?? '');
  const hasType = h.includes('type');
  // A typed table whose first column is a sharing "Permission Type" (permission-update.md's request body) lists properties.
  if (h.some((x) => x.startsWith('permission type')) && !hasType) return 'permissions';
  if (/^(method|function)s?$/.test(h[0] ?? '') && h.some((x) => x.startsWith('return type'))) return 'methods';
  if (/request headers?$/.test(heading) || (h[0] === 'header' && !hasType)) return 'request-headers';
  if (/values$|^members$|enum/.test(heading) && !hasType) return 'enum-members';
  if (/path parameters?/.test(heading)) return 'path-parameters';
  if (/query parameters?/.test(heading)) return 'query-parameters';
  if (/function parameters?|^parameters$/.test(heading)) return 'function-parameters';
  // Typed-row sections need a Type column: `| Pre-set constant | Color |` under Properties lists no properties.
  if (/request body/.test(heading)) return hasType ? 'request-body' : 'other';
  if (/relationships?/.test(heading)) return hasType ? 'relationships' : 'other';
  if (/properties/.test(heading)) return hasType ? 'properties' : 'other';
  if (/^methods$/.test(heading)) return 'methods';
  if (/^response/.test(heading)) return 'response';
  if (!hasType && /^(member|value)$/.test(h[0] ?? '') && pageKind !== 'api') return 'enum-members';
  if (hasType && /^(property|relationship)/.test(h[0] ?? '')) return pageKind === 'api' ? 'request-body' : 'properties';
  return 'other';
}

/** `Required.`, `(Required)`, `**Required**`: the word as a sentence of its own, at the start or after a sentence. */
const REQUIRED_MARKER = /\(\s*required\s*\)|(?:^|[.!?:)]\s*|<br\s*\/?>\s*)\**required\**\s*(?:[.;]|$)/i;

const NAME_COLUMN = /^(property|parameter|name|relationship|properties|parameters|required parameter|action name|member|header)( name)?$/;

/** Reads the typed rows of a table; tables without a name column give none. */
export function propertyRows(table: Table, tableIndex: number, definitions: Definitions): PropertyRow[] {
  const h = table.header.map((c) => norm(c.text));
  let nameCol = h.findIndex((x) => NAME_COLUMN.test(x));
  if (nameCol === -1) nameCol = 0;
  const typeCol = h.indexOf('type');
  const descCol = h.findIndex((x) => x.startsWith('description') || x === 'value');
  const reqCol = h.findIndex((x) => x.startsWith('required'));
  const out: PropertyRow[] = [];
  if (describesNestedValue(table.section)) return out;
  for (const row of table.rows) {
    if (isGroupHeadingRow(row, table.header.length)) continue;
    const nameCell = row[nameCol];
    if (!nameCell) continue;
    const name = propertyName(nameCell.text);
    if (!name) continue;
    const typeCell = typeCol >= 0 ? row[typeCol] : undefined;
    const description = descCol >= 0 ? (row[descCol]?.text ?? '') : '';
    const requiredCell = reqCol >= 0 ? norm(row[reqCol]?.text ?? '') : '';
    let required: boolean | undefined;
    if (/^(y|yes|true|required)\b/.test(requiredCell)) required = true;
    else if (/^(n|no|false|optional)\b/.test(requiredCell)) required = false;
    else if (/\bnot required\b/i.test(description) || /\boptional\b/i.test(description)) required = false;
    // "Required." as a sentence of its own is the docs' marker; "a password that is required" is prose.
    else if (REQUIRED_MARKER.test(description)) required = true;
    const rowRange: Range = { start: row[0].range.start, end: row[row.length - 1].range.end };
    out.push({
      name,
      type: typeOfCell(typeCell?.raw ?? '', definitions),
      description,
      ...(required !== undefined ? { required } : {}),
      ...(/read-?only/i.test(description) ? { readOnly: true } : {}),
      ...(/not nullable/i.test(description) ? { nullable: false } : /\bnullable\b/i.test(description) ? { nullable: true } : {}),
      range: rowRange,
      nameRange: nameCell.range,
      typeRange: typeCell?.range ?? nameCell.range,
      table: tableIndex,
    });
  }
  return out;
}

/**
 * `## Properties` › `### Properties of an activity-based timeout policy definition`: a sub-section of Properties
 * that lists the properties of something else — the keys of the JSON a String property holds (the policy pages'
 * `definition`), not properties of the page's type. Its rows are not the type's.
 */
function describesNestedValue(section: readonly string[]): boolean {
  const last = norm(section[section.length - 1] ?? '');
  return /^properties of\b/.test(last) && section.slice(0, -1).some((s) => norm(s) === 'properties');
}

/** A link to a type page, inline (`[x](x.md)`) or reference-style (`[x][]`, `[x][id]`). */
const TYPE_LINK = String.raw`\[[^\]]+\](?:\([^)\s]*(?:\s+"[^"]*")?\)|\[[^\]]*\])`;
/**
 * A linked type followed by words that only describe it: `[itemAnalytics][] resource`, `[x](x.md) object`,
 * `[x](x.md) (read-only)`, `[x](x.md) collection (nullable)`. The link names the type; the words add nothing to it.
 */
const LINK_WITH_TRAILER = new RegExp(String.raw`^((?:collection\s*\(\s*)?${TYPE_LINK}(?:\s*\))?(?:\s+collection)?)\s*(?:\([^()]*\)|(?:resource|object|entity|complex)(?:\s+type)?|type)\.?$`, 'i');

/** Reads a Type cell's source as a TypeRef; the cell's raw text is kept as the TypeRef's `raw`. */
function typeOfCell(raw: string, definitions: Definitions): TypeRef {
  const trailer = LINK_WITH_TRAILER.exec(raw.trim());
  if (!trailer) return parseTypeRef(raw, definitions);
  const type = parseTypeRef(trailer[1], definitions);
  return type.kind === 'named' ? { ...type, raw: raw.trim() } : parseTypeRef(raw, definitions);
}

/** The property name in a name cell: `**isExtended**`, `` `id` ``, `name (deprecated)`, `@odata.type`. */
export function propertyName(text: string): string | undefined {
  const m = /^[\s*`]*([@A-Za-z_$][\w.@$-]*)/.exec(text);
  return m ? m[1] : undefined;
}
