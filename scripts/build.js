#!/usr/bin/env node
// `npm run build` (and `npm pack`'s prepack): compiles the TypeScript sources to dist/ with declarations
// (tsconfig.build.json), then copies beside them the non-TypeScript files the modules read or start by a path
// relative to themselves (JSON Schemas, the .mjs files replay's Jest run starts), and docpact.schema.json, so
// dist/ is laid out like the sources. `npm run clean` (and postpack) removes dist/ again: in a checkout,
// bin/docpact.js runs dist/ whenever it exists, so a dist/ left behind would hide later edits to the sources.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
rmSync(dist, { recursive: true, force: true });
if (process.argv[2] === 'clean') process.exit(0);

const tsc = createRequire(join(root, 'package.json')).resolve('typescript/bin/tsc');
const result = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
if (result.status !== 0) {
  rmSync(dist, { recursive: true, force: true });
  process.exit(result.status ?? 1);
}

const STAGES = ['core', 'resolve', 'engine', 'extractor', 'contracts', 'checks', 'metadata', 'replay', 'reports', 'openapi', 'cli', 'api'];
const ASSET = /\.(json|mjs)$/;
const copy = (from) => {
  const to = join(dist, relative(root, from));
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(from, to);
};
const walk = (dir) => {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (path !== join(root, 'contracts/generated')) walk(path);
    } else if (ASSET.test(entry.name) && entry.name !== 'worker-boot.mjs') copy(path);
  }
};
for (const stage of STAGES) walk(join(root, stage));
copy(join(root, 'docpact.schema.json'));
