import { PAGE_TIMEOUT_HELP, parsePageTimeout } from './check.js';
import type { DefineCommand } from './index.js';

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export const defineRecord: DefineCommand = (program, setExit) => {
  program
    .command('record')
    .description('Replay the examples against a service and write its answers into the pages\' response blocks (redacted)')
    .argument('[paths...]', 'Markdown files or folders (default: the config\'s "docs", else docs)')
    .option('--target <target>', 'the service: an http(s) base URL or a target named in the config (mock and nock also work)')
    .option('-t, --test-name-pattern <regex>', 'only examples whose "<page> › <example-name>" matches (as replay -t)')
    .option('--shard <i/n>', 'only the pages of shard i of n (split by a hash of the page path, as check --shard)')
    .option('--header <header>', "extra request header 'K: V' (repeatable); a bearer token comes from DOCPACT_TOKEN", collect, [])
    .option('--var <name=value>', 'value of a path placeholder (repeatable; wins over the config\'s vars)', collect, [])
    .option('--account <name>', 'sign in as this account of the config (default: its defaultAccount); its tokens are redacted like every secret')
    .option('--allow-writes', 'send POST/PUT/PATCH/DELETE to a live target (off: only GET/HEAD are sent and recorded)')
    .option('--all', 'record every example whose answer differs from its page (default: only examples whose replay fails)')
    .option('--any-status', 'also record answers of another status class than documented (a 404 for a documented 200)')
    .option('--dry-run', 'print the changes as a unified diff and write nothing')
    .option('--timeout <ms>', 'per-request timeout in ms (default 30000)')
    .option('--retries <n>', 'retries on 429/503 (default 3)')
    .option('--concurrency <n>', 'requests in flight at once (default 4)')
    .option('--config <file>', 'config file (default: docpact.config.json in this folder or above); its record.redact sets the redaction')
    .option('--quiet', 'no per-example notes on stderr')
    .option('--page-timeout <seconds>', PAGE_TIMEOUT_HELP, parsePageTimeout)
    .addHelpText('after', '\nIds, e-mail addresses, tenant names and tokens become stable fakes (config record.redact). The changed pages are written all at once or not at all.\nExit codes: 0 recorded or nothing to record, 1 failing examples were kept as they are, 2 usage or input errors, 130 interrupted (nothing written).')
    .action(async (paths: string[], options: Record<string, unknown>) => {
      const { runRecord } = await import('../run-record.js');
      setExit(await runRecord(paths, options));
    });
};
