import { describe, expect, it, beforeAll, afterAll } from '@jest/globals';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../cli/config.js';
import { locatePointer, parseJson } from '../../cli/json-source.js';
import { suggest } from '../../cli/suggest.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'docpact-config-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Writes `text` as the config of a fresh folder and loads it; resolves to the error message or the config. */
async function load(name: string, text: string): Promise<{ error?: string; config?: unknown }> {
  const folder = join(dir, name);
  await mkdir(folder, { recursive: true });
  await writeFile(join(folder, 'docpact.config.json'), text);
  try {
    return { config: (await loadConfig(folder)).config };
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return { error: (error as Error).message };
  }
}

describe('loadConfig', () => {
  it.each([
    {
      name: 'misspelt key',
      text: '{\n  "docs": ["docs"],\n  "rulez": {}\n}',
      fragments: ['docpact.config.json:3:3', 'Unexpected key "rulez" at the top level', 'did you mean "rules"?'],
    },
    {
      name: 'wrong type',
      text: '{ "docs": "docs" }',
      fragments: ['docpact.config.json:1:3', 'Unexpected string "docs" at /docs, expected an array'],
    },
    {
      name: 'bad rule severity',
      text: '{\n  "rules": {\n    "example-type-mismatch": "warn"\n  }\n}',
      fragments: ['docpact.config.json:3:5', 'at /rules/example-type-mismatch', 'expected one of "off", "info", "warning", "error"', 'did you mean "warning"?'],
    },
    {
      name: 'base URL that is not one',
      text: '{ "baseUrl": "graph.microsoft.com" }',
      fragments: ['at /baseUrl, expected an absolute http(s) URL'],
    },
    {
      name: 'nested item type',
      text: '{ "ignore": ["a", 3] }',
      fragments: ['docpact.config.json:1:19', 'Unexpected number 3 at /ignore/1, expected a string'],
    },
    {
      name: 'several problems, in file order',
      text: '{\n  "failSeverity": "fatal",\n  "vars": { "id": 1 }\n}',
      fragments: ['docpact.config.json:2:3: Unexpected string "fatal" at /failSeverity', 'docpact.config.json:3:13: Unexpected number 1 at /vars/id'],
    },
    {
      name: 'trailing comma',
      text: '{\n  "docs": ["docs",]\n}',
      fragments: ['docpact.config.json:2:19: invalid JSON', 'Unexpected "]"', 'remove the trailing comma'],
    },
    {
      name: 'comment',
      text: '{\n  // my docs\n  "docs": ["docs"]\n}',
      fragments: ['docpact.config.json:2:3: invalid JSON', 'JSON has no comments'],
    },
    {
      name: 'unterminated object',
      text: '{ "docs": ["docs"]',
      fragments: ['docpact.config.json:1:19: invalid JSON', 'Unexpected end of file, expected "," or "}"'],
    },
  ])('should name the place and the expectation for a config with a $name', async ({ name, text, fragments }) => {
    const { error } = await load(name.replace(/\W+/g, '-'), text);
    for (const fragment of fragments) expect(error).toContain(fragment);
    expect(error).not.toMatch(/instancePath|schemaPath|must have required/);
  });

  it('should accept every documented key', async () => {
    const config = {
      $schema: './node_modules/docpact/docpact.schema.json',
      docs: ['docs/**/*.md'],
      ignore: ['**/includes/**'],
      rules: { 'example-type-mismatch': 'warning', 'extract/empty-file': 'off' },
      namespace: 'microsoft.graph',
      baseUrl: 'https://graph.microsoft.com',
      targets: { staging: 'http://127.0.0.1:8080' },
      vars: { 'user-id': 'u1' },
      headers: { 'x-test': '1' },
      metadata: 'metadata/v1.xml',
      failSeverity: 'warning',
      baseline: 'docpact-baseline.json',
    };
    expect(await load('full', JSON.stringify(config))).toEqual({ config });
  });

  it('should find the config in a folder above the working directory and resolve against its folder', async () => {
    await load('walk', '{ "docs": ["pages"] }');
    const deep = join(dir, 'walk', 'a', 'b');
    await mkdir(deep, { recursive: true });
    const loaded = await loadConfig(deep);
    expect(loaded.path).toBe(join(dir, 'walk', 'docpact.config.json'));
    expect(loaded.dir).toBe(join(dir, 'walk'));
  });

  it('should use defaults when no config exists and fail when --config names a missing file', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'docpact-noconfig-'));
    try {
      // tmpdir() may itself hold a stray docpact.config.json; only the explicit case is certain.
      await expect(loadConfig(empty, 'nope.json')).rejects.toThrow('nope.json: config file not found');
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});

describe('parseJson and locatePointer', () => {
  it.each([
    { text: '\ufeff{"a": 1}', ok: true },
    { text: '{"a": 1}\n  x', at: { line: 2, column: 3 } },
    { text: "{'a': 1}", at: { line: 1, column: 2 } },
    { text: '{"a": "\u201cx\u201d"}', ok: true },
    { text: '{"a": \u201cx\u201d}', at: { line: 1, column: 7 } },
    { text: '[1, 2,\n]', at: { line: 2, column: 1 } },
    { text: '{"a": "line\nbreak"}', at: { line: 1, column: 12 } },
  ])('should parse or place the error of $text', ({ text, ok, at }) => {
    const result = parseJson(text);
    expect(result.ok).toBe(ok ?? false);
    if (!result.ok) expect(result.at).toEqual(at);
  });

  it.each([
    { pointer: '', at: { line: 1, column: 1 } },
    { pointer: '/b', at: { line: 3, column: 3 } },
    { pointer: '/b/x~1y', at: { line: 3, column: 28 } },
    { pointer: '/c/1', at: { line: 4, column: 13 } },
    { pointer: '/missing', at: undefined },
  ])('should locate $pointer', ({ pointer, at }) => {
    const text = '{\n  "a": {"b": [1, "}"]},\n  "b": {"z": [true, null], "x/y": 2},\n  "c": [{}, 3]\n}';
    expect(locatePointer(text, pointer)).toEqual(at);
  });
});

describe('suggest', () => {
  it.each([
    { input: 'rulez', expected: 'rules' },
    { input: 'failseverity', expected: 'failSeverity' },
    { input: 'example-type-mismtach', expected: 'example-type-mismatch' },
    { input: 'zzz', expected: undefined },
  ])('should suggest $expected for $input', ({ input, expected }) => {
    expect(suggest(input, ['rules', 'failSeverity', 'example-type-mismatch', 'docs'])).toBe(expected);
  });
});

describe('docpact.schema.json', () => {
  it('should compile in ajv strict mode, so a typo in the schema itself fails here', async () => {
    const { Ajv } = await import('ajv');
    const formats = await import('ajv-formats');
    const { readFile } = await import('node:fs/promises');
    const { ROOT } = await import('../helpers/paths.js');
    const schema = JSON.parse(await readFile(join(ROOT, 'docpact.schema.json'), 'utf8')) as object;
    const ajv = new Ajv({ strict: true, allErrors: true });
    formats.default.default(ajv, ['uri']);
    expect(() => ajv.compile(schema)).not.toThrow();
  });
});
