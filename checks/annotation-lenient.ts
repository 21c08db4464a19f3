import { defineRule } from './define-rule.js';
import { annotationJson } from './support/annotation-json.js';
import { edit, fix } from './support/fix.js';
import { normaliseLenientJson } from './support/lenient-json.js';
import { covering } from './support/positions.js';
import { exampleElement } from './support/text.js';

/** An example annotation that only a lenient parser reads: trailing comma, unquoted key, single quotes. */
export default defineRule({
  id: 'annotation-lenient',
  description: 'Example annotations must be strict JSON, not JSON that only a lenient parser accepts.',
  defaultSeverity: 'warning',
  messages: {
    lenient: 'Unexpected {problem} in the annotation, expected strict JSON: {fix} (strict JSON tools drop this annotation)',
  },
  run(page, context) {
    for (const example of page.examples) {
      const annotation = example.annotation;
      if (!annotation || annotation.parse !== 'lenient') continue;
      const problem = annotation.problem?.message ?? 'non-JSON syntax';
      const problemAt = annotation.problem?.range ?? annotation.range;
      // Safe: the normalised JSON must hold the same value the lenient parser read (lenient-json.ts checks it).
      const json = annotationJson(page, annotation);
      const normalised = json && normaliseLenientJson(json.text);
      const edits = json && normalised ? normalised.spans.map((s) => edit(page, json.start + s.start, json.start + s.end, s.text)) : [];
      context.report({
        messageId: 'lenient',
        data: { problem, fix: fixFor(problem) },
        // From the first text the fix rewrites to the place the parser stopped: a trailing comma is reported at the
        // comma and the brace after it, not at the brace alone.
        at: covering(page, problemAt, edits.map((e) => e.range)),
        element: `annotation:${exampleElement(page, example)}`,
        fixes: edits.length > 0 ? [fix('Rewrite the annotation as strict JSON', 'safe', edits)] : [],
      });
    }
  },
});

function fixFor(problem: string): string {
  if (/trailing comma/i.test(problem)) return 'remove the comma after the last member';
  if (/unquoted|key/i.test(problem)) return 'put the key in double quotes';
  if (/single quote|quote/i.test(problem)) return 'use straight double quotes';
  if (/comment/i.test(problem)) return 'remove the comment';
  return 'rewrite it as strict JSON';
}
