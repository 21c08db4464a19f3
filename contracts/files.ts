/**
 * The contract files on disk: `writeContracts` lays them out deterministically (sorted keys, `\n`, 2-space JSON,
 * no timestamps) and `readContracts` loads them back for replay, openapi and the mock.
 *
 * Layout of DIR:
 * - `manifest.json`
 * - `schemas/<version>/<namespace>.<type>.schema.json`, `schemas/requests/<version>/<page-stem>.schema.json`
 * - `fixtures/<version>/<page-stem>/<example-name>.json`
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { insideDir, safeSegment, shortHash } from '../core/safe-path.js';
import { packageUrl } from '../core/package-root.js';
import type { ContractsResult } from './build.js';
import { GENERATED_COMMENT } from './schemas.js';
import type { JsonSchema } from './types-map.js';
import { SCHEMA_ID_BASE, type Fixture, type Manifest } from './types.js';

/** JSON with object keys sorted (`$comment` first), 2-space indent and a final newline. */
export function stableJson(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const src = value as Record<string, unknown>;
  const keys = Object.keys(src).sort((a, b) => (a === '$comment' ? -1 : b === '$comment' ? 1 : a < b ? -1 : a > b ? 1 : 0));
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    // Defining the key keeps `__proto__` an own data property instead of changing the prototype.
    Object.defineProperty(out, k, { value: sortKeys(src[k]), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

const SCHEMA_SUFFIX = '.schema.json';

/**
 * The file of a schema below DIR, from its `$id`: `schemas/[requests/]<version>/<name>.schema.json`. The `$id` holds
 * page-derived text (namespace, type name, stem), so every part becomes one safe segment: a `/` or `..` inside a
 * type name cannot add folders or climb out of DIR.
 */
export function schemaFile(id: string): string {
  const rel = id.startsWith(SCHEMA_ID_BASE) ? id.slice(SCHEMA_ID_BASE.length) : id.replace(/^[a-z]+:\/\/[^/]+\//i, '');
  const parts = rel.split('/');
  const folders = parts[0] === 'requests' && parts.length > 2 ? parts.splice(0, 2) : parts.length > 1 ? parts.splice(0, 1) : [];
  const name = parts.join('/');
  const stem = name.endsWith(SCHEMA_SUFFIX) ? name.slice(0, -SCHEMA_SUFFIX.length) : name;
  return ['schemas', ...folders.map((f) => safeSegment(f)), safeSegment(stem, SCHEMA_SUFFIX)].join('/');
}

async function readVersion(): Promise<string> {
  const pkg = JSON.parse(await readFile(packageUrl('package.json'), 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}

export interface WriteOptions {
  /** Written to the manifest; default: the package version. */
  readonly docpactVersion?: string;
}

/** The fixture file of each fixture, in order: unique even when two pages share a version and stem. */
export function fixtureFiles(fixtures: readonly Fixture[]): string[] {
  const dirOfPage = new Map<string, string>();
  const taken = new Set<string>();
  return fixtures.map((f) => {
    let dir = dirOfPage.get(f.source.file);
    if (!dir) {
      // `page` is `<version>/<stem>`: two segments, whatever the stem holds.
      const slash = f.page.indexOf('/');
      const parts = slash === -1 ? [f.page] : [f.page.slice(0, slash), f.page.slice(slash + 1)];
      const base = `fixtures/${parts.map((part) => safeSegment(part)).join('/')}`;
      dir = base;
      for (let n = 2; taken.has(dir.toLowerCase()); n++) dir = `${base}_${n}`;
      taken.add(dir.toLowerCase());
      dirOfPage.set(f.source.file, dir);
    }
    return `${dir}/${safeSegment(f.name, '.json')}`;
  });
}

/**
 * Writes the contracts into `dir`, replacing `manifest.json`, `schemas/` and `fixtures/` there (and nothing else,
 * so pointing `--out` at a folder with other files is safe).
 */
export async function writeContracts(dir: string, result: ContractsResult, options: WriteOptions = {}): Promise<Manifest> {
  await rm(join(dir, 'schemas'), { recursive: true, force: true });
  await rm(join(dir, 'fixtures'), { recursive: true, force: true });
  const files = new Map<string, string>();
  const taken = new Set<string>();
  const schemas: Manifest['schemas'][number][] = [];
  for (const [id, schema] of result.schemas) {
    const file = uniqueFile(schemaFile(id), id, taken);
    files.set(file, stableJson({ $comment: GENERATED_COMMENT, ...schema }));
    const src = result.schemaSources.get(id);
    schemas.push({
      id,
      file,
      source: src?.source ?? { file: '', line: 1 },
      ...(src && Object.keys(src.propertyLines).length > 0 ? { propertyLines: src.propertyLines } : {}),
    });
  }
  const fixtureEntries: Manifest['fixtures'][number][] = [];
  const paths = fixtureFiles(result.fixtures);
  result.fixtures.forEach((fixture, i) => {
    files.set(paths[i], stableJson({ $comment: GENERATED_COMMENT, ...fixture }));
    fixtureEntries.push({ name: fixture.name, page: fixture.page, file: paths[i], source: { file: fixture.source.file, line: fixture.source.line } });
  });
  const manifest: Manifest = {
    $comment: GENERATED_COMMENT,
    docpactVersion: options.docpactVersion ?? (await readVersion()),
    schemas,
    fixtures: fixtureEntries,
    diagnostics: result.diagnostics,
  };
  const targets = [...files].map(([file, text]) => [insideDir(dir, file), text] as const);
  const dirs = new Set(targets.map(([path]) => dirname(path)));
  await mkdir(dir, { recursive: true });
  for (const d of [...dirs].sort()) await mkdir(d, { recursive: true });
  for (const [path, text] of targets) await writeFile(path, text);
  await writeFile(join(dir, 'manifest.json'), stableJson(manifest));
  return manifest;
}

/**
 * `file`, or `file` with a hash of `key` before its extension when another schema already took that name: two ids
 * that sanitise alike (`a b`, `a_b`) or differ only in case must not overwrite each other on any file system.
 */
function uniqueFile(file: string, key: string, taken: Set<string>): string {
  let out = file;
  if (taken.has(out.toLowerCase())) {
    const cut = out.endsWith(SCHEMA_SUFFIX) ? out.length - SCHEMA_SUFFIX.length : out.length;
    const slash = out.lastIndexOf('/') + 1;
    out = `${out.slice(0, slash)}${safeSegment(`${out.slice(slash, cut)}-${shortHash(key)}`, out.slice(cut))}`;
  }
  taken.add(out.toLowerCase());
  return out;
}

export interface LoadedContracts {
  readonly manifest: Manifest;
  /** Schemas by `$id`. */
  readonly schemas: Map<string, JsonSchema>;
  /** In manifest order. */
  readonly fixtures: Fixture[];
}

/** Thrown when a contracts folder is missing or unreadable; the message names the file and what to do. */
export class ContractsReadError extends Error {
  override readonly name = 'ContractsReadError';
}

async function readJson(dir: string, file: string): Promise<unknown> {
  let path: string;
  try {
    path = insideDir(dir, file);
  } catch {
    throw new ContractsReadError(`Unexpected file ${JSON.stringify(file)} in ${join(dir, 'manifest.json')}: it points outside ${dir}; regenerate it with \`docpact extract\`.`);
  }
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new ContractsReadError(`Cannot read ${path}: run \`docpact extract <paths> --out ${dir}\` first.`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ContractsReadError(`Unexpected content in ${path}, expected JSON (${(error as Error).message}); regenerate it with \`docpact extract\`.`);
  }
}

/** Loads what `writeContracts` wrote. Throws `ContractsReadError` when a file is missing or not JSON. */
export async function readContracts(dir: string): Promise<LoadedContracts> {
  const manifest = (await readJson(dir, 'manifest.json')) as Manifest;
  if (!Array.isArray(manifest.schemas) || !Array.isArray(manifest.fixtures)) {
    throw new ContractsReadError(`Unexpected ${join(dir, 'manifest.json')}, expected "schemas" and "fixtures" arrays; regenerate it with \`docpact extract\`.`);
  }
  const schemas = new Map<string, JsonSchema>();
  for (const entry of manifest.schemas) schemas.set(entry.id, (await readJson(dir, entry.file)) as JsonSchema);
  const fixtures: Fixture[] = [];
  for (const entry of manifest.fixtures) fixtures.push((await readJson(dir, entry.file)) as Fixture);
  return { manifest, schemas, fixtures };
}

