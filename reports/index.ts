/**
 * The report formats by name, and the one way reports reach the disk: `writeReportSet`, which replaces every file
 * of a command's reports at once or not at all (a run stopped with Ctrl-C keeps either the previous reports or the
 * complete new ones, and no temporary file).
 */
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

export { writeReportSet, writeReportSetSync, ReportWriteError } from './write-set.js';
export type { ReportFile } from './write-set.js';
export { redact, environmentSecrets, REDACTED } from './redact.js';
export { prepareReport, summarize } from './summary.js';
export type { Summary, PreparedReport } from './summary.js';
export type { ExampleResult, FormatOptions, Formatter, RuleInfo, RunReport } from './types.js';
