/**
 * Keeps credentials out of reports. Replay messages may quote request headers or URLs, and a live run
 * carries a bearer token; a report is often uploaded as a CI artifact or posted to a PR, so every
 * formatter passes its text through `redact()` before printing it.
 */
import type { Diagnostic } from '../core/diagnostic.js';

/** What a blanked-out secret is replaced with. */
export const REDACTED = '[REDACTED]';

// Shortest secret value worth replacing verbatim: a 1–3 character "token" would blank out ordinary words.
const MIN_SECRET_LENGTH = 4;

// Each pattern's first group is the part kept (the name); what follows it is the secret.
const PATTERNS: readonly RegExp[] = [
  // `Authorization: Basic abc`, `"authorization": "Bearer abc"`, `authorization=abc`: keep the name, drop the
  // scheme and credential (only those, so the rest of a sentence quoting the header survives).
  /(\bauthorization\b["']?\s*[:=]\s*["']?)(?:(?:bearer|basic|digest|negotiate|ntlm|token|sharedkey)\s+)?[^\s"',;}]+/gi,
  // A bearer token anywhere else (a log line, an error message from the server).
  /(\bbearer\s+)[A-Za-z0-9\-._~+/]+=*/gi,
  // Credentials in query strings or JSON bodies.
  /(\b(?:access_token|id_token|refresh_token|client_secret|api[-_]?key)\b["']?\s*[:=]\s*["']?)[^"'&\s,;}]+/gi,
];

/** The secrets the environment holds: `DOCPACT_TOKEN` when set. */
export function environmentSecrets(env: NodeJS.ProcessEnv = process.env): string[] {
  const token = env.DOCPACT_TOKEN;
  return token ? [token] : [];
}

/**
 * Replaces credentials in `text` with `[REDACTED]`: values of `Authorization` headers, Bearer tokens,
 * `access_token`/`client_secret`/`api_key` values, and every occurrence of each of `secrets`
 * (default: the `DOCPACT_TOKEN` environment variable, if set). Secrets shorter than 4 characters are ignored.
 */
export function redact(text: string, secrets: readonly string[] = environmentSecrets()): string {
  let out = text;
  // Verbatim secrets first, so a token that also matches a pattern is never half-replaced.
  for (const secret of secrets) {
    if (secret.length >= MIN_SECRET_LENGTH) out = out.split(secret).join(REDACTED);
  }
  for (const re of PATTERNS) {
    out = out.replace(re, (match: string, prefix: string) => (match.slice(prefix.length) === REDACTED ? match : prefix + REDACTED));
  }
  return out;
}

/** `redact` for optional fields. */
export function redactOptional(text: string | undefined, secrets: readonly string[]): string | undefined {
  return text === undefined ? undefined : redact(text, secrets);
}

/** A finding with `redact` applied to its texts: the finding itself (not a copy) when nothing was hidden. */
export function redactDiagnostic(d: Diagnostic, secrets: readonly string[]): Diagnostic {
  const message = redact(d.message, secrets);
  const expected = redactOptional(d.expected, secrets);
  const actual = redactOptional(d.actual, secrets);
  const related = d.related?.map((r) => ({ ...r, message: redact(r.message, secrets) }));
  // Nothing hidden: the finding as it is, not a copy (a whole doc set's report has a hundred thousand of them).
  if (message === d.message && expected === d.expected && actual === d.actual && (related ?? []).every((r, i) => r.message === d.related![i].message)) return d;
  const out: Diagnostic = { ...d, message, expected, actual, related };
  // Drop keys that were absent rather than carrying `undefined` into JSON output.
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined)) as unknown as Diagnostic;
}
