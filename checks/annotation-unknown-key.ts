import { defineRule } from './define-rule.js';
import { edit, fix } from './support/fix.js';
import { ANNOTATION_KEYS } from './support/annotation-keys.js';
import { didYouMean, exampleElement } from './support/text.js';

/** An annotation key the docs build does not know (and silently ignores), usually a misspelling. */
export default defineRule({
  id: 'annotation-unknown-key',
  description: 'Example annotations may only use the keys the docs build knows.',
  defaultSeverity: 'warning',
  messages: {
    suggestion: 'Unexpected annotation key "{key}", expected "{suggestion}": rename it (an unknown key is silently ignored)',
    unknown: 'Unexpected annotation key "{key}", expected one of the known keys ({known}): remove or rename it',
  },
  run(page, context) {
    const known = Object.keys(ANNOTATION_KEYS);
    for (const example of page.examples) {
      const annotation = example.annotation;
      if (!annotation || annotation.parse === 'failed') continue;
      for (const { key, range } of annotation.keys) {
        // Own keys only: `toString` or `__proto__` must not pass for known because every object inherits them.
        if (Object.hasOwn(ANNOTATION_KEYS, key) || !Object.hasOwn(annotation.data, key)) continue;
        const suggestion = didYouMean(key, known);
        context.report({
          messageId: suggestion ? 'suggestion' : 'unknown',
          data: suggestion ? { key, suggestion } : { key, known: 'blockType, name, truncated, isCollection, @odata.type, …' },
          at: range,
          element: `annotation:${exampleElement(page, example)}/${key}`,
          ...(suggestion && { expected: suggestion, actual: key }),
          // Only the case differs: readers that ignore case read it as meant already, so respelling it is safe; any
          // other respelling makes a key that was ignored count, a suggestion. Never onto a key already there.
          ...(suggestion && !Object.hasOwn(annotation.data, suggestion) && {
            fixes: [fix(`Rename the key to "${suggestion}"`, suggestion.toLowerCase() === key.toLowerCase() ? 'safe' : 'suggestion', [
              edit(page, range.start.offset, range.end.offset, page.source[range.start.offset] === '"' ? JSON.stringify(suggestion) : suggestion),
            ])],
          }),
        });
      }
    }
  },
});
