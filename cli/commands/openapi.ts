import { Option } from 'commander';
import { PAGE_TIMEOUT_HELP, parsePageTimeout } from './check.js';
import type { DefineCommand } from './index.js';

export const defineOpenapi: DefineCommand = (program, setExit) => {
  program
    .command('openapi')
    .description('Export the pages as an OpenAPI 3.1 document: one path per HTTP request line, the contracts\' schemas as components, the examples as named examples')
    .argument('[paths...]', 'Markdown files, folders or globs (default: the config\'s "docs", else docs)')
    .option('--out <file>', 'where to write the document; - for stdout', 'out/openapi.json')
    .addOption(new Option('--format <format>', 'document format (default: yaml for a .yaml/.yml --out, else json)').choices(['json', 'yaml']))
    .option('--docs-version <version>', 'export only the pages of this docs version, e.g. v1.0 or beta (default: all; with several versions each path starts with its version)')
    .option('--base-url <url>', 'API origin for `servers` (default: the config\'s "baseUrl", else the examples\' origin, else https://graph.microsoft.com)')
    .option('--title <text>', 'info.title of the document', 'API reference')
    .option('--docs-url <url>', 'where the pages are published, for externalDocs: a base URL, or a template with {file}, {stem}, {version} (default: learn.microsoft.com for Graph-layout pages)')
    .option('--report-format <name>', 'format of the diagnostics printed on stderr: stylish|json|junit|sarif|github|markdown|html', 'stylish')
    .option('--config <file>', 'config file (default: docpact.config.json in this folder or above)')
    .option('--quiet', 'print no diagnostics and no summary')
    .option('--page-timeout <seconds>', PAGE_TIMEOUT_HELP, parsePageTimeout)
    .addHelpText('after', '\nExit codes: 0 written (diagnostics do not fail the export), 2 usage, config or input errors.\nThe diagnostics name the request lines and examples that could not be exported.')
    .action(async (paths: string[], options: { out: string; format?: 'json' | 'yaml'; docsVersion?: string; baseUrl?: string; title: string; docsUrl?: string; reportFormat: string; config?: string; quiet?: boolean; pageTimeout?: number }) => {
      const { runOpenapi } = await import('../run-openapi.js');
      setExit(await runOpenapi(paths, options));
    });
};
