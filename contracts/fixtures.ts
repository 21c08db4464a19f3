/**
 * API page examples → request/response fixtures: one per annotated request example, and one per unannotated
 * request/response pair (Intune pages have no annotations at all).
 */
import { safeSegment } from '../core/safe-path.js';
import type { Diagnostic, Range } from '../core/diagnostic.js';
import type { Body, DocPage, Example, ExamplePair, Header } from '../extractor/model.js';
import { compileTemplate, matchTemplate, normalizePath } from './path-template.js';
import type { DocIndex } from '../resolve/doc-index.js';
import { NO_VERSION, resolveForSchema } from './type-index.js';
import { UNRESOLVED_RULE } from './schemas.js';
import type { Fixture, FixtureResponse, SourceRef } from './types.js';
import { makeFinding } from '../core/rule-docs.js';

/** Request examples of these block types become fixtures. */
const REQUEST_BLOCK_TYPES = new Set(['request', 'unannotated']);


function sourceOf(file: string, range: Range): SourceRef {
  return { file, line: range.start.line, column: range.start.column, range };
}

function headerRecord(headers: readonly Header[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const h of headers) out[h.name] = Object.hasOwn(out, h.name) ? `${out[h.name]}, ${h.value}` : h.value;
  return out;
}

function pointerRanges(body: Body): Record<string, Range> | undefined {
  return body.pointers ? { ...body.pointers } : undefined;
}

function pointerLines(body: Body): Record<string, number> | undefined {
  if (!body.pointers) return undefined;
  const out: Record<string, number> = {};
  for (const [pointer, range] of Object.entries(body.pointers)) out[pointer] = range.start.line;
  return out;
}

/** An example name safe as a file name (see `safeSegment`): letters, digits, `_`, `-`, `.`; never empty. */
export function sanitizeName(name: string): string {
  return safeSegment(name, '', 'example');
}

