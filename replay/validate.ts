/**
 * Checks a response the service gave against the example that produced the request: status, Content-Type, and the
 * body against the response schema (ajv, draft 2020-12, formats) and against the example itself. Every finding is a
 * Diagnostic pointing at the example in the Markdown — the line of the property when the example shows it — with a
 * JSON Pointer into the response. ajv's errors are translated; its raw text never reaches the user.
 */
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { createContractsAjv } from '../contracts/ajv.js';
import { EDM_KEYWORD } from '../contracts/types-map.js';
import { expectedOf } from '../contracts/value-verdict.js';
import type { Primitive } from '../extractor/model.js';
import type { Diagnostic, Severity } from '../core/diagnostic.js';
import { makeFinding } from '../core/rule-docs.js';
import type { Fixture, SourceRef } from '../contracts/types.js';
import type { ReceivedResponse, ReplayContracts } from './types.js';
import { SchemaIndex, escapePointer, pointerGet } from './schema-walk.js';
import type { Located } from './schema-walk.js';
import { pointerRange, sourceRange } from './source-range.js';


/** A finding before it is placed in the Markdown. */
export interface Finding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly message: string;
  readonly pointer?: string;
  readonly expected?: string;
  readonly actual?: string;
}

export interface Validator {
  /** Findings about a response, as Diagnostics placed on the example's page. */
  validateResponse(fixture: Fixture, received: ReceivedResponse): Diagnostic[];
  /** Findings about a request body against the fixture's request schema (the mock answers 400 with them). */
  checkRequestBody(fixture: Fixture, body: unknown): Finding[];
  /** Findings about one entity against a schema `$id`; `prefix` is prepended to every pointer. */
  checkEntity(schemaRef: string, value: unknown, prefix: string, truncated: boolean): Finding[];
}

/** Instance and property annotations (`@odata.context`, `x@odata.type`, `@microsoft.graph.downloadUrl`): always allowed. */
const ODATA_KEY = /@/;

/**
 * Builds a validator over all the contract schemas. Every schema is added once; each is compiled on first use and
 * the compiled function is cached by `$id` for the validator's life.
 */
export function createValidator(schemas: ReplayContracts['schemas']): Validator {
  const entries: [string, object][] =
    schemas instanceof Map ? [...(schemas as ReadonlyMap<string, object>)] : Object.entries(schemas as Record<string, object>);
  // The contracts' ajv set-up (formats, x-edm), so replay's verdict on a value is the checks' verdict.
  const ajv = createContractsAjv([], { strict: false, verbose: true, validateSchema: false, logger: false });
  const unusable = new Set<string>();
  for (const [id, schema] of entries) {
    try {
      ajv.addSchema({ ...schema, $id: (schema as { $id?: string }).$id ?? id }, undefined, undefined, false);
    } catch {
      unusable.add(id);
    }
  }
  const index = new SchemaIndex(entries);
  const compiled = new Map<string, ValidateFunction | null>();

  const validatorFor = (id: string): ValidateFunction | null => {
    let fn = compiled.get(id);
    if (fn !== undefined) return fn;
    try {
      fn = unusable.has(id) ? null : (ajv.getSchema(id) ?? null);
    } catch {
      // A schema ajv cannot compile (a dangling $ref…) is the contracts' finding; replay checks what it can.
      fn = null;
    }
    compiled.set(id, fn);
    return fn;
  };

  const checkEntity = (schemaRef: string, value: unknown, prefix: string, truncated: boolean): Finding[] => {
    const findings: Finding[] = [];
    const validate = validatorFor(schemaRef);
    if (validate && !validate(value)) findings.push(...translate(validate.errors ?? [], value, prefix, truncated));
    const root = index.get(schemaRef);
    if (!truncated && root) {
      const seen = new Set(findings.map((f) => f.pointer));
      for (const extra of unknownProperties(index, root, value, prefix)) {
        if (!seen.has(extra.pointer)) findings.push(extra);
      }
    }
    return findings;
  };

  return {
    checkEntity,
    checkRequestBody(fixture, body) {
      const ref = fixture.request.schemaRef;
      if (!ref || body === null || body === undefined) return [];
      return checkEntity(ref, body, '', true);
    },
    validateResponse(fixture, received) {
      const response = fixture.response;
      if (!response) return [];
      return checkResponse(fixture, received, checkEntity).map((finding) => place(fixture, finding));
    },
  };
}

