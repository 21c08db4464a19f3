/**
 * Prints today's keyed findings on the pages whose path contains a given text, for relabelling:
 * `npx tsx tests/precision/show.ts <path-fragment> [--report corpus.json]`. Each line: key, rule, file:line, element.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Diagnostic } from '../../core/diagnostic.js';
import { corpusFindings, keyFindings } from './findings.js';

const { values, positionals } = parseArgs({ options: { report: { type: 'string' } }, allowPositionals: true });
const [fragment] = positionals;
if (fragment === undefined) {
  process.stderr.write('usage: npx tsx tests/precision/show.ts <path-fragment> [--report corpus.json]\n');
  process.exit(2);
}
const findings = values.report !== undefined
  ? keyFindings((JSON.parse(readFileSync(values.report, 'utf8')) as { diagnostics: Diagnostic[] }).diagnostics)
  : await corpusFindings();
for (const f of findings.filter((x) => x.file.includes(fragment))) {
  process.stdout.write(`${f.key}  ${f.ruleId}  ${f.file}:${f.line}  ${f.element}\n`);
}
