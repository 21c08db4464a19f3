/**
 * The labelled sample's file format (tests/precision/sample.json) and the stratified draw, shared by `draw.ts` and
 * `precision.test.ts`. See README.md in this folder for how to draw, label and relabel.
 */
import type { KeyedFinding } from './findings.js';

/**
 * real: a defect a doc author should fix. wrong: docpact misread a page that is right. noise: true but pointless to
 * report. artefact: a defect only because the corpus leaves out pages of the full doc set.
 */
export type Label = 'real' | 'wrong' | 'noise' | 'artefact';

export const LABELS: readonly Label[] = ['real', 'wrong', 'noise', 'artefact'];

export interface SampleEntry {
  /** From {@link KeyedFinding.key}: fingerprint of rule, file, element (plus `#n` for the n-th identical finding). */
  readonly key: string;
  readonly ruleId: string;
  /** Below the corpus's `graph-docs/`. */
  readonly file: string;
  readonly element: string;
  /** Where and what the finding said when it was labelled, for people; matching uses `key` only. */
  readonly line: number;
  readonly message: string;
  /** `null` until someone has read the page. */
  label: Label | null;
  /** One line naming what on the page makes the label so. */
  reason: string;
  /**
   * For `wrong` and `noise`: set to true once the cause is fixed, so the finding coming back fails the test. Also
   * allowed on `artefact` when a rule change stopped reporting it on purpose.
   */
  fixed?: boolean;
  /** Free-form cause group of a wrong/noise finding, for the lead's fix list (e.g. "type on several pages"). */
  cause?: string;
}

/** One top-up of the sample by topup.ts: what the corpus report held, what was added and why. */
export interface TopUp {
  /** UTC date, YYYY-MM-DD. */
  readonly date: string;
  /** HEAD when the report was read (the report may include work not yet committed). */
  readonly commit: string;
  readonly findings: number;
  readonly perRule: Record<string, number>;
  readonly reason: string;
  /** How the added entries were chosen, one line per rule selection. */
  readonly selection: readonly string[];
  readonly added: number;
}

export interface Sample {
  readonly $comment: string;
  readonly seed: number;
  /** What the draw saw: findings per rule on the corpus at that time. */
  readonly drawnFrom: { readonly commit: string; readonly findings: number; readonly perRule: Record<string, number> };
  /** Entries added after the draw by topup.ts (today's unlabelled findings of changed rules), oldest first. */
  readonly topUps?: readonly TopUp[];
  /**
   * Ratchet: the test fails when measured precision falls below these. Raise them as fixes land, never lower them
   * without relabelling. `perRule` holds rules with at least {@link MIN_FOR_RULE_FLOOR} labelled findings present.
   */
  floor: { overall: number; perRule: Record<string, number> };
  entries: SampleEntry[];
}

/** Every finding of a rule with at most this many is drawn; bigger rules give this many at random. */
export const PER_RULE = 12;
/** The sample is topped up from the biggest rules to at least this size. */
export const MIN_TOTAL = 160;
/** The per-rule precision floor applies to rules with at least this many labelled, present, non-artefact findings. */
export const MIN_FOR_RULE_FLOOR = 10;

/** mulberry32: a small seeded PRNG giving floats in [0, 1); the same seed gives the same sequence on every machine. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Draws the stratified sample: all findings of a rule with ≤ {@link PER_RULE}, {@link PER_RULE} at random from each
 * bigger rule, then one more at a time from the rule with the most findings not yet drawn until the sample has
 * {@link MIN_TOTAL}. Rules are visited in id order and each rule's findings sorted by key, so the result depends
 * only on the findings and the seed, not on the order they came in.
 */
export function drawSample(findings: readonly KeyedFinding[], seed: number): KeyedFinding[] {
  const random = seededRandom(seed);
  const byRule = new Map<string, KeyedFinding[]>();
  for (const f of findings) byRule.set(f.ruleId, [...(byRule.get(f.ruleId) ?? []), f]);
  const left = new Map<string, KeyedFinding[]>();
  const drawn: KeyedFinding[] = [];
  for (const ruleId of [...byRule.keys()].sort()) {
    const pool = [...(byRule.get(ruleId) ?? [])].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    // Fisher–Yates over the whole pool: its first PER_RULE are the draw, the rest stay in order for the top-up.
    for (let i = pool.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [pool[i], pool[j]] = [pool[j], pool[i]];
    }
    drawn.push(...pool.slice(0, PER_RULE));
    left.set(ruleId, pool.slice(PER_RULE));
  }
  while (drawn.length < MIN_TOTAL) {
    const biggest = [...left].sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1))[0];
    if (biggest === undefined || biggest[1].length === 0) break;
    drawn.push(biggest[1].shift() as KeyedFinding);
  }
  return drawn;
}

/** Counts for one rule (or `*` for all): labelled entries whose finding is present now, by label. */
export interface RuleTally {
  readonly ruleId: string;
  /** Labelled entries present in today's findings. */
  labelled: number;
  real: number;
  wrong: number;
  noise: number;
  artefact: number;
  /** Today's findings of the rule that no entry labels. */
  unlabelled: number;
  /** Today's findings of the rule. */
  findings: number;
}

