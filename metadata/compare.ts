/**
 * Compares the docs with the service's CSDL and reports drift as diagnostics pinned to the Markdown line that is wrong.
 *
 * - Resource pages: the page's resource type ↔ the CSDL EntityType/ComplexType; Properties rows ↔ Property (own and
 *   inherited), Relationships rows ↔ NavigationProperty; the page's enum sections ↔ EnumType.
 * - Enum pages: each documented enum ↔ EnumType.
 * - API pages with a request-body table: a bound action's parameters when the request path ends in an action name,
 *   else the properties of the created/updated type (POST/PATCH/PUT).
 *
 * Inheritance: a page must document the properties its own type declares; properties inherited from a base type are
 * the base type's page's job, so they are never "undocumented" here, but a page that repeats them is not wrong either.
 */
import { FILE_START, internalError } from '../core/diagnostic.js';
import type { Diagnostic, Range, RelatedLocation } from '../core/diagnostic.js';
import type { DocPage, EnumDef, PropertyRow } from '../extractor/model.js';
import type {
  CsdlEnumType, CsdlModel, CsdlOperation, CsdlProperty, CsdlStructuredType, CsdlTypeRef,
} from './model.js';
import { findDocType, findMember, indexTypes } from './resolve.js';
import type { PropertyKind, TypeIndex } from './resolve.js';
import { exampleNullFindings } from './example-nulls.js';
import { finding } from './rules.js';
import { compareTypes, csdlTypeText } from './type-compare.js';
import { compareTypeFacets } from './type-facets.js';
import type { TypeContext } from './type-compare.js';

export interface CompareOptions {
  /**
   * Docs version the CSDL describes (`v1.0`, `beta`); pages of another version are skipped.
   * Default: inferred from the CSDL file name or URL (`inferCsdlVersion`); when that fails, every page is compared.
   */
  readonly version?: string;
  /**
   * Enum members a page may leave out without a finding. Default: `['unknownFutureValue']` — Graph's evolvable-enum
   * sentinel, which the CSDL always has and the docs usually omit.
   */
  readonly optionalEnumMembers?: readonly string[];
}

export interface MetadataResult {
  readonly diagnostics: readonly Diagnostic[];
  /** The version compared, if known. */
  readonly version?: string;
  /** Pages compared with the CSDL. */
  readonly compared: readonly string[];
  /** Pages not compared, and why (another version, no resource type, no request body…). */
  readonly skipped: readonly { readonly file: string; readonly reason: string }[];
  /** Full names of the CSDL types no compared page documents, sorted. */
  readonly undocumentedTypes: readonly string[];
}

/** `v1.0` or `beta` from a CSDL path or URL (`clean_v10_metadata`, `/v1.0/$metadata`, `beta_metadata.xml`). */
export function inferCsdlVersion(source: string): string | undefined {
  if (/beta/i.test(source)) return 'beta';
  if (/v1[._]?0/i.test(source)) return 'v1.0';
  return undefined;
}

/** The version of a page: as the extractor read it, else from its path (`api-reference/<version>/…`). */
export function pageVersion(page: DocPage): string | undefined {
  return page.version ?? /(?:^|\/)(v1\.0|beta)\//.exec(page.file)?.[1];
}

/** Unknown enum members reported one by one up to this many; more become one finding. */
const MAX_MEMBER_FINDINGS = 5;

