#!/usr/bin/env node
// `npm run fuzz -- [--runs N] [--seed S] [--batch K]`: runs the fuzzer's TypeScript (tests/hostile/fuzz-main.ts) through tsx.
import { register } from 'tsx/esm/api';

register();
const { fuzzMain } = await import('../tests/hostile/fuzz-main.ts');
process.exitCode = await fuzzMain(process.argv.slice(2));
