import { defineRule } from './define-rule.js';
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
      });
    }
  },
});
