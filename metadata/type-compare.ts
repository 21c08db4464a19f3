/**
 * Decides whether a documented Type cell (a TypeRef from the extractor) says the same as a CSDL type reference.
 * Returns nothing when they agree, else what differs, in words for the message.
 */
import type { TypeRef } from '../extractor/model.js';
import { derivesFrom } from './csdl.js';
import type { CsdlTypeRef } from './model.js';
import { findDocType } from './resolve.js';
import type { TypeIndex } from './resolve.js';

export interface TypeDifference {
  /** What the doc says, as a phrase: `enum ageGroup (not in the CSDL)`, `String`, `single value`. */
  readonly actual: string;
  /** What the CSDL says, as a phrase. */
  readonly expected: string;
  /** Advice for the author. */
  readonly fix: string;
  /** Softer differences (a derived or base type, a case-only name) are warnings. */
  readonly severity: 'error' | 'warning';
  /** Whether the names differ only in case (reported as `metadata/case-mismatch`). */
  readonly caseOnly?: boolean;
  /** Set when the doc names an enum where the CSDL has a primitive: the page's enum section is explained by it. */
  readonly documentedEnum?: string;
}

export interface TypeContext {
  readonly index: TypeIndex;
  /** Namespace unqualified names on the page belong to. */
  readonly pageNamespace?: string;
  /** Lower-cased names of the enums the page itself documents (`### ageGroup values`). */
  readonly pageEnums: ReadonlySet<string>;
}

/** The CSDL type as the docs would write it: `String`, `assignedLicense collection`. */
export function csdlTypeText(type: CsdlTypeRef): string {
  const base = type.primitive ?? type.name.slice(type.name.lastIndexOf('.') + 1);
  return type.collection ? `${base} collection` : base;
}

/** Compares a documented type with the CSDL's; undefined when they agree or the doc names no type to compare. */
export function compareTypes(doc: TypeRef, csdl: CsdlTypeRef, context: TypeContext): TypeDifference | undefined {
  if (doc.kind === 'empty' || doc.kind === 'unknown') return undefined;
  if (doc.kind === 'union') {
    // "A or B": fine when one alternative is the CSDL type (usually the base type and a derived one).
    const alternatives = doc.alternatives ?? [];
    const differences = alternatives.map((alternative) => compareTypes(alternative, csdl, context));
    if (differences.some((d) => d === undefined || d.severity === 'warning')) return undefined;
    return {
      actual: doc.raw,
      expected: csdlTypeText(csdl),
      fix: `write ${csdlTypeText(csdl)} in the Type cell`,
      severity: 'error',
    };
  }
  if (doc.collection !== csdl.collection) {
    return {
      actual: doc.collection ? `collection (${doc.raw})` : `single value (${doc.raw})`,
      expected: csdl.collection ? `collection (${csdlTypeText(csdl)})` : `single value (${csdlTypeText(csdl)})`,
      fix: csdl.collection ? 'add "collection" to the Type cell' : 'remove "collection" from the Type cell',
      severity: 'error',
    };
  }
  const { model } = context.index;
  const target = csdl.primitive === undefined ? model.types.get(csdl.name) : undefined;
  if (doc.kind === 'primitive') {
    const primitive = doc.primitive ?? 'String';
    if (csdl.primitive !== undefined) {
      if (primitive === csdl.primitive) return undefined;
      if (isOpaqueJson(primitive) && csdl.primitive === 'Untyped') return undefined;
      return mismatch(primitive, csdl.primitive, csdl);
    }
    // Graph declares free-form JSON as the complex type microsoft.graph.Json; the docs write `Json`.
    if (isOpaqueJson(primitive) && target?.name === 'Json') return undefined;
    if (target?.kind === 'EnumType') {
      return {
        actual: `${primitive}${doc.enumHint ? ' (enum)' : ''}`,
        expected: `enum ${target.name}`,
        fix: `link the Type cell to the ${target.name} enum`,
        severity: doc.enumHint ? 'warning' : 'error',
      };
    }
    return mismatch(primitive, csdlTypeText(csdl), csdl);
  }
  // A named type.
  const name = doc.name ?? doc.raw;
  const found = findDocType(context.index, name, doc.namespace, context.pageNamespace);
  if (csdl.primitive !== undefined) {
    const isEnum =
      found?.type.kind === 'EnumType' || context.pageEnums.has(name.toLowerCase()) ||
      /^#|-values$/i.test(doc.href ?? '');
    const where = found ? '' : ' (not in the CSDL)';
    return {
      actual: isEnum ? `enum ${name}${where}` : `${name}${where}`,
      expected: csdl.primitive,
      fix: isEnum
        ? `write ${csdlTypeText(csdl)} in the Type cell and list the allowed values in the description, or declare the enum in the CSDL`
        : `write ${csdlTypeText(csdl)} in the Type cell`,
      severity: 'error',
      ...(isEnum ? { documentedEnum: name.toLowerCase() } : {}),
    };
  }
  if (!found) {
    return {
      actual: `${name} (not in the CSDL)`,
      expected: csdlTypeText(csdl),
      fix: `link the Type cell to ${csdlTypeText(csdl)}`,
      severity: 'error',
    };
  }
  if (found.type.fullName === csdl.name) {
    return found.caseOnly
      ? { actual: name, expected: found.type.name, fix: 'fix the case of the type name', severity: 'warning', caseOnly: true }
      : undefined;
  }
  const related = derivesFrom(model, found.type.fullName, csdl.name) || derivesFrom(model, csdl.name, found.type.fullName);
  return {
    actual: related ? `${name} (${derivesFrom(model, found.type.fullName, csdl.name) ? 'derived from' : 'a base type of'} the CSDL's)` : name,
    expected: csdlTypeText(csdl),
    fix: `link the Type cell to ${csdlTypeText(csdl)}`,
    severity: related ? 'warning' : 'error',
  };
}

function isOpaqueJson(primitive: string): boolean {
  return primitive === 'Json' || primitive === 'Untyped';
}

function mismatch(actual: string, expected: string, csdl: CsdlTypeRef): TypeDifference {
  return { actual, expected, fix: `write ${csdlTypeText(csdl)} in the Type cell`, severity: 'error' };
}
