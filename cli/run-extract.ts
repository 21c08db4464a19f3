/**
 * `docpact extract [paths…] --out DIR`: pages → contracts on disk. Wiring only: loadPages → buildContracts →
 * writeContracts, then one summary line.
 */
import type { ContractsResult } from '../contracts/index.js';
import type { Diagnostic } from '../core/diagnostic.js';
import type { LoadResult } from '../extractor/load.js';
import { EXIT } from './errors.js';

export interface ExtractOptions {
  /** Output folder (the command's default: `out/contracts`). */
  readonly out: string;
  /** Folder the input paths (and the file names in the output) are relative to; default `process.cwd()`. */
  readonly cwd?: string;
  /** Worker threads to parse with (default: the cores; small inputs use one). */
  readonly workers?: number;
  /** Print only the summary line, not the unreadable inputs. */
  readonly quiet?: boolean;
  /** Seconds one page may take to parse (`--page-timeout`). Default 5. */
  readonly pageTimeout?: number;
}

/**
 * Runs the extraction and resolves to the exit code: 0 when done (diagnostics do not fail extraction; the checks
 * of `docpact check` do), 2 when an input path does not exist — the other paths are still extracted and written.
 */
export async function runExtract(paths: readonly string[], options: ExtractOptions): Promise<number> {
  const { writeContracts } = await import('../contracts/index.js');
  const { loaded, result, diagnostics } = await extractContracts(paths, options);
  for (const p of loaded.missing) process.stderr.write(`docpact extract: ${p}: no such file or folder; give Markdown files or folders of pages.\n`);
  for (const { path, what } of loaded.special) process.stderr.write(`docpact extract: ${path}: a ${what}, not a regular file or folder (never opened); give Markdown files or folders of pages.\n`);
  // Inputs that could not be read as pages (empty, binary, not UTF-8, too large, an unclosed fence) are said here,
  // each with its file and line; the rest of the findings are in the manifest and in `docpact check`.
  const unreadable = diagnostics.filter((d) => d.ruleId.startsWith('extract/') && d.ruleId !== 'extract/path-not-found' && d.element !== 'path');
  if (unreadable.length > 0 && !options.quiet) {
    for (const d of unreadable) process.stderr.write(`${d.file}:${d.range.start.line}:${d.range.start.column}  ${d.severity}  ${d.message}  ${d.ruleId}\n`);
  }
  await writeContracts(options.out, { ...result, diagnostics });
  const bySeverity = (s: string) => diagnostics.filter((d) => d.severity === s).length;
  process.stdout.write(
    `docpact extract: ${loaded.pages.length} pages → ${result.schemas.size} schemas, ${result.fixtures.length} fixtures in ${options.out}; ` +
      `${diagnostics.length} diagnostics (${bySeverity('error')} errors, ${bySeverity('warning')} warnings, ${bySeverity('info')} info), listed in ${options.out}/manifest.json\n`,
  );
  return loaded.missing.length > 0 || loaded.special.length > 0 ? EXIT.usage : EXIT.clean;
}

/** The pages read, the contracts built from them and every diagnostic on the way, sorted. */
export interface Extraction {
  readonly loaded: LoadResult;
  readonly result: ContractsResult;
  readonly diagnostics: Diagnostic[];
}

/**
 * The whole of `extract` but the writing and the printing: reads the pages (default `docs`) and builds their
 * contracts. A path that names nothing is in `loaded.missing` (and a finding); the rest is still extracted.
 */
export async function extractContracts(paths: readonly string[], options: Omit<ExtractOptions, 'out' | 'quiet'> = {}): Promise<Extraction> {
  const inputs = paths.length > 0 ? [...paths] : ['docs'];
  const { loadPagesParallel } = await import('../extractor/parallel.js');
  const { compareDiagnostics } = await import('../core/diagnostic.js');
  const { buildContracts } = await import('../contracts/index.js');
  // Missing paths are reported (and counted among the diagnostics) by loadPages; the rest is still extracted.
  const loaded = await loadPagesParallel(inputs, { ...(options.cwd ? { cwd: options.cwd } : {}), ...(options.workers ? { workers: options.workers } : {}), ...(options.pageTimeout !== undefined && { pageTimeout: options.pageTimeout }) });
  const result = buildContracts(loaded.pages);
  const diagnostics = [...loaded.diagnostics, ...loaded.pages.flatMap((p) => p.diagnostics), ...result.diagnostics].sort(compareDiagnostics);
  return { loaded, result, diagnostics };
}
