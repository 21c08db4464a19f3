/**
 * Applying fixes (core/fix.ts) to a text, ESLint's way: fixes are taken in order of their first edit; a fix whose
 * edits overlap or touch an edit already taken this pass is left for the next pass (after the page is checked
 * again, its finding, if it still stands, comes with edits against the new text). Every byte outside the taken edits
 * is kept as it is.
 */
import type { Fix, FixKind } from './fix.js';

export interface FixOutcome {
  /** The text with the taken fixes applied. */
  readonly text: string;
  /** Fixes applied, in text order. */
  readonly applied: readonly Fix[];
  /** Fixes left out because they overlap one applied, or are malformed (ranges outside the text, crossing edits). */
  readonly skipped: readonly Fix[];
}

/** `[start, end)` offsets of a fix's edits, sorted; undefined when they cross each other or leave the text. */
function spans(fix: Fix, length: number): { start: number; end: number; text: string }[] | undefined {
  const out = fix.edits
    .map((e) => ({ start: e.range.start.offset, end: e.range.end.offset, text: e.newText }))
    .sort((a, b) => a.start - b.start || a.end - b.end);
  if (out.length === 0) return undefined;
  for (let i = 0; i < out.length; i++) {
    const s = out[i];
    if (!Number.isInteger(s.start) || !Number.isInteger(s.end) || s.start < 0 || s.end < s.start || s.end > length) return undefined;
    if (i > 0 && s.start < out[i - 1].end) return undefined;
  }
  return out;
}

/**
 * Applies the fixes of `fixes` that do not overlap one another to `text`. Two fixes that touch (one ends where the
 * other starts) count as overlapping too, since two insertions at one place have no right order.
 */
export function applyFixes(text: string, fixes: readonly Fix[]): FixOutcome {
  const candidates = fixes
    .map((fix) => ({ fix, spans: spans(fix, text.length) }))
    .sort((a, b) => (a.spans?.[0].start ?? 0) - (b.spans?.[0].start ?? 0) || (a.spans?.[0].end ?? 0) - (b.spans?.[0].end ?? 0));
  const taken: { start: number; end: number; text: string }[] = [];
  const applied: Fix[] = [];
  const skipped: Fix[] = [];
  for (const candidate of candidates) {
    const own = candidate.spans;
    if (own === undefined || own.some((s) => taken.some((t) => s.start <= t.end && t.start <= s.end))) {
      skipped.push(candidate.fix);
      continue;
    }
    taken.push(...own);
    applied.push(candidate.fix);
  }
  taken.sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const span of taken) {
    out += text.slice(at, span.start) + span.text;
    at = span.end;
  }
  out += text.slice(at);
  return { text: out, applied, skipped };
}

/** Which fixes a run applies: of these kinds (default safe only), and of these rules (default all). */
export interface FixFilter {
  readonly kinds?: readonly FixKind[];
  readonly rules?: readonly string[];
}

/**
 * The fix of `finding` to apply, if `filter` lets one through: a finding's fixes are alternatives, so at most one,
 * the first safe one when safe fixes are allowed, else the first suggestion when those are.
 */
export function selectFixes(finding: { readonly ruleId: string; readonly fixes?: readonly Fix[] }, filter: FixFilter = {}): Fix[] {
  const kinds = filter.kinds ?? ['safe'];
  if (finding.fixes === undefined || (filter.rules !== undefined && !filter.rules.includes(finding.ruleId))) return [];
  const chosen = (['safe', 'suggestion'] as const).filter((kind) => kinds.includes(kind)).map((kind) => finding.fixes!.find((fix) => fix.kind === kind)).find((fix) => fix !== undefined);
  return chosen === undefined ? [] : [chosen];
}
