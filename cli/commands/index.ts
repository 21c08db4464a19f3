/**
 * The explicit list of commands. Each module defines its options and, in its action, imports the stages it needs.
 */
import type { Command } from 'commander';
import { defineBaseline } from './baseline.js';
import { defineCheck } from './check.js';
import { defineExtract } from './extract.js';
import { defineInit } from './init.js';
import { defineRun } from './run.js';
import { defineMetadata } from './metadata.js';
import { defineOpenapi } from './openapi.js';
import { defineMock } from './mock.js';
import { defineLsp } from './lsp.js';
import { defineReplay } from './replay.js';
import { defineRecord } from './record.js';
import { defineReport } from './report.js';

/** Adds one command to `program`; the action reports its exit code through `setExit`. */
export type DefineCommand = (program: Command, setExit: (code: number) => void) => void;

export const COMMANDS: readonly DefineCommand[] = [defineRun, defineExtract, defineCheck, defineBaseline, defineMetadata, defineReplay, defineRecord, defineMock, defineOpenapi, defineReport, defineLsp, defineInit];
