import { defineRule } from './define-rule.js';
import { safeReplace } from './support/fix.js';
import { exampleElement, isCheckedExample } from './support/text.js';

/** A one-line description in place of a body: `[Zip file containing a Teams app package]`, `<binary data>`. */
const STAND_IN = /^(?:\[[^\]\n"{}:]*\]|<[^>\n]*>)$/;

/** The body's byte length with LF and with CRLF line breaks. */
function lengths(body: string): { lf: number; crlf: number } {
  return { lf: Buffer.byteLength(body.replace(/\r\n/g, '\n'), 'utf8'), crlf: Buffer.byteLength(body.replace(/\r?\n/g, '\r\n'), 'utf8') };
}

/** Whether a header value fits either length, with or without a final line break. */
function fits(actual: number, lf: number, crlf: number): boolean {
  return [lf, lf + 1, crlf, crlf + 2].includes(actual);
}

/** The JSON object or array a body starts with, up to its closing bracket (strings and escapes respected). */
function leadingJsonValue(body: string): string | undefined {
  if (!/^[{[]/.test(body)) return undefined;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '{' || ch === '[') depth++;
    else if ((ch === '}' || ch === ']') && --depth === 0) return body.slice(0, i + 1);
  }
  return undefined;
}

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
      // A body the example leaves out (teamsapp-publish.md's zip upload shows headers only) or stands in for with a
      // description (`[Zip file containing a Teams app package]`) has a length the page cannot show.
      if (body.trim() === '' || (message.body.kind !== 'json' && STAND_IN.test(body.trim()))) continue;
      const { lf, crlf } = lengths(body);
      const actual = Number(value);
      // A final line break after the body counts too.
      if (fits(actual, lf, crlf)) continue;
      // Stray text after a JSON body (a request line pasted below it) is example-json-invalid's finding; the header
      // may well count the JSON alone.
      const json = message.body.kind === 'invalid-json' ? leadingJsonValue(body) : undefined;
      if (json !== undefined && fits(actual, lengths(json).lf, lengths(json).crlf)) continue;
      // The fix counts the body as the page holds it (CRLF pages with CRLF), which HTTP and the rule both accept.
      const length = message.body.text.includes('\r\n') ? crlf : lf;
      const line = page.source.slice(header.range.start.offset, header.range.end.offset);
      const digits = /^([^:]*:[ \t]*)(\d+)/.exec(line);
      const start = header.range.start.offset + (digits?.[1].length ?? 0);
      context.report({
        messageId: 'mismatch',
        data: { actual, lf, crlf },
        at: header.range,
        expected: lf === crlf ? String(lf) : `${lf} or ${crlf}`,
        actual: value,
        element,
        ...(digits && { fixes: [safeReplace(page, `Set Content-Length to ${length}`, start, start + digits[2].length, String(length))] }),
      });
    }
  },
});
