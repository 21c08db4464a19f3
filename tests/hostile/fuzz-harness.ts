/**
 * The fuzz harness shared by `tests/hostile/fuzz.test.ts` (a few fixed-seed cases in `npm test`) and
 * `npm run fuzz` (many cases): pages made by mutating real Graph pages (bytes, lines, and Graph-aware tokens —
 * annotations, fences, tables, JSON bodies, front matter, line endings, names), run in one batch through
 * `docpact check`, `extract`, `openapi` and `replay --no-jest` against the embedded mock, in-process through the
 * CLI's `main(argv)` so that its own error handling is what is tested, and judged by the promises of the README:
 * exit 0 or 1, no stack trace, no internal-error finding, nothing written outside `out/`, every page reported.
 *
 * A generated page is plain data (a seed index and a list of mutations), so fast-check can shrink it and a failure
 * can be saved and replayed; the text is made from it by {@link renderPage}.
 */
import fc from 'fast-check';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../cli/main.js';

const PROJECT = fileURLToPath(new URL('../../', import.meta.url));
/** The real corpus beside the checkout, else the project's own docs/. */
export const CORPUS_ROOTS = [join(PROJECT, '..', 'shared', 'corpus', 'graph-docs'), '/work/shared/corpus/graph-docs', join(PROJECT, 'docs')];

/** A page to start from: its path below the corpus root (kept, so version and page kind are the same) and its bytes as latin1 text. */
export interface SeedPage {
  readonly path: string;
  readonly text: string;
}

/**
 * One mutation. Positions are plain naturals taken modulo what they index, so any value is valid on any page and
 * shrinking toward 0 stays meaningful. Texts are latin1 strings (one char per byte), so byte mutations are exact.
 */
export type Mutation =
  | { readonly kind: 'byte-set'; readonly at: number; readonly byte: number }
  | { readonly kind: 'byte-insert'; readonly at: number; readonly bytes: readonly number[] }
  | { readonly kind: 'byte-delete'; readonly at: number; readonly length: number }
  | { readonly kind: 'line-drop'; readonly at: number; readonly count: number }
  | { readonly kind: 'line-duplicate'; readonly at: number; readonly times: number }
  | { readonly kind: 'line-swap'; readonly a: number; readonly b: number }
  | { readonly kind: 'line-truncate'; readonly at: number; readonly keep: number }
  | { readonly kind: 'page-truncate'; readonly at: number }
  | { readonly kind: 'eol'; readonly style: 'crlf' | 'cr' | 'lf' | 'mixed'; readonly from: number; readonly to: number }
  | { readonly kind: 'annotation'; readonly at: number; readonly body: string }
  | { readonly kind: 'annotation-insert'; readonly at: number; readonly body: string }
  | { readonly kind: 'fence'; readonly at: number; readonly op: 'drop-open' | 'drop-close' | 'retag' | 'unclosed' | 'tilde' | 'indent'; readonly tag: string }
  | { readonly kind: 'table'; readonly at: number; readonly op: 'drop-cell' | 'add-cells' | 'drop-delimiter' | 'bare-pipes'; readonly cells: number }
  | { readonly kind: 'json'; readonly at: number; readonly op: 'nest' | 'break' | 'replace'; readonly depth: number; readonly text: string }
  | { readonly kind: 'front-matter'; readonly op: 'unclose' | 'invalid' | 'drop' | 'empty' | 'bom'; readonly text: string }
  | { readonly kind: 'name'; readonly at: number; readonly field: 'name' | '@odata.type' | 'Namespace' | 'request-path' | 'heading'; readonly value: string }
  | { readonly kind: 'http'; readonly at: number; readonly part: 'method' | 'url' | 'header' | 'status' | 'type-cell'; readonly value: string };

/** A generated page: which seed page, and the mutations applied to it in order. */
export interface GenPage {
  readonly seed: number;
  readonly mutations: readonly Mutation[];
}

/** Loads the seed pages (sorted, so a seed index means the same page on every machine with the same corpus). */
export async function loadSeedPages(): Promise<{ root: string; pages: SeedPage[] }> {
  const root = CORPUS_ROOTS.find((r) => existsSync(r))!;
  const files: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile() && entry.name.endsWith('.md')) files.push(full);
    }
  };
  await walk(root);
  files.sort();
  const pages = await Promise.all(files.map(async (f) => ({ path: relative(root, f).split(sep).join('/'), text: (await readFile(f)).toString('latin1') })));
  return { root, pages };
}

