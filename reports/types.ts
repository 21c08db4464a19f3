/**
 * What every formatter receives: the findings of a run (check, replay, metadata or all of them) and,
 * for replays, one result per example. Formatters are pure functions of this.
 */
import type { Diagnostic, Severity } from '../core/diagnostic.js';
import type { StoredFindings } from './finding-text.js';

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
  /** `replay --changed-since`: a failing example's drift class (replay/drift.ts). */
  readonly drift?: 'doc-regression' | 'api-change' | 'both';
  /** The fields (JSON Pointers, `status`, `content-type`) where the service changed, for `api-change` and `both`. */
  readonly driftFields?: readonly string[];
}

export interface RunReport {
  readonly tool: { readonly name: 'docpact'; readonly version: string };
  /** What ran: `check`, `replay`, `metadata`, `run` (check + replay). */
  readonly command: string;
  /** Every page the run looked at, so clean pages show too. */
  readonly files: readonly string[];
  /**
   * How many pages the run looked at, when `files` cannot list them all: a report merged from JSON reports, which
   * list only the files with findings. Default: the files `files`, the findings and the examples name.
   */
  readonly fileCount?: number;
  readonly diagnostics: readonly Diagnostic[];
  /**
   * The same findings as `diagnostics`, page by page in print order, as the texts the doc set's state stores
   * (reports/finding-text.ts), when the run was served from it: the JSON report is then assembled from them, and
   * `diagnostics` is made from them only if something reads it.
   */
  readonly findingTexts?: readonly StoredFindings[];
  readonly examples?: readonly ExampleResult[];
  /** When a baseline was applied: how many findings it hid and which of its entries no longer occur. */
  readonly baseline?: {
    readonly file: string;
    readonly suppressed: number;
    readonly fixed: readonly { readonly ruleId: string; readonly file: string; readonly element: string; readonly message: string }[];
  };
  /** Findings at or above this severity fail the run. */
  readonly failSeverity: Severity;
  /**
   * Optional metadata of the rules that ran (description, doc URL, default severity), so SARIF, HTML and
   * Markdown can describe a rule; formatters fall back to the rule id and the diagnostics' `url` without it.
   */
  readonly rules?: readonly RuleInfo[];
}

/** What a formatter may say about a rule beyond its id. */
export interface RuleInfo {
  readonly id: string;
  /** One sentence, shown as SARIF `shortDescription` and as a tooltip in HTML. */
  readonly description?: string;
  /** Documentation of the rule (absolute http(s) URL). */
  readonly url?: string;
  readonly defaultSeverity?: Severity;
}

export interface FormatOptions {
  /** Working directory, for making paths relative and building links. */
  readonly cwd?: string;
  /** Colours for TTY output (stylish only). Default false. */
  readonly color?: boolean;
  /**
   * Folder the report file is written to, so HTML links to `file#Lline` resolve from there.
   * Default: `cwd` (links are the diagnostics' own cwd-relative paths).
   */
  readonly outputDir?: string;
  /**
   * Prefix for Markdown line links, e.g. `https://github.com/o/r/blob/<sha>/`. Default: none (links are
   * the cwd-relative paths, which GitHub resolves against the PR's head in a comment only when absolute).
   */
  readonly linkBase?: string;
  /** Markdown: findings listed per file before "…and N more". Default 10. */
  readonly maxPerFile?: number;
  /**
   * Extra secret values to blank out of every message, on top of the `DOCPACT_TOKEN` environment variable,
   * Bearer tokens and `Authorization` values, which are always redacted.
   */
  readonly secrets?: readonly string[];
}

export type Formatter = (report: RunReport, options?: FormatOptions) => string;
