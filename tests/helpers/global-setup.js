// Jest globalSetup: parse the Graph docs corpus once per run, for every suite that reads it through
// tests/helpers/corpus.ts. Plain JavaScript because Jest loads globalSetup outside its TypeScript transform; the work
// is done by tests/helpers/corpus-cache.ts in a child process (tsx), which prints the cache file's path.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const GRAPH_DOCS = resolve(ROOT, '../shared/corpus/graph-docs');
const USES_CORPUS = /helpers\/corpus\.js['"]/;

// A `testMatch` glob as a RegExp: `<rootDir>`, `**` + `/` and `*` are all the globs here use.
function globRegExp(glob, rootDir) {
  const escaped = glob.replace('<rootDir>', rootDir).replace(/[.+^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped.replace(/\*\*\//g, '\u0000').replace(/\*/g, '[^/]*').replace(/\u0000/g, '(?:.*/)?')}$`);
}

/**
 * Whether a test file this run may select imports the corpus helper. A run of `jest tests/cli` should not pay for
 * a parse after every edit of the extractor; when unsure (no pattern API), assume it does.
 */
function runUsesCorpus(globalConfig, projectConfig) {
  const executor = globalConfig.testPathPatterns?.toExecutor?.({ rootDir: globalConfig.rootDir });
  const match = (projectConfig.testMatch ?? []).map((g) => globRegExp(g, projectConfig.rootDir));
  const ignore = (projectConfig.testPathIgnorePatterns ?? []).map((p) => new RegExp(p));
  const tests = readdirSync(join(ROOT, 'tests'), { recursive: true })
    .map((f) => join(ROOT, 'tests', String(f)))
    .filter((f) => (match.length === 0 ? f.endsWith('.test.ts') : match.some((m) => m.test(f))) && !ignore.some((i) => i.test(f)));
  return tests.some((file) => (!executor?.isSet() || executor.isMatch(file)) && USES_CORPUS.test(readFileSync(file, 'utf8')));
}

/** Runs the cache builder; resolves to its JSON line, or undefined (with the reason on stderr) when it fails. */
function ensureCache() {
  return new Promise((resolveDone) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/helpers/corpus-cache.ts'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    child.on('close', (code) => {
      if (code === 0) return resolveDone(JSON.parse(out));
      // Not fatal here: the suites that need the corpus fail with this message, the others still run.
      process.stderr.write(`\ndocpact tests: parsing the corpus once failed (exit ${code}); corpus suites will retry:\n${err}\n`);
      resolveDone(undefined);
    });
  });
}

export default async function globalSetup(globalConfig, projectConfig) {
  if (!existsSync(GRAPH_DOCS) || process.env.DOCPACT_TEST_CORPUS || !runUsesCorpus(globalConfig, projectConfig)) return;
  const started = Date.now();
  const cache = await ensureCache();
  if (!cache) return;
  // Jest starts its workers after globalSetup, with this environment: every test file finds the file through it.
  process.env.DOCPACT_TEST_CORPUS = cache.path;
  const how = cache.parsed ? `parsed once (${cache.pages} pages, ${cache.parseSeconds} s)` : 'reused, unchanged since it was parsed';
  process.stderr.write(`\ndocpact tests: corpus ${how}: ${cache.path} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
}
