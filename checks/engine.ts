/**
 * Runs rules over pages and turns their reports into diagnostics. This is the only place where rule id,
 * severity, doc URL and file are set, so every rule's output has the same shape.
 */
import type { Diagnostic, Severity } from '../core/diagnostic.js';
import { compareDiagnostics, FILE_START } from '../core/diagnostic.js';
import { makeFinding, ruleDocUrl, type RuleDocOptions } from '../core/rule-docs.js';
import type { DocPage } from '../extractor/model.js';
import type { ReportDescriptor, Rule, RuleContext } from './define-rule.js';
import { formatMessage } from './define-rule.js';
import type { DocSet } from './docset.js';

/** A severity or `off`, as config and `--rule` give it. */
export type RuleSetting = Severity | 'off';

export interface EngineOptions {
  /** Severity overrides by rule id; `off` disables the rule. Rules not listed run at their default severity. */
  readonly rules?: Readonly<Record<string, RuleSetting>>;
  /**
   * Base of the rule doc URLs. Default: `checks/` (the docs beside the rules, relative to the repository root);
   * give an absolute URL (`https://example.com/rules/`) for reports read elsewhere.
   */
  readonly docsUrlBase?: string;
}

/** The doc URL of a check: `<base><id>.md` (core/rule-docs.ts `ruleDocUrl`, with `base` in place of `checks/`). */
export function ruleUrl(id: string, base = 'checks/'): string {
  return ruleDocUrl(id, { checksBase: base }) ?? `${base}${id}.md`;
}

/**
 * Runs each enabled rule on each page. A rule that throws on a page becomes one `error` finding on that page
 * (naming the rule and the exception) and the run goes on: one odd page never stops the others.
 */
export function applyRules(rules: readonly Rule[], pages: readonly DocPage[], docs: DocSet, options: EngineOptions = {}): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const rule of rules) {
    const setting = options.rules?.[rule.id] ?? rule.defaultSeverity;
    if (setting === 'off') continue;
    const docOptions: RuleDocOptions = options.docsUrlBase !== undefined ? { checksBase: options.docsUrlBase } : {};
    for (const page of pages) {
      const context: RuleContext = {
        file: page.file,
        docs,
        report(descriptor: ReportDescriptor) {
          out.push(toDiagnostic(rule, descriptor, page.file, setting, docOptions));
        },
      };
      try {
        rule.run(page, context);
      } catch (error) {
        out.push(makeFinding(rule.id, 'error', {
          message: `Unexpected internal error in rule ${rule.id} (${error instanceof Error ? error.message : String(error)}), expected the rule to finish: please report this page to the docpact maintainers`,
          file: page.file,
          range: FILE_START,
          element: `crash:${rule.id}`,
        }, docOptions));
      }
    }
  }
  return out.sort(compareDiagnostics);
}

function toDiagnostic(rule: Rule, descriptor: ReportDescriptor, file: string, severity: Severity, docOptions: RuleDocOptions): Diagnostic {
  const template = rule.messages[descriptor.messageId];
  if (template === undefined) throw new Error(`Rule ${rule.id} reported unknown message id "${descriptor.messageId}"`);
  return makeFinding(rule.id, severity, {
    message: formatMessage(template, descriptor.data),
    file,
    range: descriptor.at,
    ...(descriptor.pointer !== undefined && { pointer: descriptor.pointer }),
    ...(descriptor.expected !== undefined && { expected: descriptor.expected }),
    ...(descriptor.actual !== undefined && { actual: descriptor.actual }),
    ...(descriptor.related !== undefined && descriptor.related.length > 0 && { related: descriptor.related }),
    element: descriptor.element,
    ...(descriptor.fixes !== undefined && descriptor.fixes.length > 0 && { fixes: descriptor.fixes }),
  }, docOptions);
}
