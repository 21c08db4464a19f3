/**
 * Builds a DocPage from one Markdown text: a single remark parse, then one pre-order walk over the tree that keeps
 * the heading stack, attaches each annotation to the fence it precedes, and reads tables, links and sections.
 */
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import remarkFrontmatter from 'remark-frontmatter';
import type { Diagnostic, Range } from '../core/diagnostic.js';
import type {
  Annotation, Body, CodeBlock, DocPage, EnumDef, Example, ExamplePair, FrontMatter, Heading, Link, PageKind,
  PropertyRow, RequestTemplate, ResponseSection, Table, TypeRef,
} from './model.js';
import { isJsonComment, parseAnnotation } from './annotation.js';
import { blankUnclosed, findUnclosedFrontMatter, readFrontMatter, readUnclosedFrontMatter } from './front-matter.js';
import { classifyHttp, fenceMapper, parseRequest, parseRequestLine, parseResponse, splitTarget } from './http-message.js';
import { parseJsonBody } from './json-body.js';
import { nodeText, slugify, type MdNode } from './mdast-text.js';
import { limitNesting } from './nesting.js';
import { LineIndex, normalizeLoneCr, toRange } from './positions.js';
import { buildTable, propertyName, propertyRows } from './tables.js';
import { parseTypeRef, typeNameFromHref } from './type-ref.js';

const processor = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml']).freeze();

/** Parses Markdown into mdast with positions (the one parse per page). */
export function parseMarkdown(text: string): MdNode {
  return processor.parse(text) as unknown as MdNode;
}

export interface ParseOptions {
  /** Build the JSON Pointer → range map of every example body (default true). */
  readonly pointers?: boolean;
}

const HTTP_REQUEST_HEADING = /^http requests?\b/i;
const MAX_PROSE_LINES = 3;

interface Pending {
  annotation: Annotation;
  endLine: number;
  headingsSince: number;
}

