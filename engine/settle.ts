/**
 * What the stages' findings become before anyone reports them, in one place for every path of `analyze` (one thread,
 * the workers, the cache, the doc set's state): exact repeats dropped, the rule settings applied to every finding
 * (the extractor's and contracts' too, which no rule filters), each finding's doc URL stamped, and the print order.
 * It depends on the findings and the settings only, so the doc set's state can keep its output page by page.
 */
import type { Diagnostic } from '../core/diagnostic.js';
import { compareDiagnostics } from '../core/diagnostic.js';
import { withDocUrl } from '../core/rule-docs.js';
import type { RuleSetting } from '../checks/engine.js';

/** Settings by rule or stage id (`extract/…`); a finding whose id has none keeps its severity. */
export type Settings = Readonly<Record<string, RuleSetting>>;

export function settle(diagnostics: readonly Diagnostic[], settings: Settings): Diagnostic[] {
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const d of diagnostics) {
    const setting = settings[d.ruleId];
    if (setting === 'off') continue;
    const key = `${d.ruleId}\0${d.file}\0${d.range.start.offset}\0${d.range.end.offset}\0${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(withDocUrl(setting === undefined || setting === d.severity ? d : { ...d, severity: setting }));
  }
  return out.sort(compareDiagnostics);
}

/** Whether a finding is the checks stage's (a rule's, or `checks/…`), not the extractor's or the contracts'. */
export function isCheckFinding(d: Diagnostic): boolean {
  return !d.ruleId.startsWith('extract/') && !d.ruleId.startsWith('contracts/');
}