export interface Measurement {
  /** Per rule, sorted by id; rules with findings today or labelled entries. */
  readonly rules: readonly RuleTally[];
  readonly overall: RuleTally;
  /** Entries labelled `real` whose finding is gone. */
  readonly lostReal: readonly SampleEntry[];
  /** Entries labelled wrong/noise/artefact with `fixed: true` whose finding is back. */
  readonly returned: readonly SampleEntry[];
  /** Entries still unlabelled (`label: null`). */
  readonly pending: readonly SampleEntry[];
}

/** real / (real + wrong + noise); artefacts are excluded. NaN when nothing was judged. */
export function precisionOf(t: Pick<RuleTally, 'real' | 'wrong' | 'noise'>): number {
  const judged = t.real + t.wrong + t.noise;
  return judged === 0 ? Number.NaN : t.real / judged;
}

/** Judged (non-artefact) labelled findings present now: what precision is computed over. */
export function judgedOf(t: Pick<RuleTally, 'real' | 'wrong' | 'noise'>): number {
  return t.real + t.wrong + t.noise;
}

/** Matches the sample's entries to today's findings by key and tallies them per rule. */
export function measure(sample: Pick<Sample, 'entries'>, findings: readonly KeyedFinding[]): Measurement {
  const present = new Set(findings.map((f) => f.key));
  const labelledKeys = new Set(sample.entries.map((e) => e.key));
  const tallies = new Map<string, RuleTally>();
  const tally = (ruleId: string): RuleTally => {
    let t = tallies.get(ruleId);
    if (t === undefined) {
      t = { ruleId, labelled: 0, real: 0, wrong: 0, noise: 0, artefact: 0, unlabelled: 0, findings: 0 };
      tallies.set(ruleId, t);
    }
    return t;
  };
  for (const f of findings) {
    const t = tally(f.ruleId);
    t.findings++;
    if (!labelledKeys.has(f.key)) t.unlabelled++;
  }
  const lostReal: SampleEntry[] = [];
  const returned: SampleEntry[] = [];
  const pending: SampleEntry[] = [];
  for (const e of sample.entries) {
    const t = tally(e.ruleId);
    if (e.label === null) {
      pending.push(e);
      continue;
    }
    if (!present.has(e.key)) {
      if (e.label === 'real') lostReal.push(e);
      continue;
    }
    if (e.fixed === true && e.label !== 'real') returned.push(e);
    t.labelled++;
    t[e.label]++;
  }
  const rules = [...tallies.values()].sort((a, b) => (a.ruleId < b.ruleId ? -1 : 1));
  const overall: RuleTally = { ruleId: '*', labelled: 0, real: 0, wrong: 0, noise: 0, artefact: 0, unlabelled: 0, findings: 0 };
  for (const t of rules) {
    for (const k of ['labelled', 'real', 'wrong', 'noise', 'artefact', 'unlabelled', 'findings'] as const) overall[k] += t[k];
  }
  return { rules, overall, lostReal, returned, pending };
}

/** The printed table: rule, findings today, labelled present, real, wrong, noise, artefact, precision, unlabelled. */
export function formatTable(m: Measurement): string {
  const head = ['rule', 'findings', 'labelled', 'real', 'wrong', 'noise', 'artefact', 'precision', 'unlabelled'];
  const row = (t: RuleTally): string[] => {
    const p = precisionOf(t);
    return [t.ruleId === '*' ? 'all rules' : t.ruleId, t.findings, t.labelled, t.real, t.wrong, t.noise, t.artefact, Number.isNaN(p) ? '–' : p.toFixed(3), t.unlabelled].map(String);
  };
  const rows = [head, ...m.rules.map(row), row(m.overall)];
  const widths = head.map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ')).join('\n');
}

/** Floors `value` to two decimals, for recording a ratchet (0.6743 → 0.67). */
export function floorTo2(value: number): number {
  return Math.floor(value * 100 + 1e-9) / 100;
}

/** The wrong and noise entries still reported today, grouped by cause (most first): the fix list. */
export function formatOpenCauses(sample: Pick<Sample, 'entries'>, findings: readonly KeyedFinding[]): string {
  const present = new Set(findings.map((f) => f.key));
  const byCause = new Map<string, SampleEntry[]>();
  for (const e of sample.entries) {
    if ((e.label !== 'wrong' && e.label !== 'noise') || !present.has(e.key)) continue;
    const cause = `${e.label}: ${e.cause ?? '(no cause given)'}`;
    byCause.set(cause, [...(byCause.get(cause) ?? []), e]);
  }
  return [...byCause]
    .sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1))
    .map(([cause, es]) => `${String(es.length).padStart(3)}  ${cause}  (${es.map((e) => `${e.file.replace(/^api-reference\//, '')}:${e.line}`).join(', ')})`)
    .join('\n');
}
