import { defineRule } from './define-rule.js';
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
