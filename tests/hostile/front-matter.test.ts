/**
 * Hostile input, items 6 and 10 of issue 14. Front matter: invalid YAML, an unclosed block and YAML warnings are
 * findings at their place in the page, and `yaml` never prints (regression for "raw `YAMLWarning` lines with no file
 * name go to stderr" and "an unclosed front matter swallows the page and the findings blame missing sections").
 * Annotations: a non-string `blockType` is a finding, not a dropped example, and keys named like Object's own
 * members (`__proto__`, `constructor`, `toString`) are unknown keys with a real message (regression for
 * "not flagged and give an 'undefined undefined' message").
 */
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { runChecks } from '../../checks/index.js';
import { parsePage } from '../../extractor/index.js';
import type { Diagnostic, DocPage } from '../../extractor/index.js';
import { ROOT } from '../helpers/paths.js';
import { tempTree } from '../cli/scenarios.js';

const FILE = 'api-reference/v1.0/api/widget-post.md';
const FRONT = ['---', 'title: "Create widget"', 'doc_type: apiPageType', '---'];
/** FRONT with every key front-matter-keys asks for: the page it heads has no finding at all. */
const COMPLETE = ['---', 'title: "Create widget"', 'description: "Create a widget."', 'author: "docpact"', 'doc_type: apiPageType', '---'];

/** A complete API page (every section page-sections wants) under `front`, with a thematic break before the examples. */
function page(front: readonly string[] = FRONT, annotation = '{ "blockType": "request", "name": "create_widget" }'): string {
  return [
    ...front,
    '# Create widget',
    'Namespace: microsoft.graph',
    '',
    'Create a widget.',
    '',
    '## Permissions',
    '|Permission type|Permissions (from least to most privileged)|',
    '|:---|:---|',
    '|Application|Widget.ReadWrite.All|',
    '',
    '## HTTP request',
    '<!-- { "blockType": "ignored" } -->',
    '```http',
    'POST /widgets',
    '```',
    '',
    '## Request body',
    '|Property|Type|Description|',
    '|:---|:---|:---|',
    '|isActive|Boolean|Whether it is active.|',
    '',
    '## Response',
    'If successful, this method returns a `201 Created` response code and a widget object in the response body.',
    '',
    '---',
    '',
    '## Examples',
    '### Request',
    `<!-- ${annotation} -->`,
    '```http',
    'POST https://graph.microsoft.com/v1.0/widgets',
    'Content-Type: application/json',
    '',
    '{',
    '  "isActive": true',
    '}',
    '```',
    '',
    '### Response',
    '<!-- { "blockType": "response", "truncated": true } -->',
    '```http',
    'HTTP/1.1 201 Created',
    'Content-Type: application/json',
    '',
    '{',
    '  "isActive": true',
    '}',
    '```',
    '',
  ].join('\n');
}

const at = (d: Diagnostic): string => `${d.range.start.line}:${d.range.start.column}`;
const findings = (p: DocPage, only?: string[]): string[] =>
  runChecks([p], only ? { only } : {}).map((d) => `${at(d)} ${d.ruleId} ${d.severity}: ${d.message}`);

/** Everything written to stderr or emitted as a process warning while `parsePage` runs. */
let printed: string[];
beforeEach(() => {
  printed = [];
  jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    printed.push(String(chunk));
    return true;
  });
  jest.spyOn(process, 'emitWarning').mockImplementation((warning: string | Error) => {
    printed.push(String(warning));
  });
});
afterEach(() => {
  jest.restoreAllMocks();
});

