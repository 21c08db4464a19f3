/**
 * Reads the ✅/❌ examples out of a rule doc (`checks/<id>.md`) and runs them through the real pipeline.
 * An example is a ````markdown fence (four backticks, so the page inside can hold ``` fences) under a
 * `### ✅` or `### ❌` heading; a ❌ example is followed by a ```text fence with the expected diagnostic lines.
 */
import { parsePage } from '../../extractor/index.js';
import { runChecks } from '../../checks/index.js';
import { applyFixes, selectFixes } from '../../core/fix-apply.js';
import type { FixKind } from '../../core/fix.js';

export interface DocExample {
  readonly kind: 'ok' | 'not-ok';
  readonly heading: string;
  readonly input: string;
  /** For ❌ examples: the expected `line:col-line:col: message` lines. */
  readonly expected: readonly string[];
  /** Line of the doc where the input starts. */
  readonly line: number;
  /**
   * For a `### ✅ Fixed (safe)` or `### ✅ Fixed (suggestion)` example: the kind of fix, and the input of the ❌
   * example right before it, whose fixes of that kind must turn it into this example.
   */
  readonly fixOf?: { readonly kind: FixKind; readonly input: string };
}

export function parseRuleDoc(doc: string): DocExample[] {
  const lines = doc.split('\n');
  const out: DocExample[] = [];
  let heading = '';
  for (let i = 0; i < lines.length; i++) {
    if (/^### /.test(lines[i])) heading = lines[i].slice(4).trim();
    if (!/^````markdown\s*$/.test(lines[i])) continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && !/^````\s*$/.test(lines[end])) end++;
    const input = lines.slice(start, end).join('\n') + '\n';
    const kind = heading.startsWith('✅') ? 'ok' : heading.startsWith('❌') ? 'not-ok' : undefined;
    if (!kind) throw new Error(`Example at line ${start} is under "${heading}", expected a ### ✅ or ### ❌ heading`);
    const expected: string[] = [];
    if (kind === 'not-ok') {
      let j = end + 1;
      while (j < lines.length && !/^```text\s*$/.test(lines[j]) && !/^#/.test(lines[j]) && !/^````/.test(lines[j])) j++;
      if (!/^```text\s*$/.test(lines[j] ?? '')) throw new Error(`❌ example at line ${start} has no \`\`\`text block of expected findings`);
      for (j++; j < lines.length && !/^```\s*$/.test(lines[j]); j++) if (lines[j].trim() !== '') expected.push(lines[j]);
    }
    const fixed = /^✅ Fixed\b.*\((safe|suggestion)\)/u.exec(heading);
    let fixOf: DocExample['fixOf'];
    if (fixed) {
      const before = out[out.length - 1];
      if (before?.kind !== 'not-ok') throw new Error(`"${heading}" at line ${start} must follow the ❌ example it fixes`);
      fixOf = { kind: fixed[1] as FixKind, input: before.input };
    }
    out.push({ kind, heading, input, expected, line: start + 1, ...(fixOf && { fixOf }) });
    i = end;
  }
  return out;
}

/** A line `<!-- next page: x.md -->` in an example starts another page of the same doc set (for cross-page rules). */
const NEXT_PAGE = /^<!-- next page: ((?!.*\.\.)(?:[\w.-]+\/)*[\w.-]+\.md) -->$/;
/**
 * A first line `<!-- page: v1.0/api/x.md -->` puts the example's first page at that path below checks/ (for rules that
 * read the page's folder, such as the version root of `/graph/api/…` links); the line is not part of the page.
 */
const FIRST_PAGE = /^<!-- page: ((?!.*\.\.)(?:[\w.-]+\/)*[\w.-]+\.md) -->$/;

/**
 * Runs one example with only `ruleId` on; returns `line:col-line:col: message` lines for its first page. An example
 * may hold more pages, each after a `<!-- next page: name.md -->` line, which take part in the doc set (types,
 * links) but whose own findings are not listed; a first line `<!-- page: dir/name.md -->` names the first page's path.
 */
export function runExample(ruleId: string, input: string): string[] {
  return findingsOf(ruleId, input).map((d) => `${d.range.start.line}:${d.range.start.column}-${d.range.end.line}:${d.range.end.column}: ${d.message}`);
}

/** The example split into its pages: the first is checked, the others only take part in the doc set. */
function pagesOf(ruleId: string, input: string): { file: string; text: string }[] {
  // The page sits beside the doc, so relative links in examples resolve against checks/.
  const parts: { file: string; lines: string[] }[] = [{ file: `checks/${ruleId}.md`, lines: [] }];
  const all = input.split('\n');
  const first = FIRST_PAGE.exec(all[0] ?? '');
  if (first) parts[0].file = `checks/${first[1]}`;
  for (const line of first ? all.slice(1) : all) {
    const next = NEXT_PAGE.exec(line);
    if (next) parts.push({ file: `checks/${next[1]}`, lines: [] });
    else parts[parts.length - 1].lines.push(line);
  }
  return parts.map((part) => ({ file: part.file, text: part.lines.join('\n') }));
}

function findingsOf(ruleId: string, input: string) {
  const pages = pagesOf(ruleId, input).map((part) => parsePage(part.file, part.text));
  return runChecks(pages, { only: [ruleId] }).filter((d) => d.file === pages[0].file);
}

/**
 * Applies the example's fixes of `kind` from rule `ruleId` to its first page, as `docpact check --fix` does: passes of
 * non-overlapping fixes, checking again after each, at most ten. Returns the whole example with the first page fixed.
 */
export function fixExample(ruleId: string, input: string, kind: FixKind): string {
  let current = input;
  for (let pass = 0; pass < 10; pass++) {
    const fixes = findingsOf(ruleId, current).flatMap((d) => selectFixes(d, { kinds: [kind] }));
    if (fixes.length === 0) break;
    const [first, ...rest] = pagesOf(ruleId, current);
    const fixed = applyFixes(first.text, fixes).text;
    if (fixed === first.text) break;
    const named = first.file === `checks/${ruleId}.md` ? '' : `<!-- page: ${first.file.slice('checks/'.length)} -->\n`;
    current = [named + fixed, ...rest.map((p) => `<!-- next page: ${p.file.slice('checks/'.length)} -->\n${p.text}`)].join('\n');
  }
  return current;
}

/** Whether any finding of the example carries a fix of `kind`. */
export function hasFix(ruleId: string, input: string, kind: FixKind): boolean {
  return findingsOf(ruleId, input).some((d) => selectFixes(d, { kinds: [kind] }).length > 0);
}

/**
 * The edits of the example's safe fixes that fall outside their finding's ranges (its own and its related locations'
 * in the same page): `check --fix` promises to change nothing else, so each should be `[]`.
 */
export function editsOutsideFindings(ruleId: string, input: string): string[] {
  const out: string[] = [];
  for (const d of findingsOf(ruleId, input)) {
    const spans = [d.range, ...(d.related ?? []).filter((r) => r.file === d.file).map((r) => r.range)];
    for (const fix of selectFixes(d, { kinds: ['safe'] })) {
      for (const e of fix.edits) {
        if (!spans.some((s) => s.start.offset <= e.range.start.offset && e.range.end.offset <= s.end.offset)) {
          out.push(`${d.range.start.line}:${d.range.start.column} fix edits ${e.range.start.line}:${e.range.start.column}-${e.range.end.line}:${e.range.end.column}`);
        }
      }
    }
  }
  return out;
}
