import type { Heading } from '../extractor/model.js';
import { defineRule } from './define-rule.js';
import { editDistance } from './support/text.js';
import { FILE_START } from '../core/diagnostic.js';

interface Required {
  readonly name: string;
  /** Every spelling the real docs use (corpus README, heading table): none of these is reported. */
  readonly accepts: RegExp;
  /** Deepest heading level that counts (a `### Response` under Examples is not the Response section). */
  readonly maxDepth: number;
}

const API: readonly Required[] = [
  // Intune's generated pages put the permission table under `## Prerequisites`.
  { name: 'Permissions', accepts: /^(?:permissions|prerequisites)$/i, maxDepth: 3 },
  { name: 'HTTP request', accepts: /^http requests?\b/i, maxDepth: 3 },
  { name: 'Response', accepts: /^response(?: body)?$/i, maxDepth: 2 },
  { name: 'Examples', accepts: /^examples?\b/i, maxDepth: 6 },
];
const RESOURCE: readonly Required[] = [{ name: 'Properties', accepts: /^properties$/i, maxDepth: 3 }];

/** Headings that are right as they are, so they are never taken for a misspelling. */
const KNOWN = /^(?:permissions|http requests?|responses?|response body|examples?|request|request body|request headers|properties|relationships|methods|json representation|path parameters|query parameters|optional query parameters|optional request headers|function parameters|parameters|prerequisites)$/i;

/** Required sections of API and resource pages that are missing or misspelt. */
export default defineRule({
  id: 'page-sections',
  description: 'API pages need Permissions, HTTP request, Response and Examples sections; resource pages need Properties.',
  defaultSeverity: 'warning',
  messages: {
    missing: 'Unexpected page without a "## {expected}" section, expected one on every {kind} page: add it',
    misspelt: 'Unexpected heading "{actual}", expected "{expected}": fix the spelling so tools and readers find the section',
  },
  run(page, context) {
    const required = page.kind === 'api' ? API : page.kind === 'resource' ? RESOURCE : [];
    for (const section of required) {
      if (page.headings.some((h) => h.depth <= section.maxDepth && section.accepts.test(h.text.trim()))) continue;
      const misspelt = page.headings.find((h) => isMisspelling(h, section));
      if (misspelt) {
        context.report({
          messageId: 'misspelt',
          data: { actual: misspelt.text, expected: section.name },
          at: misspelt.range,
          expected: section.name,
          actual: misspelt.text,
          element: `heading:${section.name}`,
        });
      } else {
        context.report({
          messageId: 'missing',
          data: { expected: section.name, kind: page.kind === 'api' ? 'API' : 'resource' },
          at: page.title?.range ?? FILE_START,
          expected: section.name,
          element: `heading:${section.name}`,
        });
      }
    }
  },
});

function isMisspelling(heading: Heading, section: Required): boolean {
  const text = heading.text.trim();
  if (KNOWN.test(text) || heading.depth > section.maxDepth) return false;
  const distance = editDistance(text.toLowerCase(), section.name.toLowerCase());
  return distance > 0 && distance <= Math.max(1, Math.floor(section.name.length / 4));
}