/** The message of the embedded mock's own failure (`docpact.mockError`: a documented answer HTTP cannot carry), if that is the body. */
function mockError(bodyText: string): string | undefined {
  if (!bodyText.includes('"docpact.mockError"')) return undefined;
  try {
    const error = (JSON.parse(bodyText) as { error?: { code?: unknown; message?: unknown } } | null)?.error;
    return error?.code === 'docpact.mockError' && typeof error.message === 'string' ? error.message : undefined;
  } catch {
    return undefined;
  }
}

function checkResponse(
  fixture: Fixture,
  received: ReceivedResponse,
  checkEntity: Validator['checkEntity'],
): Finding[] {
  const documented = fixture.response!;
  const findings: Finding[] = [];
  if (received.status !== documented.status) {
    findings.push({
      ruleId: 'replay/status',
      severity: 'error',
      message: mockError(received.bodyText)
        ? `Unexpected status ${received.status} from the mock, expected ${documented.status}${documented.reason ? ` ${documented.reason}` : ''} as documented: ${mockError(received.bodyText)}; fix the example's response`
        : `Unexpected status ${received.status}, expected ${documented.status}${documented.reason ? ` ${documented.reason}` : ''} as documented; fix the service or the example's status line`,
      expected: String(documented.status),
      actual: String(received.status),
    });
    // An error answer has an error body: comparing it with the entity would only repeat the status finding.
    if (received.status >= 400) return findings;
  } else {
    findings.push(...checkReason(documented.reason, received), ...checkHeaders(documented.headers, received.headers));
  }
  const documentedType = headerValue(documented.headers, 'content-type');
  const expectsJson =
    documented.body !== null && documented.body !== undefined
      ? true
      : documentedType
        ? isJsonMediaType(documentedType)
        : false;
  const hasBody = received.bodyText.trim() !== '';
  if (!hasBody) {
    if (expectsJson && documented.bodyText.trim() !== '' && received.status !== 204) {
      findings.push({
        ruleId: 'replay/body',
        severity: 'error',
        message: 'Unexpected empty body, expected a JSON body as in the example',
        expected: 'a JSON body',
        actual: 'no body',
      });
    }
    return findings;
  }
  const actualType = received.headers['content-type'];
  if (expectsJson || (documentedType && isJsonMediaType(documentedType))) {
    if (!actualType || !isJsonMediaType(actualType)) {
      findings.push({
        ruleId: 'replay/content-type',
        severity: 'error',
        message: `Unexpected Content-Type ${actualType ? `"${actualType}"` : '(none)'}, expected application/json; the service must label its JSON body`,
        expected: 'application/json',
        actual: actualType ?? '',
      });
    }
  } else if (documentedType && actualType && mediaType(documentedType) !== mediaType(actualType)) {
    findings.push({
      ruleId: 'replay/content-type',
      severity: 'error',
      message: `Unexpected Content-Type "${actualType}", expected "${mediaType(documentedType)}" as documented`,
      expected: mediaType(documentedType),
      actual: actualType,
    });
  }
  if (!expectsJson) return findings;

  let body: unknown;
  try {
    body = JSON.parse(received.bodyText);
  } catch (error) {
    findings.push({
      ruleId: 'replay/body',
      severity: 'error',
      message: `Unexpected body that is not JSON (${clip((error instanceof Error ? error.message : String(error)).split('\n')[0], 100)}), expected the JSON of the example; fix the service, or the example if its JSON is invalid`,
      expected: 'JSON',
      actual: clip(received.bodyText),
    });
    return findings;
  }

  const entities: { value: unknown; pointer: string; example: unknown }[] = [];
  const exampleBody = documented.body;
  if (documented.isCollection) {
    const list = isObject(body) ? body.value : undefined;
    if (!Array.isArray(list)) {
      findings.push({
        ruleId: 'replay/collection',
        severity: 'error',
        message: `Unexpected ${isObject(body) ? 'object without a "value" array' : jsonType(body)}, expected a collection { "value": [ … ] }`,
        pointer: isObject(body) ? '/value' : '',
        expected: 'array at /value',
        actual: isObject(body) ? jsonType(body.value) : jsonType(body),
      });
    } else {
      const exampleList = isObject(exampleBody) && Array.isArray(exampleBody.value) ? exampleBody.value : [];
      list.forEach((item, i) => entities.push({ value: item, pointer: `/value/${i}`, example: exampleList[i] }));
    }
  } else {
    entities.push({ value: body, pointer: '', example: exampleBody });
  }

  if (documented.schemaRef) {
    for (const entity of entities) findings.push(...checkEntity(documented.schemaRef, entity.value, entity.pointer, documented.truncated));
  }
  // What the example shows must be there, whatever the schema says (a renamed property shows up here).
  const reported = new Set(findings.map((f) => f.pointer));
  const differences: { pointer: string; expected: unknown; actual: unknown }[] = [];
  compareWithExample(exampleBody, body, '', findings, reported, differences);
  if (differences.length > 0) {
    const first = differences[0];
    findings.push({
      ruleId: 'replay/value-differs',
      severity: 'info',
      message: `${differences.length} value${differences.length === 1 ? ' differs' : 's differ'} from the example (first at ${first.pointer || '/'}: ${clip(JSON.stringify(first.actual))} instead of ${clip(JSON.stringify(first.expected))}); types match, so this is only for information`,
      pointer: first.pointer,
      expected: clip(JSON.stringify(first.expected)),
      actual: clip(JSON.stringify(first.actual)),
    });
  }
  return findings;
}

