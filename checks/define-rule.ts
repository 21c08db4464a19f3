/**
 * The rule contract. A rule is a small module built with `defineRule`; it sees one page and a context, and the
 * only way it can say anything is `context.report(…)`. The engine (`./engine.ts`) stamps the rule id, the
 * severity (after config overrides), the doc URL and the file onto each report, so a rule cannot get them wrong.
 */
import type { Range, RelatedLocation, Severity } from '../core/diagnostic.js';
import type { Fix } from '../core/fix.js';
import type { DocPage } from '../extractor/model.js';
import type { DocSet } from './docset.js';

/** Values a message slot may take. */
export type SlotValue = string | number | boolean;

/** What a rule hands to `context.report`. */
export interface ReportDescriptor<MessageId extends string = string> {
  /** Key of the rule's `messages`. */
  readonly messageId: MessageId;
  /** Values for the `{slot}`s of the message; every slot the message names must be given. */
  readonly data?: Readonly<Record<string, SlotValue>>;
  /** Where in the Markdown the finding is. */
  readonly at: Range;
  /** JSON Pointer into the example body, when the finding is about a value. */
  readonly pointer?: string;
  readonly expected?: string;
  readonly actual?: string;
  /**
   * Stable identity of the thing the finding is about, not its line (baselines fingerprint it):
   * `example:<name>#<pointer>`, `table:<section>/<row>`, `link:<url>`, `heading:<text>`…
   */
  readonly element: string;
  readonly related?: readonly RelatedLocation[];
  /** Text edits that fix the finding (core/fix.ts), against `page.source`; each marked `safe` or `suggestion`. */
  readonly fixes?: readonly Fix[];
}

export interface RuleContext<MessageId extends string = string> {
  /** Path of the page being checked, as in `DocPage.file`. */
  readonly file: string;
  /** Every page of the run, indexed: resolves links, types and other pages' tables. */
  readonly docs: DocSet;
  report(descriptor: ReportDescriptor<MessageId>): void;
}

export interface RuleDefinition<MessageId extends string = string> {
  /** Kebab-case id, also the name of the rule's `.ts` and `.md` files. */
  readonly id: string;
  /** One sentence: what the rule finds. */
  readonly description: string;
  readonly defaultSeverity: Severity;
  /** Message templates by id, with `{slot}` placeholders filled from `data`. */
  readonly messages: Readonly<Record<MessageId, string>>;
  run(page: DocPage, context: RuleContext<MessageId>): void;
}

/** A rule as the engine holds it (message ids erased). */
export type Rule = RuleDefinition<string>;

const ID = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/**
 * Declares a rule. Checks the declaration itself (kebab-case id, at least one message) so that a malformed rule
 * fails when it is loaded, not when it first reports.
 */
export function defineRule<MessageId extends string>(definition: RuleDefinition<MessageId>): Rule {
  if (!ID.test(definition.id)) throw new Error(`Rule id "${definition.id}" must be kebab-case`);
  if (Object.keys(definition.messages).length === 0) throw new Error(`Rule "${definition.id}" declares no messages`);
  return Object.freeze(definition) as unknown as Rule;
}

/**
 * Fills `{slot}`s of a message template. Throws on a slot without a value, because a message with a literal
 * `{slot}` left in it is a bug in the rule, which the rule-doc test then catches.
 */
export function formatMessage(template: string, data: Readonly<Record<string, SlotValue>> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, slot: string) => {
    if (!(slot in data)) throw new Error(`Message slot {${slot}} has no value in "${template}"`);
    return String(data[slot]);
  });
}
