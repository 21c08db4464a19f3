/**
 * `docpact.config.json`: found by walking up from the working directory (or given with `--config`), checked
 * against the JSON Schema the package ships (`docpact.schema.json`, which editors use to complete the file).
 * Every problem is a {@link ConfigError} (exit 2) naming the file, the line:column and the JSON Pointer of the key.
 */
import { readFile, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import type { ErrorObject } from 'ajv';
import type { Severity } from '../core/diagnostic.js';
import { UsageError } from './errors.js';
import { locatePointer, readJsonFile } from './json-source.js';
import { didYouMean } from './suggest.js';

/** The file name looked for in the working directory and each folder above it. */
export const CONFIG_FILE = 'docpact.config.json';

export type RuleSetting = Severity | 'off';

/** The keys of `docpact.config.json`; `docpact.schema.json` is the authority, keep the two in step. */
export interface DocpactConfig {
  readonly $schema?: string;
  /** Globs, files or folders of pages to check when no paths are given. Default `["docs"]`. */
  readonly docs?: readonly string[];
  /** Globs of pages never to check, relative to the config's folder. */
  readonly ignore?: readonly string[];
  /** Severity or `off` per rule id. */
  readonly rules?: Readonly<Record<string, RuleSetting>>;
  /** The pages' OData namespace. Default `microsoft.graph`. */
  readonly namespace?: string;
  /** The API root the examples are written against. Default `https://graph.microsoft.com`. */
  readonly baseUrl?: string;
  /** Named live base URLs for `replay --target NAME`. */
  readonly targets?: Readonly<Record<string, string>>;
  /** Values for path placeholders in replayed examples. */
  readonly vars?: Readonly<Record<string, string>>;
  /** Headers added to every live request. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Path or URL of the CSDL document for `docpact metadata`. */
  readonly metadata?: string;
  /** Default `error`. */
  readonly failSeverity?: Severity;
  /** Baseline file applied by `check` when `--baseline` is not given. */
  readonly baseline?: string;
  /** Seconds one page may take to parse before it is reported as `extract/too-slow` and skipped; 0: no budget. Default 5. */
  readonly pageTimeout?: number;
  /** Replay sign-in: named accounts (replay/auth.ts); secrets only through the environment variables named here. */
  readonly accounts?: Readonly<Record<string, import('../replay/auth.js').AccountSettings>>;
  /** The account of examples whose scenario names none (`--account` wins). */
  readonly defaultAccount?: string;
  /** Replay pacing per host (replay/pacing.ts) and the run's time budget in seconds. */
  readonly pacing?: import('../replay/pacing.js').PacingOptions & { readonly budget?: number };
  /** Scenario file for replay (`--scenarios` wins), relative to the config. */
  readonly scenarios?: string;
  /** `docpact record`: redaction of the recorded answers (replay/record-redact.ts). */
  readonly record?: { readonly redact?: import('../replay/record-redact.js').RedactionSettings };
}

export interface LoadedConfig {
  /** Absolute path of the file read; undefined when none was found (all defaults). */
  readonly path?: string;
  /** The folder relative paths and globs of the config resolve against: the config's folder, else the working directory. */
  readonly dir: string;
  readonly config: DocpactConfig;
  /** The file's text, for pointing later messages (an unknown rule id) at a line. */
  readonly text?: string;
}

/** A config that cannot be read or does not match the schema. */
export class ConfigError extends UsageError {}

/**
 * Finds, reads and validates the config. With `explicitPath` (relative to `cwd`) that file must exist;
 * otherwise `docpact.config.json` is looked for in `cwd` and each folder above it, and its absence means defaults.
 * Throws {@link ConfigError} on an unreadable, invalid-JSON or schema-violating file.
 */
export async function loadConfig(cwd: string, explicitPath?: string): Promise<LoadedConfig> {
  const path = explicitPath === undefined ? await findConfig(cwd) : resolve(cwd, explicitPath);
  if (path === undefined) return { dir: cwd, config: {} };
  const shown = displayPath(cwd, path);
  const { text, value } = await readJsonFile(path, shown, 'config', 'check the --config path', (m) => new ConfigError(m));
  const problems = await validateConfig(value);
  if (problems.length > 0) {
    const lines = problems
      .map((p) => ({ p, at: locatePointer(text, p.pointer) }))
      .sort((a, b) => (a.at?.line ?? 0) - (b.at?.line ?? 0) || (a.at?.column ?? 0) - (b.at?.column ?? 0))
      .map(({ p, at }) => `${shown}${at ? `:${at.line}:${at.column}` : ''}: ${p.message}`);
    throw new ConfigError(`invalid config:\n  ${lines.join('\n  ')}\nSee the keys and their values in docpact.schema.json.`);
  }
  return { path, dir: dirname(path), config: value as DocpactConfig, text };
}

/** A config problem: where (JSON Pointer, `''` for the root) and what, in the user's words. */
export interface ConfigProblem {
  readonly pointer: string;
  readonly message: string;
}

/** Checks a parsed config against `docpact.schema.json`; an empty list means valid. */
export async function validateConfig(value: unknown): Promise<ConfigProblem[]> {
  const { schema, validate } = await compiledSchema();
  if (validate(value)) return [];
  const seen = new Set<string>();
  const problems: ConfigProblem[] = [];
  for (const error of validate.errors ?? []) {
    const problem = describeError(error, value, schema);
    const key = `${problem.pointer}\n${problem.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      problems.push(problem);
    }
  }
  return problems;
}

/** Resolves a path or glob from the config against the config's folder. */
export function resolveFromConfig(loaded: LoadedConfig, path: string): string {
  return resolve(loaded.dir, path);
}

interface SchemaNode {
  readonly description?: string;
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly enum?: readonly unknown[];
}

type Validate = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

let compiled: Promise<{ schema: SchemaNode; validate: Validate }> | undefined;

/** The schema, compiled once per process. */
function compiledSchema(): Promise<{ schema: SchemaNode; validate: Validate }> {
  compiled ??= (async () => {
    const [{ Ajv }, formats] = await Promise.all([import('ajv'), import('ajv-formats')]);
    const schema = JSON.parse(await readFile(new URL('../docpact.schema.json', import.meta.url), 'utf8')) as SchemaNode;
    const ajv = new Ajv({ allErrors: true, strict: false });
    formats.default.default(ajv, ['uri']);
    return { schema, validate: ajv.compile(schema) as Validate };
  })();
  return compiled;
}

/** Turns one ajv error into "Unexpected X at /pointer, expected Y" with the key's description. */
function describeError(error: ErrorObject, root: unknown, schema: SchemaNode): ConfigProblem {
  const pointer = error.instancePath;
  const actual = valueAt(root, pointer);
  const where = pointer === '' ? 'the top level' : pointer;
  const about = describeKey(schema, pointer);
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String((error.params as { additionalProperty: string }).additionalProperty);
      const child = `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      const known = Object.keys(nodeAt(schema, pointer)?.properties ?? {});
      const expected = known.length > 0 ? `one of ${known.map((k) => `"${k}"`).join(', ')}` : 'no other keys';
      const secret = /secret|password|token/i.test(key) ? '; secrets never go in the config: name the environment variable holding it (clientSecretEnv, refreshTokenEnv)' : '';
      return { pointer: child, message: `Unexpected key "${key}" at ${where}, expected ${expected}${didYouMean(key, known)}${secret}` };
    }
    case 'enum': {
      const allowed = (error.params as { allowedValues: readonly unknown[] }).allowedValues;
      const hint = typeof actual === 'string' ? didYouMean(actual, allowed.map(String)) : '';
      return {
        pointer,
        message: `Unexpected ${show(actual)} at ${where}, expected one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}${about}${hint}`,
      };
    }
    case 'type': {
      const type = (error.params as { type: string | string[] }).type;
      const expected = (Array.isArray(type) ? type : [type]).map(article).join(' or ');
      return { pointer, message: `Unexpected ${show(actual)} at ${where}, expected ${expected}${about}` };
    }
    case 'format':
    case 'pattern':
      if (/Env$/.test(pointer)) return { pointer, message: `Unexpected ${show(actual)} at ${where}, expected the name of an environment variable (letters, digits, _)${about}` };
      return { pointer, message: `Unexpected ${show(actual)} at ${where}, expected an absolute http(s) URL${about}` };
    case 'minItems':
      return { pointer, message: `Unexpected empty list at ${where}, expected at least one entry${about}` };
    case 'minLength':
      return { pointer, message: `Unexpected empty string at ${where}, expected a non-empty value${about}` };
    default:
      return { pointer, message: `Unexpected ${show(actual)} at ${where}: it ${error.message ?? 'is invalid'}${about}` };
  }
}

