/** Where an annotation's JSON and its members' values sit in the page, for fixes that edit them. */
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import type { Range } from '../../core/diagnostic.js';
import type { Annotation, DocPage } from '../../extractor/model.js';
import { rangeAt } from './positions.js';

/** The annotation's JSON text and its offset in `page.source`, when the page holds it as parsed. */
export function annotationJson(page: DocPage, annotation: Annotation): { start: number; text: string } | undefined {
  const at = page.source.indexOf(annotation.raw, annotation.range.start.offset);
  if (at < 0 || at + annotation.raw.length > annotation.range.end.offset) return undefined;
  return { start: at, text: annotation.raw };
}

/** Offsets in `page.source` of the value of top-level member `key` of the annotation. */
export function annotationValueSpan(page: DocPage, annotation: Annotation, key: string): { start: number; end: number } | undefined {
  const json = annotationJson(page, annotation);
  if (json === undefined) return undefined;
  const tree = parseTree(json.text, [], { allowTrailingComma: true, disallowComments: false });
  const node = tree && findNodeAtLocation(tree, [key]);
  if (!node) return undefined;
  return { start: json.start + node.offset, end: json.start + node.offset + node.length };
}

/**
 * Where member `key` of the annotation is written, from its key to the end of its value (`"truncated": "true"`): the
 * range of a finding about the value, which its fix edits. The key alone when the value cannot be found after it.
 */
export function annotationMemberRange(page: DocPage, annotation: Annotation, key: string, keyRange?: Range): Range | undefined {
  const from = keyRange ?? annotation.keys.find((k) => k.key === key)?.range;
  if (from === undefined) return undefined;
  const value = annotationValueSpan(page, annotation, key);
  return value !== undefined && value.start >= from.end.offset ? rangeAt(page, from.start.offset, value.end) : from;
}
