/**
 * A page's findings as the JSON report prints them, kept as text: the form in which the doc set's state
 * (engine/cache.ts, `result.json`) stores them, so that a run over an unchanged doc set writes its JSON report by
 * copying each page's text instead of reading, rebuilding and re-serialising a hundred thousand finding objects.
 *
 * The text of one finding is exactly its element of the JSON report's `diagnostics` array (reports/json.ts uses
 * {@link findingText} to print every report), so a report assembled from stored texts is byte for byte the report
 * the objects would give. It is also plain JSON: {@link parseFindings} gives the objects back for every other use
 * (another format, a baseline, a page checked again).
 */
import { closeSync, openSync, readSync } from 'node:fs';
import type { Diagnostic, Range, Severity } from '../core/diagnostic.js';
import { SEVERITIES } from '../core/diagnostic.js';
import { redactDiagnostic } from './redact.js';

/** A finding's fields in the JSON report's order; `url` is `null` when its rule has no doc. */
function reportShape(d: Diagnostic): Record<string, unknown> {
  return {
    ruleId: d.ruleId,
    severity: d.severity,
    message: d.message,
    file: d.file,
    range: range(d.range),
    ...(d.pointer !== undefined && { pointer: d.pointer }),
    ...(d.expected !== undefined && { expected: d.expected }),
    ...(d.actual !== undefined && { actual: d.actual }),
    ...(d.related ? { related: d.related.map((rel) => ({ message: rel.message, file: rel.file, range: range(rel.range) })) } : {}),
    url: d.url ?? null,
    ...(d.element !== undefined && { element: d.element }),
    ...(d.drift !== undefined && { drift: d.drift }),
    // The fixes as data (core/fix.ts), as ESLint's JSON gives them: for tools that apply or show them.
    ...(d.fixes !== undefined && { fixes: d.fixes }),
  };
}

function range(r: Range): Range {
  return {
    start: { line: r.start.line, column: r.start.column, offset: r.start.offset },
    end: { line: r.end.line, column: r.end.column, offset: r.end.offset },
  };
}

/** How deep the JSON report's `diagnostics` elements sit: two levels of two spaces. */
export const ELEMENT_INDENT = '    ';

/** One finding (already prepared: doc URL stamped, secrets redacted) as its element of the JSON report, indented. */
export function findingText(d: Diagnostic): string {
  return ELEMENT_INDENT + JSON.stringify(reportShape(d), null, 2).replaceAll('\n', `\n${ELEMENT_INDENT}`);
}

/** What separates two elements of the report's `diagnostics` array. */
export const ELEMENT_SEPARATOR = ',\n';

/**
 * Bytes `start` to `end` of a file, read only when wanted: a page's findings as the doc set's findings file holds them
 * (UTF-8). A report copies them from file to file (reports/write-set.ts) without holding the whole file in memory:
 * reading the ×30 tree's 100 MB findings file at once took 0.32 s, copying it through a small buffer 0.02 s.
 */
export class FileSpan {
  constructor(
    readonly path: string,
    readonly start: number,
    readonly end: number,
  ) {}

  get byteLength(): number {
    return this.end - this.start;
  }

  /** The bytes, read now. Throws {@link StoredTextGone} when the file is gone or shorter than the span. */
  read(): Buffer {
    const bytes = Buffer.allocUnsafe(this.byteLength);
    const fd = openSpanSource(this.path);
    try {
      readSpan(fd, this.start, bytes, 0, bytes.length);
    } finally {
      closeSync(fd);
    }
    return bytes;
  }
}

/**
 * The doc set's stored findings changed while a run was reading them: another docpact run over the same cache
 * replaced its state. Nothing is wrong with the docs; the run is to be made again (exit 2, no stack trace).
 */
export class StoredTextGone extends Error {
  override readonly name = 'StoredTextGone';

  constructor(cause?: unknown) {
    super('the cache changed while this run read it (another docpact run over the same folder?): run again, or with --no-cache', cause === undefined ? undefined : { cause });
  }
}

/** Opens a findings file to read spans of it; {@link StoredTextGone} when it is gone. */
export function openSpanSource(path: string): number {
  try {
    return openSync(path, 'r');
  } catch (error) {
    throw new StoredTextGone(error);
  }
}

/** Reads `length` bytes at `position` of `fd` into `into` at `at`; {@link StoredTextGone} when the file ends first. */
export function readSpan(fd: number, position: number, into: Buffer, at: number, length: number): void {
  for (let done = 0; done < length; ) {
    const n = readSync(fd, into, at + done, length - done, position + done);
    if (n === 0) throw new StoredTextGone();
    done += n;
  }
}

/** A stored text: in memory, or a span of the findings file. */
export type StoredText = string | FileSpan;

/** One page's stored findings. */
export interface StoredFindings {
  readonly file: string;
  readonly text: StoredText;
  readonly counts: RuleCounts;
  readonly redacts?: true;
}

/** Counts per rule id: `[error, warning, info]`. */
export type RuleCounts = Readonly<Record<string, readonly [number, number, number]>>;

/** The findings of one page as stored in the doc set's state. */
export interface PageFindingsText {
  /** Every finding's {@link findingText}, in print order, joined with {@link ELEMENT_SEPARATOR}; '' for none. */
  readonly text: string;
  /** The findings per rule and severity, for the summary and the exit code without reading `text`. */
  readonly counts: RuleCounts;
  /**
   * Set when redaction (with no secret configured) changes a finding: then `text` is the unredacted finding and a
   * report prints the page through the objects. Absent on nearly every page.
   */
  readonly redacts?: true;
}

const SLOT: Readonly<Record<Severity, 0 | 1 | 2>> = { error: 0, warning: 1, info: 2 };

/** The stored form of one page's findings (sorted, with their doc URLs: what the caller settled). */
export function pageFindingsText(diagnostics: readonly Diagnostic[]): PageFindingsText {
  const counts: Record<string, [number, number, number]> = {};
  let redacts = false;
  for (const d of diagnostics) {
    (counts[d.ruleId] ??= [0, 0, 0])[SLOT[d.severity]]++;
    if (!redacts && redactDiagnostic(d, []) !== d) redacts = true;
  }
  return { text: diagnostics.map(findingText).join(ELEMENT_SEPARATOR), counts, ...(redacts && { redacts: true as const }) };
}

/** A stored text as a string. */
export function textOf(text: StoredText): string {
  return typeof text === 'string' ? text : text.read().toString('utf8');
}

/** Whether a stored text is empty (no findings). */
export function isEmptyText(text: StoredText): boolean {
  return typeof text === 'string' ? text.length === 0 : text.byteLength === 0;
}

/** The findings of a stored text, as the objects they were made from (`url: null` is no URL). */
export function parseFindings(stored: StoredText): Diagnostic[] {
  const text = textOf(stored);
  if (text === '') return [];
  const parsed = JSON.parse(`[${text}]`) as (Diagnostic & { url: string | null })[];
  return parsed.map((d) => {
    if (d.url !== null) return d;
    const { url: _none, ...rest } = d;
    return rest;
  });
}

/** Calls `each` for every rule and severity that a page's counts hold findings of. */
export function forEachCount(counts: RuleCounts, each: (ruleId: string, severity: Severity, n: number) => void): void {
  for (const [ruleId, slots] of Object.entries(counts)) {
    for (const severity of SEVERITIES) if (slots[SLOT[severity]] > 0) each(ruleId, severity, slots[SLOT[severity]]);
  }
}
