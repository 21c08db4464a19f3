/**
 * The embedded mock as a real HTTP server on 127.0.0.1 (node:http), answering from the contracts.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMockHandler } from '../mock-handler.js';
import type { MockHandler, MockOptions } from '../mock-handler.js';
import type { ReplayContracts } from '../types.js';

export interface MockServerOptions extends MockOptions {
  /** Default: 0 (any free port). */
  readonly port?: number;
  /** Default: `127.0.0.1`; the mock is never exposed beyond loopback unless asked. */
  readonly host?: string;
}

export interface MockServer {
  /** `http://127.0.0.1:<port>`, without a trailing slash. */
  readonly url: string;
  readonly port: number;
  readonly handler: MockHandler;
  /** Requests answered so far. */
  readonly requests: () => number;
  close(): Promise<void>;
}

/** Starts the mock server; resolves once it listens. */
export async function startMockServer(contracts: ReplayContracts, options: MockServerOptions = {}): Promise<MockServer> {
  const handler = createMockHandler(contracts, options);
  let count = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      count++;
      const headers: Record<string, string | undefined> = {};
      for (const [name, value] of Object.entries(req.headers)) headers[name] = Array.isArray(value) ? value.join(', ') : value;
      let answer;
      try {
        answer = handler({ method: req.method ?? 'GET', url: req.url ?? '/', headers, bodyText: Buffer.concat(chunks).toString('utf8') });
      } catch (error) {
        answer = {
          status: 500,
          headers: { 'content-type': 'application/json' },
          bodyText: JSON.stringify({ error: { code: 'docpact.mockError', message: error instanceof Error ? error.message : String(error) } }),
        };
      }
      try {
        // The documented reason phrase (`201 Created`), so replay's reason check compares the page with itself.
        if (answer.statusText !== undefined && /^[\t\x20-\x7e]+$/.test(answer.statusText)) res.writeHead(answer.status, answer.statusText, answer.headers);
        else res.writeHead(answer.status, answer.headers);
      } catch (error) {
        // A documented header or status that HTTP cannot carry (a control character or a character past U+00FF in a
        // value, a status past 999) threw here, outside any caller, and ended the whole process: answer a mock error
        // that names it instead, so that example fails and every other one is still replayed.
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'docpact.mockError', message: `The documented response cannot be sent over HTTP: ${error instanceof Error ? error.message : String(error)}` } }));
        return;
      }
      res.end(answer.bodyText);
    });
  });
  // Keep-alive sockets would hold close() open; the mock closes them itself.
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port, address } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return {
    url: `http://${host}:${port}`,
    port,
    handler,
    requests: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
