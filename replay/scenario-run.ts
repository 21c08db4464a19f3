/**
 * The in-process replay with scenarios, sign-in and pacing (`docpact replay --scenarios`, an `accounts` config,
 * `--rate`, `--budget`). Pages are the unit of work: a page's set-up runs before its first example, its examples
 * run in page order, its teardown after the last. An example's own set-up and teardown wrap it. Teardown runs on
 * every way out — a failing example or set-up step, the run's time budget, an interrupt (the caller aborts
 * `signal` on Ctrl-C and waits for this to return) — because set-up and teardown requests are not tied to the run's
 * signal, only to `forceSignal` (a second Ctrl-C). Without a scenario an example is replayed as `replayContracts`
 * would (ids of creates chained into later examples of the same collection).
 */
import pLimit from 'p-limit';
import type { Diagnostic } from '../core/diagnostic.js';
import { compareDiagnostics } from '../core/diagnostic.js';
import { makeFinding } from '../core/rule-docs.js';
import type { Fixture } from '../contracts/types.js';
import type { ExampleResult } from '../reports/types.js';
import type { TokenSource, SignInStats } from './auth.js';
import { authTransport } from './auth.js';
import type { PacingOptions, PacingSummary } from './pacing.js';
import { Pacer } from './pacing.js';
import { createRedactor } from './redact.js';
import type { Redactor } from './redact.js';
import { leavesBase } from './replay-one.js';
import type { ReplayContext } from './replay-one.js';
import { createContext, replayGuarded } from './run.js';
import type { InProcessOptions } from './run.js';
import type { ScenarioEntry, ScenarioStep, Scenarios } from './scenario.js';
import { entriesFor, expandText, expandValue, MissingVariableError, valueAtPointer } from './scenario.js';
import { exchange } from './send.js';
import { sourceRange } from './source-range.js';
import { openTarget } from './targets/index.js';
import type { OpenTarget, ResolvedSpec } from './targets/index.js';
import type { ExampleOutcome, OutgoingRequest, ReplayContracts, ReplayResult, Transport } from './types.js';
import { testName } from './types.js';
import { createValidator } from './validate.js';

/** The secrets of a run: every one added is kept out of every outcome from then on. */
export interface SecretKeeper {
  add(secret: string | undefined): void;
  readonly redact: Redactor;
}

export function secretKeeper(initial: readonly (string | undefined)[] = []): SecretKeeper {
  const secrets: string[] = [];
  let current = createRedactor([]);
  const keeper: SecretKeeper = {
    add(secret) {
      if (secret === undefined || secret.length < 4 || secrets.includes(secret)) return;
      secrets.push(secret);
      current = createRedactor(secrets);
    },
    redact: <T>(value: T): T => current(value),
  };
  for (const s of initial) keeper.add(s);
  return keeper;
}

export interface ScenarioRunOptions extends InProcessOptions {
  readonly scenarios?: Scenarios;
  /** Signed-in accounts by name (replay/auth.ts). */
  readonly accounts?: ReadonlyMap<string, TokenSource>;
  /** The account of examples whose scenario names none. Default: none (the `token`, if any). */
  readonly defaultAccount?: string;
  readonly pacing?: PacingOptions;
  /** Total run time in ms; then no example starts and those in flight are stopped (teardown still runs). Default: none. */
  readonly budgetMs?: number;
  /** The run's secrets (the CLI adds the accounts' as they are read). Default: a new keeper holding `token`. */
  readonly secrets?: SecretKeeper;
  /** Stops set-up and teardown requests too (a second Ctrl-C). */
  readonly forceSignal?: AbortSignal;
}