/** Builds the DocModel of one page. `file` is the path used in every diagnostic. Never throws on bad Markdown. */
export function parsePage(file: string, original: string, options: ParseOptions = {}): DocPage {
  // A lone CR ends a line for remark; as LF (same offsets) it does for every line split below too.
  const text = normalizeLoneCr(original);
  const withPointers = options.pointers ?? true;
  const lines = new LineIndex(text);
  // An unclosed front matter is blanked out before the parse, or remark would take the page up to the next `---` as YAML.
  const unclosedFrontMatter = findUnclosedFrontMatter(text);
  // Lines nested past MAX_MARKDOWN_NESTING are cut before the parse too (remark's time grows with the square of it).
  const nesting = limitNesting(file, unclosedFrontMatter ? blankUnclosed(text, unclosedFrontMatter) : text);
  const tree = parseMarkdown(nesting.text);
  const diagnostics: Diagnostic[] = [...nesting.diagnostics];
  const definitions = new Map<string, string>();
  collectDefinitions(tree, definitions);

  const headings: Heading[] = [];
  const stack: Heading[] = [];
  const tables: Table[] = [];
  const links: Link[] = [];
  const examples: Example[] = [];
  const templates: RequestTemplate[] = [];
  const httpRequestSections: Range[] = [];
  const annotations: Annotation[] = [];
  let frontMatter: FrontMatter | undefined = unclosedFrontMatter ? readUnclosedFrontMatter(text, unclosedFrontMatter, lines) : undefined;
  let title: DocPage['title'];
  let namespace: DocPage['namespace'];
  let inheritsFrom: DocPage['inheritsFrom'];
  let pending: Pending | undefined;
  let responseHeading: Heading | undefined;
  const responseNodes: MdNode[] = [];

  const section = () => stack.map((h) => h.text);
  const inResponseSection = () => responseHeading !== undefined && stack.includes(responseHeading);
  const inHttpRequestSection = () => stack.some((h) => HTTP_REQUEST_HEADING.test(h.text));

  const flushPending = () => {
    if (pending) {
      diagnostics.push({
        ruleId: 'extract/annotation-orphan',
        severity: 'warning',
        message: `Unexpected annotation${pending.annotation.blockType ? ` (blockType "${pending.annotation.blockType}")` : ''} with no code block after it, expected a fenced block right below it: move the comment above its block or remove it`,
        file,
        range: pending.annotation.range,
        element: `annotation:${pending.annotation.names[0] ?? pending.annotation.blockType ?? ''}`,
      });
    }
    pending = undefined;
  };

  const visit = (node: MdNode): void => {
    switch (node.type) {
      case 'yaml':
        frontMatter = readFrontMatter(text, node.position?.start.offset ?? 0, node.position?.end.offset ?? 0, lines);
        return;
      case 'heading': {
        // `# [HTTP](#tab/http)` marks a snippet tab, not a section: it must not close the section it sits in.
        if (isTabMarker(node)) return;
        const depth = Number(node.depth ?? 1);
        const textOf = nodeText(node).replace(/\s+/g, ' ').trim();
        const heading: Heading = { depth, text: textOf, range: toRange(node.position), slug: slugify(textOf) };
        while (stack.length > 0 && stack[stack.length - 1].depth >= depth) stack.pop();
        stack.push(heading);
        headings.push(heading);
        if (depth === 1 && !title) title = { text: textOf, range: heading.range };
        if (!responseHeading && depth <= 2 && /^responses?$/i.test(textOf)) responseHeading = heading;
        if (HTTP_REQUEST_HEADING.test(textOf)) httpRequestSections.push(heading.range);
        if (pending) pending.headingsSince++;
        if (pending && pending.headingsSince > 0 && !/^(request|response)s?$/i.test(textOf)) flushPending();
        return;
      }
      case 'html': {
        const value = String(node.value ?? '');
        if (!isJsonComment(value)) return;
        const annotation = parseAnnotation(value, node.position?.start.offset ?? 0, lines);
        annotations.push(annotation);
        // A blockType that is not a string (`5`, `["request"]`) still marks a block: annotation-value-type reports it.
        const looksLikeBlock = Object.hasOwn(annotation.data, 'blockType') || (annotation.parse === 'failed' && /blockType/.test(value));
        if (looksLikeBlock) {
          flushPending();
          pending = { annotation, endLine: node.position?.end.line ?? 0, headingsSince: 0 };
        }
        return;
      }
      case 'code':
        handleCode(node);
        return;
      case 'table': {
        const table = buildTable(node, section(), lines, 'unknown');
        tables.push(table);
        for (const child of node.children ?? []) walkInline(child);
        return;
      }
      case 'paragraph': {
        const textOf = nodeText(node).trim();
        if (!namespace) {
          const ns = /^Namespace:\s*([\w.]+)/i.exec(textOf);
          if (ns) namespace = { value: ns[1], range: toRange(node.position) };
        }
        if (!inheritsFrom) {
          const inh = /Inherits from\s+\**\[?([\w.]+)/i.exec(textOf);
          const link = inh ? findFirst(node, 'link') : undefined;
          // Without a link, only a name that ends the phrase is a type ("Inherits from directoryObject."), not the
          // first word of prose ("inherits from base policy type").
          const bare = inh !== null && !link && /^\.?\s+[a-z]/.test(textOf.slice(inh.index + inh[0].length));
          if (inh && !bare) {
            // `Inherits from directoryObject.`: the sentence's full stop is not part of the name.
            inheritsFrom = { name: inh[1].replace(/\.+$/, ''), ...(link?.url ? { href: String(link.url) } : {}), range: toRange(node.position) };
          }
        }
        if (inResponseSection()) responseNodes.push(node);
        walkInline(node);
        return;
      }
      default:
        if (inResponseSection() && (node.type === 'list' || node.type === 'blockquote')) responseNodes.push(node);
        for (const child of node.children ?? []) visit(child);
    }
  };

  const walkInline = (node: MdNode): void => {
    if (node.type === 'link' || node.type === 'linkReference') {
      const url = node.type === 'link' ? String(node.url ?? '') : definitions.get(String(node.identifier ?? '').toLowerCase());
      if (url !== undefined) links.push({ url, text: nodeText(node).trim(), range: toRange(node.position) });
    }
    for (const child of node.children ?? []) walkInline(child);
  };

  const handleCode = (node: MdNode): void => {
    const range = toRange(node.position);
    const value = String(node.value ?? '');
    const lang = String(node.lang ?? '') + (node.meta ? ` ${String(node.meta)}` : '');
    const rawOpening = lines.lineText(range.start.line).trimStart();
    const fenceChars = /^(?:>\s*)*(`{3,}|~{3,})/.exec(rawOpening)?.[1];
    const lastLine = lines.lineText(range.end.line).trim().replace(/^(?:>\s*)*/, '');
    const unclosed = fenceChars !== undefined && (range.end.line === range.start.line || !lastLine.startsWith(fenceChars[0].repeat(fenceChars.length)));
    const code: CodeBlock = { lang, value, range, contentLine: range.start.line + 1, unclosed };
    if (unclosed) {
      diagnostics.push({
        ruleId: 'extract/fence-unclosed',
        severity: 'error',
        message: 'Unexpected end of file inside a code block, expected a closing fence: close the block with the same fence that opened it',
        file, range: { start: range.start, end: lines.lineRange(range.start.line).end }, element: `fence:${range.start.line}`,
      });
    }
    let annotation: Annotation | undefined;
    if (pending) {
      const between = countProseLines(lines, pending.endLine + 1, range.start.line - 1);
      if (between <= MAX_PROSE_LINES) {
        annotation = { ...pending.annotation, proseLinesBefore: between };
        pending = undefined;
      } else {
        flushPending();
      }
    }
    if (!fenceChars) {
      // An indented code block: only an annotation makes it an example.
      if (!annotation) return;
    }
    if (inHttpRequestSection()) {
      // The section's blocks are templates. A block annotated as a request there (drive-get.md and others put
      // their examples under `### HTTP request`) is both a template and an example.
      readTemplates(code, lines, templates);
      if (annotation?.blockType !== 'request') return;
    }
    if (!annotation && !/^(http|msgraph-interactive|)$/i.test(lang.trim())) return;
    const role = classifyHttp(value);
    if (!annotation && role === 'other') return;
    const map = fenceMapper(value, code.contentLine, lines);
    const blockType = annotation?.blockType ?? (annotation ? 'unknown' : 'unannotated');
    const data = annotation?.data ?? {};
    const example: Example = {
      index: examples.length,
      blockType,
      role,
      ...(annotation?.names[0] ? { name: annotation.names[0] } : {}),
      ...(annotation ? { annotation } : {}),
      code,
      section: section(),
      ...(role === 'request' ? optional('request', parseRequest(value, map, withPointers)) : {}),
      ...(role === 'response' ? optional('response', parseResponse(value, map, withPointers)) : {}),
      ...(role === 'other' && fenceChars ? { body: jsonBlockBody(value, map, withPointers) } : {}),
      ...flag('truncated', data.truncated),
      ...flag('isCollection', data.isCollection),
      ...flag('isEmpty', data.isEmpty),
      ...flag('expectError', data.expectError),
      ...(typeof data['@odata.type'] === 'string' ? { odataType: data['@odata.type'] } : typeof data['@type'] === 'string' ? { odataType: data['@type'] } : {}),
    };
    examples.push(example);
  };

  for (const child of tree.children ?? []) visit(child);
  flushPending();

  const kind = pageKind(file, frontMatter);
  const typedTables = tables.map((t) => (t.role === 'other' || t.role === 'request-body' || t.role === 'properties' ? { ...t, role: retype(t, kind) } : t));
  const rowsOf = (...roles: Table['role'][]): PropertyRow[] =>
    typedTables.flatMap((t, i) => (roles.includes(t.role) ? propertyRows(t, i, definitions) : []));
  const typeCells = typedTables.flatMap((t) => {
    const col = t.header.findIndex((h) => h.text.trim().toLowerCase() === 'type');
    return col === -1 ? [] : t.rows.map((r) => r[col]?.range).filter((r): r is Range => r !== undefined);
  });
  const markedLinks = links.map((l) => (typeCells.some((r) => within(l.range, r)) ? { ...l, inTypeCell: true } : l));

  const jsonRepresentation = examples.find((e) => e.blockType === 'resource');
  const version = versionOf(file) ?? examples.find((e) => e.request?.version)?.request?.version;
  const stem = (file.split('/').pop() ?? file).replace(/\.md$/i, '');
  const page: DocPage = {
    file,
    kind,
    ...(version ? { version } : {}),
    stem,
    ...(frontMatter ? { frontMatter } : {}),
    ...(title ? { title } : {}),
    ...(namespace ? { namespace } : {}),
    headings,
    tables: typedTables,
    links: markedLinks,
    requestTemplates: templates,
    httpRequestSections,
    permissions: typedTables.filter((t) => t.role === 'permissions').flatMap((t) =>
      t.rows.map((r) => ({ type: r[0]?.text ?? '', value: r[1]?.text ?? '', range: { start: r[0]?.range.start ?? t.range.start, end: r[r.length - 1]?.range.end ?? t.range.end } }))),
    requestHeaders: rowsOf('request-headers'),
    parameters: rowsOf('path-parameters', 'query-parameters', 'function-parameters'),
    requestBody: rowsOf('request-body'),
    ...optional('response', responseHeading ? readResponseSection(responseHeading, responseNodes, definitions) : undefined),
    examples,
    pairs: pairExamples(examples, stem),
    properties: rowsOf('properties'),
    relationships: rowsOf('relationships'),
    enums: readEnums(typedTables, title?.text, kind),
    ...optional('resourceType', resourceTypeOf(jsonRepresentation, title, namespace, kind)),
    ...optional('jsonRepresentation', jsonRepresentation),
    ...optional('inheritsFrom', inheritsFrom),
    annotations,
    source: text,
    diagnostics,
  };
  return page;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function flag<K extends string>(key: K, value: unknown): { [P in K]?: boolean } {
  if (value === true || value === 'true') return { [key]: true } as { [P in K]?: boolean };
  if (value === false || value === 'false') return { [key]: false } as { [P in K]?: boolean };
  return {};
}

function within(inner: Range, outer: Range): boolean {
  return inner.start.offset >= outer.start.offset && inner.end.offset <= outer.end.offset;
}

function collectDefinitions(node: MdNode, out: Map<string, string>): void {
  if (node.type === 'definition') out.set(String(node.identifier ?? '').toLowerCase(), String(node.url ?? ''));
  for (const child of node.children ?? []) collectDefinitions(child, out);
}

function isTabMarker(heading: MdNode): boolean {
  const children = (heading.children ?? []).filter((c) => !(c.type === 'text' && String(c.value ?? '').trim() === ''));
  return children.length === 1 && children[0].type === 'link' && /^#tab\//.test(String(children[0].url ?? ''));
}

function findFirst(node: MdNode, type: string): MdNode | undefined {
  if (node.type === type) return node;
  for (const child of node.children ?? []) {
    const found = findFirst(child, type);
    if (found) return found;
  }
  return undefined;
}

function countProseLines(lines: LineIndex, from: number, to: number): number {
  let n = 0;
  for (let line = from; line <= to; line++) if (lines.lineText(line).trim() !== '') n++;
  return n;
}

function pageKind(file: string, frontMatter: FrontMatter | undefined): PageKind {
  const docType = String(frontMatter?.data.doc_type ?? '').toLowerCase();
  if (docType.startsWith('apipagetype')) return 'api';
  if (docType.startsWith('resourcepagetype')) return 'resource';
  if (docType.startsWith('enum')) return 'enum';
  if (docType.startsWith('conceptual')) return 'conceptual';
  if (/(^|\/)api\//.test(file)) return 'api';
  if (/(^|\/)resources\//.test(file)) return 'resource';
  return 'unknown';
}

function retype(table: Table, kind: PageKind): Table['role'] {
  if (table.role !== 'other') {
    if (table.role === 'properties' && kind === 'api' && table.section.some((s) => /request body/i.test(s))) return 'request-body';
    return table.role;
  }
  const hasType = table.header.some((h) => h.text.trim().toLowerCase() === 'type');
  if (!hasType) return 'other';
  const sectionText = table.section.join(' / ').toLowerCase();
  if (kind === 'api' && /request body/.test(sectionText)) return 'request-body';
  if (kind !== 'api' && /propert/.test(sectionText)) return 'properties';
  return 'other';
}

function versionOf(file: string): string | undefined {
  return /(?:^|\/)(v1\.0|beta)\//.exec(file)?.[1];
}

function readTemplates(code: CodeBlock, lines: LineIndex, out: RequestTemplate[]): void {
  code.value.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    const parsed = parseRequestLine(line);
    if (!parsed) return;
    const { origin, version, path, queryString } = splitTarget(parsed.target);
    const fileLine = code.contentLine + i;
    const full = lines.lineRange(fileLine);
    const lead = lines.lineText(fileLine).length - lines.lineText(fileLine).trimStart().length;
    const placeholders = [...path.matchAll(/\{[^}]*\}|<[^>]*>/g)].map((m) => m[0]);
    out.push({
      method: parsed.method,
      target: parsed.target,
      path,
      query: queryString,
      ...(version ? { version } : {}),
      ...(origin ? { origin } : {}),
      placeholders,
      range: lines.range(full.start.offset + lead, full.end.offset),
    });
  });
}

function jsonBlockBody(value: string, map: ReturnType<typeof fenceMapper>, withPointers: boolean): Body {
  const text = value.trim();
  const lead = value.length - value.trimStart().length;
  const range = map(lead, lead + text.length);
  if (text === '') return { kind: 'none', text, range };
  if (!/^[{[]/.test(text)) return { kind: 'text', text, range };
  const shifted = (s: number, e: number) => map(lead + s, lead + e);
  const parsed = parseJsonBody(text, shifted, withPointers);
  return parsed.ok
    ? { kind: 'json', text, range, json: parsed.value, ...(parsed.pointers ? { pointers: parsed.pointers } : {}) }
    : { kind: 'invalid-json', text, range, ...(parsed.problem ? { problem: parsed.problem } : {}) };
}

/** Pairs each request with its response: by the response annotation's name, else the next response in page order. */
export function pairExamples(examples: readonly Example[], stem: string): ExamplePair[] {
  const isRequest = (e: Example) => e.role === 'request' && (e.blockType === 'request' || e.blockType === 'unannotated');
  const isResponse = (e: Example) => e.role === 'response' && (e.blockType === 'response' || e.blockType === 'unannotated');
  const pairs: { name: string; request: number; response?: number; by: ExamplePair['by'] }[] = [];
  let unnamed = 0;
  for (const e of examples) {
    if (isRequest(e)) {
      pairs.push({ name: e.name ?? `${stem}_example_${++unnamed}`, request: e.index, by: 'none' });
      continue;
    }
    if (!isResponse(e)) continue;
    const named = e.annotation?.names.find((n) => pairs.some((p) => p.name === n && p.response === undefined));
    let target = named ? pairs.find((p) => p.name === named && p.response === undefined) : undefined;
    // Page order: the latest request before this response, if it has no response yet (a second response to
    // the same request stays unpaired, for the checks to report).
    const latest = pairs[pairs.length - 1];
    if (!target && latest?.response === undefined) target = latest;
    if (target) {
      target.response = e.index;
      target.by = named ? 'name' : 'order';
    }
  }
  return pairs;
}

const STATUS_IN_PROSE = /\b([1-5]\d\d)(?:\s+([A-Z][A-Za-z-]*(?:\s+[A-Z][A-Za-z-]*)?))?/;

function readResponseSection(heading: Heading, nodes: readonly MdNode[], definitions: Map<string, string>): ResponseSection {
  const end = nodes.length > 0 ? toRange(nodes[nodes.length - 1].position).end : heading.range.end;
  const text = nodes.map((n) => nodeText(n)).join('\n').trim();
  let status: ResponseSection['status'];
  let type: TypeRef | undefined;
  const scan = (node: MdNode): void => {
    if (!status && node.type === 'inlineCode') {
      const m = STATUS_IN_PROSE.exec(String(node.value ?? ''));
      if (m) status = { code: Number(m[1]), text: String(node.value).trim(), range: toRange(node.position) };
    }
    if (!type && (node.type === 'link' || node.type === 'linkReference')) {
      const href = node.type === 'link' ? String(node.url ?? '') : definitions.get(String(node.identifier ?? '').toLowerCase()) ?? '';
      if (/resources\/|^[\w-]+\.md/i.test(href) && !/#/.test(href.split('/').pop() ?? '')) {
        const label = nodeText(node).trim();
        const name = /^[A-Za-z_][\w.]*$/.test(label) ? label : typeNameFromHref(href);
        if (name) {
          const ref = parseTypeRef(`[${name}](${href})`);
          type = ref;
        }
      }
    }
    for (const child of node.children ?? []) scan(child);
  };
  for (const n of nodes) scan(n);
  if (!status) {
    for (const n of nodes) {
      const m = /\b([1-5]\d\d)\s+([A-Z][A-Za-z]+(?: [A-Z][A-Za-z]+)?)\b/.exec(nodeText(n));
      if (m) {
        status = { code: Number(m[1]), text: `${m[1]} ${m[2]}`, range: toRange(n.position) };
        break;
      }
    }
  }
  if (type && /\bcollection\b/i.test(text)) type = { ...type, collection: true };
  return { range: { start: heading.range.start, end }, ...(status ? { status } : {}), ...(type ? { type } : {}), text };
}

/**
 * Whether an enum's member values make it a flags enum: all distinct, each 0 or a power of two, one of them 4 or more
 * (0, 1, 2 is as likely a plain enum). Undefined when the values are missing or not all integers.
 */
function flagsByValues(values: readonly (string | undefined)[]): boolean | undefined {
  if (values.length < 2 || values.some((v) => v === undefined || !/^\s*\d+\s*$/.test(v))) return undefined;
  const numbers = values.map((v) => Number(v));
  const distinct = new Set(numbers).size === numbers.length;
  const powers = numbers.every((n) => n === 0 || (Number.isSafeInteger(n) && (n & (n - 1)) === 0));
  return distinct && powers && numbers.some((n) => n >= 4);
}

function readEnums(tables: readonly Table[], titleText: string | undefined, kind: PageKind): EnumDef[] {
  const out: EnumDef[] = [];
  for (const table of tables) {
    if (table.role !== 'enum-members') continue;
    const heading = table.section[table.section.length - 1] ?? '';
    let name = /^`?(\w[\w.]*)`?\s+(?:enum\s+)?values?$/i.exec(heading.trim())?.[1];
    if (!name && kind === 'enum' && titleText) name = /^(\w+)/.exec(titleText)?.[1];
    if (!name && /^(\w+) enum/i.test(heading)) name = /^(\w+)/.exec(heading)?.[1];
    if (!name) continue;
    const h = table.header.map((c) => c.text.replace(/[*`]/g, '').trim().toLowerCase());
    const valueCol = h.indexOf('value');
    const descCol = h.findIndex((x) => x.startsWith('description'));
    const nameCol = h[0] === 'value' && valueCol === 0 ? 0 : 0;
    const members = table.rows.flatMap((r) => {
      const memberName = propertyName(r[nameCol]?.text ?? '');
      if (!memberName) return [];
      const value = valueCol > 0 ? r[valueCol]?.text : undefined;
      const description = descCol >= 0 ? r[descCol]?.text : undefined;
      return [{ name: memberName, ...(value ? { value } : {}), ...(description ? { description } : {}), range: { start: r[0].range.start, end: r[r.length - 1].range.end } }];
    });
    const flags = flagsByValues(members.map((m) => m.value));
    out.push({ name, members, range: table.range, anchor: slugify(heading), ...(flags !== undefined && { flags }) });
  }
  return out;
}

function resourceTypeOf(json: Example | undefined, title: DocPage['title'], namespace: DocPage['namespace'], kind: PageKind): DocPage['resourceType'] {
  const data = json?.annotation?.data ?? {};
  const odata = typeof data['@odata.type'] === 'string' ? data['@odata.type'] : typeof data['@type'] === 'string' ? data['@type'] : undefined;
  const extra = {
    ...(typeof data.baseType === 'string' ? { baseType: data.baseType } : {}),
    ...(data.openType === true || data.openType === 'true' ? { openType: true } : {}),
    ...(typeof data.keyProperty === 'string' ? { keyProperty: data.keyProperty } : {}),
  };
  if (odata && json?.annotation) {
    const clean = odata.replace(/^#/, '');
    const dot = clean.lastIndexOf('.');
    return { name: dot === -1 ? clean : clean.slice(dot + 1), ...(dot === -1 ? {} : { namespace: clean.slice(0, dot) }), ...extra, range: json.annotation.range };
  }
  if (kind !== 'resource' || !title) return undefined;
  const m = /^([\w.]+)\s+(?:resource|complex|entity)(?:\s+type)?\b/i.exec(title.text);
  if (!m) return undefined;
  const dot = m[1].lastIndexOf('.');
  const name = dot === -1 ? m[1] : m[1].slice(dot + 1);
  const ns = dot === -1 ? namespace?.value : m[1].slice(0, dot);
  return { name, ...(ns ? { namespace: ns } : {}), ...extra, range: title.range };
}
