/**
 * Replays one fixture: plans the request (URL on the target, headers, ids from vars and chaining, writes gate),
 * sends it, and validates the answer. Used by the in-process runner and by each Jest test alike.
 */
import type { Diagnostic, Severity } from '../core/diagnostic.js';
import { severityRank } from '../core/diagnostic.js';
import type { Fixture } from '../contracts/types.js';
import type { ExampleResult } from '../reports/types.js';
import { substituteChained } from './chain.js';
import type { ChainStore } from './chain.js';
import { normalizePath } from './routes.js';
import { exchange } from './send.js';
import type { SendPolicy } from './send.js';
import { pointerRange, sourceRange } from './source-range.js';
import type { OpenTarget } from './targets/index.js';
import type { ExampleOutcome, OutgoingRequest } from './types.js';
import type { Redactor } from './redact.js';
import { makeFinding, type FindingFields } from '../core/rule-docs.js';
import type { Validator } from './validate.js';

export interface ReplayContext {
  readonly target: OpenTarget;
  readonly validator: Validator;
  readonly chain: ChainStore;
  readonly redact: Redactor;
  readonly policy: SendPolicy;
  readonly headers: Readonly<Record<string, string>>;
  readonly token?: string;
  readonly vars: Readonly<Record<string, string>>;
  readonly allowWrites: boolean;
  /** Findings at or above it fail the example. */
  readonly failSeverity: Severity;
  readonly signal?: AbortSignal;
}

/** Headers of the example that the replay sets itself (or must not forward: the doc's `Bearer {token}`). */
const OWN_HEADERS = new Set(['authorization', 'host', 'content-length', 'connection', 'transfer-encoding']);
const READS = new Set(['GET', 'HEAD']);

type Plan =
  | { readonly kind: 'send'; readonly request: OutgoingRequest }
  | { readonly kind: 'skip'; readonly reason: string }
  /** Never sent, and a finding: the example itself is wrong (its path climbs out of the target's base path). */
  | { readonly kind: 'refuse'; readonly url: string; readonly message: string };

/** Why `fixture` is never sent under these settings (known before the run), or undefined. */
export function skipReason(fixture: Fixture, live: boolean, allowWrites: boolean): string | undefined {
  const method = fixture.request.method.toUpperCase();
  if (fixture.request.unsendable) return `the example is not the request it means: ${fixture.request.unsendable}`;
  if (!fixture.response) return 'the example has no documented response to compare with';
  if (live && !READS.has(method) && !allowWrites) return `writes are off: ${method} not sent; pass --allow-writes to send it`;
  return undefined;
}

/** Works out what to send for `fixture`, or why nothing is sent (a skip, or a refusal that is a finding). */
export function planRequest(fixture: Fixture, context: ReplayContext): Plan {
  const method = fixture.request.method.toUpperCase();
  const reason = skipReason(fixture, context.target.live, context.allowWrites);
  if (reason) return { kind: 'skip', reason };
  let path = fixture.request.path || '/';
  if (!path.startsWith('/')) path = `/${path}`;
  path = substituteChained(path, context.chain);
  path = fillPlaceholders(path, context.vars);
  let query = queryOf(fixture.request.url);
  query = fillPlaceholders(query, context.vars);
  if (context.target.live) {
    const missing = /\{([^}]*)\}|<([^>]*)>/.exec(path);
    if (missing) {
      const name = (missing[1] ?? missing[2]).split('|')[0].trim();
      return { kind: 'skip', reason: `unresolved placeholder ${missing[0]} in the path: pass --var ${name}=<value> or set vars.${name} in the config` };
    }
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(fixture.request.headers)) {
    if (!OWN_HEADERS.has(name.toLowerCase())) headers[name.toLowerCase()] = value;
  }
  for (const [name, value] of Object.entries(context.headers)) headers[name.toLowerCase()] = value;
  if (context.token) headers.authorization = `Bearer ${context.token}`;
  if (!context.target.live) headers.prefer = `example=${fixture.name}`;
  const hasBody = !READS.has(method) && fixture.request.bodyText.trim() !== '';
  if (hasBody && !headers['content-type'] && fixture.request.body !== null) headers['content-type'] = 'application/json';
  const base = context.target.baseFor(fixture);
  const url = `${base}${encodePath(path)}${query ? `?${query}` : ''}`;
  const escape = leavesBase(url, base);
  if (escape !== undefined) {
    return {
      kind: 'refuse',
      url,
      message: `Unexpected example path ${fixture.request.path}, which leaves the target's base path ${escape.base} (it resolves to ${escape.resolved}), expected a path below it: remove the ".." segments from the example; the request was not sent`,
    };
  }
  return { kind: 'send', request: { method, url, headers, ...(hasBody ? { body: fixture.request.bodyText } : {}) } };
}

