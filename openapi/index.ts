/** The openapi stage: pages + contracts → an OpenAPI 3.1 document. */
export { buildOpenApi, OPENAPI_VERSION, GENERATED_NOTE, DEFAULT_BASE_URL, RULES, type OpenApiOptions, type OpenApiContracts, type OpenApiResult, type OpenApiStats } from './build.js';
export { convertTemplate, sanitizeParamName, templateVariables, type TemplateParam, type TemplateResult } from './path-template.js';
export { componentNames, parseSchemaId, toComponent } from './components.js';
export { pageUrl } from './page-url.js';
export { serializeDocument, formatFromPath, type DocumentFormat } from './serialize.js';
export { verifyDocument } from './verify.js';
