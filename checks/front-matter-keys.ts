import { FILE_START } from '../core/diagnostic.js';
import type { Range } from '../core/diagnostic.js';
import type { DocPage } from '../extractor/model.js';
import { defineRule } from './define-rule.js';

/** Keys every reference page's front matter carries (the docs build reads them for the page's metadata and search). */
const REQUIRED = ['title', 'description', 'author', 'doc_type'] as const;
/** Keys whose value must not be empty. */
const NON_EMPTY = new Set<string>(['title', 'description', 'doc_type']);
/** The page types the docs build knows. */
const DOC_TYPES = ['apiPageType', 'resourcePageType', 'enumPageType', 'conceptualPageType'] as const;

/**
 * Front matter metadata: the required keys present and filled, and `doc_type` one of the page types the docs build
 * knows. (A front matter that is not YAML is front-matter-invalid's finding; a doc_type that contradicts the
 * page's content is page-sections'.)
 */
export default defineRule({
  id: 'front-matter-keys',
  description: 'The front matter must have title, description, author and doc_type, and doc_type must be a known page type.',
  defaultSeverity: 'warning',
  messages: {
    noFrontMatter: 'Unexpected page without a front matter, expected a "---" block with {keys} on the first line: add it',
    missing: 'Unexpected front matter without {key}, expected a "{key}:" line: add it (the docs build reads the page\'s metadata from it)',
    empty: 'Unexpected empty {key} in the front matter, expected a value: fill it in',
    docType: 'Unexpected doc_type "{actual}", expected one of {known}{hint}: fix the value so the docs build knows the page type',
  },
  run(page, context) {
    // An include target (a snippet or a note pulled into other pages) has no metadata of its own.
    if (!isReferencePage(page)) return;
    const fm = page.frontMatter;
    if (!fm) {
      context.report({ messageId: 'noFrontMatter', data: { keys: REQUIRED.join(', ') }, at: page.title?.range ?? FILE_START, element: 'front-matter' });
      return;
    }
    // Unreadable YAML is front-matter-invalid's finding, an unclosed block front-matter-unclosed's: its keys are
    // unknown, not missing (one defect, one finding).
    if (fm.problem || fm.unclosed) return;
    const entries = new Map(fm.entries.map((e) => [e.key, e]));
    for (const key of REQUIRED) {
      const entry = entries.get(key);
      if (!entry) {
        context.report({ messageId: 'missing', data: { key }, at: firstLine(fm.range), expected: key, element: `front-matter:${key}` });
        continue;
      }
      if (NON_EMPTY.has(key) && valueOf(fm.data[key]) === '') {
        context.report({ messageId: 'empty', data: { key }, at: entry.range, element: `front-matter:${key}` });
      }
    }
    const docType = entries.get('doc_type');
    const actual = valueOf(fm.data.doc_type);
    if (!docType || actual === '' || (DOC_TYPES as readonly string[]).includes(actual)) return;
    const near = DOC_TYPES.find((known) => known.toLowerCase() === actual.toLowerCase() || actual.toLowerCase().startsWith(known.toLowerCase()) || known.toLowerCase().startsWith(actual.toLowerCase().replace(/s$/, '')));
    context.report({
      messageId: 'docType',
      data: { actual, known: DOC_TYPES.join(', '), hint: near ? ` (did you mean "${near}"?)` : '' },
      at: docType.range,
      actual,
      ...(near ? { expected: near } : {}),
      element: 'front-matter:doc_type',
    });
  },
});

function valueOf(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value.trim() : String(value);
}

/** The front matter's opening `---` line. */
function firstLine(range: Range): Range {
  return { start: range.start, end: { line: range.start.line, column: range.start.column + 3, offset: range.start.offset + 3 } };
}

/** An API, resource or enum page (by folder or content), not an include target or a loose Markdown file. */
function isReferencePage(page: DocPage): boolean {
  if (/(^|\/)includes\//.test(page.file)) return false;
  return page.kind !== 'unknown' && page.title !== undefined;
}
