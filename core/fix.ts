/**
 * Fixes as data (ESLint's and LSP's model): a rule may attach to a finding one or more fixes, each a set of text
 * edits with ranges against the page as it was read. A fix is either `safe` (the page means the same after it:
 * `docpact check --fix` applies it) or a `suggestion` (it may change what the page says: applied only when asked,
 * `--fix-type suggestion`, or one by one from an editor).
 *
 * Ranges are the same as a Diagnostic's: 1-based lines and columns (UTF-16 code units, as in unist) and 0-based
 * UTF-16 offsets into the page's text after its byte order mark. An edit's `newText` uses the line ending of the
 * page where it is inserted (CRLF pages get CRLF), so applying it changes nothing else.
 */
import type { Range } from './diagnostic.js';

/** `safe`: meaning unchanged, applied by `--fix`. `suggestion`: may change meaning, never applied without being asked. */
export type FixKind = 'safe' | 'suggestion';

export const FIX_KINDS: readonly FixKind[] = ['safe', 'suggestion'];

/** Replace the text in `range` with `newText` (an insertion when the range is empty, a deletion when newText is ''). */
export interface TextEdit {
  readonly range: Range;
  readonly newText: string;
}

export interface Fix {
  /** What the fix does, for a code action's title: `Set Content-Length to 42`. */
  readonly title: string;
  readonly kind: FixKind;
  /** Non-overlapping edits of the finding's file, applied together or not at all. */
  readonly edits: readonly TextEdit[];
}