/**
 * Headers that differ on every call or belong to the connection (`Date`, `request-id`, `Content-Length`…): an example
 * that shows them shows one call, not a promise. `Content-Type` is the content-type rule's.
 */
const PER_CALL_HEADERS = new Set([
  'content-type', 'content-length', 'transfer-encoding', 'connection', 'keep-alive', 'date', 'request-id', 'client-request-id',
  'x-ms-ags-diagnostic', 'x-ms-resource-unit', 'x-ms-throttle-limit-percentage', 'strict-transport-security', 'cache-control', 'vary',
  'server', 'x-powered-by', 'expires', 'pragma', 'age', 'set-cookie', 'authorization', 'host', 'accept', 'x-aspnet-version',
]);
/** Headers whose value is a fixed token, so the service must send the documented value (others only must be there). */
const FIXED_VALUE_HEADERS = new Set(['odata-version', 'preference-applied', 'content-encoding', 'content-language']);

/**
 * The headers the response example shows (`Location`, `ETag`, `OData-Version`, `Preference-Applied`…) against the
 * response: each must be there, and a fixed-value one (`OData-Version: 4.0`) with the documented value.
 */
function checkHeaders(documented: Readonly<Record<string, string>>, received: Readonly<Record<string, string>>): Finding[] {
  const out: Finding[] = [];
  for (const [name, value] of Object.entries(documented)) {
    const lower = name.toLowerCase();
    if (PER_CALL_HEADERS.has(lower) || lower.startsWith('x-ms-')) continue;
    const actual = headerValue(received, lower);
    if (actual === undefined) {
      out.push({
        ruleId: 'replay/header',
        severity: 'warning',
        message: `Unexpected response without the ${name} header, expected it as the example shows (${name}: ${clip(value, 60)}); fix the service, or remove the header from the example`,
        expected: `${name}: ${value}`,
        actual: 'absent',
      });
    } else if (FIXED_VALUE_HEADERS.has(lower) && normalizeValue(actual) !== normalizeValue(value)) {
      out.push({
        ruleId: 'replay/header',
        severity: 'warning',
        message: `Unexpected ${name}: ${clip(actual, 60)}, expected ${clip(value, 60)} as the example shows; fix the service or the example's header`,
        expected: `${name}: ${value}`,
        actual: `${name}: ${actual}`,
      });
    }
  }
  return out;
}

function normalizeValue(value: string): string {
  return value.trim().replace(/\s+/g, ' ').toLowerCase();
}

/**
 * The status line's reason phrase against the response's. Compared only when both have one (HTTP/2 carries none) and
 * in any letter case and spacing (`No content` is `No Content`); a difference is what a reader of the page sees wrong.
 */
function checkReason(documented: string, received: ReceivedResponse): Finding[] {
  const actual = received.statusText?.trim() ?? '';
  const expected = documented.trim();
  if (actual === '' || expected === '' || normalizeValue(actual).replace(/ /g, '') === normalizeValue(expected).replace(/ /g, '')) return [];
  return [{
    ruleId: 'replay/reason',
    severity: 'warning',
    message: `Unexpected reason phrase "${expected}" for ${received.status} in the example, expected "${clip(actual, 60)}" as the service says: write "${received.status} ${clip(actual, 60)}" on the example's status line`,
    expected: actual,
    actual: expected,
  }];
}

