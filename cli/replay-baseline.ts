/**
 * Baselines for replay: `--write-baseline FILE` records a run's findings (with `--accept api-change`, only those
 * classified as API changes by `--changed-since`), and `--baseline FILE` stops the recorded ones from failing later
 * runs. A classified finding's drift class is part of its identity (cli/baseline.ts), so accepting an API change
 * never accepts a doc regression of the same field.
 */
import { dirname, resolve } from 'node:path';
import type { RunReport } from '../reports/types.js';
import { applyBaseline, createBaseline, readBaseline, serializeBaseline } from './baseline.js';
import { displayPath } from './config.js';
import { UsageError } from './errors.js';

export interface ReplayBaselineOptions {
  readonly cwd: string;
  readonly baseline?: string;
  readonly writeBaseline?: string;
  /** Drift classes to record; default every finding. */
  readonly accept?: readonly string[];
}

/** Writes and/or applies a baseline; returns the report with the baselined findings removed and counted. */
export async function replayBaseline(report: RunReport, options: ReplayBaselineOptions, note: (text: string) => void): Promise<RunReport> {
  const { cwd } = options;
  if (options.writeBaseline !== undefined) {
    const path = resolve(cwd, options.writeBaseline);
    const accept = options.accept ?? [];
    const chosen = accept.length === 0 ? report.diagnostics : report.diagnostics.filter((d) => d.drift !== undefined && accept.includes(d.drift.class));
    const baseline = createBaseline(chosen, { cwd, baseDir: dirname(path) });
    const { writeReportSet, ReportWriteError } = await import('../reports/write-set.js');
    try {
      await writeReportSet([{ path, content: serializeBaseline(baseline) }]);
    } catch (error) {
      if (!(error instanceof ReportWriteError)) throw error;
      throw new UsageError(`--write-baseline ${displayPath(cwd, path)}: cannot write the baseline (${error.code})`);
    }
    note(`wrote ${chosen.length} finding(s)${accept.length > 0 ? ` (${accept.join(', ')})` : ''} to the baseline ${displayPath(cwd, path)}`);
  }
  if (options.baseline === undefined) return report;
  const path = resolve(cwd, options.baseline);
  const baseline = await readBaseline(path, cwd);
  const applied = applyBaseline(report.diagnostics, baseline, { cwd, baseDir: dirname(path) }, report.files);
  return { ...report, diagnostics: applied.kept, baseline: { file: displayPath(cwd, path), suppressed: applied.suppressed, fixed: applied.fixed } };
}
