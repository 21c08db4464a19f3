/**
 * Hostile input, item 1 and 2: page-derived names never become a path outside `--out`, and a name too long for the
 * file system never ends the run. Regression for "a resource annotation with
 * `"@odata.type": "microsoft.graph/../../../../../escaped.thing"` creates `escaped.thing.schema.json` five folders up".
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readdir, readFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { insideDir, MAX_SEGMENT_LENGTH, safeSegment, UnsafePathError } from '../../core/safe-path.js';
import { fixtureFiles, schemaFile } from '../../contracts/files.js';
import type { Fixture } from '../../contracts/types.js';
import { SCHEMA_ID_BASE } from '../../contracts/types.js';
import { run, tempTree, writeTree } from '../cli/scenarios.js';

describe('safeSegment', () => {
  it.each([
    ['..', '_'],
    ['.', '_'],
    ['../../etc/passwd', '__.._etc_passwd'],
    ['/etc/passwd', '_etc_passwd'],
    ['C:\\Windows\\system32', 'C_Windows_system32'],
    ['a\0b', 'a_b'],
    ['CON', '_CON'],
    ['aux.json', '_aux.json'],
    ['lpt1', '_lpt1'],
    ['trailing.', 'trailing_'],
    ['', '_'],
    ['get user / by id', 'get_user_by_id'],
    ['microsoft.graph.user', 'microsoft.graph.user'],
  ])('should turn %j into the one safe segment %j', (name, expected) => {
    expect(safeSegment(name)).toBe(expected);
  });

  it('should shorten a 1,000-character name to the limit, keep the extension, and stay stable and distinct', () => {
    const a = `${'x'.repeat(1000)}a`;
    const b = `${'x'.repeat(1000)}b`;
    const sa = safeSegment(a, '.json');
    expect(sa.length).toBeLessThanOrEqual(MAX_SEGMENT_LENGTH);
    expect(sa.endsWith('.json')).toBe(true);
    expect(safeSegment(a, '.json')).toBe(sa);
    expect(safeSegment(b, '.json')).not.toBe(sa);
    // Multi-byte input cannot push a segment over the byte limit: what remains is ASCII.
    expect(Buffer.byteLength(safeSegment('é'.repeat(500)))).toBeLessThanOrEqual(MAX_SEGMENT_LENGTH);
  });
});

describe('insideDir', () => {
  it.each(['../x', 'a/../../x', '/etc/passwd', 'a\0b', '', '.', 'a/..'])('should refuse %j', (rel) => {
    expect(() => insideDir('/tmp/out', rel)).toThrow(UnsafePathError);
  });

  it('should accept a nested relative path', () => {
    expect(insideDir('/tmp/out', 'schemas/beta/x.json')).toBe('/tmp/out/schemas/beta/x.json');
  });
});

describe('contract file names from page-derived ids', () => {
  it.each([
    `${SCHEMA_ID_BASE}beta/microsoft.graph/../../../../../escaped.thing.schema.json`,
    `${SCHEMA_ID_BASE}../../../x.schema.json`,
    `${SCHEMA_ID_BASE}requests/../../x.schema.json`,
    `${SCHEMA_ID_BASE}beta/${'n'.repeat(1000)}.t.schema.json`,
    'https://evil.example/../../../x.schema.json',
  ])('should keep the schema of id #%# below schemas/ in one file name', (id) => {
    const file = schemaFile(id);
    expect(file.startsWith('schemas/')).toBe(true);
    expect(file.split('/').every((part) => part !== '..' && part !== '.' && part.length <= MAX_SEGMENT_LENGTH)).toBe(true);
    expect(file.endsWith('.schema.json')).toBe(true);
    expect(() => insideDir('/tmp/out', file)).not.toThrow();
  });

  it('should keep fixtures of hostile pages and names below fixtures/', () => {
    const fixture = (page: string, name: string) => ({ page, name, source: { file: `${page}.md`, line: 1, column: 1 } }) as unknown as Fixture;
    const files = fixtureFiles([fixture('beta/../../up', '../../../../x'), fixture(`beta/${'p'.repeat(400)}`, 'n'.repeat(400)), fixture('CON/aux', 'nul')]);
    for (const file of files) {
      expect(file.startsWith('fixtures/')).toBe(true);
      expect(file.split('/')).toHaveLength(4);
      expect(file.split('/').every((part) => part !== '..' && part.length <= MAX_SEGMENT_LENGTH)).toBe(true);
    }
    expect(files[2]).toBe('fixtures/_CON/_aux/_nul.json');
  });
});

const hostileResource = (odataType: string, namespace: string) => `---
title: "escaped resource type"
doc_type: resourcePageType
---
# escaped resource type

Namespace: ${namespace}

## Properties

| Property | Type | Description |
|:---|:---|:---|
| id | String | The id. |

## JSON representation

<!-- {
  "blockType": "resource",
  "@odata.type": ${JSON.stringify(odataType)}
} -->
\`\`\`json
{ "id": "String" }
\`\`\`
`;

const hostileApi = (name: string) => `---
title: "Get a thing"
doc_type: apiPageType
---
# Get a thing

## HTTP request

\`\`\`http
GET /things/{id}
\`\`\`

## Example

### Request

<!-- { "blockType": "request", "name": ${JSON.stringify(name)} } -->
\`\`\`http
GET https://graph.microsoft.com/beta/things/1
\`\`\`

### Response

<!-- { "blockType": "response", "truncated": true } -->
\`\`\`http
HTTP/1.1 200 OK
Content-type: application/json

{ "id": "1" }
\`\`\`
`;

async function filesBelow(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name)));
}

const LONG = 'L'.repeat(300);
const PAGE_SETS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  // Names that climb: `../../../../../escaped.thing` would land five folders up, in the test's root.
  climbing: {
    'docs/beta/resources/escaped.md': hostileResource('microsoft.graph/../../../../../escaped.thing', 'microsoft.graph'),
    'docs/beta/resources/abs.md': hostileResource('/tmp/absolute.thing', 'microsoft.graph'),
    'docs/beta/api/thing-get.md': hostileApi('../../../../../escaped-fixture'),
    'docs/beta/api/thing-get-nul.md': hostileApi('CON\u0000aux'),
  },
  // Names past the file system's 255-byte limit (ENAMETOOLONG used to end the whole run).
  long: {
    'docs/beta/resources/long.md': hostileResource(`microsoft.graph.${LONG}`, `microsoft.${LONG}`),
    'docs/beta/resources/longer.md': hostileResource(`microsoft.graph.${LONG}x`, 'microsoft.graph'),
    'docs/beta/api/thing-get-long.md': hostileApi(LONG),
  },
};

describe.each([
  ['extract', 'climbing'],
  ['extract', 'long'],
  ['run', 'climbing'],
  ['run', 'long'],
])('docpact %s on pages with %s names', (command, set) => {
  let root: string;
  let work: string;
  let result: Awaited<ReturnType<typeof run>>;

  beforeAll(async () => {
    // work/ sits five folders below root, so `../../../../../escaped.thing` would land in root itself.
    root = await tempTree({});
    work = join(root, 'a/b/c/d/e');
    await writeTree(work, PAGE_SETS[set]);
    const args = command === 'extract' ? ['extract', 'docs', '--out', 'out'] : ['run', 'docs', '--out', 'out', '--exit-zero'];
    result = await run(work, args);
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('should finish with a manifest and no stack trace', async () => {
    expect(result.stderr).not.toMatch(/internal error|ENAMETOOLONG|\n\s+at /);
    expect([0, 1]).toContain(result.code);
    const manifestDir = command === 'extract' ? join(work, 'out') : join(work, 'out/contracts');
    const manifest = JSON.parse(await readFile(join(manifestDir, 'manifest.json'), 'utf8')) as { schemas: unknown[]; fixtures: unknown[] };
    const pages = Object.keys(PAGE_SETS[set]);
    expect(manifest.fixtures).toHaveLength(pages.filter((p) => p.includes('/api/')).length);
    expect(manifest.schemas.length).toBeGreaterThanOrEqual(pages.filter((p) => p.includes('/resources/')).length);
  });

  it('should write nothing outside --out', async () => {
    const outside = (await filesBelow(root)).filter((f) => !f.startsWith(join('a/b/c/d/e', 'out')) && !f.startsWith(join('a/b/c/d/e', 'docs')) && !f.startsWith(join('a/b/c/d/e', '.docpact')));
    expect(outside).toEqual([]);
    expect(existsSync('/tmp/absolute.thing.schema.json')).toBe(false);
  });

  it('should keep every file name within the limit', async () => {
    for (const file of await filesBelow(join(work, 'out'))) {
      for (const part of file.split('/')) expect(part.length).toBeLessThanOrEqual(MAX_SEGMENT_LENGTH);
    }
  });
});
