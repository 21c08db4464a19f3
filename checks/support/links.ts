/** Which links a page makes to files, and whether each is an `[!INCLUDE]` target. */
import type { DocPage, Link } from '../../extractor/model.js';

/** Whether the link is the target of `[!INCLUDE [label](path)]`. */
export function isInclude(page: DocPage, link: Link): boolean {
  const before = page.source.slice(Math.max(0, link.range.start.offset - 16), link.range.start.offset);
  return /\[!INCLUDE\s*$/i.test(before);
}
