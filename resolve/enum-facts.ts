/**
 * An enum as the rest of the doc set reads it: its name, its members' names and values, whether they combine, where
 * it is and its anchor. The resolved doc set (resolve/doc-index.ts) hands rules and contracts these, never a member's
 * description or place, so the cache can keep a whole doc set's enums as facts a third of the size
 * (engine/cache.ts `factsOf`) and a page known only by its facts answers exactly as the page would.
 */
import type { DocPage, EnumDef } from '../extractor/model.js';

export interface EnumFact {
  readonly name: string;
  readonly members: readonly { readonly name: string; readonly value?: string }[];
  readonly flags?: boolean;
  readonly range: EnumDef['range'];
  readonly anchor?: string;
}

/**
 * Where a page known only by its facts (engine/analyze.ts) carries its enums' facts: such a page has no `enums` of its
 * own (reading them loads the page), and the resolved doc set reads this instead.
 */
export const ENUM_FACTS: unique symbol = Symbol('docpact.enumFacts');

/** A page's enums as facts: the page's own when it has them, else what its facts carry. */
export function enumFactsOf(page: DocPage): readonly EnumFact[] {
  return (page as DocPage & { readonly [ENUM_FACTS]?: readonly EnumFact[] })[ENUM_FACTS] ?? page.enums;
}

/** The facts of one enum. */
export function enumFact(def: EnumDef): EnumFact {
  return {
    name: def.name,
    members: def.members.map((m) => (m.value !== undefined ? { name: m.name, value: m.value } : { name: m.name })),
    ...(def.flags !== undefined && { flags: def.flags }),
    range: def.range,
    ...(def.anchor !== undefined && { anchor: def.anchor }),
  };
}
