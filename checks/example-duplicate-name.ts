import { defineRule } from './define-rule.js';

/** Two examples of the same kind with the same name on one page: tools key examples by name and one is lost. */
export default defineRule({
  id: 'example-duplicate-name',
  description: 'Example names must be unique among the requests (and among the responses) of a page, and request names across the doc set of a version.',
  defaultSeverity: 'error',
  messages: {
    duplicate: 'Unexpected second {blockType} example named "{name}", expected a unique name (first used on line {line}): rename one of them',
    docSet: 'Unexpected request example name "{name}", already used by {other} (line {line}), expected a name unique across the {version} doc set (snippet generation keys on it): rename this one',
  },
  run(page, context) {
    if (page.kind === 'api') {
      const reported = new Set<string>();
      for (const example of page.examples) {
        const annotation = example.annotation;
        if (!annotation || example.blockType !== 'request') continue;
        for (const name of annotation.names) {
          // One narrow question per name (not "every page"), so the cache re-checks this page only when the answer moves.
          const use = context.docs.requestExampleUse(name, page.version);
          if (!use || use.file === page.file || reported.has(name.toLowerCase())) continue;
          reported.add(name.toLowerCase());
          context.report({
            messageId: 'docSet',
            data: { name, other: use.file, line: use.line, version: page.version ?? 'unversioned' },
            at: annotation.keys.find((k) => k.key === 'name')?.range ?? annotation.range,
            element: `example:${name}/request#duplicate-in-doc-set`,
            related: [{ message: `"${name}" is first used here`, file: use.file, range: use.range }],
          });
        }
      }
    }
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
