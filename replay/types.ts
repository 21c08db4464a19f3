/**
 * Types shared by the replay stage: what it reads (contracts), how it is told where to send requests (targets and
 * options), and what one exchange looks like on the wire.
 */
import type { Diagnostic } from '../core/diagnostic.js';
import type { Fixture } from '../contracts/types.js';
import type { ExampleResult } from '../reports/types.js';

/** The contracts replay needs: every schema by `$id` and the fixtures, in page order. */
export interface ReplayContracts {
  readonly schemas: ReadonlyMap<string, object> | Readonly<Record<string, object>>;
  readonly fixtures: readonly Fixture[];
}

/** A request as replay sends it. Header names are lower case. */
export interface OutgoingRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** A response as replay received it. Header names are lower case. */
export interface ReceivedResponse {
  readonly status: number;
  /** The reason phrase of the status line (`Created`), when the protocol carries one (HTTP/1.1; not HTTP/2). */
  readonly statusText?: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly bodyText: string;
}

/**
 * Sends one request and resolves to the response. Rejects on network failure; an aborted `signal` rejects with
 * its reason.
 */
export type Transport = ((request: OutgoingRequest, signal: AbortSignal) => Promise<ReceivedResponse>) & {
  /**
   * Waits until the request may go (replay/pacing.ts: the host's rate limit, a `Retry-After` pause), before the
   * attempt's timeout starts; resolves false when `signal` aborted the wait. Absent: no wait.
   */
  readonly pace?: (request: OutgoingRequest, signal?: AbortSignal) => Promise<boolean>;
};

/** Where the requests go. */
export type TargetSpec =
  | { readonly kind: 'mock'; readonly stateful?: boolean }
  | { readonly kind: 'nock'; readonly stateful?: boolean }
  | { readonly kind: 'live'; readonly baseUrl: string };

export interface ReplayOptions {
  /** Default: `{ kind: 'mock' }`. */
  readonly target?: TargetSpec;
  /** Extra request headers (`--header 'K: V'`). Default: none. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Bearer token sent as `Authorization` (the CLI reads it from `DOCPACT_TOKEN`). Default: none. */
  readonly token?: string;
  /** Values for path placeholders (`--var id=123` and the config's `vars`). Default: none. */
  readonly vars?: Readonly<Record<string, string>>;
  /** Send POST/PUT/PATCH/DELETE to a live target. Default: false (mock and nock always receive writes). */
  readonly allowWrites?: boolean;
  /** Per-request timeout in ms. Default: 30000. */
  readonly timeoutMs?: number;
  /** Retries on 429/503. Default: 3. */
  readonly retries?: number;
  /** Longest wait between retries in ms, whatever `Retry-After` asks. Default: 30000. */
  readonly maxRetryDelayMs?: number;
  /** First backoff delay in ms, doubled per retry when there is no `Retry-After`. Default: 500. */
  readonly backoffMs?: number;
  /** Requests in flight at once. Default: 4. */
  readonly concurrency?: number;
  /** Only fixtures whose `<page> › <name>` matches. Default: all. */
  readonly filter?: (testName: string) => boolean;
  /** Called after each example, e.g. to write partial results. */
  readonly onResult?: (result: ExampleOutcome) => void;
  /** Stops sending new requests when aborted (Ctrl-C); finished results are kept. */
  readonly signal?: AbortSignal;
}

/** The result of replaying one fixture: the example's status and the findings about it. */
export interface ExampleOutcome {
  readonly example: ExampleResult;
  readonly diagnostics: readonly Diagnostic[];
  /** How many times the request was retried after 429/503. */
  readonly retries: number;
}

export interface ReplayResult {
  readonly examples: readonly ExampleResult[];
  readonly diagnostics: readonly Diagnostic[];
}

/** The Jest test name of a fixture: `<page> › <example-name>`. */
export function testName(fixture: Pick<Fixture, 'page' | 'name'>): string {
  return `${fixture.page} › ${fixture.name}`;
}
