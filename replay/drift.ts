/**
 * Three-way drift (`replay --changed-since REF`): the doc as it was at REF, the doc now, and the service. Each
 * finding of a failing example is classified by what changed between REF and now at the place it is about:
 *
 * - **doc regression**: this change edited what the finding is about (the example's request, its status line, the
 *   value at the finding's JSON Pointer, or the schema the value is checked against) and the service disagrees;
 * - **API change**: none of that changed, so the service's answer did — the finding's pointer names the field;
 * - an example with findings of both kinds is **both**.
 *
 * Transport failures (network, timeout, throttling) and docpact's own errors say nothing about drift and stay
 * unclassified, as do the mock's refusals of an example's request body that this change did not touch (the doc's
 * own defect, older than the change). Nothing here sends a request: the doc at REF is compared with the doc now, place by place.
 */
import type { Diagnostic, DriftMark, Severity } from '../core/diagnostic.js';
import { severityRank } from '../core/diagnostic.js';
import type { Fixture } from '../contracts/types.js';
import type { ExampleResult } from '../reports/types.js';
import { pointerGet } from './schema-walk.js';
import type { ExampleOutcome, ReplayContracts } from './types.js';

export type { DriftMark };
export type ExampleDrift = NonNullable<ExampleResult['drift']>;

/** The doc set at REF, as contracts, and which page files changed since (paths as in the fixtures). */
export interface DriftBase {
  readonly ref: string;
  readonly before: ReplayContracts;
  readonly changedFiles: ReadonlySet<string>;
}

const TRANSPORT = new Set(['replay/network', 'replay/timeout', 'replay/throttled', 'replay/refused-host', 'replay/retried']);
const REQUEST_RULES = new Set(['replay/request-body', 'replay/refused-path']);
const SCHEMA_RULES = new Set(['replay/type', 'replay/required', 'replay/unexpected-property', 'replay/collection']);

/**
 * The outcomes with each failing example's findings (at or above `failSeverity`) marked with their class, the class
 * named at the end of their message, and the example's class on its result. Passing examples are returned as they are.
 */
export function classifyDrift(outcomes: readonly ExampleOutcome[], now: ReplayContracts, base: DriftBase, failSeverity: Severity): ExampleOutcome[] {
  const nowByKey = new Map(now.fixtures.map((f) => [`${f.source.file}\0${f.name}\0${f.request.source.line}`, f]));
  const beforeByName = new Map<string, Fixture[]>();
  for (const f of base.before.fixtures) {
    const key = `${f.source.file}\0${f.name}`;
    beforeByName.set(key, [...(beforeByName.get(key) ?? []), f]);
  }
  const nowByName = new Map<string, Fixture[]>();
  for (const f of now.fixtures) {
    const key = `${f.source.file}\0${f.name}`;
    nowByName.set(key, [...(nowByName.get(key) ?? []), f]);
  }
  const schemasNow = asMap(now.schemas);
  const schemasBefore = asMap(base.before.schemas);
  const threshold = severityRank(failSeverity);

  return outcomes.map((outcome) => {
    const { example } = outcome;
    if (example.status !== 'failed') return outcome;
    const fixture = nowByKey.get(`${example.file}\0${example.name}\0${example.line}`);
    if (!fixture) return outcome;
    // Same-named examples of one page pair up in page order.
    const sameName = nowByName.get(`${fixture.source.file}\0${fixture.name}`) ?? [fixture];
    const previous = (beforeByName.get(`${fixture.source.file}\0${fixture.name}`) ?? [])[sameName.indexOf(fixture)];
    const pageChanged = base.changedFiles.has(fixture.source.file);
    const classes = new Set<DriftMark['class']>();
    const fields: string[] = [];
    const before = pageChanged ? previous ?? null : fixture;
    // The mock refusing the example's own request body (the doc against its own table) also explains its status.
    const refusal = outcome.diagnostics.find((d) => d.ruleId === 'replay/request-body');
    const diagnostics = outcome.diagnostics.map((d) => {
      if (severityRank(d.severity) < threshold) return d;
      const cause = refusal !== undefined && d.ruleId === 'replay/status' ? refusal : d;
      const found = classifyFinding(cause, fixture, before, schemasNow, schemasBefore);
      const mark = found && cause !== d ? { class: found.class, field: 'status' } : found;
      if (!mark) return d;
      classes.add(mark.class);
      if (mark.class === 'api-change' && mark.field !== undefined) fields.push(mark.field);
      return { ...d, drift: mark, message: `${d.message} ${describe(mark, base.ref)}` };
    });
    if (classes.size === 0) return outcome;
    const drift: ExampleDrift = classes.size === 2 ? 'both' : [...classes][0];
    return {
      ...outcome,
      diagnostics,
      example: { ...example, drift, ...(fields.length > 0 ? { driftFields: [...new Set(fields)] } : {}) },
    };
  });
}

/**
 * The class of one finding. `previous` is the example at REF: the same object as `fixture` when the page did not
 * change, null when the example did not exist at REF (a new example that fails is the doc's).
 */
