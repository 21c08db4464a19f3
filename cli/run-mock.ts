/**
 * `docpact mock [paths…] --port N [--stateful]`: the embedded mock on its own, until Ctrl-C.
 */
import { resolve } from 'node:path';
import type { ReplayContracts } from '../replay/types.js';
import { loadConfig } from './config.js';
import { EXIT, UsageError } from './errors.js';

export interface MockCliOptions {
  readonly port?: string;
  readonly host?: string;
  readonly stateful?: boolean;
  readonly contracts?: string;
  readonly config?: string;
  readonly cwd?: string;
  /** Seconds one page may take to parse (`--page-timeout`). Default: the config's `pageTimeout`, else 5. */
  readonly pageTimeout?: number;
  /** Resolves when the server should stop. Default: the first SIGINT or SIGTERM. */
  readonly until?: Promise<void>;
  /** Called with the URL once listening (tests). */
  readonly onListening?: (url: string) => void;
}

export async function runMock(paths: readonly string[], options: MockCliOptions = {}): Promise<number> {
  const cwd = options.cwd ?? process.cwd();
  const port = options.port === undefined ? 0 : Number(options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port: Unexpected "${options.port}", expected a port number 0-65535`);
  let contracts: ReplayContracts;
  if (options.contracts !== undefined) {
    const { readContracts, ContractsReadError } = await import('../contracts/index.js');
    try {
      contracts = await readContracts(resolve(cwd, options.contracts));
    } catch (error) {
      if (error instanceof ContractsReadError) throw new UsageError(error.message);
      throw error;
    }
  } else {
    const loaded = await loadConfig(cwd, options.config);
    const [{ loadPagesParallel }, { buildContracts }] = await Promise.all([import('../extractor/parallel.js'), import('../contracts/index.js')]);
    const pageTimeout = options.pageTimeout ?? loaded.config.pageTimeout;
    // The same inputs as check: the paths, else the config's `docs` (relative to the config), minus its `ignore`.
    const { findInputs } = await import('./inputs.js');
    const inputs = await findInputs(paths, cwd, loaded);
    for (const problem of inputs.problems) process.stderr.write(`docpact mock: ${problem}\n`);
    const pages = await loadPagesParallel([...inputs.files], { cwd, ...(pageTimeout !== undefined && { pageTimeout }) });
    if (inputs.problems.length + pages.missing.length + pages.special.length > 0 && pages.pages.length === 0) return EXIT.usage;
    contracts = buildContracts(pages.pages);
  }
  const { startMockServer } = await import('../replay/targets/mock.js');
  const server = await startMockServer(contracts, { port, ...(options.host ? { host: options.host } : {}), stateful: options.stateful ?? false });
  const routes = contracts.fixtures.filter((f) => f.response).length;
  process.stdout.write(`docpact mock: ${server.url} (${routes} examples${options.stateful ? ', stateful' : ''}); Ctrl-C stops it\n`);
  options.onListening?.(server.url);
  await (options.until ??
    new Promise<void>((done) => {
      process.once('SIGINT', () => done());
      process.once('SIGTERM', () => done());
    }));
  await server.close();
  process.stdout.write(`docpact mock: stopped after ${server.requests()} requests\n`);
  return EXIT.clean;
}
