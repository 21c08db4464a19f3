import { defineRule } from './define-rule.js';
import { exampleElement, isCheckedExample } from './support/text.js';

/**
 * A `Content-Length` header that matches the body's byte length neither with LF nor with CRLF line breaks (HTTP
 * sends CRLF, the Markdown file usually holds LF: both countings are right in their own way).
 */
export default defineRule({
  id: 'http-content-length',
  description: 'A `Content-Length` header must equal the body length in bytes, counted with LF or with CRLF line breaks.',
  defaultSeverity: 'error',
  messages: {
    mismatch: 'Unexpected Content-Length {actual}, expected {lf} (LF line breaks) or {crlf} (CRLF) for this body: correct the header or drop it',
    notNumber: 'Unexpected Content-Length "{actual}", expected a number of bytes: correct the header or drop it',
  },
  run(page, context) {
    for (const example of page.examples) {
      const message = example.request ?? example.response;
      // A truncated response shows part of a body whose full length the header gives.
      if (!message || !isCheckedExample(example) || example.truncated === true) continue;
      const header = message.headers.find((h) => h.name.toLowerCase() === 'content-length');
      if (!header) continue;
      const element = `${exampleElement(page, example)}#content-length`;
      const value = header.value.trim();
      if (!/^\d+$/.test(value)) {
        // `{length}`-style placeholders are a way of saying "whatever it is".
        if (!/^[{<[]/.test(value)) context.report({ messageId: 'notNumber', data: { actual: value }, at: header.range, actual: value, element });
        continue;
      }
      const body = message.body.text.replace(/(?:\r?\n)+$/, '');
      const lf = Buffer.byteLength(body.replace(/\r\n/g, '\n'), 'utf8');
      const crlf = Buffer.byteLength(body.replace(/\r?\n/g, '\r\n'), 'utf8');
      const actual = Number(value);
      // A final line break after the body counts too.
      if ([lf, lf + 1, crlf, crlf + 2].includes(actual)) continue;
      context.report({
        messageId: 'mismatch',
        data: { actual, lf, crlf },
        at: header.range,
        expected: lf === crlf ? String(lf) : `${lf} or ${crlf}`,
        actual: value,
        element,
      });
    }
  },
});
