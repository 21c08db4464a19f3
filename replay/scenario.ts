/**
 * Scenario files (`docpact replay --scenarios FILE`): YAML or JSON (JSON is read as YAML, so one parser gives line and
 * column for both), checked against `replay/scenario.schema.json`. Every problem names the file, the line:column of
 * the key or value and what was expected. The loaded entries keep their positions, so a failing set-up or teardown
 * step is reported at its line in the scenario file.
 */
import { readFile } from 'node:fs/promises';
import type { ErrorObject } from 'ajv';
import picomatch from 'picomatch';
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Document, Node as YamlNode } from 'yaml';
import { readDataFile } from '../core/input-files.js';
import type { Fixture } from '../contracts/types.js';

/** 1-based line and column in the scenario file. */
export interface ScenarioPosition {
  readonly line: number;
  readonly column: number;
}

export type StepMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ScenarioStep {
  readonly name?: string;
  readonly method: StepMethod;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: unknown;
  /** Statuses that count as success; undefined: any 2xx (teardown: 2xx or 404). */
  readonly expectStatus?: readonly number[];
  /** Variable name → JSON Pointer into the response body. */
  readonly capture: Readonly<Record<string, string>>;
  readonly at: ScenarioPosition;
}

export interface ScenarioEntry {
  readonly page: string;
  readonly example?: string;
  readonly account?: string;
  readonly skip?: string;
  readonly expectStatus?: number;
  readonly vars: Readonly<Record<string, string>>;
  /** Documented literal → replacement (with variables) in the example's path, query and body. */
  readonly replace?: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string>>;
  readonly setup: readonly ScenarioStep[];
  readonly teardown: readonly ScenarioStep[];
  readonly at: ScenarioPosition;
}

export interface Scenarios {
  /** The file as the user named it (for findings' `file`). */
  readonly file: string;
  readonly vars: Readonly<Record<string, string>>;
  readonly entries: readonly ScenarioEntry[];
}

/** A scenario file that cannot be read, parsed or does not match the schema; the message lists every problem. */
export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';
}

/**
 * Reads and checks the scenario file at `path`; `shown` is how messages and findings name it (default: `path`).
 * Throws {@link ScenarioError} listing each problem as `file:line:column: message`.
 */
export async function loadScenarios(path: string, shown = path): Promise<Scenarios> {
  const read = await readDataFile(path);
  if ('problem' in read) throw new ScenarioError(`${shown}: cannot read the scenario file (${read.problem}); check the --scenarios path`);
  return parseScenarios(read.text, shown);
}

/** {@link loadScenarios} on text already read. */
export async function parseScenarios(text: string, shown: string): Promise<Scenarios> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number): ScenarioPosition => {
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
  if (doc.errors.length > 0) {
    const lines = doc.errors.map((e) => {
      const p = at(e.pos[0]);
      return `${shown}:${p.line}:${p.column}: ${firstLine(e.message)}`;
    });
    throw new ScenarioError(`invalid scenario file:\n  ${lines.join('\n  ')}`);
  }
  const value: unknown = doc.toJS({ maxAliasCount: 100 });
  const problems = await validate(value, doc, at);
  if (problems.length > 0) {
    const lines = problems.sort((a, b) => a.at.line - b.at.line || a.at.column - b.at.column).map((p) => `${shown}:${p.at.line}:${p.at.column}: ${p.message}`);
    throw new ScenarioError(`invalid scenario file:\n  ${[...new Set(lines)].join('\n  ')}\nSee the keys and their values in replay/scenario.schema.json.`);
  }
  const root = value as RawFile;
  const positionOf = (path: (string | number)[]): ScenarioPosition => {
    const node = doc.getIn(path, true) as YamlNode | undefined;
    return at(node?.range?.[0] ?? 0);
  };
  const entries = root.scenarios.map((raw, i): ScenarioEntry => {
    const steps = (kind: 'setup' | 'teardown'): ScenarioStep[] =>
      (raw[kind] ?? []).map((s, j) => ({
        ...(s.name !== undefined ? { name: s.name } : {}),
        method: s.method,
        path: s.path,
        headers: s.headers ?? {},
        ...('body' in s ? { body: s.body } : {}),
        ...(s.expectStatus !== undefined ? { expectStatus: Array.isArray(s.expectStatus) ? s.expectStatus : [s.expectStatus] } : {}),
        capture: s.capture ?? {},
        at: positionOf(['scenarios', i, kind, j]),
      }));
    return {
      page: raw.page,
      ...(raw.example !== undefined ? { example: raw.example } : {}),
      ...(raw.account !== undefined ? { account: raw.account } : {}),
      ...(raw.skip !== undefined ? { skip: raw.skip } : {}),
      ...(raw.expectStatus !== undefined ? { expectStatus: raw.expectStatus } : {}),
      vars: raw.vars ?? {},
      ...(raw.replace !== undefined ? { replace: raw.replace } : {}),
      headers: raw.headers ?? {},
      setup: steps('setup'),
      teardown: steps('teardown'),
      at: positionOf(['scenarios', i]),
    };
  });
  return { file: shown, vars: root.vars ?? {}, entries };
}