// ── generators ───────────────────────────────────────────────────────────────────────────────────────────────

/** UTF-8 text as the latin1 string of its bytes. */
const bytes = (s: string): string => Buffer.from(s, 'utf8').toString('latin1');

const longName = fc.integer({ min: 200, max: 1200 }).map((n) => 'n'.repeat(n));
const hostileName = fc.oneof(
  fc.constantFrom('..', '../../../../../escaped', '/etc/passwd', 'a/b/c', 'C:\\x\\y', 'CON', 'aux', 'nul.json', '.', '', ' ', 'a\u0000b', 'é✓中', '%2e%2e%2f', '{id}', '$value'),
  longName,
  fc.string({ maxLength: 20 }),
);
const odataType = fc.oneof(
  fc.constantFrom('microsoft.graph/../../../../../escaped.thing', '#microsoft.graph.user', 'microsoft.graph.', '.', '#', '../x', '/abs/type', 'Collection(microsoft.graph.user)', 'Edm.String'),
  longName.map((n) => `microsoft.graph.${n}`),
  hostileName,
);
const jsonScalar = fc.oneof(
  fc.constantFrom('null', 'true', '1e999', '-0', '"Boolean"', '"String"', '""', '[]', '{}', '"\\u0000"', '12345678901234567890123'),
  fc.string({ maxLength: 12 }).map((s) => JSON.stringify(s)),
);
const annotationKey = fc.constantFrom('blockType', 'name', '@odata.type', 'truncated', 'isCollection', 'expectError', 'scopes', 'isComposable', 'tocPath', '__proto__', 'constructor', 'toString', 'hasOwnProperty', '', ' blockType', 'BlockType');
const annotationValue = fc.oneof(
  fc.constantFrom('"request"', '"response"', '"resource"', '"example"', '"ignored"', '"Request"', '"sample"'),
  jsonScalar,
  hostileName.map((s) => JSON.stringify(s)),
  odataType.map((s) => JSON.stringify(s)),
  fc.constantFrom('["request"]', '{"blockType":"request"}', '{"__proto__":{"x":1}}'),
);
const annotationBody = fc.oneof(
  // A well-formed object with odd keys and values.
  fc.array(fc.tuple(annotationKey, annotationValue), { minLength: 0, maxLength: 5 }).map((pairs) => `{ ${pairs.map(([k, v]) => `${JSON.stringify(k)}: ${v}`).join(', ')} }`),
  // Broken JSON: a well-formed body cut short, or with trailing commas, single quotes, comments.
  fc.tuple(fc.array(fc.tuple(annotationKey, annotationValue), { minLength: 1, maxLength: 4 }), fc.constantFrom('cut', 'comma', 'quotes', 'comment', 'nested-comment', 'no-braces'), fc.nat()).map(([pairs, how, n]) => {
    const ok = `{ ${pairs.map(([k, v]) => `${JSON.stringify(k)}: ${v}`).join(', ')} }`;
    switch (how) {
      case 'cut':
        return ok.slice(0, n % ok.length);
      case 'comma':
        return ok.replace(/ }$/, ', }');
      case 'quotes':
        return ok.replace(/"/g, "'");
      case 'comment':
        return `${ok} // note`;
      case 'nested-comment':
        return `${ok} <!-- inner -->`;
      default:
        return ok.slice(1, -1);
    }
  }),
);
const tag = fc.constantFrom('http', 'HTTP', 'json', '', 'http title="x"', 'javascript', 'http\u00a0', '```', 'http {');
const jsonBreak = fc.constantFrom('', '{', '}', '[', ']', ',', '"', ':', '/* c */', '\\', 'NaN', '\u0000', '"@odata.type": "microsoft.graph/../../../../../escaped.thing"');
const yamlBad = fc.constantFrom('title: [unclosed', 'title: "unterminated', '\ttabbed: x', ': : :', 'a: 1\na: 2', 'x: *nope', 'key: &a [*a]', '- list\nkey: map', 'title: {{x}}', '%YAML 9.9', '---', '...', '? complex\n: key', `title: ${'x'.repeat(3000)}`);

const positions = fc.nat({ max: 1_000_000 });

