/**
 * `docpact check --fix` and `--fix-dry-run`: applies the fixes findings carry (core/fix.ts) to the pages.
 *
 * 1. The pages are checked as by `check` (same config, rules, cache).
 * 2. Passes: each page's selected fixes that do not overlap are applied to its text (core/fix-apply.ts); the pages
 *    are checked again with the fixed texts in place of the files (the cache re-checks only what they change), and
 *    the findings' fixes, now against the new texts, feed the next pass. It stops when a pass applies nothing, or
 *    after {@link MAX_PASSES}.
 * 3. `--fix`: the changed pages are written back, each whole through a temporary file and a rename
 *    (core/fix-write.ts), every other byte as it was (BOM, CRLF, indentation, trailing spaces); then the pages are
 *    checked again from disk (the cache keys pages by their bytes, so nothing stale is served) and the report and the
 *    exit code are those of what remains. `--fix-dry-run`: nothing is written; a unified diff of every change goes to
 *    stdout, and the exit code (and any report to a file) is that of what would remain.
 *
 * A page that is not valid UTF-8 is never fixed: its text could not be written back byte for byte.
 */
import { resolve } from 'node:path';
import type { Severity } from '../core/diagnostic.js';
import { compareDiagnostics, severityRank } from '../core/diagnostic.js';
import type { Fix, FixKind } from '../core/fix.js';
import { FIX_KINDS } from '../core/fix.js';
import { applyFixes, selectFixes, type FixFilter } from '../core/fix-apply.js';
import type { RunReport } from '../reports/types.js';
import { EXIT, UsageError } from './errors.js';
import type { CheckOptions, Findings } from './run-check.js';
import { collectFindings, planOutputs } from './run-check.js';
import { didYouMean } from './suggest.js';
import { docpactVersion } from '../core/version.js';

/** Most passes over the pages; fixes still overlapping after them are left and reported. */
export const MAX_PASSES = 10;

export interface FixRunOptions extends CheckOptions {
  /** `write`: `--fix`; `dry-run`: `--fix-dry-run`. */
  readonly mode: 'write' | 'dry-run';
  /** `--fix-type`: the kinds of fix applied. Default `['safe']`. */
  readonly fixTypes?: readonly string[];
}

/** What a fixing run did, for the note on stderr and for tests. */
export interface FixSummary {
  /** Fixes applied per rule id, over all passes. */
  readonly fixedByRule: Readonly<Record<string, number>>;
  /** Pages changed (relative to cwd). */
  readonly files: readonly string[];
  readonly passes: number;
  /** Whether the pass bound stopped the run with fixes still to apply. */
  readonly bounded: boolean;
}

/** The page texts as read and as fixed, by file relative to cwd. */
interface PageText {
  readonly bom: boolean;
  readonly original: string;
  text: string;
}

/**
 * Splits `--rule` flags: `ID=SEVERITY` set rules as for `check`; a bare `ID` limits the fixes to that rule.
 * Throws {@link UsageError} for an unknown bare id.
 */
export function splitRuleFlags(flags: readonly string[], known: readonly string[]): { settings: string[]; fixRules?: string[] } {
  const settings: string[] = [];
  const fixRules: string[] = [];
  for (const flag of flags) {
    if (flag.includes('=')) {
      settings.push(flag);
      continue;
    }
    const id = flag.trim();
    if (!known.includes(id)) throw new UsageError(`--rule: Unexpected rule id "${id}", expected a rule id${didYouMean(id, known)} (ID to limit the fixes to it, ID=SEVERITY to set it)`);
    fixRules.push(id);
  }
  return { settings, ...(fixRules.length > 0 && { fixRules }) };
}

