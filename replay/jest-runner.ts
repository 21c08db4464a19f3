/**
 * Runs the replay as a Jest suite, programmatically (`runCLI`): one generated test file per page, one test per
 * fixture, so Jest's `-t`, `--shard`, `--watch` and reporters behave as Jest users expect. The embedded mock (when it
 * is the target) runs once in this process and the workers reach it over 127.0.0.1. Each test file writes its
 * results to the run folder; `collectOutcomes` reads them — also after Ctrl-C, for what finished.
 * The run folder holds no secret (headers and vars reach the workers through their environment) and is removed on
 * every way out: `cleanup()`, an error while starting, SIGINT/SIGTERM, `process.exit` and an uncaught exception.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { safeSegment } from '../core/safe-path.js';
import { COMPILED, PACKAGE_ROOT } from '../core/package-root.js';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ExampleOutcome, ReplayContracts } from './types.js';
import { SETTINGS_ENV, splitSuiteSettings, writeAtomic } from './suite/settings.js';
import type { SuiteSettings } from './suite/settings.js';

/** The package root (where package.json, and jest.config.js in a checkout, are). */
const ROOT = resolve(PACKAGE_ROOT);

/** The suite's settings, less the files the runner itself lays out for the run. */
export interface JestRunOptions extends Omit<SuiteSettings, 'contractsFile' | 'resultsDir' | 'chainFile'> {
  /** Jest workers; 1 when the target keeps state across pages. */
  readonly workers: number;
  /** Run pages one at a time in page order (stateful targets). */
  readonly inOrder: boolean;
  readonly testNamePattern?: string;
  /** `i/n`. */
  readonly shard?: string;
  readonly watch?: boolean;
  /** Jest's own output. Default: false (the CLI prints its reports). */
  readonly verbose?: boolean;
}

/** What Jest reported about the run as a whole. */
export interface JestOutcome {
  readonly success: boolean;
  readonly numTotalTests: number;
  readonly numFailedTests: number;
  /** Test files that could not run at all (a broken set-up, not a finding). */
  readonly numRuntimeErrorTestSuites: number;
  readonly suiteErrors: readonly string[];
  /** Jest's own stderr (its reporter output), when it was not shown. */
  readonly stderr?: string;
}

export interface JestRun {
  readonly runDir: string;
  /** Resolves when Jest is done (never, under --watch). */
  readonly done: Promise<JestOutcome>;
  collectOutcomes(): ExampleOutcome[];
  cleanup(): void;
}

/** Starts Jest over `contracts`; the page files are generated into a fresh temporary run folder. */
export async function startJestRun(contracts: ReplayContracts, options: JestRunOptions): Promise<JestRun> {
  const runDir = mkdtempSync(join(tmpdir(), 'docpact-replay-'));
  const exits = guardRunFolder(runDir);
  try {
    return await launch(runDir, exits, contracts, options);
  } catch (error) {
    exits.cleanup();
    throw error;
  }
}

interface RunFolderGuard {
  /** The Jest process, once started: stopped (with its workers) before the folder is removed. */
  child: ChildProcess | undefined;
  /** Stops Jest if it still runs, removes the run folder and stops listening; safe to call twice. */
  cleanup(): void;
}

/**
 * Removes `runDir` however this process ends. `exit` covers a normal end, `process.exit` (the CLI's own SIGINT
 * handler) and an uncaught exception; SIGINT and SIGTERM are caught here too, for callers without a handler: then
 * the signal is re-sent once the folder is gone, so the process still ends as it would have.
 */
function guardRunFolder(runDir: string): RunFolderGuard {
  const signals = ['SIGINT', 'SIGTERM'] as const;
  // Signals someone else listened for (the CLI's handler) are theirs to act on; we only clean up.
  const handledElsewhere = new Set(signals.filter((s) => process.listenerCount(s) > 0));
  const onSignal = (signal: NodeJS.Signals): void => {
    guard.cleanup();
    if (!handledElsewhere.has(signal as (typeof signals)[number])) process.kill(process.pid, signal);
  };
  const onExit = (): void => guard.cleanup();
  const guard: RunFolderGuard = {
    child: undefined,
    cleanup() {
      process.removeListener('exit', onExit);
      for (const signal of signals) process.removeListener(signal, onSignal);
      stopJest(guard.child);
      rmSync(runDir, { recursive: true, force: true });
    },
  };
  process.on('exit', onExit);
  for (const signal of signals) process.on(signal, onSignal);
  return guard;
}

