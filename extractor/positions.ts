import type { Point, Range } from '../core/diagnostic.js';

/**
 * Maps offsets of one text to 1-based lines and columns, with a binary search over line starts. LF, CRLF and a lone
 * CR (old Mac files) each end a line, as in CommonMark and in editors, so lines agree with remark's positions.
 */
export class LineIndex {
  private readonly starts: number[];

  constructor(readonly text: string) {
    const starts = [0];
    if (!text.includes('\r')) {
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    } else {
      for (const m of text.matchAll(/\r\n?|\n/g)) starts.push(m.index + m[0].length);
    }
    this.starts = starts;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** The point of a 0-based offset (clamped to the text). */
  point(offset: number): Point {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: clamped - this.starts[lo] + 1, offset: clamped };
  }

  range(start: number, end: number): Range {
    return { start: this.point(start), end: this.point(end) };
  }

  /** Offset of the first character of a 1-based line. */
  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line - 1, this.starts.length - 1))];
  }

  /** The range of a whole 1-based line, without its line ending. */
  lineRange(line: number): Range {
    const start = this.lineStart(line);
    let end = line < this.starts.length ? this.starts[line] - 1 : this.text.length;
    // CRLF: the line ends before the CR (a lone CR is already the one character taken off above).
    if (end > start && this.text[end] === '\n' && this.text[end - 1] === '\r') end -= 1;
    return this.range(start, end);
  }

  lineText(line: number): string {
    const r = this.lineRange(line);
    return this.text.slice(r.start.offset, r.end.offset);
  }
}

/**
 * `text` with every lone CR (not followed by LF) turned into LF. The length and every offset stay the same, so
 * ranges computed on the result hold for the original; CRLF is left alone.
 */
export function normalizeLoneCr(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
}

interface UnistPosition {
  start: { line: number; column: number; offset?: number };
  end: { line: number; column: number; offset?: number };
}

/** A unist position as a Range (remark always sets offsets; 0 stands in when absent). */
export function toRange(position: UnistPosition | undefined): Range {
  if (!position) return { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } };
  return {
    start: { line: position.start.line, column: position.start.column, offset: position.start.offset ?? 0 },
    end: { line: position.end.line, column: position.end.column, offset: position.end.offset ?? 0 },
  };
}
