import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { environmentSecrets, redact, REDACTED } from '../../reports/redact.js';
import { DEFAULT_FILE_NAMES, FORMAT_NAMES, FORMATTERS, isFormatName, writeReportSet, writeReportSetSync } from '../../reports/index.js';
import { REPORT } from './fixture.js';

describe('redact', () => {
  it.each([
    ['Authorization: Bearer abc.def-ghi', `Authorization: ${REDACTED}`],
    ['authorization=Basic dXNlcjpwYXNz; next', `authorization=${REDACTED}; next`],
    ['{"Authorization": "Bearer abc"}', `{"Authorization": "${REDACTED}"}`],
    ['the request sent Authorization: Bearer abc and got 200', `the request sent Authorization: ${REDACTED} and got 200`],
    ['got 401 for bearer eyJ0eXAi.eyJzdWIi.c2ln== today', `got 401 for bearer ${REDACTED} today`],
    ['GET /me?access_token=abc123&x=1', `GET /me?access_token=${REDACTED}&x=1`],
    ['{"client_secret":"s3cr3t"}', `{"client_secret":"${REDACTED}"}`],
    ['x-api-key: k-123', `x-api-key: ${REDACTED}`],
  ])('should redact %j', (input, expected) => {
    expect(redact(input, [])).toBe(expected);
  });

  it.each([
    'Unexpected "Boolean", expected a boolean',
    'Unexpected header Content-Type: text/plain, expected application/json',
    'Unexpected property passwordProfile, expected it documented',
  ])('should leave %j alone', (input) => {
    expect(redact(input, [])).toBe(input);
  });

  it('should blank out every occurrence of a listed secret, but not secrets too short to be one', () => {
    expect(redact('tok-12345 then tok-12345 again', ['tok-12345'])).toBe(`${REDACTED} then ${REDACTED} again`);
    expect(redact('a b c', ['a'])).toBe('a b c');
  });

  it.each([
    [{ DOCPACT_TOKEN: 'env-token-999' }, ['env-token-999']],
    [{ DOCPACT_TOKEN: '' }, []],
    [{}, []],
  ])('should take the secrets from DOCPACT_TOKEN (%j)', (env, expected) => {
    expect(environmentSecrets(env)).toEqual(expected);
  });

  it('should redact the DOCPACT_TOKEN value from every format without being told', () => {
    const saved = process.env.DOCPACT_TOKEN;
    process.env.DOCPACT_TOKEN = 'env-token-from-ci-777';
    try {
      const report = { ...REPORT, diagnostics: [{ ...REPORT.diagnostics[0], actual: 'sent env-token-from-ci-777 as a query' }] };
      for (const name of FORMAT_NAMES) expect(FORMATTERS[name](report)).not.toContain('env-token-from-ci-777');
    } finally {
      if (saved === undefined) delete process.env.DOCPACT_TOKEN;
      else process.env.DOCPACT_TOKEN = saved;
    }
  });
});

describe('the format map', () => {
  it('should name every format once, each with a default file name', () => {
    expect(FORMAT_NAMES).toEqual(['stylish', 'json', 'junit', 'sarif', 'github', 'markdown', 'html']);
    expect(Object.keys(DEFAULT_FILE_NAMES).sort()).toEqual([...FORMAT_NAMES].sort());
  });

  it.each([
    ['sarif', true],
    ['toString', false],
    ['SARIF', false],
  ])('should tell whether %j is a format', (name, known) => {
    expect(isFormatName(name)).toBe(known);
  });
});

describe('writeReportSet with one file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'docpact-reports-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const writeReport = (path: string, content: string): Promise<void> => writeReportSet([{ path, content }]);
  const writeReportSync = (path: string, content: string): void => writeReportSetSync([{ path, content }]);

  it.each([
    ['writeReport', writeReport],
    ['writeReportSync', writeReportSync],
  ])('%s should create the folder, replace the old file and leave no temporary file', async (name, write) => {
    const target = join(dir, name, 'nested', 'report.json');
    await write(target, 'old');
    await write(target, 'new content ✓');
    expect(readFileSync(target, 'utf8')).toBe('new content ✓');
    expect(readdirSync(join(dir, name, 'nested'))).toEqual(['report.json']);
  });

  it.each([
    ['writeReport', writeReport],
    ['writeReportSync', writeReportSync],
  ])('%s should keep the previous report and clean up when the write fails', async (name, write) => {
    const folder = join(dir, `${name}-fail`);
    const target = join(folder, 'report.html');
    await write(target, 'previous');
    // A folder where the file should go makes the final rename fail after the temporary file was written.
    const blocked = join(folder, 'blocked');
    writeFileSync(join(folder, 'keep'), '');
    await write(join(blocked, 'x'), 'x');
    await expect(Promise.resolve().then(() => write(blocked, 'new'))).rejects.toThrow();
    expect(readFileSync(target, 'utf8')).toBe('previous');
    expect(readdirSync(folder).sort()).toEqual(['blocked', 'keep', 'report.html']);
    expect(existsSync(join(blocked, 'x'))).toBe(true);
  });
});
