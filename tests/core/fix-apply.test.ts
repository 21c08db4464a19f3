/** core/fix-apply.ts: which fixes a pass takes, and that it keeps every byte outside their edits. */
import { describe, expect, it } from '@jest/globals';
import type { Fix, FixKind } from '../../core/fix.js';
import { applyFixes, selectFixes } from '../../core/fix-apply.js';

/** A fix of one or more `[start, end, newText]` edits (lines and columns are not read by the applier). */
function fix(title: string, ...edits: [number, number, string][]): Fix {
  const point = (offset: number) => ({ line: 1, column: offset + 1, offset });
  return { title, kind: 'safe', edits: edits.map(([s, e, newText]) => ({ range: { start: point(s), end: point(e) }, newText })) };
}

describe('applyFixes', () => {
  const text = 'a\r\nbcd  \r\nefg';

  it.each([
    ['replace a span and keep CRLF and trailing spaces', [fix('x', [3, 4, 'B'])], 'a\r\nBcd  \r\nefg', ['x'], []],
    ['insert at an empty range', [fix('x', [1, 1, '!'])], 'a!\r\nbcd  \r\nefg', ['x'], []],
    ['delete', [fix('x', [4, 6, ''])], 'a\r\nb  \r\nefg', ['x'], []],
    ['apply fixes given out of order', [fix('late', [10, 11, 'E']), fix('early', [0, 1, 'A'])], 'A\r\nbcd  \r\nEfg', ['early', 'late'], []],
    ['apply all edits of one fix together', [fix('two', [0, 1, 'A'], [12, 13, 'G'])], 'A\r\nbcd  \r\nefG', ['two'], []],
    ['leave an overlapping fix for the next pass', [fix('first', [3, 6, 'X']), fix('second', [5, 7, 'Y'])], 'a\r\nX  \r\nefg', ['first'], ['second']],
    ['count touching fixes as overlapping', [fix('first', [3, 4, 'X']), fix('second', [4, 5, 'Y'])], 'a\r\nXcd  \r\nefg', ['first'], ['second']],
    ['count two insertions at one place as overlapping', [fix('first', [1, 1, '1']), fix('second', [1, 1, '2'])], 'a1\r\nbcd  \r\nefg', ['first'], ['second']],
    ['skip a fix whose range leaves the text', [fix('out', [12, 99, 'Z'])], text, [], ['out']],
    ['skip a fix whose own edits cross', [fix('crossed', [0, 3, 'A'], [2, 4, 'B'])], text, [], ['crossed']],
    ['skip a fix with no edits', [{ title: 'empty', kind: 'safe', edits: [] } as Fix], text, [], ['empty']],
  ] as const)('should %s', (_name, fixes, expected, applied, skipped) => {
    const outcome = applyFixes(text, fixes);
    expect(outcome.text).toBe(expected);
    expect(outcome.applied.map((f) => f.title)).toEqual(applied);
    expect(outcome.skipped.map((f) => f.title)).toEqual(skipped);
  });
});

describe('selectFixes', () => {
  const of = (title: string, kind: FixKind): Fix => ({ title, kind, edits: [] });
  const finding = { ruleId: 'r', fixes: [of('s1', 'suggestion'), of('safe', 'safe'), of('s2', 'suggestion')] };

  it('should take one fix, the first safe one before any suggestion (a finding\'s fixes are alternatives)', () => {
    expect(selectFixes(finding).map((f) => f.title)).toEqual(['safe']);
    expect(selectFixes(finding, { kinds: ['suggestion'] }).map((f) => f.title)).toEqual(['s1']);
    expect(selectFixes(finding, { kinds: ['suggestion', 'safe'] }).map((f) => f.title)).toEqual(['safe']);
  });

  it('should take nothing from a rule the filter leaves out, or a finding without fixes', () => {
    expect(selectFixes(finding, { rules: ['other'] })).toEqual([]);
    expect(selectFixes({ ruleId: 'r' })).toEqual([]);
  });
});
