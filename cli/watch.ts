/**
 * Watch mode for doc authors: run once, then again whenever a Markdown page or the config changes under the
 * watched folders, until Ctrl-C. The cache makes each re-run cost about as much as the pages that changed.
 */
import { existsSync, statSync, watch, type FSWatcher } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';

export interface WatchOptions {
  /** Stops watching; the promise then resolves with the last run's exit code. */
  readonly signal?: AbortSignal;
  /** Quiet period after the last change before running again (default 150 ms). */
  readonly debounceMs?: number;
  /** Told which files changed before each re-run (default: a note on stderr). */
  readonly onChange?: (files: readonly string[]) => void;
}

/** The folders to watch for `paths` (files, folders or globs): the longest existing folder of each. */
export function watchRoots(paths: readonly string[], cwd: string): string[] {
  const roots = new Set<string>();
  for (const p of paths.length > 0 ? paths : ['docs']) {
    let dir = resolve(cwd, p.split(/[*?{[]/)[0] || '.');
    while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
    roots.add(existsSync(dir) && statSync(dir).isFile() ? dirname(dir) : dir);
  }
  return [...roots].sort();
}

const RELEVANT = /(\.md|docpact\.config\.json)$/i;

/** Runs `run`, then re-runs it after every relevant change under `roots`. Resolves when `signal` aborts. */
export async function watchAndRun(roots: readonly string[], run: () => Promise<number>, options: WatchOptions = {}): Promise<number> {
  let code = await run();
  if (options.signal?.aborted) return code;
  const onChange = options.onChange ?? ((files: readonly string[]) => process.stderr.write(`docpact: ${files.map((f) => relative(process.cwd(), f)).join(', ')} changed; checking again\n`));
  const changed = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const watchers: FSWatcher[] = [];
  return new Promise<number>((resolveDone) => {
    const stop = (): void => {
      if (timer) clearTimeout(timer);
      for (const w of watchers) w.close();
      void running.then(() => resolveDone(code));
    };
    const schedule = (): void => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        const files = [...changed].sort();
        changed.clear();
        running = running.then(async () => {
          if (options.signal?.aborted) return;
          onChange(files);
          try {
            code = await run();
          } catch (error) {
            // A page or config saved half-way must not end the watch: say so and wait for the next save.
            process.stderr.write(`docpact: ${error instanceof Error ? error.message : String(error)}\n`);
            code = 2;
          }
        });
      }, options.debounceMs ?? 150);
    };
    for (const root of roots) {
      const watcher = watch(root, { recursive: true }, (_event, name) => {
        const file = name ? resolve(root, name.toString()) : root;
        if (!RELEVANT.test(file)) return;
        changed.add(file);
        schedule();
      });
      watchers.push(watcher);
    }
    options.signal?.addEventListener('abort', stop, { once: true });
  });
}
