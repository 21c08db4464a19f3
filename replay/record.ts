/**
 * Record mode: replay the examples, then write what the service answered back into the pages' response blocks —
 * the status line, the headers the page shows, and the body, laid out as the page laid it out (indent, key order,
 * and for `truncated` examples only the properties the page showed). Every position comes from the fixtures' ranges
 * (the status line's and the body's, measured by the extractor); the page text is only spliced, never parsed again,
 * and a page whose text no longer matches those ranges is left alone with a reason.
 */
import { STATUS_CODES } from 'node:http';
import type { Fixture } from '../contracts/types.js';
import { replayGuarded, openRun } from './run.js';
import type { InProcessOptions } from './run.js';
import type { ExampleOutcome, ReceivedResponse, ReplayContracts, Transport } from './types.js';
import type { RecordRedactor } from './record-redact.js';

/** One replayed example and what the service answered (absent when nothing came back: skipped, refused, network). */
export interface Capture {
  readonly fixture: Fixture;
  readonly outcome: ExampleOutcome;
  readonly response?: ReceivedResponse;
}

export interface CaptureOptions extends InProcessOptions {
  /** Wraps the target's transport, e.g. with sign-in (`authTransport`). Default: none. */
  readonly wrapTransport?: (transport: Transport) => Transport;
}

/**
 * Replays `contracts` as `replayContracts` does (same planning, writes gate, retries and findings) and keeps each
 * example's last response. Captures come back in fixture order.
 */
export async function captureRun(contracts: ReplayContracts, options: CaptureOptions = {}): Promise<Capture[]> {
  const { target, context, fixtures, limit } = await openRun(contracts, options);
  const captures: (Capture | undefined)[] = new Array(fixtures.length);
  const send = options.wrapTransport ? options.wrapTransport(target.transport) : target.transport;
  try {
    await Promise.all(
      fixtures.map((fixture, i) =>
        limit(async () => {
          if (options.signal?.aborted) return;
          let response: ReceivedResponse | undefined;
          const transport: Transport = async (request, signal) => {
            response = await send(request, signal);
            return response;
          };
          const outcome = await replayGuarded(fixture, { ...context, target: { ...target, transport } });
          captures[i] = { fixture, outcome, ...(response ? { response } : {}) };
          options.onResult?.(outcome);
        }),
      ),
    );
  } finally {
    await target.close();
  }
  return captures.filter((c): c is Capture => c !== undefined);
}

/** Which examples are written back. */
export interface RecordPolicy {
  /** Record every example whose answer differs from the page, not only those whose replay failed. Default false. */
  readonly all?: boolean;
  /** Record answers of another status class than the page's (a 404 for a documented 200). Default false. */
  readonly anyStatus?: boolean;
}

/** The decision for one example: a new block text, or why the block stays as it is. */
export type RecordDecision =
  | { readonly kind: 'record'; readonly fixture: Fixture; readonly edit: TextEdit }
  | { readonly kind: 'keep'; readonly fixture: Fixture; readonly reason: string };

export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/**
 * Decides, for each capture of one page, whether and how its response block is rewritten. `text` is the page as it
 * is on disk now; `redactor` is the run's (one fake per real value across every page).
 */
export function planPage(text: string, captures: readonly Capture[], redactor: RecordRedactor, policy: RecordPolicy = {}): RecordDecision[] {
  const out: RecordDecision[] = [];
  for (const capture of captures) {
    const { fixture, outcome, response } = capture;
    const keep = (reason: string): void => {
      out.push({ kind: 'keep', fixture, reason });
    };
    const documented = fixture.response;
    if (!documented) {
      keep('the example has no response block');
      continue;
    }
    if (outcome.example.status === 'skipped') {
      keep(`not replayed: ${outcome.example.reason ?? 'skipped'}`);
      continue;
    }
    if (!response) {
      keep(`no answer to record: ${outcome.example.reason ?? 'the request was not answered'}`);
      continue;
    }
    if (!policy.anyStatus && Math.floor(response.status / 100) !== Math.floor(documented.status / 100)) {
      keep(`the service answered ${response.status}, another class than the documented ${documented.status}; pass --any-status to record it anyway`);
      continue;
    }
    if (!policy.all && outcome.example.status === 'passed') {
      keep('the answer agrees with the page');
      continue;
    }
    const located = locateBlock(text, fixture);
    if (typeof located === 'string') {
      keep(located);
      continue;
    }
    const rendered = renderBlock(fixture, response, redactor, located);
    if (rendered === located.current) {
      keep('the recorded block would be the same as the page');
      continue;
    }
    out.push({ kind: 'record', fixture, edit: { start: located.start, end: located.end, text: rendered } });
  }
  return out;
}

