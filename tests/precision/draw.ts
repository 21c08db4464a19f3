/**
 * Draws the precision sample: `npx tsx tests/precision/draw.ts [--report corpus.json] [--out file] [--seed n]`.
 *
 * Without `--report` it runs `docpact check` over the corpus itself; with it, it reads a JSON report written by
 * `docpact check … --format json` (any working directory). Entries already in the output file keep their label,
 * reason, cause and `fixed` when their key is drawn again, so re-drawing never throws labels away; new entries get
 * `label: null`. Prints what it drew per rule.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Diagnostic } from '../../core/diagnostic.js';
import { ROOT } from '../helpers/paths.js';
import { corpusFindings, keyFindings } from './findings.js';
import type { Sample, SampleEntry } from './sample.js';
import { drawSample } from './sample.js';

const DEFAULT_SEED = 20261202;

const { values } = parseArgs({
  options: {
    report: { type: 'string' },
    out: { type: 'string', default: resolve(ROOT, 'tests/precision/sample.json') },
    seed: { type: 'string', default: String(DEFAULT_SEED) },
  },
});
const seed = Number(values.seed);
if (!Number.isInteger(seed)) throw new Error(`--seed ${values.seed}: expected an integer`);

const findings = values.report !== undefined
  ? keyFindings((JSON.parse(readFileSync(values.report, 'utf8')) as { diagnostics: Diagnostic[] }).diagnostics)
  : await corpusFindings();
const out = values.out;
const previous = existsSync(out) ? (JSON.parse(readFileSync(out, 'utf8')) as Sample) : undefined;
const labelled = new Map((previous?.entries ?? []).map((e) => [e.key, e]));

const perRule: Record<string, number> = {};
for (const f of findings) perRule[f.ruleId] = (perRule[f.ruleId] ?? 0) + 1;

const entries: SampleEntry[] = drawSample(findings, seed)
  .map((f) => {
    const old = labelled.get(f.key);
    return {
      key: f.key, ruleId: f.ruleId, file: f.file, element: f.element, line: f.line, message: f.message,
      label: old?.label ?? null, reason: old?.reason ?? '',
      ...(old?.cause !== undefined && { cause: old.cause }), ...(old?.fixed !== undefined && { fixed: old.fixed }),
    };
  })
  .sort((a, b) => (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));

const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
const sample: Sample = {
  $comment: 'Labelled sample of docpact findings on ../shared/corpus (see README.md here). Drawn by draw.ts; labels are written by people who read the page.',
  seed,
  drawnFrom: { commit, findings: findings.length, perRule: Object.fromEntries(Object.entries(perRule).sort()) },
  floor: previous?.floor ?? { overall: 0, perRule: {} },
  entries,
};
writeFileSync(out, `${JSON.stringify(sample, null, 2)}\n`);
const drawn = new Map<string, number>();
for (const e of entries) drawn.set(e.ruleId, (drawn.get(e.ruleId) ?? 0) + 1);
process.stdout.write(`${[...drawn].map(([id, n]) => `${id.padEnd(32)} ${String(n).padStart(3)} of ${perRule[id]}`).join('\n')}\n${entries.length} drawn from ${findings.length} findings (seed ${seed}) → ${out}\n`);