/** Compares `pages` with `model`; never throws on odd pages (each finding is about one page). */
export function compareMetadata(
  pages: readonly DocPage[], model: CsdlModel, options: CompareOptions = {},
): MetadataResult {
  const version = options.version ?? inferCsdlVersion(model.source);
  const index = indexTypes(model);
  const state: RunState = {
    model,
    index,
    diagnostics: [],
    documented: new Set(),
    optionalMembers: new Set((options.optionalEnumMembers ?? ['unknownFutureValue']).map((m) => m.toLowerCase())),
  };
  const compared: string[] = [];
  const skipped: { file: string; reason: string }[] = [];
  for (const page of pages) {
    const pv = pageVersion(page);
    if (version && pv && pv !== version) {
      skipped.push({ file: page.file, reason: `version ${pv}, the CSDL describes ${version}` });
      continue;
    }
    let reason: string | undefined;
    try {
      reason = comparePage(page, state);
    } catch (error) {
      // One page docpact cannot compare is a finding on that page; the others are still compared.
      state.diagnostics.push(internalError('metadata', page.file, error));
      reason = 'docpact failed on this page';
    }
    if (reason) skipped.push({ file: page.file, reason });
    else compared.push(page.file);
  }
  const undocumentedTypes = [...model.types.values()]
    .filter((type) => !state.documented.has(type.fullName))
    .map((type) => type.fullName)
    .sort();
  if (compared.length > 0 && undocumentedTypes.length > 0) {
    const shown = undocumentedTypes.slice(0, 10).join(', ');
    state.diagnostics.push(
      finding('metadata/types-undocumented', {
        file: model.source,
        range: FILE_START,
        message:
          `${undocumentedTypes.length} of ${model.types.size} CSDL types have no page among the ${compared.length} compared ` +
          `(${shown}${undocumentedTypes.length > 10 ? ', …' : ''}): add resource or enum pages for them`,
        element: 'metadata:types-undocumented',
        actual: String(undocumentedTypes.length),
      }),
    );
  }
  return { diagnostics: state.diagnostics, ...(version ? { version } : {}), compared, skipped, undocumentedTypes };
}

interface RunState {
  readonly model: CsdlModel;
  readonly index: TypeIndex;
  readonly diagnostics: Diagnostic[];
  /** Full names of the CSDL types some page documents. */
  readonly documented: Set<string>;
  readonly optionalMembers: ReadonlySet<string>;
}

interface PageState extends RunState {
  readonly page: DocPage;
  readonly types: TypeContext;
  /** Lower-cased names of the page's enums that a type-mismatch already explained (documented enum, CSDL String). */
  readonly explainedEnums: Set<string>;
}

/** Compares one page; returns why it was skipped, or undefined when it was compared. */
function comparePage(page: DocPage, run: RunState): string | undefined {
  const pageNamespace = page.namespace?.value ?? page.resourceType?.namespace;
  const state: PageState = {
    ...run,
    page,
    types: {
      index: run.index,
      ...(pageNamespace ? { pageNamespace } : {}),
      pageEnums: new Set(page.enums.map((def) => enumName(def).toLowerCase())),
    },
    explainedEnums: new Set(),
  };
  let compared = false;
  if (page.kind === 'resource' && page.resourceType) {
    compareResource(state);
    compared = true;
  }
  if (page.kind === 'api' && page.requestBody.length > 0) {
    const reason = compareRequestBody(state);
    if (reason && page.enums.length === 0) return reason;
    compared = true;
  }
  if (page.enums.length > 0) {
    for (const def of page.enums) compareEnum(state, def);
    compared = true;
  }
  if (page.kind === 'api') state.diagnostics.push(...exampleNullFindings(page, state.index, pageNamespace, requestTargetType(state)));
  if (compared) return undefined;
  if (page.kind === 'resource') return 'no resource type found on the page';
  if (page.kind === 'api') return 'no request-body table';
  return `a ${page.kind} page`;
}

function compareResource(state: PageState): void {
  const { page } = state;
  const resource = page.resourceType!;
  const match = findDocType(state.index, resource.name, resource.namespace, state.types.pageNamespace);
  if (!match) {
    // Enum pages whose title names the enum are handled by the enum comparison.
    if (page.enums.some((def) => enumName(def).toLowerCase() === resource.name.toLowerCase())) return;
    const qualified = resource.namespace ? `${resource.namespace}.${resource.name}` : resource.name;
    state.diagnostics.push(
      finding('metadata/type-not-in-csdl', {
        file: page.file,
        range: resource.range,
        message:
          `Unexpected resource type ${qualified}, expected a type the CSDL declares: ` +
          'fix the @odata.type of the JSON representation, or add the type to the service',
        element: `metadata:type:${qualified}`,
        actual: qualified,
      }),
    );
    return;
  }
  const type = match.type;
  state.documented.add(type.fullName);
  if (match.caseOnly) {
    state.diagnostics.push(caseMismatch(page.file, resource.range, 'type name', resource.name, type.name, `metadata:type:${type.fullName}`, csdlAt(state.model, type.line, `${type.kind} ${type.fullName}`)));
  }
  if (type.kind === 'EnumType') return;
  state.diagnostics.push(...compareTypeFacets(page, type, state.model));
  const documented = new Set<string>();
  for (const row of typedRows(page, page.properties)) compareRow(state, type, row, 'property', documented);
  for (const row of typedRows(page, page.relationships)) compareRow(state, type, row, 'navigation', documented);
  reportUndocumented(state, type, documented);
}