/** Replays `fixture` on the context's target. Never throws: every problem is a finding. */
export async function replayFixture(fixture: Fixture, context: ReplayContext): Promise<ExampleOutcome> {
  const base: Omit<ExampleResult, 'status'> = {
    page: fixture.page,
    file: fixture.source.file,
    line: fixture.request.source.line,
    name: fixture.name,
    method: fixture.request.method.toUpperCase(),
  };
  let plan: Plan;
  try {
    plan = planRequest(fixture, context);
  } catch (error) {
    plan = { kind: 'skip', reason: `the request could not be built: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (plan.kind === 'skip') {
    return context.redact({ example: { ...base, status: 'skipped', reason: plan.reason }, diagnostics: [], retries: 0 });
  }
  const at = (ruleId: string, severity: Severity, message: string, extra: Partial<FindingFields> = {}): Diagnostic => makeFinding(ruleId, severity, {
    message,
    file: fixture.request.source.file,
    range: sourceRange(fixture.request.source),
    element: `example:${fixture.name}`,
    ...extra,
  });
  if (plan.kind === 'refuse') {
    const refused = at('replay/refused-path', 'error', plan.message, { expected: 'a path below the base path', actual: fixture.request.path });
    return context.redact({ example: { ...base, url: plan.url, status: 'failed', reason: refused.message }, diagnostics: [refused], retries: 0 });
  }
  const result = await exchange(context.target.transport, plan.request, context.policy, context.signal);
  const diagnostics: Diagnostic[] = [];
  if (result.waits.length > 0) {
    const detail = result.waits.map((w) => `${w.status}${w.retryAfter !== undefined ? ` (Retry-After ${w.retryAfter})` : ''}, waited ${Math.round(w.delayMs)} ms`).join('; ');
    diagnostics.push(at('replay/retried', 'info', `Retried ${result.waits.length} time${result.waits.length === 1 ? '' : 's'} after ${detail}`, { actual: String(result.waits.length) }));
  }
  switch (result.kind) {
    case 'aborted':
      return context.redact({ example: { ...base, url: plan.request.url, status: 'skipped', reason: 'the run was interrupted before this example finished' }, diagnostics: [], retries: result.retries });
    case 'refused':
      diagnostics.push(at('replay/refused-host', 'error', `${result.message}; the request was not sent`));
      break;
    case 'timeout':
      diagnostics.push(at('replay/timeout', 'error', `Unexpected ${result.message}, expected a response; raise --timeout or check the service`, { expected: `a response within ${context.policy.timeoutMs} ms`, actual: 'no response' }));
      break;
    case 'network':
      diagnostics.push(at('replay/network', 'error', `Unexpected network failure (${result.message}), expected a response; check the target URL`));
      break;
    case 'response': {
      diagnostics.push(...context.validator.validateResponse(fixture, result.response));
      if (!context.target.live) diagnostics.push(...rejectedBody(fixture, result.response.status, result.response.bodyText));
      remember(fixture, plan.request, result.response.status, result.response.bodyText, context);
      if (result.response.status === 429 || result.response.status === 503) {
        diagnostics.push(at('replay/throttled', 'error', `Unexpected ${result.response.status} after ${result.retries} retries, expected the documented answer; lower --concurrency or retry later`));
      }
      break;
    }
  }
  const failing = diagnostics.filter((d) => severityRank(d.severity) >= severityRank(context.failSeverity));
  const example: ExampleResult = {
    ...base,
    url: plan.request.url,
    durationMs: Math.round(result.ms),
    status: failing.length > 0 ? 'failed' : 'passed',
    ...(failing.length > 0 ? { reason: failing.length === 1 ? failing[0].message : `${failing[0].message} (and ${failing.length - 1} more)` } : {}),
  };
  return context.redact({ example, diagnostics, retries: result.retries });
}

/** The mock's 400 findings about the request body, placed on the lines of the example's request body. */
function rejectedBody(fixture: Fixture, status: number, bodyText: string): Diagnostic[] {
  if (status !== 400) return [];
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    return [];
  }
  const error = (body as { error?: { code?: unknown; findings?: unknown } } | null)?.error;
  if (!error || error.code !== 'docpact.invalidRequestBody' || !Array.isArray(error.findings)) return [];
  return (error.findings as { message?: string; pointer?: string; expected?: string; actual?: string; line?: number }[]).map((f) => {
    const file = fixture.request.source.file;
    return makeFinding('replay/request-body', 'error', {
      message: `${(f.message ?? 'Unexpected request body').replace(/; fix the service.*$/, '')} in the example's request body (the mock rejected it); fix the example or the documented type`,
      file,
      range: (f.pointer !== undefined ? pointerRange(fixture.request.ranges, fixture.request.lines, f.pointer) : undefined) ?? (f.line !== undefined ? { start: { line: f.line, column: 1, offset: 0 }, end: { line: f.line, column: 1, offset: 0 } } : sourceRange(fixture.request.bodySource ?? fixture.request.source)),
      ...(f.pointer !== undefined ? { pointer: f.pointer } : {}),
      ...(f.expected !== undefined ? { expected: f.expected } : {}),
      ...(f.actual !== undefined ? { actual: f.actual } : {}),
      element: `example:${fixture.name}#request${f.pointer ?? ''}`,
    });
  });
}

