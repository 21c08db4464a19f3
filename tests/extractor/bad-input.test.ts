import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPages, type LoadResult } from '../../extractor/index.js';

const GOOD = '---\ndoc_type: apiPageType\n---\n# Get me\n\n## HTTP request\n\n```http\nGET /me\n```\n';

describe('bad input', () => {
  let dir: string;
  let result: LoadResult;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'docpact-bad-'));
    await writeFile(join(dir, 'good.md'), GOOD);
    await writeFile(join(dir, 'empty.md'), '');
    await writeFile(join(dir, 'blank.md'), '\n\n  \n');
    await writeFile(join(dir, 'binary.md'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x01]));
    await writeFile(join(dir, 'latin1.md'), Buffer.concat([Buffer.from('# Caf'), Buffer.from([0xe9]), Buffer.from('\n\nText.\n')]));
    await writeFile(join(dir, 'unclosed.md'), `${GOOD}\n## Examples\n\n<!-- { "blockType": "request", "name": "x" } -->\n\`\`\`http\nGET /me\n\n## Response\n`);
    await writeFile(join(dir, 'huge.md'), `# Huge\n\n${'| a | b |\n|---|---|\n'.repeat(10)}${'word '.repeat(2_100_000)}`);
    result = await loadPages(['good.md', 'empty.md', 'blank.md', 'binary.md', 'latin1.md', 'unclosed.md', 'huge.md', 'no-such-dir', 'missing.md'], { cwd: dir });
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const finding = (file: string) => [...result.diagnostics, ...result.pages.flatMap((p) => p.diagnostics)].filter((d) => d.file === file);

  it('should still extract the good pages', () => {
    expect(result.pages.map((p) => p.file)).toEqual(['good.md', 'latin1.md', 'unclosed.md']);
    expect(result.pages[0].requestTemplates).toHaveLength(1);
  });

  it.each([
    ['empty.md', 'extract/empty-file', /empty file/],
    ['blank.md', 'extract/empty-file', /empty file/],
    ['binary.md', 'extract/binary-file', /binary content/],
    ['latin1.md', 'extract/invalid-utf8', /not UTF-8/],
    ['unclosed.md', 'extract/fence-unclosed', /closing fence/],
    ['huge.md', 'extract/file-too-large', /expected at most/],
    ['no-such-dir', 'extract/path-not-found', /no such file or folder/],
    ['missing.md', 'extract/path-not-found', /no such file or folder/],
  ])('should report %s as %s with the file named', (file, ruleId, message) => {
    const found = finding(file);
    expect(found.map((d) => d.ruleId)).toContain(ruleId);
    expect(found.find((d) => d.ruleId === ruleId)?.message).toMatch(message);
  });

  it('should point at the first bad byte and the unclosed fence', () => {
    expect(finding('latin1.md')[0].range.start).toMatchObject({ line: 1, column: 6 });
    expect(finding('unclosed.md').find((d) => d.ruleId === 'extract/fence-unclosed')?.range.start.line).toBe(15);
  });

  it('should list the missing paths for the CLI to exit 2', () => {
    expect(result.missing).toEqual(['no-such-dir', 'missing.md']);
  });
});

describe('docpact extract on bad input', () => {
  it('should name each unreadable file on stderr, write the rest, and exit 0; exit 2 when a path is missing', async () => {
    const { run, tempTree } = await import('../cli/scenarios.js');
    const dir = await tempTree({ 'docs/good.md': GOOD, 'docs/empty.md': '' });
    await writeFile(join(dir, 'docs/binary.md'), Buffer.from([0x00, 0x01, 0x02]));
    try {
      const result = await run(dir, ['extract', 'docs', '--out', 'out']);
      expect(result.code).toBe(0);
      expect(result.stderr).toMatch(/docs\/binary\.md:1:1 {2}error {2}Unexpected binary content/);
      expect(result.stderr).toMatch(/docs\/empty\.md:1:1 {2}warning {2}Unexpected empty file/);
      expect(result.stdout).toMatch(/1 pages → 0 schemas, 0 fixtures/);
      const missing = await run(dir, ['extract', 'docs', 'nope', '--out', 'out']);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toMatch(/nope: no such file or folder/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
