/**
 * The page summaries of a spread check (engine/distributed.ts), written once into shared memory that every worker
 * reads in place: sending them costs no copy of the doc set per worker, in the main thread or in the workers.
 */
import type { DocPage } from '../extractor/model.js';

/**
 * Page summaries as UTF-8 JSON in one SharedArrayBuffer, which every worker reads in place: page `i` is the bytes from
 * `spans[2i]` to `spans[2i + 1]`. Sending it costs no copy, however many workers there are.
 */
export interface SharedSummaries {
  readonly bytes: SharedArrayBuffer;
  readonly spans: Float64Array;
}

/** Writes the summaries (JSON texts, in order) into one {@link SharedSummaries}. */
export function shareSummaries(texts: readonly string[]): SharedSummaries {
  const bytes = new SharedArrayBuffer(texts.reduce((n, text) => n + Buffer.byteLength(text), 0));
  const spans = new Float64Array(new SharedArrayBuffer(texts.length * 2 * Float64Array.BYTES_PER_ELEMENT));
  const view = Buffer.from(bytes);
  let at = 0;
  texts.forEach((text, i) => {
    spans[2 * i] = at;
    at += view.write(text, at, 'utf8');
    spans[2 * i + 1] = at;
  });
  return { bytes, spans };
}

/** Summary `i` of `shared`, parsed. */
export function summaryAt(shared: SharedSummaries, i: number): DocPage {
  return JSON.parse(Buffer.from(shared.bytes).toString('utf8', shared.spans[2 * i], shared.spans[2 * i + 1])) as DocPage;
}
