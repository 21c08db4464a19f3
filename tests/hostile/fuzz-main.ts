/**
 * `npm run fuzz -- [--runs N] [--seed S] [--batch K]`: generates N mutated pages (see fuzz-harness.ts), runs them K
 * at a time through check, extract, openapi and replay against the mock, and on the first failure shrinks it, saves
 * the pages and the commands' output under `--save DIR` (default out/fuzz/), prints the seed, the path and the
 * page files, and exits 1. A case that does not finish within `--hang-seconds` is a failure too: a watchdog thread
 * saves its pages, says where on stderr and kills the process (SIGKILL, exit 137), since a parser stuck in this thread cannot be interrupted.
 */
import fc from 'fast-check';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { BatchOutcome, BatchPage, GenPage } from './fuzz-harness.js';
import { batchPages, COMMANDS, genPageArb, loadSeedPages, runBatch } from './fuzz-harness.js';

interface FuzzArgs {
  runs: number;
  seed: number;
  batch: number;
  save: string;
  shrinkSeconds: number;
  hangSeconds: number;
  keepGoing: boolean;
}

const USAGE = 'usage: npm run fuzz -- [--runs N (pages, default 100)] [--seed S] [--batch K (pages per docpact call, default 8)] [--save DIR (default out/fuzz)] [--shrink-seconds S (default 300)] [--hang-seconds S (default 120)] [--keep-going (record each failing page and go on; no shrinking)]';

function parseArgs(argv: readonly string[]): FuzzArgs {
  const args: FuzzArgs = { runs: 100, seed: Math.floor(Math.random() * 2 ** 31), batch: 8, save: 'out/fuzz', shrinkSeconds: 300, hangSeconds: 120, keepGoing: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    const int = (): number => {
      if (value === undefined || !/^-?\d+$/.test(value)) throw new Error(`${flag}: expected an integer, got ${value ?? 'nothing'}\n${USAGE}`);
      i++;
      return Number(value);
    };
    switch (flag) {
      case '--runs':
        args.runs = int();
        break;
      case '--seed':
        args.seed = int();
        break;
      case '--batch':
        args.batch = Math.max(1, int());
        break;
      case '--shrink-seconds':
        args.shrinkSeconds = int();
        break;
      case '--hang-seconds':
        args.hangSeconds = int();
        break;
      case '--keep-going':
        args.keepGoing = true;
        break;
      case '--save':
        if (value === undefined) throw new Error(`--save: expected a folder\n${USAGE}`);
        args.save = value;
        i++;
        break;
      default:
        throw new Error(`unknown argument ${flag}\n${USAGE}`);
    }
  }
  return args;
}

/** Saves the pages and the output of the commands of a failing batch; resolves to the folder. */
async function saveFailure(dir: string, pages: readonly BatchPage[], gen: readonly GenPage[], outcome: BatchOutcome | undefined, meta: Record<string, unknown>): Promise<string> {
  await mkdir(dir, { recursive: true });
  for (const [i, page] of pages.entries()) {
    const file = join(dir, 'docs', page.path);
    await mkdir(join(file, '..'), { recursive: true });
    await writeFile(file, Buffer.from(page.text, 'latin1'));
    void i;
  }
  await writeFile(join(dir, 'case.json'), `${JSON.stringify({ ...meta, problems: outcome?.problems ?? [], pages: gen }, null, 2)}\n`);
  for (const [i, run] of (outcome?.runs ?? []).entries()) {
    await writeFile(join(dir, `${i}-${run.args[0]}.txt`), `$ docpact ${run.args.join(' ')}\nexit ${run.code}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}\n`);
  }
  return dir;
}

