/**
 * Completion where docpact knows the vocabulary: the keys of an example annotation (`<!-- { "blockType": … } -->`,
 * the keys the Graph docs use, checks/support/annotation-keys.ts), its `blockType` values, and `@odata.type`
 * values (the resource types of the doc set, resolve/doc-index.ts) in annotations and example bodies.
 *
 * Works on the text as typed (the page may not parse yet): only the text before the cursor is read.
 */
import type { CompletionItem } from 'vscode-languageserver';
import { ANNOTATION_KEYS, BLOCK_TYPES } from '../checks/support/annotation-keys.js';
import type { DocIndex } from '../resolve/doc-index.js';

// LSP's CompletionItemKind values (the numbers are the protocol's).
const KIND_PROPERTY = 10;
const KIND_VALUE = 12;
const KIND_CLASS = 7;

/** The text of the HTML comment the cursor is in, from its `<!--` to the cursor, or undefined. */
function commentBefore(text: string, offset: number): string | undefined {
  const open = text.lastIndexOf('<!--', offset);
  if (open < 0) return undefined;
  const close = text.indexOf('-->', open + 4);
  if (close >= 0 && close + 3 <= offset) return undefined;
  const inside = text.slice(open + 4, offset);
  return /^\s*\{/.test(inside) ? inside : undefined;
}

/** Completion items at `offset` of `text`, a page of `version` (for `@odata.type` values). */
export function completionsAt(text: string, offset: number, version: string | undefined, index: DocIndex | undefined): CompletionItem[] {
  const before = text.slice(Math.max(0, text.lastIndexOf('\n', offset - 1) + 1), offset);
  const comment = commentBefore(text, offset);

  const odata = /"@odata\.type"\s*:\s*"(#?)([\w.]*)$/.exec(before);
  if (odata && index) {
    // Bodies write `#microsoft.graph.x`; annotations write `microsoft.graph.x`. Keep what the author started.
    const hash = odata[1] === '#' || (comment === undefined && odata[2] === '');
    return odataTypes(index, version, hash);
  }

  if (comment === undefined) return [];
  if (/"blockType"\s*:\s*"\w*$/.test(before)) {
    return BLOCK_TYPES.map((value) => ({ label: value, kind: KIND_VALUE, detail: 'blockType' }));
  }
  // A key position: right after `{` or `,` (and perhaps an opening quote and part of the key).
  const key = /(?:^|[{,])\s*("?)([\w@.]*)$/.exec(comment);
  if (!key) return [];
  const present = new Set([...comment.matchAll(/"([^"]+)"\s*:/g)].map((m) => m[1]));
  const quoted = key[1] === '"';
  return Object.entries(ANNOTATION_KEYS)
    .filter(([name]) => !present.has(name))
    .map(([name, type]) => ({
      label: name,
      kind: KIND_PROPERTY,
      detail: `annotation key (${type})`,
      insertText: quoted ? name : `"${name}": `,
      filterText: quoted ? name : `"${name}`,
    }));
}

function odataTypes(index: DocIndex, version: string | undefined, hash: boolean): CompletionItem[] {
  const seen = new Set<string>();
  const items: CompletionItem[] = [];
  // The page's own version first; a type of another version is still offered, marked as such.
  const sorted = [...index.resources].sort((a, b) => Number(b.version === version) - Number(a.version === version));
  for (const type of sorted) {
    const label = `${hash ? '#' : ''}${type.namespace}.${type.name}`;
    if (seen.has(label)) continue;
    seen.add(label);
    items.push({
      label,
      kind: KIND_CLASS,
      detail: `${type.page.file}${type.version !== version && type.version !== undefined ? ` (${type.version})` : ''}`,
      sortText: `${type.version === version ? '0' : '1'}${label.toLowerCase()}`,
    });
  }
  return items;
}
