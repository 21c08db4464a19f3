/**
 * The language server's view of the workspace: the doc set `docpact check` would read there, analysed by the same
 * engine with the same cache (cli/run-check.ts `collectFindings` → engine/analyze.ts), with the editor's unsaved
 * buffers in place of the files on disk.
 *
 * Runs are serialised: a request for a run while one is going marks the next, so a burst of edits costs at most one
 * run in flight and one after it. Every run re-reads the whole doc set, and the cache re-checks only what changed
 * and what depends on it (an API page whose example was checked against an edited resource page), so the findings
 * of every page are always those `check` would print for the same texts. After a run, the files whose findings
 * changed are handed to `onFindings`.
 */
import { relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Diagnostic } from '../core/diagnostic.js';
import type { DocPage } from '../extractor/model.js';
import { DocIndex } from '../resolve/doc-index.js';

/** An open document as the server holds it. */
export interface OpenText {
  readonly uri: string;
  readonly version: number;
  readonly text: string;
}

/** One run's result. */
export interface Snapshot {
  /** Findings by file (relative to the workspace, `/`-separated), after rule settings, sorted as `check` sorts them. */
  readonly byFile: ReadonlyMap<string, readonly Diagnostic[]>;
  /** Every page of the doc set (lazy: fields beyond the facts are read from the cache on first use). */
  readonly pages: readonly DocPage[];
  /** The resolved doc set (resolve/doc-index.ts) of those pages. */
  readonly index: DocIndex;
  /** The files of the doc set. */
  readonly files: ReadonlySet<string>;
  /** The version of each open document the run analysed. */
  readonly versions: ReadonlyMap<string, number>;
}

export interface WorkspaceOptions {
  /** The workspace folder: where the config is looked up and `.docpact/cache` lives. */
  readonly root: string;
  /** The open documents now. */
  readonly openTexts: () => Iterable<OpenText>;
  /** Told, after each run, of each file whose findings differ from the last ones told (and of `force`d files). */
  readonly onFindings: (file: string, findings: readonly Diagnostic[], snapshot: Snapshot) => void;
  /** Told when a run fails as a whole (a bad config): the message to show. */
  readonly onError: (message: string) => void;
  /** Worker threads for parsing; default: the engine's (the cores). */
  readonly workers?: number;
}

export class Workspace {
  readonly root: string;
  private snapshotNow: Snapshot | undefined;
  private readonly told = new Map<string, string>();
  private readonly forced = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private lastProblems = '';
  private readonly waiters: (() => void)[] = [];

  constructor(private readonly options: WorkspaceOptions) {
    this.root = resolve(options.root);
  }

  /** The last run's result, if any run has finished. */
  get snapshot(): Snapshot | undefined {
    return this.snapshotNow;
  }

  /**
   * The doc-set path of a `file:` URI inside the workspace (`docs/api/x.md`), else undefined. Nothing outside the
   * workspace folder is ever analysed or read for the editor.
   */
  fileOf(uri: string): string | undefined {
    if (!uri.startsWith('file:')) return undefined;
    let path: string;
    try {
      path = fileURLToPath(uri);
    } catch {
      return undefined;
    }
    const rel = relative(this.root, path);
    if (rel === '' || rel.startsWith('..') || resolve(this.root, rel) !== resolve(path)) return undefined;
    return rel.split(sep).join('/');
  }

  /** The URI to publish a file's findings under: the open document's own URI when it is open. */
  uriOf(file: string): string {
    for (const open of this.options.openTexts()) if (this.fileOf(open.uri) === file) return open.uri;
    return pathToFileURL(resolve(this.root, file)).href;
  }

  /** Publish `file`'s findings after the next run even if they did not change (a document just opened). */
  force(file: string): void {
    this.forced.add(file);
  }

  /** Runs after `delayMs` of quiet (each call restarts the wait). */
  schedule(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.kick();
    }, delayMs);
  }

  /** Resolves when no run is scheduled or going (for shutdown and tests). */
  idle(): Promise<void> {
    if (!this.running && !this.timer) return Promise.resolve();
    return new Promise((done) => this.waiters.push(done));
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private kick(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    // A failure of one run (docpact's own bug) is shown, never the end of the server: the next edit runs again.
    this.running = this.runOnce().catch((error: unknown) => this.options.onError(`internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)).finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        this.kick();
      } else if (!this.timer) {
        for (const done of this.waiters.splice(0)) done();
      }
    });
  }

  private async runOnce(): Promise<void> {
    const texts = new Map<string, string>();
    const versions = new Map<string, number>();
    for (const open of this.options.openTexts()) {
      const file = this.fileOf(open.uri);
      if (file === undefined) continue;
      texts.set(file, open.text);
      versions.set(file, open.version);
    }
    let findings: Awaited<ReturnType<typeof import('../cli/run-check.js').collectFindings>>;
    try {
      const { collectFindings } = await import('../cli/run-check.js');
      // quiet: no progress bar and no notes (stdout is the protocol's); env without GITHUB_ACTIONS and the like.
      findings = await collectFindings([], {
        cwd: this.root, quiet: true, env: {}, texts, ...(this.options.workers !== undefined && { workers: this.options.workers }),
      });
    } catch (error) {
      this.options.onError(error instanceof Error ? error.message : String(error));
      return;
    }
    // A workspace without docs (no docs/ folder, a config glob that matches nothing): said once, not at every edit.
    const problems = findings.inputProblems.join('; ');
    if (problems !== '' && problems !== this.lastProblems) this.options.onError(problems);
    this.lastProblems = problems;
    const byFile = new Map<string, Diagnostic[]>();
    for (const d of findings.diagnostics) {
      const list = byFile.get(d.file);
      if (list) list.push(d);
      else byFile.set(d.file, [d]);
    }
    const snapshot: Snapshot = { byFile, pages: findings.pages, index: new DocIndex(findings.pages), files: new Set(findings.files), versions };
    this.snapshotNow = snapshot;
    const forced = new Set(this.forced);
    this.forced.clear();
    const changed = new Set<string>([...byFile.keys(), ...this.told.keys(), ...forced]);
    for (const file of [...changed].sort()) {
      const list = byFile.get(file) ?? [];
      // The version is part of what was told: the same findings on a newer text are told again, with its version.
      const key = `${versions.get(file) ?? ''}\0${JSON.stringify(list)}`;
      if (this.told.get(file) === key && !forced.has(file)) continue;
      if (list.length === 0) this.told.delete(file);
      else this.told.set(file, key);
      this.options.onFindings(file, list, snapshot);
    }
  }
}
