/**
 * `docpact lsp --stdio`: docpact's findings, fixes and type knowledge in any editor that speaks the Language Server
 * Protocol (vscode-languageserver; see README for the versions and their Node 20 support).
 *
 * - Diagnostics: on open and save at once, on change after `debounceMs` of quiet; from the same rules, config and
 *   cache as `docpact check` over the workspace's whole doc set (workspace.ts), so an edit to a resource page
 *   re-publishes the API pages whose examples are checked against it.
 * - Code actions: each fix of a finding (core/fix.ts), and "fix all" of the safe ones in the file.
 * - Hover and go-to-definition on property names, Type cells, `@odata.type` values and links (navigate.ts).
 * - Completion of annotation keys and `@odata.type` values (complete.ts).
 *
 * stdout carries the protocol: nothing else may write to it (the checks run with `quiet`, no progress bar).
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind, type Connection, type InitializeParams } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocPage } from '../extractor/model.js';
import { PACKAGE_ROOT } from '../core/package-root.js';
import { completionsAt } from './complete.js';
import { FIX_ALL_KIND, fixActions, fixAllAction, SOURCE, toLspDiagnostic, toLspRange, type DiagnosticData } from './convert.js';
import { definitionAt, hoverAt, type Place } from './navigate.js';
import { Workspace } from './workspace.js';

export interface ServerOptions {
  /** Quiet period after the last change before checking again. Default 300 ms (initializationOptions.debounceMs wins). */
  readonly debounceMs?: number;
  /** Worker threads for parsing (`--workers`). Default: the engine's. */
  readonly workers?: number;
}

/** docpact's own folder: rule docs (`checks/x.md`) are linked from there (the package root, also when compiled to dist/). */
const DOC_ROOT = PACKAGE_ROOT;

/** Starts the server on stdin/stdout; resolves when the client has sent `exit`. */
export function runStdioServer(options: ServerOptions = {}): Promise<number> {
  const connection = createConnection(ProposedFeatures.all, process.stdin, process.stdout);
  return new Promise((done) => {
    const server = serve(connection, options);
    // LSP: exit code 0 when `shutdown` came before `exit`, else 1.
    connection.onExit(() => done(server.isShutDown() ? 0 : 1));
    connection.listen();
  });
}

