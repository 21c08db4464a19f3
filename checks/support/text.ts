/** Small text helpers shared by rules: edit distance, did-you-mean, element ids. */
import type { Range } from '../../core/diagnostic.js';
import type { DocPage, Example, Table } from '../../extractor/model.js';

/** Levenshtein distance (insert, delete, substitute; a transposition counts 2). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

/**
 * The candidate closest to `word` if it is close enough to be a plausible misspelling: the same letters in another
 * case, or at most `max(1, floor(length / 4))` edits away (`trucated` → `truncated`). Default: none.
 */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = candidate.toLowerCase() === lower ? 0 : editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const limit = Math.max(1, Math.floor(word.length / 4));
  return best !== undefined && bestDistance <= limit ? best : undefined;
}

/** `example:<name>` (request) or `example:<name>/response`; unnamed examples fall back to their order on the page. */
export function exampleElement(page: DocPage, example: Example): string {
  const pair = page.pairs.find((p) => p.request === example.index || p.response === example.index);
  const name = example.name ?? pair?.name;
  const base = name ? `example:${name}` : `example:#${example.index}`;
  const isResponse = example.role === 'response' || example.blockType === 'response';
  return isResponse ? `${base}/response` : base;
}

/** The innermost heading of a table, for `table:<section>/<row>` element ids. */
export function tableSection(table: Table): string {
  return table.section[table.section.length - 1] ?? '';
}

/** A range covering `length` characters of one line, starting at 1-based `column`. */
export function lineRange(line: number, column: number, length: number, lineOffset: number): Range {
  return {
    start: { line, column, offset: lineOffset + column - 1 },
    end: { line, column: column + length, offset: lineOffset + column - 1 + length },
  };
}

/** Whether a code example is one a doc author means as a checked example (not the HTTP request section, not `ignored`). */
export function isCheckedExample(example: Example): boolean {
  // The extractor makes examples of the HTTP request section's blocks only when they are annotated as requests.
  return example.blockType !== 'ignored' && example.blockType !== 'samples';
}

/** The first character of a range: pins a finding about a whole object to its opening brace. */
export function firstChar(range: Range): Range {
  return { start: range.start, end: { ...range.start, column: range.start.column + 1, offset: range.start.offset + 1 } };
}

/** The namespace a page's types live in; Graph pages that state none are `microsoft.graph`. */
export function pageNamespace(page: DocPage): string {
  return page.namespace?.value.trim() || 'microsoft.graph';
}

/**
 * Whether a qualified name's namespace fits the page's: the same, a sub-namespace (`microsoft.graph.callRecords`
 * on a `microsoft.graph` page) or the parent. Case-sensitive, as OData is.
 */
export function fitsNamespace(namespace: string, pageNs: string): boolean {
  return namespace === pageNs || namespace.startsWith(`${pageNs}.`) || pageNs.startsWith(`${namespace}.`) || /^edm$/i.test(namespace);
}

/** `table:<section>/<row name>` for a typed table row. */
export function rowElement(page: DocPage, row: { readonly name: string; readonly table: number }): string {
  const table = page.tables[row.table];
  return `table:${table ? tableSection(table) : ''}/${row.name}`;
}
