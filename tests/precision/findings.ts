/**
 * The findings the precision harness judges: `docpact check` over the whole corpus (checks and contracts findings,
 * as a user gets them), each with a key that survives line shifts and rule rewording. Shared by `draw.ts` (which
 * draws the sample) and `precision.test.ts` (which matches the labels against today's findings).
 */
import { sep } from 'node:path';
import type { Diagnostic } from '../../core/diagnostic.js';
import { compareDiagnostics } from '../../core/diagnostic.js';
import { fingerprintOf, identityOf } from '../../cli/baseline.js';
import { collectFindings } from '../../cli/run-check.js';
import { GRAPH_DOCS } from '../helpers/paths.js';

/** A finding with its key: the baseline's fingerprint (rule, file, element) plus which identical finding it is. */
export interface KeyedFinding {
  /** `<fingerprint>` for the first finding with that fingerprint on its page, `<fingerprint>#<n>` for the n-th after. */
  readonly key: string;
  readonly ruleId: string;
  /** Relative to the corpus's `graph-docs/` folder, `/`-separated, e.g. `api-reference/v1.0/api/user-get.md`. */
  readonly file: string;
  /** `Diagnostic.element`, else the message with digits as `#` (what the baseline keys on). */
  readonly element: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/** `file` of a diagnostic (relative to whatever cwd the run had) as a path below `graph-docs/`. */
export function corpusFile(file: string): string {
  const slashed = file.split(sep).join('/');
  const at = slashed.lastIndexOf('graph-docs/');
  return at >= 0 ? slashed.slice(at + 'graph-docs/'.length) : slashed;
}

/**
 * Keys `diagnostics` with {@link fingerprintOf} over (rule, file below graph-docs/, {@link identityOf} with paths made
 * relative to graph-docs/, so the key does not depend on the working directory of the run); identical
 * findings on one page are told apart by their order on the page (`#1`, `#2`, … after the first), as the baseline counts them.
 */
export function keyFindings(diagnostics: readonly Diagnostic[]): KeyedFinding[] {
  const seen = new Map<string, number>();
  return [...diagnostics].sort(compareDiagnostics).map((d) => {
    const file = corpusFile(d.file);
    // A message used as identity may name another page relative to the run's cwd: keep only the part below graph-docs/.
    const element = identityOf(d).replace(/[^\s`'"(]*graph-docs\//g, '');
    const fingerprint = fingerprintOf(d.ruleId, file, element);
    const n = seen.get(fingerprint) ?? 0;
    seen.set(fingerprint, n + 1);
    return {
      key: n === 0 ? fingerprint : `${fingerprint}#${n}`,
      ruleId: d.ruleId,
      file,
      element,
      line: d.range.start.line,
      column: d.range.start.column,
      message: d.message,
    };
  });
}

/** Runs `docpact check` (no cache, no config) over `graph-docs/` and keys every finding. */
export async function corpusFindings(): Promise<KeyedFinding[]> {
  const found = await collectFindings(['.'], { cwd: GRAPH_DOCS, cache: false, quiet: true });
  return keyFindings(found.diagnostics);
}
