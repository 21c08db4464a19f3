/**
 * docpact's findings and fixes in the Language Server Protocol's terms. Pure functions over plain data, so the
 * server's wiring (server.ts) is the only module that loads vscode-languageserver at run time.
 *
 * Positions: a finding's lines and columns are 1-based and count UTF-16 code units from the start of the line
 * (extractor/positions.ts), LSP's are 0-based in the same units, so a position is (line - 1, column - 1) — the
 * same place `docpact check` prints.
 */
import { pathToFileURL } from 'node:url';
import type { CodeAction, Diagnostic as LspDiagnostic, DiagnosticSeverity, Position, Range as LspRange, TextEdit as LspTextEdit } from 'vscode-languageserver';
import type { Diagnostic, Point, Range, Severity } from '../core/diagnostic.js';
import type { Fix } from '../core/fix.js';

/** The `source` of every diagnostic docpact publishes. */
export const SOURCE = 'docpact';

/** The code action kind of "fix all": `source.fixAll.docpact` (editors run it on save when asked to). */
export const FIX_ALL_KIND = 'source.fixAll.docpact';

const SEVERITY: Readonly<Record<Severity, DiagnosticSeverity>> = { error: 1, warning: 2, info: 3 };

/** What a published diagnostic carries back to the server in `data` (code actions read it). */
export interface DiagnosticData {
  readonly file: string;
  /** The document version the finding was computed on (undefined for a file not open in the editor). */
  readonly version?: number;
  readonly element?: string;
  readonly fixes?: readonly Fix[];
}

export function toPosition(point: Point): Position {
  return { line: Math.max(0, point.line - 1), character: Math.max(0, point.column - 1) };
}

export function toLspRange(range: Range): LspRange {
  return { start: toPosition(range.start), end: toPosition(range.end) };
}

/**
 * A finding as an LSP diagnostic. `docRoot` is where docpact's rule docs live (the rule's `url` is relative to it);
 * `uriOf` turns a related location's file (relative to the workspace) into a URI.
 */
export function toLspDiagnostic(d: Diagnostic, options: { docRoot: string; uriOf: (file: string) => string; version?: number }): LspDiagnostic {
  const data: DiagnosticData = {
    file: d.file,
    ...(options.version !== undefined && { version: options.version }),
    ...(d.element !== undefined && { element: d.element }),
    ...(d.fixes !== undefined && d.fixes.length > 0 && { fixes: d.fixes }),
  };
  return {
    range: toLspRange(d.range),
    severity: SEVERITY[d.severity],
    code: d.ruleId,
    ...(d.url !== undefined && { codeDescription: { href: docHref(d.url, options.docRoot) } }),
    source: SOURCE,
    message: d.message,
    ...(d.related !== undefined && d.related.length > 0 && {
      relatedInformation: d.related.map((r) => ({ message: r.message, location: { uri: options.uriOf(r.file), range: toLspRange(r.range) } })),
    }),
    data,
  };
}

/** A rule doc's URL: absolute as it is, else a file URI under docpact's own folder (`checks/x.md`). */
export function docHref(url: string, docRoot: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(url)) return url;
  const [path, hash] = url.split('#', 2);
  const href = pathToFileURL(`${docRoot.replace(/\/$/, '')}/${path}`).href;
  return hash === undefined ? href : `${href}#${hash}`;
}

export function toLspEdits(fix: Fix): LspTextEdit[] {
  return fix.edits.map((e) => ({ range: toLspRange(e.range), newText: e.newText }));
}

/** One code action per fix of `diagnostic`; a safe fix is the preferred one. */
export function fixActions(uri: string, version: number | undefined, diagnostic: LspDiagnostic): CodeAction[] {
  const data = diagnostic.data as DiagnosticData | undefined;
  return (data?.fixes ?? []).map((fix) => ({
    title: fix.kind === 'safe' ? fix.title : `${fix.title} (suggestion: check the meaning)`,
    kind: 'quickfix',
    diagnostics: [diagnostic],
    isPreferred: fix.kind === 'safe',
    edit: workspaceEdit(uri, version, toLspEdits(fix)),
  }));
}

/**
 * "Fix all in file": every safe fix of the file's findings whose edits overlap none taken before it (in page
 * order); the rest is left for the next time, as `docpact check --fix` would on its next pass. Undefined when there
 * is no safe fix.
 */
export function fixAllAction(uri: string, version: number | undefined, diagnostics: readonly LspDiagnostic[], kind: string = FIX_ALL_KIND): CodeAction | undefined {
  const candidates: { fix: Fix; start: number; end: number }[] = [];
  for (const diagnostic of diagnostics) {
    for (const fix of (diagnostic.data as DiagnosticData | undefined)?.fixes ?? []) {
      if (fix.kind !== 'safe' || fix.edits.length === 0) continue;
      const starts = fix.edits.map((e) => e.range.start.offset);
      const ends = fix.edits.map((e) => e.range.end.offset);
      candidates.push({ fix, start: Math.min(...starts), end: Math.max(...ends) });
    }
  }
  candidates.sort((a, b) => a.start - b.start || a.end - b.end);
  const taken: Fix[] = [];
  const seen = new Set<string>();
  let reached = -1;
  for (const c of candidates) {
    const key = JSON.stringify(c.fix.edits);
    if (seen.has(key)) continue;
    // Two insertions at one point, or edits that touch, would be ambiguous: only strictly later edits are taken.
    if (c.start <= reached && taken.length > 0) continue;
    seen.add(key);
    taken.push(c.fix);
    reached = c.end;
  }
  if (taken.length === 0) return undefined;
  const edits = taken.flatMap(toLspEdits);
  return {
    title: `Fix all safe docpact findings in this file (${taken.length})`,
    kind,
    edit: workspaceEdit(uri, version, edits),
  };
}

/** A versioned edit when the version is known, so an editor refuses it on a document that changed since. */
function workspaceEdit(uri: string, version: number | undefined, edits: LspTextEdit[]): CodeAction['edit'] {
  if (version === undefined) return { changes: { [uri]: edits } };
  return { documentChanges: [{ textDocument: { uri, version }, edits }] };
}