describe('front matter', () => {
  it('should start from a clean page that reports nothing', () => {
    expect(findings(parsePage(FILE, page(COMPLETE)))).toEqual([]);
  });

  it.each([
    ['a missing closing quote, at the opening quote', ['---', 'title: "Create widget', 'doc_type: apiPageType', '---'], '2:8', /Missing closing "quote/],
    ['a duplicate key, at the second key', ['---', 'title: "Create widget"', 'doc_type: apiPageType', 'title: again', '---'], '4:1', /unique/],
    ['a tab used as indentation', ['---', 'title: x', 'ms.topic:', '\t- a', '---'], '4:1', /[Tt]ab/],
    ['a list instead of keys', ['---', '- title', '- doc_type', '---'], '2:1', /a list instead of key: value lines/],
    ['keys after a "..." line, at the first of them', ['---', 'title: "Create widget"', '...', 'doc_type: apiPageType', '---'], '4:1', /a second YAML document/],
    ['an alias to no anchor, at the alias', ['---', 'title: "Create widget"', 'doc_type: *type', '---'], '3:11', /an alias to no anchor set before it \(\*type\)/],
    ['an alias inside its own anchor, at the alias', ['---', 'title: "Create widget"', 'doc_type: apiPageType', 'keys: &a [*a]', '---'], '4:11', /contains itself/],
  ])('should report invalid YAML (%s) at its line:column in the page', (_name, front, where, message) => {
    const out = runChecks([parsePage(FILE, page(front))]);
    const invalid = out.filter((d) => d.ruleId === 'front-matter-invalid');
    expect(invalid.map(at)).toEqual([where]);
    expect(invalid[0].severity).toBe('error');
    expect(invalid[0].message).toMatch(message);
    expect(invalid[0].message).toMatch(/^Unexpected invalid YAML in the front matter \(.+\), expected key: value lines/);
    expect(printed).toEqual([]);
  });

  it.each([
    ['closed by a later thematic break', FRONT.slice(0, 3).concat([''])],
    ['never closed at all', FRONT.slice(0, 3).concat([''])],
  ])('should report an unclosed front matter (%s) at 1:1 and find every section of the page', (name, front) => {
    let text = page(front);
    if (name === 'never closed at all') text = text.replace('\n---\n', '\n');
    const p = parsePage(FILE, text);
    expect(findings(p)).toEqual([
      '1:1 front-matter-unclosed error: Unexpected front matter with no closing "---", expected a "---" line after its last key: value line: add it (without it, YAML readers take the page body for front matter)',
    ]);
    // The body is read as if there were no front matter; the key: value lines below the fence are still read.
    expect(p.title?.text).toBe('Create widget');
    expect(p.headings.map((h) => h.text)).toEqual(['Create widget', 'Permissions', 'HTTP request', 'Request body', 'Response', 'Examples', 'Request', 'Response']);
    expect(p.frontMatter?.data).toEqual({ title: 'Create widget', doc_type: 'apiPageType' });
    expect(p.kind).toBe('api');
    expect(p.pairs).toHaveLength(1);
  });

  it('should not take a closed front matter whose YAML holds a comment for an unclosed one', () => {
    const p = parsePage(FILE, page(['---', '# a YAML comment', ...COMPLETE.slice(1)]));
    expect(findings(p)).toEqual([]);
    expect(p.frontMatter?.data).toEqual({ title: 'Create widget', description: 'Create a widget.', author: 'docpact', doc_type: 'apiPageType' });
  });

  it.each([
    ['an unresolved tag', ['---', 'title: "Create widget"', 'doc_type: !custom apiPageType', '---'], '3:11', /Unresolved tag: !custom/],
    ['a list used as a key', ['---', 'title: "Create widget"', 'doc_type: apiPageType', '? [a, b]', ': c', '---'], '4:3', /a list or mapping used as a key/],
  ])('should turn a YAML warning (%s) into a warning finding at its line and print nothing', (_name, front, where, message) => {
    const out = runChecks([parsePage(FILE, page(front))]).filter((d) => d.ruleId === 'front-matter-yaml-warning');
    expect(out.map((d) => [at(d), d.severity])).toEqual([[where, 'warning']]);
    expect(out[0].message).toMatch(message);
    expect(printed).toEqual([]);
  });

  it('should print nothing from the YAML library when the docpact CLI checks such pages', async () => {
    const dir = await tempTree({
      'api/tag.md': page(['---', 'title: "Create widget"', 'doc_type: !custom apiPageType', '---']),
      'api/key.md': page(['---', 'title: "Create widget"', '? [a, b]', ': c', '---']),
      'api/bad.md': page(['---', 'title: "Create widget', '---']),
    });
    try {
      jest.restoreAllMocks();
      const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
        execFile(process.execPath, [join(ROOT, 'bin/docpact.js'), 'check', '.', '--no-cache', '--format', 'json'], { cwd: dir, env: { ...process.env, GITHUB_ACTIONS: '' } }, (error, stdout, stderr) => {
          done({ code: error === null ? 0 : (error as { code?: number }).code ?? null, stdout, stderr });
        });
      });
      expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 1, stderr: '' });
      const report = JSON.parse(result.stdout) as { diagnostics: Diagnostic[] };
      // The rules about reading the YAML (front-matter-keys, on what the YAML says, is not this test's subject).
      const frontMatter = report.diagnostics.filter((d) => ['front-matter-invalid', 'front-matter-unclosed', 'front-matter-yaml-warning'].includes(d.ruleId));
      expect(frontMatter.map((d) => `${d.file} ${at(d)} ${d.ruleId}`)).toEqual([
        'api/bad.md 2:8 front-matter-invalid',
        'api/key.md 3:3 front-matter-yaml-warning',
        'api/tag.md 3:11 front-matter-yaml-warning',
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('annotations', () => {
  it.each([
    ['a number', '5', /Unexpected number 5 for annotation key "blockType", expected a string: write one of "request", "response"/],
    ['an array', '["request"]', /Unexpected array for annotation key "blockType", expected a string: write "request"/],
  ])('should report a blockType that is %s and keep its example', (_name, value, message) => {
    const p = parsePage(FILE, page(FRONT, `{ "blockType": ${value}, "name": "create_widget" }`));
    const example = p.examples.find((e) => e.role === 'request' && e.name === 'create_widget');
    expect(example?.annotation?.data.blockType).toEqual(JSON.parse(value));
    expect(example?.blockType).toBe('unknown');
    const out = runChecks([p], { only: ['annotation-value-type'] });
    expect(out.map(at)).toEqual(['33:8']);
    expect(out[0].message).toMatch(message);
  });

  it.each([['__proto__'], ['constructor'], ['toString'], ['hasOwnProperty'], ['valueOf']])(
    'should report the key %s as an unknown annotation key with a real message',
    (key) => {
      const p = parsePage(FILE, page(FRONT, `{ "blockType": "request", "name": "create_widget", "${key}": 1 }`));
      const out = runChecks([p]).filter((d) => d.ruleId.startsWith('annotation-'));
      expect(out.map((d) => `${at(d)} ${d.ruleId}`)).toEqual(['33:57 annotation-unknown-key']);
      expect(out[0].message).toContain(`"${key}"`);
      expect(out[0].message).not.toMatch(/undefined/);
      // The example is read as usual: the key does not shadow or replace anything.
      expect(p.examples.find((e) => e.name === 'create_widget')?.blockType).toBe('request');
    },
  );

  it('should not check the keys of a nested object as annotation keys', () => {
    const p = parsePage(FILE, page(FRONT, '{ "blockType": "request", "name": "create_widget", "__proto__": { "truncated": 1, "toString": 2 } }'));
    const out = runChecks([p]).filter((d) => d.ruleId.startsWith('annotation-'));
    expect(out.map((d) => `${at(d)} ${d.ruleId}: ${d.message}`)).toEqual([
      '33:57 annotation-unknown-key: Unexpected annotation key "__proto__", expected one of the known keys (blockType, name, truncated, isCollection, @odata.type, …): remove or rename it',
    ]);
    expect(p.examples.find((e) => e.name === 'create_widget')?.truncated).toBeUndefined();
  });

  it('should not let a lenient annotation\'s __proto__ key set what the annotation says', () => {
    const p = parsePage(FILE, page(FRONT, "{ blockType: 'request', name: 'create_widget', __proto__: { truncated: true, isCollection: true } }"));
    const example = p.examples.find((e) => e.name === 'create_widget');
    expect(example?.truncated).toBeUndefined();
    expect(example?.isCollection).toBeUndefined();
    expect(runChecks([p], { only: ['annotation-unknown-key'] }).map((d) => d.message)).toEqual([
      expect.stringContaining('"__proto__"'),
    ]);
  });
});
