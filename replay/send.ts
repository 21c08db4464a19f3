/**
 * Sending: a fetch transport that refuses any origin but the target's and never follows redirects (a 302 is
 * checked as documented, and a Location elsewhere is never visited), plus timeout and retry with exponential
 * backoff on 429/503 that honours `Retry-After` (seconds or an HTTP date, capped).
 */
import type { OutgoingRequest, ReceivedResponse, Transport } from './types.js';

/** A request that would leave the target's origin; it is never sent. */
export class RefusedHostError extends Error {
  override readonly name = 'RefusedHostError';
}

/** Real HTTP through the global fetch, restricted to `origin` (`http://127.0.0.1:8080`). */
export function fetchTransport(origin: string): Transport {
  const allowed = new URL(origin).origin;
  return async (request, signal) => {
    assertOrigin(request.url, allowed);
    const response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.method === 'GET' || request.method === 'HEAD' ? undefined : request.body,
      redirect: 'manual',
      signal,
    });
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      headers[name.toLowerCase()] = value;
    });
    return { status: response.status, ...(response.statusText ? { statusText: response.statusText } : {}), headers, bodyText: await response.text() };
  };
}

/** Throws unless `url` is on `origin`. */
export function assertOrigin(url: string, origin: string): void {
  let actual: string;
  try {
    actual = new URL(url).origin;
  } catch {
    throw new RefusedHostError(`Unexpected URL ${url}, expected an absolute URL on ${origin}`);
  }
  if (actual !== origin) throw new RefusedHostError(`Unexpected host ${actual}, expected ${origin}: docpact only sends requests to the target`);
}

export interface SendPolicy {
  readonly timeoutMs: number;
  readonly retries: number;
  readonly backoffMs: number;
  readonly maxRetryDelayMs: number;
}

export type Exchange =
  | { readonly kind: 'response'; readonly response: ReceivedResponse; readonly retries: number; readonly waits: readonly RetryWait[]; readonly ms: number }
  | { readonly kind: 'timeout' | 'network' | 'refused' | 'aborted'; readonly message: string; readonly retries: number; readonly waits: readonly RetryWait[]; readonly ms: number };

export interface RetryWait {
  readonly status: number;
  readonly delayMs: number;
  readonly retryAfter?: string;
}

/** Sends with timeout per attempt and retries on 429/503; never throws. */
export async function exchange(transport: Transport, request: OutgoingRequest, policy: SendPolicy, runSignal?: AbortSignal): Promise<Exchange> {
  const started = performance.now();
  const waits: RetryWait[] = [];
  for (let attempt = 0; ; attempt++) {
    if (runSignal?.aborted) return { kind: 'aborted', message: 'the run was interrupted', retries: attempt, waits, ms: performance.now() - started };
    if (transport.pace && !(await transport.pace(request, runSignal))) {
      return { kind: 'aborted', message: 'the run was interrupted', retries: attempt, waits, ms: performance.now() - started };
    }
    const timeout = AbortSignal.timeout(policy.timeoutMs);
    const signal = runSignal ? AbortSignal.any([runSignal, timeout]) : timeout;
    let response: ReceivedResponse;
    try {
      response = await transport(request, signal);
    } catch (error) {
      const ms = performance.now() - started;
      if (error instanceof RefusedHostError) return { kind: 'refused', message: error.message, retries: attempt, waits, ms };
      if (timeout.aborted) {
        return { kind: 'timeout', message: `no response within ${policy.timeoutMs} ms`, retries: attempt, waits, ms };
      }
      if (runSignal?.aborted) return { kind: 'aborted', message: 'the run was interrupted', retries: attempt, waits, ms };
      return { kind: 'network', message: describeNetworkError(error), retries: attempt, waits, ms };
    }
    if ((response.status === 429 || response.status === 503) && attempt < policy.retries) {
      const retryAfter = response.headers['retry-after'];
      const delayMs = Math.min(policy.maxRetryDelayMs, retryDelay(retryAfter) ?? policy.backoffMs * 2 ** attempt);
      waits.push({ status: response.status, delayMs, ...(retryAfter !== undefined ? { retryAfter } : {}) });
      if (!(await sleep(delayMs, runSignal))) {
        return { kind: 'aborted', message: 'the run was interrupted', retries: attempt, waits, ms: performance.now() - started };
      }
      continue;
    }
    return { kind: 'response', response, retries: attempt, waits, ms: performance.now() - started };
  }
}

/** `Retry-After` in ms: delta seconds or an HTTP date; undefined when absent or unreadable. */
export function retryDelay(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Resolves true after `ms`, or false as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * `fetch failed: ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:8080`: the error, its cause's code and message.
 * Read by shape, not `instanceof`: under Jest the test runs in its own realm while fetch throws the outer realm's
 * TypeError, which is no `Error` of the test's, and the cause was lost.
 */
export function describeNetworkError(error: unknown): string {
  const message = messageOf(error);
  if (message === undefined) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  const code = cause && typeof cause === 'object' && 'code' in cause ? String((cause as { code: unknown }).code) : undefined;
  // An AggregateError (every address refused) has an empty message; its first error names the address.
  const first = cause && typeof cause === 'object' && Array.isArray((cause as { errors?: unknown }).errors) ? (cause as { errors: unknown[] }).errors[0] : undefined;
  const detail = messageOf(cause) || messageOf(first);
  return [...new Set([message, code, detail].filter(Boolean))].join(': ');
}

function messageOf(value: unknown): string | undefined {
  return value !== null && typeof value === 'object' && typeof (value as { message?: unknown }).message === 'string' ? (value as { message: string }).message : undefined;
}