/** Kills the Jest process and, when it leads its own process group, the workers it forked. */
function stopJest(child: ChildProcess | undefined): void {
  if (child?.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}

async function launch(runDir: string, exits: RunFolderGuard, contracts: ReplayContracts, options: JestRunOptions): Promise<JestRun> {
  const suiteDir = join(runDir, 'suite');
  const resultsDir = join(runDir, 'results');
  mkdirSync(suiteDir);
  mkdirSync(resultsDir);
  const schemas = contracts.schemas instanceof Map ? Object.fromEntries(contracts.schemas as ReadonlyMap<string, object>) : contracts.schemas;
  const contractsFile = join(runDir, 'contracts.json');
  writeFileSync(contractsFile, JSON.stringify({ schemas, fixtures: contracts.fixtures }));
  const settings: SuiteSettings = {
    contractsFile,
    resultsDir,
    chainFile: join(runDir, 'chain.json'),
    target: options.target,
    headers: options.headers,
    vars: options.vars,
    allowWrites: options.allowWrites,
    timeoutMs: options.timeoutMs,
    retries: options.retries,
    backoffMs: options.backoffMs,
    maxRetryDelayMs: options.maxRetryDelayMs,
    failSeverity: options.failSeverity,
  };
  // Headers and vars (credentials, often) go to the Jest process's environment only, never into the run folder.
  const split = splitSuiteSettings(settings);
  const settingsFile = join(runDir, 'settings.json');
  writeFileSync(settingsFile, JSON.stringify(split.file));

  // Compiled (an installed package), the generated files are plain ES modules importing dist's define-page.js and
  // Jest transforms nothing; from the sources, they are TypeScript run through @swc/jest like the project's tests.
  const definePage = fileURLToPath(new URL(COMPILED ? './suite/define-page.js' : './suite/define-page.ts', import.meta.url));
  const testExt = COMPILED ? '.test.mjs' : '.test.ts';
  const pages = [...new Set(contracts.fixtures.map((f) => f.page))];
  const width = String(pages.length).length;
  pages.forEach((page, i) => {
    const file = join(suiteDir, safeSegment(`${String(i + 1).padStart(width, '0')}-${page}`, testExt));
    writeFileSync(file, `// generated by docpact replay: the tests of ${page}\nimport { definePage } from ${JSON.stringify(definePage)};\ndefinePage(${JSON.stringify(page)});\n`);
  });

  const swcTransform: Record<string, [string, unknown]> = COMPILED
    ? {}
    : ((await import(pathToFileURL(join(ROOT, 'jest.config.js')).href)) as { swcTransform: Record<string, [string, unknown]> }).swcTransform;
  // The run folder is Jest's rootDir: Jest's --shard hashes paths relative to it, so `suite/01-<page>.test.ts` splits
  // the same way on every machine and every shard. Modules are then resolved from the package, by absolute path.
  const require = createRequire(join(ROOT, 'package.json'));
  const transform = Object.fromEntries(Object.entries(swcTransform).map(([pattern, [name, config]]) => [pattern, [require.resolve(name), config]]));
  const config = {
    rootDir: runDir,
    roots: [suiteDir],
    extensionsToTreatAsEsm: COMPILED ? [] : ['.ts'],
    transform,
    testEnvironment: require.resolve('jest-environment-node'),
    moduleNameMapper: COMPILED ? {} : { '^(\\.{1,2}/.*)\\.js$': '$1' },
    testMatch: [`**/*${testExt}`],
    testPathIgnorePatterns: ['/node_modules/'],
    // A failing fixture is a finding, not a slow test: Jest's per-test limit only guards against a hang.
    testTimeout: Math.max(60_000, options.timeoutMs * (options.retries + 2) + options.maxRetryDelayMs * options.retries),
    ...(options.inOrder ? { testSequencer: fileURLToPath(new URL('./suite/page-order-sequencer.mjs', import.meta.url)) } : {}),
    haste: { retainAllFiles: true },
  };
  const argv = {
    _: [] as string[],
    $0: 'docpact replay',
    config: JSON.stringify(config),
    maxWorkers: options.workers,
    ...(options.inOrder || options.workers <= 1 ? { runInBand: true } : {}),
    ...(options.testNamePattern ? { testNamePattern: options.testNamePattern } : {}),
    ...(options.shard ? { shard: options.shard } : {}),
    ...(options.watch ? { watch: true, watchAll: true } : { ci: true }),
    silent: !options.verbose,
    verbose: options.verbose ?? false,
    cache: true,
    passWithNoTests: true,
  };
  const resultFile = join(runDir, 'jest-result.json');
  const child = spawn(
    process.execPath,
    ['--experimental-vm-modules', '--disable-warning=ExperimentalWarning', fileURLToPath(new URL('./suite/run-jest.mjs', import.meta.url)), JSON.stringify(argv), ROOT, resultFile],
    {
      stdio: options.watch || options.verbose ? 'inherit' : ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, [SETTINGS_ENV]: settingsFile, ...split.env },
      // Its own process group, so stopping it stops its workers too; not under --watch, which reads the terminal.
      detached: !options.watch,
    },
  );
  exits.child = child;
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const done = new Promise<JestOutcome>((resolveDone) => {
    child.on('close', (code, signal) => {
      try {
        resolveDone({ ...(JSON.parse(readFileSync(resultFile, 'utf8')) as JestOutcome), stderr });
      } catch {
        resolveDone({ success: false, numTotalTests: 0, numFailedTests: 0, numRuntimeErrorTestSuites: 0, suiteErrors: [`Jest ended (${signal ?? `exit ${code}`}) without a result`], stderr });
      }
    });
  });

  return {
    runDir,
    done,
    collectOutcomes() {
      const out: ExampleOutcome[] = [];
      const order = new Map(pages.map((p, i) => [p, i]));
      let names: string[] = [];
      try {
        names = readdirSync(resultsDir).filter((n) => n.endsWith('.json'));
      } catch {
        return out;
      }
      const lists = names.map((n) => {
        try {
          return JSON.parse(readFileSync(join(resultsDir, n), 'utf8')) as ExampleOutcome[];
        } catch {
          return [];
        }
      });
      for (const list of lists.sort((a, b) => (order.get(a[0]?.example.page ?? '') ?? 0) - (order.get(b[0]?.example.page ?? '') ?? 0))) out.push(...list);
      return out;
    },
    cleanup() {
      exits.cleanup();
    },
  };
}

export { writeAtomic };
