/**
 * Where every rule is documented, and the one factory that makes a finding of a rule. A rule id names its doc:
 * a check (`link-broken`) has its own page beside its code, `checks/<id>.md`; a stage rule (`replay/status`) is a
 * section of its stage's `RULES.md`, `replay/RULES.md#status`. The paths are relative to the repository root, so a
 * report links to a file that exists in this repository rather than to a web site that may not.
 */
import type { Diagnostic, Severity } from './diagnostic.js';

/** The doc file of each stage prefix of a rule id (`extract/…` rules are documented beside the extractor). */
export const STAGE_RULE_DOCS: Readonly<Record<string, string>> = {
  replay: 'replay/RULES.md',
  metadata: 'metadata/RULES.md',
  contracts: 'contracts/RULES.md',
  extract: 'extractor/RULES.md',
  openapi: 'openapi/RULES.md',
};

/** The default base of the checks' doc pages. */
export const CHECKS_DOC_BASE = 'checks/';

export interface RuleDocOptions {
  /**
   * Base of the checks' doc pages, replacing `checks/` (e.g. `https://example.com/rules/` for reports read away from
   * the repository). Stage rules keep their repository path. Default: `checks/`.
   */
  readonly checksBase?: string;
}

/**
 * The doc of rule `ruleId`: `checks/<id>.md` for a check, `<stage folder>/RULES.md#<name>` for `<stage>/<name>`
 * (`<stage>/internal-error` included). Undefined for an id whose stage has no doc (no such stage exists today).
 */
export function ruleDocUrl(ruleId: string, options: RuleDocOptions = {}): string | undefined {
  const slash = ruleId.indexOf('/');
  if (slash < 0) {
    const base = options.checksBase ?? CHECKS_DOC_BASE;
    return `${base.endsWith('/') ? base : `${base}/`}${ruleId}.md`;
  }
  const doc = Object.hasOwn(STAGE_RULE_DOCS, ruleId.slice(0, slash)) ? STAGE_RULE_DOCS[ruleId.slice(0, slash)] : undefined;
  return doc === undefined ? undefined : `${doc}#${ruleId.slice(slash + 1)}`;
}

/** What a rule says about one place; the factory adds who said it (`ruleId`), how loudly (`severity`) and where it is documented (`url`). */
export type FindingFields = Omit<Diagnostic, 'ruleId' | 'severity' | 'url'>;

/**
 * Makes a finding of rule `ruleId` at `severity`, stamping the rule's doc URL (`ruleDocUrl`). Every stage makes its
 * findings through this, so no stage writes a URL of its own. Keys left `undefined` in `fields` are dropped, so the
 * finding stays plain JSON.
 */
export function makeFinding(ruleId: string, severity: Severity, fields: FindingFields, options: RuleDocOptions = {}): Diagnostic {
  const url = ruleDocUrl(ruleId, options);
  const out: Record<string, unknown> = { ruleId, severity };
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) out[key] = value;
  if (url !== undefined) out.url = url;
  return out as unknown as Diagnostic;
}

/**
 * A stage rule's finding (`extract/empty-file`) with its doc URL, when it was made without the factory and has none.
 * A check's finding is left as it is: the checks engine always stamps one, so a check finding without a URL comes
 * from a rule that has no doc page, and `checks/<id>.md` would point at nothing.
 */
export function withDocUrl(diagnostic: Diagnostic): Diagnostic {
  if (diagnostic.url !== undefined || !diagnostic.ruleId.includes('/')) return diagnostic;
  const url = ruleDocUrl(diagnostic.ruleId);
  return url === undefined ? diagnostic : { ...diagnostic, url };
}
