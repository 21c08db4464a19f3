import { defineRule } from './define-rule.js';

/** Two examples of the same kind with the same name on one page: tools key examples by name and one is lost. */
export default defineRule({
  id: 'example-duplicate-name',
  description: 'Example names must be unique among the requests (and among the responses) of a page.',
  defaultSeverity: 'error',
  messages: {
    duplicate: 'Unexpected second {blockType} example named "{name}", expected a unique name (first used on line {line}): rename one of them',
  },
  run(page, context) {
    const seen = new Map<string, number>();
    for (const example of page.examples) {
      const annotation = example.annotation;
      if (!annotation || (example.blockType !== 'request' && example.blockType !== 'response')) continue;
      for (const name of annotation.names) {
        const key = `${example.blockType}\u0000${name}`;
        const first = seen.get(key);
        if (first === undefined) {
          seen.set(key, annotation.range.start.line);
          continue;
        }
        const keyRange = annotation.keys.find((k) => k.key === 'name')?.range ?? annotation.range;
        context.report({
          messageId: 'duplicate',
          data: { blockType: example.blockType, name, line: first },
          at: keyRange,
          element: `example:${name}/${example.blockType}#duplicate`,
        });
      }
    }
  },
});
