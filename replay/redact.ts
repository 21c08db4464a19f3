/**
 * Keeps secrets out of everything replay writes: the token's own text wherever it occurs, and the value of any
 * `Authorization` header or `Bearer` credential, in every string of a diagnostic or result.
 */

const MARK = '[REDACTED]';

export type Redactor = <T>(value: T) => T;

/** Builds a redactor for the given secrets (empty or very short strings are ignored: they would mangle text). */
export function createRedactor(secrets: readonly (string | undefined)[]): Redactor {
  const words = secrets.filter((s): s is string => typeof s === 'string' && s.length >= 4).sort((a, b) => b.length - a.length);
  const text = (input: string): string => {
    let out = input;
    for (const word of words) out = out.split(word).join(MARK);
    out = out.replace(/\b(Bearer|Basic)(\s+)(?!\[REDACTED\])(?!\{token\})[A-Za-z0-9\-._~+/=]{4,}/gi, `$1$2${MARK}`);
    out = out.replace(/("?authorization"?\s*[:=]\s*"?)(?!\[REDACTED\])(?!Bearer\s)(?!Basic\s)[^"\n,}]{4,}/gi, `$1${MARK}`);
    return out;
  };
  const deep = (value: unknown): unknown => {
    if (typeof value === 'string') return text(value);
    if (Array.isArray(value)) return value.map(deep);
    if (value !== null && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [key, inner] of Object.entries(value)) {
        out[key] = key.toLowerCase() === 'authorization' && typeof inner === 'string' ? MARK : deep(inner);
      }
      return out;
    }
    return value;
  };
  return <T>(value: T): T => deep(value) as T;
}
