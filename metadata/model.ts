/**
 * The CSDL model: what `csdl.ts` reads from an OData v4 EDMX document. Plain readonly JSON; every element keeps the
 * 1-based line of its start tag in the XML so a finding can point into the CSDL as well as into the Markdown.
 * All type names are resolved: aliases are replaced by their namespace (`graph.user` → `microsoft.graph.user`).
 */

/** A type reference as declared in a `Type` attribute, alias-resolved. */
export interface CsdlTypeRef {
  /** The attribute as written (`Collection(graph.assignedLicense)`). */
  readonly raw: string;
  readonly collection: boolean;
  /** Qualified element type with aliases resolved (`microsoft.graph.assignedLicense`, `Edm.String`). */
  readonly name: string;
  /** For `Edm.*` types: the name without the `Edm.` prefix (`String`, `Int32`, `Geography`). */
  readonly primitive?: string;
}

export interface CsdlProperty {
  readonly name: string;
  readonly type: CsdlTypeRef;
  /** OData default: true when the attribute is absent. */
  readonly nullable: boolean;
  readonly line: number;
  readonly description?: string;
}

export interface CsdlNavigationProperty extends CsdlProperty {
  readonly containsTarget: boolean;
}

interface CsdlNamed {
  readonly name: string;
  readonly namespace: string;
  /** `namespace.name`. */
  readonly fullName: string;
  readonly line: number;
}

export interface CsdlStructuredType extends CsdlNamed {
  readonly kind: 'EntityType' | 'ComplexType';
  /** Qualified, alias-resolved. */
  readonly baseType?: string;
  readonly abstract: boolean;
  readonly openType: boolean;
  readonly hasStream: boolean;
  /** Key property names (EntityType only; inherited keys are not repeated here). */
  readonly key: readonly string[];
  /** Declared on this type (not inherited). */
  readonly properties: readonly CsdlProperty[];
  readonly navigationProperties: readonly CsdlNavigationProperty[];
}

export interface CsdlEnumMember {
  readonly name: string;
  readonly value?: string;
  readonly line: number;
}

export interface CsdlEnumType extends CsdlNamed {
  readonly kind: 'EnumType';
  readonly isFlags: boolean;
  readonly underlyingType?: string;
  readonly members: readonly CsdlEnumMember[];
}

export interface CsdlParameter {
  readonly name: string;
  readonly type: CsdlTypeRef;
  readonly nullable: boolean;
  readonly line: number;
}

export interface CsdlOperation extends CsdlNamed {
  readonly kind: 'Action' | 'Function';
  readonly isBound: boolean;
  /** Type of the first parameter when bound. */
  readonly bindingType?: CsdlTypeRef;
  /** All parameters, the binding parameter first when bound. */
  readonly parameters: readonly CsdlParameter[];
  readonly returnType?: { readonly type: CsdlTypeRef; readonly nullable: boolean };
  readonly isComposable: boolean;
  readonly entitySetPath?: string;
}

/** An instance-annotation term (`@microsoft.graph.downloadUrl` on a driveItem). */
export interface CsdlTerm extends CsdlNamed {
  readonly type: CsdlTypeRef;
  readonly appliesTo: readonly string[];
}

export interface CsdlEntitySet {
  readonly name: string;
  readonly entityType: string;
  readonly line: number;
}

export interface CsdlSingleton {
  readonly name: string;
  readonly type: string;
  readonly line: number;
}

export interface CsdlSchema {
  readonly namespace: string;
  readonly alias?: string;
  readonly line: number;
}

export type CsdlType = CsdlStructuredType | CsdlEnumType;

export interface CsdlModel {
  /** File path or URL the document was read from. */
  readonly source: string;
  /** EDMX `Version` attribute (`4.0`). */
  readonly edmxVersion?: string;
  readonly schemas: readonly CsdlSchema[];
  /** Entity, complex and enum types by full name. */
  readonly types: ReadonlyMap<string, CsdlType>;
  readonly operations: readonly CsdlOperation[];
  readonly terms: readonly CsdlTerm[];
  readonly entitySets: readonly CsdlEntitySet[];
  readonly singletons: readonly CsdlSingleton[];
  /** Name of the entity container, if any. */
  readonly containerName?: string;
}
