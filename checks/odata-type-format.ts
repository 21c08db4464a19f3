import type { Range } from '../core/diagnostic.js';
import type { Body } from '../extractor/model.js';
import { defineRule } from './define-rule.js';
import { contentLengthFollowing, contentLengthRelated } from './support/content-length.js';
import { edit, fix } from './support/fix.js';
import { nonStructuredOdataType } from './support/odata.js';
import { keyRange } from './support/positions.js';
import { exampleElement, isCheckedExample } from './support/text.js';

const escape = (key: string): string => key.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * The form of `@odata.type` members: in request and response bodies the value is a URI fragment (`#microsoft.graph.x`,
 * OData JSON Format §4.5.3), and an object never carries the type of a primitive or enum value
 * (`{"@odata.type": "Edm.Binary"}`: such a value is written as itself). One finding per example and kind, at the
 * first occurrence: one habit of the example's author, fixed in one go.
 */
export default defineRule({
  id: 'odata-type-format',
  description: '`@odata.type` values in example bodies start with "#", and no object stands for a primitive or enum value.',
  defaultSeverity: 'warning',
  messages: {
    noHash:
      'Unexpected "@odata.type": "{actual}" without a leading "#"{more}, expected "#{actual}": an @odata.type value in a payload is a URI fragment',
    primitive:
      'Unexpected object with "@odata.type": "{actual}" for "{property}"{more}, expected {kind} written as itself ({kind} carries no @odata.type): write a value of {actual}',
  },
  run(page, context) {
    for (const example of page.examples) {
      const isRepresentation = example.blockType === 'resource';
      if (!isRepresentation && !isCheckedExample(example)) continue;
      const body: Body | undefined = example.request?.body ?? example.response?.body ?? (isRepresentation ? example.body : undefined);
      if (!body || body.kind !== 'json' || body.json === undefined) continue;
      const noHash: { value: string; raw: string; pointer: string }[] = [];
      const primitives: { value: string; kind: string; property: string; pointer: string; key: string }[] = [];
      const visit = (value: unknown, pointer: string, property: string, key: string): void => {
        if (Array.isArray(value)) {
          value.forEach((item, i) => visit(item, `${pointer}/${i}`, property, key));
          return;
        }
        if (typeof value !== 'object' || value === null) return;
        const named = pointer === '' ? undefined : nonStructuredOdataType(value, context.docs.index, page.version);
        if (named) primitives.push({ value: named.type, kind: named.kind, property, pointer, key });
        for (const [member, inner] of Object.entries(value)) {
          const memberPointer = `${pointer}/${escape(member)}`;
          // Representations write the type name bare by convention (it is the annotation's form); payloads need "#".
          if (member === '@odata.type' && typeof inner === 'string' && !isRepresentation && !named && inner.trim() !== '' && !inner.trim().startsWith('#')) {
            noHash.push({ value: inner.trim(), raw: inner, pointer: memberPointer });
          } else visit(inner, memberPointer, member, member);
        }
      };
      visit(body.json, '', '', '');
      const element = exampleElement(page, example);
      const more = (n: number): string => (n > 1 ? ` (and ${n - 1} more in this example)` : '');
      if (noHash.length > 0) {
        const [first] = noHash;
        const at: Range = body.pointers?.[first.pointer] ?? body.range;
        // The fix (safe: a payload's type is the same with its fragment mark) puts the "#" in every value of the
        // example, each found at the end of its member's range (`"@odata.type": "x"`).
        const edits = noHash.flatMap(({ raw, pointer }) => {
          const member = body.pointers?.[pointer];
          const quoted = JSON.stringify(raw);
          if (!member || raw !== raw.trim() || !page.source.slice(member.start.offset, member.end.offset).endsWith(quoted)) return [];
          const open = member.end.offset - quoted.length + 1;
          return [edit(page, open, open, '#')];
        });
        const lengthEdits = edits.length === noHash.length ? contentLengthFollowing(page, example.request ?? example.response, edits) : [];
        // The other values are named as related locations: the finding is one habit, its fix edits each of them.
        const others = noHash.slice(1).flatMap(({ pointer }) => {
          const range = body.pointers?.[pointer];
          return range ? [{ message: 'Also without the leading "#"', file: page.file, range }] : [];
        });
        const related = [...others, ...contentLengthRelated(page, lengthEdits)];
        context.report({
          messageId: 'noHash', data: { actual: first.value, more: more(noHash.length) }, at, pointer: first.pointer, expected: `#${first.value}`, actual: first.value, element: `${element}#odata-type-hash`,
          ...(related.length > 0 && { related }),
          ...(edits.length === noHash.length && { fixes: [fix('Add the leading "#" to @odata.type', 'safe', [...edits, ...lengthEdits])] }),
        });
      }
      if (primitives.length > 0) {
        const [first] = primitives;
        const valueRange: Range = body.pointers?.[first.pointer] ?? body.range;
        const at = first.key === '' || /^\d+$/.test(first.key) ? valueRange : keyRange(page, first.key, valueRange);
        context.report({
          messageId: 'primitive',
          data: { actual: first.value, property: first.property || first.pointer, kind: first.kind === 'enum' ? 'an enum value' : 'a primitive value', more: more(primitives.length) },
          at,
          pointer: first.pointer,
          actual: first.value,
          element: `${element}#odata-type-primitive`,
        });
      }
    }
  },
});