/** Values for the HTTP parts of an example and the Type cells of tables. */
const httpValue = fc.oneof(
  fc.constantFrom(
    'FOO', 'get', 'CONNECT', 'TRACE', 'OPTIONS', '',
    'https://evil.example/v1.0/users', 'https://graph.microsoft.com/beta/../../../etc/passwd', 'https://graph.microsoft.com/v1.0/users?$filter=a%zz', '/v1.0/users/{id}/{id}/{', 'https://graph.microsoft.com/v9/x', 'http://[::1]:0/', 'https://graph.microsoft.com/beta/$batch', `https://graph.microsoft.com/beta/${'x/'.repeat(500)}`,
    'Content-Length: -1', 'Content-Length: 99999999999999999999', 'Content-Type: multipart/form-data; boundary=', 'Content-Type: application/json; charset=ebcdic', 'NoColonHeader', ': empty-name', 'Prefer: respond-async, wait=-1', 'Location: ../../x', 'Retry-After: 99999999',
    'HTTP/1.1 999 Weird', 'HTTP/1.1 abc OK', 'HTTP/1.1', 'HTTP/2 204', 'HTTP/1.1 100 Continue', 'HTTP/1.1 204 No Content', 'HTTP/1.1 302 Found',
    'Collection(Collection(String))', 'Edm.Foo', 'microsoft.graph/../x', 'Collection(', '[String](../resources/../../x.md)', 'String collection', '#', 'Int64 | Int32',
  ),
  fc.string({ maxLength: 30 }),
);

/** Byte-level mutations. */
const byteMutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('byte-set' as const), at: positions, byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('byte-insert' as const), at: positions, bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 16 }) }),
  fc.record({ kind: fc.constant('byte-delete' as const), at: positions, length: fc.integer({ min: 1, max: 64 }) }),
);

/** Line-level mutations and line-ending mixes. */
const lineMutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('line-drop' as const), at: positions, count: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ kind: fc.constant('line-duplicate' as const), at: positions, times: fc.integer({ min: 1, max: 50 }) }),
  fc.record({ kind: fc.constant('line-swap' as const), a: positions, b: positions }),
  fc.record({ kind: fc.constant('line-truncate' as const), at: positions, keep: fc.nat({ max: 200 }) }),
  fc.record({ kind: fc.constant('page-truncate' as const), at: positions }),
  fc.record({ kind: fc.constant('eol' as const), style: fc.constantFrom('crlf' as const, 'cr' as const, 'lf' as const, 'mixed' as const), from: positions, to: positions }),
);

/** Mutations that know the Graph page grammar. */
const tokenMutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('annotation' as const), at: positions, body: annotationBody }),
  fc.record({ kind: fc.constant('annotation-insert' as const), at: positions, body: annotationBody }),
  fc.record({ kind: fc.constant('fence' as const), at: positions, op: fc.constantFrom('drop-open' as const, 'drop-close' as const, 'retag' as const, 'unclosed' as const, 'tilde' as const, 'indent' as const), tag }),
  fc.record({ kind: fc.constant('table' as const), at: positions, op: fc.constantFrom('drop-cell' as const, 'add-cells' as const, 'drop-delimiter' as const, 'bare-pipes' as const), cells: fc.integer({ min: 1, max: 60 }) }),
  fc.record({ kind: fc.constant('json' as const), at: positions, op: fc.constantFrom('nest' as const, 'break' as const, 'replace' as const), depth: fc.oneof(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 64, max: 3000 })), text: fc.oneof(jsonBreak, jsonScalar) }),
  fc.record({ kind: fc.constant('front-matter' as const), op: fc.constantFrom('unclose' as const, 'invalid' as const, 'drop' as const, 'empty' as const, 'bom' as const), text: yamlBad }),
  fc.record({ kind: fc.constant('http' as const), at: positions, part: fc.constantFrom('method' as const, 'url' as const, 'header' as const, 'status' as const, 'type-cell' as const), value: httpValue }),
  fc.record({ kind: fc.constant('name' as const), at: positions, field: fc.constantFrom('name' as const, '@odata.type' as const, 'Namespace' as const, 'request-path' as const, 'heading' as const), value: fc.oneof(hostileName, odataType) }),
);

/** Any mutation; Graph-aware ones are weighted up because they reach the deeper stages. */
export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof({ arbitrary: byteMutation, weight: 2 }, { arbitrary: lineMutation, weight: 3 }, { arbitrary: tokenMutation, weight: 6 });

