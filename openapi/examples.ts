/**
 * What the docs' example requests give the OpenAPI export so that other tools can run it: the values their paths,
 * queries and headers used (each parameter's `example`: Dredd refuses a required path parameter without one), and
 * a verdict on each example body against its schema (an example that breaks its own schema is an error for
 * Spectral's `oas3-valid-media-example` and a wrong answer from Prism, so it is left out, with a finding).
 */
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import type { JsonSchema } from '../contracts/index.js';
import { createContractsAjv } from '../contracts/index.js';

/** `{…}` or `<…>`, as path-template.ts reads them. */
const PLACEHOLDER = /\{[^{}]*\}|<[^<>]*>/g;

/**
 * The value each placeholder of `templatePath` (a docs path, placeholders as written) takes in `examplePath`, in
 * order; undefined when the example's path does not have the template's shape or still shows a placeholder there.
 * Literal text compares case-insensitively (Graph paths do); a value never spans a `/` unless `spans[i]` (a drive
 * item path between colons).
 */
export function placeholderValues(templatePath: string, examplePath: string, spans: readonly boolean[] = []): (string | undefined)[] | undefined {
  const literals = trimSlash(templatePath).split(PLACEHOLDER);
  const count = literals.length - 1;
  if (count === 0) return [];
  let source = '^';
  literals.forEach((literal, i) => {
    source += escapeRegExp(literal);
    if (i < count) source += spans[i] ? '(.+?)' : '([^/]+?)';
  });
  const match = new RegExp(`${source}$`, 'i').exec(trimSlash(examplePath));
  if (!match) return undefined;
  return match.slice(1, count + 1).map((raw) => {
    let value = raw;
    try {
      value = decodeURIComponent(raw);
    } catch {
      // A stray `%`: keep the value as written.
    }
    return new RegExp(`^(${PLACEHOLDER.source})$`).test(value.trim()) || value.trim() === '' ? undefined : value;
  });
}

/** The first value of each key among the examples' queries or headers (lower-cased keys for headers). */
export function firstValues(records: readonly Readonly<Record<string, string>>[], lowerKeys = false): Map<string, string> {
  const out = new Map<string, string>();
  for (const record of records) {
    for (const [key, value] of Object.entries(record)) {
      const name = lowerKeys ? key.toLowerCase() : key;
      if (!out.has(name) && value.trim() !== '' && !new RegExp(`^(${PLACEHOLDER.source})$`).test(value.trim())) out.set(name, value);
    }
  }
  return out;
}

/** Judges example bodies against the contracts' schemas; one compiled validator per schema id. */
export class ExampleJudge {
  private ajv: ReturnType<typeof createContractsAjv> | undefined;
  private readonly compiled = new Map<string, ValidateFunction | null>();

  constructor(private readonly schemas: ReadonlyMap<string, JsonSchema>) {}

  /**
   * The first problem of `value` against schema `id` (for a collection: `{ "value": [ items ] }` of it), as
   * "at /pointer: message", or undefined when it is valid or the schema cannot be compiled (nothing to judge by).
   */
  problem(id: string, collection: boolean, value: unknown): string | undefined {
    const validate = this.validator(id);
    if (!validate) return undefined;
    if (collection) {
      if (value === null || typeof value !== 'object' || Array.isArray(value) || !Array.isArray((value as { value?: unknown }).value)) {
        return 'at /: a collection { "value": [ … ] } was expected';
      }
      const items = (value as { value: unknown[] }).value;
      for (let i = 0; i < items.length; i++) {
        if (!validate(items[i])) return describe(validate.errors ?? [], `/value/${i}`);
      }
      return undefined;
    }
    return validate(value) ? undefined : describe(validate.errors ?? [], '');
  }

  private validator(id: string): ValidateFunction | null {
    let fn = this.compiled.get(id);
    if (fn !== undefined) return fn;
    try {
      this.ajv ??= createContractsAjv([...this.schemas.values()], { strict: false, allErrors: false, validateSchema: false, logger: false });
      fn = this.ajv.getSchema(id) ?? null;
    } catch {
      fn = null;
    }
    this.compiled.set(id, fn);
    return fn;
  }
}

function describe(errors: readonly ErrorObject[], prefix: string): string {
  const first = errors[0];
  const pointer = `${prefix}${first?.instancePath ?? ''}`;
  return `at ${pointer || '/'}: ${first?.message ?? 'invalid'}`;
}

function trimSlash(path: string): string {
  let p = path.trim();
  if (!p.startsWith('/')) p = `/${p}`;
  return p.length > 1 ? p.replace(/\/+$/, '') : p;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
