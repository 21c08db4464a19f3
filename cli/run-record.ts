/**
 * `docpact record`: replay the examples against a target and write the answers back into the pages' response
 * blocks (replay/record.ts), redacted (replay/record-redact.ts). Wiring only. Pages are written as one set — every
 * changed page replaced or none (reports/write-set.ts) — and only after the whole run: Ctrl-C writes nothing.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Capture, RecordDecision } from '../replay/record.js';
import type { TargetSpec } from '../replay/types.js';
import { testName } from '../replay/types.js';
import { displayPath, loadConfig } from './config.js';
import { EXIT, UsageError } from './errors.js';
import { requireAccount, sendSettings, targetOf } from './send-options.js';

export interface RecordCliOptions {
  readonly target?: string;
  readonly testNamePattern?: string;
  readonly shard?: string;
  readonly header?: readonly string[];
  readonly var?: readonly string[];
  readonly allowWrites?: boolean;
  readonly timeout?: string;
  readonly retries?: string;
  readonly concurrency?: string;
  /** Record every example whose answer differs from its page, not only failing ones. */
  readonly all?: boolean;
  /** Record answers of another status class than documented. */
  readonly anyStatus?: boolean;
  readonly dryRun?: boolean;
  readonly config?: string;
  readonly quiet?: boolean;
  readonly cwd?: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly pageTimeout?: number;
  /** Sign in as this account of the config (`--account`); default: the config's `defaultAccount`. */
  readonly account?: string;
}

