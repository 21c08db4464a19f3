/**
 * Sign-in for replay: named accounts from the config (`accounts`), each an OAuth 2.0 client-credentials or
 * refresh-token flow through a kept library — `@azure/msal-node` for Microsoft Entra ID (`provider: "entra"`),
 * `openid-client` for any OpenID Connect provider (`provider: "oidc"`). Secrets come only from environment variables
 * the config names. A token is fetched on first use, cached for the run, fetched again shortly before it expires and
 * once after a 401; every secret and token is handed to `onSecret` the moment docpact knows it, so the run's
 * redactor can keep it out of every report, log and file.
 */
import type { OutgoingRequest, ReceivedResponse, Transport } from './types.js';

export interface AccountSettings {
  /** `entra`: Microsoft Entra ID through MSAL; `oidc`: an OpenID Connect provider found by discovery. */
  readonly provider: 'entra' | 'oidc';
  readonly flow: 'client-credentials' | 'refresh-token';
  /** entra: `https://login.microsoftonline.com/<tenant>`. */
  readonly authority?: string;
  /** oidc: the issuer whose `/.well-known/openid-configuration` describes the token endpoint. */
  readonly issuer?: string;
  readonly clientId: string;
  /** Name of the environment variable holding the client secret (confidential clients). */
  readonly clientSecretEnv?: string;
  /** Name of the environment variable holding the refresh token (`refresh-token` flow). */
  readonly refreshTokenEnv?: string;
  /** Default: entra `["https://graph.microsoft.com/.default"]`, oidc none. */
  readonly scopes?: readonly string[];
}

/** An account that cannot be set up (missing environment variable, insecure issuer): a usage error. */
export class SignInSetupError extends Error {
  override readonly name = 'SignInSetupError';
}

/** A token request that failed; its message holds no secret (the caller redacts it anyway). */
export class SignInError extends Error {
  override readonly name = 'SignInError';
}

export interface SignInStats {
  /** Token requests made: the first, on expiry, and after a 401. */
  signIns: number;
  expiryRefreshes: number;
  unauthorizedRefreshes: number;
}

export interface TokenSource {
  readonly account: string;
  /** The cached token, or a new one when there is none or it expires within a minute. */
  token(): Promise<string>;
  /** After a 401 answered a request sent with `used`: a new token, unless one newer than `used` is already cached. */
  refresh(used: string): Promise<string>;
  readonly stats: SignInStats;
}

interface Grant {
  readonly accessToken: string;
  /** Epoch ms; undefined: the provider did not say (kept until a 401). */
  readonly expiresAt?: number;
}

type Acquire = (force: boolean) => Promise<Grant>;

const EXPIRY_SKEW_MS = 60_000;

/**
 * Builds the token sources of `accounts`, reading their secrets from `env` now (a missing one is a
 * {@link SignInSetupError}); nothing is sent until a token is first asked for.
 */
export function createAccounts(
  accounts: Readonly<Record<string, AccountSettings>>,
  env: Readonly<Record<string, string | undefined>>,
  onSecret: (secret: string) => void,
): Map<string, TokenSource> {
  const out = new Map<string, TokenSource>();
  for (const [name, settings] of Object.entries(accounts)) {
    const read = (variable: string | undefined, what: string): string | undefined => {
      if (variable === undefined) return undefined;
      const value = env[variable];
      if (!value) throw new SignInSetupError(`account "${name}": the environment variable ${variable} (its ${what}) is not set; set it, secrets are never read from the config`);
      onSecret(value);
      return value;
    };
    const secret = read(settings.clientSecretEnv, 'client secret');
    const refreshToken = read(settings.refreshTokenEnv, 'refresh token');
    if (settings.flow === 'client-credentials' && secret === undefined) {
      throw new SignInSetupError(`account "${name}": the client-credentials flow needs clientSecretEnv, the environment variable holding the client secret`);
    }
    if (settings.flow === 'refresh-token' && refreshToken === undefined) {
      throw new SignInSetupError(`account "${name}": the refresh-token flow needs refreshTokenEnv, the environment variable holding the refresh token`);
    }
    const acquire = settings.provider === 'entra'
      ? entraGrant(name, settings, secret, refreshToken)
      : oidcGrant(name, settings, secret, refreshToken, onSecret);
    out.set(name, tokenSource(name, acquire, onSecret));
  }
  return out;
}

/** Caching around `acquire`: one request at a time, shared by every caller waiting for it. */
export function tokenSource(account: string, acquire: Acquire, onSecret: (secret: string) => void, now: () => number = Date.now): TokenSource {
  let current: Grant | undefined;
  let pending: Promise<Grant> | undefined;
  const stats: SignInStats = { signIns: 0, expiryRefreshes: 0, unauthorizedRefreshes: 0 };
  const fetchGrant = (force: boolean): Promise<Grant> => {
    pending ??= (async () => {
      try {
        stats.signIns++;
        const grant = await acquire(force);
        onSecret(grant.accessToken);
        current = grant;
        return grant;
      } finally {
        pending = undefined;
      }
    })();
    return pending;
  };
  return {
    account,
    stats,
    async token() {
      if (pending) return (await pending).accessToken;
      if (current && (current.expiresAt === undefined || current.expiresAt - EXPIRY_SKEW_MS > now())) return current.accessToken;
      if (current) stats.expiryRefreshes++;
      return (await fetchGrant(current !== undefined)).accessToken;
    },
    async refresh(used) {
      if (pending) return (await pending).accessToken;
      if (current && current.accessToken !== used) return current.accessToken;
      stats.unauthorizedRefreshes++;
      return (await fetchGrant(true)).accessToken;
    },
  };
}

