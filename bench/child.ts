/**
 * One benchmark phase, run in its own process so that its peak RSS (`process.resourceUsage().maxRSS`, which covers
 * every thread of the process, workers included) and its time are its own. Prints one JSON line on stdout:
 * `{ wallMs, cpuMs, maxRssMb, ...phase figures }`. Times run from the start of this module, after node and tsx
 * have started (the parent records the time including start-up separately).
 *
 * Usage: node --import tsx bench/child.ts floor|check|check-cached|replay <folder> <workers>
 */
import { devNull } from 'node:os';

const started = performance.now();
const cpuStart = process.cpuUsage();

/** What a phase reports besides time and memory. */
type Figures = Record<string, number | string | boolean>;

async function floor(folder: string, workers: number): Promise<Figures> {
  // The same file list as `docpact check` (every *.md below, sorted), found without loading the parser in this thread.
  const [{ glob }, { parseFloor }] = await Promise.all([import('tinyglobby'), import('../extractor/parallel.js')]);
  const files = (await glob('**/*.md', { cwd: folder, ignore: ['**/node_modules/**', '**/.git/**'], caseSensitiveMatch: false })).sort();
  const bytes = await parseFloor(files, { workers });
  return { files: files.length, bytes };
}

/** `docpact check` end to end, through the same `main` the `docpact` binary calls. */
async function check(folder: string, workers: number, cache: boolean): Promise<Figures> {
  const { main } = await import('../cli/main.js');
  const args = ['check', folder, '--workers', String(workers), '--format', 'json', '--output', devNull, '--quiet', ...(cache ? [] : ['--no-cache'])];
  const exitCode = await main(args);
  return { exitCode, command: `docpact ${args.join(' ')}` };
}

/** Every fixture of the folder replayed against the embedded mock (a real server on 127.0.0.1). */
async function replay(folder: string, workers: number): Promise<Figures> {
  const [{ loadPagesParallel }, { buildContracts }, { replayContracts }] = await Promise.all([
    import('../extractor/parallel.js'),
    import('../contracts/index.js'),
    import('../replay/run.js'),
  ]);
  const { pages } = await loadPagesParallel([folder], { workers });
  const contracts = buildContracts(pages);
  const t = performance.now();
  const result = await replayContracts(contracts, { target: { kind: 'mock' } });
  const replayMs = performance.now() - t;
  const passed = result.examples.filter((e) => e.status === 'passed').length;
  return { fixtures: contracts.fixtures.length, examples: result.examples.length, passed, replayMs: Math.round(replayMs), fixturesPerSecond: round(contracts.fixtures.length / (replayMs / 1000)) };
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

const [phase, folder, workersText] = process.argv.slice(2);
const workers = Number(workersText);
const figures =
  phase === 'floor' ? await floor(folder, workers)
  : phase === 'check' ? await check(folder, workers, false)
  : phase === 'check-cached' ? await check(folder, workers, true)
  : phase === 'replay' ? await replay(folder, workers)
  : undefined;
if (figures === undefined) {
  process.stderr.write(`bench/child.ts: Unexpected phase "${phase}", expected floor, check, check-cached or replay\n`);
  process.exit(2);
}
const cpu = process.cpuUsage(cpuStart);
const out = {
  ...figures,
  wallMs: Math.round(performance.now() - started),
  cpuMs: Math.round((cpu.user + cpu.system) / 1000),
  maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
};
process.stdout.write(`${JSON.stringify(out)}\n`);
// Worker threads and sockets are closed by the phases; exit now so a stray handle cannot hold the figures back.
process.exit(0);
