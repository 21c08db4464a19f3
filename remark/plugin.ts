/**
 * `docpact/remark`: docpact's rules as a unified plugin, for projects already on `remark-cli` or
 * `unified-language-server`: `remark --use docpact/remark docs`, or `"plugins": ["docpact/remark"]` in `.remarkrc`.
 *
 * docpact's rules work across pages (a response example is checked against its resource page), so the plugin does
 * not check the one tree it is handed: it runs what `docpact check` runs — the same rules, config and cache
 * (`collectFindings`, engine/analyze.ts) over the doc set of the file's working directory (the config's `docs`, else
 * `docs/`) — once per process for the files as they are on disk, and again with the file's own text when that text
 * is not what is on disk (an editor's unsaved buffer). Each finding on the file becomes a vfile message at the same
 * place `check` prints: `fatal` for an error (remark then exits 1), a warning, or an info message (`fatal` unset).
 *
 * A file outside the doc set gets no message: docpact does not check pages it would not read.
 */
import { readFile } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from '../core/diagnostic.js';
import { PACKAGE_ROOT } from '../core/package-root.js';

export interface DocpactRemarkOptions {
  /** Config file; default: `docpact.config.json` found by walking up from the working directory. */
  readonly config?: string;
  /** `ID=SEVERITY` settings over the config's `rules`, as `check --rule`. */
  readonly rule?: readonly string[];
}

/** The part of a vfile (vfile 6) the plugin uses. */
interface MessagePlace {
  readonly start: { readonly line: number; readonly column: number; readonly offset: number };
  readonly end: { readonly line: number; readonly column: number; readonly offset: number };
}
interface FileMessage {
  fatal?: boolean | null | undefined;
  url?: string | undefined;
  actual?: string | undefined;
  expected?: string[] | undefined;
  note?: string | undefined;
}
interface PluginFile {
  readonly cwd: string;
  readonly path?: string | undefined;
  readonly value: unknown;
  message(reason: string, options: { place: MessagePlace; ruleId: string; source: string }): FileMessage;
}

type Findings = { readonly files: readonly string[]; readonly diagnostics: readonly Diagnostic[] };

/** Runs by working directory, options and overlay text, shared by every file of one process. */
const runs = new Map<string, Promise<Findings>>();

/** How long a run on the files as they are on disk answers further files after it finished. */
const BATCH_MS = 2000;

/** docpact's own folder (above dist/ when compiled): rule docs (`checks/x.md`) are linked from there. */
const DOC_ROOT = PACKAGE_ROOT;

function findingsFor(cwd: string, options: DocpactRemarkOptions, texts?: ReadonlyMap<string, string>): Promise<Findings> {
  const key = JSON.stringify([cwd, options.config ?? null, options.rule ?? [], texts ? [...texts] : null]);
  let run = runs.get(key);
  if (!run) {
    run = import('../cli/run-check.js').then(({ collectFindings }) =>
      collectFindings([], {
        cwd, quiet: true, env: {},
        ...(options.config !== undefined && { config: options.config }),
        ...(options.rule !== undefined && { rule: options.rule }),
        ...(texts !== undefined && { texts }),
      }),
    );
    // One run serves a batch of files (remark-cli hands them over together); a long-lived process (an editor's
    // unified-language-server) must see later changes on disk, so a run is forgotten soon after it is answered.
    // An overlay run is for one file's one text: forgotten as soon as it is answered.
    const forget = (): void => {
      if (runs.get(key) === run) runs.delete(key);
    };
    void run.then(
      () => (texts ? forget() : setTimeout(forget, BATCH_MS).unref()),
      forget,
    );
    runs.set(key, run);
  }
  return run;
}

const SEVERITY_FATAL = { error: true, warning: false, info: undefined } as const;

/** The unified plugin: `unified().use(docpactRemark, options)`. */
export default function docpactRemark(options: DocpactRemarkOptions = {}): (tree: unknown, file: PluginFile) => Promise<void> {
  return async (_tree, file) => {
    if (file.path === undefined) return;
    const cwd = resolve(file.cwd);
    const rel = relative(cwd, resolve(cwd, file.path)).split(sep).join('/');
    if (rel.startsWith('../')) return;
    const text = typeof file.value === 'string' ? file.value : new TextDecoder().decode(file.value as Uint8Array);
    let onDisk: string | undefined;
    try {
      onDisk = await readFile(resolve(cwd, rel), 'utf8');
    } catch {
      onDisk = undefined;
    }
    const findings = await findingsFor(cwd, options, onDisk === text ? undefined : new Map([[rel, text]]));
    if (!findings.files.includes(rel)) return;
    for (const d of findings.diagnostics) {
      if (d.file !== rel) continue;
      const message = file.message(d.message, { place: d.range, ruleId: d.ruleId, source: 'docpact' });
      message.fatal = SEVERITY_FATAL[d.severity];
      if (d.url !== undefined) message.url = /^[a-z][a-z0-9+.-]*:/i.test(d.url) ? d.url : pathToFileURL(resolve(DOC_ROOT, d.url.split('#')[0])).href + (d.url.includes('#') ? `#${d.url.split('#')[1]}` : '');
      if (d.actual !== undefined) message.actual = d.actual;
      if (d.expected !== undefined) message.expected = [d.expected];
    }
  };
}
