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

export interface Sample {
  readonly $comment: string;
  readonly seed: number;
  /** What the draw saw: findings per rule on the corpus at that time. */
  readonly drawnFrom: { readonly commit: string; readonly findings: number; readonly perRule: Record<string, number> };
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