/** Wires docpact's features onto `connection` (not yet listening). */
export function serve(connection: Connection, options: ServerOptions = {}): { isShutDown(): boolean } {
  const documents = new TextDocuments(TextDocument);
  let shutDown = false;
  const opened = new Set<string>();
  let workspace: Workspace | undefined;
  let debounceMs = options.debounceMs ?? 300;

  const openTexts = function* () {
    for (const doc of documents.all()) yield { uri: doc.uri, version: doc.version, text: doc.getText() };
  };

  connection.onInitialize((params: InitializeParams) => {
    const folder = params.workspaceFolders?.[0]?.uri ?? params.rootUri ?? undefined;
    const root = folder?.startsWith('file:') ? fileURLToPath(folder) : (params.rootPath ?? process.cwd());
    const init = (params.initializationOptions ?? {}) as { debounceMs?: unknown };
    if (typeof init.debounceMs === 'number' && Number.isFinite(init.debounceMs) && init.debounceMs >= 0) debounceMs = init.debounceMs;
    workspace = new Workspace({
      root,
      openTexts,
      ...(options.workers !== undefined && { workers: options.workers }),
      onFindings(file, findings, snapshot) {
        const uri = workspace!.uriOf(file);
        const version = snapshot.versions.get(file);
        const uriOf = (f: string): string => pathToFileURL(resolve(workspace!.root, f)).href;
        void connection.sendDiagnostics({
          uri,
          ...(version !== undefined && { version }),
          diagnostics: findings.map((d) => toLspDiagnostic(d, { docRoot: DOC_ROOT, uriOf, ...(version !== undefined && { version }) })),
        });
      },
      onError(message) {
        void connection.window.showErrorMessage(`docpact: ${message}`);
      },
    });
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: ['quickfix', FIX_ALL_KIND] },
        hoverProvider: true,
        definitionProvider: true,
        completionProvider: { triggerCharacters: ['"', '.', '#'] },
      },
      serverInfo: { name: 'docpact' },
    };
  });

  connection.onInitialized(() => workspace?.schedule(0));

  documents.onDidOpen((event) => {
    const file = workspace?.fileOf(event.document.uri);
    if (file === undefined) return;
    opened.add(event.document.uri);
    workspace!.force(file);
    workspace!.schedule(0);
  });
  documents.onDidChangeContent((event) => {
    // Open fires this too, right after onDidOpen, which has scheduled a run at once: a wait would only delay it.
    if (opened.delete(event.document.uri)) return;
    workspace?.schedule(debounceMs);
  });
  documents.onDidSave(() => workspace?.schedule(0));
  documents.onDidClose((event) => {
    // Back to the text on disk.
    if (workspace?.fileOf(event.document.uri) !== undefined) workspace.schedule(0);
  });
  connection.onDidChangeWatchedFiles(() => workspace?.schedule(debounceMs));

  // The editor's current text, parsed once per version, for hover, definition and completion.
  const parsed = new Map<string, { version: number; page: DocPage }>();
  const pageOf = async (uri: string): Promise<{ page: DocPage; doc: TextDocument } | undefined> => {
    const doc = documents.get(uri);
    const file = workspace?.fileOf(uri);
    if (!doc || file === undefined) return undefined;
    const hit = parsed.get(uri);
    if (hit?.version === doc.version) return { page: hit.page, doc };
    const { safeParse } = await import('../extractor/load.js');
    const page = safeParse(file, doc.getText());
    parsed.set(uri, { version: doc.version, page });
    return { page, doc };
  };
  documents.onDidClose((event) => parsed.delete(event.document.uri));
  const linkOf = (place: Place): string => `${pathToFileURL(resolve(workspace!.root, place.file)).href}#L${place.range.start.line}`;

  connection.onHover(async (params) => {
    const at = await pageOf(params.textDocument.uri);
    const index = workspace?.snapshot?.index;
    if (!at || !index) return null;
    const info = hoverAt(index, at.page, at.doc.offsetAt(params.position), linkOf);
    return info ? { contents: { kind: 'markdown', value: info.markdown }, range: toLspRange(info.range) } : null;
  });

  connection.onDefinition(async (params) => {
    const at = await pageOf(params.textDocument.uri);
    const index = workspace?.snapshot?.index;
    if (!at || !index) return [];
    return definitionAt(index, at.page, at.doc.offsetAt(params.position)).map((place) => ({
      uri: workspace!.uriOf(place.file),
      range: toLspRange(place.range),
    }));
  });

  connection.onCompletion((params) => {
    const doc = documents.get(params.textDocument.uri);
    const file = doc && workspace?.fileOf(doc.uri);
    if (!doc || file === undefined) return [];
    const snapshot = workspace!.snapshot;
    const version = snapshot?.index.pageAt(file)?.version ?? /\/(beta|v1\.0)\//.exec(file)?.[1];
    return completionsAt(doc.getText(), doc.offsetAt(params.position), version, snapshot?.index);
  });

  connection.onCodeAction((params) => {
    const doc = documents.get(params.textDocument.uri);
    const file = workspace?.fileOf(params.textDocument.uri);
    if (file === undefined) return [];
    const version = doc?.version;
    const ours = params.context.diagnostics.filter((d) => d.source === SOURCE && (d.data as DiagnosticData | undefined)?.file === file);
    // Fixes are edits of the text they were computed on: none is offered for an older version of the document.
    const current = ours.filter((d) => (d.data as DiagnosticData).version === version);
    const only = params.context.only;
    const wants = (kind: string): boolean => only === undefined || only.some((k) => kind === k || kind.startsWith(`${k}.`));
    const actions = wants('quickfix') ? current.flatMap((d) => fixActions(params.textDocument.uri, version, d)) : [];
    // "Fix all in file" covers every finding of the file, not only those under the cursor.
    const all = workspace?.snapshot?.byFile.get(file) ?? [];
    if (workspace?.snapshot?.versions.get(file) === version) {
      const published = all.map((d) => toLspDiagnostic(d, { docRoot: DOC_ROOT, uriOf: (f) => f, ...(version !== undefined && { version }) }));
      for (const kind of [FIX_ALL_KIND, 'quickfix']) {
        if (!wants(kind) || (kind === 'quickfix' && actions.length === 0)) continue;
        const fixAll = fixAllAction(params.textDocument.uri, version, published, kind);
        if (fixAll) actions.push(fixAll);
      }
    }
    return actions;
  });

  connection.onShutdown(async () => {
    shutDown = true;
    workspace?.dispose();
    await workspace?.idle();
  });

  documents.listen(connection);
  return { isShutDown: () => shutDown };
}