// The watchdog: its own thread, so it still runs while a parser blocks this one.
const WATCHDOG = `
const { parentPort, workerData } = require('node:worker_threads');
const { mkdirSync, writeFileSync, writeSync } = require('node:fs');
const { join, dirname } = require('node:path');
let current;
parentPort.on('message', (m) => { current = m.pages ? { ...m, started: Date.now() } : undefined; });
setInterval(() => {
  if (!current || Date.now() - current.started < workerData.hangMs) return;
  const dir = join(workerData.save, 'hang-' + current.seed + '-' + current.index);
  for (const p of current.pages) {
    const file = join(dir, 'docs', p.path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, Buffer.from(p.text, 'latin1'));
  }
  writeFileSync(join(dir, 'case.json'), JSON.stringify({ seed: current.seed, case: current.index, hang: true, pages: current.gen }, null, 2) + '\\n');
  // process.stderr of a worker goes through the main thread, which is the one stuck: write to fd 2 directly.
  writeSync(2, '\\nFUZZ HANG: case ' + current.index + ' (seed ' + current.seed + ') ran over ' + workerData.hangMs / 1000 + ' s; pages saved in ' + dir + '\\n');
  process.kill(process.pid, 'SIGKILL');
}, 1000);
`;

/** A short signature of a batch's problems (command and kind, no paths or numbers), to group failures. */
function problemKind(problems: readonly string[]): string {
  return [...new Set(problems.map((p) => p.replace(/^docpact (\w+).*?: /, '$1: ').replace(/: ".*$/s, '').replace(/docs\/\S+/g, 'PAGE').replace(/\d+/g, 'N').slice(0, 120)))].sort().join(' | ');
}

/** Runs the fuzzer; resolves to the exit code (0 no failure, 1 a failure, 2 usage). */
export async function fuzzMain(argv: readonly string[]): Promise<number> {
  let args: FuzzArgs;
  try {
    args = parseArgs(argv);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
  const save = resolve(args.save);
  const { root, pages: seeds } = await loadSeedPages();
  const cases = Math.ceil(args.runs / args.batch);
  process.stdout.write(`fuzz: seed ${args.seed}, ${args.runs} pages in ${cases} cases of ${args.batch}, mutated from ${seeds.length} pages of ${root}\n`);
  process.stdout.write(`fuzz: each case runs ${COMMANDS.map((c) => `docpact ${c.join(' ')}`).join('; ')}\n`);

  const watchdog = new Worker(WATCHDOG, { eval: true, workerData: { hangMs: args.hangSeconds * 1000, save } });
  watchdog.unref();
  const exits = new Map<string, number>();
  const notes = new Map<string, number>();
  let index = 0;
  let done = 0;
  let failedAt: number | undefined;
  let shrinkStarted: number | undefined;
  let shrinkSteps = 0;
  const started = Date.now();
  // --keep-going: each failing batch is cut down to the pages that fail alone, saved once per kind of problem.
  const kinds = new Map<string, number>();
  let failingBatches = 0;
  const recordFailure = async (pages: readonly BatchPage[], gen: readonly GenPage[], outcome: BatchOutcome): Promise<void> => {
    failingBatches++;
    const alone: number[] = [];
    for (const [i, page] of pages.entries()) if ((await runBatch([page])).problems.length > 0) alone.push(i);
    const kind = problemKind(outcome.problems);
    const seen = kinds.get(kind) ?? 0;
    kinds.set(kind, seen + 1);
    const picked = alone.length > 0 ? alone : pages.map((_, i) => i);
    const dir = join(save, `failure-${args.seed}-case${done}`);
    if (seen < 3) await saveFailure(dir, picked.map((i) => pages[i]), picked.map((i) => gen[i]), alone.length === 1 ? await runBatch([pages[alone[0]]]) : outcome, { seed: args.seed, case: done, failingAlone: alone.map((i) => pages[i].path) });
    process.stdout.write(`fuzz: case ${done} (seed ${args.seed}) FAILED [${kind}]${seen < 3 ? ` saved in ${dir}` : ' (kind seen before, not saved)'}:\n  ${outcome.problems.map((p) => p.slice(0, 600)).join('\n  ')}\n`);
  };
  const arb = fc.array(genPageArb(seeds.length), { minLength: args.batch, maxLength: args.batch });
  const property = fc.asyncProperty(arb, async (gen) => {
    // Shrinking is bounded in time: past the budget every further candidate "passes", so the smallest failure so far is kept.
    if (shrinkStarted !== undefined && Date.now() - shrinkStarted > args.shrinkSeconds * 1000) return true;
    const pages = batchPages(seeds, gen);
    watchdog.postMessage({ pages, gen, seed: args.seed, index });
    const outcome = await runBatch(pages);
    watchdog.postMessage({});
    if (shrinkStarted === undefined) {
      done++;
      for (const note of outcome.notes) {
        const kind = note.replace(/\d+/g, 'N').slice(0, 60);
        notes.set(kind, (notes.get(kind) ?? 0) + 1);
        if (notes.get(kind) === 1) process.stdout.write(`fuzz: note (counted, not a failure): ${note}\n`);
      }
      for (const run of outcome.runs) exits.set(`${run.args[0]} ${run.code}`, (exits.get(`${run.args[0]} ${run.code}`) ?? 0) + 1);
      if (done % 10 === 0 || done === cases) {
        const seconds = (Date.now() - started) / 1000;
        process.stdout.write(`fuzz: ${done}/${cases} cases (${done * args.batch} pages) in ${seconds.toFixed(0)} s, ${(seconds / (done * args.batch)).toFixed(3)} s per page\n`);
      }
    } else shrinkSteps++;
    index++;
    if (outcome.problems.length > 0 && args.keepGoing) {
      await recordFailure(pages, gen, outcome);
      return true;
    }
    if (outcome.problems.length > 0) {
      if (shrinkStarted === undefined) {
        failedAt = done;
        shrinkStarted = Date.now();
        process.stdout.write(`fuzz: case ${done} failed:\n  ${outcome.problems.join('\n  ')}\nfuzz: shrinking (at most ${args.shrinkSeconds} s)…\n`);
      }
      return false;
    }
    return true;
  });
  const result = await fc.check(property, { seed: args.seed, numRuns: cases, endOnFailure: false });
  const seconds = (Date.now() - started) / 1000;
  const exitLine = [...exits].sort().map(([k, n]) => `${k}: ${n}`).join(', ');
  if (notes.size > 0) process.stdout.write(`fuzz: notes (cases): ${[...notes].map(([k, n]) => `${k}… ×${n}`).join('; ')}\n`);
  if (result.failed && result.counterexample === null) {
    process.stdout.write(`fuzz: fast-check stopped without a counterexample: ${String(result.errorInstance)}\n`);
    return 1;
  }
  if (args.keepGoing && failingBatches > 0) {
    process.stdout.write(`fuzz: FAILED ${failingBatches} of ${done} cases (${done * args.batch} pages), seed ${args.seed}, ${seconds.toFixed(0)} s (${(seconds / Math.max(1, done * args.batch)).toFixed(3)} s per page); kinds: ${[...kinds].map(([k, n]) => `${k} ×${n}`).join('; ')}; exits by command and code: ${exitLine}\n`);
    return 1;
  }
  if (!result.failed || result.counterexample === null) {
    process.stdout.write(`fuzz: OK ${done} cases, ${done * args.batch} pages, seed ${args.seed}, ${seconds.toFixed(0)} s (${(seconds / Math.max(1, done * args.batch)).toFixed(3)} s per page); exits by command and code: ${exitLine}\n`);
    return 0;
  }
  const [gen] = result.counterexample;
  const pages = batchPages(seeds, gen);
  const outcome = await runBatch(pages);
  // Which pages fail on their own: the smallest thing to report and to keep as a regression case.
  const alone: number[] = [];
  for (const [i, page] of pages.entries()) if ((await runBatch([page])).problems.length > 0) alone.push(i);
  const dir = await saveFailure(join(save, `failure-${args.seed}`), pages, gen, outcome, { seed: args.seed, path: result.counterexamplePath, failedCase: failedAt, shrinkSteps, failingAlone: alone.map((i) => pages[i].path) });
  process.stdout.write(
    `\nFUZZ FAILURE after ${failedAt} cases (seed ${args.seed}, path ${result.counterexamplePath}, ${shrinkSteps} shrink steps)\n` +
      `replay it: npm run fuzz -- --runs ${args.runs} --batch ${args.batch} --seed ${args.seed}\n` +
      `problems of the shrunk batch:\n  ${outcome.problems.join('\n  ') || '(none: the failure did not repeat)'}\n` +
      `pages failing on their own: ${alone.length > 0 ? alone.map((i) => join(dir, 'docs', pages[i].path)).join(', ') : 'none (only together)'}\n` +
      `shrunk batch saved in ${dir} (docs/, case.json, one .txt per command)\n` +
      `exits by command and code so far: ${exitLine}\n`,
  );
  return 1;
}
