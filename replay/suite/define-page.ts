/**
 * Defines the Jest tests of one page: one test per fixture, named `<page> › <example-name>`. The CLI generates a
 * tiny test file per page that calls this, so Jest's `-t`, `--shard` (which splits by file) and `--watch` work.
 * Each test writes the results of its file so far (atomically) to the run folder, where the CLI reads them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import type { Fixture } from '../../contracts/types.js';
import { severityRank } from '../../core/diagnostic.js';
import { createContext, replayGuarded } from '../run.js';
import { skipReason } from '../replay-one.js';
import type { ReplayContext } from '../replay-one.js';
import { openTarget } from '../targets/index.js';
import type { OpenTarget } from '../targets/index.js';
import type { ExampleOutcome } from '../types.js';
import { testName } from '../types.js';
import { createValidator } from '../validate.js';
import { SETTINGS_ENV, fileChain, readSuiteSettings, writeAtomic } from './settings.js';
import type { SuiteSettings } from './settings.js';

/** Defines the tests of `page`; `settingsFile` defaults to the file named by `DOCPACT_REPLAY_SETTINGS`. */
export function definePage(page: string, settingsFile = process.env[SETTINGS_ENV]): void {
  if (!settingsFile) throw new Error(`${SETTINGS_ENV} is not set: run the suite through \`docpact replay\``);
  const settings: SuiteSettings = readSuiteSettings(settingsFile);
  const contracts = JSON.parse(readFileSync(settings.contractsFile, 'utf8')) as { schemas: Record<string, object>; fixtures: Fixture[] };
  const fixtures = contracts.fixtures.filter((f) => f.page === page);
  const resultsFile = join(settings.resultsDir, `${page.replace(/[^A-Za-z0-9._-]+/g, '_')}.json`);
  const outcomes = new Map<number, ExampleOutcome>();
  let target: OpenTarget | undefined;
  let context: ReplayContext | undefined;

  const save = (): void => {
    writeAtomic(resultsFile, JSON.stringify([...outcomes.entries()].sort((a, b) => a[0] - b[0]).map(([, o]) => o)));
  };

  beforeAll(async () => {
    const validator = createValidator(contracts.schemas);
    target = await openTarget(settings.target, contracts, validator);
    context = createContext(target, validator, {
      headers: settings.headers,
      vars: settings.vars,
      allowWrites: settings.allowWrites,
      timeoutMs: settings.timeoutMs,
      retries: settings.retries,
      backoffMs: settings.backoffMs,
      maxRetryDelayMs: settings.maxRetryDelayMs,
      failSeverity: settings.failSeverity,
      chain: fileChain(settings.chainFile),
      ...(process.env.DOCPACT_TOKEN ? { token: process.env.DOCPACT_TOKEN } : {}),
    });
  });

  afterAll(async () => {
    await target?.close();
  });

  fixtures.forEach((fixture, index) => {
    const name = testName(fixture);
    // Skips known before sending (writes off, no documented response) show as skipped in Jest too.
    const reason = skipReason(fixture, settings.target.kind === 'live', settings.allowWrites);
    if (reason) {
      test.skip(`${name} (${reason})`, () => {});
      outcomes.set(index, {
        example: { page: fixture.page, file: fixture.source.file, line: fixture.request.source.line, name: fixture.name, method: fixture.request.method.toUpperCase(), status: 'skipped', reason },
        diagnostics: [],
        retries: 0,
      });
      return;
    }
    test(name, async () => {
      const outcome = await replayGuarded(fixture, context!);
      outcomes.set(index, outcome);
      save();
      const failing = outcome.diagnostics.filter((d) => severityRank(d.severity) >= severityRank(settings.failSeverity));
      if (outcome.example.status === 'skipped') {
        // Jest cannot skip a running test; the reason shows in the report and here.
        process.stdout.write(`skipped: ${name}: ${outcome.example.reason ?? ''}\n`);
        return;
      }
      expect(failing.map((d) => `${d.file}:${d.range.start.line}:${d.range.start.column} ${d.severity} ${d.message}${d.pointer !== undefined ? ` [${d.pointer}]` : ''} (${d.ruleId})`)).toEqual([]);
    });
  });
  if (outcomes.size > 0) save();
}
