/**
 * Pacing of a replay run: per host, a request-rate limit and a limit on requests in flight; a `Retry-After` (delta
 * seconds or an HTTP date) on a 429/503 pauses every request to that host until then, not only the one retried; and
 * a count of what was throttled, for the run's closing summary. The total-run time budget is the runner's
 * (replay/scenario-run.ts); the pacer only reports how many examples it left out.
 */
import { retryDelay, sleep } from './send.js';
import type { OutgoingRequest, ReceivedResponse, Transport } from './types.js';

export interface HostPacing {
  /** Requests per second to the host; 0 or absent: no limit. */
  readonly rate?: number;
  /** Requests in flight at once to the host; absent: no limit here (the run's --concurrency still holds). */
  readonly concurrency?: number;
}

export interface PacingOptions extends HostPacing {
  /** Overrides by host (`graph.staging.example.com`, or with a port). */
  readonly hosts?: Readonly<Record<string, HostPacing>>;
  /** Longest a single `Retry-After` pause may last, in ms; a longer one pauses this long. Default: 120000. */
  readonly maxPauseMs?: number;
}

/** What the pacer saw, per host. */
export interface HostPacingSummary {
  readonly host: string;
  readonly requests: number;
  /** 429 and 503 answers, by status. */
  readonly throttled: Readonly<Record<string, number>>;
  /** Requests held back by the rate limit, and for how long in all. */
  readonly rateWaits: number;
  readonly rateWaitMs: number;
  /** Requests held back by a `Retry-After` pause, and for how long in all. */
  readonly pauseWaits: number;
  readonly pauseWaitMs: number;
}

export interface PacingSummary {
  readonly hosts: readonly HostPacingSummary[];
  /** Examples left out because the run's time budget ran out. */
  budgetSkipped: number;
}

interface HostState {
  readonly limits: HostPacing;
  nextSlot: number;
  pauseUntil: number;
  inFlight: number;
  readonly queue: (() => void)[];
  readonly summary: { requests: number; throttled: Record<string, number>; rateWaits: number; rateWaitMs: number; pauseWaits: number; pauseWaitMs: number };
}

export class Pacer {
  private readonly hosts = new Map<string, HostState>();
  private readonly maxPauseMs: number;
  budgetSkipped = 0;

  constructor(private readonly options: PacingOptions = {}) {
    this.maxPauseMs = options.maxPauseMs ?? 120_000;
  }

  /** `inner`, paced: its `pace` waits for the host's rate slot and pause; the call itself holds a concurrency slot. */
  wrap(inner: Transport): Transport {
    const call = async (request: OutgoingRequest, signal: AbortSignal): Promise<ReceivedResponse> => {
      const host = this.state(request.url);
      await this.acquire(host, signal);
      try {
        host.summary.requests++;
        const response = await inner(request, signal);
        if (response.status === 429 || response.status === 503) {
          host.summary.throttled[response.status] = (host.summary.throttled[response.status] ?? 0) + 1;
          const delay = retryDelay(response.headers['retry-after']);
          if (delay !== undefined) host.pauseUntil = Math.max(host.pauseUntil, Date.now() + Math.min(delay, this.maxPauseMs));
        }
        return response;
      } finally {
        this.release(host);
      }
    };
    const pace = async (request: OutgoingRequest, signal?: AbortSignal): Promise<boolean> => {
      if (inner.pace && !(await inner.pace(request, signal))) return false;
      return this.pace(request.url, signal);
    };
    return Object.assign(call, { pace });
  }

  /** Waits for the host's next rate slot and the end of its pause; false when `signal` aborted the wait. */
  async pace(url: string, signal?: AbortSignal): Promise<boolean> {
    const host = this.state(url);
    for (;;) {
      const now = Date.now();
      const interval = host.limits.rate ? 1000 / host.limits.rate : 0;
      const pausedFor = host.pauseUntil - now;
      if (pausedFor > 0) {
        host.summary.pauseWaits++;
        host.summary.pauseWaitMs += pausedFor;
        if (!(await sleep(pausedFor, signal))) return false;
        continue;
      }
      const start = Math.max(now, host.nextSlot);
      host.nextSlot = start + interval;
      const wait = start - now;
      if (wait <= 0) return !signal?.aborted;
      host.summary.rateWaits++;
      host.summary.rateWaitMs += wait;
      if (!(await sleep(wait, signal))) return false;
      // A Retry-After that arrived meanwhile holds this request back too.
      if (host.pauseUntil <= Date.now()) return true;
    }
  }

  summary(): PacingSummary {
    const hosts = [...this.hosts.entries()].map(([host, s]) => ({ host, ...s.summary, throttled: { ...s.summary.throttled } }));
    return { hosts, budgetSkipped: this.budgetSkipped };
  }

  private state(url: string): HostState {
    const host = new URL(url).host.toLowerCase();
    let state = this.hosts.get(host);
    if (!state) {
      const hostname = host.replace(/:\d+$/, '');
      const override = this.options.hosts?.[host] ?? this.options.hosts?.[hostname] ?? {};
      const limits = { rate: override.rate ?? this.options.rate, concurrency: override.concurrency ?? this.options.concurrency };
      state = { limits, nextSlot: 0, pauseUntil: 0, inFlight: 0, queue: [], summary: { requests: 0, throttled: {}, rateWaits: 0, rateWaitMs: 0, pauseWaits: 0, pauseWaitMs: 0 } };
      this.hosts.set(host, state);
    }
    return state;
  }

  private acquire(host: HostState, signal: AbortSignal): Promise<void> {
    const limit = host.limits.concurrency;
    if (!limit || host.inFlight < limit) {
      host.inFlight++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const go = (): void => {
        signal.removeEventListener('abort', onAbort);
        host.inFlight++;
        resolve();
      };
      const onAbort = (): void => {
        const at = host.queue.indexOf(go);
        if (at >= 0) host.queue.splice(at, 1);
        reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      };
      host.queue.push(go);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  private release(host: HostState): void {
    host.inFlight--;
    host.queue.shift()?.();
  }
}

/** One line per host that was throttled or held back, and the budget's toll; empty when nothing happened. */
export function describePacing(summary: PacingSummary): string[] {
  const lines: string[] = [];
  for (const h of summary.hosts) {
    const statuses = Object.entries(h.throttled).map(([status, n]) => `${n}×${status}`);
    if (statuses.length === 0 && h.rateWaits === 0 && h.pauseWaits === 0) continue;
    const parts = [`${h.requests} request${h.requests === 1 ? '' : 's'}`];
    if (statuses.length > 0) parts.push(`throttled ${statuses.join(', ')}`);
    if (h.pauseWaits > 0) parts.push(`${h.pauseWaits} held ${seconds(h.pauseWaitMs)} by Retry-After`);
    if (h.rateWaits > 0) parts.push(`${h.rateWaits} held ${seconds(h.rateWaitMs)} by the rate limit`);
    lines.push(`pacing ${h.host}: ${parts.join('; ')}`);
  }
  if (summary.budgetSkipped > 0) lines.push(`time budget ran out: ${summary.budgetSkipped} example${summary.budgetSkipped === 1 ? '' : 's'} not replayed`);
  return lines;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
