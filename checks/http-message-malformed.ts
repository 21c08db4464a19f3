import type { Range } from '../core/diagnostic.js';
import type { Body, DocPage, Example, Header } from '../extractor/model.js';
import { METHODS } from '../extractor/http-message.js';
import type { ReportDescriptor } from './define-rule.js';
import { defineRule } from './define-rule.js';
import { codeOfReason, isMalformedHttp } from './support/http.js';
import { lineText as lineTextAt, rangeAt } from './support/positions.js';
import { didYouMean, exampleElement } from './support/text.js';

type MessageId = 'method' | 'requestLine' | 'noCode' | 'statusLine' | 'noBoundary' | 'noParts' | 'unclosed' | 'partHeader' | 'partJson';

const HEADER = /^([A-Za-z0-9!#$%&'*+.^_`|~-]+)\s*:(.*)$/;

/**
 * An annotated request or response whose first line is not HTTP (an unknown method, a status line without a numeric
 * code), and a multipart body whose parts do not parse. Both are what they are, not a missing partner: the example
 * is there, but nothing can send or compare it.
 */
export default defineRule<MessageId>({
  id: 'http-message-malformed',
  description: 'Request and response examples must be well-formed HTTP: a known method, a numeric status code, multipart bodies whose parts parse.',
  defaultSeverity: 'error',
  messages: {
    method: 'Unexpected HTTP method "{actual}", expected one of {methods}{hint}: fix the request line',
    requestLine: 'Unexpected request line "{actual}", expected "<METHOD> <URL>" (such as "GET https://graph.microsoft.com/v1.0/me"): fix the first line of the request',
    noCode: 'Unexpected status line "{actual}" without a numeric status code, expected "HTTP/1.1 <code> <reason>"{hint}: fix the first line of the response',
    statusLine: 'Unexpected first line "{actual}" in a response example, expected a status line "HTTP/1.1 <code> <reason>": add it or fix the line',
    noBoundary: 'Unexpected multipart Content-Type "{actual}" without a boundary, expected "{actual}; boundary=<boundary>": name the boundary the body uses',
    noParts: 'Unexpected multipart body without a "--{boundary}" delimiter line, expected its parts to start with "--{boundary}": use the boundary the Content-Type names',
    unclosed: 'Unexpected end of a multipart body without the closing delimiter, expected "--{boundary}--" after the last part: add it',
    partHeader: 'Unexpected line "{actual}" in the headers of multipart part {part}, expected "Name: value" header lines and then a blank line before the content: add the blank line or fix the header',
    partJson: 'Unexpected invalid JSON in multipart part {part}, expected the JSON its Content-Type "{type}" declares: fix the part',
  },
  run(page, context) {
    for (const example of page.examples) {
      const element = exampleElement(page, example);
      if (isMalformedHttp(example)) {
        const report = startLineFinding(page, example, element);
        if (report) context.report(report);
        continue;
      }
      const message = example.request ?? example.response;
      if (message) for (const report of multipartFindings(page, message.headers, message.body, element)) context.report(report);
    }
  },
});

/** The finding about the first line of a block that is annotated as a request or response but is not one. */
function startLineFinding(page: DocPage, example: Example, element: string): ReportDescriptor<MessageId> | undefined {
  const value = example.code.value;
  const lineIndex = value.split('\n').findIndex((l) => l.trim() !== '');
  if (lineIndex < 0) return undefined;
  const raw = value.split('\n')[lineIndex].replace(/\r$/, '');
  const actual = raw.trim();
  const line = example.code.contentLine + lineIndex;
  const at = lineRangeOf(page, line, actual);
  if (example.blockType === 'request') {
    const m = /^([A-Za-z]+)\s+(\S+)/.exec(actual);
    if (m && /^(?:https?:\/\/|\/|\{|~)/i.test(m[2])) {
      const close = didYouMean(m[1].toUpperCase(), METHODS);
      return {
        messageId: 'method',
        data: { actual: m[1], methods: METHODS.join(', '), hint: close ? ` (did you mean ${close}?)` : '' },
        at: { start: at.start, end: { ...at.start, column: at.start.column + m[1].length, offset: at.start.offset + m[1].length } },
        actual: m[1],
        ...(close ? { expected: close } : {}),
        element: `${element}#request-line`,
      };
    }
    return { messageId: 'requestLine', data: { actual: clip(actual) }, at, actual, element: `${element}#request-line` };
  }
  if (/^HTTP\b/i.test(actual)) {
    const reason = actual.replace(/^HTTP(?:\/[\d.]+)?\s*/i, '');
    const code = codeOfReason(reason) ?? codeOfReason(reason.replace(/^okay$/i, 'OK'));
    const hint = code !== undefined ? ` (such as "HTTP/1.1 ${code} ${code === 200 ? 'OK' : reason}")` : '';
    return { messageId: 'noCode', data: { actual: clip(actual), hint }, at, actual, element: `${element}#status-line` };
  }
  return { messageId: 'statusLine', data: { actual: clip(actual) }, at, actual, element: `${element}#status-line` };
}

function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** The range of `text` on source line `line` (its first occurrence), else the whole line. */
function lineRangeOf(page: DocPage, line: number, text: string): Range {
  const { text: lineText, offset } = lineTextAt(page, line);
  const column = lineText.indexOf(text);
  return column < 0 ? rangeAt(page, offset, offset + lineText.length) : rangeAt(page, offset + column, offset + column + text.length);
}

/** Problems of a multipart body: no boundary, no delimiter, a part's headers, a JSON part that does not parse, no close. */
function multipartFindings(page: DocPage, headers: readonly Header[], body: Body, element: string): ReportDescriptor<MessageId>[] {
  const contentType = headers.find((h) => h.name.toLowerCase() === 'content-type');
  if (!contentType || !/^\s*multipart\//i.test(contentType.value) || body.kind === 'none') return [];
  const boundaryMatch = /;\s*boundary\s*=\s*(?:"([^"]+)"|([^;\s]+))/i.exec(contentType.value);
  const boundary = boundaryMatch?.[1] ?? boundaryMatch?.[2];
  if (!boundary) {
    return [{ messageId: 'noBoundary', data: { actual: contentType.value.trim() }, at: contentType.range, actual: contentType.value.trim(), element: `${element}#multipart` }];
  }
  const text = body.text;
  const base = body.range.start.offset;
  const lines: { text: string; offset: number }[] = [];
  for (let offset = 0; offset <= text.length; ) {
    const end = text.indexOf('\n', offset);
    const stop = end < 0 ? text.length : end;
    lines.push({ text: text.slice(offset, stop).replace(/\r$/, ''), offset });
    offset = stop + 1;
  }
  const at = (offset: number, length: number): Range => rangeAt(page, base + offset, base + offset + length);
  const delimiter = `--${boundary}`;
  const isDelimiter = (l: string): boolean => l.trimEnd() === delimiter || l.trimEnd() === `${delimiter}--`;
  const firstDelimiter = lines.findIndex((l) => isDelimiter(l.text));
  if (firstDelimiter < 0) {
    return [{ messageId: 'noParts', data: { boundary }, at: at(0, lines[0]?.text.length ?? 0), element: `${element}#multipart` }];
  }
  const out: ReportDescriptor<MessageId>[] = [];
  let closed = false;
  let part = 0;
  for (let i = firstDelimiter; i < lines.length; ) {
    if (lines[i].text.trimEnd() === `${delimiter}--`) {
      closed = true;
      break;
    }
    part++;
    let j = i + 1;
    let partType = '';
    let headerProblem = false;
    for (; j < lines.length && lines[j].text.trim() !== '' && !isDelimiter(lines[j].text); j++) {
      const m = HEADER.exec(lines[j].text.trim());
      if (!m) {
        if (!headerProblem) {
          const actual = clip(lines[j].text.trim());
          out.push({ messageId: 'partHeader', data: { actual, part }, at: at(lines[j].offset, lines[j].text.length), actual, element: `${element}#multipart/${part}` });
        }
        headerProblem = true;
        continue;
      }
      if (m[1].toLowerCase() === 'content-type') partType = m[2].trim();
    }
    const contentStart = j < lines.length && lines[j].text.trim() === '' ? j + 1 : j;
    let k = contentStart;
    while (k < lines.length && !isDelimiter(lines[k].text)) k++;
    let last = k - 1;
    while (last >= contentStart && lines[last].text.trim() === '') last--;
    let first = contentStart;
    while (first <= last && lines[first].text.trim() === '') first++;
    if (/(^|[/+])json\b/i.test(partType) && !headerProblem && first <= last) {
      const from = lines[first].offset;
      const to = lines[last].offset + lines[last].text.trimEnd().length;
      try {
        JSON.parse(text.slice(from, to));
      } catch {
        out.push({ messageId: 'partJson', data: { part, type: partType }, at: at(from, to - from), element: `${element}#multipart/${part}` });
      }
    }
    i = k;
  }
  if (!closed) {
    const last = lines[lines.length - 1];
    out.push({ messageId: 'unclosed', data: { boundary }, at: at(last.offset, last.text.length), element: `${element}#multipart-close` });
  }
  return out;
}