/** Properties of the example missing from the response (warning) and differing values of the same type (info). */
function compareWithExample(
  example: unknown,
  actual: unknown,
  pointer: string,
  findings: Finding[],
  reported: Set<string | undefined>,
  differences: { pointer: string; expected: unknown; actual: unknown }[],
): void {
  if (example === undefined) return;
  if (isObject(example) && isObject(actual)) {
    for (const [key, value] of Object.entries(example)) {
      const at = `${pointer}/${escapePointer(key)}`;
      if (ODATA_KEY.test(key)) continue;
      if (!(key in actual)) {
        if (!reported.has(at)) {
          findings.push({
            ruleId: 'replay/missing-property',
            // Clients read what the example shows: a property gone (or renamed) breaks them.
            severity: 'error',
            message: `Unexpected missing property ${at}, expected it as the example shows; fix the service, or the example if the property was renamed or removed`,
            pointer: at,
            expected: `property "${key}"`,
            actual: 'absent',
          });
          reported.add(at);
        }
        continue;
      }
      compareWithExample(value, actual[key], at, findings, reported, differences);
    }
    return;
  }
  if (Array.isArray(example) && Array.isArray(actual)) {
    const n = Math.min(example.length, actual.length);
    for (let i = 0; i < n; i++) compareWithExample(example[i], actual[i], `${pointer}/${i}`, findings, reported, differences);
    return;
  }
  if (reported.has(pointer)) return;
  if (baseType(example) === baseType(actual) && example !== actual && !isObject(example) && !Array.isArray(example)) {
    differences.push({ pointer, expected: example, actual });
  }
}

/** Properties present in `value` that the schema does not know (only asked when the example is not truncated). */
function unknownProperties(index: SchemaIndex, located: Located, value: unknown, pointer: string): Finding[] {
  const out: Finding[] = [];
  const walk = (at: Located, data: unknown, ptr: string, depth: number): void => {
    if (depth > 32) return;
    if (Array.isArray(data)) {
      const items = index.items(at);
      if (items) data.forEach((item, i) => walk(items, item, `${ptr}/${i}`, depth + 1));
      return;
    }
    if (!isObject(data)) return;
    const known = index.properties(at);
    if (!known) return;
    for (const [key, sub] of Object.entries(data)) {
      const where = `${ptr}/${escapePointer(key)}`;
      const schema = known.get(key);
      if (schema) {
        walk(schema, sub, where, depth + 1);
      } else if (!ODATA_KEY.test(key)) {
        out.push({
          ruleId: 'replay/unexpected-property',
          severity: 'warning',
          message: `Unexpected property ${where}, expected only documented properties; document it, or mark the example "truncated": true if the service may add properties`,
          pointer: where,
          expected: 'no such property',
          actual: clip(JSON.stringify(sub)),
        });
      }
    }
  };
  walk(located, value, pointer, 0);
  return out;
}

