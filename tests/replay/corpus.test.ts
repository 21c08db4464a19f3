/**
 * Every fixture of the corpus replayed against the embedded mock, in-process. The mock answers each example with
 * itself, so an example can only fail when it is itself wrong — and then `docpact check` must say so too.
 */
import { describe, expect, it } from '@jest/globals';
import { runChecks } from '../../checks/index.js';
import { buildContracts } from '../../contracts/index.js';
import { replayContracts } from '../../replay/run.js';
import { corpusLoad } from '../helpers/corpus.js';
import { HAS_CORPUS } from '../helpers/paths.js';

// The corpus lives beside the checkout (../shared/corpus); without it there is nothing to replay.
const describeCorpus = HAS_CORPUS ? describe : describe.skip;

describeCorpus('replay of the corpus against the embedded mock', () => {
  it('should pass every example except those the static checks also find wrong', async () => {
    const loaded = await corpusLoad(); // = loadPages([GRAPH_DOCS]), parsed once per run for every corpus suite
    const contracts = buildContracts(loaded.pages);
    const started = performance.now();
    const result = await replayContracts(contracts, { target: { kind: 'mock' }, inProcess: true });
    const ms = performance.now() - started;
    const count = (s: string): number => result.examples.filter((e) => e.status === s).length;
    process.stdout.write(
      `corpus replay: ${contracts.fixtures.length} fixtures, ${count('passed')} passed, ${count('failed')} failed, ${count('skipped')} skipped in ${Math.round(ms)} ms (${Math.round((contracts.fixtures.length / ms) * 1000)} fixtures/s)\n`,
    );
    expect(result.examples).toHaveLength(contracts.fixtures.length);

    const statics = runChecks(loaded.pages).filter((d) => d.severity !== 'info');
    const starts = new Map<string, number[]>();
    for (const f of contracts.fixtures) starts.set(f.source.file, [...(starts.get(f.source.file) ?? []), f.request.source.line].sort((a, b) => a - b));
    const unexplained = result.examples
      .filter((e) => e.status === 'failed')
      .filter((e) => {
        const next = (starts.get(e.file) ?? []).find((line) => line > e.line) ?? Number.POSITIVE_INFINITY;
        return !statics.some((d) => d.file === e.file && d.range.start.line >= e.line && d.range.start.line < next);
      })
      .map((e) => `${e.file}:${e.line} ${e.name}: ${e.reason ?? ''}`);
    expect(unexplained).toEqual([]);
  });
});
