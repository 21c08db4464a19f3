import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findMarkdown } from '../../extractor/load.js';
import { ROOT } from './paths.js';

/** A scratch copy of the project's `docs/` in a new temp folder (named after `prefix`), and its pages as `check` lists them. */
export async function copyOfDocs(prefix: string): Promise<{ readonly dir: string; readonly files: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cpSync(join(ROOT, 'docs'), join(dir, 'docs'), { recursive: true });
  return { dir, files: (await findMarkdown(['docs'], { cwd: dir })).files };
}
