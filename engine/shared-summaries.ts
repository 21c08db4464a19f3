/**
 * The page summaries of a spread check (engine/distributed.ts), in shared memory from the moment they are written: a
 * worker writes each summary it makes into its own shared chunks and sends the main thread only where it is; the main
 * thread hands every worker the list of all chunks and the places of every page's summary in file order. No thread
 * holds a summary as a JS string on the way, and no chunk is ever copied, however many workers there are.
 */
import type { DocPage } from '../extractor/model.js';

/**
 * Where one summary was written: bytes `start` to `end` of `chunk`. A summary with a text (`source`: a resource page's,
 * which other pages' rules read now and then) is written as its JSON with `source` empty, a NUL byte (never in JSON
 * text: JSON.stringify escapes control characters), then the text as it is; see {@link writeSummary}.
 */
export interface SummaryRef {
  readonly chunk: SharedArrayBuffer;
  readonly start: number;
  readonly end: number;
}

/** Writes summaries (JSON texts) as UTF-8 into shared chunks of `chunkBytes` (a longer one gets a chunk of its own size). */
export class SummaryWriter {
  private chunk: SharedArrayBuffer | undefined;
  private view: Buffer<ArrayBufferLike> = Buffer.alloc(0);
  private used = 0;

  constructor(private readonly chunkBytes = 4 * 1024 * 1024) {}

  /**
   * Writes `text`, and `tail` after a NUL byte if given; `fresh` is set when it went into a chunk this writer had not
   * used before.
   */
  write(text: string, tail?: string): SummaryRef & { readonly fresh: boolean } {
    const size = Buffer.byteLength(text, 'utf8') + (tail === undefined ? 0 : 1 + Buffer.byteLength(tail, 'utf8'));
    let fresh = false;
    if (this.chunk === undefined || this.used + size > this.view.length) {
      this.chunk = new SharedArrayBuffer(Math.max(this.chunkBytes, size));
      this.view = Buffer.from(this.chunk);
      this.used = 0;
      fresh = true;
    }
    const start = this.used;
    this.used += this.view.write(text, start, 'utf8');
    if (tail !== undefined) {
      this.view[this.used++] = 0;
      this.used += this.view.write(tail, this.used, 'utf8');
    }
    return { chunk: this.chunk, start, end: this.used, fresh };
  }
}

/**
 * Writes a page summary: its text (`source`) apart, after its JSON, so that a thread reading the summaries turns the
 * text into a string only when a rule reads it ({@link summaryAt}). Every worker holds every summary; resource pages'
 * texts were about a quarter of their bytes.
 */
export function writeSummary(writer: SummaryWriter, summary: DocPage): SummaryRef & { readonly fresh: boolean } {
  return summary.source === '' ? writer.write(JSON.stringify(summary)) : writer.write(JSON.stringify({ ...summary, source: '' }), summary.source);
}

/**
 * Every page's summary, in file order: page `i` is bytes `spans[3i + 1]` to `spans[3i + 2]` of chunk `spans[3i]`.
 * Sent to each worker once; the chunks and the spans are shared, not copied.
 */
export interface SharedSummaries {
  readonly chunks: readonly SharedArrayBuffer[];
  readonly spans: Float64Array;
}

/** The summaries at `refs`, in that order, as one {@link SharedSummaries}. */
export function shareSummaries(refs: readonly SummaryRef[]): SharedSummaries {
  const chunks: SharedArrayBuffer[] = [];
  const place = new Map<SharedArrayBuffer, number>();
  const spans = new Float64Array(new SharedArrayBuffer(refs.length * 3 * Float64Array.BYTES_PER_ELEMENT));
  refs.forEach((ref, i) => {
    let at = place.get(ref.chunk);
    if (at === undefined) {
      at = chunks.push(ref.chunk) - 1;
      place.set(ref.chunk, at);
    }
    spans[3 * i] = at;
    spans[3 * i + 1] = ref.start;
    spans[3 * i + 2] = ref.end;
  });
  return { chunks, spans };
}

/**
 * Summary `i` of `shared`, parsed. A text written apart ({@link writeSummary}) is read from the shared memory each
 * time `source` is read, the last {@link RECENT_TEXTS} kept as strings: the doc set's readers of another page's text
 * (is the type open, the page's anchors, a property row) each read it once or cache what they found.
 */
export function summaryAt(shared: SharedSummaries, i: number): DocPage {
  const bytes = Buffer.from(shared.chunks[shared.spans[3 * i]]);
  const start = shared.spans[3 * i + 1];
  const end = shared.spans[3 * i + 2];
  // Looked for within the summary only: past its end the chunk holds other pages, or zeros.
  const at = bytes.subarray(start, end).indexOf(0);
  if (at === -1) return JSON.parse(bytes.toString('utf8', start, end)) as DocPage;
  const nul = start + at;
  const page = JSON.parse(bytes.toString('utf8', start, nul)) as DocPage;
  const read = (): string => {
    const recent = recentTexts(shared);
    let text = recent.get(i);
    if (text === undefined) {
      text = bytes.toString('utf8', nul + 1, end);
      if (recent.size >= RECENT_TEXTS) recent.delete(recent.keys().next().value!);
    } else recent.delete(i);
    recent.set(i, text);
    return text;
  };
  Object.defineProperty(page, 'source', { get: read, enumerable: true, configurable: true });
  return page;
}

/** How many texts read apart stay as strings, per {@link SharedSummaries} (least recently read dropped first). */
const RECENT_TEXTS = 64;
const recent = new WeakMap<SharedSummaries, Map<number, string>>();

function recentTexts(shared: SharedSummaries): Map<number, string> {
  let map = recent.get(shared);
  if (map === undefined) recent.set(shared, (map = new Map()));
  return map;
}

/** The bytes the summaries take (for a trace). */
export function summaryBytes(shared: SharedSummaries): number {
  let n = 0;
  for (let i = 0; i < shared.spans.length; i += 3) n += shared.spans[i + 2] - shared.spans[i + 1];
  return n;
}
