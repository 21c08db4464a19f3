import type { Fix } from '../core/fix.js';
import { defineRule } from './define-rule.js';
import { fix, edit } from './support/fix.js';
import { codeOfReason, REASONS, reasonFits } from './support/http.js';
import { editDistance, exampleElement, isCheckedExample } from './support/text.js';

/** A response status line that is malformed, misspells its reason phrase or uses another code's phrase. */
export default defineRule({
  id: 'http-status-line',
  description: 'Response examples must start with a well-formed status line whose reason phrase fits its code.',
  defaultSeverity: 'warning',
  messages: {
    malformed: 'Unexpected status line "{actual}", expected "HTTP/1.1 <code> <reason>": fix the first line of the response',
    noVersion: 'Unexpected status line "{actual}" without an HTTP version, expected "HTTP/1.1 {code} {reason}"',
    misspelt: 'Unexpected reason phrase "{actual}" for {code}, expected "{expected}": fix the spelling',
    otherCode: 'Unexpected reason phrase "{actual}" for {code}, expected "{expected}" ("{actual}" belongs to {other}): fix the code or the phrase',
  },
  run(page, context) {
    for (const example of page.examples) {
      const response = example.response;
      if (!response || !isCheckedExample(example)) continue;
      const line = response.startLine.text.trim();
      const at = response.startLine.range;
      const element = `${exampleElement(page, example)}#status-line`;
      const match = /^HTTP(\/\d(?:\.\d)?)?\s+(\d{3})(?:\s+(.*))?$/i.exec(line);
      if (!match) {
        context.report({ messageId: 'malformed', data: { actual: line }, at, actual: line, element });
        continue;
      }
      const code = Number(match[2]);
      const reason = (match[3] ?? '').trim();
      const expected = REASONS[code];
      // Offsets within the line as the page holds it (the range starts at the line's first non-blank character).
      const raw = page.source.slice(at.start.offset, at.end.offset);
      if (!match[1]) {
        const afterHttp = at.start.offset + 4;
        const fixes: Fix[] = /^HTTP\s/i.test(raw) ? [fix('Write the HTTP version: HTTP/1.1', 'safe', [edit(page, afterHttp, afterHttp, '/1.1')])] : [];
        context.report({ messageId: 'noVersion', data: { actual: line, code, reason: reason || expected || '' }, at, actual: line, element, fixes });
        continue;
      }
      // A missing reason phrase is allowed by HTTP/1.1; case and spacing differences (`No content`) are not worth a finding.
      if (reason === '' || expected === undefined || reasonFits(code, reason)) continue;
      const other = codeOfReason(reason);
      const close = editDistance(reason.toLowerCase(), expected.toLowerCase()) <= 2;
      // Any other wording (`302 Redirect`, `200 Success`) is unambiguous: clients ignore the phrase and the code says
      // what happened, so a finding would be noise (the precision sample's reviewer judged it so).
      if (other === undefined && !close) continue;
      const data = { actual: reason, code, expected, other: other ?? '' };
      const messageId = other !== undefined ? 'otherCode' : 'misspelt';
      context.report({ messageId, data, at, expected: `${code} ${expected}`, actual: `${code} ${reason}`, element, fixes: statusFixes(page, raw, at.start.offset, reason, expected, other) });
    }
  },
});

/**
 * A misspelt phrase is respelt (safe: clients ignore the phrase, and the code says the same). A phrase of another
 * code leaves open which of the two is wrong: two suggestions, the code's phrase or the phrase's code.
 */
function statusFixes(page: import('../extractor/model.js').DocPage, raw: string, start: number, reason: string, expected: string, other: number | undefined): Fix[] {
  const reasonAt = raw.lastIndexOf(reason);
  const codeAt = raw.search(/\d{3}/);
  if (reasonAt < 0 || codeAt < 0) return [];
  const phrase = edit(page, start + reasonAt, start + reasonAt + reason.length, expected);
  if (other === undefined) return [fix(`Respell the reason phrase: ${expected}`, 'safe', [phrase])];
  return [
    fix(`Set the reason phrase to ${expected}`, 'suggestion', [phrase]),
    fix(`Set the status code to ${other}`, 'suggestion', [edit(page, start + codeAt, start + codeAt + 3, String(other))]),
  ];
}
