/**
 * A `## HTTP request` path as the docs write it → an OpenAPI path template.
 *
 * The docs write placeholders as `{id}`, `{id | userPrincipalName}`, `{tenant id}`, `<address>`, repeat `{id}` in one
 * path, and put them inside OData function calls (`f(period='{v}')`) and drive paths (`root:/{item-path}:`).
 * OpenAPI path templating allows `{name}` anywhere in a segment but needs every name to be unique in the path and
 * declared once as a path parameter, so each placeholder gets a sanitized, de-duplicated name and its own
 * description; the literal text around it is kept as written.
 */

/** `{…}` or `<…>`, as the extractor and contracts read them. */
const PLACEHOLDER = /\{[^{}]*\}|<[^<>]*>/g;

/** One template variable of the converted path. */
export interface TemplateParam {
  /** The name in the OpenAPI template, unique in the path: `id`, `id2`, `user-id`, `tenant_id`. */
  readonly name: string;
  /** The placeholder as written: `{id | userPrincipalName}`, `<address>`. */
  readonly raw: string;
  /** The names the docs offer, in order: `['id', 'userPrincipalName']`. */
  readonly alternatives: readonly string[];
  /** The OData function parameter the value is passed to (`period` in `f(period='{v}')`). */
  readonly functionParameter?: string;
  /** The value is an item path between `:` delimiters (`root:/{item-path}:`): it may contain `/`. */
  readonly drivePath?: boolean;
  /** Human description for the parameter object. */
  readonly description: string;
}

export type TemplateResult =
  | {
      readonly ok: true;
      /** The OpenAPI path template: `/users/{id}/messages/{id2}`. */
      readonly path: string;
      readonly params: readonly TemplateParam[];
      /**
       * Key under which equivalent templates merge: literal text lower-cased, placeholders as `{}`. OpenAPI forbids two
       * paths that differ only in variable names, and Graph paths are case-insensitive (the docs mix spellings).
       */
      readonly shape: string;
    }
  | { readonly ok: false; readonly problem: string };

/** A parameter name safe in a template and in code generators: letters, digits, `_`, `-`, `.`; never empty. */
export function sanitizeParamName(text: string): string {
  const clean = text.trim().replace(/[^A-Za-z0-9_.-]+/g, '_').replace(/^[_.]+|_+$/g, '');
  return clean === '' ? 'param' : clean;
}

/** Leading `/`, no trailing `/` (except the root), surrounding space trimmed. */
export function normalizeTemplatePath(path: string): string {
  let p = path.trim();
  if (!p.startsWith('/')) p = `/${p}`;
  if (p.length > 1) p = p.replace(/\/+$/, '');
  return p;
}

function describe(param: Omit<TemplateParam, 'description'>): string {
  const parts: string[] = [];
  if (param.alternatives.length > 1) parts.push(`One of: ${param.alternatives.map((a) => `\`${a}\``).join(', ')}.`);
  else parts.push(`The \`${param.alternatives[0] ?? param.name}\` value.`);
  if (param.functionParameter) parts.push(`Passed as the function parameter \`${param.functionParameter}\`.`);
  if (param.drivePath) parts.push('A path relative to the folder before the colon; it may contain `/`.');
  if (param.raw !== `{${param.name}}`) parts.push(`Written \`${param.raw}\` in the docs.`);
  return parts.join(' ');
}

/**
 * Converts a docs path template (below the version root, without query). Fails, with a reason in the words of
 * "Unexpected X, expected Y", when the path cannot be an OpenAPI path: an unbalanced brace or white space outside a
 * placeholder.
 */
export function convertTemplate(docsPath: string): TemplateResult {
  const path = normalizeTemplatePath(docsPath);
  const literals = path.split(PLACEHOLDER);
  const raws = path.match(PLACEHOLDER) ?? [];
  for (const literal of literals) {
    const stray = /[{}]/.exec(literal);
    if (stray) return { ok: false, problem: `Unexpected unbalanced \`${stray[0]}\` in the path \`${path}\`, expected placeholders written as \`{name}\`` };
    if (/\s/.test(literal)) return { ok: false, problem: `Unexpected white space in the path \`${path}\`, expected a URL path (write \`%20\` or a placeholder)` };
  }
  const taken = new Set<string>();
  const params: TemplateParam[] = [];
  let out = literals[0];
  let shape = literals[0].toLowerCase();
  raws.forEach((raw, i) => {
    const before = literals[i];
    const after = literals[i + 1];
    const inner = raw.slice(1, -1);
    const alternatives = inner.split('|').map((a) => a.trim()).filter((a) => a !== '');
    const base = sanitizeParamName(alternatives[0] ?? '');
    let name = base;
    for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base}${n}`;
    taken.add(name.toLowerCase());
    const fn = /([A-Za-z_][\w.]*)\s*=\s*'?$/.exec(before);
    const drivePath = /:\/?$/.test(before) && after.startsWith(':');
    const param = { name, raw, alternatives: alternatives.length > 0 ? alternatives : [name], ...(fn ? { functionParameter: fn[1] } : {}), ...(drivePath ? { drivePath } : {}) };
    params.push({ ...param, description: describe(param) });
    out += `{${name}}${after}`;
    shape += `{}${after.toLowerCase()}`;
  });
  return { ok: true, path: out, params, shape };
}

/** The variables of an OpenAPI path template, in order (for checking that each is declared once). */
export function templateVariables(path: string): string[] {
  return [...path.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1]);
}
