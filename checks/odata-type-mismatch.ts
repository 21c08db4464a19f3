import type { Range } from '../core/diagnostic.js';
import type { DocPage, Example } from '../extractor/model.js';
import type { RuleContext } from './define-rule.js';
import type { Fix, TextEdit } from '../core/fix.js';
import { defineRule } from './define-rule.js';
import { annotationMemberRange, annotationValueSpan } from './support/annotation-json.js';
import { contentLengthFollowing, contentLengthRelated } from './support/content-length.js';
import { edit, fix } from './support/fix.js';
import type { DocSet } from './docset.js';
import { parseQualified } from '../resolve/doc-index.js';
import { exampleElement, fitsNamespace, isCheckedExample, pageNamespace } from './support/text.js';

type MessageId = 'annotationNamespace' | 'bodyNamespace' | 'bodyType';

/**
 * `@odata.type` values (in annotations and in example bodies) must name a type in the page's namespace, and a
 * response body's must be the documented type or one derived from it.
 */
export default defineRule<MessageId>({
  id: 'odata-type-mismatch',
  description: '`@odata.type` in annotations and example bodies must match the page namespace and the documented type.',
  defaultSeverity: 'error',
  messages: {
    annotationNamespace:
      'Unexpected annotation @odata.type "{actual}" outside the page namespace, expected a type in {namespace} (such as "{expected}"): fix the namespace',
    bodyNamespace: 'Unexpected "@odata.type": "{actual}" outside the page namespace, expected a type in {namespace} (such as "{expected}"): fix the namespace',
    bodyType: 'Unexpected "@odata.type": "{actual}", expected the documented type {expected} or a type derived from it: fix the value or the documented type',
  },
  run(page, context) {
    const namespace = pageNamespace(page);
    for (const example of page.examples) {
      if (!isCheckedExample(example) && example.blockType !== 'resource') continue;
      const element = exampleElement(page, example);
      const declared = example.annotation?.data['@odata.type'];
      if (typeof declared === 'string' && declared.trim() !== '') {
        const parsed = parseQualified(declared);
        if (parsed.namespace && !fitsNamespace(parsed.namespace, namespace)) {
          context.report({
            messageId: 'annotationNamespace',
            data: { actual: declared, namespace, expected: `${namespace}.${parsed.name}` },
            at: annotationMemberRange(page, example.annotation!, '@odata.type') ?? example.annotation!.range,
            expected: `${namespace}.${parsed.name}`,
            actual: declared,
            element: `annotation:${element}/@odata.type`,
            fixes: namespaceFix(parsed.namespace, namespace, declared, parsed.name, (text) => {
              const span = annotationValueSpan(page, example.annotation!, '@odata.type');
              return span && page.source.slice(span.start, span.end) === JSON.stringify(declared) ? [edit(page, span.start, span.end, JSON.stringify(text))] : undefined;
            }),
          });
        }
      }
      checkBody(page, example, element, namespace, context);
    }
  },
});

function checkBody(page: DocPage, example: Example, element: string, namespace: string, context: RuleContext<MessageId>): void {
  const body = example.request?.body ?? example.response?.body ?? example.body;
  if (!body || body.kind !== 'json' || body.json === undefined) return;
  const documented = documentedType(page, example);
  const visit = (value: unknown, pointer: string): void => {
    if (Array.isArray(value)) {
      value.forEach((item, i) => visit(item, `${pointer}/${i}`));
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    for (const [key, member] of Object.entries(value)) {
      const memberPointer = `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      if (key === '@odata.type' && typeof member === 'string') check(member, memberPointer, pointer);
      else visit(member, memberPointer);
    }
  };
  const check = (text: string, pointer: string, owner: string): void => {
    const at: Range = body.pointers?.[pointer] ?? body.range;
    const parsed = parseQualified(text);
    if (parsed.namespace && !fitsNamespace(parsed.namespace, namespace)) {
      let lengthEdits: TextEdit[] = [];
      const fixes = namespaceFix(parsed.namespace, namespace, text, parsed.name, (value) => {
        // The pointer's range is the member, `"@odata.type": "…"`: the value is its last string.
        const member = page.source.slice(at.start.offset, at.end.offset);
        const quoted = JSON.stringify(text);
        const start = at.start.offset + member.lastIndexOf(quoted);
        if (!member.endsWith(quoted)) return undefined;
        const own = edit(page, start, start + quoted.length, JSON.stringify(value));
        lengthEdits = contentLengthFollowing(page, example.request ?? example.response, [own]);
        return [own, ...lengthEdits];
      });
      context.report({
        messageId: 'bodyNamespace',
        data: { actual: text, namespace, expected: `#${namespace}.${parsed.name}` },
        at,
        pointer,
        expected: `#${namespace}.${parsed.name}`,
        actual: text,
        element: `${element}#${pointer}`,
        fixes,
        ...(lengthEdits.length > 0 && { related: contentLengthRelated(page, lengthEdits) }),
      });
      return;
    }
    // Only the top-level type of a response is documented on an API page; nested values are typed by their tables.
    const topLevel = owner === '' || (example.isCollection === true && /^\/value\/\d+$/.test(owner));
    if (!topLevel || !documented || parsed.name.toLowerCase() === documented.toLowerCase()) return;
    if (!derivesFrom(context.docs, page, parsed.name, documented)) {
      context.report({
        messageId: 'bodyType',
        data: { actual: text, expected: documented },
        at,
        pointer,
        expected: documented,
        actual: text,
        element: `${element}#${pointer}`,
      });
    }
  };
  visit(body.json, '');
}

/** The response type a response example should carry: its annotation's, else the Response section's. */
function documentedType(page: DocPage, example: Example): string | undefined {
  if (!example.response) return undefined;
  const declared = example.annotation?.data['@odata.type'];
  if (typeof declared === 'string' && declared.trim() !== '') return parseQualified(declared).name;
  const type = page.response?.type;
  return type?.kind === 'named' ? type.name : undefined;
}

/**
 * Whether `name` is `base` or derives from it, by the base types the pages document. A type the run does not know
 * is given the benefit of the doubt (it may well be derived), so only known, unrelated types are reported.
 */
function derivesFrom(docs: DocSet, page: DocPage, name: string, base: string): boolean {
  const type = docs.typesNamed(name, page.version).find((e) => e.kind === 'resource');
  const ancestor = docs.typesNamed(base, page.version).find((e) => e.kind === 'resource');
  if (type?.kind !== 'resource' || ancestor?.kind !== 'resource') return true;
  return docs.index.derivesFrom(type, ancestor) !== false;
}

/**
 * The page namespace in place of another: safe when only the letter case differs (`microsoft.graph.termstore` on a
 * `microsoft.graph.termStore` page names the same type to a reader), a suggestion otherwise (it names another type).
 * A leading `#` is kept as written (adding one is a fix of its own).
 */
function namespaceFix(actual: string, namespace: string, written: string, name: string, edits: (value: string) => ReturnType<typeof edit>[] | undefined): Fix[] {
  const value = `${written.trimStart().startsWith('#') ? '#' : ''}${namespace}.${name}`;
  const made = edits(value);
  if (made === undefined) return [];
  return [fix(`Use the page namespace: ${value}`, actual.toLowerCase() === namespace.toLowerCase() ? 'safe' : 'suggestion', made)];
}