/** Compares one Properties or Relationships row with the CSDL type (own or inherited members). */
function compareRow(
  state: PageState, type: CsdlStructuredType, row: PropertyRow, table: PropertyKind, documented: Set<string>,
): void {
  const { page, model } = state;
  const name = row.name.trim();
  if (name === '') return;
  documented.add(name.toLowerCase());
  const element = `metadata:${type.fullName}/${name}`;
  if (name.startsWith('@')) {
    if (!isKnownAnnotation(model, name)) {
      state.diagnostics.push(
        finding('metadata/property-not-in-csdl', {
          file: page.file,
          range: row.nameRange,
          message: `Unexpected instance annotation ${name}, expected a Term of the CSDL that applies to ${type.name}: remove the row or declare the term`,
          element,
          actual: name,
        }),
      );
    }
    return;
  }
  const other: PropertyKind = table === 'property' ? 'navigation' : 'property';
  let match = findMember(model, type, name, table);
  let kind = table;
  const elsewhere = findMember(model, type, name, other);
  if (!match || (match.caseOnly && elsewhere && !elsewhere.caseOnly)) {
    if (elsewhere) {
      match = elsewhere;
      kind = other;
      state.diagnostics.push(
        finding('metadata/property-kind-mismatch', {
          file: page.file,
          range: row.nameRange,
          message:
            table === 'property'
              ? `Unexpected ${name} in the Properties table, expected it under Relationships: the CSDL declares it as a NavigationProperty`
              : `Unexpected ${name} in the Relationships table, expected it under Properties: the CSDL declares it as a structural Property`,
          element,
          actual: table,
          expected: other,
          related: [csdlAt(model, elsewhere.member.line, `${name} in ${elsewhere.declaredBy.fullName}`)],
        }),
      );
    }
  }
  if (!match) {
    state.diagnostics.push(
      finding('metadata/property-not-in-csdl', {
        file: page.file,
        range: row.nameRange,
        message:
          `Unexpected property ${name}, expected one that ${type.name} declares or inherits in the CSDL: ` +
          'remove the row, fix its name, or add the property to the service',
        element,
        actual: name,
        related: [csdlAt(model, type.line, `${type.kind} ${type.fullName}`)],
      }),
    );
    return;
  }
  const member = match.member;
  documented.add(member.name.toLowerCase());
  if (match.caseOnly) {
    state.diagnostics.push(caseMismatch(page.file, row.nameRange, 'property name', name, member.name, element, csdlAt(model, member.line, `${kind === 'navigation' ? 'NavigationProperty' : 'Property'} ${member.name}`)));
  }
  compareRowFacets(state, row, member, element, `${member.name} in ${match.declaredBy.fullName}`, 'warning');
}

