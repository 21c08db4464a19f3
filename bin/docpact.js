#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx, so `npx docpact` needs no build step after `npm ci`.
import { register } from 'tsx/esm/api';

// `docpact check | head` closes the pipe early: stop quietly instead of printing a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

register();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
