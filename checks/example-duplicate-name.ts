import type { Range } from '../core/diagnostic.js';
import type { DocPage } from '../extractor/model.js';
import { defineRule } from './define-rule.js';
import type { DocSet } from './docset.js';

/** Where a request example name is first used in a doc set, per version: the first page by path, its line. */
type FirstUse = ReadonlyMap<string, { readonly file: string; readonly line: number; readonly range: Range }>;
const firstUses = new WeakMap<DocSet, FirstUse>();

const nameKey = (page: DocPage, name: string): string => `${page.version ?? ''}\u0000${name.toLowerCase()}`;

/**
 * The first page (by path) using each request example name, per version. Built once per run from the doc set's pages;
 * snippet generation keys on the name across the whole doc set, so names must be unique there, not only on a page.
 */
function firstUseOf(docs: DocSet): FirstUse {
  let found = firstUses.get(docs);
  if (found) return found;
  const map = new Map<string, { file: string; line: number; range: Range }>();
  const pages = [...docs.pages].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  for (const page of pages) {
    if (page.kind !== 'api') continue;
    for (const example of page.examples) {
      if (example.blockType !== 'request' || !example.annotation) continue;
      for (const name of example.annotation.names) {
        const key = nameKey(page, name);
        if (!map.has(key)) map.set(key, { file: page.file, line: example.annotation.range.start.line, range: example.annotation.range });
      }
    }
  }
  found = map;
  firstUses.set(docs, found);
  return found;
}

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
      const first = firstUseOf(context.docs);
      const reported = new Set<string>();
      for (const example of page.examples) {
        const annotation = example.annotation;
        if (!annotation || example.blockType !== 'request') continue;
        for (const name of annotation.names) {
          const use = first.get(nameKey(page, name));
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
