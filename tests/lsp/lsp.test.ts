/**
 * `docpact lsp --stdio` driven over real stdio by a vscode-jsonrpc client, as an editor would: initialize, open the
 * seed page and get the findings `docpact check` prints (same lines, columns, rules and messages), apply a code
 * action's edit and get the findings of the new text, edit a resource page (unsaved) and get the re-published
 * findings of the API pages whose examples use it, hover, go to a definition, complete, shut down.
 * Runs on a scratch copy of docs/.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, CompletionItem, Diagnostic as LspDiagnostic, Hover, Location, PublishDiagnosticsParams, TextEdit } from 'vscode-languageserver';
import type { Diagnostic } from '../../core/diagnostic.js';
import { ROOT } from '../helpers/paths.js';

const SEED = 'docs/api-reference/beta/api/accesspackageassignment-post.md';
const GET = 'docs/api-reference/beta/api/accesspackageassignment-get.md';
const RESOURCE = 'docs/api-reference/beta/resources/accesspackageassignment.md';
const BIN = join(ROOT, 'bin', 'docpact.js');

let ws: string;
let server: ChildProcess;
let rpc: MessageConnection;
let stderr = '';
const published: PublishDiagnosticsParams[] = [];
const waiters: (() => void)[] = [];
const uri = (file: string): string => pathToFileURL(join(ws, file)).href;

/** The first publication for `file` after the `since`-th one that satisfies `test`. */
async function diagnosticsFor(file: string, since: number, test: (p: PublishDiagnosticsParams) => boolean = () => true): Promise<PublishDiagnosticsParams> {
  for (;;) {
    const hit = published.slice(since).find((p) => p.uri === uri(file) && test(p));
    if (hit) return hit;
    await new Promise<void>((done) => waiters.push(done));
  }
}

const messageOf = (d: LspDiagnostic): string => (typeof d.message === 'string' ? d.message : d.message.value);
const where = (d: LspDiagnostic): string => `${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1} ${String(d.code)} ${d.severity} ${messageOf(d)}`;
const severity = { error: 1, warning: 2, info: 3 } as const;
const whereCheck = (d: Diagnostic): string => `${d.range.start.line}:${d.range.start.column}-${d.range.end.line}:${d.range.end.column} ${d.ruleId} ${severity[d.severity]} ${d.message}`;

function checkJson(): Promise<Diagnostic[]> {
  return new Promise((done, fail) => {
    execFile(process.execPath, [BIN, 'check', '--format', 'json', '--quiet'], { cwd: ws, maxBuffer: 64 << 20 }, (error, stdout) => {
      if (error && error.code !== 1) fail(error);
      else done((JSON.parse(stdout) as { diagnostics: Diagnostic[] }).diagnostics);
    });
  });
}

beforeAll(async () => {
  ws = mkdtempSync(join(tmpdir(), 'docpact-lsp-'));
  cpSync(join(ROOT, 'docs'), join(ws, 'docs'), { recursive: true });
  server = spawn(process.execPath, [BIN, 'lsp', '--stdio', '--debounce', '50'], { cwd: tmpdir(), stdio: ['pipe', 'pipe', 'pipe'] });
  server.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  rpc = createMessageConnection(new StreamMessageReader(server.stdout!), new StreamMessageWriter(server.stdin!));
  rpc.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
    published.push(params);
    for (const done of waiters.splice(0)) done();
  });
  rpc.listen();
});

afterAll(async () => {
  rpc?.dispose();
  if (server && server.exitCode === null) {
    server.kill();
    await new Promise((done) => server.once('exit', done));
  }
  rmSync(ws, { recursive: true, force: true });
});

