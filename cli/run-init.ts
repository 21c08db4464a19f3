/**
 * `docpact init`: sets docpact up in a docs repository. It looks for the API reference pages (Markdown that parses
 * as an API, resource or enum page), and writes three files, all at once or none:
 * - `docpact.config.json`: `$schema`, the `docs` globs (one per docs version folder found), `ignore` for include
 *   folders inside them, the `namespace` most resource pages declare, and the baseline;
 * - `docpact-baseline.json`: today's findings, so CI fails only on new ones;
 * - `.github/workflows/docpact.yml`: a GitHub Actions job that runs docpact's action on the pages a pull request changes.
 * A file that already exists is never overwritten without `force`.
 */
import { existsSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { DocPage } from '../extractor/model.js';
import { PACKAGE_ROOT } from '../core/package-root.js';
import { docpactVersion } from '../core/version.js';
import { EXIT, UsageError } from './errors.js';

export interface InitOptions {
  /** Overwrite files that exist. Default false: refuse (exit 2) and write nothing. */
  readonly force?: boolean;
  /** Default `process.cwd()`: the repository root. */
  readonly cwd?: string;
  /** Print nothing on success. */
  readonly quiet?: boolean;
}

/** The files init writes, relative to the repository root. */
export const INIT_FILES = { config: 'docpact.config.json', baseline: 'docpact-baseline.json', workflow: '.github/workflows/docpact.yml' } as const;

/** Folders never searched for pages. */
const NOT_DOCS = ['**/node_modules/**', '**/.git/**', '**/dist/**', '**/out/**', '**/.docpact/**', '**/.github/**'];

/** What init found in the repository. */
export interface RepositoryGuess {
  /** Globs of the pages, relative to the repository root. */
  readonly docs: readonly string[];
  readonly ignore: readonly string[];
  /** Docs versions found (`beta`, `v1.0`), sorted. */
  readonly versions: readonly string[];
  readonly namespace?: string;
  /** API reference pages found. */
  readonly pages: number;
  /** What `$schema` points at. */
  readonly schema: string;
}

/**
 * Guesses the config from the repository at `cwd`: each API reference page's version folder (the path segment that
 * is its docs version) becomes a `<folder>/**\/*.md` glob; pages without a version give their common folder.
 */
export async function guessRepository(cwd: string): Promise<RepositoryGuess> {
  const { glob } = await import('tinyglobby');
  const markdown = (await glob('**/*.md', { cwd, onlyFiles: true, dot: false, ignore: NOT_DOCS })).sort();
  const { loadPagesParallel } = await import('../extractor/parallel.js');
  const { pages } = await loadPagesParallel(markdown, { cwd });
  const reference = pages.filter((p) => p.kind === 'api' || p.kind === 'resource' || p.kind === 'enum');
  if (reference.length === 0) {
    throw new UsageError(`no API reference pages found under ${cwd} (${markdown.length} Markdown file(s) read); run docpact init in the docs repository, or write docpact.config.json by hand`);
  }
  const roots = new Set<string>();
  const versionless: string[] = [];
  for (const page of reference) {
    const segments = page.file.split('/');
    const at = page.version !== undefined ? segments.slice(0, -1).lastIndexOf(page.version) : -1;
    if (at >= 0) roots.add(segments.slice(0, at + 1).join('/'));
    else versionless.push(segments.slice(0, -1).join('/'));
  }
  if (versionless.length > 0) roots.add(commonFolder(versionless));
  // A root inside another root adds nothing.
  const sorted = [...roots].sort();
  const kept = sorted.filter((root) => !sorted.some((other) => other !== root && (other === '' || root.startsWith(`${other}/`))));
  const docs = kept.map((root) => (root === '' ? '**/*.md' : `${root}/**/*.md`));
  const ignore = markdown.some((file) => file.split('/').includes('includes') && kept.some((root) => root === '' || file.startsWith(`${root}/`))) ? ['**/includes/**'] : [];
  const namespaces = new Map<string, number>();
  for (const page of reference) if (page.namespace) namespaces.set(page.namespace.value, (namespaces.get(page.namespace.value) ?? 0) + 1);
  const namespace = [...namespaces].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0];
  return {
    docs,
    ignore,
    versions: [...new Set(reference.map((p: DocPage) => p.version).filter((v): v is string => v !== undefined))].sort(),
    ...(namespace !== undefined && { namespace }),
    pages: reference.length,
    schema: schemaPath(cwd),
  };
}

/** The longest folder every one of `folders` is in (`''` for the root). */
function commonFolder(folders: readonly string[]): string {
  let common = folders[0].split('/');
  for (const folder of folders.slice(1)) {
    const parts = folder.split('/');
    let i = 0;
    while (i < common.length && i < parts.length && common[i] === parts[i]) i++;
    common = common.slice(0, i);
  }
  return common.filter((p) => p !== '').join('/');
}

