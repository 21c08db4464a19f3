/**
 * The annotation keys the Graph docs use (survey of all 19,859 example annotations, corpus README §2) and the JSON
 * type each key's value must have. A key outside this table is most likely a misspelling that the docs build
 * silently ignores.
 */
export type KeyType = 'string' | 'boolean' | 'string-or-array' | 'array' | 'object' | 'any';

export const ANNOTATION_KEYS: Readonly<Record<string, KeyType>> = {
  blockType: 'string',
  '@odata.type': 'string',
  name: 'string-or-array',
  truncated: 'boolean',
  optionalProperties: 'array',
  keyProperty: 'string',
  isCollection: 'boolean',
  baseType: 'string',
  openType: 'boolean',
  sampleKeys: 'array',
  scopes: 'string',
  isComposable: 'boolean',
  '@type': 'string',
  tags: 'string',
  target: 'string',
  '@odata.annotations': 'array',
  idempotent: 'boolean',
  '@type.aka': 'string',
  abstract: 'boolean',
  opaqueUrl: 'boolean',
  isEmpty: 'boolean',
  scope: 'string',
  '@property.aka': 'any',
  isMediaEntity: 'boolean',
  id: 'string',
  sampleIds: 'any',
  expectError: 'boolean',
  displayName: 'string',
  isAbstract: 'boolean',
};

/** The block types the docs build knows. */
export const BLOCK_TYPES: readonly string[] = ['request', 'response', 'resource', 'ignored', 'example', 'samples'];
