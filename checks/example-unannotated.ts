import type { Fix } from '../core/fix.js';
import type { DocPage, Example } from '../extractor/model.js';
import { defineRule } from './define-rule.js';
import { eolAt, fix, edit } from './support/fix.js';
import { exampleElement } from './support/text.js';

const VERBS: Readonly<Record<string, string>> = { get: 'get', list: 'list', update: 'update', patch: 'update', delete: 'delete', create: 'create', post: 'create' };

/**
 * The request name the Graph docs would give an example of this page, from its file name: `user-get` → `get_user`,
 * `printershare-update` → `update_printershare`, `user-post-users` → `create_user_from_users`, any other stem with
 * `-` as `_` (`call-answer` → `call_answer`). Lower case, `[a-z0-9_]` only.
 */
export function graphExampleName(stem: string): string {
  const parts = stem.toLowerCase().split(/[^a-z0-9]+/).filter((p) => p !== '');
  if (parts.length === 3 && parts[1] === 'post') return `create_${parts[0]}_from_${parts[2]}`;
  const verb = VERBS[parts[parts.length - 1]];
  if (parts.length >= 2 && verb !== undefined) return `${verb}_${parts.slice(0, -1).join('_')}`;
  return parts.join('_') || 'example';
}

/** `base`, else `base_1`, `base_2`… : the first not in `used` (nor given out on this page already). */
function uniqueName(base: string, used: (name: string) => boolean, taken: Set<string>): string {
  let name = base;
  for (let i = 1; used(name) || taken.has(name); i++) name = `${base}_${i}`;
  taken.add(name);
  return name;
}

/** Graph's hosts (public and national clouds); a request to another host is a callback the service sends. */
const GRAPH_HOST = /^https?:\/\/(?:[\w-]+\.)*(?:graph\.microsoft\.(?:com|us|de)|microsoftgraph\.chinacloudapi\.cn)(?::\d+)?$/i;

const isGraphRequest = (example: Example | undefined): boolean =>
  example?.role === 'request' && (example.request?.origin === undefined || GRAPH_HOST.test(example.request.origin));

/**
 * Whether `example` is an http block of the page's Examples section that no annotation marks and that would be a
 * tested example: a request to Graph (not a notification Graph sends to a bot's callback URL), or the response right
 * after such a request (a second response after a response shows another outcome; the pairing has no place for it).
 */
function isUnannotatedExample(page: DocPage, example: Example): boolean {
  if (example.blockType !== 'unannotated' || example.code.lang.trim().toLowerCase() !== 'http') return false;
  if (!example.section.some((heading) => /^examples?\b/i.test(heading.trim()))) return false;
  if (example.role === 'request') return isGraphRequest(example);
  return example.role === 'response' && isGraphRequest(page.examples[example.index - 1]);
}

/** An HTTP request or response in the Examples section without the annotation that makes it a tested example. */
export default defineRule({
  id: 'example-unannotated',
  description: 'HTTP request and response blocks in the Examples section must be annotated (`<!-- { "blockType": "request", "name": … } -->`).',
  defaultSeverity: 'warning',
  messages: {
    request: 'Unexpected request example without an annotation, expected <!-- { "blockType": "request", "name": "{name}" } --> before it: add it so the example is tested (or "blockType": "ignored" to show it untested)',
    response: 'Unexpected response example without an annotation, expected <!-- { "blockType": "response" } --> before it: add it so it is paired with its request and tested',
  },
  run(page, context) {
    if (page.kind !== 'api') return;
    const taken = new Set<string>();
    for (const example of page.examples) {
      if (!isUnannotatedExample(page, example)) continue;
      const isRequest = example.role === 'request';
      // Unique among the request names of the page's version (what example-duplicate-name holds them to), asked name
      // by name so that the cache re-checks this page only when one of those names moves.
      const used = (name: string): boolean => context.docs.requestExampleUse(name, page.version) !== undefined;
      const name = isRequest ? uniqueName(graphExampleName(page.stem), used, taken) : '';
      const annotation = isRequest ? `<!-- { "blockType": "request", "name": "${name}" } -->` : '<!-- { "blockType": "response" } -->';
      context.report({
        messageId: isRequest ? 'request' : 'response',
        data: isRequest ? { name } : {},
        at: example.code.range,
        element: `${exampleElement(page, example)}#unannotated`,
        fixes: annotate(page, example, annotation),
      });
    }
  },
});

/**
 * A suggestion, never safe: annotated, the example is paired and tested, which may bring findings of its own. The
 * annotation goes on its own line right above the fence, with the fence's indentation and the page's line ending.
 */
function annotate(page: DocPage, example: Example, annotation: string): Fix[] {
  const fenceStart = example.code.range.start.offset;
  const lineStart = page.source.lastIndexOf('\n', fenceStart - 1) + 1;
  const indent = page.source.slice(lineStart, fenceStart);
  if (indent.trim() !== '') return [];
  return [fix('Annotate the example', 'suggestion', [edit(page, lineStart, lineStart, `${indent}${annotation}${eolAt(page, fenceStart)}`)])];
}
