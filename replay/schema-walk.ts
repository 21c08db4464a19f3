/**
 * Just enough JSON Schema resolution to walk a body beside its schema: follow `$ref` (relative to the schema's
 * `$id`, with JSON Pointer fragments), and gather the properties an object may have through `allOf`/`anyOf`/`oneOf`.
 * Validation proper is ajv's job; this answers "which properties does the schema know here?".
 */

export type SchemaNode = Readonly<Record<string, unknown>> | boolean;

/** A schema node with the `$id` its relative references resolve against. */
export interface Located {
  readonly node: SchemaNode;
  readonly base: string;
}

export class SchemaIndex {
  private readonly byId = new Map<string, Readonly<Record<string, unknown>>>();

  constructor(schemas: Iterable<readonly [string, object]>) {
    for (const [id, schema] of schemas) this.byId.set(stripHash(id), schema as Record<string, unknown>);
  }

  has(id: string): boolean {
    return this.byId.has(stripHash(id));
  }

  get(id: string): Located | undefined {
    const hash = id.indexOf('#');
    const root = this.byId.get(stripHash(id));
    if (!root) return undefined;
    const base = typeof root.$id === 'string' ? root.$id : stripHash(id);
    if (hash < 0 || hash === id.length - 1) return { node: root, base };
    const node = pointerGet(root, id.slice(hash + 1));
    return node === undefined ? undefined : { node: node as SchemaNode, base };
  }

  /** Follows `$ref` chains (at most 32 hops, so a cycle cannot hang). */
  deref(located: Located): Located {
    let current = located;
    for (let hops = 0; hops < 32; hops++) {
      const { node } = current;
      if (typeof node !== 'object' || typeof node.$ref !== 'string') return current;
      const target = this.resolveRef(node.$ref, current.base);
      if (!target) return current;
      current = target;
    }
    return current;
  }

  resolveRef(ref: string, base: string): Located | undefined {
    if (ref.startsWith('#')) {
      const root = this.byId.get(stripHash(base));
      if (!root) return undefined;
      const node = pointerGet(root, ref.slice(1));
      return node === undefined ? undefined : { node: node as SchemaNode, base };
    }
    let absolute: string;
    try {
      absolute = new URL(ref, base || undefined).href;
    } catch {
      absolute = ref;
    }
    return this.get(absolute) ?? this.get(ref);
  }

  /**
   * The properties an object matching `located` may carry, each with its schema; `undefined` when the schema says
   * nothing about properties (an open or untyped object), so that no property can be called unexpected.
   */
  properties(located: Located): Map<string, Located> | undefined {
    const out = new Map<string, Located>();
    let open = false;
    let sawProperties = false;
    const visit = (at: Located, depth: number): void => {
      if (depth > 32) return;
      const { node, base } = this.deref(at);
      if (node === true) {
        open = true;
        return;
      }
      if (typeof node !== 'object') return;
      const props = node.properties;
      if (props && typeof props === 'object') {
        sawProperties = true;
        for (const [name, sub] of Object.entries(props as Record<string, SchemaNode>)) {
          if (!out.has(name)) out.set(name, { node: sub, base });
        }
      }
      if (node.additionalProperties !== undefined && node.additionalProperties !== false) open = true;
      // patternProperties only declare instance annotations (`@odata.*`, `x@odata.type`), which replay always allows.
      for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
        const list = node[key];
        if (Array.isArray(list)) for (const sub of list) visit({ node: sub as SchemaNode, base }, depth + 1);
      }
    };
    visit(located, 0);
    return sawProperties && !open ? out : undefined;
  }

  /** The schema of the items of an array schema, if it says. */
  items(located: Located): Located | undefined {
    const { node, base } = this.deref(located);
    if (typeof node !== 'object') return undefined;
    if (node.items !== undefined && typeof node.items !== 'boolean') return { node: node.items as SchemaNode, base };
    for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
      const list = node[key];
      if (!Array.isArray(list)) continue;
      for (const sub of list) {
        const found = this.items({ node: sub as SchemaNode, base });
        if (found) return found;
      }
    }
    return undefined;
  }
}

function stripHash(id: string): string {
  const hash = id.indexOf('#');
  return hash < 0 ? id : id.slice(0, hash);
}

/** Reads a JSON Pointer (`/a/0/b`, `~0`/`~1` escapes, percent-decoded as a URI fragment) out of `root`. */
export function pointerGet(root: unknown, pointer: string): unknown {
  if (pointer === '' || pointer === '/') return pointer === '' ? root : (root as Record<string, unknown>)?.[''];
  let decoded = pointer;
  try {
    decoded = decodeURIComponent(pointer);
  } catch {
    // keep as written
  }
  let current: unknown = root;
  for (const raw of decoded.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** Escapes one JSON Pointer reference token. */
export function escapePointer(token: string | number): string {
  return String(token).replace(/~/g, '~0').replace(/\//g, '~1');
}
