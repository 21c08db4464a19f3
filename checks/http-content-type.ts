import { defineRule } from './define-rule.js';
import { exampleElement, isCheckedExample } from './support/text.js';

/** A JSON body sent or returned without a JSON `Content-Type`. */
export default defineRule({
  id: 'http-content-type',
  description: 'Request and response examples with a JSON body must declare a JSON `Content-Type`.',
  defaultSeverity: 'warning',
  messages: {
    missing: 'Unexpected {kind} with a JSON body and no Content-Type header, expected "Content-Type: application/json": add the header',
    wrong: 'Unexpected Content-Type "{actual}" for a JSON body, expected application/json (or another JSON media type): fix the header or the body',
  },
  run(page, context) {
    for (const example of page.examples) {
      const message = example.request ?? example.response;
      if (!message || !isCheckedExample(example) || !looksJson(message.body)) continue;
      const kind = message.kind;
      const header = message.headers.find((h) => h.name.toLowerCase() === 'content-type');
      const element = `${exampleElement(page, example)}#content-type`;
      if (!header) {
        context.report({ messageId: 'missing', data: { kind }, at: message.startLine.range, expected: 'application/json', element });
        continue;
      }
      const type = header.value.split(';')[0].trim().toLowerCase();
      if (/^(?:application|text)\/(?:[\w.+-]+\+)?json$/.test(type) || /json/.test(type)) continue;
      context.report({ messageId: 'wrong', data: { actual: header.value.trim() }, at: header.range, expected: 'application/json', actual: header.value.trim(), element });
    }
  },
});

/** A JSON body, or a body the extractor kept as text (because of its Content-Type) that still parses as JSON. */
function looksJson(body: { readonly kind: string; readonly text: string }): boolean {
  if (body.kind === 'json') return true;
  if (body.kind !== 'text' || !/^\s*[{[]/.test(body.text)) return false;
  try {
    JSON.parse(body.text);
    return true;
  } catch {
    return false;
  }
}
