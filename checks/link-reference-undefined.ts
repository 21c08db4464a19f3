import { defineRule } from './define-rule.js';
import { rangeAt } from './support/positions.js';
import { proseLines } from './support/prose-lines.js';

/** A definition line: `[label]: url`. */
const DEFINITION = /^ {0,3}\[((?:[^\[\]\\]|\\.)+)\]:\s*\S/;
/**
 * A full or collapsed reference: `[text][label]`, `[text][]` (an image `![alt][label]` too). Not right after a word
 * or a closing bracket: `values[0][1]` and `matrix[i][j]` in prose index an array, they are not links.
 */
const REFERENCE = /(?<![\\\w\])])\[((?:[^\[\]\\]|\\.)+)\]\[((?:[^\[\]\\]|\\.)*)\]/g;

/**
 * A reference-style link `[text][label]` (or `[text][]`) whose label no `[label]: url` definition on the page
 * defines. Markdown renders it as the literal text with its brackets, so readers see `[user][usr]` and no link.
 */
export default defineRule({
  id: 'link-reference-undefined',
  description: 'Reference-style links (`[text][label]`, `[text][]`) must have a `[label]: url` definition on the page.',
  defaultSeverity: 'error',
  messages: {
    undefined: 'Unexpected reference link [{text}][{label}] with no definition of "{name}", expected a "[{name}]: url" line on the page: add the definition or write the link inline',
  },
  run(page, context) {
    const lines = proseLines(page);
    const defined = new Set<string>();
    for (const line of lines) {
      const m = DEFINITION.exec(line.text);
      if (m) defined.add(normalize(m[1]));
    }
    for (const line of lines) {
      if (!line.text.includes('][')) continue;
      // Code spans are not links: blank them (same length, so columns stay right).
      const text = line.text.replace(/(`+)(?:(?!\1)[\s\S])*?\1/g, (span) => ' '.repeat(span.length));
      for (const m of text.matchAll(REFERENCE)) {
        const name = m[2].trim() === '' ? m[1] : m[2];
        if (defined.has(normalize(name))) continue;
        const start = line.offset + (m.index ?? 0);
        context.report({
          messageId: 'undefined',
          data: { text: m[1], label: m[2], name: name.trim() },
          at: rangeAt(page, start, start + m[0].length),
          actual: m[0],
          element: `link:[${normalize(name)}]`,
        });
      }
    }
  },
});

/** Labels match case-insensitively, with runs of white space as one space (CommonMark's label matching). */
function normalize(label: string): string {
  return label.trim().replace(/\s+/g, ' ').toLowerCase();
}