function describeKey(schema: SchemaNode, pointer: string): string {
  const description = nodeAt(schema, pointer)?.description;
  if (description === undefined) return '';
  const first = description.split(/(?<=\.)\s/)[0];
  return ` (${pointer.split('/').pop()}: ${first.replace(/\.$/, '')})`;
}

/** The schema node describing the value at `pointer`, following `properties` only (enough for descriptions). */
function nodeAt(schema: SchemaNode, pointer: string): SchemaNode | undefined {
  let node: SchemaNode | undefined = schema;
  for (const token of pointer === '' ? [] : pointer.slice(1).split('/')) {
    node = node?.properties?.[token.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return node;
}

function valueAt(root: unknown, pointer: string): unknown {
  let value = root;
  for (const token of pointer === '' ? [] : pointer.slice(1).split('/')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[token.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return value;
}

function show(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'object') return 'object';
  const text = JSON.stringify(value);
  return `${typeof value} ${text.length > 60 ? `${text.slice(0, 57)}…` : text}`;
}

function article(type: string): string {
  return type === 'array' || type === 'object' || type === 'integer' ? `an ${type}` : `a ${type}`;
}

async function findConfig(cwd: string): Promise<string | undefined> {
  let dir = resolve(cwd);
  for (;;) {
    const candidate = join(dir, CONFIG_FILE);
    try {
      if ((await stat(candidate)).isFile()) return candidate;
    } catch {
      // Not here: keep walking up.
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** A path as the user would type it from `cwd`. */
export function displayPath(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return (rel === '' ? '.' : rel.startsWith('..') && rel.split(/[\\/]/).length > 4 ? path : rel).split('\\').join('/');
}
