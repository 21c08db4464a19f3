/**
 * The facets of a resource type that the docs state besides its members, against the CSDL: the base type
 * (`baseType` of the JSON representation's annotation, else "Inherits from"), whether the type is open
 * (`openType`, or "is an open type" in the prose), abstract (`abstract`, or "is an abstract type/class"), and its
 * key (`keyProperty`).
 *
 * A type may be documented on several pages (Intune's workload pages each document a slice of `user`): only the
 * canonical page, the one named after the type, is asked to state a facet the CSDL has; any page that states one
 * the CSDL contradicts is reported.
 */
import type { Diagnostic, Range, RelatedLocation } from '../core/diagnostic.js';
import type { DocPage } from '../extractor/model.js';
import { baseTypes } from './csdl.js';
import type { CsdlModel, CsdlStructuredType } from './model.js';
import { finding } from './rules.js';

const OPEN_PROSE = /\bis an open type\b/i;
const ABSTRACT_PROSE = /\bis an abstract (?:base )?(?:type|class|entity|resource)\b|\bthis abstract (?:type|class)\b/i;

/** The findings about `page`'s base type, openness, abstractness and key against the CSDL type it documents. */
export function compareTypeFacets(page: DocPage, type: CsdlStructuredType, model: CsdlModel): Diagnostic[] {
  const out: Diagnostic[] = [];
  const resource = page.resourceType;
  if (!resource) return out;
  const canonical = page.stem.toLowerCase() === resource.name.toLowerCase();
  const data = page.jsonRepresentation?.annotation?.data ?? {};
  const at = resource.range;
  const related = (what: string): RelatedLocation[] => [csdlAt(model, type.line, `${type.kind} ${type.fullName}${what}`)];
  const element = (facet: string) => `metadata:${type.fullName}#${facet}`;

  // Base type.
  const written = resource.baseType ?? page.inheritsFrom?.name;
  const writtenAt: Range = resource.baseType ? at : (page.inheritsFrom?.range ?? at);
  const csdlBase = type.baseType;
  const local = (name: string) => name.replace(/^#/, '').split('.').pop()!.toLowerCase();
  if (written && csdlBase && local(written) !== local(csdlBase)) {
    out.push(finding('metadata/base-type-mismatch', {
      file: page.file, range: writtenAt, element: element('base'), actual: written, expected: csdlBase, related: related(` (BaseType="${csdlBase}")`),
      message: `Unexpected base type ${written} of ${type.name}, expected ${csdlBase} as in the CSDL: fix the "Inherits from" line or the baseType annotation`,
    }));
  } else if (written && !csdlBase) {
    out.push(finding('metadata/base-type-mismatch', {
      file: page.file, range: writtenAt, element: element('base'), actual: written, expected: 'no base type', related: related(''),
      message: `Unexpected base type ${written} of ${type.name}, expected none: the CSDL declares no BaseType; remove the "Inherits from" line or the baseType annotation, or declare the base in the service`,
    }));
  } else if (!written && csdlBase && canonical) {
    out.push(finding('metadata/base-type-mismatch', {
      file: page.file, range: at, element: element('base'), expected: csdlBase, related: related(` (BaseType="${csdlBase}")`),
      message: `Unexpected page without the base type of ${type.name}, expected "Inherits from ${csdlBase.split('.').pop()}" as the CSDL declares BaseType="${csdlBase}": add the line (and "baseType" in the JSON representation's annotation)`,
    }));
  }

  // Open type.
  const openFlag = flag(data.openType);
  const docOpen = openFlag ?? (OPEN_PROSE.test(page.source) ? true : undefined);
  const csdlOpen = openOf(model, type);
  if (docOpen === true && !csdlOpen) {
    out.push(finding('metadata/open-type-mismatch', {
      file: page.file, range: at, element: element('open'), actual: 'open', expected: 'not open', related: related(''),
      message: `Unexpected open type ${type.name}, expected a closed type: the CSDL does not declare OpenType="true"; drop "openType": true or the "open type" sentence, or declare the type open in the service`,
    }));
  } else if (csdlOpen && (docOpen === false || (docOpen === undefined && canonical && type.openType))) {
    out.push(finding('metadata/open-type-mismatch', {
      file: page.file, range: at, element: element('open'), actual: docOpen === false ? '"openType": false' : 'not marked open', expected: 'open', related: related(' (OpenType="true")'),
      message: `Unexpected ${docOpen === false ? '"openType": false' : 'type not marked open'} for ${type.name}, expected an open type as the CSDL declares OpenType="true": set "openType": true in the JSON representation's annotation (clients may then meet properties the page does not list)`,
    }));
  }

  // Abstract.
  const abstractFlag = flag(data.abstract);
  const docAbstract = abstractFlag ?? (ABSTRACT_PROSE.test(page.source) ? true : undefined);
  if (docAbstract === true && !type.abstract) {
    out.push(finding('metadata/abstract-mismatch', {
      file: page.file, range: at, element: element('abstract'), actual: 'abstract', expected: 'not abstract', related: related(''),
      message: `Unexpected abstract type ${type.name}, expected a concrete type: the CSDL does not declare Abstract="true"; drop the abstract marking, or declare it in the service`,
    }));
  } else if (type.abstract && (docAbstract === false || (docAbstract === undefined && canonical))) {
    out.push(finding('metadata/abstract-mismatch', {
      file: page.file, range: at, element: element('abstract'), actual: docAbstract === false ? '"abstract": false' : 'not marked abstract', expected: 'abstract', related: related(' (Abstract="true")'),
      message: `Unexpected ${docAbstract === false ? '"abstract": false' : 'type not marked abstract'} for ${type.name}, expected an abstract type as the CSDL declares Abstract="true": say so on the page (clients never receive a ${type.name} itself, only its derived types)`,
    }));
  }

  // Key.
  const keyProperty = typeof data.keyProperty === 'string' ? data.keyProperty.trim() : undefined;
  if (keyProperty !== undefined && keyProperty !== '') {
    const csdlKey = keyOf(model, type);
    if (type.kind === 'ComplexType') {
      out.push(finding('metadata/key-mismatch', {
        file: page.file, range: at, element: element('key'), actual: keyProperty, expected: 'no key', related: related(''),
        message: `Unexpected "keyProperty": "${keyProperty}" on ${type.name}, expected none: the CSDL declares it a ComplexType, which has no key; remove keyProperty from the annotation`,
      }));
    } else if (csdlKey.length > 0 && !csdlKey.includes(keyProperty)) {
      out.push(finding('metadata/key-mismatch', {
        file: page.file, range: at, element: element('key'), actual: keyProperty, expected: csdlKey.join(', '), related: related(''),
        message: `Unexpected "keyProperty": "${keyProperty}" on ${type.name}, expected "${csdlKey.join(', ')}" as the CSDL's Key: fix keyProperty in the annotation`,
      }));
    }
  }
  return out;
}

/** `true`/`"true"` → true, `false`/`"false"` → false, anything else → undefined. */
function flag(value: unknown): boolean | undefined {
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  return undefined;
}

/** OData: a type is open when it or a base type is declared OpenType. */
function openOf(model: CsdlModel, type: CsdlStructuredType): boolean {
  return type.openType || baseTypes(model, type).some((base) => base.openType);
}

/** The key of an entity type: its own, else the nearest base type's. */
function keyOf(model: CsdlModel, type: CsdlStructuredType): readonly string[] {
  if (type.key.length > 0) return type.key;
  return baseTypes(model, type).find((base) => base.key.length > 0)?.key ?? [];
}

function csdlAt(model: CsdlModel, line: number, what: string): RelatedLocation {
  const point = { line: Math.max(1, line), column: 1, offset: 0 };
  return { message: `${what} is declared here in the CSDL`, file: model.source, range: { start: point, end: point } };
}
