/** The `--fix` flags of `docpact check`: which combinations make sense, then {@link runFix}. */
import { UsageError } from './errors.js';
import type { CheckOptions } from './run-check.js';

export interface FixFlags {
  readonly fix?: boolean;
  readonly fixDryRun?: boolean;
  readonly fixType?: readonly string[];
}

/**
 * Checks the flags (`--fix` and `--fix-dry-run` exclude each other; `--fix-type` needs one of them; neither goes with
 * `--watch` or `--baseline`) and runs the fix. Resolves to the exit code.
 */
export async function runFixCommand(paths: readonly string[], options: CheckOptions & { readonly watch?: boolean }, flags: FixFlags): Promise<number> {
  if (flags.fix === true && flags.fixDryRun === true) throw new UsageError('--fix and --fix-dry-run: Unexpected both, expected one of them');
  if (flags.fix !== true && flags.fixDryRun !== true) throw new UsageError('--fix-type: Unexpected without --fix or --fix-dry-run, expected one of them with it');
  if (options.watch === true) throw new UsageError('--fix with --watch: Unexpected, expected one of them (a page rewritten while watched would be checked again and again)');
  if (options.baseline !== undefined) throw new UsageError('--fix with --baseline: Unexpected, expected --fix alone (the fixes apply to every finding, recorded or not)');
  const { watch: _watch, ...rest } = options;
  const { runFix } = await import('./run-fix.js');
  return runFix(paths, { ...rest, mode: flags.fix === true ? 'write' : 'dry-run', ...(flags.fixType !== undefined && { fixTypes: flags.fixType }) });
}