/** Type and nullability of a row against a CSDL property or parameter. */
function compareRowFacets(
  state: PageState,
  row: PropertyRow,
  member: { readonly type: CsdlTypeRef; readonly nullable: boolean; readonly line: number },
  element: string,
  label: string,
  requiredSeverity: 'warning' | 'info',
): void {
  const { page, model } = state;
  const related = [csdlAt(model, member.line, label)];
  const difference = compareTypes(row.type, member.type, state.types);
  if (difference?.caseOnly) {
    state.diagnostics.push(
      finding('metadata/case-mismatch', {
        file: page.file,
        range: row.typeRange,
        message: `Unexpected type name ${difference.actual} for ${row.name}, expected ${difference.expected} (the CSDL's case): ${difference.fix}`,
        element,
        // `[IdentitySet](identityset.md)`: a capital first letter in link text is a house habit of the docs, not drift.
        ...(upperFirstOnly(difference.actual, difference.expected) ? { severity: 'info' as const } : {}),
        actual: difference.actual,
        expected: difference.expected,
        related,
      }),
    );
  } else if (difference) {
    if (difference.documentedEnum) state.explainedEnums.add(difference.documentedEnum);
    state.diagnostics.push(
      finding('metadata/type-mismatch', {
        file: page.file,
        range: row.typeRange,
        message: `Unexpected ${difference.actual} as the type of ${row.name}, expected ${difference.expected} as in the CSDL: ${difference.fix}`,
        element,
        actual: row.type.raw,
        expected: member.type.raw,
        severity: difference.severity,
        related,
      }),
    );
  }
  const nullable = nullableFinding(row, member.nullable);
  if (nullable) {
    state.diagnostics.push(
      finding('metadata/nullable-mismatch', {
        file: page.file,
        range: row.range,
        message: `Unexpected ${nullable.actual} for ${row.name}, expected ${nullable.expected}: ${nullable.fix}`,
        element,
        actual: nullable.actual,
        expected: nullable.expected,
        related,
        ...(nullable.fromRequired ? { severity: requiredSeverity } : {}),
      }),
    );
  }
}

function nullableFinding(
  row: PropertyRow, csdlNullable: boolean,
): { actual: string; expected: string; fix: string; fromRequired: boolean } | undefined {
  const csdl = csdlNullable ? 'Nullable="true" (the default) in the CSDL' : 'Nullable="false" in the CSDL';
  if (row.nullable === false && csdlNullable) {
    return { actual: '"Not nullable"', expected: csdl, fix: 'drop "Not nullable" or declare Nullable="false"', fromRequired: false };
  }
  if (row.nullable === true && !csdlNullable) {
    return { actual: '"Nullable"', expected: csdl, fix: 'write "Not nullable" or let the CSDL allow null', fromRequired: false };
  }
  if (row.required === true && row.nullable === undefined && csdlNullable) {
    return {
      actual: '"Required"',
      expected: `${csdl}, which lets clients send null`,
      fix: 'declare Nullable="false" in the CSDL, or say in the description why a null is refused',
      fromRequired: true,
    };
  }
  return undefined;
}

/** One finding per property the type itself declares that no row documents. */
function reportUndocumented(state: PageState, type: CsdlStructuredType, documented: ReadonlySet<string>): void {
  const { page, model } = state;
  const propertiesTable = page.tables.find((table) => table.role === 'properties');
  const relationshipsTable = page.tables.find((table) => table.role === 'relationships');
  const fallback = page.title?.range ?? page.resourceType?.range ?? FILE_START;
  const missing: { member: CsdlProperty; kind: PropertyKind }[] = [
    ...type.properties.map((member) => ({ member, kind: 'property' as const })),
    ...type.navigationProperties.map((member) => ({ member, kind: 'navigation' as const })),
  ].filter(({ member }) => !documented.has(member.name.toLowerCase()));
  for (const { member, kind } of missing) {
    const table = kind === 'property' ? propertiesTable : (relationshipsTable ?? propertiesTable);
    const tableName = kind === 'property' ? 'Properties' : 'Relationships';
    state.diagnostics.push(
      finding('metadata/property-undocumented', {
        file: page.file,
        range: table ? headerRange(table.range) : fallback,
        message:
          `Unexpected ${tableName} table without ${member.name}, expected a row for this ` +
          `${kind === 'property' ? 'Property' : 'NavigationProperty'} of ${type.name} (${csdlTypeText(member.type)}): add the row`,
        element: `metadata:${type.fullName}/${member.name}`,
        expected: member.name,
        related: [csdlAt(model, member.line, `${member.name} in ${type.fullName}`)],
      }),
    );
  }
}

