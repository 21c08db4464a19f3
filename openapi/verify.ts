/**
 * The rules of the OpenAPI specification its JSON Schema cannot express, checked on a built document: template
 * variables unique and each declared once as a required path parameter (and nothing else declared `in: path`),
 * parameters unique by name and location, operationIds unique, no two paths equal but for variable names, and every
 * local `$ref` pointing at something. The OpenAPI schema validates shape only; loaders such as swagger-parser do not
 * check these for 3.x either, so the tests run this beside them.
 */
import { templateVariables } from './path-template.js';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function resolvePointer(document: unknown, ref: string): unknown {
  let node: unknown = document;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (!isObject(node) || !Object.hasOwn(node, key)) return undefined;
    node = node[key];
  }
  return node;
}

/** Every `$ref` in schema positions, with where it was found (examples are data and skipped). */
function refsOutsideExamples(node: unknown, at: string, out: [string, string][]): void {
  if (Array.isArray(node)) {
    node.forEach((item, i) => refsOutsideExamples(item, `${at}/${i}`, out));
    return;
  }
  if (!isObject(node)) return;
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string') out.push([value, at]);
    else if (key !== 'examples' && key !== 'example') refsOutsideExamples(value, `${at}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, out);
  }
}

/** Returns one message per violation; an empty list means the document passes. */
export function verifyDocument(document: Json): string[] {
  const problems: string[] = [];
  const paths = isObject(document.paths) ? document.paths : {};
  const shapes = new Map<string, string>();
  const operationIds = new Map<string, string>();
  for (const [path, item] of Object.entries(paths)) {
    const variables = templateVariables(path);
    const duplicated = variables.filter((v, i) => variables.indexOf(v) !== i);
    if (duplicated.length > 0) problems.push(`${path}: template variable(s) ${[...new Set(duplicated)].join(', ')} used more than once`);
    const shape = path.replace(/\{[^{}]*\}/g, '{}');
    const other = shapes.get(shape);
    if (other !== undefined) problems.push(`${path}: equivalent to ${other} (only the variable names differ)`);
    shapes.set(shape, path);
    if (!isObject(item)) continue;
    const shared = Array.isArray(item.parameters) ? (item.parameters as Json[]) : [];
    for (const method of METHODS) {
      const op = item[method];
      if (!isObject(op)) continue;
      const where = `${method.toUpperCase()} ${path}`;
      const own = Array.isArray(op.parameters) ? (op.parameters as Json[]) : [];
      const seen = new Set<string>();
      for (const p of own) {
        const key = `${String(p.in)}:${String(p.name)}`;
        if (seen.has(key)) problems.push(`${where}: parameter ${key} declared twice`);
        seen.add(key);
      }
      const byName = new Map<string, Json>();
      for (const p of [...shared, ...own]) if (p.in === 'path') byName.set(String(p.name), p);
      for (const v of new Set(variables)) {
        const p = byName.get(v);
        if (!p) problems.push(`${where}: template variable {${v}} is not declared as a path parameter`);
        else if (p.required !== true) problems.push(`${where}: path parameter ${v} is not required: true`);
      }
      for (const name of byName.keys()) if (!variables.includes(name)) problems.push(`${where}: path parameter ${name} is not in the template`);
      if (typeof op.operationId === 'string') {
        const first = operationIds.get(op.operationId);
        if (first !== undefined) problems.push(`${where}: operationId ${op.operationId} also used by ${first}`);
        else operationIds.set(op.operationId, where);
      }
    }
  }
  const refs: [string, string][] = [];
  refsOutsideExamples(document, '', refs);
  for (const [ref, at] of refs) {
    if (!ref.startsWith('#/')) problems.push(`${at}: non-local $ref ${ref}`);
    else if (resolvePointer(document, ref) === undefined) problems.push(`${at}: $ref ${ref} points at nothing`);
  }
  return problems;
}
