// Starts `docpact lsp --stdio` for the workspace and connects VS Code to it (vscode-languageclient).
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

let client;

/** docpact's bin: the setting, the workspace's node_modules/docpact, else the checkout this folder is in. */
function docpactBin(folder) {
  const configured = vscode.workspace.getConfiguration('docpact').get('path');
  if (configured) return configured;
  const installed = folder && join(folder, 'node_modules', 'docpact', 'bin', 'docpact.js');
  return installed && existsSync(installed) ? installed : join(__dirname, '..', '..', 'bin', 'docpact.js');
}

async function start() {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  // TransportKind.stdio runs the module with Node and appends --stdio: `node bin/docpact.js lsp --stdio`.
  const server = { module: docpactBin(folder), args: ['lsp'], transport: TransportKind.stdio, options: { cwd: folder } };
  client = new LanguageClient('docpact', 'docpact', { run: server, debug: server }, {
    documentSelector: [{ scheme: 'file', language: 'markdown' }],
    initializationOptions: { debounceMs: vscode.workspace.getConfiguration('docpact').get('debounceMs') },
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/{*.md,docpact.config.json}') },
  });
  await client.start();
}

exports.activate = async (context) => {
  context.subscriptions.push(vscode.commands.registerCommand('docpact.restart', async () => {
    await client?.stop();
    await start();
  }));
  await start();
};

exports.deactivate = () => client?.stop();
