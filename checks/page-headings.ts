import type { DocPage, Heading } from '../extractor/model.js';
import { defineRule, type RuleContext } from './define-rule.js';
import { actualKind } from './page-sections.js';
import { rangeAt } from './support/positions.js';
import { proseLines } from './support/prose-lines.js';

/** One section of a page type's template: its spelling, and its place in the order (equal ranks may come in any order). */
interface TemplateSection {
  readonly text: string;
  readonly rank: number;
}

const API_TEMPLATE: readonly TemplateSection[] = [
  { text: 'Permissions', rank: 1 },
  { text: 'Prerequisites', rank: 1 },
  { text: 'HTTP request', rank: 2 },
  { text: 'Path parameters', rank: 3 },
  { text: 'Function parameters', rank: 3 },
  { text: 'Parameters', rank: 3 },
  { text: 'Query parameters', rank: 3 },
  { text: 'Optional query parameters', rank: 3 },
  { text: 'Request headers', rank: 4 },
  { text: 'Optional request headers', rank: 4 },
  { text: 'Request body', rank: 5 },
  { text: 'Response', rank: 6 },
  { text: 'Example', rank: 7 },
  { text: 'Examples', rank: 7 },
];
/**
 * Resource pages come in two layouts: the template's (Methods, Properties, Relationships, JSON representation) and
 * OneDrive's (JSON representation, Properties, Relationships, Methods), so only Properties before Relationships is an
 * order both keep; Methods and the JSON representation may stand first or last (rank 0: never out of order).
 */
const RESOURCE_TEMPLATE: readonly TemplateSection[] = [
  { text: 'Methods', rank: 0 },
  { text: 'Properties', rank: 2 },
  { text: 'Relationships', rank: 3 },
  { text: 'JSON representation', rank: 0 },
];
/** Sections the template allows anywhere, spelt as here. */
const ANYWHERE = ['See also', 'Remarks', 'Error responses', 'Errors'];

const TEMPLATES: Partial<Record<DocPage['kind'], readonly TemplateSection[]>> = { api: API_TEMPLATE, resource: RESOURCE_TEMPLATE };

/**
 * Headings against the page type's template: the template's level-2 sections in its order and its letter case, no
 * section of the other page type (a Properties table on an API page), and nothing but the front matter before the
 * title.
 */
export default defineRule({
  id: 'page-headings',
  description: 'Level-2 headings must follow the page type\'s template (order, letter case, no sections of another page type), and no text may come before the title.',
  defaultSeverity: 'warning',
  messages: {
    beforeTitle: 'Unexpected text before the "# {title}" title, expected the title right after the front matter: move the text below the title',
    order: 'Unexpected "## {actual}" after "## {after}", expected it before: the template orders {order}',
    case: 'Unexpected heading "{actual}", expected "{expected}" as the template spells it: fix the letter case',
    foreign: 'Unexpected "## {actual}" section on {kind} page, expected it only on {other} pages: move it to the {other} page, or fix the heading',
    duplicate: 'Unexpected second "## {actual}" section (the first is at line {first}), expected each template section once: merge them, or name what each covers ("## {actual} (…)")',
    secondTitle: 'Unexpected second title "# {actual}" (the first is "# {first}"), expected one "#" heading per page: make it a "##" section',
  },
  run(page, context) {
    reportBeforeTitle(page, context.report.bind(context));
    const titles = page.headings.filter((h) => h.depth === 1);
    for (const extra of titles.slice(1)) {
      context.report({ messageId: 'secondTitle', data: { actual: extra.text, first: titles[0].text }, at: extra.range, actual: extra.text, element: `heading:${extra.text}#second-title` });
    }
    const kind = page.kind;
    const template = TEMPLATES[kind];
    // A page whose content says it is another page type is page-sections' doc_type finding: its sections are not checked here.
    if (!template || actualKind(page) !== kind) return;
    const other = kind === 'api' ? RESOURCE_TEMPLATE : API_TEMPLATE;
    let latest: { heading: Heading; section: TemplateSection } | undefined;
    const seen = new Map<string, Heading>();
    for (const heading of page.headings) {
      if (heading.depth !== 2) continue;
      const text = heading.text.trim();
      const lower = text.toLowerCase();
      const own = template.find((s) => s.text.toLowerCase() === lower);
      const anywhere = ANYWHERE.find((s) => s.toLowerCase() === lower);
      const spelled = own?.text ?? anywhere;
      if (spelled !== undefined && spelled !== text) {
        context.report({ messageId: 'case', data: { actual: text, expected: spelled }, at: heading.range, expected: spelled, actual: text, element: `heading:${spelled}#case` });
      }
      if (own) {
        const before = seen.get(own.text);
        if (before) {
          context.report({ messageId: 'duplicate', data: { actual: text, first: before.range.start.line }, at: heading.range, actual: text, element: `heading:${own.text}#duplicate` });
          continue;
        }
        seen.set(own.text, heading);
        if (own.rank === 0) continue;
        if (latest && own.rank < latest.section.rank) {
          context.report({
            messageId: 'order',
            data: { actual: text, after: latest.heading.text, order: orderOf(own, latest.section) },
            at: heading.range,
            actual: text,
            element: `heading:${own.text}#order`,
          });
        } else {
          latest = { heading, section: own };
        }
        continue;
      }
      const foreign = other.find((s) => s.text.toLowerCase() === lower && !template.some((t) => t.text.toLowerCase() === lower));
      if (foreign && !(kind === 'resource' && isSharedOnResource(foreign))) {
        context.report({
          messageId: 'foreign',
          data: { actual: text, kind: kind === 'api' ? 'an API' : 'a resource', other: kind === 'api' ? 'resource' : 'API' },
          at: heading.range,
          actual: text,
          element: `heading:${foreign.text}#foreign`,
        });
      }
    }
  },
});

/** `## Example` and `## Permissions` also head resource-page sections (a sample, a note on who may read the type). */
function isSharedOnResource(section: TemplateSection): boolean {
  return /^(?:examples?|permissions|response|parameters)$/i.test(section.text);
}

/** `"HTTP request" before "Request body"`: the two sections in the template's order. */
function orderOf(a: TemplateSection, b: TemplateSection): string {
  const [first, second] = a.rank < b.rank ? [a, b] : [b, a];
  return `"${first.text}" before "${second.text}"`;
}

/** Text (not a comment, not a blank line) between the front matter and the `# title`. */
function reportBeforeTitle(page: DocPage, report: RuleContext['report']): void {
  const title = page.title;
  // An unclosed front matter leaves its key: value lines as text before the title: front-matter-unclosed's finding.
  if (!title || page.frontMatter?.unclosed) return;
  for (const line of proseLines(page)) {
    if (line.line >= title.range.start.line) return;
    const text = line.text.trim();
    if (text === '') continue;
    const lead = line.text.length - line.text.trimStart().length;
    report({
      messageId: 'beforeTitle',
      data: { title: title.text },
      at: rangeAt(page, line.offset + lead, line.offset + line.text.trimEnd().length),
      actual: text,
      element: 'heading:before-title',
    });
    return;
  }
}
