/**
 * Tops the labelled sample up with today's unlabelled findings of chosen rules, keeping every existing entry as it is:
 * `npx tsx tests/precision/topup.ts --report corpus.json --reason "<why>" [--all <rule>]… [--match <rule>=<regex>]…
 * [--random <rule>=<n>]…`. `--all` adds every unlabelled finding of the rule; `--match` those whose message matches;
 * `--random` then draws n more of the rule's remaining unlabelled findings, sorted by key and shuffled with the
 * sample's seed (as draw.ts does). New entries get `label: null`; the top-up is recorded in `topUps`.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Diagnostic } from '../../core/diagnostic.js';
import { ROOT } from '../helpers/paths.js';
import { keyFindings } from './findings.js';
import type { KeyedFinding } from './findings.js';
import type { Sample, SampleEntry, TopUp } from './sample.js';
import { seededRandom } from './sample.js';

const { values } = parseArgs({
  options: {
    report: { type: 'string' },
    reason: { type: 'string' },
    all: { type: 'string', multiple: true, default: [] },
    match: { type: 'string', multiple: true, default: [] },
    random: { type: 'string', multiple: true, default: [] },
    out: { type: 'string', default: resolve(ROOT, 'tests/precision/sample.json') },
  },
});
if (values.report === undefined || values.reason === undefined) {
  process.stderr.write('usage: npx tsx tests/precision/topup.ts --report corpus.json --reason "<why>" [--all rule] [--match rule=regex] [--random rule=n]\n');
  process.exit(2);
}
const pair = (s: string): [string, string] => {
  const at = s.indexOf('=');
  if (at < 0) throw new Error(`${s}: expected <rule>=<value>`);
  return [s.slice(0, at), s.slice(at + 1)];
};

const findings = keyFindings((JSON.parse(readFileSync(values.report, 'utf8')) as { diagnostics: Diagnostic[] }).diagnostics);
const sample = JSON.parse(readFileSync(values.out, 'utf8')) as Sample;
const known = new Set(sample.entries.map((e) => e.key));
const unlabelled = (ruleId: string): KeyedFinding[] =>
  findings.filter((f) => f.ruleId === ruleId && !known.has(f.key)).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

const added: KeyedFinding[] = [];
const take = (fs: readonly KeyedFinding[]): void => {
  for (const f of fs) {
    if (known.has(f.key)) continue;
    known.add(f.key);
    added.push(f);
  }
};
const selection: string[] = [];
for (const ruleId of values.all) {
  const fs = unlabelled(ruleId);
  take(fs);
  selection.push(`all ${fs.length} unlabelled of ${ruleId}`);
}
for (const [ruleId, pattern] of values.match.map(pair)) {
  const fs = unlabelled(ruleId).filter((f) => new RegExp(pattern).test(f.message));
  take(fs);
  selection.push(`all ${fs.length} unlabelled of ${ruleId} whose message matches /${pattern}/`);
}
for (const [ruleId, n] of values.random.map(pair)) {
  const pool = unlabelled(ruleId);
  // Same shuffle as drawSample: Fisher–Yates over the key-sorted pool with a fresh PRNG on the sample's seed.
  const random = seededRandom(sample.seed);
  for (let i = pool.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  const drawn = pool.slice(0, Number(n));
  take(drawn);
  selection.push(`${drawn.length} at random (seed ${sample.seed}) of the other ${pool.length} unlabelled of ${ruleId}`);
}

const perRule: Record<string, number> = {};
for (const f of findings) perRule[f.ruleId] = (perRule[f.ruleId] ?? 0) + 1;
const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
const topUp: TopUp = {
  date: new Date().toISOString().slice(0, 10),
  commit,
  findings: findings.length,
  perRule: Object.fromEntries(Object.entries(perRule).sort()),
  reason: values.reason,
  selection,
  added: added.length,
};
const entries: SampleEntry[] = added.map((f) => ({
  key: f.key, ruleId: f.ruleId, file: f.file, element: f.element, line: f.line, message: f.message, label: null, reason: '',
}));
// Re-read right before writing: others edit `fixed` flags in this file while the findings are keyed.
const latest = JSON.parse(readFileSync(values.out, 'utf8')) as Sample;
const all = [...latest.entries, ...entries.filter((e) => !latest.entries.some((x) => x.key === e.key))]
  .sort((a, b) => (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
const { entries: _old, floor, ...head } = latest;
writeFileSync(values.out, `${JSON.stringify({ ...head, topUps: [...(latest.topUps ?? []), topUp], floor, entries: all }, null, 2)}\n`);
process.stdout.write(`${selection.join('\n')}\n${added.length} added → ${values.out}\n`);
