/**
 * Reads an OData v4 CSDL document (EDMX, the service's `$metadata`) into a `CsdlModel`, with fast-xml-parser.
 * fast-xml-parser reports where each element starts (`captureMetaData`), which we turn into line numbers, so findings
 * can cite the CSDL line as a related location.
 */
import { LineIndex } from '../extractor/positions.js';
import { XMLParser } from 'fast-xml-parser';
import type {
  CsdlEntitySet, CsdlEnumType, CsdlModel, CsdlNavigationProperty, CsdlOperation, CsdlParameter, CsdlProperty,
  CsdlSchema, CsdlSingleton, CsdlStructuredType, CsdlTerm, CsdlType, CsdlTypeRef,
} from './model.js';

/** A CSDL that cannot be read or is not EDMX: the CLI reports it as an input error (exit 2). */
export class CsdlError extends Error {
  override readonly name = 'CsdlError';
}

/** Elements that may repeat; everything else is a single child. */
const REPEATED = new Set([
  'Reference', 'Include', 'Schema', 'EntityType', 'ComplexType', 'EnumType', 'Member', 'Property', 'NavigationProperty',
  'PropertyRef', 'Action', 'Function', 'Parameter', 'EntityContainer', 'EntitySet', 'Singleton', 'FunctionImport',
  'ActionImport', 'Term', 'Annotation', 'Annotations', 'NavigationPropertyBinding', 'TypeDefinition',
]);

const DESCRIPTION_TERMS = new Set(['Org.OData.Core.V1.Description', 'Core.Description']);

/** An element as fast-xml-parser builds it with our options: attributes prefixed `@`, repeated children as arrays. */
interface XmlNode {
  readonly [key: string]: unknown;
}

const META = XMLParser.getMetaDataSymbol() as unknown as string;

/**
 * Parses the text of an EDMX document. `source` names it in the model and in errors.
 * Throws `CsdlError` when the text is not well-formed XML or has no `edmx:Edmx/edmx:DataServices/Schema`.
 */
