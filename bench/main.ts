/**
 * `npm run bench -- [paths…] [--repeat N] [--workers N] [--out FILE] [--no-replay]`: how fast docpact checks a doc
 * set compared with merely parsing it, how its cost grows with size, and what an incremental re-check and a replay
 * cost.
 *
 * For ×1 (and ×N with `--repeat N`), on a scratch copy of the input, each phase runs in its own child process:
 *   (a) floor: read + remark-parse every file (extractor `parseMarkdown`), nothing else, in ONE thread — what a
 *       user could do by hand; the ideal line beside it is floor ÷ cores, what a perfect spread over the cores gives;
 *   (b) check: `docpact check --no-cache` end to end (the CLI's own `main`, in-process in the child) with `--workers`
 *       (default: the cores), and (b1) the same with `--workers 1`;
 *   (c) replay: every fixture replayed against the embedded mock server;
 *   (d) incremental: `docpact check` with the cache, cold, unchanged, then after ten pages are edited.
 * The figures go to `--out` (default out/bench.json). Not a test: nothing here fails on time.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, appendFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prepareInput } from './corpus.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export interface BenchArgs {
  readonly paths: readonly string[];
  readonly repeat: number;
  readonly workers: number;
  readonly out: string;
  /** Skip the replay phase (`--no-replay`). */
  readonly replay: boolean;
}

/** A child's figures plus the wall time seen from the parent (node and tsx start-up included). */
export type PhaseFigures = Record<string, number | string | boolean> & { wallMs: number; cpuMs: number; maxRssMb: number; processWallMs: number };

export interface SizeRun {
  readonly repeat: number;
  readonly files: number;
  readonly bytes: number;
  /** One thread, bare parse. */
  readonly floor: PhaseFigures;
  /** floor ÷ cores (wall), the best a perfect spread over the cores could do. */
  readonly idealMs: number;
  readonly check: PhaseFigures;
  /** `check --workers 1`. */
  readonly checkOneWorker: PhaseFigures;
  /**
   * (b)/(a): wall time as measured in each child, and CPU time (all threads), which other load on the machine
   * disturbs less; `overIdeal` is (b)'s wall over the ideal line; `oneWorker` is (b1)'s wall over (a)'s.
   */
  readonly ratio: { readonly wall: number; readonly cpu: number; readonly overIdeal: number; readonly oneWorker: number };
  readonly throughput: { readonly floorFilesPerSecond: number; readonly checkFilesPerSecond: number; readonly floorMBps: number; readonly checkMBps: number };
  readonly replay?: PhaseFigures;
  readonly incremental: {
    readonly cold: PhaseFigures;
    readonly unchanged: PhaseFigures;
    /** After ten API pages were edited (bench/corpus.ts `EDITED`). */
    readonly tenEdited: PhaseFigures;
    readonly editedPages: readonly string[];
    readonly editedOverCold: number;
  };
}

