/**
 * The report formats by name, and the one way reports reach the disk: `writeReport`, which never leaves a
 * half-written file behind (a run stopped with Ctrl-C keeps either the previous report or the complete new one).
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { github } from './github.js';
import { html } from './html.js';
import { json } from './json.js';
import { junit } from './junit.js';
import { markdown } from './markdown.js';
import { sarif } from './sarif.js';
import { stylish } from './stylish.js';
import type { Formatter } from './types.js';

export type FormatName = 'stylish' | 'json' | 'junit' | 'sarif' | 'github' | 'markdown' | 'html';

/** Every formatter, by the name `--format` takes. */
export const FORMATTERS: Readonly<Record<FormatName, Formatter>> = { stylish, json, junit, sarif, github, markdown, html };

/** The format names, in the order help texts list them. */
export const FORMAT_NAMES = Object.keys(FORMATTERS) as readonly FormatName[];

/** A conventional file name per format, for `--output` defaults (e.g. `docpact.sarif`). */
export const DEFAULT_FILE_NAMES: Readonly<Record<FormatName, string>> = {
  stylish: 'docpact.txt',
  json: 'docpact.json',
  junit: 'docpact.junit.xml',
  sarif: 'docpact.sarif',
  github: 'docpact.github.txt',
  markdown: 'docpact.md',
  html: 'docpact.html',
};

/** Whether `name` is a known format (for validating `--format`). */
export function isFormatName(name: string): name is FormatName {
  return Object.hasOwn(FORMATTERS, name);
}

// Same folder as the target, so the rename is atomic (a rename across file systems is a copy).
function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/**
 * Writes `content` to `path` atomically: creates the folder, writes a temporary file beside the target, then
 * renames it over the target. On failure the temporary file is removed and the error rethrown.
 */
export async function writeReport(path: string, content: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = tempPathFor(path);
  try {
    await writeFile(temp, content, { encoding: 'utf8', flush: true });
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** `writeReport` for places that cannot await, such as a SIGINT handler about to exit. */
export function writeReportSync(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temp = tempPathFor(path);
  try {
    writeFileSync(temp, content, { encoding: 'utf8', flush: true });
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

export { redact, environmentSecrets, REDACTED } from './redact.js';
export { prepareReport, summarize } from './summary.js';
export type { Summary, PreparedReport } from './summary.js';
export type { ExampleResult, FormatOptions, Formatter, RuleInfo, RunReport } from './types.js';