export function parseCsdl(text: string, source: string): CsdlModel {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    removeNSPrefix: true,
    captureMetaData: true,
    parseAttributeValue: false,
    parseTagValue: false,
    isArray: (name, _path, _leaf, isAttribute) => !isAttribute && REPEATED.has(name),
  });
  let document: XmlNode;
  try {
    document = parser.parse(text, true) as XmlNode;
  } catch (error) {
    throw new CsdlError(`${source}: not well-formed XML: ${error instanceof Error ? error.message : String(error)}`);
  }
  const edmx = child(document, 'Edmx');
  const services = edmx ? child(edmx, 'DataServices') : undefined;
  const schemaNodes = services ? children(services, 'Schema') : [];
  if (!edmx || schemaNodes.length === 0) {
    throw new CsdlError(`${source}: unexpected document, expected an OData CSDL (edmx:Edmx with edmx:DataServices/Schema)`);
  }
  const lines = lineIndex(text);
  const lineOf = (node: XmlNode): number => {
    const meta = node[META] as { startIndex?: number } | undefined;
    return meta?.startIndex === undefined ? 0 : lines(meta.startIndex);
  };

  const schemas: CsdlSchema[] = schemaNodes.map((node) => ({
    namespace: attr(node, 'Namespace') ?? '',
    alias: attr(node, 'Alias'),
    line: lineOf(node),
  }));
  // Aliases may be used across schemas (and from edmx:Reference includes), so collect them all first.
  const aliases = new Map<string, string>();
  for (const schema of schemas) if (schema.alias) aliases.set(schema.alias, schema.namespace);
  for (const reference of children(edmx, 'Reference')) {
    for (const include of children(reference, 'Include')) {
      const alias = attr(include, 'Alias');
      const namespace = attr(include, 'Namespace');
      if (alias && namespace) aliases.set(alias, namespace);
    }
  }
  const resolve = (name: string): string => {
    const dot = name.lastIndexOf('.');
    if (dot < 0) return name;
    const prefix = name.slice(0, dot);
    const namespace = aliases.get(prefix);
    return namespace ? `${namespace}${name.slice(dot)}` : name;
  };
  const typeRef = (raw: string): CsdlTypeRef => {
    const match = /^Collection\((.*)\)$/.exec(raw.trim());
    const name = resolve((match ? match[1] : raw).trim());
    return {
      raw,
      collection: match !== null,
      name,
      ...(name.startsWith('Edm.') ? { primitive: name.slice(4) } : {}),
    };
  };

  const types = new Map<string, CsdlType>();
  const operations: CsdlOperation[] = [];
  const terms: CsdlTerm[] = [];
  const entitySets: CsdlEntitySet[] = [];
  const singletons: CsdlSingleton[] = [];
  let containerName: string | undefined;

  schemaNodes.forEach((node, index) => {
    const namespace = schemas[index].namespace;
    const named = (element: XmlNode) => {
      const name = attr(element, 'Name') ?? '';
      return { name, namespace, fullName: `${namespace}.${name}`, line: lineOf(element) };
    };
    const property = (element: XmlNode): CsdlProperty => {
      const description = descriptionOf(element);
      return {
        name: attr(element, 'Name') ?? '',
        type: typeRef(attr(element, 'Type') ?? ''),
        nullable: attr(element, 'Nullable') !== 'false',
        line: lineOf(element),
        ...(description === undefined ? {} : { description }),
      };
    };
    for (const kind of ['EntityType', 'ComplexType'] as const) {
      for (const element of children(node, kind)) {
        const baseType = attr(element, 'BaseType');
        const key = child(element, 'Key');
        const type: CsdlStructuredType = {
          kind,
          ...named(element),
          ...(baseType ? { baseType: resolve(baseType) } : {}),
          abstract: attr(element, 'Abstract') === 'true',
          openType: attr(element, 'OpenType') === 'true',
          hasStream: attr(element, 'HasStream') === 'true',
          key: key ? children(key, 'PropertyRef').map((ref) => attr(ref, 'Name') ?? '') : [],
          properties: children(element, 'Property').map(property),
          navigationProperties: children(element, 'NavigationProperty').map(
            (nav): CsdlNavigationProperty => ({ ...property(nav), containsTarget: attr(nav, 'ContainsTarget') === 'true' }),
          ),
        };
        types.set(type.fullName, type);
      }
    }
    for (const element of children(node, 'EnumType')) {
      const underlyingType = attr(element, 'UnderlyingType');
      const type: CsdlEnumType = {
        kind: 'EnumType',
        ...named(element),
        isFlags: attr(element, 'IsFlags') === 'true',
        ...(underlyingType ? { underlyingType } : {}),
        members: children(element, 'Member').map((member) => {
          const value = attr(member, 'Value');
          return { name: attr(member, 'Name') ?? '', ...(value === undefined ? {} : { value }), line: lineOf(member) };
        }),
      };
      types.set(type.fullName, type);
    }
    for (const kind of ['Action', 'Function'] as const) {
      for (const element of children(node, kind)) {
        const parameters = children(element, 'Parameter').map(
          (parameter): CsdlParameter => ({
            name: attr(parameter, 'Name') ?? '',
            type: typeRef(attr(parameter, 'Type') ?? ''),
            nullable: attr(parameter, 'Nullable') !== 'false',
            line: lineOf(parameter),
          }),
        );
        const isBound = attr(element, 'IsBound') === 'true';
        const returns = child(element, 'ReturnType');
        const entitySetPath = attr(element, 'EntitySetPath');
        operations.push({
          kind,
          ...named(element),
          isBound,
          ...(isBound && parameters.length > 0 ? { bindingType: parameters[0].type } : {}),
          parameters,
          ...(returns
            ? { returnType: { type: typeRef(attr(returns, 'Type') ?? ''), nullable: attr(returns, 'Nullable') !== 'false' } }
            : {}),
          isComposable: attr(element, 'IsComposable') === 'true',
          ...(entitySetPath ? { entitySetPath } : {}),
        });
      }
    }
    for (const element of children(node, 'Term')) {
      terms.push({
        ...named(element),
        type: typeRef(attr(element, 'Type') ?? ''),
        appliesTo: (attr(element, 'AppliesTo') ?? '').split(/\s+/).filter(Boolean).map(resolve),
      });
    }
    for (const container of children(node, 'EntityContainer')) {
      containerName ??= attr(container, 'Name');
      for (const set of children(container, 'EntitySet')) {
        entitySets.push({ name: attr(set, 'Name') ?? '', entityType: resolve(attr(set, 'EntityType') ?? ''), line: lineOf(set) });
      }
      for (const singleton of children(container, 'Singleton')) {
        singletons.push({ name: attr(singleton, 'Name') ?? '', type: resolve(attr(singleton, 'Type') ?? ''), line: lineOf(singleton) });
      }
    }
  });

  return {
    source,
    ...(attr(edmx, 'Version') ? { edmxVersion: attr(edmx, 'Version') } : {}),
    schemas,
    types,
    operations,
    terms,
    entitySets,
    singletons,
    ...(containerName ? { containerName } : {}),
  };
}

