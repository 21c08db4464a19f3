/**
 * The one diagnostic shape every stage emits (see ../shared/STYLE.md): plain, readonly JSON.
 * Lines and columns are 1-based (as in unist); offsets are 0-based UTF-16 indexes into the file text.
 */
import type { Fix } from './fix.js';
import { makeFinding } from './rule-docs.js';

export type { Fix, FixKind, TextEdit } from './fix.js';

export interface Point {
  readonly line: number;
  readonly column: number;
  readonly offset: number;
}

export interface Range {
  readonly start: Point;
  readonly end: Point;
}

export type Severity = 'error' | 'warning' | 'info';

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

/** Orders severities so that `rank('error') > rank('warning') > rank('info')`. */
export function severityRank(severity: Severity): number {
  return severity === 'error' ? 3 : severity === 'warning' ? 2 : 1;
}

export interface RelatedLocation {
  readonly message: string;
  readonly file: string;
  readonly range: Range;
}

export interface Diagnostic {
  /** Rule or stage id, e.g. `example-type-mismatch` or `extract/fence-unclosed`. */
  readonly ruleId: string;
  readonly severity: Severity;
  /** "Unexpected X, expected Y" and what to do. */
  readonly message: string;
  /** Path of the Markdown file, relative to the working directory, with `/` separators. */
  readonly file: string;
  readonly range: Range;
  /** JSON Pointer into the example body or the live response, when the finding is about a value. */
  readonly pointer?: string;
  readonly expected?: string;
  readonly actual?: string;
  readonly related?: readonly RelatedLocation[];
  /** Documentation of the rule. */
  readonly url?: string;
  /**
   * Stable identity of the element the finding is about (not its line), used by baselines:
   * e.g. `example:create_x#/isExtended` or `table:Properties/isExtended`.
   */
  readonly element?: string;
  /**
   * Ways to fix the finding, as text edits against the page as it was read (core/fix.ts): `safe` ones are applied
   * by `docpact check --fix`, `suggestion`s only when asked. Absent when the rule knows no mechanical fix.
   */
  readonly fixes?: readonly Fix[];
  /** `replay --changed-since`: whether the doc or the service changed at this finding (replay/drift.ts). */
  readonly drift?: DriftMark;
}

/** A replay finding's three-way drift class: the page changed and the service disagrees, or the service changed. */
export interface DriftMark {
  readonly class: 'doc-regression' | 'api-change';
  /** The JSON Pointer into the response (or `status`, `content-type`) the finding is about. */
  readonly field?: string;
}

/** A zero-width range at the start of a file, for findings about a whole file (unreadable, empty…). */
export const FILE_START: Range = {
  start: { line: 1, column: 1, offset: 0 },
  end: { line: 1, column: 1, offset: 0 },
};

/** Sorts diagnostics by file, then position, then rule id: the order every formatter prints. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  if (a.range.start.line !== b.range.start.line) return a.range.start.line - b.range.start.line;
  if (a.range.start.column !== b.range.start.column) return a.range.start.column - b.range.start.column;
  if (a.ruleId !== b.ruleId) return a.ruleId < b.ruleId ? -1 : 1;
  return a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
}

/**
 * The finding that stands in for a crash of docpact itself on one page or example, so that one bad input never
 * stops the others: `<stage>/internal-error`, an error at `range` (default: the start of the file).
 */
export function internalError(stage: string, file: string, error: unknown, range: Range = FILE_START): Diagnostic {
  const cause = error instanceof Error ? error.message : String(error);
  return makeFinding(`${stage}/internal-error`, 'error', {
    message: `docpact failed here (${cause}); everything else was still processed. Please report it with this page attached`,
    file,
    range,
    element: 'internal-error',
  });
}
