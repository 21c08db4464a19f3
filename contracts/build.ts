/**
 * DocPage[] → schemas + fixtures + diagnostics. One pass to index every type, one pass to build: linear in the
 * number of pages (no page is read or searched twice).
 */
import { compareDiagnostics, internalError, type Diagnostic } from '../core/diagnostic.js';
import type { DocPage } from '../extractor/model.js';
import { pageFixtures } from './fixtures.js';
import { requestSchema, resourceSchema, type BuiltSchema } from './schemas.js';
import { DocIndex, type ResourceType } from '../resolve/doc-index.js';
import type { Fixture } from './types.js';
import type { JsonSchema } from './types-map.js';

export interface ContractsResult {
  /** Schemas by `$id`, sorted by `$id`. */
  readonly schemas: Map<string, JsonSchema>;
  /** Where each schema comes from, by `$id`. */
  readonly schemaSources: Map<string, Pick<BuiltSchema, 'source' | 'propertyLines'>>;
  /** Sorted by page file, then page order. */
  readonly fixtures: Fixture[];
  /** Sorted with `compareDiagnostics`. */
  readonly diagnostics: Diagnostic[];
}

/** Builds the contracts of a set of pages. The output does not depend on the order of `pages`. */
export interface BuildOptions {
  /** The resolved doc set of the run, when the caller has built it already. Default: one built from `pages`. */
  readonly index?: DocIndex;
  /**
   * Build only the types whose canonical page passes, and the fixtures of the pages that pass (a worker thread's
   * share of a run, engine/page-work.ts); the others are only looked up. Default: everything.
   */
  readonly only?: (file: string) => boolean;
}

export function buildContracts(pages: readonly DocPage[], options: BuildOptions = {}): ContractsResult {
  const sorted = [...pages].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const index = options.index ?? new DocIndex(sorted);
  const out: ContractsParts = { built: [], fixtures: [], diagnostics: [] };
  const only = options.only ?? (() => true);
  for (const type of index.resources) if (only(type.page.file)) typeContracts(type, index, out);
  for (const page of sorted) if (only(page.file)) pageContracts(page, index, out);
  return finishContracts(out);
}

/** What the contracts of some types and pages are built into, in any order: {@link finishContracts} sorts them. */
export interface ContractsParts {
  readonly built: BuiltSchema[];
  readonly fixtures: Fixture[];
  readonly diagnostics: Diagnostic[];
}

/** Builds one resource type's schema into `out`; a failure becomes a finding on its canonical page. */
export function typeContracts(type: ResourceType, index: DocIndex, out: ContractsParts): void {
  try {
    out.built.push(resourceSchema(type, index, out.diagnostics));
  } catch (error) {
    out.diagnostics.push(internalError('contracts', type.page.file, error, type.page.resourceType?.range));
  }
}

/** Builds one page's request schema and fixtures into `out` (none for a page with neither); a failure becomes a finding there. */
export function pageContracts(page: DocPage, index: DocIndex, out: ContractsParts): void {
  if (page.kind !== 'api' && page.examples.every((e) => e.role !== 'request')) return;
  try {
    const request = page.kind === 'api' ? requestSchema(page, index) : undefined;
    const own = pageFixtures(page, { index, requestSchemaRef: request?.id, diagnostics: out.diagnostics });
    if (request) out.built.push(request);
    out.fixtures.push(...own);
  } catch (error) {
    out.diagnostics.push(internalError('contracts', page.file, error));
  }
}

/** The contracts of `out`, sorted as {@link ContractsResult} says; fixtures keep the order their pages were built in. */
export function finishContracts(out: ContractsParts): ContractsResult {
  const { built, fixtures, diagnostics } = out;
  built.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const schemas = new Map<string, JsonSchema>();
  const schemaSources = new Map<string, Pick<BuiltSchema, 'source' | 'propertyLines'>>();
  for (const b of built) {
    schemas.set(b.id, b.schema);
    schemaSources.set(b.id, { source: b.source, propertyLines: b.propertyLines });
  }
  diagnostics.sort(compareDiagnostics);
  return { schemas, schemaSources, fixtures, diagnostics };
}
