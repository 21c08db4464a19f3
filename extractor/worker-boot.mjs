// Entry of docpact's worker threads. On Node 20 a worker inherits neither `--import tsx` nor hooks registered with
// tsx's `register()` in the parent, so the worker registers tsx itself before importing its TypeScript entry.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
