/**
 * The GitHub Action (action.yml, issue 13 item 4): it has what GitHub documents for a composite action, and its `run`
 * steps, run here as the runner runs them (bash --noprofile --norc -eo pipefail, `${{ … }}` expressions filled in,
 * GITHUB_OUTPUT per step, GITHUB_STEP_SUMMARY for the job, GITHUB_* set), annotate, write SARIF, a summary and outputs,
 * and fail the job exactly when docpact finds something the baseline does not hold.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { runInit } from '../../cli/run-init.js';
import { ROOT } from '../helpers/paths.js';

interface Step {
  readonly name?: string;
  readonly id?: string;
  readonly if?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly shell?: string;
  readonly env?: Record<string, string>;
  readonly with?: Record<string, string>;
}
interface Action {
  readonly name: string;
  readonly description: string;
  readonly inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  readonly outputs?: Record<string, { description: string; value: string }>;
  readonly runs: { readonly using: string; readonly steps: readonly Step[] };
}

const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as Action;

interface StepRun {
  readonly step: Step;
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly outputs: Record<string, string>;
  /** A `uses` step is not run; its `with` values are rendered. */
  readonly with?: Record<string, string>;
}

/** Runs the action's steps in `workspace` as the runner would, until a step fails. */
function runAction(workspace: string, inputs: Record<string, string>): { runs: StepRun[]; summary: string } {
  const temp = mkdtempSync(join(tmpdir(), 'docpact-runner-'));
  const summaryFile = join(temp, 'step-summary.md');
  writeFileSync(summaryFile, '');
  const stepOutputs: Record<string, Record<string, string>> = {};
  const inputValue = (name: string): string => {
    if (!(name in action.inputs)) throw new Error(`action.yml uses an undeclared input: ${name}`);
    return inputs[name] ?? action.inputs[name].default ?? '';
  };
  // The expressions the action uses; any other makes the test fail rather than run something untested.
  const render = (text: string): string =>
    text.replace(/\$\{\{\s*([^}]*?)\s*\}\}/g, (_, expression: string) => {
      if (expression === 'github.action_path') return ROOT;
      if (expression === 'runner.temp') return temp;
      const input = /^inputs\.([\w-]+)$/.exec(expression);
      if (input) return inputValue(input[1]);
      const output = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(expression);
      if (output) return stepOutputs[output[1]]?.[output[2]] ?? '';
      throw new Error(`unsupported expression in action.yml: ${expression}`);
    });
  const runs: StepRun[] = [];
  try {
    action.runs.steps.forEach((step, index) => {
      if (step.uses !== undefined) {
        runs.push({ step, status: 0, stdout: '', stderr: '', outputs: {}, with: Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, render(String(v))])) });
        return;
      }
      const script = join(temp, `step-${index}.sh`);
      writeFileSync(script, step.run ?? '');
      const outputFile = join(temp, `output-${index}.txt`);
      writeFileSync(outputFile, '');
      const env: Record<string, string> = {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? temp,
        CI: 'true',
        GITHUB_ACTIONS: 'true',
        GITHUB_EVENT_NAME: 'push',
        GITHUB_WORKSPACE: workspace,
        GITHUB_OUTPUT: outputFile,
        GITHUB_STEP_SUMMARY: summaryFile,
        GITHUB_ACTION_PATH: ROOT,
        RUNNER_TEMP: temp,
        ...Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, render(String(v))])),
      };
      expect(step.shell).toBe('bash');
      const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], { cwd: workspace, env, encoding: 'utf8' });
      const outputs = Object.fromEntries(
        readFileSync(outputFile, 'utf8')
          .split('\n')
          .filter((line) => line.includes('='))
          .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
      );
      if (step.id !== undefined) stepOutputs[step.id] = outputs;
      runs.push({ step, status: result.status, stdout: result.stdout, stderr: result.stderr, outputs });
      if (result.status !== 0) throw new StopJob();
    });
  } catch (error) {
    if (!(error instanceof StopJob)) throw error;
  }
  const summary = readFileSync(summaryFile, 'utf8');
  return { runs, summary };
}

class StopJob extends Error {}

const byName = (runs: readonly StepRun[], pattern: RegExp): StepRun => {
  const found = runs.find((r) => pattern.test(r.step.name ?? ''));
  if (!found) throw new Error(`no step ${String(pattern)} ran: ${runs.map((r) => r.step.name).join(', ')}`);
  return found;
};