/** After a create (201 with an `id`), remembers the id for later examples on the same collection. */
function remember(fixture: Fixture, request: OutgoingRequest, status: number, bodyText: string, context: ReplayContext): void {
  if (request.method !== 'POST' || status !== 201) return;
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    return;
  }
  const id = body && typeof body === 'object' ? (body as Record<string, unknown>).id : undefined;
  if (typeof id !== 'string' && typeof id !== 'number') return;
  const documented = fixture.response?.body;
  const documentedId = documented && typeof documented === 'object' ? (documented as Record<string, unknown>).id : undefined;
  const path = normalizePath(new URL(request.url).pathname);
  const versionPrefix = context.target.baseFor(fixture).replace(/^[a-z]+:\/\/[^/]+/i, '');
  const collection = (path.toLowerCase().startsWith(versionPrefix.toLowerCase()) ? path.slice(versionPrefix.length) : path) || '/';
  context.chain.remember({
    collection: normalizePath(collection).toLowerCase(),
    id: String(id),
    ...(typeof documentedId === 'string' ? { documentedId } : {}),
  });
}

/** Replaces `{name}`, `{a | b}` and `<name>` with values from `vars` (names compared case-insensitively). */
export function fillPlaceholders(text: string, vars: Readonly<Record<string, string>>): string {
  if (Object.keys(vars).length === 0) return text;
  const lookup = new Map(Object.entries(vars).map(([k, v]) => [k.toLowerCase(), v]));
  return text.replace(/\{([^}]*)\}|<([^>]*)>/g, (whole, braced: string | undefined, angled: string | undefined) => {
    for (const name of (braced ?? angled ?? '').split('|')) {
      const value = lookup.get(name.trim().toLowerCase());
      if (value !== undefined) return value;
    }
    return whole;
  });
}

/**
 * Where `url` lands once `..` and `.` segments are resolved (as fetch resolves them, `%2e%2e` included), when that
 * is outside `base`'s path on the same origin: `/beta/../v1.0/users` leaves `/beta`. Undefined when it stays below.
 * Another origin is not this check's business: the transport refuses it.
 */
export function leavesBase(url: string, base: string): { readonly base: string; readonly resolved: string } | undefined {
  let target: URL;
  let root: URL;
  try {
    target = new URL(url);
    root = new URL(base);
  } catch {
    return undefined;
  }
  if (target.origin !== root.origin) return undefined;
  const prefix = root.pathname.replace(/\/+$/, '');
  if (prefix === '' || target.pathname === prefix || target.pathname.startsWith(`${prefix}/`)) return undefined;
  return { base: prefix, resolved: target.pathname };
}

/** Percent-encodes what a URL path cannot carry as written (spaces, quotes stay readable to the server). */
function encodePath(path: string): string {
  return path.replace(/[^A-Za-z0-9\-._~!$&'()*+,;=:@/%]/g, (c) => encodeURIComponent(c));
}

function queryOf(url: string): string {
  const at = url.indexOf('?');
  return at < 0 ? '' : url.slice(at + 1).split('#')[0];
}
