/**
 * The ajv set-up every consumer of the generated schemas should use: draft 2020-12, ajv-formats, union types
 * allowed (nullable properties are `type: [x, "null"]`), strict otherwise, so a schema the generator gets wrong fails
 * loudly instead of validating nothing.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import ajvFormats from 'ajv-formats';
import type { Options } from 'ajv';
import { EDM_KEYWORD, type JsonSchema } from './types-map.js';

const addFormats = ajvFormats.default;

/**
 * A fresh ajv 2020 instance with formats and docpact's `x-edm` annotation keyword; `schemas` are added (not compiled)
 * so `$ref`s between them resolve. Every validator in docpact (the checks' value verdicts, replay, the mock) is made
 * here, so one value gets one verdict everywhere.
 *
 * @param options ajv options over the defaults `{ allErrors: true, strict: true, allowUnionTypes: true }`
 */
export function createContractsAjv(schemas: Iterable<JsonSchema> = [], options: Options = {}): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true, ...options });
  addFormats(ajv);
  ajv.addKeyword({ keyword: EDM_KEYWORD, schemaType: 'string' });
  for (const schema of schemas) ajv.addSchema(schema);
  return ajv;
}
