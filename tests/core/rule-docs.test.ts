/**
 * Every rule id the code can emit has a doc in this repository, and `ruleDocUrl` points at it: a check at
 * `checks/<id>.md`, a stage rule at a `## <name>` section of its stage's RULES.md. The ids are collected by scanning
 * the sources (as a reviewer would grep them), so a new rule without a doc section fails here. The metadata
 * RULES.md examples (a CSDL fragment, a page, the expected findings) are run through `compareMetadata`.
 */
import { describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { RULES } from '../../checks/index.js';
import { internalError } from '../../core/diagnostic.js';
import { makeFinding, ruleDocUrl, STAGE_RULE_DOCS, withDocUrl } from '../../core/rule-docs.js';
import { parsePage } from '../../extractor/index.js';
import { compareMetadata } from '../../metadata/compare.js';
import { parseCsdl } from '../../metadata/csdl.js';
import { METADATA_RULES } from '../../metadata/rules.js';
import { ROOT } from '../helpers/paths.js';

const SOURCE_DIRS = ['replay', 'metadata', 'contracts', 'extractor', 'openapi', 'cli', 'core', 'checks', 'resolve', 'reports'];
const STAGES = Object.keys(STAGE_RULE_DOCS);

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (name.endsWith('.ts')) out.push(path);
  }
  return out;
}

/** Every stage rule id written in the sources: literal ids, and `<stage>/internal-error` built by `internalError('<stage>', …)`. */
function stageRuleIds(): string[] {
  const ids = new Set<string>();
  const literal = new RegExp(`['\`"](${STAGES.join('|')})/([a-z0-9-]+)['\`"]`, 'g');
  for (const file of SOURCE_DIRS.flatMap((dir) => sourceFiles(join(ROOT, dir)))) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(literal)) ids.add(`${m[1]}/${m[2]}`);
    for (const m of text.matchAll(/internalError\(\s*'([a-z]+)'/g)) ids.add(`${m[1]}/internal-error`);
  }
  // Every stage documents internal-error, which any of them may emit through `internalError`.
  for (const stage of STAGES) ids.add(`${stage}/internal-error`);
  return [...ids].sort();
}

/**
 * The `## <name>` sections of a Markdown text by name, each with its body; headings inside fenced blocks (the pages
 * of the examples have their own `## Properties`) are not sections.
 */