/** `--fix-type` values (each may be a comma list): `safe`, `suggestion`. */
export function parseFixTypes(values: readonly string[] | undefined): FixKind[] {
  if (values === undefined || values.length === 0) return ['safe'];
  const kinds = new Set<FixKind>();
  for (const value of values.flatMap((v) => v.split(','))) {
    const kind = value.trim();
    if (!(FIX_KINDS as readonly string[]).includes(kind)) throw new UsageError(`--fix-type: Unexpected "${kind}", expected ${FIX_KINDS.join(' or ')}${didYouMean(kind, FIX_KINDS)}`);
    kinds.add(kind as FixKind);
  }
  return [...kinds];
}

/**
 * Runs `check --fix` / `--fix-dry-run`; resolves to the exit code, computed as `check`'s on the findings that remain:
 * 0 clean, 1 findings at or above the fail severity, 2 usage, config or input errors.
 */
export async function runFix(paths: readonly string[], options: FixRunOptions): Promise<number> {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const note = (text: string): void => {
    if (!options.quiet) process.stderr.write(`docpact: ${text}\n`);
  };
  const [{ RULES }, { FORMATTERS }] = await Promise.all([import('../checks/index.js'), import('../reports/index.js')]);
  const known = Object.keys(RULES).sort();
  const { settings: ruleFlags, fixRules } = splitRuleFlags(options.rule ?? [], known);
  const filter: FixFilter = { kinds: parseFixTypes(options.fixTypes), ...(fixRules !== undefined && { rules: fixRules }) };
  // A dry run prints the diff on stdout: its report goes only to the files asked for.
  planOutputs(options.outputs ?? [], Object.keys(FORMATTERS), env);
  const outputs = options.mode === 'dry-run' ? (options.outputs ?? []).filter((o) => o.output !== undefined) : planOutputs(options.outputs ?? [], Object.keys(FORMATTERS), env);
  const checkOptions: CheckOptions = { ...options, rule: ruleFlags };
  const findings = await collectFindings(paths, checkOptions);

  const pages = new Map<string, PageText>();
  const passes = await fixPasses(findings, filter, async (file) => {
    if (!pages.has(file)) {
      const read = await readPageText(resolve(cwd, file));
      if (read === undefined) return undefined;
      pages.set(file, { ...read, text: read.original });
    }
    return pages.get(file)!;
  }, (texts) => collectFindings(paths, { ...checkOptions, quiet: true, texts }));
  const { fixedByRule } = passes;
  const changedFiles = [...pages].filter(([, t]) => t.text !== t.original).map(([file]) => file).sort();
  lastSummary = { fixedByRule, files: changedFiles, passes: passes.passes, bounded: passes.bounded };

  let remaining = passes.last;
  if (options.mode === 'write') {
    if (changedFiles.length > 0) {
      const { writePagesAtomically, PageWriteError } = await import('../core/fix-write.js');
      try {
        writePagesAtomically(changedFiles.map((file) => {
          const t = pages.get(file)!;
          return { path: resolve(cwd, file), bytes: Buffer.from((t.bom ? '\ufeff' : '') + t.text, 'utf8') };
        }));
      } catch (error) {
        if (error instanceof PageWriteError) throw new UsageError(error.message);
        throw error;
      }
      // From disk again: what remains is what the pages now hold (the cache keys pages by their bytes).
      remaining = await collectFindings(paths, { ...checkOptions, quiet: true });
    }
  } else {
    const { createTwoFilesPatch } = await import('diff');
    for (const file of changedFiles) {
      const t = pages.get(file)!;
      process.stdout.write(createTwoFilesPatch(`a/${file}`, `b/${file}`, t.original, t.text, undefined, undefined, { context: 3 }).replace(/^=+\n/, ''));
    }
  }
  const diagnostics = remaining.diagnostics;
  const files = remaining.files;
  const bounded = passes.bounded;
  const fixed = Object.entries(fixedByRule).sort(([a], [b]) => (a < b ? -1 : 1));
  const total = fixed.reduce((n, [, k]) => n + k, 0);
  note(
    `${options.mode === 'write' ? 'fixed' : 'would fix'} ${total} finding(s) on ${changedFiles.length} page(s) in ${passes.passes} pass(es)` +
      (fixed.length > 0 ? `: ${fixed.map(([id, n]) => `${id} ${n}`).join(', ')}` : '') +
      (bounded ? `; stopped after ${MAX_PASSES} passes with fixes still overlapping: run again` : ''),
  );

  const failSeverity: Severity = options.failSeverity ?? findings.loaded.config.failSeverity ?? 'error';
  const report: RunReport = {
    tool: { name: 'docpact', version: await docpactVersion() },
    command: 'check',
    files,
    diagnostics: [...diagnostics].sort(compareDiagnostics),
    failSeverity,
    rules: findings.rules,
  };
  const { emitReports } = await import('./emit.js');
  await emitReports(report, outputs, { cwd, env, note });
  for (const problem of findings.inputProblems) process.stderr.write(`docpact: ${problem}\n`);
  if (findings.inputProblems.length > 0) return EXIT.usage;
  const threshold = severityRank(failSeverity);
  return report.diagnostics.some((d) => severityRank(d.severity) >= threshold) ? EXIT.findings : EXIT.clean;
}

