/**
 * Chaining within a run: the id a create (201) returned for a collection is substituted into later examples whose
 * path addresses an item of that collection by a placeholder or by the id the create example itself showed — so
 * create → get → update → delete act on the same resource, as a reader of the pages would do by hand.
 */
import { normalizePath } from './routes.js';

export interface ChainEntry {
  /** The collection path (normalized, lower case), e.g. `/identitygovernance/entitlementmanagement/accesspackageassignments`. */
  readonly collection: string;
  /** The id the service returned. */
  readonly id: string;
  /** The id the create example showed, if any. */
  readonly documentedId?: string;
}

/** Where chained ids live: memory in-process; a file shared by Jest workers. */
export interface ChainStore {
  remember(entry: ChainEntry): void;
  entries(): readonly ChainEntry[];
}

export function memoryChain(): ChainStore {
  const list: ChainEntry[] = [];
  return {
    remember: (entry) => {
      const at = list.findIndex((e) => e.collection === entry.collection);
      if (at >= 0) list.splice(at, 1);
      list.push(entry);
    },
    entries: () => list,
  };
}

const PLACEHOLDER = /^(\{[^}]*\}|<[^>]*>)$/;

/** Rewrites `path` with remembered ids; returns it unchanged when nothing applies. */
export function substituteChained(path: string, chain: ChainStore): string {
  const entries = chain.entries();
  if (entries.length === 0) return path;
  const normalized = normalizePath(path);
  const lower = normalized.toLowerCase();
  // Longest collection first: `/a/{id}/b` before `/a`.
  for (const entry of [...entries].sort((a, b) => b.collection.length - a.collection.length)) {
    if (!lower.startsWith(`${entry.collection}/`)) continue;
    const rest = normalized.slice(entry.collection.length + 1);
    const slash = rest.indexOf('/');
    const segment = slash < 0 ? rest : rest.slice(0, slash);
    const tail = slash < 0 ? '' : rest.slice(slash);
    if (PLACEHOLDER.test(segment.trim()) || (entry.documentedId !== undefined && segment === entry.documentedId)) {
      return `${normalized.slice(0, entry.collection.length)}/${entry.id}${tail}`;
    }
  }
  return path;
}
