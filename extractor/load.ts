/**
 * Finds and reads the pages to process. Every input problem (missing path, empty, binary, not UTF-8, too large)
 * becomes a diagnostic naming the file; the other pages go on.
 */
import { readFile, stat } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';
import { glob } from 'tinyglobby';
import type { Diagnostic } from '../core/diagnostic.js';
import { FILE_START } from '../core/diagnostic.js';
import type { DocPage } from './model.js';
import { parsePage, type ParseOptions } from './page.js';

export interface LoadOptions extends ParseOptions {
  /** Base for relative paths in diagnostics (default `process.cwd()`). */
  readonly cwd?: string;
  /** Globs of files to leave out (matched against paths relative to cwd). */
  readonly ignore?: readonly string[];
  /** Pages larger than this are reported and skipped (default 8 MiB). */
  readonly maxBytes?: number;
}

export interface LoadResult {
  readonly pages: DocPage[];
  /** Input problems that are not tied to a parsed page: missing paths, unreadable files. */
  readonly diagnostics: Diagnostic[];
  /** Paths given that do not exist (a usage error for the CLI: exit 2). */
  readonly missing: string[];
}

export const DEFAULT_MAX_BYTES = 8 * 1024 * 1024;

/** Expands files and folders into a sorted, de-duplicated list of Markdown files (relative to cwd, `/`-separated). */
export async function findMarkdown(paths: readonly string[], options: LoadOptions = {}): Promise<{ files: string[]; missing: string[] }> {
  const cwd = options.cwd ?? process.cwd();
  const files = new Set<string>();
  const missing: string[] = [];
  for (const p of paths) {
    const abs = resolve(cwd, p);
    let info;
    try {
      info = await stat(abs);
    } catch {
      missing.push(p);
      continue;
    }
    if (info.isDirectory()) {
      const found = await glob('**/*.md', { cwd: abs, absolute: true, ignore: ['**/node_modules/**', ...(options.ignore ?? [])], caseSensitiveMatch: false });
      for (const f of found) files.add(toRel(cwd, f));
    } else {
      files.add(toRel(cwd, abs));
    }
  }
  return { files: [...files].sort(), missing };
}

function toRel(cwd: string, abs: string): string {
  const rel = relative(cwd, abs);
  return (rel === '' ? abs : rel).split(sep).join('/');
}

/** Reads one file into text, or a diagnostic saying why it cannot be a page. */
export async function readPageText(file: string, options: LoadOptions = {}): Promise<{ text?: string; diagnostics: Diagnostic[] }> {
  const cwd = options.cwd ?? process.cwd();
  const max = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const problem = (ruleId: string, message: string, severity: Diagnostic['severity'] = 'error'): { diagnostics: Diagnostic[] } => ({
    diagnostics: [{ ruleId, severity, message, file, range: FILE_START, element: 'file' }],
  });
  let bytes: Buffer;
  try {
    const info = await stat(resolve(cwd, file));
    if (info.size > max) {
      return problem('extract/file-too-large', `Unexpected file of ${info.size} bytes, expected at most ${max}: split the page, or raise the limit with --max-bytes`);
    }
    bytes = await readFile(resolve(cwd, file));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    return problem('extract/unreadable', `Cannot read the file (${code}): check that it exists and is readable`);
  }
  if (bytes.length === 0 || bytes.toString('utf8').trim() === '') {
    return problem('extract/empty-file', 'Unexpected empty file, expected a Markdown page: remove it or write the page', 'warning');
  }
  if (bytes.subarray(0, 8000).includes(0)) {
    return problem('extract/binary-file', 'Unexpected binary content (NUL bytes), expected a Markdown text file: remove it or rename it away from .md');
  }
  let text: string;
  const diagnostics: Diagnostic[] = [];
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder('utf-8').decode(bytes);
    const bad = text.indexOf('\uFFFD');
    const before = text.slice(0, Math.max(0, bad));
    const line = before.split('\n').length;
    const column = bad - before.lastIndexOf('\n');
    diagnostics.push({
      ruleId: 'extract/invalid-utf8', severity: 'error', file, element: 'file',
      message: 'Unexpected bytes that are not UTF-8, expected a UTF-8 file: re-save the page as UTF-8 (the bad bytes read as U+FFFD)',
      range: { start: { line, column, offset: bad }, end: { line, column: column + 1, offset: bad + 1 } },
    });
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { text, diagnostics };
}

/** Reads and parses every page under `paths`, in a stable order. */
export async function loadPages(paths: readonly string[], options: LoadOptions = {}): Promise<LoadResult> {
  const { files, missing } = await findMarkdown(paths, options);
  const diagnostics: Diagnostic[] = missing.map((p) => ({
    ruleId: 'extract/path-not-found', severity: 'error' as const, file: p, range: FILE_START, element: 'path',
    message: `Unexpected path "${p}": no such file or folder. Check the spelling, or run from the folder that holds it`,
  }));
  const pages: DocPage[] = [];
  for (const file of files) {
    const read = await readPageText(file, options);
    if (read.text === undefined) {
      diagnostics.push(...read.diagnostics);
      continue;
    }
    const page = safeParse(file, read.text, options);
    pages.push(read.diagnostics.length ? { ...page, diagnostics: [...read.diagnostics, ...page.diagnostics] } : page);
  }
  return { pages, diagnostics, missing };
}

/** parsePage, but a crash of the parser on one page becomes a diagnostic on that page. */
export function safeParse(file: string, text: string, options: ParseOptions = {}): DocPage {
  try {
    return parsePage(file, text, options);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      file, kind: 'unknown', stem: (file.split('/').pop() ?? file).replace(/\.md$/i, ''), headings: [], tables: [], links: [],
      requestTemplates: [], httpRequestSections: [], permissions: [], requestHeaders: [], parameters: [], requestBody: [],
      examples: [], pairs: [], properties: [], relationships: [], enums: [], source: text,
      diagnostics: [{ ruleId: 'extract/parse-failed', severity: 'error', file, range: FILE_START, element: 'file', message: `docpact could not read this page (${message}); please report it with the page attached` }],
    };
  }
}
