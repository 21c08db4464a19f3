import type { Fix } from '../core/fix.js';
import type { Annotation, DocPage } from '../extractor/model.js';
import { defineRule } from './define-rule.js';
import { annotationMemberRange, annotationValueSpan } from './support/annotation-json.js';
import { edit, fix as makeFix } from './support/fix.js';
import { ANNOTATION_KEYS, BLOCK_TYPES } from './support/annotation-keys.js';
import type { KeyType } from './support/annotation-keys.js';
import { didYouMean, exampleElement } from './support/text.js';

/** An annotation value of the wrong JSON type (`"truncated": "true"`) or an unknown `blockType`. */
export default defineRule({
  id: 'annotation-value-type',
  description: 'Annotation values must have the JSON type their key takes; `blockType` must be a known block type.',
  defaultSeverity: 'error',
  messages: {
    wrongType: 'Unexpected {actual} for annotation key "{key}", expected {expected}: write {fix}',
    blockType: 'Unexpected blockType "{actual}", expected one of {known}{hint}',
  },
  run(page, context) {
    for (const example of page.examples) {
      const annotation = example.annotation;
      if (!annotation || annotation.parse === 'failed') continue;
      for (const { key, range } of annotation.keys) {
        // Own keys only, in the table and in the annotation: an inherited `toString` is neither a key nor a value.
        if (!Object.hasOwn(ANNOTATION_KEYS, key) || !Object.hasOwn(annotation.data, key)) continue;
        const type = ANNOTATION_KEYS[key];
        const value = annotation.data[key];
        const element = `annotation:${exampleElement(page, example)}/${key}`;
        // At the member, key to value: the value is what is wrong and what a fix rewrites.
        const at = annotationMemberRange(page, annotation, key, range) ?? range;
        if (!matches(value, type)) {
          context.report({
            messageId: 'wrongType',
            data: { actual: describe(value), key, expected: EXPECTED[type], fix: fix(key, value, type) },
            at,
            expected: EXPECTED[type],
            actual: describe(value),
            element,
            fixes: valueFixes(page, annotation, key, value, type),
          });
        } else if (key === 'blockType' && typeof value === 'string' && !BLOCK_TYPES.includes(value)) {
          const suggestion = didYouMean(value, BLOCK_TYPES);
          context.report({
            messageId: 'blockType',
            data: { actual: value, known: BLOCK_TYPES.join(', '), hint: suggestion ? `: did you mean "${suggestion}"?` : '' },
            at,
            element,
            ...(suggestion && { fixes: replaceValue(page, annotation, key, JSON.stringify(suggestion), `Set blockType to "${suggestion}"`, 'suggestion') }),
          });
        }
      }
    }
  },
});

const EXPECTED: Readonly<Record<KeyType, string>> = {
  string: 'a string',
  boolean: 'a boolean (true or false, without quotes)',
  'string-or-array': 'a string or an array of strings',
  array: 'an array',
  object: 'an object',
  any: 'any value',
};

function matches(value: unknown, type: KeyType): boolean {
  // Generated annotations write null for "not set" (`"baseType": null`); readers treat it as absent.
  if (value === null) return true;
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'string-or-array':
      return typeof value === 'string' || (Array.isArray(value) && value.every((v) => typeof v === 'string'));
    case 'array':
      return Array.isArray(value);
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    default:
      return true;
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `string ${JSON.stringify(value)}`;
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'object' : `${typeof value} ${String(value)}`;
}

function fix(key: string, value: unknown, type: KeyType): string {
  if (type === 'boolean' && typeof value === 'string' && /^(true|false)$/i.test(value.trim())) return value.trim().toLowerCase();
  if (key === 'blockType') {
    // Without a string blockType the block is in no example pairing: say which strings there are.
    const only = Array.isArray(value) && value.length === 1 && typeof value[0] === 'string' ? value[0] : undefined;
    return only !== undefined ? JSON.stringify(only) : `one of ${BLOCK_TYPES.map((t) => JSON.stringify(t)).join(', ')}`;
  }
  return EXPECTED[type];
}

/**
 * `"true"` → `true` is safe (every reader that takes the string takes it as the boolean); a one-string array
 * blockType → the string is a suggestion (readers that skipped the block will now pair it).
 */
function valueFixes(page: DocPage, annotation: Annotation, key: string, value: unknown, type: KeyType): Fix[] {
  if (type === 'boolean' && typeof value === 'string' && /^(true|false)$/i.test(value.trim())) {
    const bool = value.trim().toLowerCase();
    return replaceValue(page, annotation, key, bool, `Write ${key} as the boolean ${bool}`, 'safe');
  }
  if (key === 'blockType' && Array.isArray(value) && value.length === 1 && typeof value[0] === 'string') {
    return replaceValue(page, annotation, key, JSON.stringify(value[0]), `Set blockType to ${JSON.stringify(value[0])}`, 'suggestion');
  }
  return [];
}

function replaceValue(page: DocPage, annotation: Annotation, key: string, text: string, title: string, kind: Fix['kind']): Fix[] {
  const span = annotationValueSpan(page, annotation, key);
  return span === undefined ? [] : [makeFix(title, kind, [edit(page, span.start, span.end, text)])];
}
