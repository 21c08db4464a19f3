/**
 * The page's YAML front matter. An unclosed one is found before the Markdown parse, so it cannot swallow the page
 * up to the next `---`; the YAML is read with `yaml` told to stay silent (its warnings otherwise go to
 * process.emitWarning, i.e. stderr with no file name), and every error and warning is kept with its position in
 * the page for the front-matter rules.
 */
import { isCollection, isPair, parseAllDocuments, visit } from 'yaml';
import type { Alias, Document } from 'yaml';
import type { Range } from '../core/diagnostic.js';
import type { FrontMatter, FrontMatterIssue } from './model.js';
import type { LineIndex } from './positions.js';

const LINE_END = /\r\n|\r|\n/g;
/** An opening fence as micromark-extension-frontmatter takes it: `---` in column 1 of line 1, then blanks only. */
const OPEN = /^\uFEFF?---[ \t]*$/;
const CLOSE = /^---[ \t]*$/;
/**
 * A line that starts the page body rather than continuing YAML: a heading, a code fence, a table row, an HTML
 * comment. (`# x` is also a YAML comment, so a heading alone does not prove the front matter is unclosed.)
 */
const BODY_LINE = /^(?:#{1,6}[ \t]+\S|`{3,}|~{3,}|\||<!--)/;

interface Line {
  readonly start: number;
  /** End of the line's text, before its line ending. */
  readonly end: number;
}

/** An opening `---` whose front matter never closes, as offsets into the page. */
export interface UnclosedFrontMatter {
  /** The opening `---` line. */
  readonly fence: Line;
  /** The run of non-blank YAML-looking lines right below the fence (empty when there are none). */
  readonly head: Line;
}

/**
 * Finds a front matter that opens on line 1 and does not close: either no `---` line follows at all, or the next
 * `---` closes a block that is not YAML because the page body has started in it (a heading, fence, table or
 * comment line, with the YAML failing at or after that line). Returns undefined for no front matter and for a
 * closed one. Reads only the first lines of the page unless it opens with `---`.
 */
export function findUnclosedFrontMatter(text: string): UnclosedFrontMatter | undefined {
  const lines = splitLines(text, (line, index) => index > 0 && CLOSE.test(text.slice(line.start, line.end)), (line, index) => index === 0 && !OPEN.test(text.slice(line.start, line.end)));
  if (lines.length === 0 || !OPEN.test(text.slice(lines[0].start, lines[0].end))) return undefined;
  const last = lines[lines.length - 1];
  const closed = lines.length > 1 && CLOSE.test(text.slice(last.start, last.end));
  const block = closed ? lines.slice(1, -1) : lines.slice(1);
  if (closed) {
    const body = block.find((l) => BODY_LINE.test(text.slice(l.start, l.end)));
    if (!body || block.length === 0) return undefined;
    const valueStart = block[0].start;
    const value = text.slice(valueStart, block[block.length - 1].end);
    const firstError = yamlIssues(value).errors[0];
    if (!firstError || valueStart + firstError.start < body.start) return undefined;
  }
  let headEnd = 0;
  while (headEnd < block.length) {
    const lineText = text.slice(block[headEnd].start, block[headEnd].end);
    if (lineText.trim() === '' || BODY_LINE.test(lineText) || CLOSE.test(lineText)) break;
    headEnd++;
  }
  const head = headEnd === 0 ? { start: lines[0].end, end: lines[0].end } : { start: block[0].start, end: block[headEnd - 1].end };
  return { fence: lines[0], head };
}

/**
 * The page text with the unclosed front matter's fence and head lines replaced by spaces (line endings and
 * offsets kept), so the Markdown parser reads the rest as if the page had no front matter.
 */
export function blankUnclosed(text: string, unclosed: UnclosedFrontMatter): string {
  const end = Math.max(unclosed.fence.end, unclosed.head.end);
  return text.slice(0, unclosed.fence.start) + text.slice(unclosed.fence.start, end).replace(/[^\r\n]/g, ' ') + text.slice(end);
}

/** The front matter of an unclosed block: what its head lines say, and where its opening fence is. */
export function readUnclosedFrontMatter(text: string, unclosed: UnclosedFrontMatter, lines: LineIndex): FrontMatter {
  const { fence, head } = unclosed;
  const value = text.slice(head.start, head.end);
  const read = head.end > head.start ? readYaml(value, head.start, lines) : { data: {} };
  return {
    // Only the data: what is wrong with the head lines is beside the point until the block is closed.
    data: read.problem ? {} : read.data,
    range: lines.range(fence.start, Math.max(fence.end, head.end)),
    entries: head.end > head.start ? entriesOf(value, head.start, lines) : [],
    unclosed: lines.range(fence.start, fence.end),
  };
}

/**
 * Reads the front matter remark found, from the page text between its fences. `start` and `end` are the
 * offsets of the whole block (fences included). Never throws; never prints.
 */
export function readFrontMatter(text: string, start: number, end: number, lines: LineIndex): FrontMatter {
  const block = text.slice(start, end);
  const ends = [...block.matchAll(LINE_END)];
  const first = ends[0];
  const lastEnd = ends[ends.length - 1];
  const valueStart = first ? start + first.index + first[0].length : end;
  const valueEnd = lastEnd ? Math.max(valueStart, start + lastEnd.index) : valueStart;
  const value = text.slice(valueStart, valueEnd);
  const read = readYaml(value, valueStart, lines);
  return {
    data: read.data,
    range: lines.range(start, end),
    entries: entriesOf(value, valueStart, lines),
    ...(read.problem ? { problem: read.problem } : {}),
    ...(read.warnings && read.warnings.length > 0 ? { warnings: read.warnings } : {}),
  };
}

interface YamlRead {
  readonly data: Record<string, unknown>;
  readonly problem?: FrontMatterIssue;
  readonly warnings?: readonly FrontMatterIssue[];
}

function readYaml(value: string, valueStart: number, lines: LineIndex): YamlRead {
  const simple = simpleFrontMatter(value);
  if (simple) return { data: simple };
  const at = (from: number, to: number): Range => lines.range(valueStart + from, valueStart + Math.max(to, from + 1));
  const issues = yamlIssues(value);
  const warnings = issues.warnings.map((w) => ({ message: w.message, range: at(w.start, w.end) }));
  const error = issues.errors[0];
  if (error) return { data: {}, problem: { message: error.message, range: at(error.start, error.end) }, warnings };
  if (issues.data === undefined) return { data: {}, warnings };
  if (issues.data === null || typeof issues.data !== 'object' || Array.isArray(issues.data)) {
    const what = Array.isArray(issues.data) ? 'a list' : 'a single value';
    return { data: {}, problem: { message: `${what} instead of key: value lines`, range: at(0, value.trimEnd().length) }, warnings };
  }
  return { data: issues.data as Record<string, unknown>, warnings };
}

interface Issue {
  readonly message: string;
  readonly start: number;
  readonly end: number;
}

/**
 * Errors and warnings of `yaml` on one front matter, with offsets into `value`, and the value as JS when there
 * is no error (undefined for an empty document). `logLevel: 'silent'` keeps `yaml` from printing anything.
 */
function yamlIssues(value: string): { errors: Issue[]; warnings: Issue[]; data?: unknown } {
  try {
    const docs = parseAllDocuments(value, { logLevel: 'silent', prettyErrors: false });
    const doc = docs[0];
    if (doc === undefined) return { errors: [], warnings: [] };
    const errors = doc.errors.map((e) => ({ message: e.message, start: e.pos[0], end: e.pos[1] }));
    // A `...` line ends the YAML document; `yaml.parse` would quietly drop every key after it.
    const second = docs[1];
    if (second) errors.push({ message: 'a second YAML document after a "..." line (its keys are not read)', start: second.range[0], end: second.range[1] });
    // `yaml` places a missing closing quote where the text ends; the author needs the quote that opened it.
    visit(doc, {
      Scalar(_, scalar) {
        if ((scalar.type !== 'QUOTE_DOUBLE' && scalar.type !== 'QUOTE_SINGLE') || !scalar.range) return;
        const [from, to] = scalar.range;
        const index = errors.findIndex((e) => e.start === to && /closing .?quote/i.test(e.message));
        if (index !== -1) errors[index] = { ...errors[index], start: from, end: from + 1 };
      },
    });
    const warnings = doc.warnings.map((w) => ({ message: w.message, start: w.pos[0], end: w.pos[1] }));
    // `toJS` stringifies a key that is a list or mapping and says so only through process.emitWarning (silenced
    // above): find those keys here so they are not lost.
    visit(doc, {
      Pair(_, pair) {
        if (isPair(pair) && isCollection(pair.key) && pair.key.range) {
          warnings.push({ message: 'a list or mapping used as a key (it becomes the text of the key)', start: pair.key.range[0], end: pair.key.range[1] });
        }
      },
    });
    if (errors.length > 0) return { errors, warnings };
    if (doc.contents === null) return { errors, warnings };
    // An alias with no anchor before it makes toJS throw, without a position: find it first.
    const unresolved = aliasWhere(doc, (target) => target === undefined);
    if (unresolved) return { errors: [{ message: `an alias to no anchor set before it (*${unresolved.source})`, ...span(unresolved) }], warnings };
    // `key: &a [*a]` is a value that contains itself: no JSON (the page cache, the reports) can hold it.
    const circular = aliasWhere(doc, (target, path) => target !== undefined && path.includes(target));
    if (circular) return { errors: [{ message: `an alias inside its own anchor (*${circular.source} contains itself)`, ...span(circular) }], warnings };
    return { errors, warnings, data: doc.toJS({ maxAliasCount: 100 }) as unknown };
  } catch (error) {
    // A stack overflow on absurd nesting, or the alias-expansion guard: the YAML is not usable either way.
    const message = error instanceof Error ? error.message : String(error);
    return { errors: [{ message: `cannot be read (${message})`, start: 0, end: 0 }], warnings: [] };
  }
}

/** The first alias whose target (undefined when no anchor resolves it) and ancestors satisfy `test`. */
function aliasWhere(doc: Document.Parsed, test: (target: unknown, path: readonly unknown[]) => boolean): Alias | undefined {
  let found: Alias | undefined;
  visit(doc, {
    Alias(_, alias, path) {
      if (!test(alias.resolve(doc), path)) return undefined;
      found = alias;
      return visit.BREAK;
    },
  });
  return found;
}

function span(node: Alias): { start: number; end: number } {
  return { start: node.range?.[0] ?? 0, end: node.range?.[1] ?? 0 };
}

function entriesOf(value: string, valueStart: number, lines: LineIndex): FrontMatter['entries'][number][] {
  const entries: FrontMatter['entries'][number][] = [];
  let offset = 0;
  for (const line of value.split(/\r\n|\r|\n/)) {
    const m = /^([\w.-]+)\s*:\s*(.*)$/.exec(line);
    if (m) {
      entries.push({ key: m[1], value: m[2].trim().replace(/^["']|["']$/g, ''), range: lines.range(valueStart + offset, valueStart + offset + line.length) });
    }
    offset += line.length + (value.startsWith('\r\n', offset + line.length) ? 2 : 1);
  }
  return entries;
}

/**
 * Splits `text` into lines (any of CRLF, LF, CR ends a line, as in micromark), stopping after the line for which
 * `stopAfter` holds, or before any line for which `stopBefore` holds.
 */
function splitLines(text: string, stopAfter: (line: Line, index: number) => boolean, stopBefore: (line: Line, index: number) => boolean): Line[] {
  const out: Line[] = [];
  let start = 0;
  LINE_END.lastIndex = 0;
  for (;;) {
    const m = LINE_END.exec(text);
    const line = { start, end: m ? m.index : text.length };
    if (stopBefore(line, out.length)) break;
    out.push(line);
    if (stopAfter(line, out.length - 1) || !m) break;
    start = m.index + m[0].length;
  }
  LINE_END.lastIndex = 0;
  return out;
}

const SIMPLE_LINE = /^([A-Za-z_][\w.-]*):[ \t]+(?:"([^"\\]*)"|'([^']*)'|([A-Za-z_/][^#:"'{}[\],&*!|>%@`]*?|\d+(?:\/\d+)+))[ \t]*$/;
const YAML_KEYWORD = /^(?:true|false|null|~|y|n|yes|no|on|off)$/i;

/**
 * The front matter as `yaml` would read it, when every line is `key: value` with a plain or simply quoted string
 * value (what Graph pages use); undefined for anything else, which `yaml` then parses. `yaml.parse` costs about 7 %
 * of remark's own parse time per page (its lexer and composer are set up per call), so this is a profiled hot spot.
 */
export function simpleFrontMatter(value: string): Record<string, string> | undefined {
  const data: Record<string, string> = {};
  for (const line of value.split('\n')) {
    if (line === '') continue;
    const m = SIMPLE_LINE.exec(line);
    // `__proto__` would set the prototype here; `yaml` makes it an own key.
    if (!m || m[1] === '__proto__' || Object.hasOwn(data, m[1])) return undefined;
    const text = m[2] ?? m[3] ?? m[4];
    if (m[4] !== undefined && YAML_KEYWORD.test(text)) return undefined;
    data[m[1]] = text;
  }
  return data;
}