describe('action.yml', () => {
  it('should have what GitHub documents for a composite action', () => {
    expect(typeof action.name).toBe('string');
    expect(action.description.length).toBeGreaterThan(10);
    expect(action.runs.using).toBe('composite');
    expect(action.runs.steps.length).toBeGreaterThan(0);
    for (const step of action.runs.steps) {
      expect(step.run !== undefined || step.uses !== undefined).toBe(true);
      if (step.run !== undefined) expect(['bash', 'sh', 'pwsh', 'python']).toContain(step.shell);
      // Inputs reach the scripts through env only: a value spliced into a script could run as code.
      if (step.run !== undefined) expect(step.run).not.toMatch(/\$\{\{/);
    }
    for (const [name, input] of Object.entries(action.inputs)) {
      expect(typeof input.description).toBe('string');
      expect(name).toMatch(/^[a-z][a-z0-9-]*$/);
    }
    expect(Object.keys(action.inputs)).toEqual(expect.arrayContaining(['paths', 'baseline', 'fail-severity', 'replay-target', 'shard']));
    expect(action.runs.steps.some((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'))).toBe(true);
    for (const output of Object.values(action.outputs ?? {})) expect(output.value).toMatch(/^\$\{\{ steps\.[\w-]+\.outputs\.[\w-]+ \}\}$/);
  });
});

describe('the action run as shell steps', () => {
  let workspace: string;
  beforeAll(() => {
    jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    workspace = mkdtempSync(join(tmpdir(), 'docpact-action-'));
    cpSync(join(ROOT, 'docs'), join(workspace, 'docs'), { recursive: true });
  });
  afterAll(() => {
    jest.restoreAllMocks();
    rmSync(workspace, { recursive: true, force: true });
  });

  it('should annotate, upload SARIF, summarise and fail the job on the seed page\'s findings, replay included', () => {
    const { runs, summary } = runAction(workspace, { paths: 'docs', 'replay-target': 'mock' });
    const check = byName(runs, /^docpact check$/);
    expect(check.status).toBe(0);
    expect(check.outputs['exit-code']).toBe('1');
    // github annotations on stdout, at the seed page's lines.
    expect(check.stdout).toMatch(/^::error file=docs\/api-reference\/beta\/api\/accesspackageassignment-post\.md,line=\d+/m);
    const sarif = JSON.parse(readFileSync(check.outputs.sarif, 'utf8')) as { version: string; runs: { results: unknown[] }[] };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].results.length).toBeGreaterThan(0);
    const report = JSON.parse(readFileSync(check.outputs.report, 'utf8')) as { summary: { failed: boolean; errors: number } };
    expect(report.summary.failed).toBe(true);
    const replay = byName(runs, /^docpact replay$/);
    expect(replay.status).toBe(0);
    expect(replay.outputs['exit-code']).toBe('1');
    // The job summary holds check's markdown report, then replay's.
    expect(summary).toContain('accesspackageassignment-post.md');
    expect(summary.match(/docpact/g)?.length ?? 0).toBeGreaterThanOrEqual(2);
    const upload = byName(runs, /SARIF/);
    expect(upload.with?.sarif_file).toBe(check.outputs.sarif);
    const gate = byName(runs, /^Fail on findings$/);
    expect(gate.status).toBe(1);
    expect(gate.stdout).toContain('docpact check exited 1');
  });

  it('should pass with the baseline docpact init writes, and fail a usage error at the check step', async () => {
    expect(await runInit({ cwd: workspace, quiet: true })).toBe(0);
    const { runs, summary } = runAction(workspace, { baseline: 'docpact-baseline.json' });
    const check = byName(runs, /^docpact check$/);
    expect(check.outputs['exit-code']).toBe('0');
    expect(byName(runs, /^docpact replay$/).outputs['exit-code']).toBe('0');
    expect(byName(runs, /^Fail on findings$/).status).toBe(0);
    expect(summary.length).toBeGreaterThan(0);
    expect(check.stdout).not.toMatch(/^::error/m);

    const broken = runAction(workspace, { paths: 'no-such-folder' });
    const failed = byName(broken.runs, /^docpact check$/);
    expect(failed.status).toBe(1);
    expect(failed.outputs['exit-code']).toBe('2');
    // The job stops there: no step after a failed one runs.
    expect(broken.runs[broken.runs.length - 1]).toBe(failed);
    expect(existsSync(join(workspace, 'docpact-baseline.json'))).toBe(true);
  });
});