describe('docpact lsp --stdio', () => {
  let seed: TextDocument;
  let seedDiagnostics: LspDiagnostic[];

  it('should initialize with the features docpact serves', async () => {
    const result = await rpc.sendRequest<{ capabilities: Record<string, unknown>; serverInfo: { name: string } }>('initialize', {
      processId: process.pid, rootUri: pathToFileURL(ws).href, capabilities: {}, workspaceFolders: [{ uri: pathToFileURL(ws).href, name: 'ws' }],
    });
    expect(result.serverInfo.name).toBe('docpact');
    expect(result.capabilities).toMatchObject({ hoverProvider: true, definitionProvider: true, codeActionProvider: expect.anything(), completionProvider: expect.anything() });
    await rpc.sendNotification('initialized', {});
  });

  it('should publish the seed page\'s findings at the lines and columns docpact check prints', async () => {
    const text = readFileSync(join(ws, SEED), 'utf8');
    seed = TextDocument.create(uri(SEED), 'markdown', 1, text);
    const since = published.length;
    await rpc.sendNotification('textDocument/didOpen', { textDocument: { uri: seed.uri, languageId: 'markdown', version: 1, text } });
    const got = await diagnosticsFor(SEED, since, (p) => p.version === 1);
    seedDiagnostics = got.diagnostics;
    const expected = (await checkJson()).filter((d) => d.file === SEED);
    expect(expected.length).toBeGreaterThan(20);
    expect(got.diagnostics.map(where).sort()).toEqual(expected.map(whereCheck).sort());
    expect(got.diagnostics.every((d) => d.source === 'docpact' && d.codeDescription?.href.startsWith('file:'))).toBe(true);
  });

  it('should offer a fix as a code action whose edit, once applied, takes its finding away', async () => {
    // A wrong Content-Length typed into the request (the seed's own findings have no fix): re-checked after the debounce.
    const broken = seed.getText().replace('Content-length: 424', 'Content-length: 999');
    expect(broken).not.toBe(seed.getText());
    seed = TextDocument.update(seed, [{ text: broken }], 2);
    let since = published.length;
    await rpc.sendNotification('textDocument/didChange', { textDocument: { uri: seed.uri, version: 2 }, contentChanges: [{ text: broken }] });
    const withDefect = await diagnosticsFor(SEED, since, (p) => p.version === 2);
    const target = withDefect.diagnostics.find((d) => d.code === 'http-content-length');
    expect(target).toBeDefined();
    expect(withDefect.diagnostics.filter((d) => d !== target).map(where).sort()).toEqual(seedDiagnostics.map(where).sort());

    const actions = await rpc.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: seed.uri }, range: target!.range, context: { diagnostics: [target] },
    });
    const quickfix = actions.find((a) => a.kind === 'quickfix' && a.diagnostics?.[0]?.code === 'http-content-length');
    expect(quickfix?.title).toMatch(/^Set Content-Length to \d+$/);
    const length = /\d+$/.exec(quickfix!.title)![0];
    const change = quickfix!.edit!.documentChanges![0] as { textDocument: { uri: string; version: number }; edits: TextEdit[] };
    expect(change.textDocument).toEqual({ uri: seed.uri, version: 2 });
    const fixed = TextDocument.applyEdits(seed, change.edits);
    expect(fixed).toBe(broken.replace('Content-length: 999', `Content-length: ${length}`));
    // "Fix all" offers the same safe fix for the whole file.
    const all = await rpc.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: seed.uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: ['source.fixAll'] },
    });
    expect(all.map((a) => a.kind)).toEqual(['source.fixAll.docpact']);

    seed = TextDocument.update(seed, [{ text: fixed }], 3);
    since = published.length;
    await rpc.sendNotification('textDocument/didChange', { textDocument: { uri: seed.uri, version: 3 }, contentChanges: change.edits.map((e) => ({ range: e.range, text: e.newText })) });
    const after = await diagnosticsFor(SEED, since, (p) => p.version === 3);
    expect(after.diagnostics.map(where).sort()).toEqual(seedDiagnostics.map(where).sort());
  });

  it('should re-publish the findings of the API pages whose examples use a resource page edited in the editor', async () => {
    const text = readFileSync(join(ws, RESOURCE), 'utf8');
    await rpc.sendNotification('textDocument/didOpen', { textDocument: { uri: uri(RESOURCE), languageId: 'markdown', version: 1, text } });
    const edited = text.replace('|catalogId|String|', '|catalogId|Int32|');
    expect(edited).not.toBe(text);
    const since = published.length;
    // Unsaved: the file on disk keeps String, so only the editor's text can explain the new findings.
    await rpc.sendNotification('textDocument/didChange', { textDocument: { uri: uri(RESOURCE), version: 2 }, contentChanges: [{ text: edited }] });
    const mentionsCatalogId = (p: PublishDiagnosticsParams): boolean => p.diagnostics.some((d) => d.code === 'example-type-mismatch' && messageOf(d).includes('"catalogId"'));
    const get = await diagnosticsFor(GET, since, mentionsCatalogId);
    expect(messageOf(get.diagnostics.find((d) => messageOf(d).includes('"catalogId"'))!)).toMatch(/Int32/);
    const seedAgain = await diagnosticsFor(SEED, since, mentionsCatalogId);
    // The seed's response example (line 110) is checked against the resource page.
    expect(seedAgain.diagnostics.filter((d) => d.code === 'example-type-mismatch' && messageOf(d).includes('"catalogId"')).map((d) => d.range.start.line + 1)).toContain(110);
  });

  it('should show the documented type, description and page of a property name in an example and in a table', async () => {
    const line = seed.getText().split('\n').findIndex((l, i) => i > 105 && l.includes('"isExtended"'));
    const hover = await rpc.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri: seed.uri }, position: { line, character: 6 } });
    const value = (hover?.contents as { value: string }).value;
    expect(value).toContain('**isExtended**: `Boolean`');
    expect(value).toContain('Whether the assignment was extended beyond its first expiry.');
    expect(value).toContain(RESOURCE);
    const table = seed.getText().split('\n').findIndex((l) => l.startsWith('|isExtended|'));
    const inTable = await rpc.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri: seed.uri }, position: { line: table, character: 3 } });
    expect((inTable?.contents as { value: string }).value).toContain(RESOURCE);
  });

  it('should go from a Type cell, an @odata.type value and a property name to where they are documented', async () => {
    const lines = seed.getText().split('\n');
    const schedule = lines.findIndex((l) => l.startsWith('|schedule|'));
    const fromCell = await rpc.sendRequest<Location[]>('textDocument/definition', { textDocument: { uri: seed.uri }, position: { line: schedule, character: lines[schedule].indexOf('requestSchedule') } });
    expect(fromCell.map((l) => l.uri)).toEqual([uri('docs/api-reference/beta/resources/requestschedule.md')]);
    const odata = lines.findIndex((l) => l.includes('"@odata.type": "microsoft.graph.requestSchedule"'));
    const fromOdata = await rpc.sendRequest<Location[]>('textDocument/definition', { textDocument: { uri: seed.uri }, position: { line: odata, character: lines[odata].indexOf('requestSchedule') } });
    expect(fromOdata.map((l) => l.uri)).toEqual([uri('docs/api-reference/beta/resources/requestschedule.md')]);
    const prop = lines.findIndex((l, i) => i > 105 && l.includes('"isExtended"'));
    const fromProp = await rpc.sendRequest<Location[]>('textDocument/definition', { textDocument: { uri: seed.uri }, position: { line: prop, character: 5 } });
    expect(fromProp).toEqual([{ uri: uri(RESOURCE), range: expect.objectContaining({ start: { line: 39, character: 0 } }) }]);
  });

  it('should complete annotation keys and @odata.type values', async () => {
    const lines = seed.getText().split('\n');
    const annotation = lines.findIndex((l, i) => l.startsWith('<!-- {') && lines[i + 1].includes('"blockType": "request"'));
    const keys = await rpc.sendRequest<CompletionItem[]>('textDocument/completion', { textDocument: { uri: seed.uri }, position: { line: annotation + 1, character: 2 } });
    expect(keys.map((k) => k.label)).toEqual(expect.arrayContaining(['name', 'truncated', '@odata.type', 'blockType']));
    const odata = lines.findIndex((l) => l.includes('"@odata.type": "microsoft.graph.requestSchedule"'));
    const types = await rpc.sendRequest<CompletionItem[]>('textDocument/completion', { textDocument: { uri: seed.uri }, position: { line: odata, character: lines[odata].indexOf('microsoft') } });
    expect(types.map((t) => t.label)).toEqual(expect.arrayContaining(['#microsoft.graph.accessPackageAssignment', '#microsoft.graph.requestSchedule']));
  });

  it('should shut down and exit 0', async () => {
    await rpc.sendRequest('shutdown');
    const exited = new Promise<number | null>((done) => server.once('exit', (code) => done(code)));
    await rpc.sendNotification('exit');
    expect(await exited).toBe(0);
    expect(stderr).toBe('');
  });
});

