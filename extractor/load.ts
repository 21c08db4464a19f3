/**
 * Finds and reads the pages to process. Every input problem (missing path, empty, binary, not UTF-8, too large)
 * becomes a diagnostic naming the file; the other pages go on.
 */
import { relative, resolve, sep } from 'node:path';
import type { Diagnostic } from '../core/diagnostic.js';
import { FILE_START } from '../core/diagnostic.js';
import { DEFAULT_MAX_BYTES, InputFiles, pathKind, readRegularFileSync } from '../core/input-files.js';
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
  /** Paths given that are neither a regular file nor a folder (a FIFO, a device): never opened; exit 2 too. */
  readonly special: SpecialPath[];
}

/** A path given on the command line that names a FIFO, a socket or a device. */
export interface SpecialPath {
  readonly path: string;
  /** What it is: "FIFO (named pipe)", "character device", … */
  readonly what: string;
}

export { DEFAULT_MAX_BYTES };

/**
 * Expands files and folders into a sorted list of Markdown files (relative to cwd, `/`-separated), each real file
 * once (see `InputFiles`: symlinks followed once, loops end). A path that names nothing is in `missing`, one that
 * names a FIFO or a device in `special`; neither is ever opened.
 */
export async function findMarkdown(paths: readonly string[], options: LoadOptions = {}): Promise<{ files: string[]; missing: string[]; special: SpecialPath[] }> {
  const cwd = options.cwd ?? process.cwd();
  let accept: ((absolute: string) => boolean) | undefined;
  if (options.ignore !== undefined && options.ignore.length > 0) {
    const ignored = (await import('picomatch')).default([...options.ignore], { dot: true });
    accept = (absolute) => !ignored(toRel(cwd, absolute));
  }
  const inputs = new InputFiles(accept);
  const missing: string[] = [];
  const special: SpecialPath[] = [];
  for (const p of paths) {
    const abs = resolve(cwd, p);
    const kind = await pathKind(abs);
    if (kind.kind === 'missing') missing.push(p);
    else if (kind.kind === 'special') special.push({ path: p, what: kind.what });
    else if (kind.kind === 'dir') await inputs.addFolder(abs);
    else await inputs.addFile(abs);
  }
  return { files: [...new Set(inputs.files.map((f) => toRel(cwd, f)))].sort(), missing, special };
}

/** The findings for paths given that name nothing readable: `extract/path-not-found` and `extract/not-a-file`. */
export function pathDiagnostics(missing: readonly string[], special: readonly SpecialPath[]): Diagnostic[] {
  return [
    ...missing.map((p) => ({
      ruleId: 'extract/path-not-found', severity: 'error' as const, file: p, range: FILE_START, element: 'path',
      message: `Unexpected path "${p}": no such file or folder. Check the spelling, or run from the folder that holds it`,
    })),
    ...special.map(({ path, what }) => ({
      ruleId: 'extract/not-a-file', severity: 'error' as const, file: path, range: FILE_START, element: 'path',
      message: `Unexpected path "${path}": a ${what}, not a regular file or folder; docpact reads only regular files, so give Markdown files or folders of pages`,
    })),
  ];
}

function mebibytes(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
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
  // Never a plain readFile: a FIFO or a device named *.md would block it or fill memory. Read in this thread: the
  // promise reader's five trips through libuv's pool (stat, open, fstat, read, close) each wait for a busy core, and a
  // parse worker sat idle ~1.7 ms a page on them (CPU profile, corpus x3); at x10 the parse phase of a 2-worker check
  // went from 56.0 s to 45.4 s (one run each, in turn).
  const read = readRegularFileSync(resolve(cwd, file), max);
  if (read.kind === 'special') {
    return problem('extract/not-a-file', `Unexpected ${read.what}, expected a regular Markdown file: it was skipped unread; remove it or rename it away from .md`);
  }
  if (read.kind === 'too-large') {
    return problem('extract/file-too-large', `Unexpected file of ${read.size} bytes, expected at most ${read.max} (${mebibytes(read.max)}), docpact's limit for one page: split the page`);
  }
  if (read.kind === 'error') {
    return problem('extract/unreadable', `Cannot read the file (${read.code}): check that it exists and is readable`);
  }
  const bytes = read.bytes;
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
  return { text: withoutBom(text), diagnostics };
}

/** The text without its byte order mark: a BOM is not part of the page. */
export function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Parses a page from its text as the disk or an editor gives it (a BOM and all), as a read of the file would. */
export function parseText(file: string, text: string): DocPage {
  return safeParse(file, withoutBom(text));
}

/** Reads and parses every page under `paths`, in a stable order. */
export async function loadPages(paths: readonly string[], options: LoadOptions = {}): Promise<LoadResult> {
  const { files, missing, special } = await findMarkdown(paths, options);
  const diagnostics = pathDiagnostics(missing, special);
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
  return { pages, diagnostics, missing, special };
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