interface RawStep {
  name?: string;
  method: StepMethod;
  path: string;
  headers?: Record<string, string>;
  body?: unknown;
  expectStatus?: number | number[];
  capture?: Record<string, string>;
}
interface RawEntry {
  page: string;
  example?: string;
  account?: string;
  skip?: string;
  expectStatus?: number;
  vars?: Record<string, string>;
  replace?: Record<string, string>;
  headers?: Record<string, string>;
  setup?: RawStep[];
  teardown?: RawStep[];
}
interface RawFile {
  vars?: Record<string, string>;
  scenarios: RawEntry[];
}

/** The entries about `fixture`'s page as a whole, and the one about the example itself (the last one wins). */
export function entriesFor(scenarios: Scenarios, fixture: Pick<Fixture, 'page' | 'name' | 'source'>): { page: ScenarioEntry[]; example?: ScenarioEntry } {
  const page: ScenarioEntry[] = [];
  let example: ScenarioEntry | undefined;
  for (const entry of scenarios.entries) {
    if (!pageMatches(entry.page, fixture)) continue;
    if (entry.example === undefined) page.push(entry);
    else if (entry.example === fixture.name) example = entry;
  }
  return { page, ...(example ? { example } : {}) };
}

const matchers = new Map<string, (value: string) => boolean>();

/** `pattern` names the page by id (`v1.0/user-get`) or glob, over the id or the file path. */
export function pageMatches(pattern: string, fixture: Pick<Fixture, 'page' | 'source'>): boolean {
  if (pattern === fixture.page) return true;
  let match = matchers.get(pattern);
  if (!match) {
    match = picomatch(pattern, { nocase: true, dot: true });
    matchers.set(pattern, match);
  }
  const file = fixture.source.file.split('\\').join('/');
  return match(fixture.page) || match(file) || (!pattern.includes('/') && match(file.slice(file.lastIndexOf('/') + 1)));
}

/** A `{{name}}` that has no value: the step cannot be sent as written. */
export class MissingVariableError extends Error {
  override readonly name = 'MissingVariableError';
  constructor(readonly variable: string) {
    super(`variable {{${variable}}} has no value (no capture or vars entry set it)`);
  }
}

const VARIABLE = /\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}/g;

/** Fills `{{name}}` in `text`; `encode` applies to each value (paths: encodeURIComponent). Throws {@link MissingVariableError}. */
export function expandText(text: string, vars: ReadonlyMap<string, unknown>, encode: (value: string) => string = (v) => v): string {
  return text.replace(VARIABLE, (_whole, name: string) => {
    if (!vars.has(name)) throw new MissingVariableError(name);
    const value = vars.get(name);
    return encode(typeof value === 'string' ? value : JSON.stringify(value));
  });
}

/** Fills variables in every string of a JSON value; a string that is exactly one `{{name}}` becomes the value itself. */
export function expandValue(value: unknown, vars: ReadonlyMap<string, unknown>): unknown {
  if (typeof value === 'string') {
    const whole = /^\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}$/.exec(value);
    if (whole) {
      if (!vars.has(whole[1])) throw new MissingVariableError(whole[1]);
      return vars.get(whole[1]);
    }
    return expandText(value, vars);
  }
  if (Array.isArray(value)) return value.map((v) => expandValue(v, vars));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, expandValue(v, vars)]));
  }
  return value;
}

/** The value at JSON Pointer `pointer` in `root` (RFC 6901), or undefined. */
export function valueAtPointer(root: unknown, pointer: string): unknown {
  if (pointer === '') return root;
  let value = root;
  for (const raw of pointer.slice(1).split('/')) {
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(value) && /^(0|[1-9]\d*)$/.test(token)) value = value[Number(token)];
    else if (value !== null && typeof value === 'object' && Object.hasOwn(value, token)) value = (value as Record<string, unknown>)[token];
    else return undefined;
  }
  return value;
}

