/**
 * What every formatter receives: the findings of a run (check, replay, metadata or all of them) and,
 * for replays, one result per example. Formatters are pure functions of this.
 */
import type { Diagnostic, Severity } from '../extractor/diagnostic.js';

export interface ExampleResult {
  /** `version/stem` of the page. */
  readonly page: string;
  readonly file: string;
  /** Line of the example's request in the Markdown. */
  readonly line: number;
  readonly name: string;
  readonly status: 'passed' | 'failed' | 'skipped';
  /** Why it failed or was skipped (e.g. "writes are off: pass --allow-writes"). */
  readonly reason?: string;
  readonly durationMs?: number;
  readonly method?: string;
  readonly url?: string;
}

export interface RunReport {
  readonly tool: { readonly name: 'docpact'; readonly version: string };
  /** What ran: `check`, `replay`, `metadata`, `run` (check + replay). */
  readonly command: string;
  /** Every page the run looked at, so clean pages show too. */
  readonly files: readonly string[];
  readonly diagnostics: readonly Diagnostic[];
  readonly examples?: readonly ExampleResult[];
  /** When a baseline was applied: how many findings it hid and which of its entries no longer occur. */
  readonly baseline?: {
    readonly file: string;
    readonly suppressed: number;
    readonly fixed: readonly { readonly ruleId: string; readonly file: string; readonly element: string; readonly message: string }[];
  };
  /** Findings at or above this severity fail the run. */
  readonly failSeverity: Severity;
}

export interface FormatOptions {
  /** Working directory, for making paths relative and building links. */
  readonly cwd?: string;
  /** Colours for TTY output (stylish only). */
  readonly color?: boolean;
}

export type Formatter = (report: RunReport, options?: FormatOptions) => string;
