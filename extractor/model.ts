/**
 * The DocModel: what the extractor knows about one Markdown page, with a source range on every element.
 * It is plain JSON (no mdast nodes, no class instances) so it can cross worker threads and be cached.
 */
import type { Diagnostic, Range } from '../core/diagnostic.js';

export type PageKind = 'api' | 'resource' | 'enum' | 'conceptual' | 'unknown';

/** Canonical Edm primitive names the type mapper understands. */
export type Primitive =
  | 'String' | 'Boolean' | 'Byte' | 'SByte' | 'Int16' | 'Int32' | 'Int64' | 'Single' | 'Double' | 'Decimal'
  | 'DateTimeOffset' | 'Date' | 'TimeOfDay' | 'Duration' | 'Guid' | 'Binary' | 'Stream' | 'Json' | 'Untyped';

/** A type as written in a table cell, an annotation or prose, and what it was read as. */
export interface TypeRef {
  /** The cell's text as written (Markdown source, trimmed). */
  readonly raw: string;
  /**
   * - `primitive`: an Edm primitive, in any spelling (`String`, `string`, `Edm.Int32`, `int`, `bool`…);
   * - `named`: a complex, entity or enum type by name (link, anchor, reference link, bare or qualified name);
   * - `union`: `A or B`;
   * - `empty`: an empty cell;
   * - `unknown`: free text that names no type.
   */
  readonly kind: 'primitive' | 'named' | 'union' | 'empty' | 'unknown';
  readonly collection: boolean;
  readonly primitive?: Primitive;
  /** Whether the primitive was written in a non-canonical spelling (`string`, `int`, `Edm.boolean`). */
  readonly nonCanonical?: boolean;
  /** Unqualified type name (`requestSchedule`). */
  readonly name?: string;
  /** Namespace when the name was qualified (`Microsoft.IGAELM.EC.FrontEnd.ExternalModel`). */
  readonly namespace?: string;
  /** Link target as written (`../resources/requestschedule.md`, `#x-values`, `/graph/api/resources/x`). */
  readonly href?: string;
  readonly alternatives?: readonly TypeRef[];
  /** Whether the type is only described as an enum (`String (enum)`, `x enum`). */
  readonly enumHint?: boolean;
}

export interface Cell {
  readonly text: string;
  /** Cell content as Markdown source (links kept), trimmed. */
  readonly raw: string;
  readonly range: Range;
}

export type TableRole =
  | 'permissions' | 'request-headers' | 'path-parameters' | 'query-parameters' | 'function-parameters'
  | 'request-body' | 'properties' | 'relationships' | 'enum-members' | 'methods' | 'response' | 'other';

export interface Table {
  readonly role: TableRole;
  /** Heading texts from the page title down to this table. */
  readonly section: readonly string[];
  readonly header: readonly Cell[];
  readonly rows: readonly (readonly Cell[])[];
  readonly range: Range;
  /** Source line of each row (header first) whose number of cells differs from the header's. */
  readonly raggedRows: readonly { readonly line: number; readonly cells: number; readonly range: Range }[];
  /** Whether the header row lacks a leading pipe. */
  readonly noLeadingPipe: boolean;
}

/** A row of a typed table (properties, relationships, request body, parameters). */
export interface PropertyRow {
  readonly name: string;
  readonly type: TypeRef;
  readonly description: string;
  /** From a Required column or the words "Required." / "Optional." in the description; undefined when silent. */
  readonly required?: boolean;
  readonly readOnly?: boolean;
  readonly nullable?: boolean;
  readonly range: Range;
  readonly nameRange: Range;
  readonly typeRange: Range;
  readonly table: number;
}

export interface EnumMember {
  readonly name: string;
  readonly value?: string;
  readonly description?: string;
  readonly range: Range;
}

export interface EnumDef {
  readonly name: string;
  readonly members: readonly EnumMember[];
  /**
   * Whether members combine into one value (`"a,b"`, a flags enum; CSDL `IsFlags="true"`), as the Value column shows:
   * `true` when the values are distinct powers of two (0 allowed for "none") and some value is 4 or more, `false` when
   * the values are numbers that are not, undefined when the table gives no numeric values.
   */
  readonly flags?: boolean;
  readonly range: Range;
  /** In-page anchor the heading produces (`x-values`). */
  readonly anchor?: string;
}

export interface Heading {
  readonly depth: number;
  readonly text: string;
  readonly range: Range;
  /** GitHub-style slug, used for in-page anchors. */
  readonly slug: string;
}

