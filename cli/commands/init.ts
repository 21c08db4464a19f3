import type { DefineCommand } from './index.js';

export const defineInit: DefineCommand = (program, setExit) => {
  program
    .command('init')
    .description('Set docpact up in this docs repository: docpact.config.json, a baseline of today\'s findings and a GitHub Actions workflow')
    .option('--force', 'overwrite those files when they exist (default: refuse and write nothing)')
    .option('--quiet', 'print nothing on success')
    .addHelpText(
      'after',
      `
Run it at the repository root. The config's "docs" globs, docs versions and namespace are guessed from the pages
found; docpact-baseline.json records today's findings so CI fails only on new ones; .github/workflows/docpact.yml runs
docpact's GitHub Action (action.yml in the package) on the pages each pull request changes.
Exit codes: 0 written, 2 a file exists (without --force) or no API reference page was found.`,
    )
    .action(async (options: { force?: boolean; quiet?: boolean }) => {
      const { runInit } = await import('../run-init.js');
      setExit(await runInit(options));
    });
};
