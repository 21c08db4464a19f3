/**
 * The progress bar of long runs: pages/s and ETA on stderr, drawn only when someone is watching (a TTY), not in
 * CI logs (`CI` set to anything but `false`/`0`), not with `--quiet`, and only once the run has taken more than
 * `delayMs`, so short runs never flash a bar.
 */
import type { Writable } from 'node:stream';

export interface ProgressSettings {
  /** The stream drawn on. Default `process.stderr`. */
  readonly stream?: Writable & { readonly isTTY?: boolean };
  /** Default `process.env` (read for `CI`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly quiet?: boolean;
  /** A bar appears only after this long. Default 2000 ms. */
  readonly delayMs?: number;
  /** What is counted. Default `pages`. */
  readonly unit?: string;
}

/** Whether a bar may be drawn at all: a TTY, not CI, not quiet. */
export function progressAllowed(settings: Pick<ProgressSettings, 'stream' | 'env' | 'quiet'> = {}): boolean {
  const stream = settings.stream ?? process.stderr;
  const env = settings.env ?? process.env;
  const ci = env.CI !== undefined && env.CI !== '' && env.CI !== 'false' && env.CI !== '0';
  return settings.quiet !== true && stream.isTTY === true && !ci;
}

/** Whether to draw now: allowed, started more than `delayMs` ago, and not finished. */
export function shouldDraw(allowed: boolean, elapsedMs: number, done: number, total: number, delayMs = 2000): boolean {
  return allowed && elapsedMs >= delayMs && done < total;
}

export interface Progress {
  update(done: number, total: number): void;
  /** Removes the bar (if one was drawn). */
  stop(): void;
}

/** A progress reporter; a no-op when {@link progressAllowed} is false. */
export async function createProgress(settings: ProgressSettings = {}): Promise<Progress> {
  const allowed = progressAllowed(settings);
  if (!allowed) return { update: () => {}, stop: () => {} };
  const { SingleBar } = (await import('cli-progress')).default;
  const unit = settings.unit ?? 'pages';
  const started = performance.now();
  let bar: InstanceType<typeof SingleBar> | undefined;
  return {
    update(done, total) {
      if (bar) {
        bar.update(done, { rate: rate(done, started) });
        return;
      }
      if (!shouldDraw(allowed, performance.now() - started, done, total, settings.delayMs)) return;
      bar = new SingleBar({
        stream: settings.stream ?? process.stderr,
        format: `docpact {bar} {value}/{total} ${unit} | {rate} ${unit}/s | ETA {eta_formatted}`,
        clearOnComplete: true,
        hideCursor: true,
        etaBuffer: 50,
      });
      bar.start(total, done, { rate: rate(done, started) });
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
  };
}

function rate(done: number, started: number): string {
  const seconds = (performance.now() - started) / 1000;
  return seconds > 0 ? (done / seconds).toFixed(0) : '0';
}
