/**
 * Matches an example's request path against the page's `## HTTP request` templates: `{id}`, `{id | userPrincipalName}`,
 * `<address>`, repeated placeholders, function parameters `f(on='{v}')`, drive paths `root:/{item-path}:`.
 */
import type { RequestTemplate } from '../extractor/model.js';

const PLACEHOLDER = /\{[^{}]*\}|<[^<>]*>/g;

export interface CompiledTemplate {
  readonly template: RequestTemplate;
  readonly method: string;
  /** Placeholders match one segment. */
  readonly segment: RegExp;
  /** Placeholders match anything, `/` included (drive item paths, ids written with slashes). */
  readonly loose: RegExp;
  /** Characters outside placeholders: more literal text is a more specific template. */
  readonly literalLength: number;
}

/** Normalises a path for comparison: leading `/`, no trailing `/`. */
export function normalizePath(path: string): string {
  let p = path.trim();
  if (!p.startsWith('/')) p = `/${p}`;
  if (p.length > 1) p = p.replace(/\/+$/, '');
  return p;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Compiles a template once per page. */
export function compileTemplate(template: RequestTemplate): CompiledTemplate {
  const path = normalizePath(template.path);
  const parts = path.split(PLACEHOLDER).map(escape);
  // Graph paths are case-insensitive in practice, and the docs mix `accessPackageAssignments` and `accesspackageassignments`.
  return {
    template,
    method: template.method.toUpperCase(),
    segment: new RegExp(`^${parts.join('[^/]+')}$`, 'i'),
    loose: new RegExp(`^${parts.join('.+')}$`, 'i'),
    literalLength: parts.join('').length,
  };
}

/**
 * The template an example request matches: same method, and the path matched with one-segment placeholders first,
 * then with placeholders spanning segments; among several, the one with the most literal text.
 */
export function matchTemplate(method: string, path: string, templates: readonly CompiledTemplate[]): RequestTemplate | undefined {
  const m = method.toUpperCase();
  const p = normalizePath(path);
  for (const mode of ['segment', 'loose'] as const) {
    let best: CompiledTemplate | undefined;
    for (const t of templates) {
      if (t.method !== m || !t[mode].test(p)) continue;
      if (!best || t.literalLength > best.literalLength) best = t;
    }
    if (best) return best.template;
  }
  return undefined;
}
