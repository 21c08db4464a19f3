/**
 * Routing for the mock: matches a method and a path against every fixture's documented path template and its own
 * example path. Placeholders (`{id}`, `{id | userPrincipalName}`, `<address>`) match one segment, or several when
 * they sit in a drive path (`root:/{item-path}:`); function parameters match as written or with a placeholder;
 * the query string plays no part in routing, only in choosing between examples of one route.
 */
import type { Fixture } from '../contracts/types.js';

/** API versions the mock serves under (`/v1.0/...`, `/beta/...`); other first segments are version-less paths. */
const VERSIONS = new Set(['v1.0', 'beta']);

interface Pattern {
  readonly regex: RegExp;
  /** Higher is more specific: literal characters count, the example's own path beats its template. */
  readonly score: number;
  readonly literal: boolean;
}

interface Entry {
  readonly fixture: Fixture;
  readonly order: number;
  readonly method: string;
  readonly version?: string;
  readonly patterns: readonly Pattern[];
  readonly query: string;
}

export interface RouteMatch {
  readonly fixture: Fixture;
  /** The version of the matched path, if it had one. */
  readonly version?: string;
  /** The path below the version root. */
  readonly path: string;
}

export type RouteResult =
  | { readonly kind: 'found'; readonly match: RouteMatch }
  | { readonly kind: 'method-not-allowed'; readonly allow: readonly string[] }
  | { readonly kind: 'not-found' };

/** Splits `/beta/users/1` into version `beta` and path `/users/1`. */
export function splitVersion(pathname: string): { version?: string; path: string } {
  const match = /^\/([^/]+)(\/.*)?$/.exec(pathname);
  if (match && VERSIONS.has(match[1])) return { version: match[1], path: match[2] ?? '/' };
  return { path: pathname };
}

/** Compiles a path template into an anchored, case-insensitive RegExp (Graph paths are case-insensitive). */
export function compileTemplate(template: string): Pattern {
  const normalized = normalizePath(template);
  let source = '';
  let literalChars = 0;
  const token = /\{[^}]*\}|<[^>]*>/g;
  let last = 0;
  for (let m = token.exec(normalized); m; m = token.exec(normalized)) {
    const literal = normalized.slice(last, m.index);
    source += escapeRegExp(literal);
    literalChars += literal.length;
    const next = normalized[m.index + m[0].length];
    // In `root:/{item-path}:` the placeholder is a path of its own and may span segments.
    source += next === ':' ? '.+?' : '[^/]+?';
    last = m.index + m[0].length;
  }
  const tail = normalized.slice(last);
  source += escapeRegExp(tail);
  literalChars += tail.length;
  const literal = last === 0;
  return { regex: new RegExp(`^${source}/?$`, 'i'), score: literalChars + (literal ? 10_000 : 0), literal };
}

/** Leading slash, no trailing slash, no query, percent-decoding where it is safe. */
export function normalizePath(path: string): string {
  let out = path.split('?')[0].trim();
  try {
    out = decodeURIComponent(out);
  } catch {
    // keep as written
  }
  if (!out.startsWith('/')) out = `/${out}`;
  if (out.length > 1 && out.endsWith('/')) out = out.slice(0, -1);
  return out;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The route table of the mock, built once from the fixtures. */
export class RouteTable {
  private readonly entries: Entry[] = [];
  private readonly byName = new Map<string, Fixture[]>();

  constructor(fixtures: readonly Fixture[]) {
    fixtures.forEach((fixture, order) => {
      if (!fixture.response) return;
      const patterns: Pattern[] = [];
      const seen = new Set<string>();
      for (const path of [fixture.request.path, fixture.operation.pathTemplate]) {
        if (!path || seen.has(path)) continue;
        seen.add(path);
        patterns.push(compileTemplate(path));
      }
      this.entries.push({
        fixture,
        order,
        method: fixture.request.method.toUpperCase(),
        version: fixture.request.version,
        patterns,
        query: queryOf(fixture.request.url),
      });
      const list = this.byName.get(fixture.name) ?? [];
      list.push(fixture);
      this.byName.set(fixture.name, list);
    });
  }

  /** Finds the example that answers `method pathname?query`; `preferred` is the name from `Prefer: example=`. */
  route(method: string, pathnameAndQuery: string, preferred?: string): RouteResult {
    const [pathname, query = ''] = splitOnce(pathnameAndQuery, '?');
    const { version, path } = splitVersion(normalizePath(pathname));
    const wanted = method.toUpperCase();
    const candidates: { entry: Entry; score: number }[] = [];
    const allow = new Set<string>();
    for (const entry of this.entries) {
      if (version && entry.version && entry.version !== version) continue;
      let best = -1;
      for (const pattern of entry.patterns) if (pattern.score > best && pattern.regex.test(path)) best = pattern.score;
      if (best < 0) continue;
      allow.add(entry.method);
      const sameMethod = entry.method === wanted || (wanted === 'HEAD' && entry.method === 'GET');
      if (!sameMethod) continue;
      const queryBonus = query && entry.query && sameQuery(query, entry.query) ? 100_000 : 0;
      candidates.push({ entry, score: best + queryBonus + (entry.method === wanted ? 1 : 0) });
    }
    if (candidates.length === 0) {
      return allow.size > 0 ? { kind: 'method-not-allowed', allow: [...allow].sort() } : { kind: 'not-found' };
    }
    if (preferred) {
      const named = candidates.filter((c) => c.entry.fixture.name === preferred);
      if (named.length > 0) return found(pickBest(named).entry, version, path);
    }
    return found(pickBest(candidates).entry, version, path);
  }

  /** Whether any example has this name (so a `Prefer: example=` that names none can be reported). */
  hasExample(name: string): boolean {
    return this.byName.has(name);
  }
}

function found(entry: Entry, version: string | undefined, path: string): RouteResult {
  return { kind: 'found', match: { fixture: entry.fixture, version: version ?? entry.version, path } };
}

function pickBest(list: readonly { entry: Entry; score: number }[]): { entry: Entry; score: number } {
  return list.reduce((a, b) => (b.score > a.score || (b.score === a.score && b.entry.order < a.entry.order) ? b : a));
}

function splitOnce(text: string, separator: string): [string, string?] {
  const at = text.indexOf(separator);
  return at < 0 ? [text] : [text.slice(0, at), text.slice(at + 1)];
}

function queryOf(url: string): string {
  const at = url.indexOf('?');
  return at < 0 ? '' : url.slice(at + 1);
}

function sameQuery(a: string, b: string): boolean {
  const norm = (q: string): string => {
    let text = q;
    try {
      text = decodeURIComponent(q.replace(/\+/g, ' '));
    } catch {
      // keep as written
    }
    return text.split('&').filter(Boolean).sort().join('&').toLowerCase();
  };
  return norm(a) === norm(b);
}
