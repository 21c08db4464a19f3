#!/usr/bin/env node
// `npm run bench -- [paths…] [--repeat N] [--workers N] [--out FILE]`: runs the benchmark's TypeScript through tsx.
import { register } from 'tsx/esm/api';

register();
const { benchMain } = await import('../bench/main.ts');
process.exitCode = await benchMain(process.argv.slice(2));