export function classifyFinding(
  d: Diagnostic,
  fixture: Fixture,
  previous: Fixture | null,
  schemasNow: ReadonlyMap<string, unknown>,
  schemasBefore: ReadonlyMap<string, unknown>,
): DriftMark | undefined {
  if (TRANSPORT.has(d.ruleId) || !d.ruleId.startsWith('replay/')) return undefined;
  const field = fieldOf(d);
  const api: DriftMark = { class: 'api-change', ...(field !== undefined ? { field } : {}) };
  const doc: DriftMark = { class: 'doc-regression', ...(field !== undefined ? { field } : {}) };
  if (previous === null) return doc;
  if (previous !== fixture && requestChanged(previous, fixture)) return doc;
  const was = previous.response;
  const is = fixture.response;
  // The example's own request judged against the doc's own request table: the doc's defect, never the service's —
  // this change's when it touched the request or that table, else older than this change (left unclassified).
  if (REQUEST_RULES.has(d.ruleId)) {
    const ref = fixture.request.schemaRef;
    const tableChanged = ref !== undefined && schemaDigest(ref, schemasNow) !== schemaDigest(previous.request.schemaRef ?? ref, schemasBefore);
    return previous !== fixture && tableChanged ? doc : undefined;
  }
  if (!was || !is) return previous === fixture ? api : doc;
  if (d.ruleId === 'replay/status') return was.status !== is.status ? doc : api;
  if (d.ruleId === 'replay/content-type') return header(was.headers, 'content-type') !== header(is.headers, 'content-type') ? doc : api;
  // The schema the body is checked against is the docs' too (its property tables): changed since REF → the doc's.
  if (SCHEMA_RULES.has(d.ruleId) && is.schemaRef !== undefined && schemaDigest(is.schemaRef, schemasNow) !== schemaDigest(was.schemaRef ?? is.schemaRef, schemasBefore)) return doc;
  if (d.pointer === undefined) return previous === fixture || was.bodyText === is.bodyText ? api : doc;
  return sameAt(was.body, is.body, d.pointer) && was.truncated === is.truncated ? api : doc;
}

/** What a class means, appended to the finding's message. */
function describe(mark: DriftMark, ref: string): string {
  return mark.class === 'doc-regression'
    ? `[doc regression: the example changed since ${ref} and the service disagrees with the change]`
    : `[API change${mark.field !== undefined ? ` at ${mark.field}` : ''}: the example did not change since ${ref}, the service's answer did]`;
}

/** The field a finding is about: its JSON Pointer, else `status` / `content-type`. */
function fieldOf(d: Diagnostic): string | undefined {
  if (d.pointer !== undefined && d.pointer !== '') return d.pointer;
  if (d.ruleId === 'replay/status') return 'status';
  if (d.ruleId === 'replay/content-type') return 'content-type';
  return undefined;
}

function requestChanged(a: Fixture, b: Fixture): boolean {
  return a.request.method !== b.request.method || a.request.url !== b.request.url || a.request.bodyText.trim() !== b.request.bodyText.trim();
}

/** Whether both examples show the same value at `pointer` (items past the example's compare with its first). */
function sameAt(before: unknown, now: unknown, pointer: string): boolean {
  const generic = pointer.replace(/^\/value\/\d+/, '/value/0');
  for (const at of generic === pointer ? [pointer] : [pointer, generic]) {
    const a = pointerGet(before, at);
    const b = pointerGet(now, at);
    if (a !== undefined || b !== undefined) return stable(a) === stable(b);
  }
  return true;
}

/** The schema and every schema it references, as one string, so any change in the closure shows. */
function schemaDigest(id: string, schemas: ReadonlyMap<string, unknown>): string {
  const seen = new Set<string>();
  const stack = [id];
  const parts: string[] = [];
  while (stack.length > 0) {
    const at = stack.pop()!;
    if (seen.has(at)) continue;
    seen.add(at);
    const schema = schemas.get(at);
    parts.push(`${at}=${stable(schema)}`);
    collectRefs(schema, at, stack);
  }
  return parts.sort().join('\n');
}

function collectRefs(node: unknown, base: string, out: string[]): void {
  if (Array.isArray(node)) {
    for (const item of node) collectRefs(item, base, out);
  } else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string' && !value.startsWith('#')) {
        try {
          out.push(new URL(value, base).href);
        } catch {
          out.push(value);
        }
      } else collectRefs(value, base, out);
    }
  }
}

/** JSON with object keys sorted, so key order is no change. */
function stable(value: unknown): string {
  if (value === undefined) return 'undefined';
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}

function header(headers: Readonly<Record<string, string>>, name: string): string | undefined {
  return Object.entries(headers).find(([k]) => k.toLowerCase() === name)?.[1]?.split(';')[0].trim().toLowerCase();
}

function asMap(schemas: ReplayContracts['schemas']): ReadonlyMap<string, unknown> {
  return schemas instanceof Map ? (schemas as ReadonlyMap<string, unknown>) : new Map(Object.entries(schemas as Record<string, unknown>));
}
