/**
 * The metadata rules: ids, default severities and one-line descriptions. `compare.ts` never writes an id or a severity
 * itself; it reports through `finding()`, which stamps them from here through core's `makeFinding`.
 */
import type { Diagnostic, Range, RelatedLocation, Severity } from '../core/diagnostic.js';
import { makeFinding, ruleDocUrl } from '../core/rule-docs.js';

export const METADATA_RULES = {
  'metadata/property-not-in-csdl': {
    severity: 'error',
    description: 'A documented property (or request-body parameter) that the CSDL type does not declare or inherit.',
  },
  'metadata/property-undocumented': {
    severity: 'warning',
    description: 'A property the CSDL declares on the page\'s own type (not inherited) that the page does not document.',
  },
  'metadata/type-mismatch': {
    severity: 'error',
    description: 'The Type cell disagrees with the CSDL: another type, collection vs single, enum vs String.',
  },
  'metadata/nullable-mismatch': {
    severity: 'warning',
    description: 'The page says Required / Not nullable / Nullable and the CSDL Nullable facet says otherwise.',
  },
  'metadata/enum-members-differ': {
    severity: 'warning',
    description: 'A documented enum has members (or values) the CSDL enum lacks, or lacks members the CSDL has.',
  },
  'metadata/enum-flags-mismatch': {
    severity: 'warning',
    description: 'The CSDL declares a flags enum (IsFlags="true") that the page documents without its flag values.',
  },
  'metadata/null-not-nullable': {
    severity: 'warning',
    description: 'An example body gives null for a property the CSDL declares Nullable="false".',
  },
  'metadata/type-not-in-csdl': {
    severity: 'error',
    description: 'The page documents a type (resource or enum) that the CSDL does not declare.',
  },
  'metadata/operation-not-in-csdl': {
    severity: 'error',
    description: 'A POST request path ends in an action name that the CSDL declares neither as an Action nor as a navigation path.',
  },
  'metadata/case-mismatch': {
    severity: 'warning',
    description: 'A type or property name matches the CSDL only when case is ignored.',
  },
  'metadata/property-kind-mismatch': {
    severity: 'warning',
    description: 'A structural property is in the Relationships table, or a navigation property in the Properties table.',
  },
  'metadata/base-type-mismatch': {
    severity: 'warning',
    description: 'The base type the page states ("Inherits from", baseType) differs from the CSDL BaseType, or the canonical page states none where the CSDL has one.',
  },
  'metadata/open-type-mismatch': {
    severity: 'warning',
    description: 'The page marks the type open where the CSDL does not, or the CSDL declares OpenType="true" and the page does not say so.',
  },
  'metadata/abstract-mismatch': {
    severity: 'warning',
    description: 'The page marks the type abstract where the CSDL does not, or the CSDL declares Abstract="true" and the page does not say so.',
  },
  'metadata/key-mismatch': {
    severity: 'error',
    description: 'The keyProperty of the JSON representation differs from the CSDL Key, or is set on a ComplexType.',
  },
  'metadata/types-undocumented': {
    severity: 'info',
    description: 'Summary: the CSDL types that no compared page documents (one finding per run).',
  },
} as const satisfies Record<string, { severity: Severity; description: string }>;

export type MetadataRuleId = keyof typeof METADATA_RULES;

/** Where each rule is documented, relative to the repository root (core/rule-docs.ts `ruleDocUrl`). */
export function ruleUrl(id: MetadataRuleId): string {
  return ruleDocUrl(id) as string;
}

export interface FindingInput {
  readonly file: string;
  readonly range: Range;
  readonly message: string;
  readonly element: string;
  readonly expected?: string;
  readonly actual?: string;
  readonly related?: readonly RelatedLocation[];
  /** Overrides the rule's default severity (e.g. a softer finding inside the same rule). */
  readonly severity?: Severity;
}

/** Builds a diagnostic of rule `id` through the shared factory, stamping its severity and documentation link. */
export function finding(id: MetadataRuleId, input: FindingInput): Diagnostic {
  return makeFinding(id, input.severity ?? METADATA_RULES[id].severity, {
    message: input.message,
    file: input.file,
    range: input.range,
    ...(input.expected === undefined ? {} : { expected: input.expected }),
    ...(input.actual === undefined ? {} : { actual: input.actual }),
    ...(input.related === undefined || input.related.length === 0 ? {} : { related: input.related }),
    element: input.element,
  });
}
