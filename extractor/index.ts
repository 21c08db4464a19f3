/** The extractor's public interface: Markdown → DocModel. */
export type * from './model.js';
export type { Diagnostic, Point, Range, Severity, RelatedLocation } from '../core/diagnostic.js';
export { compareDiagnostics, severityRank, SEVERITIES, FILE_START } from '../core/diagnostic.js';
export { parsePage, parseMarkdown, type ParseOptions } from './page.js';
export { loadPages, findMarkdown, readPageText, safeParse, DEFAULT_MAX_BYTES, type LoadOptions, type LoadResult } from './load.js';
export { parseTypeRef, primitiveOf } from './type-ref.js';
export { LineIndex } from './positions.js';
export { escapePointer } from './json-body.js';
