import type { DocPage, Heading } from '../extractor/model.js';
import { defineRule } from './define-rule.js';
import { editDistance } from './support/text.js';
import { FILE_START } from '../core/diagnostic.js';

interface Required {
  readonly name: string;
  /** Every spelling the real docs use (corpus README, heading table): none of these is reported. */
  readonly accepts: RegExp;
  /** Deepest heading level that counts (a `#### Response` under `### Example 1` is not the Response section). */
  readonly maxDepth: number;
  /** Other evidence that the page has what the section holds, though under another heading. */
  readonly presentWithout?: (page: DocPage) => boolean;
}

const API: readonly Required[] = [
  // Intune's generated pages put the permission table under `## Prerequisites`.
  { name: 'Permissions', accepts: /^(?:permissions|prerequisites)$/i, maxDepth: 3 },
  { name: 'HTTP request', accepts: /^http requests?\b/i, maxDepth: 3 },
  // OneDrive pages document the response as `### Response` under `## Example` or under the operation's section.
  { name: 'Response', accepts: /^response(?: body)?$/i, maxDepth: 3 },
  // OneDrive pages (drive-get.md) show each request under its operation's section: the examples are there.
  { name: 'Examples', accepts: /^examples?\b/i, maxDepth: 6, presentWithout: (page) => page.examples.some((e) => e.blockType === 'request') },
];
const RESOURCE: readonly Required[] = [
  {
    name: 'Properties',
    accepts: /^properties$/i,
    maxDepth: 3,
    // A type with no properties of its own (an abstract base, a container of relationships) has nothing to list.
    presentWithout: (page) => hasNoOwnProperties(page),
  },
];

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
    docType: 'Unexpected doc_type "{actual}" on a page that documents {what}, expected "{expected}": fix the front matter so the docs build and tools read the page as what it is',
  },
  run(page, context) {
    const kind = actualKind(page);
    const docType = page.frontMatter?.entries.find((e) => e.key === 'doc_type');
    if (kind !== page.kind && docType) {
      // One defect, one finding: the front matter names the wrong page type, so the sections it would require are
      // not missing (issue 9: a resource page marked apiPageType gets this, not four "missing section" findings).
      const expected = DOC_TYPES[kind];
      context.report({
        messageId: 'docType',
        data: { actual: docType.value, what: WHAT[kind], expected },
        at: docType.range,
        expected,
        actual: docType.value,
        element: 'front-matter:doc_type',
      });
    }
    const required = kind === 'api' ? API : kind === 'resource' ? RESOURCE : [];
    for (const section of required) {
      if (page.headings.some((h) => h.depth <= section.maxDepth && accepts(page, section, h))) continue;
      if (section.presentWithout?.(page)) continue;
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
          data: { expected: section.name, kind: kind === 'api' ? 'API' : 'resource' },
          at: page.title?.range ?? FILE_START,
          expected: section.name,
          element: `heading:${section.name}`,
        });
      }
    }
  },
});

type Kind = DocPage['kind'];

const DOC_TYPES: Readonly<Record<Kind, string>> = {
  api: 'apiPageType', resource: 'resourcePageType', enum: 'enumPageType', conceptual: 'conceptualPageType', unknown: '',
};
const WHAT: Readonly<Record<Kind, string>> = {
  api: 'an API operation', resource: 'a resource type', enum: 'an enumeration', conceptual: 'no type or operation (a conceptual page)', unknown: '',
};

/**
 * What the page is, from its content, where that contradicts the kind its front matter (or folder) gives:
 * - an "API" page with a resource's JSON representation or property table and nothing of an operation is a resource page;
 * - a "resource" page titled as an enum, or listing enum members and nothing of a resource, is an enum page;
 * - a "resource" page with no JSON representation, no property or relationship table, no Properties heading and no
 *   "resource type" title (`search-api-overview.md`, `intune-enrollment-conceptual.md`) is a conceptual page.
 */
export function actualKind(page: DocPage): Kind {
  if (page.kind === 'api' && hasResourceContent(page) && !hasOperationContent(page)) return 'resource';
  if (page.kind !== 'resource') return page.kind;
  const title = page.title?.text ?? '';
  if (/\benum(?:eration)?(?: type)?$/i.test(title.trim())) return 'enum';
  if (hasResourceContent(page) || /\bresource(?: type)?\b/i.test(title) || hasPropertiesHeading(page)) return 'resource';
  if (page.tables.some((t) => t.role === 'enum-members')) return 'enum';
  return 'conceptual';
}

function hasResourceContent(page: DocPage): boolean {
  return page.jsonRepresentation !== undefined || page.tables.some((t) => t.role === 'properties' || t.role === 'relationships');
}

function hasOperationContent(page: DocPage): boolean {
  return page.requestTemplates.length > 0 || page.httpRequestSections.length > 0 || page.examples.some((e) => e.role === 'request')
    || page.tables.some((t) => t.role === 'permissions');
}

function hasPropertiesHeading(page: DocPage): boolean {
  return page.headings.some((h) => RESOURCE[0].accepts.test(h.text.trim()));
}

/** A JSON representation that is an empty object (`{ }`, or only `@odata` annotations): the type adds no properties. */
function hasNoOwnProperties(page: DocPage): boolean {
  const json = page.jsonRepresentation?.body?.json;
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return false;
  return Object.keys(json).every((key) => key.startsWith('@'));
}

/** The section's heading as written, or `<type name> Properties` (`## operationError Properties`) for Properties. */
function accepts(page: DocPage, section: Required, heading: Heading): boolean {
  const text = heading.text.trim();
  if (section.accepts.test(text)) return true;
  if (section.name !== 'Properties') return false;
  const typed = /^([\w.]+)\s+properties$/i.exec(text);
  const typeName = /^[\w.]+/.exec(page.title?.text ?? '')?.[0];
  return typed !== null && typeName !== undefined && typed[1].toLowerCase() === typeName.toLowerCase();
}

function isMisspelling(heading: Heading, section: Required): boolean {
  const text = heading.text.trim();
  if (KNOWN.test(text) || heading.depth > section.maxDepth) return false;
  const distance = editDistance(text.toLowerCase(), section.name.toLowerCase());
  return distance > 0 && distance <= Math.max(1, Math.floor(section.name.length / 4));
}