/**
 * `inner` with `Authorization: Bearer <token>` from `source`; a 401 is answered by one new token and one resend
 * (a second 401 is the service's answer and is validated as such).
 */
export function authTransport(inner: Transport, source: TokenSource): Transport {
  const call = async (request: OutgoingRequest, signal: AbortSignal): Promise<ReceivedResponse> => {
    const token = await source.token();
    const response = await inner(withToken(request, token), signal);
    if (response.status !== 401) return response;
    const fresh = await source.refresh(token);
    if (inner.pace && !(await inner.pace(request, signal))) return response;
    return inner(withToken(request, fresh), signal);
  };
  return inner.pace ? Object.assign(call, { pace: inner.pace }) : call;
}

function withToken(request: OutgoingRequest, token: string): OutgoingRequest {
  return { ...request, headers: { ...request.headers, authorization: `Bearer ${token}` } };
}

/** Loopback hosts, the only ones a token endpoint may be reached over plain HTTP on (local tests, dev proxies). */
function isLoopback(url: URL): boolean {
  return url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
}

function parseUrl(account: string, key: string, value: string | undefined): URL {
  if (value === undefined) throw new SignInSetupError(`account "${account}": "${key}" is required for this provider`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new SignInSetupError(`account "${account}": Unexpected ${key} "${value}", expected an https URL`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url))) {
    throw new SignInSetupError(`account "${account}": Unexpected ${key} "${value}", expected an https URL (plain http only on 127.0.0.1 or localhost)`);
  }
  return url;
}

function oidcGrant(name: string, settings: AccountSettings, secret: string | undefined, refreshToken: string | undefined, onSecret: (s: string) => void): Acquire {
  const issuer = parseUrl(name, 'issuer', settings.issuer);
  let configuration: Promise<import('openid-client').Configuration> | undefined;
  let refresh = refreshToken;
  const scope = settings.scopes?.join(' ');
  return async () => {
    const client = await import('openid-client');
    configuration ??= client
      .discovery(issuer, settings.clientId, secret, secret === undefined ? client.None() : undefined, issuer.protocol === 'http:' ? { execute: [client.allowInsecureRequests] } : undefined)
      .catch((error: unknown) => {
        configuration = undefined;
        throw new SignInError(`account "${name}": discovery at ${issuer.href} failed: ${messageOf(error)}`);
      });
    const config = await configuration;
    try {
      const response =
        settings.flow === 'client-credentials'
          ? await client.clientCredentialsGrant(config, scope ? { scope } : {})
          : await client.refreshTokenGrant(config, refresh!, scope ? { scope } : {});
      if (response.refresh_token) {
        onSecret(response.refresh_token);
        refresh = response.refresh_token;
      }
      const expiresIn = response.expiresIn();
      return { accessToken: response.access_token, ...(expiresIn !== undefined ? { expiresAt: Date.now() + expiresIn * 1000 } : {}) };
    } catch (error) {
      throw new SignInError(`account "${name}": the token request failed: ${messageOf(error)}`);
    }
  };
}

function entraGrant(name: string, settings: AccountSettings, secret: string | undefined, refreshToken: string | undefined): Acquire {
  const authority = parseUrl(name, 'authority', settings.authority);
  const scopes = [...(settings.scopes ?? ['https://graph.microsoft.com/.default'])];
  type App = import('@azure/msal-node').ConfidentialClientApplication | import('@azure/msal-node').PublicClientApplication;
  let app: Promise<App> | undefined;
  return async (force) => {
    app ??= (async () => {
      const msal = await import('@azure/msal-node');
      const auth = {
        clientId: settings.clientId,
        authority: authority.href.replace(/\/+$/, ''),
        // A host of its own (a sovereign cloud, a test endpoint) is trusted as configured, not looked up elsewhere.
        knownAuthorities: [authority.host],
      };
      // MSAL's own log may print request details: it stays off.
      const system = { loggerOptions: { loggerCallback: () => {}, piiLoggingEnabled: false } };
      return secret !== undefined
        ? new msal.ConfidentialClientApplication({ auth: { ...auth, clientSecret: secret }, system })
        : new msal.PublicClientApplication({ auth, system });
    })();
    const client = await app;
    try {
      const result =
        settings.flow === 'client-credentials'
          ? await (client as import('@azure/msal-node').ConfidentialClientApplication).acquireTokenByClientCredential({ scopes, skipCache: force })
          : await client.acquireTokenByRefreshToken({ refreshToken: refreshToken!, scopes, forceCache: true });
      if (!result?.accessToken) throw new Error('no access token in the answer');
      return { accessToken: result.accessToken, ...(result.expiresOn ? { expiresAt: result.expiresOn.getTime() } : {}) };
    } catch (error) {
      throw new SignInError(`account "${name}": the token request failed: ${messageOf(error)}`);
    }
  };
}

function messageOf(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown; errorCode?: unknown }).errorCode ?? (error as { code?: unknown }).code;
    return `${error.message.split('\n')[0]}${typeof code === 'string' && !error.message.includes(code) ? ` (${code})` : ''}`;
  }
  return String(error);
}