// --- schema validation --------------------------------------------------------------------------------------------

type Validate = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };
let compiled: Promise<Validate> | undefined;

function compiledSchema(): Promise<Validate> {
  compiled ??= (async () => {
    const { Ajv } = await import('ajv');
    const schema = JSON.parse(await readFile(new URL('./scenario.schema.json', import.meta.url), 'utf8')) as object;
    return new Ajv({ allErrors: true, strict: false }).compile(schema) as Validate;
  })();
  return compiled;
}

interface Problem {
  readonly at: ScenarioPosition;
  readonly message: string;
}

async function validate(value: unknown, doc: Document, at: (offset: number) => ScenarioPosition): Promise<Problem[]> {
  const check = await compiledSchema();
  if (check(value)) return [];
  const errors = check.errors ?? [];
  // `oneOf` on expectStatus repeats its branches' errors: keep the oneOf one only.
  const oneOfPaths = new Set(errors.filter((e) => e.keyword === 'oneOf').map((e) => e.instancePath));
  return errors
    .filter((e) => e.keyword === 'oneOf' || !oneOfPaths.has(e.instancePath))
    .map((error) => {
      const path = error.instancePath === '' ? [] : error.instancePath.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
      const where = error.instancePath === '' ? 'the top level' : error.instancePath;
      const node = nodeAt(doc, path);
      let offset = node?.range?.[0] ?? 0;
      let message: string;
      switch (error.keyword) {
        case 'additionalProperties': {
          const key = String((error.params as { additionalProperty: string }).additionalProperty);
          offset = keyOffset(node, key) ?? offset;
          message = `Unexpected key "${key}" at ${where}, expected ${expectedKeys(path)}`;
          break;
        }
        case 'required':
          message = `Missing key "${String((error.params as { missingProperty: string }).missingProperty)}" at ${where}`;
          break;
        case 'enum':
          message = `Unexpected ${JSON.stringify(valueAt(value, path))} at ${where}, expected one of ${((error.params as { allowedValues: unknown[] }).allowedValues).map((v) => JSON.stringify(v)).join(', ')}`;
          break;
        case 'type':
          message = `Unexpected ${kind(valueAt(value, path))} at ${where}, expected ${String((error.params as { type: string }).type)}`;
          break;
        case 'pattern':
          message = path.at(-2) === 'capture'
            ? `Unexpected ${JSON.stringify(valueAt(value, path))} at ${where}, expected a JSON Pointer ("/id")`
            : `Unexpected ${JSON.stringify(valueAt(value, path))} at ${where}, expected a path starting with / (below the target; never a full URL)`;
          break;
        case 'oneOf':
          message = `Unexpected ${JSON.stringify(valueAt(value, path))} at ${where}, expected a status (100–599) or a list of them`;
          break;
        default:
          message = `Unexpected ${kind(valueAt(value, path))} at ${where}: it ${error.message ?? 'is invalid'}`;
      }
      return { at: at(offset), message };
    });
}

function nodeAt(doc: Document, path: string[]): YamlNode | undefined {
  let node: unknown = doc.contents;
  for (const token of path) {
    if (isMap(node)) node = node.items.find((p) => isScalar(p.key) && String(p.key.value) === token)?.value;
    else if (isSeq(node)) node = node.items[Number(token)];
    else return undefined;
  }
  return node as YamlNode | undefined;
}

function keyOffset(node: YamlNode | undefined, key: string): number | undefined {
  if (!isMap(node)) return undefined;
  const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
  return isScalar(pair?.key) ? pair.key.range?.[0] : undefined;
}

function expectedKeys(path: string[]): string {
  const keys =
    path.length === 0 ? ['$schema', 'vars', 'scenarios']
      : path.length === 2 ? ['page', 'example', 'account', 'skip', 'expectStatus', 'vars', 'replace', 'headers', 'setup', 'teardown']
        : ['name', 'method', 'path', 'headers', 'body', 'expectStatus', 'capture'];
  return `one of ${keys.map((k) => `"${k}"`).join(', ')}`;
}

function valueAt(root: unknown, path: string[]): unknown {
  let value = root;
  for (const token of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[token];
  }
  return value;
}

function kind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'object') return 'mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}