export interface Link {
  readonly url: string;
  readonly text: string;
  readonly range: Range;
  /** Whether the link is inside a table Type cell. */
  readonly inTypeCell?: boolean;
}

/** The parsed `<!-- { … } -->` comment before a code fence. */
export interface Annotation {
  readonly range: Range;
  readonly raw: string;
  /** The parsed object; `{}` when nothing could be parsed. */
  readonly data: Readonly<Record<string, unknown>>;
  /** `strict`: JSON.parse accepted it; `lenient`: only JSON5 did; `failed`: neither. */
  readonly parse: 'strict' | 'lenient' | 'failed';
  /** For `lenient` and `failed`: what was wrong and where (a position in the file). */
  readonly problem?: { readonly message: string; readonly range: Range };
  readonly blockType?: string;
  /** Example names; `name` may be a string or an array in the docs. */
  readonly names: readonly string[];
  /** Range of each key's text within the comment, for pointing at a misspelt key. */
  readonly keys: readonly { readonly key: string; readonly range: Range }[];
  /** Lines of prose between the comment and its fence. */
  readonly proseLinesBefore: number;
}

export interface Header {
  readonly name: string;
  readonly value: string;
  readonly range: Range;
}

export type BodyKind = 'none' | 'json' | 'invalid-json' | 'text';

export interface JsonProblem {
  readonly message: string;
  /** Where in the file the JSON parser gave up. */
  readonly range: Range;
  /** A guess at why, in words a doc author knows: `trailing comma`, `comment`, `ellipsis`, `smart quotes`… */
  readonly cause?: string;
  /** Set (to the limit) when the body nests deeper than the extractor reads; the JSON was not parsed, maybe valid. */
  readonly tooDeep?: number;
}

export interface Body {
  readonly kind: BodyKind;
  readonly text: string;
  readonly range: Range;
  readonly json?: unknown;
  readonly problem?: JsonProblem;
  /**
   * Source range of every JSON value in the body by JSON Pointer (`''` is the whole body, `/a/0/b` a nested value),
   * so a finding about a value can point at its line.
   */
  readonly pointers?: Readonly<Record<string, Range>>;
}

export interface RequestMessage {
  readonly kind: 'request';
  readonly method: string;
  /** The target as written on the request line. */
  readonly target: string;
  /** `https://graph.microsoft.com` when the URL was absolute. */
  readonly origin?: string;
  /** `v1.0`, `beta`, or undefined when the target carries no version. */
  readonly version?: string;
  /** The path below the version root, decoded of nothing, without query: `/users/{id}`. */
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly queryString: string;
  readonly startLine: { readonly text: string; readonly range: Range };
  readonly headers: readonly Header[];
  readonly body: Body;
  /**
   * A blank line between the start line and lines that are headers (`Content-type: application/json`): HTTP reads
   * them as the body, so the message has no headers and a body that is not what the author meant. Its range.
   */
  readonly headerGap?: Range;
}

export interface ResponseMessage {
  readonly kind: 'response';
  /** `HTTP/1.1`, or undefined when the line omits it (`HTTP 201 Created`). */
  readonly httpVersion?: string;
  readonly status?: number;
  readonly reason: string;
  readonly startLine: { readonly text: string; readonly range: Range };
  readonly headers: readonly Header[];
  readonly body: Body;
  /**
   * A blank line between the start line and lines that are headers (`Content-type: application/json`): HTTP reads
   * them as the body, so the message has no headers and a body that is not what the author meant. Its range.
   */
  readonly headerGap?: Range;
}

export interface CodeBlock {
  /** The fence's info string as written (`http`, ` http`, `HTTP`, `msgraph-interactive`, ``). */
  readonly lang: string;
  readonly value: string;
  readonly range: Range;
  /** Line of the first content line (the line after the opening fence). */
  readonly contentLine: number;
  /** Whether the fence ran to the end of the document without a closing fence. */
  readonly unclosed: boolean;
}

export interface Example {
  readonly index: number;
  /** `request`, `response`, `example`, `samples`, `ignored`, `resource`, or `unannotated` when there is no annotation. */
  readonly blockType: string;
  /** What the block holds, judged from its first line. */
  readonly role: 'request' | 'response' | 'other';
  readonly name?: string;
  readonly annotation?: Annotation;
  readonly code: CodeBlock;
  /** Heading texts above the block. */
  readonly section: readonly string[];
  readonly request?: RequestMessage;
  readonly response?: ResponseMessage;
  /** For response annotations. */
  readonly truncated?: boolean;
  readonly isCollection?: boolean;
  readonly isEmpty?: boolean;
  readonly expectError?: boolean;
  readonly odataType?: string;
  /** For JSON blocks (`resource` representations, `example` fragments): the parsed body. */
  readonly body?: Body;
}