/** Compares a documented enum (`### x values` section or enum page) with the CSDL EnumType. */
function compareEnum(state: PageState, def: EnumDef): void {
  const { page, model } = state;
  const name = enumName(def);
  if (name === '') return;
  const match = findDocType(state.index, name, undefined, state.types.pageNamespace);
  if (!match || match.type.kind !== 'EnumType') {
    if (state.explainedEnums.has(name.toLowerCase())) return;
    state.diagnostics.push(
      finding('metadata/type-not-in-csdl', {
        file: page.file,
        range: def.range,
        message:
          match
            ? `Unexpected enum ${name}, expected an EnumType: the CSDL declares ${match.type.fullName} as a ${match.type.kind}`
            : `Unexpected enum ${name}, expected an EnumType the CSDL declares: fix the name or add the enum to the service`,
        element: `metadata:enum:${name}`,
        actual: name,
        ...(match ? { related: [csdlAt(model, match.type.line, `${match.type.kind} ${match.type.fullName}`)] } : {}),
      }),
    );
    return;
  }
  const type: CsdlEnumType = match.type;
  state.documented.add(type.fullName);
  if (match.caseOnly) {
    state.diagnostics.push(caseMismatch(page.file, def.range, 'enum name', name, type.name, `metadata:enum:${type.fullName}`, csdlAt(model, type.line, `EnumType ${type.fullName}`)));
  }
  if (type.isFlags && def.flags === undefined && def.members.length > 0) {
    // Numeric values that are not flags are reported row by row below; a table without values says nothing of it.
    state.diagnostics.push(
      finding('metadata/enum-flags-mismatch', {
        file: page.file,
        range: def.range,
        message:
          `Unexpected enum ${type.name} documented without its flag values, expected a Value column of distinct powers of two: ` +
          'the CSDL declares it IsFlags="true", so its members combine ("a,b"): add the values (and say the members combine)',
        element: `metadata:enum:${type.fullName}/flags`,
        expected: 'IsFlags="true"',
        related: [csdlAt(model, type.line, `EnumType ${type.fullName} IsFlags="true"`)],
      }),
    );
  }
  const csdlMembers = new Map(type.members.map((member) => [member.name.toLowerCase(), member]));
  const docMembers = new Set<string>();
  const unknown = def.members.filter((member) => member.name.trim() !== '' && !csdlMembers.has(member.name.trim().toLowerCase()));
  // Past a handful, unknown members are one drift (a table from another enum or a newer service): one finding at
  // the first of them, listing the rest, instead of hundreds of lines that bury the other findings.
  const groupUnknown = unknown.length > MAX_MEMBER_FINDINGS;
  if (groupUnknown) {
    state.diagnostics.push(
      finding('metadata/enum-members-differ', {
        file: page.file,
        range: unknown[0].range,
        message:
          `Unexpected ${unknown.length} members of ${type.name} that the CSDL does not have (${listNames(unknown.map((m) => m.name))}), ` +
          `expected only the CSDL's members (${listNames(type.members.map((m) => m.name))}): remove the rows, or bring the CSDL up to date`,
        element: `metadata:enum:${type.fullName}/unknown-members`,
        actual: String(unknown.length),
        related: [
          csdlAt(model, type.line, `EnumType ${type.fullName}`),
          ...unknown.slice(1, 1 + MAX_MEMBER_FINDINGS).map((m) => ({ message: `member ${m.name}`, file: page.file, range: m.range })),
        ],
      }),
    );
  }
  for (const member of def.members) {
    const key = member.name.trim().toLowerCase();
    if (key === '') continue;
    docMembers.add(key);
    const csdlMember = csdlMembers.get(key);
    const element = `metadata:enum:${type.fullName}/${member.name}`;
    if (!csdlMember) {
      if (groupUnknown) continue;
      state.diagnostics.push(
        finding('metadata/enum-members-differ', {
          file: page.file,
          range: member.range,
          message:
            `Unexpected member ${member.name} of ${type.name}, expected one of the CSDL's members ` +
            `(${listNames(type.members.map((m) => m.name))}): remove or rename the row`,
          element,
          actual: member.name,
          related: [csdlAt(model, type.line, `EnumType ${type.fullName}`)],
        }),
      );
      continue;
    }
    if (csdlMember.name !== member.name.trim()) {
      state.diagnostics.push(
        finding('metadata/case-mismatch', {
          file: page.file,
          range: member.range,
          message: `Unexpected member name ${member.name}, expected ${csdlMember.name} (the CSDL's case): fix the case`,
          element,
          actual: member.name,
          expected: csdlMember.name,
          related: [csdlAt(model, csdlMember.line, `Member ${csdlMember.name}`)],
        }),
      );
    }
    const docValue = member.value?.trim();
    if (docValue && csdlMember.value !== undefined && /^-?\d+$/.test(docValue) && docValue !== csdlMember.value) {
      state.diagnostics.push(
        finding('metadata/enum-members-differ', {
          file: page.file,
          range: member.range,
          message: `Unexpected value ${docValue} for ${member.name}, expected ${csdlMember.value} as in the CSDL: fix the Value cell`,
          element,
          actual: docValue,
          expected: csdlMember.value,
          related: [csdlAt(model, csdlMember.line, `Member ${csdlMember.name}`)],
        }),
      );
    }
  }
  const missing = type.members.filter(
    (member) => !docMembers.has(member.name.toLowerCase()) && !state.optionalMembers.has(member.name.toLowerCase()),
  );
  if (missing.length > 0 && def.members.length > 0) {
    state.diagnostics.push(
      finding('metadata/enum-members-differ', {
        file: page.file,
        range: def.range,
        message:
          `Unexpected members list of ${type.name} without ${missing.map((m) => m.name).join(', ')}, ` +
          'expected every member the CSDL declares: add the rows',
        element: `metadata:enum:${type.fullName}`,
        expected: missing.map((m) => m.name).join(', '),
        related: [csdlAt(model, missing[0].line, `Member ${missing[0].name}`)],
      }),
    );
  }
}

