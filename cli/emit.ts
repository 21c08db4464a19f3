/** Hands one RunReport to each requested formatter: stdout, or a file of one report set written all-or-nothing. */
import { dirname, resolve } from 'node:path';
import type { RunReport } from '../reports/types.js';
import type { ReportFile } from '../reports/write-set.js';
import { UsageError } from './errors.js';
import type { OutputRequest } from './run-check.js';

export interface EmitOptions {
  readonly cwd: string;
  /** Read for `NO_COLOR` and `FORCE_COLOR`. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Told about each file written. */
  readonly note?: (text: string) => void;
}

/**
 * Writes `report` in every format of `outputs`: stdout first (coloured on a TTY), then every file as one report set
 * (all replaced or none, see reports/write-set.ts), with no colour and links relative to their folder. A file that
 * cannot be written is a {@link UsageError} naming its `--output`, and then no file of the set has changed.
 */
export async function emitReports(report: RunReport, outputs: readonly OutputRequest[], options: EmitOptions): Promise<void> {
  const [{ FORMATTERS, writeReportSet, ReportWriteError }, { jsonParts }] = await Promise.all([import('../reports/index.js'), import('../reports/json.js')]);
  const { cwd, env } = options;
  const color = process.stdout.isTTY === true && env.NO_COLOR === undefined && env.FORCE_COLOR !== '0';
  const files: { path: string; content: ReportFile['content']; format: string; output: string }[] = [];
  for (const { format, output } of outputs) {
    const formatter = FORMATTERS[format as keyof typeof FORMATTERS];
    if (output === undefined) {
      const text = formatter(report, { cwd, color });
      process.stdout.write(text === '' || text.endsWith('\n') ? text : `${text}\n`);
      continue;
    }
    const target = resolve(cwd, output);
    const formatOptions = { cwd, color: false, outputDir: dirname(target) };
    // The JSON report in pieces: a run served from the doc set's state copies each page's stored text (reports/json.ts).
    files.push({ path: target, content: format === 'json' ? jsonParts(report, formatOptions) : formatter(report, formatOptions), format, output });
  }
  try {
    await writeReportSet(files);
  } catch (error) {
    if (!(error instanceof ReportWriteError)) throw error;
    const failed = files.find((f) => f.path === error.path) ?? files[0];
    const others = files.length > 1 ? '; no report file was changed' : '';
    throw new UsageError(`--output ${failed.output}: cannot write the ${failed.format} report (${error.code})${others}; check the path`);
  }
  for (const { format, output } of files) options.note?.(`wrote the ${format} report to ${output}`);
}
