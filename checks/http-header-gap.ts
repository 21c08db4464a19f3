import { defineRule } from './define-rule.js';
import { edit, fix } from './support/fix.js';
import { exampleElement } from './support/text.js';

/**
 * A blank line between the request (or status) line and the header lines: HTTP ends the headers at the first blank
 * line, so the "headers" become the start of the body. The extractor marks such messages (`headerGap`); the fixture
 * built from such a request is marked unsendable, so replay does not send a request without headers and with a
 * non-JSON body. Ignored blocks are checked too: readers copy them.
 */
export default defineRule({
  id: 'http-header-gap',
  description: 'Header lines of an HTTP example must follow the request or status line directly, without a blank line.',
  defaultSeverity: 'error',
  messages: {
    request:
      'Unexpected blank line between the request line and the headers, expected the headers on the lines right below "{method} …": remove the blank line (as written, the headers are sent as the body and the request has no headers)',
    response:
      'Unexpected blank line between the status line and the headers, expected the headers on the lines right below the status line: remove the blank line (as written, the headers are read as the body)',
  },
  run(page, context) {
    for (const example of page.examples) {
      const message = example.request ?? example.response;
      if (!message?.headerGap) continue;
      context.report({
        messageId: message.kind,
        data: example.request ? { method: example.request.method } : {},
        at: message.headerGap,
        element: `${exampleElement(page, example)}#header-gap`,
        // A suggestion: the text then says what the author meant, but the headers and the body become ones docpact
        // reads and checks, which may bring findings of their own (on the corpus, an @odata.type without "#").
        fixes: removeBlankLine(page.source, message.headerGap.start.offset, message.headerGap.end.offset).map(([start, end]) =>
          fix('Remove the blank line before the headers', 'suggestion', [edit(page, start, end, '')]),
        ),
      });
    }
  },
});

/**
 * The span of the blank line at `start`..`end` with its line break (the fix: the headers then follow the start line,
 * as the author meant). None when the gap is not a whole blank line of the page (a fence in a blockquote).
 */
function removeBlankLine(source: string, start: number, end: number): [number, number][] {
  if (source.slice(start, end).trim() !== '' || (start > 0 && source[start - 1] !== '\n' && source[start - 1] !== '\r')) return [];
  const eol = source.startsWith('\r\n', end) ? 2 : source[end] === '\n' || source[end] === '\r' ? 1 : 0;
  return eol === 0 ? [] : [[start, end + eol]];
}
