/**
 * Pacing against a server on 127.0.0.1: the per-host rate limit and concurrency hold, a Retry-After (seconds) holds
 * every request to the host, not only the one retried, and the summary says what was throttled.
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from '@jest/globals';
import { describePacing, Pacer } from '../../replay/pacing.js';
import { exchange, fetchTransport } from '../../replay/send.js';

const servers: Server[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise<void>((resolve) => {
    s.closeAllConnections();
    s.close(() => resolve());
  })));
});

/** Answers after `delayMs`; the first request gets 429 with `Retry-After: 1` when `throttleFirst`. */
async function start(options: { delayMs?: number; throttleFirst?: boolean } = {}) {
  let inFlight = 0;
  const seen = { max: 0, count: 0, at: [] as number[] };
  const server = createServer((_req, res) => {
    seen.count++;
    seen.at.push(Date.now());
    inFlight++;
    seen.max = Math.max(seen.max, inFlight);
    setTimeout(() => {
      inFlight--;
      if (options.throttleFirst && seen.count === 1) {
        res.writeHead(429, { 'retry-after': '1' });
        return res.end();
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    }, options.delayMs ?? 0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

const policy = { timeoutMs: 60_000, retries: 2, backoffMs: 600_000, maxRetryDelayMs: 0 };

describe('Pacer', () => {
  it('should keep to the host rate limit, holding all but the first request', async () => {
    const { url, seen } = await start();
    const pacer = new Pacer({ rate: 20 });
    // When the pacer let each request go: what the rate limit governs. (When the server saw them also depends on how
    // fast a busy machine opens connections, which can bunch the arrivals up.)
    const sent: number[] = [];
    const inner = fetchTransport(url);
    const transport = pacer.wrap((request, signal) => {
      sent.push(performance.now());
      return inner(request, signal);
    });
    const results = await Promise.all(Array.from({ length: 5 }, () => exchange(transport, { method: 'GET', url: `${url}/x`, headers: {} }, policy)));
    expect(results.map((r) => r.kind)).toEqual(Array(5).fill('response'));
    expect(seen.at).toHaveLength(5);
    const [host] = pacer.summary().hosts;
    expect(host).toMatchObject({ requests: 5, rateWaits: 4 });
    // 20 per second: the fifth request went at least 4 × 50 ms after the first (less a little timer slack).
    expect(sent[4] - sent[0]).toBeGreaterThanOrEqual(190);
  });

  it('should keep to the host concurrency', async () => {
    const { url, seen } = await start({ delayMs: 50 });
    const transport = new Pacer({ concurrency: 2 }).wrap(fetchTransport(url));
    await Promise.all(Array.from({ length: 6 }, () => exchange(transport, { method: 'GET', url: `${url}/x`, headers: {} }, policy)));
    expect(seen.count).toBe(6);
    expect(seen.max).toBe(2);
  });

  it('should hold every request to the host for a Retry-After in seconds, and say so in the summary', async () => {
    const { url, seen } = await start({ throttleFirst: true });
    const pacer = new Pacer();
    const transport = pacer.wrap(fetchTransport(url));
    const first = await exchange(transport, { method: 'GET', url: `${url}/a`, headers: {} }, policy);
    // Another request right after the 429 waits for the same pause, though it was never throttled itself.
    const other = await exchange(transport, { method: 'GET', url: `${url}/b`, headers: {} }, policy);
    expect([first.kind, other.kind]).toEqual(['response', 'response']);
    expect(first.kind === 'response' && first.response.status).toBe(200);
    expect(seen.at[2] - seen.at[0]).toBeGreaterThanOrEqual(900);
    const [host] = pacer.summary().hosts;
    expect(host.throttled).toEqual({ 429: 1 });
    expect(host.pauseWaits).toBeGreaterThanOrEqual(1);
    expect(describePacing(pacer.summary())).toEqual([expect.stringMatching(/^pacing 127\.0\.0\.1:\d+: 3 requests; throttled 1×429; \d+ held \d+\.\d s by Retry-After$/)]);
  });

  it('should stop waiting when the run is interrupted', async () => {
    const { url } = await start({ throttleFirst: true });
    const transport = new Pacer().wrap(fetchTransport(url));
    const controller = new AbortController();
    await exchange(transport, { method: 'GET', url: `${url}/a`, headers: {} }, { ...policy, retries: 0 }, controller.signal);
    controller.abort();
    const stopped = await exchange(transport, { method: 'GET', url: `${url}/b`, headers: {} }, policy, controller.signal);
    expect(stopped.kind).toBe('aborted');
  });
});
