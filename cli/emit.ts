/** Hands one RunReport to each requested formatter: stdout, or a file written atomically. */
import { dirname, resolve } from 'node:path';
import type { RunReport } from '../reports/types.js';
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
 * Writes `report` in every format of `outputs`, in order. Stdout is coloured on a TTY; files get no colour and
 * links relative to their folder. A file that cannot be written is a {@link UsageError} naming the path.
 */
export async function emitReports(report: RunReport, outputs: readonly OutputRequest[], options: EmitOptions): Promise<void> {
  const { FORMATTERS, writeReport } = await import('../reports/index.js');
  const { cwd, env } = options;
  const color = process.stdout.isTTY === true && env.NO_COLOR === undefined && env.FORCE_COLOR !== '0';
  for (const { format, output } of outputs) {
    const formatter = FORMATTERS[format as keyof typeof FORMATTERS];
    if (output === undefined) {
      const text = formatter(report, { cwd, color });
      process.stdout.write(text === '' || text.endsWith('\n') ? text : `${text}\n`);
      continue;
    }
    const target = resolve(cwd, output);
    try {
      await writeReport(target, formatter(report, { cwd, color: false, outputDir: dirname(target) }));
    } catch (error) {
      throw new UsageError(`--output ${output}: cannot write the ${format} report (${(error as NodeJS.ErrnoException).code ?? String(error)}); check the path`);
    }
    options.note?.(`wrote the ${format} report to ${output}`);
  }
}
