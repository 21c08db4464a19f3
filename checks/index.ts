/**
 * docpact's static doc-conformance checks: the explicit id → rule map and `runChecks`.
 * Each rule is `checks/<id>.ts` with its doc `checks/<id>.md`; a rule missing from RULES does not run.
 */
import type { Diagnostic } from '../core/diagnostic.js';
import type { DocPage } from '../extractor/model.js';
import type { Rule } from './define-rule.js';
import type { DocSet } from './docset.js';
import { buildDocSet } from './docset.js';
import type { RuleSetting } from './engine.js';
import { applyRules } from './engine.js';
import { forgetBodyFindings } from './support/body-check.js';
import { forgetLines } from './support/positions.js';
import { forgetProseLines } from './support/prose-lines.js';
import annotationLenient from './annotation-lenient.js';
import annotationSemantics from './annotation-semantics.js';
import annotationUnknownKey from './annotation-unknown-key.js';
import annotationUnparseable from './annotation-unparseable.js';
import annotationValueType from './annotation-value-type.js';
import enumFlags from './enum-flags.js';
import exampleCollectionShape from './example-collection-shape.js';
import exampleDuplicateName from './example-duplicate-name.js';
import exampleFormatMismatch from './example-format-mismatch.js';
import exampleJsonInvalid from './example-json-invalid.js';
import exampleJsonTooDeep from './example-json-too-deep.js';
import exampleNullNotNullable from './example-null-not-nullable.js';
import examplePlaceholderValue from './example-placeholder-value.js';
import examplePropertyUndocumented from './example-property-undocumented.js';
import exampleReadOnlyProperty from './example-read-only-property.js';
import exampleRequiredMissing from './example-required-missing.js';
import exampleTypeMismatch from './example-type-mismatch.js';
import exampleUnannotated from './example-unannotated.js';
import exampleUnpaired from './example-unpaired.js';
import frontMatterInvalid from './front-matter-invalid.js';
import frontMatterKeys from './front-matter-keys.js';
import frontMatterUnclosed from './front-matter-unclosed.js';
import frontMatterYamlWarning from './front-matter-yaml-warning.js';
import httpContentLength from './http-content-length.js';
import httpContentType from './http-content-type.js';
import httpHeaderGap from './http-header-gap.js';
import httpMessageMalformed from './http-message-malformed.js';
import httpPathUndocumented from './http-path-undocumented.js';
import httpStatusLine from './http-status-line.js';
import httpStatusMismatch from './http-status-mismatch.js';
import includeMissing from './include-missing.js';
import linkBroken from './link-broken.js';
import linkAnchor from './link-anchor.js';
import linkCase from './link-case.js';
import linkReferenceUndefined from './link-reference-undefined.js';
import linkSiteBroken from './link-site-broken.js';
import odataTypeFormat from './odata-type-format.js';
import odataTypeMismatch from './odata-type-mismatch.js';
import pagePlaceholder from './page-placeholder.js';
import pageHeadings from './page-headings.js';
import pageSections from './page-sections.js';
import permissionsTable from './permissions-table.js';
import resourceRepresentationMismatch from './resource-representation-mismatch.js';
import snippetTabs from './snippet-tabs.js';
import tableRagged from './table-ragged.js';
import typeNamespace from './type-namespace.js';
import typePropertyConflict from './type-property-conflict.js';
import typeUnknown from './type-unknown.js';

export type { Rule, RuleContext, ReportDescriptor } from './define-rule.js';
export { defineRule } from './define-rule.js';
export type { DocSet, TypeEntry } from './docset.js';
export { buildDocSet } from './docset.js';
export type { RuleSetting } from './engine.js';
export { ruleUrl } from './engine.js';

/** Every rule by id. */
export const RULES: Readonly<Record<string, Rule>> = Object.freeze(
  Object.fromEntries(
    [
      frontMatterUnclosed,
      frontMatterInvalid,
      frontMatterYamlWarning,
      frontMatterKeys,
      annotationUnparseable,
      annotationLenient,
      annotationUnknownKey,
      annotationValueType,
      exampleJsonInvalid,
      exampleJsonTooDeep,
      exampleUnpaired,
      exampleUnannotated,
      exampleDuplicateName,
      exampleTypeMismatch,
      exampleFormatMismatch,
      examplePlaceholderValue,
      examplePropertyUndocumented,
      exampleRequiredMissing,
      exampleCollectionShape,
      odataTypeMismatch,
      typeNamespace,
      typePropertyConflict,
      typeUnknown,
      httpPathUndocumented,
      httpStatusMismatch,
      httpStatusLine,
      httpContentLength,
      httpContentType,
      pagePlaceholder,
      pageSections,
      pageHeadings,
      snippetTabs,
      permissionsTable,
      tableRagged,
      linkBroken,
      linkCase,
      linkAnchor,
      linkReferenceUndefined,
      linkSiteBroken,
      includeMissing,
      enumFlags,
      annotationSemantics,
      odataTypeFormat,
      exampleNullNotNullable,
      exampleReadOnlyProperty,
      resourceRepresentationMismatch,
      httpMessageMalformed,
      httpHeaderGap,
    ].map((rule) => [rule.id, rule]),
  ),
);

/**
 * Lets go of what the rules cached for `page` alone (its line table, prose lines, body findings), once its checks have
 * run and nothing will check it again: a caller that checks pages one at a time against a large doc set
 * (engine/page-work.ts) would otherwise keep every checked page's caches, and through their slices its text, to the
 * end. What other pages read of it (its anchors) stays.
 */
export function forgetChecked(page: DocPage, docs: DocSet): void {
  forgetLines(page);
  forgetProseLines(page);
  forgetBodyFindings(page, docs);
}

export interface CheckOptions {
  /** Severity overrides by rule id (`off` disables). Default: every rule at its default severity. */
  readonly rules?: Readonly<Record<string, RuleSetting>>;
  /** Only these rules run (after `rules` overrides). Default: all of RULES. */
  readonly only?: readonly string[];
  /**
   * The contracts built from the same pages. Not needed: the rules read the documented types from the pages
   * themselves (with better messages than a schema validator gives); accepted so callers can pass what they have.
   */
  readonly contracts?: unknown;
  /**
   * The index to resolve links and types against, when it should hold more than the pages being checked (e.g. all
   * docs, while only changed pages are checked). Default: an index of `pages`.
   */
  readonly docsIndex?: DocSet;
  /** Base of rule doc URLs. Default `checks/`. */
  readonly docsUrlBase?: string;
  /** Directory page paths are relative to (for link checks). Default: `process.cwd()`. */
  readonly cwd?: string;
}

/** Runs the rules over `pages` and returns their findings sorted by file, position and rule. */
export function runChecks(pages: readonly DocPage[], options: CheckOptions = {}): Diagnostic[] {
  for (const id of Object.keys(options.rules ?? {})) {
    if (!(id in RULES)) throw new Error(`Unknown rule "${id}"`);
  }
  const docs = options.docsIndex ?? buildDocSet(pages, options.cwd !== undefined ? { cwd: options.cwd } : {});
  const rules = Object.values(RULES).filter((rule) => options.only === undefined || options.only.includes(rule.id));
  return applyRules(rules, pages, docs, {
    ...(options.rules !== undefined && { rules: options.rules }),
    ...(options.docsUrlBase !== undefined && { docsUrlBase: options.docsUrlBase }),
  });
}