/** A generated page over `seedCount` seed pages: 1–4 mutations. */
export function genPageArb(seedCount: number): fc.Arbitrary<GenPage> {
  return fc.record({ seed: fc.nat({ max: seedCount - 1 }), mutations: fc.array(mutationArb, { minLength: 1, maxLength: 4 }) });
}

// ── applying mutations ───────────────────────────────────────────────────────────────────────────────────────

/** Lines with their endings kept, so joining them gives back the text. */
function splitLines(text: string): string[] {
  return text.match(/[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$/g) ?? [];
}
const ending = (line: string): string => /\r\n$|\r$|\n$/.exec(line)?.[0] ?? '';
const body = (line: string): string => line.slice(0, line.length - ending(line).length);
/** Indexes of lines matching `re`. */
const lineIndexes = (lines: readonly string[], re: RegExp): number[] => lines.flatMap((l, i) => (re.test(l) ? [i] : []));

function mutateLines(text: string, f: (lines: string[]) => void): string {
  const lines = splitLines(text);
  if (lines.length === 0) return text;
  f(lines);
  return lines.join('');
}

/** Applies one mutation to a latin1 page text. */
export function applyMutation(text: string, m: Mutation): string {
  const at = (n: number, size: number): number => (size <= 0 ? 0 : n % size);
  switch (m.kind) {
    case 'byte-set': {
      if (text.length === 0) return text;
      const i = at(m.at, text.length);
      return text.slice(0, i) + String.fromCharCode(m.byte) + text.slice(i + 1);
    }
    case 'byte-insert': {
      const i = at(m.at, text.length + 1);
      return text.slice(0, i) + String.fromCharCode(...m.bytes) + text.slice(i);
    }
    case 'byte-delete': {
      const i = at(m.at, text.length);
      return text.slice(0, i) + text.slice(i + m.length);
    }
    case 'line-drop':
      return mutateLines(text, (lines) => void lines.splice(at(m.at, lines.length), m.count));
    case 'line-duplicate':
      return mutateLines(text, (lines) => {
        const i = at(m.at, lines.length);
        const line = ending(lines[i]) ? lines[i] : `${lines[i]}\n`;
        lines.splice(i, 0, ...Array<string>(m.times).fill(line));
      });
    case 'line-swap':
      return mutateLines(text, (lines) => {
        const a = at(m.a, lines.length);
        const b = at(m.b, lines.length);
        const ea = ending(lines[a]) || '\n';
        const eb = ending(lines[b]) || '\n';
        [lines[a], lines[b]] = [body(lines[b]) + ea, body(lines[a]) + eb];
      });
    case 'line-truncate':
      return mutateLines(text, (lines) => {
        const i = at(m.at, lines.length);
        lines[i] = body(lines[i]).slice(0, m.keep) + ending(lines[i]);
      });
    case 'page-truncate':
      return mutateLines(text, (lines) => void lines.splice(at(m.at, lines.length)));
    case 'eol':
      return mutateLines(text, (lines) => {
        const a = at(m.from, lines.length);
        const b = at(m.to, lines.length);
        for (let i = Math.min(a, b); i <= Math.max(a, b); i++) {
          if (!ending(lines[i])) continue;
          const style = m.style === 'mixed' ? (['\r\n', '\r', '\n'] as const)[i % 3] : { crlf: '\r\n', cr: '\r', lf: '\n' }[m.style];
          lines[i] = body(lines[i]) + style;
        }
      });
    case 'annotation': {
      const found = [...text.matchAll(/<!--[\s\S]*?-->/g)];
      if (found.length === 0) return applyMutation(text, { kind: 'annotation-insert', at: m.at, body: m.body });
      const hit = found[at(m.at, found.length)];
      return `${text.slice(0, hit.index)}<!-- ${bytes(m.body)} -->${text.slice(hit.index + hit[0].length)}`;
    }
    case 'annotation-insert':
      return mutateLines(text, (lines) => {
        // Before a fence if there is one, where an annotation means something; else anywhere.
        const fences = lineIndexes(lines, /^\s*```/);
        const i = fences.length > 0 ? fences[at(m.at, fences.length)] : at(m.at, lines.length);
        lines.splice(i, 0, `<!-- ${bytes(m.body)} -->\n`);
      });
    case 'fence':
      return mutateLines(text, (lines) => {
        const fences = lineIndexes(lines, /^\s*(```|~~~)/);
        if (fences.length === 0) return;
        const k = at(m.at, fences.length);
        const i = fences[k];
        const open = k % 2 === 0;
        switch (m.op) {
          case 'drop-open':
            lines.splice(open ? i : fences[k - 1], 1);
            break;
          case 'drop-close':
            lines.splice(open && k + 1 < fences.length ? fences[k + 1] : i, 1);
            break;
          case 'retag':
            lines[i] = `\`\`\`${bytes(m.tag)}${ending(lines[i]) || '\n'}`;
            break;
          case 'unclosed':
            lines.splice(i, 0, `\`\`\`${bytes(m.tag)}\n`);
            break;
          case 'tilde':
            lines[i] = lines[i].replace('```', '~~~');
            break;
          default:
            lines[i] = `    ${lines[i]}`;
        }
      });
    case 'table':
      return mutateLines(text, (lines) => {
        const rows = lineIndexes(lines, /^\s*\|/);
        if (rows.length === 0) return;
        const i = rows[at(m.at, rows.length)];
        const cells = body(lines[i]).split('|');
        const eol = ending(lines[i]) || '\n';
        switch (m.op) {
          case 'drop-cell':
            if (cells.length > 2) cells.splice(1 + (m.cells % (cells.length - 2)), 1);
            lines[i] = cells.join('|') + eol;
            break;
          case 'add-cells':
            lines[i] = body(lines[i]) + ' x |'.repeat(m.cells) + eol;
            break;
          case 'drop-delimiter': {
            const delimiter = rows.find((r) => /^\s*\|?\s*:?-{2,}/.test(lines[r]));
            if (delimiter !== undefined) lines.splice(delimiter, 1);
            break;
          }
          default:
            lines[i] = '|'.repeat(m.cells) + eol;
        }
      });
    case 'json': {
      // The JSON bodies of the page: from a line holding only `{` or `[` inside a fence.
      const starts = [...text.matchAll(/^[ \t]*[{[][ \t]*$/gm)];
      if (starts.length === 0) return text;
      const hit = starts[at(m.at, starts.length)];
      const object = hit[0].includes('{');
      const p = hit.index + hit[0].search(/[{[]/) + 1;
      switch (m.op) {
        case 'nest': {
          // Valid JSON nested `depth` deep as the first member of that body (a property in an object, an item in an array).
          const deep = `${'['.repeat(m.depth)}${bytes(m.text)}${']'.repeat(m.depth)}`;
          return `${text.slice(0, p)} ${object ? '"deep": ' : ''}${deep},${text.slice(p)}`;
        }
        case 'break': {
          const end = text.indexOf('```', p);
          const stop = end < 0 ? text.length : end;
          const q = p + (m.depth % Math.max(1, stop - p));
          return text.slice(0, q) + bytes(m.text) + text.slice(q + 1);
        }
        default: {
          // Replace the value of the first property of that body.
          const colon = text.indexOf(':', p);
          if (colon < 0) return text;
          const eol = text.slice(colon).search(/,?\r?\n|\r/);
          return `${text.slice(0, colon + 1)} ${bytes(m.text)}${eol < 0 ? '' : text.slice(colon + eol)}`;
        }
      }
    }
    case 'front-matter': {
      const fm = /^(\uFEFF)?---(\r\n|\r|\n)([\s\S]*?)(\r\n|\r|\n)---(\r\n|\r|\n|$)/.exec(text);
      switch (m.op) {
        case 'unclose':
          return fm ? `---\n${fm[3]}\n${text.slice(fm[0].length)}` : `---\n${bytes(m.text)}\n${text}`;
        case 'invalid':
          return fm ? `---\n${fm[3]}\n${bytes(m.text)}\n---\n${text.slice(fm[0].length)}` : `---\n${bytes(m.text)}\n---\n${text}`;
        case 'drop':
          return fm ? text.slice(fm[0].length) : text;
        case 'empty':
          return fm ? `---\n---\n${text.slice(fm[0].length)}` : `---\n---\n${text}`;
        default:
          return `\u00ef\u00bb\u00bf${text}`;
      }
    }
    case 'http':
      return mutateHttp(text, m);
    case 'name': {
      const value = bytes(m.value);
      const patterns: Record<typeof m.field, RegExp> = {
        name: /("name"\s*:\s*)"[^"\r\n]*"/g,
        '@odata.type': /("@odata\.type"\s*:\s*)"[^"\r\n]*"/g,
        Namespace: /^(Namespace:\s*)\S.*$/gm,
        'request-path': /^((?:GET|POST|PATCH|PUT|DELETE|HEAD)\s+(?:https:\/\/graph\.microsoft\.com)?\/)[^\s]*/gm,
        heading: /^(#{1,6}\s+)\S.*$/gm,
      };
      const found = [...text.matchAll(patterns[m.field])];
      if (found.length === 0) return text;
      const hit = found[at(m.at, found.length)];
      const quoted = m.field === 'name' || m.field === '@odata.type' ? JSON.stringify(value) : value.replace(/[\r\n]/g, ' ');
      return text.slice(0, hit.index) + hit[1] + quoted + text.slice(hit.index + hit[0].length);
    }
  }
}

/** A mutation of the HTTP request and response lines and headers of the examples, or of a table's Type cell. */
function mutateHttp(text: string, m: Extract<Mutation, { kind: 'http' }>): string {
  const value = bytes(m.value).replace(/[\r\n]/g, ' ');
  const patterns: Record<typeof m.part, RegExp> = {
    method: /^(GET|POST|PATCH|PUT|DELETE|HEAD)(?= )/gm,
    url: /^((?:GET|POST|PATCH|PUT|DELETE|HEAD) +)\S+/gm,
    // A header line of an example: `Name: value` right after the request or status line or another header.
    header: /^(?:Content-[Tt]ype|Content-[Ll]ength|Authorization|Prefer|Location|ConsistencyLevel|If-Match):.*$/gm,
    status: /^HTTP\/[\d.]+ .*$/gm,
    'type-cell': /^(\|[^|\r\n]*\|)[^|\r\n]*/gm,
  };
  const found = [...text.matchAll(patterns[m.part])];
  if (found.length === 0) return text;
  const hit = found[(m.at % found.length + found.length) % found.length];
  const keep = m.part === 'url' || m.part === 'type-cell' ? hit[1] : '';
  // A header mutation adds the odd header after the one found; the others replace what they found.
  const replacement = m.part === 'header' ? `${hit[0]}\n${value}` : keep + value;
  return text.slice(0, hit.index) + replacement + text.slice(hit.index + hit[0].length);
}

/** The page text (latin1, one char per byte) of a generated page. */
export function renderPage(seeds: readonly SeedPage[], page: GenPage): string {
  return page.mutations.reduce(applyMutation, seeds[page.seed % seeds.length].text);
}

// ── running a batch ──────────────────────────────────────────────────────────────────────────────────────────

/** What one docpact command did on a batch. */
export interface CommandRun {
  readonly args: readonly string[];
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** Wall-clock milliseconds the command took. */
  readonly ms: number;
}

/** The outcome of a batch: every command's run and every broken promise found. */
export interface BatchOutcome {
  readonly runs: readonly CommandRun[];
  readonly problems: readonly string[];
  /**
   * Observations that break no promise the fuzzer asserts yet, counted by `npm run fuzz`: stderr lines of no
   * docpact origin (a library's warning with no file name, issue 14 item 6).
   */
  readonly notes: readonly string[];
}

/** A page to write: its path below docs/ and its bytes as latin1 text. */
export interface BatchPage {
  readonly path: string;
  readonly text: string;
}

/** Options of {@link runBatch}. */
export interface BatchOptions {
  /** Extra arguments for every command, e.g. a page budget once one exists. */
  readonly extraArgs?: Readonly<Record<string, readonly string[]>>;
  /** Keep the temp folder (to look at it after a failure). */
  readonly keep?: boolean;
}

/** The commands run on every batch, each as `docpact <args>` from the workspace. */
export const COMMANDS: readonly (readonly string[])[] = [
  ['check', 'docs', '--no-cache', '--workers', '1', '--format', 'json'],
  ['extract', 'docs', '--out', 'out/contracts', '--workers', '1'],
  ['openapi', 'docs', '--out', 'out/openapi.json', '--report-format', 'json'],
  ['replay', 'docs', '--no-jest', '--format', 'json', '--timeout', '5000'],
];

/**
 * A line of a Node stack trace (`    at fn (file:line:col)`, `    at async Promise.all (index 0)`). Reports quote page
 * text only inside JSON strings or on a `file:line` line, so four spaces and `at ` at a line start is docpact's own.
 */
const STACK_LINE = /^ {4}at \S/m;

/** Names of files below `dir` (relative, `/`-separated) with size and modification time, skipping `skip`. */
async function snapshot(dir: string, skip: string): Promise<Map<string, string>> {
  const result = new Map<string, string>();
  const walk = async (d: string): Promise<void> => {
    for (const entry of await readdir(d, { withFileTypes: true })) {
      const full = join(d, entry.name);
      if (full === skip) continue;
      if (entry.isDirectory()) await walk(full);
      else {
        const s = await stat(full).catch(() => undefined);
        result.set(relative(dir, full), s ? `${s.size}:${s.mtimeMs}` : 'gone');
      }
      if (entry.isDirectory()) result.set(`${relative(dir, full)}/`, 'dir');
    }
  };
  await walk(dir);
  return result;
}

let running = false;

/**
 * Writes `pages` under `docs/` of a fresh workspace five folders below a temp root (so a path escaping `out/` by up
 * to five `..` still lands inside the root and is seen), runs every command of {@link COMMANDS} in-process, and
 * checks the promises. Never throws for a docpact failure: each broken promise is a line of `problems`.
 */
export async function runBatch(pages: readonly BatchPage[], options: BatchOptions = {}): Promise<BatchOutcome> {
  if (running) throw new Error('runBatch is not re-entrant: it captures process.stdout and changes the working directory');
  running = true;
  const root = await mkdtemp(join(tmpdir(), 'docpact-fuzz-'));
  const ws = join(root, 'a', 'b', 'c', 'd', 'e', 'ws');
  const out = join(ws, 'out');
  const problems: string[] = [];
  const notes: string[] = [];
  const runs: CommandRun[] = [];
  try {
    await mkdir(join(ws, 'docs'), { recursive: true });
    // A config here stops the walk up for one, so no docpact.config.json above the temp folder changes the run.
    await writeFile(join(ws, 'docpact.config.json'), '{}\n');
    for (const page of pages) {
      const file = join(ws, 'docs', page.path);
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, Buffer.from(page.text, 'latin1'));
    }
    const before = await snapshot(root, out);
    for (const args of COMMANDS) {
      const full = [...args, ...(options.extraArgs?.[args[0]] ?? [])];
      const run = await runInProcess(ws, full);
      runs.push(run);
      const name = `docpact ${full.join(' ')}`;
      if (run.code !== 0 && run.code !== 1) problems.push(`${name}: exit ${run.code}`);
      for (const [stream, text] of [['stdout', run.stdout], ['stderr', run.stderr]] as const) {
        const trace = STACK_LINE.exec(text);
        if (trace) problems.push(`${name}: stack trace on ${stream}: ${excerpt(text, trace.index)}`);
        const crash = /docpact[^:\n]*: internal error/.exec(text);
        if (crash) problems.push(`${name}: "internal error" on ${stream}: ${excerpt(text, crash.index)}`);
        const internal = /[\w-]+\/internal-error/.exec(text);
        if (internal) problems.push(`${name}: ${internal[0]} on ${stream}: ${excerpt(text, internal.index)}`);
        const slow = /[\w-]+\/too-slow/.exec(text);
        if (slow) problems.push(`${name}: ${slow[0]} (a page over its budget) on ${stream}: ${excerpt(text, slow.index)}`);
      }
      // Node's own warning printer (`(node:PID) YAMLWarning: …`): a library talking past docpact, with no file name.
      const stray = run.stderr.split('\n').filter((l) => /^\(node:\d+\) /.test(l));
      if (stray.length > 0) notes.push(`${args[0]}: stray stderr line: ${stray[0].slice(0, 200)}`);
      if (args[0] === 'extract') {
        const manifest = await readFile(join(out, 'contracts', 'manifest.json'), 'utf8').catch(() => '');
        const internal = /[\w-]+\/internal-error/.exec(manifest);
        if (internal) problems.push(`${name}: ${internal[0]} in manifest.json: ${excerpt(manifest, internal.index)}`);
        const slow = /[\w-]+\/too-slow/.exec(manifest);
        if (slow) problems.push(`${name}: ${slow[0]} (a page over its budget) in manifest.json: ${excerpt(manifest, slow.index)}`);
      }
      const after = await snapshot(root, out);
      for (const [path, sig] of after) if (before.get(path) !== sig) problems.push(`${name}: wrote ${path} outside out/`);
      for (const path of before.keys()) if (!after.has(path)) problems.push(`${name}: removed ${path} outside out/`);
      // Anything the command wrote outside `out/` is reported once, by the command that wrote it.
      for (const [path, sig] of after) before.set(path, sig);
      for (const path of [...before.keys()]) if (!after.has(path)) before.delete(path);
    }
    // Every page is reported: check's JSON report counts every page it read (summary.files; its per-file counts list
    // only the pages with findings, issue 13).
    const check = runs[0];
    if (check.code === 0 || check.code === 1) {
      try {
        const report = JSON.parse(check.stdout) as { summary?: { files?: number; byFile?: Record<string, unknown> } };
        if ((report.summary?.files ?? 0) < pages.length) problems.push(`docpact check: the report counts ${String(report.summary?.files)} files, expected all ${pages.length} pages`);
      } catch {
        problems.push(`docpact check: stdout is not a JSON report: ${excerpt(check.stdout, 0)}`);
      }
    }
  } finally {
    running = false;
    if (!options.keep) await rm(root, { recursive: true, force: true });
  }
  return { runs, problems, notes };
}

function excerpt(text: string, index: number): string {
  return JSON.stringify(text.slice(Math.max(0, index - 200), index + 400));
}

/**
 * Runs `docpact <args>` through `main(argv)` in `cwd`, with stdout and stderr captured and a neutral environment;
 * an exception that escapes `main`, or an unhandled rejection while it runs, is a problem like an exit 2.
 */
async function runInProcess(cwd: string, args: readonly string[]): Promise<CommandRun> {
  let stdout = '';
  let stderr = '';
  const writeOut = process.stdout.write;
  const writeErr = process.stderr.write;
  const capture = (into: 'out' | 'err') =>
    ((chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
      if (into === 'out') stdout += String(chunk);
      else stderr += String(chunk);
      const done = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      done?.();
      return true;
    }) as typeof process.stdout.write;
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown): void => void rejections.push(reason);
  // An exception thrown in a callback (the mock server's request handler) would end a real docpact process; here
  // it is caught so that the fuzzer can report the page, and counted as a crash.
  const uncaught: unknown[] = [];
  const onUncaught = (error: unknown): void => void uncaught.push(error);
  const saved = { GITHUB_ACTIONS: process.env.GITHUB_ACTIONS, CI: process.env.CI, DOCPACT_TOKEN: process.env.DOCPACT_TOKEN };
  delete process.env.GITHUB_ACTIONS;
  delete process.env.CI;
  delete process.env.DOCPACT_TOKEN;
  const before = process.cwd();
  process.stdout.write = capture('out');
  process.stderr.write = capture('err');
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onUncaught);
  process.chdir(cwd);
  let code: number;
  const started = performance.now();
  try {
    code = await main(args);
  } catch (error) {
    stderr += `[fuzz] main() threw: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`;
    code = -1;
  } finally {
    process.chdir(before);
    process.stdout.write = writeOut;
    process.stderr.write = writeErr;
    for (const [key, value] of Object.entries(saved)) if (value !== undefined) process.env[key] = value;
  }
  // Let a stray rejection of this command surface before judging it.
  await new Promise((r) => setImmediate(r));
  process.off('unhandledRejection', onRejection);
  process.off('uncaughtException', onUncaught);
  for (const error of uncaught) {
    stderr += `[fuzz] uncaught exception (a docpact process would have died here):\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`;
    code = -1;
  }
  for (const reason of rejections) {
    stderr += `[fuzz] unhandled rejection: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}\n`;
    if (code === 0 || code === 1) code = -1;
  }
  return { args, code, stdout, stderr, ms: performance.now() - started };
}

/** The batch pages of generated pages: each under its seed's folder, with its index in the name so names differ. */
export function batchPages(seeds: readonly SeedPage[], pages: readonly GenPage[]): BatchPage[] {
  return pages.map((p, i) => {
    const seed = seeds[p.seed % seeds.length];
    const path = seed.path.replace(/\.md$/, `-fz${i}.md`);
    return { path, text: renderPage(seeds, p) };
  });
}
