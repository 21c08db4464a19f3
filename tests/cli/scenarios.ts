/**
 * Helpers for CLI scenario tests: temp folders of pages, and `main(argv)` run in-process with the working
 * directory, environment, stdout and stderr captured (the CLI reads `process.cwd()` like a user's shell would).
 */
import { jest } from '@jest/globals';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { main } from '../../cli/main.js';

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A fresh temp folder holding `files` (path → text). */
export async function tempTree(files: Readonly<Record<string, string>>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'docpact-cli-'));
  await writeTree(dir, files);
  return dir;
}

export async function writeTree(dir: string, files: Readonly<Record<string, string>>): Promise<void> {
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
}

/** Runs `docpact <args>` in `cwd` with extra environment variables; restores everything afterwards. */
export async function run(cwd: string, args: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const out = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  const err = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  const before = process.cwd();
  // Jest itself may run under GitHub Actions: start every scenario from a neutral environment.
  const saved = { GITHUB_ACTIONS: process.env.GITHUB_ACTIONS, CI: process.env.CI };
  delete process.env.GITHUB_ACTIONS;
  Object.assign(process.env, env);
  process.chdir(cwd);
  try {
    const code = await main(args);
    return { code, stdout, stderr };
  } finally {
    process.chdir(before);
    for (const key of Object.keys(env)) delete process.env[key];
    for (const [key, value] of Object.entries(saved)) if (value !== undefined) process.env[key] = value;
    out.mockRestore();
    err.mockRestore();
  }
}

/** A Graph-style API page; `requestBody` is the JSON of the example request, `extraAnnotation` goes into the response annotation. */
export function page(options: { requestBody?: string; extraAnnotation?: string; before?: string; name?: string } = {}): string {
  const name = options.name ?? 'create_widget';
  return `# Create widget

Namespace: microsoft.graph
${options.before ?? ''}
Create a new widget.

## HTTP request

<!-- { "blockType": "ignored" } -->
\`\`\`http
POST /widgets
\`\`\`

## Request body

|Property|Type|Description|
|:---|:---|:---|
|displayName|String|The name of the widget. Required.|

## Response

If successful, this method returns a \`201 Created\` response code and a widget object in the response body.

## Examples

### Request

<!-- { "blockType": "request", "name": "${name}" } -->
\`\`\`http
POST https://graph.microsoft.com/v1.0/widgets
Content-Type: application/json

${options.requestBody ?? '{ "displayName": "Blue" }'}
\`\`\`

### Response

<!-- { "blockType": "response"${options.extraAnnotation ?? ''} } -->
\`\`\`http
HTTP/1.1 201 Created
Content-Type: application/json

{ "displayName": "Blue" }
\`\`\`
`;
}
