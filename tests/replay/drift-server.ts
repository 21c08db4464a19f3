/**
 * A stand-in for a real service on 127.0.0.1 whose answers have drifted from the docs: it routes each request to
 * the documented example (as the mock does, but without judging request bodies, as a service would not know the
 * docs' schemas) and passes the documented answer through `drift`, which may change it per example.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Fixture } from '../../contracts/types.js';
import { documented, type MockResponse } from '../../replay/mock-handler.js';
import { RouteTable } from '../../replay/routes.js';

export interface DriftServer {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** `METHOD path` of every request answered, in order. */
  readonly requests: string[];
  close(): Promise<void>;
}

/** A changed answer; `body` is the parsed documented body (undefined when none), to edit in place. */
export type Drift = (fixture: Fixture, answer: { status: number; headers: Record<string, string>; body: unknown }) => void;

export interface DriftServerOptions {
  /** Requests for these examples are never answered (until close); `onHeld` hears of each. Default: none. */
  readonly hold?: (fixture: Fixture) => boolean;
  readonly onHeld?: (fixture: Fixture) => void;
}

export async function startDriftServer(fixtures: readonly Fixture[], drift: Drift, options: DriftServerOptions = {}): Promise<DriftServer> {
  const routes = new RouteTable(fixtures);
  const requests: string[] = [];
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      requests.push(`${req.method} ${req.url}`);
      const routed = routes.route(req.method ?? 'GET', req.url ?? '/');
      if (routed.kind !== 'found') {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"code":"notFound"}}');
        return;
      }
      const fixture = routed.match.fixture;
      if (options.hold?.(fixture)) {
        options.onHeld?.(fixture);
        return;
      }
      const base: MockResponse = documented(fixture, req.method === 'HEAD');
      let body: unknown;
      try {
        body = base.bodyText.trim() === '' ? undefined : (JSON.parse(base.bodyText) as unknown);
      } catch {
        // Not JSON: answered as written, and no drift can edit it.
        res.writeHead(base.status, base.headers).end(base.bodyText);
        return;
      }
      const answer = { status: base.status, headers: { ...base.headers }, body };
      drift(fixture, answer);
      res.writeHead(answer.status, answer.headers).end(answer.body === undefined ? '' : JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
