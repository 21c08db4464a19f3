import type { Range } from '../core/diagnostic.js';
import type { DocPage } from '../extractor/model.js';
import { defineRule } from './define-rule.js';
import { rangeAt } from './support/positions.js';
import { proseLines, type ProseLine } from './support/prose-lines.js';

/** Anything that tries to be a tab marker: a `#` line, or a line-leading link, whose target is `#tab/…` or `tab/…`. */
const LOOSE_MARKER = /^\s*(#*)\s*\[([^\]]*)\]\(\s*(#?)tab\/([^)\s]*)\s*\)(.*)$/;
/** A well-formed marker: a heading holding only `[Label](#tab/id)`. */
const MARKER = /^(#{1,6}) \[([^\]]*\S[^\]]*)\]\(#tab\/([A-Za-z0-9_.+-]+)\)\s*$/;
const HEADING = /^ {0,3}#{1,6}(?:\s|$)/;
const CLOSE = /^ {0,3}-{3,}\s*$/;

interface Group {
  readonly first: ProseLine;
  readonly depth: number;
  readonly ids: Map<string, number>;
  /** Line of the last non-blank line seen in the group (a `---` right below text is a setext underline). */
  lastText: number;
}

/** Snippet tab groups (`# [HTTP](#tab/http)` … `---`): well-formed markers, closed groups, no tab twice in a group. */
export default defineRule({
  id: 'snippet-tabs',
  description: 'Snippet tab groups must be well formed: `# [Label](#tab/id)` markers, no tab twice in a group, and a `---` line that closes the group.',
  defaultSeverity: 'error',
  messages: {
    malformed: 'Unexpected tab marker "{actual}", expected "{expected}" (a heading holding only the link): fix it, or the docs build shows it as text and the tabs break',
    duplicate: 'Unexpected second "{id}" tab in the group opened at line {first}, expected each tab once: remove or rename the repeated tab',
    unclosed: 'Unexpected tab group without a closing "---" line {where}, expected "---" after its last tab: add the line, or the rest of the page is swallowed by the last tab',
    setext: 'Unexpected "---" right below a text line, which makes that line a heading instead of closing the tab group, expected a blank line before "---": add the blank line',
  },
  run(page, context) {
    const lines = proseLines(page);
    let group: Group | undefined;
    const closeUnclosed = (where: string) => {
      if (!group) return;
      context.report({
        messageId: 'unclosed',
        data: { where },
        at: lineRange(page, group.first),
        element: `tabs:${group.first.line}#unclosed`,
      });
      group = undefined;
    };
    for (const line of lines) {
      const text = line.text;
      if (text.trim() === '') continue;
      const loose = LOOSE_MARKER.exec(text);
      if (loose) {
        const strict = MARKER.exec(text.trimEnd());
        const depth = strict ? strict[1].length : Math.max(1, loose[1].length);
        if (!strict) {
          const expected = `${'#'.repeat(group?.depth ?? depth)} [${loose[2].trim() || 'Label'}](#tab/${loose[4] || 'id'})`;
          context.report({
            messageId: 'malformed',
            data: { actual: text.trim(), expected },
            at: lineRange(page, line),
            expected,
            actual: text.trim(),
            element: `tabs:${line.line}#malformed`,
          });
        }
        const id = (loose[4] || '').toLowerCase();
        if (!group) {
          group = { first: line, depth, ids: new Map(), lastText: line.line };
        } else if (id !== '' && group.ids.has(id)) {
          context.report({
            messageId: 'duplicate',
            data: { id: loose[4], first: group.first.line },
            at: lineRange(page, line),
            actual: loose[4],
            element: `tabs:${group.first.line}#${id}`,
          });
        }
        if (id !== '' && !group.ids.has(id)) group.ids.set(id, line.line);
        group.lastText = line.line;
        continue;
      }
      if (!group) continue;
      if (CLOSE.test(text)) {
        if (group.lastText === line.line - 1 && isParagraphLine(lineBefore(lines, line)?.text ?? '')) {
          context.report({ messageId: 'setext', at: lineRange(page, line), element: `tabs:${group.first.line}#setext` });
        }
        group = undefined;
        continue;
      }
      if (HEADING.test(text)) {
        closeUnclosed(`before the heading at line ${line.line}`);
        continue;
      }
      group.lastText = line.line;
    }
    closeUnclosed('before the end of the page');
  },
});

/** Whether a `---` right below this line underlines it as a heading (a paragraph line, not a heading, list item or table row). */
function isParagraphLine(text: string): boolean {
  return !HEADING.test(text) && !/^\s*(?:[-*+>|]|\d+[.)])/.test(text);
}

function lineBefore(lines: readonly ProseLine[], line: ProseLine): ProseLine | undefined {
  const i = lines.indexOf(line);
  return i > 0 ? lines[i - 1] : undefined;
}

function lineRange(page: DocPage, line: ProseLine): Range {
  const lead = line.text.length - line.text.trimStart().length;
  return rangeAt(page, line.offset + lead, line.offset + line.text.trimEnd().length);
}
