/**
 * `replay --changed-since REF`: the doc set as it was at the merge base of REF and HEAD — every page this change
 * touched parsed again from its text at that commit, the others as they are — turned into contracts, for the
 * three-way drift classification (replay/drift.ts).
 */
import { resolve } from 'node:path';
import { buildContracts } from '../contracts/index.js';
import { safeParse } from '../extractor/load.js';
import type { DocPage } from '../extractor/model.js';
import type { DriftBase } from '../replay/drift.js';
import { changedFiles, realPathOf, textsAtBase } from './git.js';

/** Throws a UsageError (exit 2) when git cannot answer: not a work tree, an unknown ref, a shallow clone. */
export async function loadDriftBase(ref: string, cwd: string, pages: readonly DocPage[]): Promise<DriftBase> {
  const changed = await changedFiles(ref, cwd);
  const touched: DocPage[] = [];
  for (const page of pages) if (changed.has(await realPathOf(resolve(cwd, page.file)))) touched.push(page);
  const texts = await textsAtBase(ref, touched.map((p) => resolve(cwd, p.file)), cwd);
  const before: DocPage[] = [];
  for (const page of pages) {
    if (!touched.includes(page)) {
      before.push(page);
      continue;
    }
    const text = texts.get(resolve(cwd, page.file));
    if (text !== undefined) before.push(safeParse(page.file, text));
  }
  return { ref, before: buildContracts(before), changedFiles: new Set(touched.map((p) => p.file)) };
}