export interface ExamplePair {
  readonly name: string;
  readonly request: number;
  readonly response?: number;
  /** `name`: the response annotation named it; `order`: the next response in page order. */
  readonly by: 'name' | 'order' | 'none';
}

/** One request line of the `## HTTP request` section. */
export interface RequestTemplate {
  readonly method: string;
  readonly target: string;
  /** The path template below the version root, without query: `/users/{id | userPrincipalName}/calendar`. */
  readonly path: string;
  readonly query: string;
  readonly version?: string;
  readonly origin?: string;
  /** `{id}`, `{id | userPrincipalName}`, `<address>`, in order of appearance. */
  readonly placeholders: readonly string[];
  readonly range: Range;
}

/** Something `yaml` said about the front matter, at its place in the page. */
export interface FrontMatterIssue {
  /** `yaml`'s own words (`Missing closing "quote`, `Unresolved tag: !x`), without a position. */
  readonly message: string;
  readonly range: Range;
}

export interface FrontMatter {
  readonly data: Readonly<Record<string, unknown>>;
  readonly range: Range;
  readonly entries: readonly { readonly key: string; readonly value: string; readonly range: Range }[];
  /** The first YAML error; `data` is then `{}`. */
  readonly problem?: FrontMatterIssue;
  /** YAML warnings (an unresolved tag, a list used as a key…): the YAML is read, perhaps not as meant. */
  readonly warnings?: readonly FrontMatterIssue[];
  /**
   * The opening `---` of a front matter that never closes. The page body was then parsed as if there were no
   * front matter; `data` and `entries` hold the `key: value` lines right below the fence.
   */
  readonly unclosed?: Range;
}

export interface ResponseSection {
  readonly range: Range;
  /** The status code the prose promises (`201 Created`), if any. */
  readonly status?: { readonly code: number; readonly text: string; readonly range: Range };
  /** The type the prose names (`an [x](../resources/x.md) object`), if any, and whether it is a collection. */
  readonly type?: TypeRef;
  readonly text: string;
}

export interface DocPage {
  /** Path as given, relative to the working directory, `/`-separated. */
  readonly file: string;
  readonly kind: PageKind;
  /** `v1.0`, `beta`, or undefined, from the path (`api-reference/<version>/…`) or the first example. */
  readonly version?: string;
  /** File name without `.md`. */
  readonly stem: string;
  readonly frontMatter?: FrontMatter;
  readonly title?: { readonly text: string; readonly range: Range };
  readonly namespace?: { readonly value: string; readonly range: Range };
  readonly headings: readonly Heading[];
  readonly tables: readonly Table[];
  readonly links: readonly Link[];
  readonly requestTemplates: readonly RequestTemplate[];
  /** Range of the `## HTTP request` heading(s). */
  readonly httpRequestSections: readonly Range[];
  readonly permissions: readonly { readonly type: string; readonly value: string; readonly range: Range }[];
  readonly requestHeaders: readonly PropertyRow[];
  readonly parameters: readonly PropertyRow[];
  readonly requestBody: readonly PropertyRow[];
  readonly response?: ResponseSection;
  readonly examples: readonly Example[];
  readonly pairs: readonly ExamplePair[];
  /** Resource pages. */
  readonly properties: readonly PropertyRow[];
  readonly relationships: readonly PropertyRow[];
  readonly enums: readonly EnumDef[];
  /** The page's resource type (annotation `@odata.type` of the JSON representation, or the title). */
  readonly resourceType?: {
    readonly name: string;
    readonly namespace?: string;
    readonly baseType?: string;
    readonly openType?: boolean;
    readonly keyProperty?: string;
    readonly range: Range;
  };
  readonly jsonRepresentation?: Example;
  /** Every JSON-looking HTML comment on the page, attached to a block or not (`#page.annotation` blocks too). */
  readonly annotations?: readonly Annotation[];
  /** Inherits-from text (`Inherits from [entity](entity.md)`), when present. */
  readonly inheritsFrom?: { readonly name: string; readonly href?: string; readonly range: Range };
  /** The whole source text, for rules that scan prose. */
  readonly source: string;
  /** Problems the extractor met on this page (annotations it could not read, unclosed fences…). */
  readonly diagnostics: readonly Diagnostic[];
}