/** API pages: the request body is either a bound action's parameters or the properties of the target type. */
function compareRequestBody(state: PageState): string | undefined {
  const { page, model } = state;
  const rows = page.requestBody.filter((row) => !row.name.startsWith('@odata.'));
  if (rows.length === 0) return 'the request body holds only @odata annotations';
  const action = findAction(state, rows);
  if (action) {
    compareParameters(state, action, rows);
    return undefined;
  }
  const unknown = unknownOperation(state);
  if (unknown) {
    state.diagnostics.push(
      finding('metadata/operation-not-in-csdl', {
        file: page.file,
        range: unknown.range,
        message:
          `Unexpected action ${unknown.name} in the request path, expected an Action the CSDL declares (or a navigation property): ` +
          'fix the path, or add the action to the service',
        element: `metadata:operation:${unknown.name}`,
        actual: unknown.name,
      }),
    );
    return undefined;
  }
  const target = requestTargetType(state);
  if (!target) return 'cannot tell which CSDL type or action the request body belongs to';
  for (const row of rows) {
    const name = row.name.trim();
    const element = `metadata:${page.stem}/${name}`;
    const match = findMember(model, target, name, 'property') ?? findMember(model, target, name, 'navigation');
    if (!match) {
      state.diagnostics.push(
        finding('metadata/property-not-in-csdl', {
          file: page.file,
          range: row.nameRange,
          message:
            `Unexpected request-body property ${name}, expected one that ${target.name} declares or inherits in the CSDL: ` +
            'remove the row or fix its name',
          element,
          actual: name,
          related: [csdlAt(model, target.line, `${target.kind} ${target.fullName}`)],
        }),
      );
      continue;
    }
    if (match.caseOnly) {
      state.diagnostics.push(caseMismatch(page.file, row.nameRange, 'property name', name, match.member.name, element));
    }
    // "Required" in a create body means "required on create", which the CSDL cannot say: only a hint there.
    compareRowFacets(state, row, match.member, element, `${match.member.name} in ${match.declaredBy.fullName}`, 'info');
  }
  return undefined;
}

/** The last segment of a POST path, without key or parameters and namespace: `getUserOwnedObjects`, `users`. */
function lastSegment(path: string): string {
  const last = path.split('?')[0].split('/').filter(Boolean).pop() ?? '';
  const bare = last.replace(/\(.*\)$/, '');
  return bare.slice(bare.lastIndexOf('.') + 1);
}

