/**
 * What changed since a git ref, for `--changed-since REF` PR gates. git runs through execFile (no shell), so a
 * ref is never interpreted by a shell.
 */
import { execFile } from 'node:child_process';
import { realpath } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';
import { UsageError } from './errors.js';

/**
 * Absolute, real paths of the files changed since `ref`: committed on this branch since it forked from `ref`
 * (`git diff REF...HEAD`), plus staged, unstaged and untracked (not ignored) files, so a local run sees work in progress.
 * Throws {@link UsageError} with git's own message for a bad ref or when `cwd` is not in a git work tree.
 */
export async function changedFiles(ref: string, cwd: string): Promise<Set<string>> {
  if (ref.startsWith('-')) throw new UsageError(`--changed-since: Unexpected "${ref}", expected a git ref (a branch, tag or commit)`);
  const top = (await git(['rev-parse', '--show-toplevel'], cwd)).trim();
  const lists = await Promise.all([
    git(['diff', '--name-only', '-z', '--no-renames', `${ref}...HEAD`, '--'], cwd),
    git(['diff', '--name-only', '-z', '--no-renames', 'HEAD', '--'], cwd),
    git(['ls-files', '--others', '--exclude-standard', '-z', '--full-name'], cwd),
  ]);
  const files = new Set<string>();
  for (const list of lists) {
    for (const name of list.split('\0')) if (name !== '') files.add(resolve(top, name));
  }
  return files;
}

/**
 * The text of each of `files` (absolute paths) at the merge base of `ref` and HEAD — the doc as it was before the
 * change `--changed-since REF` looks at; undefined for a file that did not exist there. Paths reach git as
 * `<commit>:<path relative to the top>` arguments, never through a shell.
 */
export async function textsAtBase(ref: string, files: readonly string[], cwd: string): Promise<Map<string, string | undefined>> {
  if (ref.startsWith('-')) throw new UsageError(`--changed-since: Unexpected "${ref}", expected a git ref (a branch, tag or commit)`);
  const top = (await git(['rev-parse', '--show-toplevel'], cwd)).trim();
  const base = (await git(['merge-base', ref, 'HEAD'], cwd)).trim();
  const out = new Map<string, string | undefined>();
  for (const file of files) {
    const path = relative(top, await realPathOf(file)).split(sep).join('/');
    if (path.startsWith('../')) {
      out.set(file, undefined);
      continue;
    }
    try {
      out.set(file, await git(['show', `${base}:${path}`], cwd));
    } catch {
      out.set(file, undefined);
    }
  }
  return out;
}

/** The real path of `path` (symlinks resolved, as git reports its top level), or the path when it does not exist. */
export async function realPathOf(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch {
    return resolve(path);
  }
}

function git(args: readonly string[], cwd: string): Promise<string> {
  return new Promise((done, fail) => {
    execFile('git', [...args], { cwd, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error === null) {
        done(stdout);
        return;
      }
      const code = (error as NodeJS.ErrnoException).code;
      const detail = code === 'ENOENT' ? 'git is not installed or not on PATH' : (stderr.trim() || error.message).split('\n')[0];
      // CI checkouts are often shallow: the ref or the merge base is simply not there yet.
      const hint = /unknown revision|bad revision|no merge base/i.test(detail)
        ? '; make sure the ref is fetched (e.g. `git fetch origin main`; with actions/checkout set fetch-depth: 0)'
        : '';
      fail(new UsageError(`--changed-since: git ${args[0]} failed: ${detail}${hint}`));
    });
  });
}
