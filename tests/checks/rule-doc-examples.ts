/**
 * Reads the ✅/❌ examples out of a rule doc (`checks/<id>.md`) and runs them through the real pipeline.
 * An example is a ````markdown fence (four backticks, so the page inside can hold ``` fences) under a
 * `### ✅` or `### ❌` heading; a ❌ example is followed by a ```text fence with the expected diagnostic lines.
 */
import { parsePage } from '../../extractor/index.js';
import { runChecks } from '../../checks/index.js';

export interface DocExample {
  readonly kind: 'ok' | 'not-ok';
  readonly heading: string;
  readonly input: string;
  /** For ❌ examples: the expected `line:col-line:col: message` lines. */
  readonly expected: readonly string[];
  /** Line of the doc where the input starts. */
  readonly line: number;
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
    out.push({ kind, heading, input, expected, line: start + 1 });
    i = end;
  }
  return out;
}

/** A line `<!-- next page: x.md -->` in an example starts another page of the same doc set (for cross-page rules). */
const NEXT_PAGE = /^<!-- next page: ([\w.-]+\.md) -->$/;

/**
 * Runs one example with only `ruleId` on; returns `line:col-line:col: message` lines for its first page. An example
 * may hold more pages, each after a `<!-- next page: name.md -->` line, which take part in the doc set (types,
 * links) but whose own findings are not listed.
 */
export function runExample(ruleId: string, input: string): string[] {
  // The page sits beside the doc, so relative links in examples resolve against checks/.
  const parts: { file: string; lines: string[] }[] = [{ file: `checks/${ruleId}.md`, lines: [] }];
  for (const line of input.split('\n')) {
    const next = NEXT_PAGE.exec(line);
    if (next) parts.push({ file: `checks/${next[1]}`, lines: [] });
    else parts[parts.length - 1].lines.push(line);
  }
  const pages = parts.map((part) => parsePage(part.file, part.lines.join('\n')));
  return runChecks(pages, { only: [ruleId] })
    .filter((d) => d.file === pages[0].file)
    .map((d) => `${d.range.start.line}:${d.range.start.column}-${d.range.end.line}:${d.range.end.column}: ${d.message}`);
}