/**
 * `$schema` for the config: docpact's schema in the repository's node_modules when installed there, this package's
 * own when the repository contains it (docpact's own checkout), else where `npm install --save-dev docpact` puts it.
 */
function schemaPath(cwd: string): string {
  const installed = './node_modules/docpact/docpact.schema.json';
  if (existsSync(join(cwd, installed))) return installed;
  const own = relative(cwd, join(PACKAGE_ROOT, 'docpact.schema.json'));
  if (!own.startsWith('..') && !own.startsWith(sep) && own !== '') return `./${own.split(sep).join('/')}`;
  return installed;
}

/** The workflow file: docpact's composite action on the pages a pull request changes, with the baseline. */
export function workflowText(options: { readonly hasPackageJson: boolean; readonly version: string }): string {
  const install = options.hasPackageJson
    ? '      # docpact is a devDependency of this repository (npm install --save-dev docpact).\n      - run: npm ci\n'
    : `      - run: npm install --no-save --no-audit --no-fund docpact@${options.version}\n`;
  return `# Written by docpact init. Checks the pages a pull request changes (every page on a push), with the baseline of
# the findings that existed when docpact was set up: only new findings fail the job. Findings are annotated on the
# pull request, uploaded to code scanning (SARIF) and summarised on the run's page.
name: docpact
on:
  pull_request:
  push:
    branches: [main]
permissions:
  contents: read
  security-events: write
jobs:
  docpact:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0
      - uses: actions/setup-node@v4
        with:
          node-version: 20
${install}      - uses: ./node_modules/docpact
        with:
          baseline: ${INIT_FILES.baseline}
          fail-severity: error
`;
}

/** Runs `docpact init`; resolves to 0 when the three files were written, 2 when one exists (without force) or no page was found. */
export async function runInit(options: InitOptions = {}): Promise<number> {
  const cwd = resolve(options.cwd ?? process.cwd());
  const targets = Object.values(INIT_FILES).map((file) => join(cwd, file));
  const existing = Object.values(INIT_FILES).filter((file) => existsSync(join(cwd, file)));
  if (existing.length > 0 && !options.force) {
    process.stderr.write(`docpact init: ${existing.join(', ')} already exist${existing.length === 1 ? 's' : ''}; nothing written. Pass --force to overwrite.\n`);
    return EXIT.usage;
  }
  const guess = await guessRepository(cwd);
  const config = {
    $schema: guess.schema,
    docs: guess.docs,
    ...(guess.ignore.length > 0 && { ignore: guess.ignore }),
    ...(guess.namespace !== undefined && { namespace: guess.namespace }),
    failSeverity: 'error',
    baseline: INIT_FILES.baseline,
  };
  const { validateConfig } = await import('./config.js');
  const problems = await validateConfig(config);
  if (problems.length > 0) throw new Error(`docpact init built an invalid config: ${JSON.stringify(problems)}`);
  const configText = `${JSON.stringify(config, null, 2)}\n`;

  // The baseline is what `check` finds with this config: it is read from a temporary file beside the real one (so
  // paths resolve as they will), and the three files are then written as one set.
  const draft = join(cwd, `.docpact.config.init-${process.pid}.json`);
  let baselineText: string;
  let findings: number;
  try {
    await writeFile(draft, configText);
    const [{ collectFindings }, { createBaseline, serializeBaseline }] = await Promise.all([import('./run-check.js'), import('./baseline.js')]);
    const found = await collectFindings([], { cwd, config: draft, quiet: true });
    const problemsFound = found.inputProblems;
    if (problemsFound.length > 0) throw new UsageError(`the guessed config does not read: ${problemsFound.join('; ')}`);
    baselineText = serializeBaseline(createBaseline(found.diagnostics, { cwd, baseDir: cwd }));
    findings = found.diagnostics.length;
  } finally {
    await rm(draft, { force: true });
  }
  const { writeReportSet } = await import('../reports/index.js');
  const workflow = workflowText({ hasPackageJson: existsSync(join(cwd, 'package.json')), version: await docpactVersion() });
  const { mkdir } = await import('node:fs/promises');
  await mkdir(dirname(targets[2]), { recursive: true });
  await writeReportSet([
    { path: targets[0], content: configText },
    { path: targets[1], content: baselineText },
    { path: targets[2], content: workflow },
  ]);
  if (!options.quiet) {
    process.stderr.write(
      `docpact init: ${guess.pages} API reference page(s) in ${guess.docs.join(', ')}` +
        `${guess.versions.length > 0 ? ` (versions ${guess.versions.join(', ')})` : ''}${guess.namespace ? `, namespace ${guess.namespace}` : ''}\n` +
        `docpact init: wrote ${INIT_FILES.config}, ${INIT_FILES.baseline} (${findings} finding(s) recorded) and ${INIT_FILES.workflow}\n`,
    );
  }
  return EXIT.clean;
}
