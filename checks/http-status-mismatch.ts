import { defineRule } from './define-rule.js';
import { exampleElement, isCheckedExample } from './support/text.js';

/** A response example whose status code is not one the `## Response` section promises. */
export default defineRule({
  id: 'http-status-mismatch',
  description: 'Success response examples must use a status code the `## Response` section names.',
  defaultSeverity: 'error',
  messages: {
    mismatch: 'Unexpected status {actual} in the response example, expected {expected} as the Response section says: fix the example or the section',
  },
  run(page, context) {
    const section = page.response;
    if (!section?.status) return;
    // Any code the section mentions counts ("200 OK, or 204 No Content when …").
    const promised = new Set([section.status.code, ...[...section.text.matchAll(/\b([1-5]\d\d)\b/g)].map((m) => Number(m[1]))]);
    // An error code is no success promise: it comes from prose about failures, such as drive-get.md's "Error response
    // codes" subsection ("an `HTTP 404` response will be returned"). The section's first success code, if any, is.
    const success = section.status.code < 400 ? section.status.code : [...promised].find((code) => code < 400);
    if (success === undefined) return;
    for (const example of page.examples) {
      const response = example.response;
      if (!response || !isCheckedExample(example) || response.status === undefined || example.expectError) continue;
      // Error examples show failures on purpose; only success and redirect codes are promised.
      if (response.status >= 400 || promised.has(response.status)) continue;
      const expected = success === section.status.code ? `${success} ${section.status.text.replace(/^\d+\s*/, '')}`.trim() : String(success);
      context.report({
        messageId: 'mismatch',
        data: { actual: response.status, expected },
        at: response.startLine.range,
        expected,
        actual: String(response.status),
        element: `${exampleElement(page, example)}#status`,
        // The place of a success code found in the text alone is not known: only the prose's own status is pointed at.
        ...(success === section.status.code ? { related: [{ message: 'The Response section promises this status', file: page.file, range: section.status.range }] } : {}),
      });
    }
  },
});
