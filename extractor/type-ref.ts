/**
 * Reads a Type cell, in every spelling the Graph docs use, as a TypeRef: `String`, `string`, `Edm.Int32`, `int`,
 * `[x](../resources/x.md) collection`, `Collection([x][])`, `[x](#x-values)`, `[x]`, `alertFeedback`,
 * `microsoft.graph.callRecords.session`, `A or B`, `String (enum)`, empty, free text.
 */
import type { Primitive, TypeRef } from './model.js';

const PRIMITIVES: Readonly<Record<string, Primitive>> = {
  string: 'String', str: 'String', url: 'String', uri: 'String',
  boolean: 'Boolean', bool: 'Boolean',
  byte: 'Byte', sbyte: 'SByte',
  int16: 'Int16', int32: 'Int32', int: 'Int32', integer: 'Int32', int64: 'Int64', long: 'Int64',
  single: 'Single', float: 'Single', double: 'Double', decimal: 'Decimal', number: 'Double',
  datetimeoffset: 'DateTimeOffset', datetime: 'DateTimeOffset', timestamp: 'DateTimeOffset',
  date: 'Date', timeofday: 'TimeOfDay', duration: 'Duration',
  guid: 'Guid', uuid: 'Guid', binary: 'Binary', stream: 'Stream',
  json: 'Json', object: 'Untyped', untyped: 'Untyped',
};

/** The canonical Edm primitive for a word (`Edm.` prefix and case ignored), or undefined. */
export function primitiveOf(word: string): Primitive | undefined {
  return PRIMITIVES[word.trim().replace(/^edm\./i, '').toLowerCase()];
}

/** Link definitions of the page (`[id]: url`), for reference-style links `[x][]`. */
export type Definitions = ReadonlyMap<string, string>;

const NAME = /^[A-Za-z_][\w.]*$/;

/** Parses the Markdown source of a Type cell. */
export function parseTypeRef(raw: string, definitions: Definitions = new Map()): TypeRef {
  const cleaned = raw.replace(/<br\s*\/?>/gi, ' ').replace(/\\\|/g, '|').replace(/&nbsp;/g, ' ').replace(/\s+/g, ' ').trim();
  return parseInner(cleaned, raw.trim(), definitions, 0);
}

function parseInner(text: string, raw: string, definitions: Definitions, depth: number): TypeRef {
  let s = stripEmphasis(text);
  if (s === '') return { raw, kind: 'empty', collection: false };
  if (/unknown type/i.test(s)) return { raw, kind: 'unknown', collection: /collection/i.test(s) };

  let collection = false;
  const wrapped = /^collection\s*\((.*)\)$/i.exec(s);
  if (wrapped) {
    collection = true;
    s = wrapped[1].trim();
  }
  if (/\bcollection$/i.test(s) || /^collection of\b/i.test(s)) {
    collection = true;
    s = s.replace(/\s*\bcollection$/i, '').replace(/^collection of\s+/i, '').trim();
  }
  s = stripEmphasis(s);

  // `A or B`, with links or names on both sides.
  if (depth === 0 && /\s+or\s+/i.test(s) && !/^\(/.test(s)) {
    const parts = s.split(/\s+or\s+/i).map((p) => parseInner(p, p, definitions, 1));
    if (parts.every((p) => p.kind === 'named' || p.kind === 'primitive')) {
      return { raw, kind: 'union', collection, alternatives: parts.map((p) => ({ ...p, collection: p.collection || collection })) };
    }
  }

  let enumHint = false;
  if (/\(enum\)$/i.test(s) || /\benum$/i.test(s)) {
    enumHint = true;
    s = s.replace(/\s*\(enum\)$/i, '').replace(/\s+enum$/i, '').trim();
  }
  // `(Optional) String` and similar: a parenthesised note around a type word.
  const noted = /^\((?:optional|required)\)\s*(.+)$/i.exec(s) ?? /^(.+?)\s*\((?:optional|required|nullable)\)$/i.exec(s);
  if (noted) s = noted[1].trim();

  const link = /^\[([^\]]+)\]\(([^)\s]*)(?:\s+"[^"]*")?\)$/.exec(s);
  if (link) return named(raw, link[1], link[2] || undefined, collection, enumHint, definitions);
  const ref = /^\[([^\]]+)\]\[([^\]]*)\]$/.exec(s);
  if (ref) {
    const id = (ref[2] || ref[1]).toLowerCase();
    return named(raw, ref[1], definitions.get(id), collection, enumHint, definitions);
  }
  const bracket = /^\[([^\]]+)\]$/.exec(s);
  if (bracket) return named(raw, bracket[1], definitions.get(bracket[1].toLowerCase()), collection, enumHint, definitions);

  const word = s.replace(/^`|`$/g, '');
  const primitive = primitiveOf(word);
  if (primitive && NAME.test(word)) {
    const bare = word.replace(/^edm\./i, '');
    return { raw, kind: 'primitive', collection, primitive, nonCanonical: bare !== primitive || /^edm\./i.test(word), ...(enumHint ? { enumHint } : {}) };
  }
  if (NAME.test(word)) return named(raw, word, undefined, collection, enumHint, definitions);
  return { raw, kind: 'unknown', collection };
}

function named(raw: string, text: string, href: string | undefined, collection: boolean, enumHint: boolean, definitions: Definitions): TypeRef {
  const label = stripEmphasis(text).replace(/^`|`$/g, '').trim();
  const primitive = primitiveOf(label);
  if (primitive && !href) return { raw, kind: 'primitive', collection, primitive, nonCanonical: label.replace(/^edm\./i, '') !== primitive };
  if (!NAME.test(label)) {
    // A link whose text is prose (`[the identity](x.md)`): the link target still names the type.
    const fromHref = href ? typeNameFromHref(href) : undefined;
    if (!fromHref) return { raw, kind: 'unknown', collection, ...(href ? { href } : {}) };
    return { raw, kind: 'named', collection, name: fromHref, href, ...(enumHint ? { enumHint } : {}) };
  }
  void definitions;
  const dot = label.lastIndexOf('.');
  const name = dot === -1 ? label : label.slice(dot + 1);
  const namespace = dot === -1 ? undefined : label.slice(0, dot);
  return {
    raw, kind: 'named', collection, name,
    ...(namespace ? { namespace } : {}),
    ...(href ? { href } : {}),
    ...(enumHint ? { enumHint } : {}),
  };
}

/** `../resources/identityset.md#x` → `identityset`; `#agegroup-values` → undefined. */
export function typeNameFromHref(href: string): string | undefined {
  const path = href.split('#')[0];
  if (!path) return undefined;
  const last = path.split('/').pop() ?? '';
  const stem = last.replace(/\.md$/i, '');
  return NAME.test(stem) ? stem : undefined;
}

function stripEmphasis(s: string): string {
  let out = s.trim();
  for (;;) {
    const next = out.replace(/^\*\*(.*)\*\*$/s, '$1').replace(/^\*(.*)\*$/s, '$1').replace(/^_(.*)_$/s, '$1').replace(/^`(.*)`$/s, '$1').trim();
    if (next === out) return out;
    out = next;
  }
}
