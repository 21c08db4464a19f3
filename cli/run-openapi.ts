/**
 * `docpact openapi [paths…] --out FILE`: pages → contracts → OpenAPI 3.1. Wiring only: findInputs → loadPages →
 * buildContracts → buildOpenApi → write; the export's diagnostics go to stderr through a shared formatter.
 */
import { resolve } from 'node:path';
import type { Diagnostic } from '../core/diagnostic.js';
import type { DocPage } from '../extractor/model.js';
import type { OpenApiResult } from '../openapi/index.js';
import type { Inputs } from './inputs.js';
import { EXIT, UsageError } from './errors.js';
import { docpactVersion } from '../core/version.js';

export interface OpenapiOptions {
  /** Output file, or `-` for stdout. Default `out/openapi.json`. */
  readonly out?: string;
  /** Default: from the extension of `out` (`.yaml`/`.yml` → yaml), else json. */
  readonly format?: 'json' | 'yaml';
  /** Export one docs version only. Default: all. */
  readonly docsVersion?: string;
  /** Default: the config's `baseUrl`, else the examples' origin, else https://graph.microsoft.com. */
  readonly baseUrl?: string;
  /** Default `API reference`. */
  readonly title?: string;
  /** Published location of the pages, for externalDocs (see openapi/page-url.ts). */
  readonly docsUrl?: string;
  /** Formatter for the diagnostics on stderr. Default `stylish`. */
  readonly reportFormat?: string;
  readonly config?: string;
  /** No diagnostics, no summary. */
  readonly quiet?: boolean;
  /** Default `process.cwd()`. */
  readonly cwd?: string;
  /** Seconds one page may take to parse (`--page-timeout`). Default: the config's `pageTimeout`, else 5. */
  readonly pageTimeout?: number;
}

/**
 * Runs the export; resolves to 0 when the document was written (diagnostics do not fail it: the pages that could not
 * be exported are named in them), 2 on a usage, config or input error — a path that names nothing still lets the
 * other pages be exported and written.
 */
export async function runOpenapi(paths: readonly string[], options: OpenapiOptions = {}): Promise<number> {
  const cwd = options.cwd ?? process.cwd();
  const out = options.out ?? 'out/openapi.json';
  const { FORMATTERS, isFormatName, writeReportSet } = await import('../reports/index.js');
  const reportFormat = options.reportFormat ?? 'stylish';
  if (!isFormatName(reportFormat)) {
    throw new UsageError(`--report-format: Unexpected "${reportFormat}", expected one of ${Object.keys(FORMATTERS).join(', ')}`);
  }
  const { inputs, pages, result, diagnostics } = await openapiDocument(paths, options);
  const { serializeDocument, formatFromPath } = await import('../openapi/index.js');
  const format = options.format ?? formatFromPath(out === '-' ? undefined : out);
  const text = await serializeDocument(result.document, format);
  if (out === '-') {
    process.stdout.write(text);
  } else {
    try {
      await writeReportSet([{ path: resolve(cwd, out), content: text }]);
    } catch (error) {
      throw new UsageError(`--out: cannot write ${out} (${(error as NodeJS.ErrnoException).code ?? String(error)}); check the folder exists and is writable`);
    }
  }

  if (!options.quiet) {
    if (diagnostics.length > 0) {
      const report = {
        tool: { name: 'docpact' as const, version: await docpactVersion() },
        command: 'openapi',
        files: inputs.files,
        diagnostics,
        failSeverity: 'error' as const,
      };
      const shown = FORMATTERS[reportFormat](report, { cwd, color: process.stderr.isTTY === true && process.env.NO_COLOR === undefined });
      process.stderr.write(shown.endsWith('\n') ? shown : `${shown}\n`);
    }
    const s = result.stats;
    process.stderr.write(
      `docpact openapi: ${pages.length} pages → ${s.paths} paths, ${s.operations} operations, ${s.schemas} schemas, ${s.examples} examples ` +
        `in ${out === '-' ? 'stdout' : out} (${format}); ${diagnostics.length} diagnostics\n`,
    );
  }
  for (const problem of inputs.problems) process.stderr.write(`docpact: ${problem}\n`);
  return inputs.problems.length > 0 ? EXIT.usage : EXIT.clean;
}

/**
 * The whole of `openapi` but the writing and the printing: finds and reads the pages as `check` does, builds their
 * contracts and the OpenAPI 3.1 document. `diagnostics` are the unreadable pages' and the export's, sorted.
 * Throws {@link UsageError} for a bad `baseUrl`, a `docsVersion` no page has, or a bad config.
 */
export async function openapiDocument(
  paths: readonly string[], options: Omit<OpenapiOptions, 'out' | 'format' | 'reportFormat' | 'quiet'> = {},
): Promise<{ readonly inputs: Inputs; readonly pages: readonly DocPage[]; readonly result: OpenApiResult; readonly diagnostics: readonly Diagnostic[] }> {
  const cwd = options.cwd ?? process.cwd();
  if (options.baseUrl !== undefined && !/^https?:\/\/[^/\s]+(\/\S*)?$/i.test(options.baseUrl)) {
    throw new UsageError(`--base-url: Unexpected "${options.baseUrl}", expected an absolute http(s) URL such as https://graph.microsoft.com`);
  }
  const { loadConfig } = await import('./config.js');
  const loaded = await loadConfig(cwd, options.config);
  const { findInputs } = await import('./inputs.js');
  const inputs = await findInputs(paths, cwd, loaded);

  const [{ loadPagesParallel }, { compareDiagnostics }, { buildContracts }, { buildOpenApi }] = await Promise.all([
    import('../extractor/parallel.js'),
    import('../extractor/index.js'),
    import('../contracts/index.js'),
    import('../openapi/index.js'),
  ]);
  // Parsed like check (workers, and the per-page time budget on every path).
  const pageTimeout = options.pageTimeout ?? loaded.config.pageTimeout;
  const { pages, diagnostics: unread } = await loadPagesParallel([...inputs.files], { cwd, ...(pageTimeout !== undefined && { pageTimeout }) });
  if (options.docsVersion !== undefined && pages.length > 0 && !pages.some((p) => p.version === options.docsVersion)) {
    const found = [...new Set(pages.map((p) => p.version ?? 'none'))].sort().join(', ');
    throw new UsageError(`--docs-version: Unexpected "${options.docsVersion}", expected a version of the given pages (${found})`);
  }
  const contracts = buildContracts(pages);
  const result = buildOpenApi(pages, contracts, {
    ...(options.docsVersion !== undefined && { docsVersion: options.docsVersion }),
    ...((options.baseUrl ?? loaded.config.baseUrl) !== undefined && { baseUrl: options.baseUrl ?? loaded.config.baseUrl }),
    ...(options.title !== undefined && { title: options.title }),
    ...(options.docsUrl !== undefined && { docsBaseUrl: options.docsUrl }),
  });
  const diagnostics: Diagnostic[] = [...unread, ...result.diagnostics].sort(compareDiagnostics);
  return { inputs, pages, result, diagnostics };
}