/** Applies non-overlapping edits (any order) to `text`. Throws on overlap: two examples sharing one block. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const edit of sorted) {
    if (edit.start < at) throw new Error(`overlapping edits at offset ${edit.start}`);
    out += text.slice(at, edit.start) + edit.text;
    at = edit.end;
  }
  return out + text.slice(at);
}

interface Block {
  /** Offset of the status line's first character. */
  readonly start: number;
  /** Offset just past the body (or the last header line when there is no body). */
  readonly end: number;
  /** `text.slice(start, end)`. */
  readonly current: string;
  /** What precedes the status line on its line (a list item's indent, a quote's `> `): repeated on every new line. */
  readonly prefix: string;
  /** `\r\n` when the page uses it. */
  readonly eol: string;
  /** `HTTP/1.1`, as the page wrote it. */
  readonly protocol: string;
  /** The body's indent unit (`  `, `    `, `\t`), or '' when the page wrote it on one line. */
  readonly indent: string;
}

const HEADER_LINE = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+[ \t]*:/;

/**
 * Where the example's response block is in `text`, from the fixture's ranges; a string saying why not when the
 * text there is not what the fixture was read from (the page changed since, or the offsets do not fit).
 */
export function locateBlock(text: string, fixture: Fixture): Block | string {
  const response = fixture.response!;
  const status = response.source.range;
  if (!status) return 'the fixture carries no range for the status line (extracted by an older docpact); extract again';
  const start = status.start.offset;
  const statusText = text.slice(start, status.end.offset);
  const protocol = /^(HTTP\/[\d.]+)\s+(\d{3})\b/.exec(statusText);
  if (!protocol || Number(protocol[2]) !== response.status) {
    return 'the page changed since it was read: the status line is not where the fixture says; run again';
  }
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const prefix = text.slice(lineStart, start);
  const eol = /\r\n/.test(text) ? '\r\n' : '\n';
  let end: number;
  let indent = '';
  const body = response.bodySource?.range;
  if (body && response.bodyText.trim() !== '') {
    end = body.end.offset;
    const bodyText = text.slice(body.start.offset, end);
    if (response.body !== null && response.body !== undefined) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(stripPrefix(bodyText, prefix));
      } catch {
        return 'the page changed since it was read: the body is not where the fixture says; run again';
      }
      if (JSON.stringify(parsed) !== JSON.stringify(response.body)) return 'the page changed since it was read: the body differs from the fixture; run again';
    } else if (stripPrefix(bodyText, prefix).trim() !== response.bodyText.trim()) {
      return 'the page changed since it was read: the body differs from the fixture; run again';
    }
    indent = /\n([ \t]+)\S/.exec(response.bodyText)?.[1] ?? '';
    if (!/\n/.test(response.bodyText.trim())) indent = '';
  } else {
    // No body: the headers are the HTTP message's lines after the status line, up to a blank line or the fence.
    end = status.end.offset;
    let next = text.indexOf('\n', end);
    while (next >= 0) {
      const lineEnd = text.indexOf('\n', next + 1);
      const line = text.slice(next + 1, lineEnd < 0 ? text.length : lineEnd).replace(/\r$/, '');
      const content = line.startsWith(prefix) ? line.slice(prefix.length) : line.trimStart();
      if (!HEADER_LINE.test(content)) break;
      end = (lineEnd < 0 ? text.length : lineEnd) - (text[lineEnd - 1] === '\r' ? 1 : 0);
      next = lineEnd;
    }
  }
  return { start, end, current: text.slice(start, end), prefix, eol, protocol: protocol[1], indent };
}