/**
 * A POST whose last path segment names nothing the CSDL knows (no action or function, navigation property, entity
 * set or singleton of that name): the documented operation is missing from the service.
 */
function unknownOperation(state: PageState): { name: string; range: Range } | undefined {
  const { model } = state;
  for (const template of state.page.requestTemplates) {
    if (template.method.toUpperCase() !== 'POST') continue;
    const name = lastSegment(template.path);
    if (!/^[A-Za-z_]\w*$/.test(name)) continue;
    if (model.operations.some((op) => op.name === name)) continue;
    if (navigationNames(model).has(name)) continue;
    return { name, range: template.range };
  }
  return undefined;
}

const NAVIGATION_NAMES = new WeakMap<CsdlModel, ReadonlySet<string>>();

/** Every name a path segment may use to step into the model: properties, navigation properties, sets, singletons. */
function navigationNames(model: CsdlModel): ReadonlySet<string> {
  let names = NAVIGATION_NAMES.get(model);
  if (!names) {
    const set = new Set<string>();
    for (const type of model.types.values()) {
      if (type.kind === 'EnumType') continue;
      for (const member of [...type.properties, ...type.navigationProperties]) set.add(member.name);
    }
    for (const entitySet of model.entitySets) set.add(entitySet.name);
    for (const singleton of model.singletons) set.add(singleton.name);
    names = set;
    NAVIGATION_NAMES.set(model, names);
  }
  return names;
}

/** A bound action named by the last segment of a request template, the overload that best fits the rows. */
function findAction(state: PageState, rows: readonly PropertyRow[]): CsdlOperation | undefined {
  const names = new Set<string>();
  for (const template of state.page.requestTemplates) {
    if (template.method.toUpperCase() === 'POST') names.add(lastSegment(template.path));
  }
  if (names.size === 0) return undefined;
  const candidates = state.model.operations.filter((op) => op.kind === 'Action' && names.has(op.name));
  if (candidates.length === 0) return undefined;
  const rowNames = new Set(rows.map((row) => row.name.trim().toLowerCase()));
  const score = (op: CsdlOperation) =>
    op.parameters.slice(op.isBound ? 1 : 0).filter((p) => rowNames.has(p.name.toLowerCase())).length;
  return candidates.reduce((best, op) => (score(op) > score(best) ? op : best));
}

function compareParameters(state: PageState, action: CsdlOperation, rows: readonly PropertyRow[]): void {
  const { page, model } = state;
  const parameters = action.parameters.slice(action.isBound ? 1 : 0);
  const documented = new Set<string>();
  const label = `${action.fullName}${action.bindingType ? ` bound to ${csdlTypeText(action.bindingType)}` : ''}`;
  for (const row of rows) {
    const name = row.name.trim();
    documented.add(name.toLowerCase());
    const element = `metadata:${action.fullName}/${name}`;
    const exact = parameters.find((p) => p.name === name);
    const parameter = exact ?? parameters.find((p) => p.name.toLowerCase() === name.toLowerCase());
    if (!parameter) {
      state.diagnostics.push(
        finding('metadata/property-not-in-csdl', {
          file: page.file,
          range: row.nameRange,
          message:
            `Unexpected parameter ${name}, expected one of the parameters of the action ${label} ` +
            `(${listNames(parameters.map((p) => p.name)) || 'none'}): remove the row or fix its name`,
          element,
          actual: name,
          related: [csdlAt(model, action.line, `Action ${label}`)],
        }),
      );
      continue;
    }
    if (!exact) {
      state.diagnostics.push(
        finding('metadata/case-mismatch', {
          file: page.file,
          range: row.nameRange,
          message: `Unexpected parameter name ${name}, expected ${parameter.name} (the CSDL's case): fix the case`,
          element,
          actual: name,
          expected: parameter.name,
        }),
      );
    }
    compareRowFacets(state, row, parameter, element, `parameter ${parameter.name} of ${label}`, 'warning');
  }
  const table = page.tables[rows[0].table];
  for (const parameter of parameters.filter((p) => !documented.has(p.name.toLowerCase()))) {
    state.diagnostics.push(
      finding('metadata/property-undocumented', {
        file: page.file,
        range: table ? headerRange(table.range) : rows[0].range,
        message:
          `Unexpected request-body table without ${parameter.name}, expected a row for this parameter of ${label} ` +
          `(${csdlTypeText(parameter.type)}): add the row`,
        element: `metadata:${action.fullName}/${parameter.name}`,
        expected: parameter.name,
        related: [csdlAt(model, parameter.line, `parameter ${parameter.name}`)],
      }),
    );
  }
}

