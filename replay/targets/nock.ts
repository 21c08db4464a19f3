/**
 * The mock's answers served in-process through nock: no socket is opened. Requests go to an origin under the
 * reserved `.invalid` domain, so even with nock inactive nothing could reach a real host.
 */
import nock from 'nock';
import type { MockHandler } from '../mock-handler.js';

/** The origin the nock target answers on. */
export const NOCK_ORIGIN = 'http://nock.docpact.invalid';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/** Intercepts every request to `NOCK_ORIGIN` with `handler`; resolves to a function that removes the interceptors. */
export function installNock(handler: MockHandler): () => void {
  if (!nock.isActive()) nock.activate();
  const scope = nock(NOCK_ORIGIN).persist();
  const interceptors = METHODS.map((method) => {
    const interceptor = scope.intercept(/.*/, method);
    // nock 15 calls a one-argument reply function with the fetch Request (a two-argument one would hang).
    interceptor.reply(async (request: Request) => {
      const url = new URL(request.url);
      const headers: Record<string, string> = {};
      request.headers.forEach((value, name) => {
        headers[name.toLowerCase()] = value;
      });
      const answer = handler({ method, url: `${url.pathname}${url.search}`, headers, bodyText: await request.text() });
      return [answer.status, answer.bodyText, answer.headers];
    });
    return interceptor;
  });
  return () => {
    for (const interceptor of interceptors) nock.removeInterceptor(interceptor);
  };
}
