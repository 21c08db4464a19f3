/**
 * Redaction for `docpact record`: what a live service answered is about to be published in the docs, so ids, e-mail
 * addresses, tenant names and tokens become stable fakes before anything is written. One {@link FakeBook} lives for
 * the whole run: the same real value gets the same fake on every page, so a create response's id and the later
 * example that shows it still agree. A fake is recognisable and is never faked again, so recording twice is stable.
 */

/** The `record.redact` key of the config. Every kind is on unless set to false. */
export interface RedactionSettings {
  /** GUIDs anywhere, and the values of `id` / `…Id` properties (8 characters or more). Default true. */
  readonly ids?: boolean;
  /** E-mail addresses and user principal names. Default true. */
  readonly emails?: boolean;
  /** `<name>.onmicrosoft.com` and every name in `tenantNames`. Default true. */
  readonly tenants?: boolean;
  /** JWTs anywhere, and the values of properties named like a token, secret, password or key. Default true. */
  readonly tokens?: boolean;
  /** Tenant (or company) names to replace wherever they appear, compared case-insensitively. Default none. */
  readonly tenantNames?: readonly string[];
  /** More property names whose string values are replaced whole. Default none. */
  readonly properties?: readonly string[];
  /** More regular expressions (JavaScript syntax) whose matches are replaced. Default none. */
  readonly patterns?: readonly string[];
}

type Kind = 'guid' | 'email' | 'tenant' | 'token' | 'id' | 'value';

const GUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;
const EMAIL = /\b[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b/g;
const ONMICROSOFT = /\b[A-Za-z0-9-]+\.onmicrosoft\.com\b/gi;
const JWT = /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;
const ID_KEY = /^(id|.+Id)$/;
const SECRET_KEY = /(token|secret|password|passwd|apikey|api_key|clientsecret|signature|sig)$/i;

/** What fakes look like: a fake is left alone when it is met again. */
const FAKE = {
  guid: /^00000000-0000-4000-8000-[0-9a-f]{12}$/i,
  email: /^person\d+@example\.com$/i,
  tenant: /^(tenant\d+\.onmicrosoft\.com|tenant\d+)$/i,
  token: /^redacted-token-\d+$/,
  id: /^redacted-id-\d+$/,
  value: /^redacted-\d+$/,
} as const;

/** Real value → fake, for one run. */
export class FakeBook {
  private readonly fakes = new Map<string, string>();
  private readonly counts = new Map<Kind, number>();

  fake(kind: Kind, real: string): string {
    if (FAKE[kind].test(real)) return real;
    const key = `${kind}\0${kind === 'guid' || kind === 'email' || kind === 'tenant' ? real.toLowerCase() : real}`;
    const known = this.fakes.get(key);
    if (known !== undefined) return known;
    const n = (this.counts.get(kind) ?? 0) + 1;
    this.counts.set(kind, n);
    const made = kind === 'guid'
      ? `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`
      : kind === 'email'
        ? `person${n}@example.com`
        : kind === 'tenant'
          ? (/\.onmicrosoft\.com$/i.test(real) ? `tenant${n}.onmicrosoft.com` : `tenant${n}`)
          : kind === 'token'
            ? `redacted-token-${n}`
            : kind === 'id'
              ? `redacted-id-${n}`
              : `redacted-${n}`;
    this.fakes.set(key, made);
    return made;
  }

  /** How many distinct real values were replaced. */
  get size(): number {
    return this.fakes.size;
  }
}

export interface RecordRedactor {
  /**
   * A redacted copy of a JSON value. `shown` is what the page showed at the same place: a string the page already
   * shows there is published already and is kept as it is (so a recorded block changes only where the service did).
   */
  value(value: unknown, shown?: unknown): unknown;
  /** A redacted header value or text body. */
  text(text: string): string;
}

/**
 * Builds the run's redactor. `secrets` (the bearer token, credential headers, sign-in secrets and tokens) are always
 * replaced, whatever the settings; it is read again on every use, so a Set that grows as tokens arrive is honoured.
 * Throws on an invalid pattern in `settings.patterns`, naming it.
 */
export function createRecordRedactor(settings: RedactionSettings = {}, secrets: Iterable<string | undefined> = [], book = new FakeBook()): RecordRedactor {
  const on = (flag: boolean | undefined): boolean => flag !== false;
  const patterns = (settings.patterns ?? []).map((source) => {
    try {
      return new RegExp(source, 'g');
    } catch {
      throw new Error(`record.redact.patterns: Unexpected "${source}", expected a regular expression`);
    }
  });
  const tenantNames = [...(settings.tenantNames ?? [])].filter((n) => n.trim().length >= 2).sort((a, b) => b.length - a.length);
  const tenantPattern = tenantNames.length > 0 ? new RegExp(tenantNames.map(escapeRegExp).join('|'), 'gi') : undefined;
  const properties = new Set((settings.properties ?? []).map((p) => p.toLowerCase()));
  const literalSecrets = (): string[] => [...secrets].filter((s): s is string => typeof s === 'string' && s.length >= 4).sort((a, b) => b.length - a.length);

  const text = (input: string): string => {
    let out = input;
    for (const secret of literalSecrets()) out = out.split(secret).join(book.fake('token', secret));
    if (on(settings.tokens)) {
      out = out.replace(JWT, (m) => book.fake('token', m));
      out = out.replace(/\b(Bearer|Basic)(\s+)([A-Za-z0-9\-._~+/=]{8,})/gi, (_m, scheme: string, space: string, value: string) => `${scheme}${space}${book.fake('token', value)}`);
    }
    if (on(settings.emails)) out = out.replace(EMAIL, (m) => book.fake('email', m));
    if (on(settings.tenants)) {
      out = out.replace(ONMICROSOFT, (m) => book.fake('tenant', m));
      if (tenantPattern) out = out.replace(tenantPattern, (m) => book.fake('tenant', m));
    }
    if (on(settings.ids)) out = out.replace(GUID, (m) => book.fake('guid', m));
    for (const pattern of patterns) out = out.replace(pattern, (m) => (m === '' ? m : book.fake('value', m)));
    return out;
  };

  const property = (key: string, value: string): string => {
    if (on(settings.tokens) && SECRET_KEY.test(key) && value.length >= 4) return book.fake('token', value);
    if (properties.has(key.toLowerCase())) return book.fake('value', value);
    const redacted = text(value);
    if (on(settings.ids) && ID_KEY.test(key) && redacted === value && value.length >= 8 && !FAKE.guid.test(value)) return book.fake('id', value);
    return redacted;
  };

  const walk = (value: unknown, shown: unknown, key: string | undefined, depth: number): unknown => {
    if (depth > 64) return value;
    if (typeof value === 'string') {
      if (shown === value) return value;
      return key === undefined ? text(value) : property(key, value);
    }
    if (Array.isArray(value)) {
      const shownList = Array.isArray(shown) ? shown : [];
      return value.map((item, i) => walk(item, shownList[i], key, depth + 1));
    }
    if (value !== null && typeof value === 'object') {
      const shownObject = shown !== null && typeof shown === 'object' && !Array.isArray(shown) ? (shown as Record<string, unknown>) : {};
      const out: Record<string, unknown> = {};
      for (const [k, inner] of Object.entries(value)) {
        Object.defineProperty(out, k, { value: walk(inner, Object.hasOwn(shownObject, k) ? shownObject[k] : undefined, k, depth + 1), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    return value;
  };

  return { value: (value, shown) => walk(value, shown, undefined, 0), text };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
