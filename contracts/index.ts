/** The contracts stage: DocPage[] → JSON Schemas 2020-12 + request/response fixtures, and their files. */
export { buildContracts, type ContractsResult } from './build.js';
export { writeContracts, readContracts, stableJson, schemaFile, fixtureFiles, ContractsReadError, type LoadedContracts, type WriteOptions } from './files.js';
export { closedSchema, GENERATED_COMMENT, SCHEMA_DIALECT, UNRESOLVED_RULE, ANNOTATION_PATTERNS } from './schemas.js';
export { createContractsAjv } from './ajv.js';
export { schemaId, requestSchemaId, DEFAULT_NAMESPACE, NO_VERSION } from './type-index.js';
export { typeRefSchema, primitiveSchema, type JsonSchema } from './types-map.js';
export { matchTemplate, compileTemplate } from './path-template.js';
export type { Fixture, FixtureRequest, FixtureResponse, Manifest, SourceRef } from './types.js';
export { SCHEMA_ID_BASE } from './types.js';
