/**
 * Raises the precision floors in sample.json to today's measured figures, rounded down to two decimals:
 * `npx tsx tests/precision/ratchet.ts [--report corpus.json] [--dry-run]`. Floors only go up; a rule gets a floor once
 * it has at least MIN_FOR_RULE_FLOOR judged (real, wrong or noise) labelled findings present. Refuses while a real
 * finding is lost or a fixed one is back (fix that or relabel first), and while entries are unlabelled.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Diagnostic } from '../../core/diagnostic.js';
import { ROOT } from '../helpers/paths.js';
import { corpusFindings, keyFindings } from './findings.js';
import type { Sample } from './sample.js';
import { MIN_FOR_RULE_FLOOR, floorTo2, formatOpenCauses, formatTable, judgedOf, measure, precisionOf } from './sample.js';

const { values } = parseArgs({ options: { report: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } } });
const file = resolve(ROOT, 'tests/precision/sample.json');
const sample = JSON.parse(readFileSync(file, 'utf8')) as Sample;
const findings = values.report !== undefined
  ? keyFindings((JSON.parse(readFileSync(values.report, 'utf8')) as { diagnostics: Diagnostic[] }).diagnostics)
  : await corpusFindings();
const m = measure(sample, findings);
process.stdout.write(`${formatTable(m)}\nwrong and noise findings still reported, by cause:\n${formatOpenCauses(sample, findings)}\n`);
const problems = [
  ...m.lostReal.map((e) => `lost real: ${e.ruleId} ${e.file}:${e.line} ${e.key}`),
  ...m.returned.map((e) => `fixed but back: ${e.ruleId} ${e.file}:${e.line} ${e.key}`),
  ...m.pending.map((e) => `unlabelled: ${e.ruleId} ${e.file}:${e.line} ${e.key}`),
];
if (problems.length > 0) {
  process.stderr.write(`${problems.join('\n')}\nnot ratcheting\n`);
  process.exit(1);
}
const overall = Math.max(sample.floor.overall, floorTo2(precisionOf(m.overall)));
const perRule: Record<string, number> = { ...sample.floor.perRule };
for (const t of m.rules) {
  if (judgedOf(t) >= MIN_FOR_RULE_FLOOR) perRule[t.ruleId] = Math.max(perRule[t.ruleId] ?? 0, floorTo2(precisionOf(t)));
}
sample.floor = { overall, perRule: Object.fromEntries(Object.entries(perRule).sort()) };
process.stdout.write(`floor: ${JSON.stringify(sample.floor)}\n`);
if (!values['dry-run']) writeFileSync(file, `${JSON.stringify(sample, null, 2)}\n`);
