import type { Range } from '../core/diagnostic.js';
import type { Annotation } from '../extractor/model.js';
import { defineRule } from './define-rule.js';
import { exampleElement } from './support/text.js';

type MessageId = 'sampleKey' | 'expectErrorStatus' | 'expectErrorBody' | 'emptyWithoutIsEmpty' | 'isEmptyWithItems';

/** Where a key of the annotation is written, else the whole annotation. */
function keyAt(annotation: Annotation, key: string): Range {
  return annotation.keys.find((k) => k.key === key)?.range ?? annotation.range;
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * What the annotation keys say about their example, against the example: `sampleKeys` are ids of the request URL,
 * `expectError` marks an error response, `isEmpty` an empty collection.
 */
export default defineRule<MessageId>({
  id: 'annotation-semantics',
  description: 'Annotation keys must agree with their example: sampleKeys in the URL, expectError on an error, isEmpty on an empty collection.',
  defaultSeverity: 'warning',
  messages: {
    sampleKey:
      'Unexpected sample key "{key}" that the request URL does not contain, expected each "sampleKeys" value to be an id in the URL: fix the key or the URL',
    expectErrorStatus:
      'Unexpected "expectError": true on a {status} response, expected an error status (400 or above): remove "expectError", or show the error response',
    expectErrorBody:
      'Unexpected "expectError": true on a response whose body has no "error" object, expected an OData error body ({"error": {"code": …, "message": …}}): show the error, or remove "expectError"',
    emptyWithoutIsEmpty:
      'Unexpected empty collection ("value": []) without "isEmpty": true in the annotation, expected the annotation to say the empty result is meant: add "isEmpty": true, or show an item',
    isEmptyWithItems:
      'Unexpected "isEmpty": true on a response whose "value" has {count} item(s), expected an empty collection: remove "isEmpty", or empty the example',
  },
  run(page, context) {
    for (const example of page.examples) {
      const annotation = example.annotation;
      if (!annotation || example.blockType === 'ignored') continue;
      const element = exampleElement(page, example);
      const request = example.request;
      const keys = annotation.data.sampleKeys;
      if (request && Array.isArray(keys)) {
        const target = request.target;
        const forms = [target, decoded(target)];
        for (const key of keys) {
          if (typeof key !== 'string' || key === '') continue;
          if (forms.some((f) => f.includes(key) || f.includes(encodeURIComponent(key)))) continue;
          context.report({ messageId: 'sampleKey', data: { key }, at: keyAt(annotation, 'sampleKeys'), actual: key, element: `annotation:${element}/sampleKeys/${key}` });
        }
      }
      const response = example.response;
      if (!response || response.status === undefined) continue;
      const json = response.body.kind === 'json' ? response.body.json : undefined;
      const object = typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as Record<string, unknown>) : undefined;
      if (example.expectError === true) {
        if (response.status < 400) {
          context.report({ messageId: 'expectErrorStatus', data: { status: `${response.status}` }, at: keyAt(annotation, 'expectError'), element: `annotation:${element}/expectError` });
        } else if (response.body.kind === 'json' && (object === undefined || typeof object.error !== 'object' || object.error === null)) {
          context.report({ messageId: 'expectErrorBody', at: keyAt(annotation, 'expectError'), element: `annotation:${element}/expectError` });
        }
      }
      const value = object?.value;
      if (!Array.isArray(value) || response.status >= 300) continue;
      if (value.length === 0 && example.isEmpty !== true && example.truncated !== true) {
        const at = response.body.pointers?.['/value'] ?? response.body.range;
        context.report({ messageId: 'emptyWithoutIsEmpty', at, element: `${element}#/value/isEmpty` });
      } else if (value.length > 0 && example.isEmpty === true) {
        context.report({ messageId: 'isEmptyWithItems', data: { count: value.length }, at: keyAt(annotation, 'isEmpty'), element: `annotation:${element}/isEmpty` });
      }
    }
  },
});