function sectionsOf(text: string): Map<string, string> {
  const out = new Map<string, string>();
  let fence: string | undefined;
  let current: string | undefined;
  for (const line of text.split('\n')) {
    const marker = /^(`{3,}|~{3,})/.exec(line)?.[1];
    if (marker !== undefined) {
      if (fence === undefined) fence = marker;
      else if (marker.startsWith(fence) && line.trim() === marker) fence = undefined;
    } else if (fence === undefined && line.startsWith('## ')) {
      current = line.slice(3).trim();
      out.set(current, '');
      continue;
    }
    if (current !== undefined) out.set(current, `${out.get(current) ?? ''}${line}\n`);
  }
  return out;
}

/** The `## <name>` headings of a Markdown file (already lower-case kebab names, so they are their own anchors). */
function sections(path: string): Set<string> {
  return new Set(sectionsOf(readFileSync(path, 'utf8')).keys());
}

/** Whether `url` (repository-relative, with an optional `#anchor`) names a file that exists and, if given, an `## anchor` in it. */
function resolves(url: string): boolean {
  const [file, anchor] = url.split('#');
  const path = join(ROOT, file);
  if (!existsSync(path)) return false;
  return anchor === undefined || sections(path).has(anchor);
}

const ids = stageRuleIds();

describe('rule docs of every stage', () => {
  it('should find the rule ids of every stage in the sources', () => {
    // A floor, so that a broken scan (no ids) cannot pass the tests below vacuously.
    for (const stage of STAGES) expect(ids.filter((id) => id.startsWith(`${stage}/`)).length).toBeGreaterThanOrEqual(2);
    expect(ids).toEqual(expect.arrayContaining(['replay/status', 'extract/invalid-utf8', 'contracts/unresolved-type', 'openapi/unresolved-reference', 'metadata/types-undocumented']));
    for (const id of Object.keys(METADATA_RULES)) expect(ids).toContain(id);
  });

  it.each(ids.map((id) => [id]))('should document %s in a ## section of its stage\'s RULES.md', (id) => {
    const url = ruleDocUrl(id);
    expect(url).toBe(`${STAGE_RULE_DOCS[id.slice(0, id.indexOf('/'))]}#${id.slice(id.indexOf('/') + 1)}`);
    expect(resolves(url as string)).toBe(true);
  });

  it.each(Object.keys(RULES).map((id) => [id]))('should point check %s at its checks/<id>.md', (id) => {
    expect(ruleDocUrl(id)).toBe(`checks/${id}.md`);
    expect(resolves(ruleDocUrl(id) as string)).toBe(true);
  });

  it('should document no section that the code cannot emit', () => {
    for (const stage of STAGES) {
      const doc = STAGE_RULE_DOCS[stage];
      const documented = [...sections(join(ROOT, doc))].map((name) => `${stage}/${name}`);
      expect(documented.filter((id) => !ids.includes(id))).toEqual([]);
    }
  });

  it('should report a missing section as unresolved', () => {
    expect(resolves('replay/RULES.md#no-such-rule')).toBe(false);
    expect(resolves('replay/NO-SUCH.md')).toBe(false);
    expect(ruleDocUrl('nostage/x')).toBeUndefined();
  });
});

describe('makeFinding', () => {
  const range = { start: { line: 3, column: 1, offset: 10 }, end: { line: 3, column: 5, offset: 14 } };

  it('should stamp id, severity and the doc URL, and drop undefined keys', () => {
    expect(makeFinding('replay/status', 'error', { message: 'm', file: 'a.md', range, pointer: undefined, element: 'e' })).toEqual({
      ruleId: 'replay/status', severity: 'error', message: 'm', file: 'a.md', range, element: 'e', url: 'replay/RULES.md#status',
    });
    expect(Object.keys(makeFinding('replay/status', 'error', { message: 'm', file: 'a.md', range, pointer: undefined }))).not.toContain('pointer');
  });

  it('should replace the checks base with the given one and leave stage docs in the repository', () => {
    expect(makeFinding('link-broken', 'warning', { message: 'm', file: 'a.md', range }, { checksBase: 'https://example.com/rules' }).url).toBe('https://example.com/rules/link-broken.md');
    expect(makeFinding('extract/empty-file', 'warning', { message: 'm', file: 'a.md', range }, { checksBase: 'https://example.com/rules' }).url).toBe('extractor/RULES.md#empty-file');
  });

  it('should give internalError of every stage its stage\'s internal-error section', () => {
    for (const stage of STAGES) expect(internalError(stage, 'a.md', new Error('boom')).url).toBe(`${STAGE_RULE_DOCS[stage]}#internal-error`);
  });

  it('should stamp a stage finding without a URL, and leave a check finding and a stamped one as they are', () => {
    const bare = { ruleId: 'extract/empty-file', severity: 'warning' as const, message: 'm', file: 'a.md', range };
    expect(withDocUrl(bare).url).toBe('extractor/RULES.md#empty-file');
    expect(withDocUrl({ ...bare, ruleId: 'no-doc-rule' }).url).toBeUndefined();
    expect(withDocUrl({ ...bare, url: 'x' }).url).toBe('x');
  });
});

/** A CSDL fragment of the docs (its types, in namespace microsoft.graph) as a whole EDMX document. */
function edmx(fragment: string): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
  <edmx:DataServices>
    <Schema Namespace="microsoft.graph" xmlns="http://docs.oasis-open.org/odata/ns/edm">
${fragment}
    </Schema>
  </edmx:DataServices>
</edmx:Edmx>
`;
}

interface MetadataExample {
  readonly rule: string;
  readonly csdl: string;
  readonly page: string;
  readonly path: string;
  readonly expected: readonly string[];
}

/**
 * The examples of metadata/RULES.md: under `## <name>`, a ```xml CSDL fragment, a ````markdown page (its path on the
 * `<!-- path: … -->` line above the fence; default `v1.0/resources/example.md`) and a ```text fence with the expected
 * `line:column message` lines of that rule.
 */
function metadataExamples(doc: string): MetadataExample[] {
  const out: MetadataExample[] = [];
  for (const [name, part] of sectionsOf(doc)) {
    const rule = `metadata/${name}`;
    const csdl = /^```xml\n([\s\S]*?)^```$/m.exec(part)?.[1];
    const page = /^````markdown\n([\s\S]*?)^````$/m.exec(part)?.[1];
    const text = /^```text\n([\s\S]*?)^```$/m.exec(part)?.[1];
    if (csdl === undefined && page === undefined) continue;
    if (csdl === undefined || page === undefined || text === undefined) throw new Error(`${rule}: an example needs a \`\`\`xml fence, a \`\`\`\`markdown fence and a \`\`\`text fence`);
    const path = /<!-- path: (\S+) -->\n````markdown/.exec(part)?.[1] ?? 'v1.0/resources/example.md';
    out.push({ rule, csdl, page, path, expected: text.split('\n').filter((l) => l.trim() !== '') });
  }
  return out;
}

const metadataDoc = readFileSync(join(ROOT, 'metadata/RULES.md'), 'utf8');
const examples = metadataExamples(metadataDoc);

describe('metadata/RULES.md examples', () => {
  it('should have runnable examples for the five most frequent rules on the corpus at least', () => {
    const ruled = new Set(examples.map((e) => e.rule));
    for (const id of ['metadata/property-undocumented', 'metadata/case-mismatch', 'metadata/type-mismatch', 'metadata/nullable-mismatch', 'metadata/enum-members-differ']) expect(ruled).toContain(id);
  });

  it.each(examples.map((e) => [e.rule, e] as const))('should report %s as its example documents', (rule, example) => {
    const page = parsePage(example.path, example.page);
    const result = compareMetadata([page], parseCsdl(edmx(example.csdl), 'v1.0-example.xml'), { version: 'v1.0' });
    const lines = result.diagnostics.filter((d) => d.ruleId === rule).sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.column - b.range.start.column).map((d) => `${d.range.start.line}:${d.range.start.column} ${d.message}`);
    expect(example.expected.length).toBeGreaterThan(0);
    expect(lines).toEqual(example.expected);
  });
});
