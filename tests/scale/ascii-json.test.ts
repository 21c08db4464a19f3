/**
 * The doc set's state files are written as ASCII JSON (engine/cache.ts `asciiJson`) and read as Latin-1 when every
 * byte is ASCII (`readJson`): every string must come back exactly, whatever it holds, and a file written as UTF-8
 * (an older docpact, a hand edit) must still read right rather than as mojibake.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asciiJson, readJson } from '../../engine/cache.js';

const dir = mkdtempSync(join(tmpdir(), 'docpact-ascii-json-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Latin-1 (é, ß), a character above Latin-1 (’, the docs' curly apostrophe), CJK, an astral emoji (a surrogate pair),
// a lone surrogate, a control character, a backslash and a quote.
const value = {
  message: 'Property “displayName” isn’t documented: café, Straße, 日本語, 🚀, \ud800 alone, tab\there, back\\slash "quoted"',
  nested: [{ file: 'docs/ü/page.md', range: [1, 2, 3] }, null, true, 0.5],
};

describe('asciiJson and readJson', () => {
  it('writes only ASCII bytes and reads every string back exactly', () => {
    const path = join(dir, 'state.json');
    writeFileSync(path, asciiJson(value));
    const bytes = readFileSync(path);
    expect(bytes.every((b) => b < 0x80)).toBe(true);
    expect(readJson(path)).toEqual(value);
  });

  it('reads a UTF-8 file with non-ASCII characters as UTF-8, not Latin-1', () => {
    const path = join(dir, 'utf8.json');
    writeFileSync(path, JSON.stringify(value), 'utf8');
    expect(readFileSync(path).some((b) => b >= 0x80)).toBe(true);
    expect(readJson(path)).toEqual(value);
  });
});
