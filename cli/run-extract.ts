/**
 * `docpact extract [paths…] --out DIR`: pages → contracts on disk. Wiring only: loadPages → buildContracts →
 * writeContracts, then one summary line.
 */
import { EXIT } from './errors.js';

export interface ExtractOptions {
  /** Output folder (the command's default: `out/contracts`). */
  readonly out: string;
  /** Folder the input paths (and the file names in the output) are relative to; default `process.cwd()`. */
  readonly cwd?: string;
}

/**
 * Runs the extraction and resolves to the exit code: 0 when done (diagnostics do not fail extraction; the checks
 * of `docpact check` do), 2 when an input path does not exist — the other paths are still extracted and written.
 */
export async function runExtract(paths: readonly string[], options: ExtractOptions): Promise<number> {
  const inputs = paths.length > 0 ? [...paths] : ['docs'];
  const [{ loadPages, compareDiagnostics }, { buildContracts, writeContracts }] = await Promise.all([
    import('../extractor/index.js'),
    import('../contracts/index.js'),
  ]);
  // Missing paths are reported (and counted among the diagnostics) by loadPages; the rest is still extracted.
  const loaded = await loadPages(inputs, options.cwd ? { cwd: options.cwd } : {});
  for (const p of loaded.missing) process.stderr.write(`docpact extract: ${p}: no such file or folder; give Markdown files or folders of pages.\n`);
  const result = buildContracts(loaded.pages);
  const diagnostics = [...loaded.diagnostics, ...loaded.pages.flatMap((p) => p.diagnostics), ...result.diagnostics].sort(compareDiagnostics);
  await writeContracts(options.out, { ...result, diagnostics });
  const bySeverity = (s: string) => diagnostics.filter((d) => d.severity === s).length;
  process.stdout.write(
    `docpact extract: ${loaded.pages.length} pages → ${result.schemas.size} schemas, ${result.fixtures.length} fixtures in ${options.out}; ` +
      `${diagnostics.length} diagnostics (${bySeverity('error')} errors, ${bySeverity('warning')} warnings, ${bySeverity('info')} info), listed in ${options.out}/manifest.json\n`,
  );
  return loaded.missing.length > 0 ? EXIT.usage : EXIT.clean;
}
