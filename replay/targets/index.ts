/**
 * Opens a target: where each fixture's request goes, through which transport, and under which rules
 * (a live service gets no writes unless allowed and no `Prefer: example=`; the mock and nock get both).
 */
import type { Fixture } from '../../contracts/types.js';
import { createMockHandler } from '../mock-handler.js';
import { fetchTransport } from '../send.js';
import type { ReplayContracts, TargetSpec, Transport } from '../types.js';
import type { Validator } from '../validate.js';

/** A target spec, or an embedded mock some other process already started (Jest workers use this). */
export type ResolvedSpec = TargetSpec | { readonly kind: 'server'; readonly url: string; readonly stateful: boolean };

export interface OpenTarget {
  readonly kind: ResolvedSpec['kind'];
  /** The only origin requests may go to. */
  readonly origin: string;
  /** A real service: writes are gated by `allowWrites`, placeholders need values. */
  readonly live: boolean;
  /** Whether the target keeps state, so requests must go one at a time in page order. */
  readonly stateful: boolean;
  /** The URL prefix that replaces the example's origin and version. */
  baseFor(fixture: Fixture): string;
  readonly transport: Transport;
  close(): Promise<void>;
}

/** Origin of the in-process mock (no socket: the handler is called directly). */
export const IN_PROCESS_ORIGIN = 'http://mock.docpact.invalid';

/**
 * Opens `spec`. `inProcess` (mock only) answers through the handler without a socket — fast, for `docpact run`
 * and the corpus test. Default: a real server on 127.0.0.1.
 */
export async function openTarget(
  spec: ResolvedSpec,
  contracts: ReplayContracts,
  validator: Validator,
  inProcess = false,
): Promise<OpenTarget> {
  const versioned = (origin: string) => (fixture: Fixture) =>
    fixture.request.version ? `${origin}/${fixture.request.version}` : origin;
  switch (spec.kind) {
    case 'mock': {
      const stateful = spec.stateful ?? false;
      if (inProcess) {
        const handler = createMockHandler(contracts, { stateful, validator });
        const transport: Transport = async (request) => {
          const url = new URL(request.url);
          if (url.origin !== IN_PROCESS_ORIGIN) throw new Error(`Unexpected host ${url.origin}`);
          const answer = handler({ method: request.method, url: `${url.pathname}${url.search}`, headers: request.headers, bodyText: request.body ?? '' });
          return { status: answer.status, headers: answer.headers, bodyText: answer.bodyText };
        };
        return { kind: 'mock', origin: IN_PROCESS_ORIGIN, live: false, stateful, baseFor: versioned(IN_PROCESS_ORIGIN), transport, close: async () => {} };
      }
      const { startMockServer } = await import('./mock.js');
      const server = await startMockServer(contracts, { stateful, validator });
      return { kind: 'mock', origin: server.url, live: false, stateful, baseFor: versioned(server.url), transport: fetchTransport(server.url), close: () => server.close() };
    }
    case 'server':
      return { kind: 'server', origin: new URL(spec.url).origin, live: false, stateful: spec.stateful, baseFor: versioned(spec.url.replace(/\/+$/, '')), transport: fetchTransport(spec.url), close: async () => {} };
    case 'nock': {
      const { installNock, NOCK_ORIGIN } = await import('./nock.js');
      const stateful = spec.stateful ?? false;
      const remove = installNock(createMockHandler(contracts, { stateful, validator }));
      return { kind: 'nock', origin: NOCK_ORIGIN, live: false, stateful, baseFor: versioned(NOCK_ORIGIN), transport: fetchTransport(NOCK_ORIGIN), close: async () => remove() };
    }
    case 'live': {
      const base = spec.baseUrl.replace(/\/+$/, '');
      const origin = new URL(base).origin;
      return { kind: 'live', origin, live: true, stateful: true, baseFor: () => base, transport: fetchTransport(origin), close: async () => {} };
    }
  }
}

/** Reads `--target`: `mock`, `nock`, or an http(s) base URL; undefined when it is none of these. */
export function parseTarget(value: string, stateful = false): TargetSpec | undefined {
  if (value === 'mock' || value === 'nock') return { kind: value, stateful };
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') return { kind: 'live', baseUrl: value };
  } catch {
    // not a URL
  }
  return undefined;
}