/** The summary of the last {@link runFix} in this process (for tests that call it in-process). */
export let lastSummary: FixSummary | undefined;

/**
 * The passes (see the module comment): apply each page's selected fixes that do not overlap, check again with the
 * fixed texts in place of the files, repeat until nothing is applied or {@link MAX_PASSES}. `page(file)` gives the
 * page's texts (as read, and as fixed so far, updated here), undefined for a page that cannot be fixed.
 */
async function fixPasses(
  first: Findings,
  filter: FixFilter,
  page: (file: string) => Promise<PageText | undefined>,
  recheck: (texts: ReadonlyMap<string, string>) => Promise<Findings>,
): Promise<{ fixedByRule: Record<string, number>; passes: number; bounded: boolean; last: Findings }> {
  const fixedByRule: Record<string, number> = {};
  const texts = new Map<string, string>();
  let last = first;
  let passes = 0;
  for (;;) {
    const byFile = new Map<string, { fix: Fix; ruleId: string }[]>();
    for (const d of last.diagnostics) {
      for (const fix of selectFixes(d, filter)) byFile.set(d.file, [...(byFile.get(d.file) ?? []), { fix, ruleId: d.ruleId }]);
    }
    if (byFile.size === 0) return { fixedByRule, passes, bounded: false, last };
    if (passes === MAX_PASSES) return { fixedByRule, passes, bounded: true, last };
    const sources = new Map(last.pages.map((p) => [p.file, p]));
    let applied = 0;
    for (const [file, list] of byFile) {
      const current = await page(file);
      // Not fixable (not UTF-8), or changed on disk since it was checked: the edits' ranges would be wrong.
      if (current === undefined || sources.get(file)?.source !== current.text.replace(/\r(?!\n)/g, '\n')) continue;
      const outcome = applyFixes(current.text, list.map((f) => f.fix));
      if (outcome.text === current.text) continue;
      for (const fix of outcome.applied) {
        const ruleId = list.find((f) => f.fix === fix)!.ruleId;
        fixedByRule[ruleId] = (fixedByRule[ruleId] ?? 0) + 1;
        applied++;
      }
      current.text = outcome.text;
      texts.set(file, outcome.text);
    }
    if (applied === 0) return { fixedByRule, passes, bounded: false, last };
    passes++;
    last = await recheck(texts);
  }
}

/** The page's text for fixing: undefined when it is not valid UTF-8 (it could not be written back as it was). */
async function readPageText(path: string): Promise<{ bom: boolean; original: string } | undefined> {
  const { readRegularFile } = await import('../core/input-files.js');
  const read = await readRegularFile(path);
  if (read.kind !== 'ok') return undefined;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(read.bytes);
  } catch {
    return undefined;
  }
  const bom = text.charCodeAt(0) === 0xfeff;
  return { bom, original: bom ? text.slice(1) : text };
}