describe('docpact lsp --stdio with a long debounce', () => {
  it('should check at once on save, not waiting for the debounce an edit waits for', async () => {
    // An hour of debounce: an edit alone publishes nothing during the test, so the publication below is the save's.
    const slow = spawn(process.execPath, [BIN, 'lsp', '--stdio', '--debounce', '3600000'], { cwd: tmpdir(), stdio: ['pipe', 'pipe', 'inherit'] });
    const client = createMessageConnection(new StreamMessageReader(slow.stdout!), new StreamMessageWriter(slow.stdin!));
    const got: PublishDiagnosticsParams[] = [];
    let wake: (() => void) | undefined;
    client.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      got.push(params);
      wake?.();
    });
    client.listen();
    const next = async (test: (p: PublishDiagnosticsParams) => boolean): Promise<PublishDiagnosticsParams> => {
      for (;;) {
        const hit = got.find(test);
        if (hit) return hit;
        await new Promise<void>((done) => (wake = done));
      }
    };
    await client.sendRequest('initialize', { processId: process.pid, rootUri: pathToFileURL(ws).href, capabilities: {} });
    await client.sendNotification('initialized', {});
    const text = readFileSync(join(ws, SEED), 'utf8');
    await client.sendNotification('textDocument/didOpen', { textDocument: { uri: uri(SEED), languageId: 'markdown', version: 1, text } });
    const opened = await next((p) => p.uri === uri(SEED) && p.version === 1);
    expect(opened.diagnostics.some((d) => d.code === 'http-content-length')).toBe(false);
    const broken = text.replace('Content-length: 424', 'Content-length: 999');
    await client.sendNotification('textDocument/didChange', { textDocument: { uri: uri(SEED), version: 2 }, contentChanges: [{ text: broken }] });
    await client.sendNotification('textDocument/didSave', { textDocument: { uri: uri(SEED) } });
    const saved = await next((p) => p.uri === uri(SEED) && p.version === 2);
    expect(saved.diagnostics.filter((d) => d.code === 'http-content-length')).toHaveLength(1);
    await client.sendRequest('shutdown');
    const exited = new Promise<number | null>((done) => slow.once('exit', (code) => done(code)));
    await client.sendNotification('exit');
    expect(await exited).toBe(0);
    client.dispose();
  });
});

