#!/usr/bin/env node
// The `docpact` command. An installed package runs the compiled JavaScript in dist/ (built by `npm pack`'s prepack).
// A source checkout has no dist/ (it is built on demand only, `npm run build`), so the command runs the TypeScript
// sources through tsx, a devDependency: `npx docpact --help` works right after `npm ci`, with no build step.
import { existsSync } from 'node:fs';

// `docpact check | head` closes the pipe early: stop quietly instead of printing a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

const compiled = new URL('../dist/cli/main.js', import.meta.url);
let main;
if (existsSync(compiled)) {
  ({ main } = await import(compiled.href));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
