/**
 * The page's lines as Markdown prose: outside the front matter, fenced code blocks and HTML comments. Rules that read
 * what remark keeps as plain text (snippet tab markers, `---` lines, unresolved `[text][id]` references) scan these
 * instead of parsing the page again. Computed once per page and cached (the page object is the key).
 */
import type { DocPage } from '../../extractor/model.js';

export interface ProseLine {
  /** 1-based line number. */
  readonly line: number;
  /** 0-based offset of the line's first character in `page.source`. */
  readonly offset: number;
  /** The line without its line break; text inside an HTML comment is blanked with spaces (columns are kept). */
  readonly text: string;
}

const cache = new WeakMap<DocPage, readonly ProseLine[]>();

// Any indentation: the docs indent fences inside list items by four spaces or more.
const FENCE = /^\s*(?:>\s?)*(`{3,}|~{3,})/;

/** Drops `page`'s cached prose lines (slices of its text, which they keep alive). */
export function forgetProseLines(page: DocPage): void {
  cache.delete(page);
}

/** The page's prose lines in order (see the module comment); blank lines are included. */
export function proseLines(page: DocPage): readonly ProseLine[] {
  const cached = cache.get(page);
  if (cached) return cached;
  const out: ProseLine[] = [];
  const source = page.source;
  const skipTo = page.frontMatter && !page.frontMatter.unclosed ? page.frontMatter.range.end.line : 0;
  let fence: string | undefined;
  let inComment = false;
  let offset = 0;
  let line = 0;
  while (offset <= source.length) {
    line++;
    const newline = source.indexOf('\n', offset);
    const end = newline < 0 ? source.length : newline;
    const start = offset;
    offset = end + 1;
    if (line > skipTo) {
      let raw = source.slice(start, end);
      if (raw.charCodeAt(raw.length - 1) === 13) raw = raw.slice(0, -1);
      // Only a line with a backtick or tilde can open or close a fence: skip the regex for the rest.
      const fenceAt = !inComment && (raw.includes('`') || raw.includes('~')) ? FENCE.exec(raw) : null;
      if (fence !== undefined) {
        if (fenceAt && fenceAt[1][0] === fence[0] && fenceAt[1].length >= fence.length && raw.slice(fenceAt.index + fenceAt[0].length).trim() === '') fence = undefined;
      } else if (fenceAt) {
        fence = fenceAt[1];
      } else {
        const blanked: { text: string; inComment: boolean } = inComment || raw.includes('<!--') ? blankComments(raw, inComment) : { text: raw, inComment: false };
        inComment = blanked.inComment;
        out.push({ line, offset: start, text: blanked.text });
      }
    }
    if (newline < 0) break;
  }
  cache.set(page, out);
  return out;
}

/** Replaces the parts of `text` inside `<!-- … -->` with spaces; says whether a comment is still open at the end. */
function blankComments(text: string, open: boolean): { text: string; inComment: boolean } {
  if (!open && !text.includes('<!--')) return { text, inComment: false };
  let out = '';
  let i = 0;
  let inComment = open;
  while (i < text.length) {
    if (inComment) {
      const close = text.indexOf('-->', i);
      const stop = close < 0 ? text.length : close + 3;
      out += ' '.repeat(stop - i);
      i = stop;
      if (close >= 0) inComment = false;
    } else {
      const openAt = text.indexOf('<!--', i);
      const stop = openAt < 0 ? text.length : openAt;
      out += text.slice(i, stop);
      i = stop;
      if (openAt >= 0) inComment = true;
    }
  }
  return { text: out, inComment };
}
