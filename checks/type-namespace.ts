import type { Range } from '../core/diagnostic.js';
import type { Fix } from '../core/fix.js';
import type { DocPage, TypeRef } from '../extractor/model.js';
import { defineRule } from './define-rule.js';
import { edit, fix } from './support/fix.js';
import { fitsNamespace, pageNamespace, rowElement } from './support/text.js';

/** A qualified type name in a table that is outside the page's namespace (an internal model name leaked into the docs). */
export default defineRule({
  id: 'type-namespace',
  description: 'Qualified type names in property, parameter and request-body tables must be in the page namespace.',
  defaultSeverity: 'warning',
  messages: {
    outside: 'Unexpected type {actual} outside the page namespace, expected a type in {namespace} (such as {expected}): use the public type name',
  },
  run(page, context) {
    const namespace = pageNamespace(page);
    const rows = [...page.requestBody, ...page.parameters, ...page.properties, ...page.relationships];
    const seen = new Set<string>();
    for (const row of rows) {
      for (const type of flatten(row.type)) {
        if (!type.namespace || !type.name || fitsNamespace(type.namespace, namespace)) continue;
        const key = `${row.typeRange.start.offset}:${type.namespace}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const actual = `${type.namespace}.${type.name}`;
        context.report({
          messageId: 'outside',
          data: { actual, namespace, expected: `${namespace}.${type.name}` },
          at: row.typeRange,
          expected: `${namespace}.${type.name}`,
          actual,
          element: `${rowElement(page, row)}#type`,
          // Only when the namespace differs in letter case alone (`microsoft.graph.termstore` on a
          // `microsoft.graph.termStore` page): the same type, spelt as the page spells it. Safe.
          ...(type.namespace.toLowerCase() === namespace.toLowerCase() && { fixes: respell(page, row.typeRange, actual, `${namespace}.${type.name}`) }),
        });
      }
    }
  },
});

function flatten(type: TypeRef): TypeRef[] {
  return type.kind === 'union' ? [...(type.alternatives ?? [])].flatMap(flatten) : [type];
}

/** Every occurrence of `actual` in the cell at `range` (its text and a link's), as `expected`. */
function respell(page: DocPage, range: Range, actual: string, expected: string): Fix[] {
  const cell = page.source.slice(range.start.offset, range.end.offset);
  const edits = [...cell.matchAll(new RegExp(actual.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'g'))].map((m) =>
    edit(page, range.start.offset + m.index, range.start.offset + m.index + actual.length, expected),
  );
  return edits.length === 0 ? [] : [fix(`Spell the type as the page namespace: ${expected}`, 'safe', edits)];
}
