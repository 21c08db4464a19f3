/**
 * Replays contracts in-process (no Jest): `docpact run` (what `npm start` runs), the corpus test and the benchmark
 * call this. The Jest runner (`docpact replay`) uses the same pieces, one test per fixture.
 */
import pLimit from 'p-limit';
import type { Diagnostic, Severity } from '../core/diagnostic.js';
import { compareDiagnostics, internalError } from '../core/diagnostic.js';
import type { Fixture } from '../contracts/types.js';
import { memoryChain } from './chain.js';
import type { ChainStore } from './chain.js';
import { createRedactor } from './redact.js';
import { replayFixture } from './replay-one.js';
import type { ReplayContext } from './replay-one.js';
import { openTarget } from './targets/index.js';
import type { ResolvedSpec } from './targets/index.js';
import type { ExampleOutcome, ReplayContracts, ReplayOptions, ReplayResult } from './types.js';
import { testName } from './types.js';
import { createValidator } from './validate.js';
import type { Validator } from './validate.js';

export interface InProcessOptions extends ReplayOptions {
  /** Mock only: call the mock's handler directly instead of over a socket. Default: false. */
  readonly inProcess?: boolean;
  /** Findings at or above it fail an example. Default: `error`. */
  readonly failSeverity?: Severity;
  /** A validator already built over the same schemas. Default: a new one. */
  readonly validator?: Validator;
  /** Shared chained ids (Jest workers pass a file-backed one). Default: in memory. */
  readonly chain?: ChainStore;
}

/**
 * replayFixture, but a crash of docpact on one example becomes a failed example with an internal-error finding at
 * its request line, and the other examples go on.
 */
export async function replayGuarded(fixture: Fixture, context: ReplayContext): Promise<ExampleOutcome> {
  try {
    return await replayFixture(fixture, context);
  } catch (error) {
    const line = fixture.request.source.line;
    const range = { start: { line, column: 1, offset: 0 }, end: { line, column: 1, offset: 0 } };
    const diagnostic = { ...internalError('replay', fixture.source.file, error, range), element: `example:${fixture.name}` };
    const example = { page: fixture.page, file: fixture.source.file, line, name: fixture.name, method: fixture.request.method, status: 'failed' as const, reason: diagnostic.message };
    return context.redact({ example, diagnostics: [diagnostic], retries: 0 });
  }
}

/** Defaults of the send policy, as documented on `ReplayOptions`. */
export const DEFAULTS = { timeoutMs: 30_000, retries: 3, backoffMs: 500, maxRetryDelayMs: 30_000, concurrency: 4 } as const;

/** Builds the per-run context shared by every fixture. */
export function createContext(
  target: ReplayContext['target'],
  validator: Validator,
  options: InProcessOptions,
): ReplayContext {
  return {
    target,
    validator,
    chain: options.chain ?? memoryChain(),
    redact: createRedactor([options.token, ...Object.values(options.headers ?? {}).filter((v) => /^(bearer|basic)\s/i.test(v))]),
    policy: {
      timeoutMs: options.timeoutMs ?? DEFAULTS.timeoutMs,
      retries: options.retries ?? DEFAULTS.retries,
      backoffMs: options.backoffMs ?? DEFAULTS.backoffMs,
      maxRetryDelayMs: options.maxRetryDelayMs ?? DEFAULTS.maxRetryDelayMs,
    },
    headers: options.headers ?? {},
    ...(options.token ? { token: options.token } : {}),
    vars: options.vars ?? {},
    allowWrites: options.allowWrites ?? false,
    failSeverity: options.failSeverity ?? 'error',
    ...(options.signal ? { signal: options.signal } : {}),
  };
}

/**
 * What every in-process run starts from (`replayContracts`, record's `captureRun`): the validator, the opened target,
 * the shared context, the fixtures `options.filter` keeps, and the concurrency limit — one at a time when writes reach
 * a stateful target, so chaining holds.
 */
export async function openRun(contracts: ReplayContracts, options: InProcessOptions): Promise<{
  target: Awaited<ReturnType<typeof openTarget>>;
  context: ReplayContext;
  fixtures: ReplayContracts['fixtures'];
  limit: ReturnType<typeof pLimit>;
}> {
  const validator = options.validator ?? createValidator(contracts.schemas);
  const spec: ResolvedSpec = options.target ?? { kind: 'mock' };
  const target = await openTarget(spec, contracts, validator, options.inProcess ?? false);
  const context = createContext(target, validator, options);
  const fixtures = contracts.fixtures.filter((f) => !options.filter || options.filter(testName(f)));
  const writesReachState = target.stateful && (!target.live || context.allowWrites);
  const limit = pLimit(writesReachState ? 1 : Math.max(1, options.concurrency ?? DEFAULTS.concurrency));
  return { target, context, fixtures, limit };
}

/**
 * Replays every fixture (or those `options.filter` keeps) against the target and returns one result per example
 * plus the findings, sorted. Requests run `concurrency` at a time; against a stateful target that receives writes
 * (a live service with `allowWrites`, a `stateful` mock) they run one at a time in page order, so chaining holds.
 */
export async function replayContracts(contracts: ReplayContracts, options: InProcessOptions = {}): Promise<ReplayResult> {
  const { target, context, fixtures, limit } = await openRun(contracts, options);
  const outcomes: (ExampleOutcome | undefined)[] = new Array(fixtures.length);
  try {
    await Promise.all(
      fixtures.map((fixture, i) =>
        limit(async () => {
          if (options.signal?.aborted) return;
          const outcome = await replayGuarded(fixture, context);
          outcomes[i] = outcome;
          options.onResult?.(outcome);
        }),
      ),
    );
  } finally {
    await target.close();
  }
  const done = outcomes.filter((o): o is ExampleOutcome => o !== undefined);
  const diagnostics: Diagnostic[] = done.flatMap((o) => o.diagnostics).sort(compareDiagnostics);
  return { examples: done.map((o) => o.example), diagnostics };
}