/** Parses the command line; throws with a usage message on a bad one. */
export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  const paths: string[] = [];
  let repeat = 1;
  let workers = availableParallelism();
  let out = 'out/bench.json';
  let replay = true;
  const number = (flag: string, value: string | undefined): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${flag}: Unexpected "${value ?? ''}", expected a whole number of at least 1`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--repeat') repeat = number(arg, argv[++i]);
    else if (arg === '--workers') workers = number(arg, argv[++i]);
    else if (arg === '--out') out = argv[++i] ?? out;
    else if (arg === '--no-replay') replay = false;
    else if (arg.startsWith('--')) throw new Error(`Unexpected option ${arg}, expected --repeat N, --workers N, --out FILE or --no-replay`);
    else paths.push(arg);
  }
  return { paths: paths.length > 0 ? paths : [resolve(ROOT, '../shared/corpus/graph-docs')], repeat, workers, out, replay };
}

/** Runs one phase in a child process and returns its figures. */
async function runPhase(phase: string, dir: string, workers: number): Promise<PhaseFigures> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), join(ROOT, 'bench/child.ts'), phase, '.', String(workers)], {
    cwd: dir,
    env: { ...process.env, CI: 'true', NODE_OPTIONS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((done) => child.on('close', done));
  const line = stdout.trim().split('\n').pop() ?? '';
  if (code !== 0 || !line.startsWith('{')) throw new Error(`bench phase ${phase} failed (exit ${code}):\n${stderr || stdout}`);
  return { ...(JSON.parse(line) as PhaseFigures), processWallMs: Math.round(performance.now() - started) };
}

async function helpTime(): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, [join(ROOT, 'bin/docpact.js'), '--help'], { stdio: 'ignore' });
  await new Promise((done) => child.on('close', done));
  return Math.round(performance.now() - started);
}

const r2 = (n: number): number => Math.round(n * 100) / 100;

async function measureSize(args: BenchArgs, repeat: number, scratch: string, log: (text: string) => void): Promise<SizeRun> {
  const dir = join(scratch, `x${repeat}`);
  const input = await prepareInput(args.paths, dir, repeat);
  const cores = availableParallelism();
  const mb = input.bytes / 1e6;
  log(`×${repeat}: ${input.files} files, ${mb.toFixed(1)} MB, ${args.workers} worker(s)`);
  const floor = await runPhase('floor', dir, 1);
  const idealMs = Math.round(floor.wallMs / cores);
  log(`  (a) floor        ${fmt(floor)}; one thread; ideal on ${cores} cores ${idealMs} ms`);
  const check = await runPhase('check', dir, args.workers);
  log(`  (b) check        ${fmt(check)}; ${args.workers} worker(s)`);
  const checkOneWorker = await runPhase('check', dir, 1);
  log(`  (b1) check       ${fmt(checkOneWorker)}; --workers 1`);
  const ratio = {
    wall: r2(check.wallMs / floor.wallMs),
    cpu: r2(check.cpuMs / floor.cpuMs),
    overIdeal: r2(check.wallMs / idealMs),
    oneWorker: r2(checkOneWorker.wallMs / floor.wallMs),
  };
  log(`  (b)/(a)          ${ratio.wall} wall (${ratio.overIdeal} of the ideal line), ${ratio.cpu} CPU; (b1)/(a) ${ratio.oneWorker} wall`);
  const replay = args.replay ? await runPhase('replay', dir, args.workers) : undefined;
  if (replay) log(`  (c) replay       ${replay.fixtures} fixtures in ${replay.replayMs} ms: ${replay.fixturesPerSecond} fixtures/s`);
  await rm(join(dir, '.docpact'), { recursive: true, force: true });
  const cold = await runPhase('check-cached', dir, args.workers);
  const unchanged = await runPhase('check-cached', dir, args.workers);
  for (const page of input.editTargets) await appendFile(page, '\nEdited by the benchmark.\n');
  const tenEdited = await runPhase('check-cached', dir, args.workers);
  const editedOverCold = r2(tenEdited.processWallMs / cold.processWallMs);
  log(`  (d) incremental  cold ${cold.processWallMs} ms / ${cold.maxRssMb} MB, unchanged ${unchanged.processWallMs} ms / ${unchanged.maxRssMb} MB, `
    + `${input.editTargets.length} pages edited ${tenEdited.processWallMs} ms / ${tenEdited.maxRssMb} MB (${editedOverCold} of cold; wall with start-up)`);
  return {
    repeat,
    files: input.files,
    bytes: input.bytes,
    floor,
    idealMs,
    check,
    checkOneWorker,
    ratio,
    throughput: {
      floorFilesPerSecond: r2(input.files / (floor.wallMs / 1000)),
      checkFilesPerSecond: r2(input.files / (check.wallMs / 1000)),
      floorMBps: r2(mb / (floor.wallMs / 1000)),
      checkMBps: r2(mb / (check.wallMs / 1000)),
    },
    ...(replay && { replay }),
    incremental: { cold, unchanged, tenEdited, editedPages: input.editTargets.map((page) => relative(dir, page)), editedOverCold },
  };
}

function fmt(p: PhaseFigures): string {
  return `${p.wallMs} ms (${p.processWallMs} ms with start-up), CPU ${p.cpuMs} ms, peak RSS ${p.maxRssMb} MB`;
}

/** Runs the benchmark; resolves to the exit code (0, or 2 for a bad command line or a failed phase). */
export async function benchMain(argv: readonly string[]): Promise<number> {
  let args: BenchArgs;
  try {
    args = parseBenchArgs(argv);
  } catch (error) {
    process.stderr.write(`bench: ${(error as Error).message}\n`);
    return 2;
  }
  const log = (text: string): void => void process.stderr.write(`${text}\n`);
  const scratch = await mkdtemp(join(tmpdir(), 'docpact-bench-'));
  try {
    const sizes = [...new Set([1, args.repeat])];
    const runs: SizeRun[] = [];
    for (const repeat of sizes) runs.push(await measureSize(args, repeat, scratch, log));
    const first = runs[0];
    const last = runs[runs.length - 1];
    const growthOf = (pick: (r: SizeRun) => number): number => r2(pick(last) / pick(first) / (last.files / first.files));
    const growth = {
      from: first.repeat,
      to: last.repeat,
      /** Cost per file at ×N over cost per file at ×1: 1 is linear, above ~1.25 is worse than linear. */
      checkWallPerFile: growthOf((r) => r.check.wallMs),
      checkCpuPerFile: growthOf((r) => r.check.cpuMs),
      floorWallPerFile: growthOf((r) => r.floor.wallMs),
      checkRssOverFloorRss: r2(last.check.maxRssMb / last.floor.maxRssMb),
    };
    const linear = growth.checkCpuPerFile <= 1.25;
    if (args.repeat > 1) log(`growth ×${first.repeat}→×${last.repeat}: check ${growth.checkWallPerFile} wall / ${growth.checkCpuPerFile} CPU per file (1 = linear): ${linear ? 'linear' : 'worse than linear'}`);
    const help = await helpTime();
    log(`docpact --help: ${help} ms`);
    const result = {
      tool: 'docpact bench',
      date: new Date().toISOString(),
      node: process.version,
      cpus: cpus().length,
      loadAverage: (await import('node:os')).loadavg().map(r2),
      workers: args.workers,
      inputs: args.paths.map((p) => relative(process.cwd(), resolve(p)) || '.'),
      notes: 'Each phase is a child process; wallMs/cpuMs are measured inside it after node+tsx start-up, processWallMs from the parent. The floor is a one-thread bare parse; idealMs = floor wall ÷ cores. check runs cli/main.ts main(["check", …, "--no-cache"]) in the child. cpuMs counts every thread; maxRssMb covers every thread of the child.',
      runs,
      growth: { ...growth, linear },
      helpMs: help,
    };
    const out = resolve(args.out);
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, `${JSON.stringify(result, null, 2)}\n`);
    log(`wrote ${relative(process.cwd(), out)}`);
    return 0;
  } catch (error) {
    process.stderr.write(`bench: ${(error as Error).message}\n`);
    return 2;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
