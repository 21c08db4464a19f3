import type { Fix } from '../core/fix.js';
import type { Body, DocPage, RequestMessage, ResponseMessage } from '../extractor/model.js';
import { defineRule } from './define-rule.js';
import { contentLengthFollowing } from './support/content-length.js';
import { edit, fix } from './support/fix.js';
import { normaliseLenientJson } from './support/lenient-json.js';
import { exampleElement, isCheckedExample } from './support/text.js';

/** An example body that looks like JSON (or is declared as JSON) but does not parse. */
export default defineRule({
  id: 'example-json-invalid',
  description: 'JSON bodies of request and response examples must parse as strict JSON.',
  defaultSeverity: 'error',
  messages: {
    withCause: 'Unexpected {cause} in the JSON body ({problem}), expected strict JSON: {fix}',
    noCause: 'Unexpected JSON syntax ({problem}), expected strict JSON: fix the body so it can be sent and compared',
  },
  run(page, context) {
    for (const example of page.examples) {
      if (!isCheckedExample(example) && example.blockType !== 'resource') continue;
      const body = example.request?.body ?? example.response?.body ?? example.body;
      // A body too deep to read may well be valid JSON: example-json-too-deep reports it.
      if (!body || body.kind !== 'invalid-json' || !body.problem || body.problem.tooDeep !== undefined) continue;
      const cause = body.problem.cause;
      context.report({
        messageId: cause ? 'withCause' : 'noCause',
        data: { cause: cause ?? '', problem: body.problem.message, fix: cause ? fixFor(cause) : '' },
        at: body.problem.range,
        element: `${exampleElement(page, example)}#body`,
        ...(cause && { actual: cause }),
          fixes: bodyFixes(page, body, example.request ?? example.response),
      });
    }
  },
});

/** What to do about each cause the extractor names. */
function fixFor(cause: string): string {
  const c = cause.toLowerCase();
  if (c.includes('trailing comma')) return 'remove the comma after the last member';
  if (c.includes('missing comma')) return 'add a comma between the members';
  if (c.includes('comment')) return 'remove the comment (JSON has none); move the note into the prose';
  if (c.includes('ellipsis')) return 'remove the "..." and mark the response "truncated": true instead';
  if (c.includes('smart') || c.includes('curly')) return 'replace the typographic quotes with straight double quotes';
  if (c.includes('nbsp') || c.includes('non-breaking') || c.includes('unicode space') || c.includes('u+00a0')) return 'replace the non-breaking spaces with ordinary spaces';
  if (c.includes('single')) return 'use double quotes around strings and keys';
  if (c.includes('unquoted')) return 'put the value or key in double quotes';
  if (c.includes('doubled quote')) return 'remove the extra double quote';
  if (c.includes('control') || c.includes('line break') || c.includes('newline')) return 'escape line breaks and tabs inside strings as \\n and \\t';
  if (c.includes('leading zero')) return 'write the number without leading zeros';
  if (c.includes('placeholder') || c.includes('prose')) return 'replace the placeholder text with a real JSON value, or declare a non-JSON Content-Type';
  if (c.includes('after')) return 'remove the text after the JSON value or put it in its own code block';
  return 'fix the body so it can be sent and compared';
}

/**
 * Trailing commas, unquoted keys and single quotes normalised to strict JSON, the value checked the same as JSON5
 * reads it. Still a suggestion, not safe: a body docpact could not read becomes one it checks, which may bring
 * findings of its own (on the 2021 corpus, undocumented and missing required properties behind a trailing comma), and
 * removing a comment loses words written for the reader.
 */
function bodyFixes(page: DocPage, body: Body, message: RequestMessage | ResponseMessage | undefined): Fix[] {
  const start = body.range.start.offset;
  // A fence indented or inside a blockquote holds more than the body text between its offsets: leave it be.
  if (page.source.slice(start, body.range.end.offset) !== body.text) return [];
  const normalised = normaliseLenientJson(body.text);
  if (normalised === undefined) return [];
  const own = normalised.spans.map((s) => edit(page, start + s.start, start + s.end, s.text));
  const edits = [...own, ...(message?.body === body ? contentLengthFollowing(page, message, own) : [])];
  return [fix(normalised.removesComment ? 'Remove the comments and make the body strict JSON' : 'Make the body strict JSON', 'suggestion', edits)];
}
