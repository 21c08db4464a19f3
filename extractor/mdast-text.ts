/** Plain text of an mdast node: text, inline code and link text, with `<br>` read as a space. */
export interface MdNode {
  type: string;
  value?: string;
  children?: MdNode[];
  position?: { start: { line: number; column: number; offset?: number }; end: { line: number; column: number; offset?: number } };
  [key: string]: unknown;
}

export function nodeText(node: MdNode): string {
  if (node.type === 'html') return /^<br\s*\/?>$/i.test(node.value ?? '') ? ' ' : '';
  if (typeof node.value === 'string') return node.value;
  if (!node.children) return '';
  let out = '';
  for (const child of node.children) out += nodeText(child);
  return out;
}

/** GitHub-style heading slug, as used by in-page anchors (`#agegroup-values`). */
export function slugify(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}
