/** Which links a page makes to files, and whether each is an `[!INCLUDE]` target; the anchors a page offers. */
import GithubSlugger from 'github-slugger';
import type { DocPage, Link } from '../../extractor/model.js';
import { linkTarget } from '../../resolve/doc-index.js';

/** Whether the link is the target of `[!INCLUDE [label](path)]`. */
export function isInclude(page: DocPage, link: Link): boolean {
  const before = page.source.slice(Math.max(0, link.range.start.offset - 16), link.range.start.offset);
  return /\[!INCLUDE\s*$/i.test(before);
}

/**
 * Every anchor a page offers, lower-cased: the GitHub slug of each heading (`github-slugger`, so a repeated heading
 * gets `-1`, `-2`…) and each `<a name="…">` / `id="…"` in its HTML. Computed once per page.
 */
export function anchorsOf(page: DocPage): ReadonlySet<string> {
  let anchors = anchorCache.get(page);
  if (anchors) return anchors;
  const slugger = new GithubSlugger();
  const set = new Set<string>();
  for (const heading of page.headings) set.add(slugger.slug(heading.text));
  for (const m of page.source.matchAll(/<a\s[^>]*?\b(?:name|id)\s*=\s*["']?([^"'\s>]+)/gi)) set.add(m[1].toLowerCase());
  for (const m of page.source.matchAll(/\bid\s*=\s*["']([^"']+)["']/g)) set.add(m[1].toLowerCase());
  anchors = set;
  anchorCache.set(page, anchors);
  return anchors;
}

const anchorCache = new WeakMap<DocPage, ReadonlySet<string>>();

/** The version folder a `?view=graph-rest-1.0` / `?view=graph-rest-beta` query asks for, if any. */
export function viewVersion(url: string): string | undefined {
  const view = /[?&]view=graph-rest-(1\.0|beta)\b/i.exec(url)?.[1];
  return view === undefined ? undefined : view === '1.0' ? 'v1.0' : 'beta';
}

/**
 * The file a site-absolute `/graph/api/…` link names, `/`-separated like the pages' `file`, resolved by the doc
 * set's `linkTarget` from the version root the link's `?view=` names (else the page's own); undefined for any other
 * link.
 */
export function siteLinkFile(page: DocPage, url: string): string | undefined {
  const trimmed = url.trim().replace(/^<|>$/g, '');
  // Only a page in an api/ or resources/ folder knows its version root (the folder above): a conceptual page elsewhere,
  // or an include target read inside pages of either version, does not.
  if (!/^\/graph\/api\//i.test(trimmed) || !/(^|\/)(?:api|resources)\/[^/]+$/.test(page.file)) return undefined;
  const pathPart = trimmed.replace(/[?#].*$/, '');
  const version = viewVersion(trimmed);
  const file = version && /(^|\/)(v1\.0|beta)\//.test(page.file) ? page.file.replace(/(^|\/)(v1\.0|beta)\//, `$1${version}/`) : page.file;
  return linkTarget(pathPart, file === page.file ? page : { ...page, file });
}