/** The new text of the block: status line, the page's headers with the service's values, blank line, body. */
function renderBlock(fixture: Fixture, received: ReceivedResponse, redactor: RecordRedactor, block: Block): string {
  const documented = fixture.response!;
  const reason = received.status === documented.status && documented.reason ? documented.reason : (STATUS_CODES[received.status] ?? '');
  const lines = [`${block.protocol} ${received.status}${reason ? ` ${reason}` : ''}`];
  for (const [name, value] of Object.entries(documented.headers)) {
    const live = received.headers[name.toLowerCase()];
    if (live === undefined) continue;
    // The same media type with parameters added (`; charset=utf-8`) is not worth a changed line.
    const same = name.toLowerCase() === 'content-type' ? mediaType(live) === mediaType(value) : live === value;
    lines.push(`${name}: ${same ? value : redactor.text(live)}`);
  }
  const body = renderBody(fixture, received, redactor, block.indent);
  if (body !== undefined) lines.push('', ...body.split('\n'));
  return lines.map((line, i) => (i === 0 ? line : line === '' ? block.prefix.trimEnd() : `${block.prefix}${line}`)).join(block.eol);
}

function renderBody(fixture: Fixture, received: ReceivedResponse, redactor: RecordRedactor, indent: string): string | undefined {
  const documented = fixture.response!;
  if (received.bodyText.trim() === '') return undefined;
  let live: unknown;
  try {
    live = JSON.parse(received.bodyText);
  } catch {
    return redactor.text(received.bodyText.replace(/\r\n/g, '\n').replace(/\s+$/, ''));
  }
  // An answer of another status class (recorded with --any-status) is another kind of body: shown whole.
  const sameClass = Math.floor(received.status / 100) === Math.floor(documented.status / 100);
  const shown = sameClass ? (documented.body ?? undefined) : undefined;
  const kept = documented.truncated && shown !== undefined ? truncateLike(live, shown) : live;
  const ordered = orderLike(redactor.value(kept, shown), shown);
  return indent === '' ? JSON.stringify(ordered) : JSON.stringify(ordered, null, indent);
}

/**
 * `live` cut to what `shown` shows: an object keeps only the properties `shown` has (in the service's values), an
 * array only as many items as `shown` has, each cut like the shown item at its place (or the first).
 */
export function truncateLike(live: unknown, shown: unknown): unknown {
  if (isObject(live) && isObject(shown)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(shown)) {
      if (Object.hasOwn(live, key)) define(out, key, truncateLike(live[key], shown[key]));
    }
    return out;
  }
  if (Array.isArray(live) && Array.isArray(shown)) {
    if (shown.length === 0) return [];
    return live.slice(0, shown.length).map((item, i) => truncateLike(item, shown[i] ?? shown[0]));
  }
  return live;
}

/** `live` with each object's keys in the page's order first (so the diff shows values, not moves), new keys after. */
export function orderLike(live: unknown, shown: unknown): unknown {
  if (isObject(live)) {
    const model = isObject(shown) ? shown : {};
    const out: Record<string, unknown> = {};
    const keys = [...Object.keys(model).filter((k) => Object.hasOwn(live, k)), ...Object.keys(live).filter((k) => !Object.hasOwn(model, k))];
    for (const key of keys) define(out, key, orderLike(live[key], model[key]));
    return out;
  }
  if (Array.isArray(live)) {
    const list = Array.isArray(shown) ? shown : [];
    return live.map((item, i) => orderLike(item, list[i] ?? list[0]));
  }
  return live;
}

function stripPrefix(text: string, prefix: string): string {
  if (prefix === '') return text;
  const bare = prefix.trimEnd();
  return text
    .split('\n')
    .map((line) => (line.startsWith(prefix) ? line.slice(prefix.length) : line.startsWith(bare) ? line.slice(bare.length) : line))
    .join('\n');
}

function mediaType(value: string): string {
  return value.split(';')[0].trim().toLowerCase();
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