export interface ScenarioRunResult extends ReplayResult {
  /** One per example replayed or skipped, in page order. */
  readonly outcomes: readonly ExampleOutcome[];
  readonly pacing: PacingSummary;
  readonly signIns: Readonly<Record<string, SignInStats>>;
  /** The time budget ran out before every example was replayed. */
  readonly budgetExpired: boolean;
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Replays `contracts` with scenarios, accounts and pacing; see the module comment. */
export async function replayScenarios(contracts: ReplayContracts, options: ScenarioRunOptions = {}): Promise<ScenarioRunResult> {
  const validator = options.validator ?? createValidator(contracts.schemas);
  const spec: ResolvedSpec = options.target ?? { kind: 'mock' };
  const opened = await openTarget(spec, contracts, validator, options.inProcess ?? false);
  const pacer = new Pacer(options.pacing);
  const target: OpenTarget = { ...opened, transport: pacer.wrap(opened.transport) };
  const keeper = options.secrets ?? secretKeeper();
  keeper.add(options.token);
  const budget = new AbortController();
  const budgetTimer = options.budgetMs !== undefined ? setTimeout(() => budget.abort(), options.budgetMs) : undefined;
  const runSignal = options.signal ? AbortSignal.any([options.signal, budget.signal]) : budget.signal;
  const context: ReplayContext = { ...createContext(target, validator, { ...options, signal: runSignal }), redact: keeper.redact };
  const accounts = options.accounts ?? new Map<string, TokenSource>();
  const transports = new Map<string, Transport>();
  const transportFor = (account: string | undefined): Transport => {
    if (account === undefined) return target.transport;
    let transport = transports.get(account);
    if (!transport) {
      transport = authTransport(target.transport, accounts.get(account)!);
      transports.set(account, transport);
    }
    return transport;
  };
  const run = { id: Math.random().toString(36).slice(2, 10) };

  const fixtures = contracts.fixtures.filter((f) => !options.filter || options.filter(testName(f)));
  const pages = new Map<string, { fixture: Fixture; index: number }[]>();
  fixtures.forEach((fixture, index) => {
    const list = pages.get(fixture.page) ?? [];
    list.push({ fixture, index });
    pages.set(fixture.page, list);
  });
  const writesReachState = target.stateful && (!target.live || context.allowWrites);
  const limit = pLimit(writesReachState ? 1 : Math.max(1, options.concurrency ?? 4));
  const outcomes: (ExampleOutcome | undefined)[] = new Array(fixtures.length);
  const scenarios = options.scenarios;

  const finding = (ruleId: string, message: string, at: { line: number; column: number }, fixture: Fixture, element: string): Diagnostic =>
    makeFinding(ruleId, 'error', {
      message,
      file: scenarios?.file ?? fixture.source.file,
      range: { start: { line: at.line, column: at.column, offset: 0 }, end: { line: at.line, column: at.column, offset: 0 } },
      element,
      related: [{ message: `the example ${fixture.name}`, file: fixture.request.source.file, range: sourceRange(fixture.request.source) }],
    });

  const resultBase = (fixture: Fixture): Omit<ExampleResult, 'status'> => ({
    page: fixture.page,
    file: fixture.source.file,
    line: fixture.request.source.line,
    name: fixture.name,
    method: fixture.request.method.toUpperCase(),
  });
  const skipped = (fixture: Fixture, reason: string, diagnostics: Diagnostic[] = []): ExampleOutcome =>
    keeper.redact({ example: { ...resultBase(fixture), status: 'skipped', reason }, diagnostics, retries: 0 });
  const failed = (fixture: Fixture, diagnostics: Diagnostic[]): ExampleOutcome =>
    keeper.redact({ example: { ...resultBase(fixture), status: 'failed', reason: diagnostics[0].message }, diagnostics, retries: 0 });

  type StepResult = { readonly ok: true } | { readonly ok: false; readonly skip?: string; readonly diagnostic?: Diagnostic };

  /** Sends one set-up or teardown step; captures go into `vars`. Never throws. */
  const runStep = async (kind: 'setup' | 'teardown', step: ScenarioStep, index: number, entry: ScenarioEntry, vars: Map<string, unknown>, fixture: Fixture): Promise<StepResult> => {
    const label = `${kind} step ${index + 1}${step.name ? ` (${step.name})` : ''} ${step.method} ${step.path}`;
    const element = `scenario:${entry.page}${entry.example ? `/${entry.example}` : ''}#${kind}/${index}`;
    const rule = kind === 'setup' ? 'replay/setup-failed' : 'replay/teardown-failed';
    const fail = (what: string): StepResult => ({ ok: false, diagnostic: finding(rule, `Unexpected ${what} from the ${label}, ${kind === 'setup' ? 'expected success; the example was not replayed' : 'expected success; what the set-up made may be left on the service, remove it by hand'}`, step.at, fixture, element) });
    if (target.live && WRITES.has(step.method) && !context.allowWrites) {
      return { ok: false, skip: `writes are off: the scenario's ${label} needs --allow-writes` };
    }
    let request: OutgoingRequest;
    try {
      const path = expandText(step.path, vars, encodeURIComponent);
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(context.headers)) headers[name.toLowerCase()] = value;
      for (const [name, value] of Object.entries(step.headers)) headers[name.toLowerCase()] = expandText(value, vars);
      // Without an account, steps carry the run's bearer token (DOCPACT_TOKEN) as the examples do.
      if ((entry.account ?? options.defaultAccount) === undefined && context.token) headers.authorization = `Bearer ${context.token}`;
      const body = step.body === undefined ? undefined : JSON.stringify(expandValue(step.body, vars));
      if (body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
      const base = target.baseFor(fixture);
      const url = `${base}${path}`;
      if (leavesBase(url, base)) return fail(`path ${path}, which leaves the target's base path`);
      request = { method: step.method, url, headers, ...(body !== undefined ? { body } : {}) };
    } catch (error) {
      if (error instanceof MissingVariableError) {
        return { ok: false, diagnostic: finding(rule, `Unexpected ${error.message} in the ${label}, expected a value; ${kind === 'teardown' ? 'the step was not sent (did its set-up fail?)' : 'capture it in an earlier step or set it under vars'}`, step.at, fixture, element) };
      }
      throw error;
    }
    const result = await exchange(transportFor(entry.account ?? options.defaultAccount), request, context.policy, options.forceSignal);
    if (result.kind !== 'response') return fail(`${result.kind} (${result.message})`);
    const status = result.response.status;
    const ok = step.expectStatus ? step.expectStatus.includes(status) : (status >= 200 && status < 300) || (kind === 'teardown' && status === 404);
    if (!ok) return fail(`status ${status}${step.expectStatus ? `, expected ${step.expectStatus.join(' or ')},` : ''}`);
    const captures = Object.entries(step.capture);
    if (captures.length > 0) {
      let body: unknown;
      try {
        body = JSON.parse(result.response.bodyText);
      } catch {
        return fail('body that is not JSON (nothing to capture)');
      }
      for (const [name, pointer] of captures) {
        const value = valueAtPointer(body, pointer);
        if (value === undefined || value === null) return fail(`answer without a value at ${pointer || '(root)'} to capture as {{${name}}}`);
        vars.set(name, value);
      }
    }
    return { ok: true };
  };

  /** Runs the teardown of `entries` (last entry first); never throws. */
  const tearDown = async (entries: readonly ScenarioEntry[], vars: Map<string, unknown>, fixture: Fixture): Promise<Diagnostic[]> => {
    const out: Diagnostic[] = [];
    for (const entry of [...entries].reverse()) {
      for (const [j, step] of entry.teardown.entries()) {
        if (options.forceSignal?.aborted) return out;
        const result = await runStep('teardown', step, j, entry, vars, fixture);
        if (!result.ok && result.diagnostic) out.push(result.diagnostic);
      }
    }
    return out;
  };

  /** Runs the set-up of `entry`; on failure, the finding or the skip reason. */
  const setUp = async (entry: ScenarioEntry, vars: Map<string, unknown>, fixture: Fixture): Promise<StepResult> => {
    for (const [j, step] of entry.setup.entries()) {
      if (options.forceSignal?.aborted) return { ok: false, skip: 'the run was stopped' };
      const result = await runStep('setup', step, j, entry, vars, fixture);
      if (!result.ok) return result;
    }
    return { ok: true };
  };

  const stopped = (): string | undefined =>
    budget.signal.aborted && !options.signal?.aborted
      ? `the run's time budget (${Math.round((options.budgetMs ?? 0) / 1000)} s) ran out before this example`
      : runSignal.aborted
        ? 'the run was interrupted before this example'
        : undefined;

  const replayExample = async (fixture: Fixture, pageVars: ReadonlyMap<string, unknown>, pageEntries: readonly ScenarioEntry[]): Promise<ExampleOutcome> => {
    const own = scenarios ? entriesFor(scenarios, fixture).example : undefined;
    const skip = own?.skip !== undefined ? own : pageEntries.find((e) => e.skip !== undefined);
    if (skip) return skipped(fixture, `skipped by the scenario (${scenarios!.file}:${skip.at.line}): ${skip.skip}`);
    const vars = new Map(pageVars);
    const entries = own ? [...pageEntries, own] : [...pageEntries];
    const account = [...entries].reverse().find((e) => e.account !== undefined)?.account ?? options.defaultAccount;
    const extra: Diagnostic[] = [];
    const before = stopped();
    if (before) {
      if (budget.signal.aborted && !options.signal?.aborted) pacer.budgetSkipped++;
      return skipped(fixture, before);
    }
    try {
      if (own) {
        const setup = await setUp(own, vars, fixture);
        if (!setup.ok) return setup.skip ? skipped(fixture, setup.skip) : failed(fixture, [setup.diagnostic!]);
      }
      const why = stopped();
      if (why) {
        if (budget.signal.aborted && !options.signal?.aborted) pacer.budgetSkipped++;
        return skipped(fixture, why);
      }
      let exampleVars: Record<string, string> = {};
      let headers: Record<string, string> = {};
      let effective = fixture;
      try {
        for (const entry of entries) {
          for (const [name, value] of Object.entries(entry.vars)) exampleVars[name] = expandText(value, vars);
          for (const [name, value] of Object.entries(entry.headers)) headers[name.toLowerCase()] = expandText(value, vars);
          effective = replaceInExample(effective, entry.replace, vars);
        }
      } catch (error) {
        if (!(error instanceof MissingVariableError)) throw error;
        const entry = own ?? pageEntries[0];
        return failed(fixture, [finding('replay/setup-failed', `Unexpected ${error.message} for the example, expected a value; capture it in a set-up step`, entry.at, fixture, `scenario:${entry.page}`)]);
      }
      const captured = Object.fromEntries([...vars].filter(([name]) => name !== 'run').map(([name, value]) => [name, typeof value === 'string' ? value : JSON.stringify(value)]));
      exampleVars = { ...context.vars, ...captured, ...exampleVars };
      headers = { ...context.headers, ...headers };
      const expect = [...entries].reverse().find((e) => e.expectStatus !== undefined)?.expectStatus;
      if (expect !== undefined) effective = withStatus(effective, expect);
      if (account !== undefined) {
        const source = accounts.get(account);
        const signInAt = [...entries].reverse().find((e) => e.account !== undefined);
        const place = signInAt && scenarios ? { file: scenarios.file, at: signInAt.at } : undefined;
        if (!source) {
          return failed(fixture, [makeFinding('replay/sign-in', 'error', { message: `Unexpected account "${account}", expected one of the config's accounts (${[...accounts.keys()].join(', ') || 'none configured'})`, file: place?.file ?? fixture.request.source.file, range: place ? { start: { ...place.at, offset: 0 }, end: { ...place.at, offset: 0 } } : sourceRange(fixture.request.source), element: `example:${fixture.name}` })]);
        }
        try {
          await source.token();
        } catch (error) {
          return failed(fixture, [makeFinding('replay/sign-in', 'error', { message: `Unexpected sign-in failure (${error instanceof Error ? error.message : String(error)}), expected a token; check the account's settings and its secret's environment variable`, file: fixture.request.source.file, range: sourceRange(fixture.request.source), element: `example:${fixture.name}` })]);
        }
      }
      const exampleContext: ReplayContext = {
        ...context,
        vars: exampleVars,
        headers,
        target: { ...target, transport: transportFor(account) },
        ...(account !== undefined ? { token: undefined } : {}),
      };
      const outcome = await replayGuarded(effective, exampleContext);
      if (outcome.example.status === 'skipped' && budget.signal.aborted && !options.signal?.aborted) {
        pacer.budgetSkipped++;
        return { ...outcome, example: { ...outcome.example, reason: stopped()! } };
      }
      return outcome;
    } finally {
      if (own) extra.push(...(await tearDown([own], vars, fixture)));
      if (extra.length > 0) teardownFindings.set(fixture, extra);
    }
  };
  const teardownFindings = new Map<Fixture, Diagnostic[]>();

  const runPage = async (list: { fixture: Fixture; index: number }[]): Promise<void> => {
    const first = list[0].fixture;
    const pageEntries = scenarios ? entriesFor(scenarios, first).page : [];
    const vars = new Map<string, unknown>([['run', run.id], ...Object.entries(scenarios?.vars ?? {})]);
    let pageProblem: { skip?: string; diagnostic?: Diagnostic } | undefined;
    const begun: ScenarioEntry[] = [];
    const pageSkip = pageEntries.find((e) => e.skip !== undefined);
    try {
      if (!pageSkip && !runSignal.aborted) {
        for (const entry of pageEntries) {
          begun.push(entry);
          const setup = await setUp(entry, vars, first);
          if (!setup.ok) {
            pageProblem = setup;
            break;
          }
        }
      }
      for (const { fixture, index } of list) {
        let outcome: ExampleOutcome;
        if (pageProblem?.skip) outcome = skipped(fixture, pageProblem.skip);
        else if (pageProblem?.diagnostic) outcome = failed(fixture, [pageProblem.diagnostic]);
        else outcome = await replayExample(fixture, vars, pageEntries);
        const more = teardownFindings.get(fixture);
        if (more) outcome = withFindings(outcome, more, keeper.redact);
        outcomes[index] = outcome;
        options.onResult?.(outcome);
      }
    } finally {
      const left = await tearDown(begun, vars, first);
      if (left.length > 0) {
        // The page's teardown findings go with its last example.
        const lastIndex = list[list.length - 1].index;
        const last = outcomes[lastIndex];
        if (last) outcomes[lastIndex] = withFindings(last, left, keeper.redact);
      }
    }
  };

  try {
    // Every page finishes (its teardown included) before the target closes, even when one of them threw.
    const settled = await Promise.allSettled([...pages.values()].map((list) => limit(() => runPage(list))));
    const thrown = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (thrown) throw thrown.reason;
  } finally {
    if (budgetTimer) clearTimeout(budgetTimer);
    await target.close();
  }
  const done = outcomes.filter((o): o is ExampleOutcome => o !== undefined);
  const diagnostics = done.flatMap((o) => o.diagnostics).sort(compareDiagnostics);
  const signIns = Object.fromEntries([...accounts].map(([name, source]) => [name, { ...source.stats }]));
  return { outcomes: done, examples: done.map((o) => o.example), diagnostics, pacing: pacer.summary(), signIns, budgetExpired: budget.signal.aborted };
}

/** `outcome` with `more` findings; a teardown failure fails a passed example. */
function withFindings(outcome: ExampleOutcome, more: readonly Diagnostic[], redact: Redactor): ExampleOutcome {
  const example: ExampleResult = outcome.example.status === 'passed' ? { ...outcome.example, status: 'failed', reason: more[0].message } : outcome.example;
  return redact({ ...outcome, example, diagnostics: [...outcome.diagnostics, ...more] });
}

/** `fixture` whose documented status is `status`; an error status on purpose is checked by its status only. */
function withStatus(fixture: Fixture, status: number): Fixture {
  const response = fixture.response;
  if (!response || response.status === status) return fixture;
  if (status >= 400 && response.status < 400) {
    const { schemaRef: _schemaRef, odataType: _odataType, bodySource: _bodySource, ...rest } = response;
    return { ...fixture, response: { ...rest, status, reason: '', headers: {}, body: null, bodyText: '', isCollection: false, truncated: true } };
  }
  return { ...fixture, response: { ...response, status } };
}

/** Replaces documented literals (an id the example shows) in the example's path, query and body with variables' values. */
function replaceInExample(fixture: Fixture, replace: Readonly<Record<string, string>> | undefined, vars: ReadonlyMap<string, unknown>): Fixture {
  const pairs = Object.entries(replace ?? {}).map(([from, to]) => [from, expandText(to, vars)] as const);
  if (pairs.length === 0) return fixture;
  const swap = (text: string, encode: (v: string) => string = (v) => v): string => pairs.reduce((out, [from, to]) => out.split(from).join(encode(to)), text);
  const bodyText = swap(fixture.request.bodyText);
  let body: unknown = fixture.request.body;
  if (bodyText !== fixture.request.bodyText) {
    try {
      body = JSON.parse(bodyText);
    } catch {
      // A body that was not JSON stays as text.
    }
  }
  return {
    ...fixture,
    request: { ...fixture.request, path: swap(fixture.request.path, encodeURIComponent), url: swap(fixture.request.url, encodeURIComponent), bodyText, body },
  };
}
