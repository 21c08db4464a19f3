import { Option } from 'commander';
import { outputCollector, PAGE_TIMEOUT_HELP, parsePageTimeout } from './check.js';
import type { DefineCommand } from './index.js';

export const defineMetadata: DefineCommand = (program, setExit) => {
  const outputs = outputCollector();
  program
    .command('metadata')
    .description('Compare the pages with the service\'s CSDL ($metadata) and report drift at the doc line that is wrong')
    .argument('[paths...]', 'Markdown files, folders or globs (default: the config\'s "docs", else docs)')
    .option('--csdl <file|url>', 'CSDL (EDMX) file, or an http URL on 127.0.0.1/localhost (default: the config\'s "metadata")')
    .option('--docs-version <version>', 'docs version the CSDL describes, e.g. v1.0 or beta; pages of other versions are skipped (default: from the CSDL file name or URL; --version is the program version)')
    .option('--format <name>', 'report format: stylish|json|junit|sarif|github|markdown|html (repeatable; default stylish)', (value: string) => outputs.format(value))
    .option('--output <file>', 'write the report of the --format before it to this file', (value: string) => outputs.output(value))
    .addOption(new Option('--fail-severity <severity>', 'exit 1 when a finding is at or above this severity (default: the config\'s failSeverity, else error)').choices(['error', 'warning', 'info']))
    .option('--baseline <file>', 'report only findings not recorded in this baseline')
    .option('--config <file>', 'config file (default: docpact.config.json in this folder or above)')
    .option('--quiet', 'print the reports only: no notes on stderr')
    .option('--page-timeout <seconds>', PAGE_TIMEOUT_HELP, parsePageTimeout)
    .addHelpText('after', '\nExit codes: 0 clean, 1 findings at or above the fail severity, 2 usage, config, CSDL or input errors.\nRules: metadata/RULES.md.')
    .action(async (paths: string[], options: { csdl?: string; docsVersion?: string; failSeverity?: 'error' | 'warning' | 'info'; baseline?: string; config?: string; quiet?: boolean; pageTimeout?: number }) => {
      const { runMetadata } = await import('../run-metadata.js');
      const { docsVersion, ...rest } = options;
      setExit(await runMetadata(paths, { ...rest, ...(docsVersion ? { version: docsVersion } : {}), outputs: outputs.requests() }));
    });
};