/**
 * The type a create/update request body holds: the type the Response section names, else the type the title or the
 * file name names (`Update user`, `user-update.md`).
 */
function requestTargetType(state: PageState): CsdlStructuredType | undefined {
  const { page } = state;
  const writes = page.requestTemplates.some((t) => ['POST', 'PATCH', 'PUT'].includes(t.method.toUpperCase()));
  if (!writes) return undefined;
  const candidates: { name: string; namespace?: string }[] = [];
  const response = page.response?.type;
  if (response?.kind === 'named' && response.name) {
    candidates.push({ name: response.name, ...(response.namespace ? { namespace: response.namespace } : {}) });
  }
  const title = page.title?.text.trim().split(/\s+/).pop();
  if (title) candidates.push({ name: title });
  const stem = page.stem.split('-')[0];
  if (stem) candidates.push({ name: stem });
  for (const candidate of candidates) {
    const match = findDocType(state.index, candidate.name, candidate.namespace, state.types.pageNamespace);
    if (match && match.type.kind !== 'EnumType') return match.type;
  }
  return undefined;
}

/** Whether `@x.y` names an OData control annotation or a Term of the CSDL (AppliesTo is not enforced: the docs
 * also list a term on the types that embed the one it applies to). */
function isKnownAnnotation(model: CsdlModel, name: string): boolean {
  const bare = name.slice(1);
  if (bare.startsWith('odata.')) return true;
  return model.terms.some((t) => t.fullName === bare || t.name === bare);
}

/** The enum's name from its heading: `ageGroup values` → `ageGroup`, `riskLevel enum` → `riskLevel`. */
export function enumName(def: EnumDef): string {
  return def.name.trim().replace(/\s+(values|enum|enumeration|members)$/i, '').replace(/[`*]/g, '').trim();
}

/** The first line of a table (its header row): where a finding about the whole table points. */
function headerRange(range: Range): Range {
  return { start: range.start, end: { line: range.start.line, column: range.start.column, offset: range.start.offset } };
}

/**
 * Rows of tables that have a Type column: a table of constants that happens to sit under `## Properties`
 * (`| Pre-set constant | Color |`) documents no property.
 */
function typedRows(page: DocPage, rows: readonly PropertyRow[]): PropertyRow[] {
  return rows.filter((row) => {
    const table = page.tables[row.table];
    return table === undefined || table.header.some((cell) => /\btype\b/i.test(cell.text));
  });
}

/** Whether `a` is `b` with only its first letter's case changed. */
function upperFirstOnly(a: string, b: string): boolean {
  return a !== b && a.slice(1) === b.slice(1);
}

/** `a, b, c` — at most eight names, then how many more. */
/** A name written in another case than the CSDL's: `what` is `type name`, `property name`, `enum name`…. */
function caseMismatch(file: string, range: Range, what: string, written: string, csdlName: string, element: string, related?: RelatedLocation): Diagnostic {
  return finding('metadata/case-mismatch', {
    file,
    range,
    message: `Unexpected ${what} ${written}, expected ${csdlName} (the CSDL's case): fix the case`,
    element,
    actual: written,
    expected: csdlName,
    ...(related ? { related: [related] } : {}),
  });
}

function listNames(names: readonly string[]): string {
  return names.length <= 8 ? names.join(', ') : `${names.slice(0, 8).join(', ')} and ${names.length - 8} more`;
}

function csdlAt(model: CsdlModel, line: number, what: string): RelatedLocation {
  const point = { line: Math.max(1, line), column: 1, offset: 0 };
  return { message: `${what} is declared here in the CSDL`, file: model.source, range: { start: point, end: point } };
}