/** Hosts a `--csdl` URL may name: the tool never reaches beyond the machine it runs on. */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Reads a CSDL from a file path or an `http(s)://` URL on a loopback host (127.0.0.1, localhost, [::1]).
 * Throws `CsdlError` for another host, an HTTP error, an unreadable file or a document that is not a CSDL.
 */
export async function loadCsdl(source: string): Promise<CsdlModel> {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(source)) {
    let url: URL;
    try {
      url = new URL(source);
    } catch {
      throw new CsdlError(`Unexpected CSDL URL ${source}, expected a valid http://127.0.0.1:<port>/… URL`);
    }
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !LOOPBACK_HOSTS.has(url.hostname)) {
      throw new CsdlError(
        `Unexpected CSDL URL ${source}, expected a file or an http URL on 127.0.0.1, localhost or [::1]: ` +
          'download the $metadata first and pass the file',
      );
    }
    let response: Response;
    try {
      response = await fetch(url, { headers: { accept: 'application/xml' } });
    } catch (error) {
      throw new CsdlError(`Cannot fetch the CSDL from ${source}: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (!response.ok) throw new CsdlError(`Unexpected HTTP ${response.status} from ${source}, expected 200 with the CSDL`);
    return parseCsdl(await response.text(), source);
  }
  // Never a plain readFile: a FIFO given as --csdl would block it forever.
  const { readDataFile } = await import('../core/input-files.js');
  const read = await readDataFile(source);
  if (!('text' in read)) throw new CsdlError(`Cannot read the CSDL ${source} (${read.problem}): give the path of an EDMX file`);
  return parseCsdl(read.text, source);
}

/** Finds a type by its qualified name; aliases must already be resolved. */
export function findType(model: CsdlModel, fullName: string): CsdlType | undefined {
  return model.types.get(fullName);
}

/** The base-type chain of a structured type, nearest first (excluding the type itself); stops at cycles. */
export function baseTypes(model: CsdlModel, type: CsdlStructuredType): CsdlStructuredType[] {
  const chain: CsdlStructuredType[] = [];
  const seen = new Set([type.fullName]);
  let next = type.baseType;
  while (next && !seen.has(next)) {
    seen.add(next);
    const base = model.types.get(next);
    if (!base || base.kind === 'EnumType') break;
    chain.push(base);
    next = base.baseType;
  }
  return chain;
}

/** Whether `type` is `ancestor` or derives from it. */
export function derivesFrom(model: CsdlModel, type: string, ancestor: string): boolean {
  if (type === ancestor) return true;
  const found = model.types.get(type);
  if (!found || found.kind === 'EnumType') return false;
  return baseTypes(model, found).some((base) => base.fullName === ancestor);
}

function attr(node: XmlNode, name: string): string | undefined {
  const value = node[`@${name}`];
  return typeof value === 'string' ? value : undefined;
}

function child(node: XmlNode, name: string): XmlNode | undefined {
  const value = node[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first !== null && typeof first === 'object' ? (first as XmlNode) : undefined;
}

function children(node: XmlNode, name: string): XmlNode[] {
  const value = node[name];
  if (value === undefined) return [];
  const list = Array.isArray(value) ? value : [value];
  // An empty element with no attributes comes back as '' rather than an object.
  return list.map((item) => (item !== null && typeof item === 'object' ? (item as XmlNode) : {}));
}

function descriptionOf(node: XmlNode): string | undefined {
  for (const annotation of children(node, 'Annotation')) {
    if (DESCRIPTION_TERMS.has(attr(annotation, 'Term') ?? '')) return attr(annotation, 'String');
  }
  return undefined;
}

/** Maps a 0-based offset to a 1-based line. */
function lineIndex(text: string): (offset: number) => number {
  const lines = new LineIndex(text);
  return (offset) => lines.point(offset).line;
}

/**
 * The facts of a CSDL that the resolved doc set reads (resolve/doc-index.ts `ModelFacts`): each structured type's
 * base type and `OpenType` / `Abstract` flags, by qualified name in lower case. Small enough to hand to every worker.
 */
export function modelFacts(model: CsdlModel): import('../resolve/doc-index.js').ModelFacts {
  const types: Record<string, { base?: string; open?: boolean; abstract?: boolean }> = {};
  for (const type of model.types.values()) {
    if (type.kind === 'EnumType') continue;
    if (type.baseType === undefined && !type.openType && !type.abstract) continue;
    types[type.fullName.toLowerCase()] = {
      ...(type.baseType !== undefined && { base: type.baseType }),
      ...(type.openType && { open: true }),
      ...(type.abstract && { abstract: true }),
    };
  }
  return { types };
}
