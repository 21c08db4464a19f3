import { defineRule } from './define-rule.js';
import { isMalformedHttp } from './support/http.js';
import { exampleElement } from './support/text.js';

/** An annotated request without a response, or an annotated response no request leads to. */
export default defineRule({
  id: 'example-unpaired',
  description: 'Each annotated request example must have a response example, and each annotated response a request.',
  defaultSeverity: 'warning',
  messages: {
    noResponse: 'Unexpected request example "{name}" without a response, expected a response example after it: add one (annotated "blockType": "response")',
    noRequest: 'Unexpected response example without a request, expected a request example before it: add the request, or annotate this block "blockType": "ignored"',
  },
  run(page, context) {
    const paired = new Set<number>();
    for (const pair of page.pairs) {
      paired.add(pair.request);
      if (pair.response !== undefined) paired.add(pair.response);
      const request = page.examples[pair.request];
      // A request annotated inside the `## HTTP request` section is the operation's template as well (drive-get.md
      // annotates one per route and shows one response for all): it needs no response of its own.
      const isTemplate = request !== undefined && page.requestTemplates.some((t) => t.range.start.offset >= request.code.range.start.offset && t.range.end.offset <= request.code.range.end.offset);
      // A malformed response block after it is its response, reported by http-message-malformed for what it is.
      const next = request === undefined ? undefined : page.examples[request.index + 1];
      const malformedAnswer = next !== undefined && isMalformedHttp(next) && next.blockType === 'response';
      if (pair.response === undefined && request?.blockType === 'request' && !isTemplate && !malformedAnswer) {
        context.report({
          messageId: 'noResponse',
          data: { name: pair.name },
          at: request.annotation?.range ?? request.code.range,
          element: exampleElement(page, request),
        });
      }
    }
    for (const example of page.examples) {
      if (example.blockType !== 'response' || paired.has(example.index) || isMalformedHttp(example)) continue;
      // The response of a malformed request (http-message-malformed reports the request line).
      if (page.examples[example.index - 1] !== undefined && isMalformedHttp(page.examples[example.index - 1])) continue;
      // `"blockType": "ignored"` on the request is the docs' way to show a request and its response without testing
      // them (user-list.md's `$count` example): the response does have a request. Ignored responses between them
      // are earlier answers to that request (the reports pages: the 302 redirect, then the CSV it leads to).
      let before = page.examples[example.index - 1];
      while (before?.blockType === 'ignored' && before.role === 'response') before = page.examples[before.index - 1];
      if (before?.blockType === 'ignored' && before.role !== 'response') continue;
      context.report({
        messageId: 'noRequest',
        at: example.annotation?.range ?? example.code.range,
        element: exampleElement(page, example),
      });
    }
  },
});