/** `Collection(microsoft.graph.x)` → `{ type: 'microsoft.graph.x', collection: true }`; `#` stripped. */
export function parseOdataType(value: string): { type: string; collection: boolean } {
  const clean = value.trim().replace(/^#/, '');
  const m = /^collection\((.*)\)$/i.exec(clean);
  return m ? { type: m[1].trim().replace(/^#/, ''), collection: true } : { type: clean, collection: false };
}

/**
 * The pairs to turn into fixtures: the extractor's pairs whose request is an example (not the HTTP request
 * section's template block), plus unannotated request blocks it did not pair, each with the next unannotated
 * response before the next request.
 */
function fixturePairs(page: DocPage, byIndex: ReadonlyMap<number, Example>): ExamplePair[] {
  const isExampleRequest = (e: Example | undefined): e is Example =>
    e !== undefined && e.role === 'request' && e.request !== undefined && REQUEST_BLOCK_TYPES.has(e.blockType);
  const pairs = page.pairs.filter((p) => isExampleRequest(byIndex.get(p.request)));
  const paired = new Set(pairs.map((p) => p.request));
  const ordered = [...byIndex.values()].sort((a, b) => a.index - b.index);
  ordered.forEach((e, i) => {
    if (e.blockType !== 'unannotated' || paired.has(e.index) || !isExampleRequest(e)) return;
    let response: number | undefined;
    for (const next of ordered.slice(i + 1)) {
      if (next.role === 'request') break;
      if (next.role === 'response' && next.blockType === 'unannotated') {
        response = next.index;
        break;
      }
    }
    // An unannotated request without a response is likely prose-level sample, not an example pair.
    if (response !== undefined) pairs.push({ name: e.name ?? `${page.stem}_example_${pairs.length + 1}`, request: e.index, response, by: 'order' });
  });
  return pairs.sort((a, b) => a.request - b.request);
}

export interface FixtureContext {
  readonly index: DocIndex;
  /** `$id` of the page's request-body schema, if any. */
  readonly requestSchemaRef?: string;
  readonly diagnostics: Diagnostic[];
}

/** The fixtures of one API page, in page order, with unique sanitized names. */
export function pageFixtures(page: DocPage, context: FixtureContext): Fixture[] {
  const byIndex = new Map<number, Example>();
  page.examples.forEach((e, i) => byIndex.set(e.index ?? i, e));
  const templates = page.requestTemplates.map(compileTemplate);
  const used = new Map<string, number>();
  const out: Fixture[] = [];
  for (const pair of fixturePairs(page, byIndex)) {
    const example = byIndex.get(pair.request);
    const request = example?.request;
    if (!example || !request) continue;
    const base = sanitizeName(pair.name || example.name || `${page.stem}_example`);
    const seen = (used.get(base.toLowerCase()) ?? 0) + 1;
    used.set(base.toLowerCase(), seen);
    const name = seen === 1 ? base : `${base}_${seen}`;
    const template = matchTemplate(request.method, request.path, templates);
    const hasBody = request.body.kind !== 'none';
    const requestLines = pointerLines(request.body);
    const fixture: Fixture = {
      name,
      page: `${page.version ?? NO_VERSION}/${page.stem}`,
      source: sourceOf(page.file, example.code.range),
      operation: {
        method: request.method.toUpperCase(),
        pathTemplate: template ? normalizePath(template.path) : normalizePath(request.path),
        documented: template !== undefined,
      },
      request: {
        method: request.method.toUpperCase(),
        url: request.target,
        ...(request.version ? { version: request.version } : {}),
        path: normalizePath(request.path),
        query: { ...request.query },
        headers: headerRecord(request.headers),
        body: request.body.kind === 'json' ? (request.body.json ?? null) : null,
        bodyText: request.body.text,
        ...(hasBody && context.requestSchemaRef ? { schemaRef: context.requestSchemaRef } : {}),
        source: sourceOf(page.file, request.startLine.range),
        ...(hasBody ? { bodySource: sourceOf(page.file, request.body.range) } : {}),
        ...(requestLines ? { lines: requestLines, ranges: pointerRanges(request.body) } : {}),
        ...(request.headerGap
          ? { unsendable: `a blank line at line ${request.headerGap.start.line} separates the headers from the request line, so they would be sent as the body (rule http-header-gap)` }
          : {}),
      },
    };
    const responseExample = pair.response === undefined ? undefined : byIndex.get(pair.response);
    const response = responseExample ? responseFixture(page, responseExample, context) : undefined;
    out.push(response ? { ...fixture, response } : fixture);
  }
  return out;
}

function responseFixture(page: DocPage, example: Example, context: FixtureContext): FixtureResponse | undefined {
  const response = example.response;
  if (!response || response.status === undefined) return undefined;
  const body = response.body;
  const hasBody = body.kind !== 'none';
  const annotated = example.odataType ? parseOdataType(example.odataType) : undefined;
  const valueArray = body.kind === 'json' && typeof body.json === 'object' && body.json !== null && Array.isArray((body.json as Record<string, unknown>).value);
  const sectionType = page.response?.type;
  const isCollection = example.isCollection === true || annotated?.collection === true || (sectionType?.collection === true && valueArray);
  let schemaRef: string | undefined;
  if (hasBody && annotated && !context.index.primitiveNamed(annotated.type, page.version)) {
    schemaRef = context.index.resourceNamed(annotated.type, page.version)?.id;
    if (!schemaRef) {
      const key = example.annotation?.keys.find((k) => k.key === '@odata.type');
      context.diagnostics.push(makeFinding(UNRESOLVED_RULE, 'warning', {
        message: `Unexpected response type \`${annotated.type}\`, expected a type defined by a resource page of ${page.version ?? 'the same version'}; fix the annotation's "@odata.type" or add the resource page to the inputs. The response is not checked against a schema.`,
        file: page.file,
        range: key?.range ?? example.annotation?.range ?? example.code.range,
        element: `example:${example.name ?? example.index}/@odata.type`,
        actual: annotated.type,
      }));
    }
  } else if (hasBody && sectionType && (sectionType.kind === 'named' || sectionType.kind === 'union')) {
    const resolved = sectionType.kind === 'named' ? resolveForSchema(context.index, sectionType, page) : undefined;
    if (resolved?.kind === 'object') schemaRef = resolved.id;
  }
  const lines = pointerLines(body);
  return {
    status: response.status,
    reason: response.reason,
    headers: headerRecord(response.headers),
    body: body.kind === 'json' ? (body.json ?? null) : null,
    bodyText: body.text,
    truncated: example.truncated === true,
    isCollection,
    ...(annotated ? { odataType: annotated.type } : {}),
    ...(schemaRef ? { schemaRef } : {}),
    source: sourceOf(page.file, response.startLine.range),
    ...(hasBody ? { bodySource: sourceOf(page.file, body.range) } : {}),
    ...(lines ? { lines, ranges: pointerRanges(body) } : {}),
  };
}