describe('editors/vscode', () => {
  it('should start docpact lsp over stdio for Markdown files of the workspace', async () => {
    const dir = join(ROOT, 'editors', 'vscode');
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
      main: string; activationEvents: string[]; engines: { vscode: string }; dependencies: Record<string, string>;
      contributes: { configuration: { properties: Record<string, unknown> } };
    };
    expect(manifest.activationEvents).toContain('onLanguage:markdown');
    expect(Object.keys(manifest.contributes.configuration.properties)).toEqual(expect.arrayContaining(['docpact.path', 'docpact.debounceMs']));
    expect(manifest.dependencies['vscode-languageclient']).toMatch(/^\d+\.\d+\.\d+$/);
    // The extension's main, run in Node with stand-ins for the `vscode` API and vscode-languageclient: what would it start?
    const script = `
      const Module = require('node:module');
      const made = [];
      const vscode = {
        workspace: {
          workspaceFolders: [{ uri: { fsPath: ${JSON.stringify(tmpdir())} } }],
          getConfiguration: () => ({ get: (key) => (key === 'debounceMs' ? 120 : '') }),
          createFileSystemWatcher: (glob) => ({ glob }),
        },
        commands: { registerCommand: (name) => ({ name }) },
      };
      class LanguageClient {
        constructor(id, name, server, client) { made.push({ id, server, client }); }
        async start() {}
        async stop() {}
      }
      const load = Module._load;
      Module._load = function (request, ...rest) {
        if (request === 'vscode') return vscode;
        if (request === 'vscode-languageclient/node') return { LanguageClient, TransportKind: { stdio: 'stdio' } };
        return load.call(this, request, ...rest);
      };
      require(${JSON.stringify(join(dir, manifest.main))}).activate({ subscriptions: [] }).then(() => process.stdout.write(JSON.stringify(made)));`;
    const out = await new Promise<string>((done, fail) => {
      execFile(process.execPath, ['-e', script], (error, stdout) => (error ? fail(error) : done(stdout)));
    });
    const [client] = JSON.parse(out) as { id: string; server: { run: { module: string; args: string[]; transport: string } }; client: { documentSelector: unknown; initializationOptions: unknown } }[];
    expect(client.server.run).toEqual(expect.objectContaining({ module: BIN, args: ['lsp'], transport: 'stdio' }));
    expect(client.client.documentSelector).toEqual([{ scheme: 'file', language: 'markdown' }]);
    expect(client.client.initializationOptions).toEqual({ debounceMs: 120 });
  });
});