/** Runs `docpact record`; resolves to 0 (recorded or nothing to record), 1 (examples failed and were kept), 2 (usage), 130 interrupted. */
export async function runRecord(paths: readonly string[], options: RecordCliOptions = {}): Promise<number> {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const loaded = await loadConfig(cwd, options.config);
  const config = loaded.config;
  const note = (text: string): void => {
    if (!options.quiet) process.stderr.write(`docpact record: ${text}\n`);
  };
  if (options.target === undefined) throw new UsageError('--target: missing, expected the base URL of the service to record (or mock, nock, a configured target)');
  const target: TargetSpec = await targetOf(config, options.target);
  const { timeoutMs, retries, concurrency, headers, vars, pattern } = sendSettings(config, options);
  const { parseShard, inShard } = await import('./shard.js');
  const shard = options.shard !== undefined ? parseShard(options.shard) : undefined;
  const token = env.DOCPACT_TOKEN || undefined;
  const { createRecordRedactor } = await import('../replay/record-redact.js');
  // Every secret known now or later (sign-in tokens arrive during the run) is replaced before anything is written.
  const secrets = new Set<string | undefined>([token, ...Object.values(headers).filter((v) => /^(bearer|basic)\s/i.test(v)).map((v) => v.replace(/^\S+\s+/, ''))]);
  let redactor;
  try {
    redactor = createRecordRedactor(config.record?.redact ?? {}, secrets);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  // Sign-in (replay/auth.ts): the account's token on every request, refreshed on expiry and once after a 401.
  const accountName = options.account ?? config.defaultAccount;
  let wrapTransport: import('../replay/record.js').CaptureOptions['wrapTransport'];
  if (accountName !== undefined) {
    requireAccount(config, accountName);
    const settings = config.accounts![accountName];
    const { createAccounts, authTransport, SignInSetupError } = await import('../replay/auth.js');
    let source;
    try {
      source = createAccounts({ [accountName]: settings }, env, (secret) => secrets.add(secret)).get(accountName)!;
    } catch (error) {
      if (error instanceof SignInSetupError) throw new UsageError(error.message);
      throw error;
    }
    wrapTransport = (transport) => authTransport(transport, source);
  }

  const [{ loadPagesParallel }, { buildContracts }, { findInputs }] = await Promise.all([import('../extractor/parallel.js'), import('../contracts/index.js'), import('./inputs.js')]);
  const inputs = await findInputs(paths, cwd, loaded);
  for (const problem of inputs.problems) process.stderr.write(`docpact record: ${problem}\n`);
  const pageTimeout = options.pageTimeout ?? config.pageTimeout;
  const pages = await loadPagesParallel([...inputs.files], { cwd, ...(pageTimeout !== undefined && { pageTimeout }) });
  const inputProblems = inputs.problems.length + pages.missing.length + pages.special.length;
  const contracts = buildContracts(pages.pages);
  const selected = (name: string, file: string): boolean => (!pattern || pattern.test(name)) && (!shard || inShard(file, shard));

  const interrupt = new AbortController();
  const onSignal = (): void => interrupt.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let captures: Capture[];
  try {
    const { captureRun } = await import('../replay/record.js');
    const byName = new Map(contracts.fixtures.map((f) => [testName(f), f.source.file]));
    captures = await captureRun(contracts, {
      target,
      headers,
      vars,
      ...(token ? { token } : {}),
      allowWrites: options.allowWrites ?? false,
      timeoutMs,
      retries,
      concurrency,
      signal: interrupt.signal,
      filter: (name) => selected(name, byName.get(name) ?? ''),
      ...(wrapTransport ? { wrapTransport } : {}),
    });
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
  if (interrupt.signal.aborted) {
    process.stderr.write('docpact record: interrupted; no page was changed\n');
    return 130;
  }

  // Per page: the answers spliced into the text as it is on disk now.
  const { planPage, applyEdits } = await import('../replay/record.js');
  const byFile = new Map<string, Capture[]>();
  for (const capture of captures) {
    const list = byFile.get(capture.fixture.source.file) ?? [];
    list.push(capture);
    byFile.set(capture.fixture.source.file, list);
  }
  const changed: { path: string; file: string; before: string; content: string }[] = [];
  const decisions: RecordDecision[] = [];
  for (const [file, list] of byFile) {
    const path = resolve(cwd, file);
    const before = await readFile(path, 'utf8');
    const planned = planPage(before, list, redactor, { all: options.all ?? false, anyStatus: options.anyStatus ?? false });
    decisions.push(...planned);
    const edits = planned.flatMap((d) => (d.kind === 'record' ? [d.edit] : []));
    if (edits.length > 0) changed.push({ path, file, before, content: applyEdits(before, edits) });
  }

  if (options.dryRun) {
    const { createTwoFilesPatch } = await import('diff');
    for (const page of changed) {
      const shown = displayPath(cwd, page.path);
      process.stdout.write(createTwoFilesPatch(`a/${shown}`, `b/${shown}`, page.before, page.content, undefined, undefined, { context: 3 }));
    }
  } else if (changed.length > 0) {
    const { writeReportSet, ReportWriteError } = await import('../reports/write-set.js');
    try {
      await writeReportSet(changed.map((p) => ({ path: p.path, content: p.content })));
    } catch (error) {
      if (!(error instanceof ReportWriteError)) throw error;
      throw new UsageError(`${displayPath(cwd, error.path)}: cannot write the recorded page (${error.code}); no page was changed`);
    }
  }

  const recorded = decisions.filter((d) => d.kind === 'record');
  const failedKept = decisions.filter((d) => d.kind === 'keep' && captures.find((c) => c.fixture === d.fixture)?.outcome.example.status === 'failed');
  for (const d of decisions) {
    if (d.kind === 'record') note(`${d.fixture.source.file}:${d.fixture.response!.source.line} ${d.fixture.name}: ${options.dryRun ? 'would record' : 'recorded'}`);
    else if (failedKept.includes(d)) note(`${d.fixture.source.file}:${d.fixture.request.source.line} ${d.fixture.name}: failed and kept: ${d.reason}`);
  }
  const verb = options.dryRun ? 'would record' : 'recorded';
  process.stderr.write(`${recorded.length} ${verb}, ${failedKept.length} failed and kept, ${decisions.length - recorded.length - failedKept.length} unchanged, in ${changed.length} page(s)\n`);
  if (inputProblems > 0) return EXIT.usage;
  return failedKept.length > 0 ? EXIT.findings : EXIT.clean;
}
