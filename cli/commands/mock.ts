import { PAGE_TIMEOUT_HELP, parsePageTimeout } from './check.js';
import type { DefineCommand } from './index.js';

export const defineMock: DefineCommand = (program, setExit) => {
  program
    .command('mock')
    .description('Serve the documented examples from an HTTP mock on 127.0.0.1 until Ctrl-C')
    .argument('[paths...]', 'Markdown files or folders (default: the config\'s "docs", else docs)')
    .option('--port <n>', 'port to listen on (default: any free port)')
    .option('--host <host>', 'interface to listen on (default 127.0.0.1)')
    .option('--stateful', 'keep entities created by POST so later GET/PATCH/DELETE on them work')
    .option('--contracts <dir>', 'read fixtures and schemas written by `docpact extract` instead of extracting now')
    .option('--config <file>', 'config file (default: docpact.config.json in this folder or above)')
    .option('--page-timeout <seconds>', PAGE_TIMEOUT_HELP, parsePageTimeout)
    .addHelpText('after', '\nRoutes by method and documented path; `Prefer: example=<name>` picks an example; a body that breaks the request schema gets 400 with the findings.')
    .action(async (paths: string[], options: { port?: string; host?: string; stateful?: boolean; contracts?: string; config?: string; pageTimeout?: number }) => {
      const { runMock } = await import('../run-mock.js');
      setExit(await runMock(paths, options));
    });
};
