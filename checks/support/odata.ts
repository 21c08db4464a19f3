/** `@odata.type` facts shared by the rules about it. */
import type { DocIndex } from '../../resolve/doc-index.js';
import { parseQualified } from '../../resolve/doc-index.js';

/**
 * When `value` is an object whose `@odata.type` names an Edm primitive (`Edm.Binary`) or an enum type
 * (`microsoft.graph.columnTypes`), what it names: `{ type, kind }`. Such a value is never an object in JSON (a
 * primitive or enum value is written as itself), so the object is a doc-generator placeholder or a mistake.
 */
export function nonStructuredOdataType(value: unknown, index: DocIndex, version: string | undefined): { type: string; kind: 'primitive' | 'enum' } | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const type = (value as Record<string, unknown>)['@odata.type'];
  if (typeof type !== 'string' || type.trim() === '') return undefined;
  const parsed = parseQualified(type);
  if (parsed.collection) return undefined;
  if (parsed.namespace?.toLowerCase() === 'edm') return { type, kind: 'primitive' };
  if (!parsed.namespace) return undefined;
  const entry = index.resolveName(`${parsed.namespace}.${parsed.name}`, version);
  return entry?.kind === 'enum' && !index.typesNamed(parsed.name, version).some((e) => e.kind === 'resource') ? { type, kind: 'enum' } : undefined;
}
