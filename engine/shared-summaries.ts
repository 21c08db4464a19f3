/**
 * The page summaries of a spread check (engine/distributed.ts), in shared memory from the moment they are written: a
 * worker writes each summary it makes into its own shared chunks and sends the main thread only where it is; the main
 * thread hands every worker the list of all chunks and the places of every page's summary in file order. No thread
 * holds a summary as a JS string on the way, and no chunk is ever copied, however many workers there are.
 */
import type { DocPage } from '../extractor/model.js';

/** Where one summary was written: bytes `start` to `end` of `chunk`. */
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

  /** Writes `text`; `fresh` is set when it went into a chunk this writer had not used before. */
  write(text: string): SummaryRef & { readonly fresh: boolean } {
    const size = Buffer.byteLength(text, 'utf8');
    let fresh = false;
    if (this.chunk === undefined || this.used + size > this.view.length) {
      this.chunk = new SharedArrayBuffer(Math.max(this.chunkBytes, size));
      this.view = Buffer.from(this.chunk);
      this.used = 0;
      fresh = true;
    }
    const start = this.used;
    this.used += this.view.write(text, start, 'utf8');
    return { chunk: this.chunk, start, end: this.used, fresh };
  }
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

/** Summary `i` of `shared`, parsed. */
export function summaryAt(shared: SharedSummaries, i: number): DocPage {
  const chunk = shared.chunks[shared.spans[3 * i]];
  return JSON.parse(Buffer.from(chunk).toString('utf8', shared.spans[3 * i + 1], shared.spans[3 * i + 2])) as DocPage;
}

/** The bytes the summaries take (for a trace). */
export function summaryBytes(shared: SharedSummaries): number {
  let n = 0;
  for (let i = 0; i < shared.spans.length; i += 3) n += shared.spans[i + 2] - shared.spans[i + 1];
  return n;
}