/** Turns ajv errors into findings with readable messages, one per problem. */
function translate(errors: readonly ErrorObject[], data: unknown, prefix: string, truncated: boolean): Finding[] {
  const out: Finding[] = [];
  // anyOf/oneOf (nullable refs, number-or-special): when the value is an object or array the deeper errors say
  // what is wrong inside it, and the composite's error adds nothing; when it is a scalar of no branch's type, the
  // composite's own error says so and the branches' type errors at the same place are folded into it.
  const composites = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  const deeper = (c: ErrorObject): boolean => errors.some((e) => e.instancePath.startsWith(`${c.instancePath}/`));
  const inBranch = (e: ErrorObject): boolean =>
    composites.some((c) => c !== e && e.instancePath === c.instancePath && e.schemaPath.startsWith(`${c.schemaPath}/`));
  const seen = new Set<string>();
  for (const error of errors) {
    if ((error.keyword === 'anyOf' || error.keyword === 'oneOf') && deeper(error)) continue;
    if (inBranch(error)) continue;
    const finding = translateOne(error, data, prefix, truncated);
    if (!finding) continue;
    const key = `${finding.ruleId} ${finding.pointer}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(finding);
  }
  return out;
}

function translateOne(error: ErrorObject, data: unknown, prefix: string, truncated: boolean): Finding | undefined {
  const pointer = prefix + error.instancePath;
  const value = error.instancePath === '' ? data : pointerGet(data, error.instancePath);
  const parent = (error.parentSchema ?? {}) as Record<string, unknown>;
  const documented = documentedType(parent);
  const suffix = documented ? ` (documented type ${documented})` : '';
  const params = error.params as Record<string, unknown>;
  // A value of a documented Edm primitive: the same words as the checks' finding on the same value.
  const edm = typeof parent[EDM_KEYWORD] === 'string' ? (parent[EDM_KEYWORD] as Primitive) : undefined;
  if (edm && error.keyword !== 'required' && error.keyword !== 'enum' && !error.keyword.endsWith('Properties')) {
    const expected = expectedOf(edm);
    return {
      ruleId: 'replay/type',
      severity: 'error',
      message: `Unexpected ${jsonType(value)} ${clip(JSON.stringify(value))} at ${pointer || '/'}, expected ${expected}; fix the service or the documented type`,
      pointer,
      expected,
      actual: `${jsonType(value)} ${clip(JSON.stringify(value))}`,
    };
  }
  switch (error.keyword) {
    case 'type':
      return {
        ruleId: 'replay/type',
        severity: 'error',
        message: `Unexpected ${jsonType(value)} at ${pointer || '/'}, expected ${orList(String(params.type).split(','))}${suffix}; fix the service or the documented type`,
        pointer,
        expected: String(params.type).split(',').join(' or '),
        actual: `${jsonType(value)} ${clip(JSON.stringify(value))}`,
      };
    case 'required': {
      const name = String(params.missingProperty);
      const at = `${pointer}/${escapePointer(name)}`;
      return {
        ruleId: 'replay/required',
        severity: 'error',
        message: `Unexpected missing property ${at}, expected it: the docs mark it required`,
        pointer: at,
        expected: `property "${name}"`,
        actual: 'absent',
      };
    }
    case 'additionalProperties':
    case 'unevaluatedProperties': {
      const name = String(params.additionalProperty ?? params.unevaluatedProperty);
      if (truncated || ODATA_KEY.test(name)) return undefined;
      const at = `${pointer}/${escapePointer(name)}`;
      return {
        ruleId: 'replay/unexpected-property',
        severity: 'warning',
        message: `Unexpected property ${at}, expected only documented properties; document it, or mark the example "truncated": true if the service may add properties`,
        pointer: at,
        expected: 'no such property',
        actual: clip(JSON.stringify(pointerGet(value, `/${escapePointer(name)}`))),
      };
    }
    case 'enum': {
      const allowed = (params.allowedValues as unknown[] | undefined) ?? [];
      // OData services match enum members case-insensitively on input and the docs often write `HTML` for `html`:
      // a different case is not a drift the client would notice.
      if (typeof value === 'string' && allowed.some((a) => typeof a === 'string' && a.toLowerCase() === value.toLowerCase())) return undefined;
      return {
        ruleId: 'replay/type',
        severity: 'error',
        message: `Unexpected value ${clip(JSON.stringify(value))} at ${pointer || '/'}, expected one of ${clip(allowed.map((v) => JSON.stringify(v)).join(', '), 200)}${suffix}`,
        pointer,
        expected: allowed.map((v) => JSON.stringify(v)).join(' | '),
        actual: clip(JSON.stringify(value)),
      };
    }
    case 'format':
      return {
        ruleId: 'replay/type',
        severity: 'error',
        message: `Unexpected value ${clip(JSON.stringify(value))} at ${pointer || '/'}, expected a ${String(params.format)} string${suffix}`,
        pointer,
        expected: String(params.format),
        actual: clip(JSON.stringify(value)),
      };
    case 'anyOf':
    case 'oneOf': {
      const branches = (Array.isArray(parent[error.keyword]) ? (parent[error.keyword] as unknown[]) : []).map(describeSchema);
      const expected = branches.filter(Boolean).join(' or ') || 'one of the documented types';
      return {
        ruleId: 'replay/type',
        severity: 'error',
        message: `Unexpected ${jsonType(value)} at ${pointer || '/'}, expected ${expected}${suffix}; fix the service or the documented type`,
        pointer,
        expected,
        actual: `${jsonType(value)} ${clip(JSON.stringify(value))}`,
      };
    }
    case 'false schema':
      return truncated
        ? undefined
        : {
            ruleId: 'replay/unexpected-property',
            severity: 'warning',
            message: `Unexpected value at ${pointer || '/'}, expected nothing there by the schema`,
            pointer,
            actual: clip(JSON.stringify(value)),
          };
    default: {
      const rule = describeKeyword(error.keyword, params);
      return {
        ruleId: 'replay/type',
        severity: 'error',
        message: `Unexpected value ${clip(JSON.stringify(value))} at ${pointer || '/'}, expected ${rule}${suffix}`,
        pointer,
        expected: rule,
        actual: clip(JSON.stringify(value)),
      };
    }
  }
}

function describeKeyword(keyword: string, params: Record<string, unknown>): string {
  const limit = params.limit;
  switch (keyword) {
    case 'const':
      return `the constant ${JSON.stringify(params.allowedValue)}`;
    case 'pattern':
      return `a string matching ${String(params.pattern)}`;
    case 'minimum':
    case 'exclusiveMinimum':
      return `a number ${keyword === 'minimum' ? '≥' : '>'} ${String(limit)}`;
    case 'maximum':
    case 'exclusiveMaximum':
      return `a number ${keyword === 'maximum' ? '≤' : '<'} ${String(limit)}`;
    case 'minLength':
      return `a string of at least ${String(limit)} characters`;
    case 'maxLength':
      return `a string of at most ${String(limit)} characters`;
    case 'minItems':
      return `at least ${String(limit)} items`;
    case 'maxItems':
      return `at most ${String(limit)} items`;
    case 'multipleOf':
      return `a multiple of ${String(params.multipleOf)}`;
    default:
      return `a value satisfying "${keyword}" of the schema`;
  }
}

/** A short description of a schema branch for messages: `boolean`, `requestSchedule`, `null`. */
function describeSchema(node: unknown): string {
  if (!isObject(node)) return '';
  const own = documentedType(node);
  if (own) return own;
  if (typeof node.$ref === 'string') return refName(node.$ref);
  if (typeof node.type === 'string') return node.type;
  if (Array.isArray(node.type)) return node.type.join(' or ');
  if (typeof node.title === 'string') return node.title;
  return '';
}

function refName(ref: string): string {
  const last = ref.split(/[/#]/).filter(Boolean).pop() ?? ref;
  const name = last.replace(/\.schema\.json$/, '');
  const dot = name.lastIndexOf('.');
  return dot >= 0 ? name.slice(dot + 1) : name;
}

/** The Edm type the docs wrote, as the contracts recorded it (`x-edm`), or the object type a branch refers to. */
function documentedType(node: Record<string, unknown>): string | undefined {
  return typeof node[EDM_KEYWORD] === 'string' ? (node[EDM_KEYWORD] as string) : undefined;
}

/** Places a finding in the Markdown: the line of the property in the example, else the status line. */
function place(fixture: Fixture, finding: Finding): Diagnostic {
  const response = fixture.response!;
  const source: SourceRef = response.source ?? fixture.source;
  const range = (finding.pointer !== undefined ? pointerRange(response.ranges, response.lines, finding.pointer) : undefined) ?? sourceRange(source);
  return makeFinding(finding.ruleId, finding.severity, {
    message: finding.message,
    file: source.file,
    range,
    ...(finding.pointer !== undefined ? { pointer: finding.pointer } : {}),
    ...(finding.expected !== undefined ? { expected: finding.expected } : {}),
    ...(finding.actual !== undefined ? { actual: finding.actual } : {}),
    element: `example:${fixture.name}#${finding.pointer ?? ''}`,
    related: [{ message: 'the request that was replayed', file: fixture.request.source.file, range: sourceRange(fixture.request.source) }],
  });
}

function headerValue(headers: Readonly<Record<string, string>>, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) return value;
  return undefined;
}

function mediaType(value: string): string {
  return value.split(';')[0].trim().toLowerCase();
}

/** `application/json`, with parameters (`;odata.metadata=minimal`) or a `+json` suffix. */
export function isJsonMediaType(value: string): boolean {
  const type = mediaType(value);
  return type === 'application/json' || type.endsWith('+json');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (value === undefined) return 'nothing';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function baseType(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

function orList(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

function clip(text: string | undefined, max = 80): string {
  if (text === undefined) return 'undefined';
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
