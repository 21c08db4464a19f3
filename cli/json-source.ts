/**
 * JSON files a user writes by hand (config, baseline): parse errors with line:column, and the line:column of a
 * JSON Pointer so a message about a value can say where it is.
 */
import { readDataFile } from '../core/input-files.js';

export interface LineColumn {
  readonly line: number;
  readonly column: number;
}

export type JsonParseResult =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly message: string; readonly at: LineColumn };

/** 1-based line and column of a 0-based offset into `text`. */
export function lineColumnAt(text: string, offset: number): LineColumn {
  const clamped = Math.max(0, Math.min(offset, text.length));
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < clamped; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: clamped - lineStart + 1 };
}

/**
 * Parses strict JSON (a leading BOM is allowed). On failure, says what was found and what was expected,
 * at the line:column where a strict reader first gives up (V8's own messages often carry no position).
 */
export function parseJson(text: string): JsonParseResult {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return { ok: true, value: JSON.parse(body) as unknown };
  } catch (error) {
    const found = findSyntaxError(text, text.length - body.length);
    const fallback = error instanceof Error ? error.message : String(error);
    return { ok: false, message: found?.message ?? fallback, at: lineColumnAt(text, found?.offset ?? text.length) };
  }
}

/** Walks `text` as strict JSON and returns the first place it breaks, with a message for a person. */
function findSyntaxError(text: string, start: number): { offset: number; message: string } | undefined {
  let pos = start;
  const fail = (expected: string): never => {
    const c = text[pos];
    const found = c === undefined ? 'end of file' : JSON.stringify(c);
    let hint = '';
    if ((c === '}' || c === ']') && /,\s*$/.test(text.slice(start, pos))) hint = ' (remove the trailing comma)';
    else if (c === '/') hint = ' (JSON has no comments)';
    else if (c === "'") hint = ' (JSON strings take double quotes)';
    else if (c === '\u201c' || c === '\u201d') hint = ' (replace the smart quotes with ")';
    throw new SyntaxError(`Unexpected ${found}, expected ${expected}${hint}`);
  };
  const space = (): void => {
    while (pos < text.length && ' \t\n\r'.includes(text[pos])) pos++;
  };
  const string = (): void => {
    if (text[pos] !== '"') fail('a double-quoted string');
    pos++;
    while (pos < text.length && text[pos] !== '"') {
      if (text.charCodeAt(pos) < 0x20) fail('a closing quote (strings cannot span lines)');
      if (text[pos] === '\\') {
        pos++;
        if (text[pos] === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(pos + 1, pos + 5))) fail('four hex digits after \\u');
          pos += 4;
        } else if (!'"\\/bfnrt'.includes(text[pos] ?? '')) fail('an escape (\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u)');
      }
      pos++;
    }
    if (pos >= text.length) fail('a closing quote');
    pos++;
  };
  const value = (): void => {
    space();
    const c = text[pos];
    if (c === '{') {
      pos++;
      space();
      if (text[pos] === '}') {
        pos++;
        return;
      }
      for (;;) {
        space();
        string();
        space();
        if (text[pos] !== ':') fail('":" after the key');
        pos++;
        value();
        space();
        if (text[pos] === '}') break;
        if (text[pos] !== ',') fail('"," or "}"');
        pos++;
      }
      pos++;
    } else if (c === '[') {
      pos++;
      space();
      if (text[pos] === ']') {
        pos++;
        return;
      }
      for (;;) {
        value();
        space();
        if (text[pos] === ']') break;
        if (text[pos] !== ',') fail('"," or "]"');
        pos++;
      }
      pos++;
    } else if (c === '"') {
      string();
    } else {
      const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(pos, pos + 400));
      if (!literal) fail('a value (string, number, object, array, true, false or null)');
      pos += literal![0].length;
    }
  };
  try {
    value();
    space();
    if (pos < text.length) fail('the end of the file');
    return undefined;
  } catch (error) {
    return { offset: pos, message: (error as Error).message };
  }
}

/**
 * Where the value at `pointer` sits in `text` (valid JSON): for an object member, the position of its key,
 * which is what a user looks for; for the root or an array item, the value itself. Undefined when absent.
 */
export function locatePointer(text: string, pointer: string): LineColumn | undefined {
  const tokens = pointer === '' ? [] : pointer.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
  let pos = 0;
  const skipSpace = (): void => {
    while (pos < text.length && /[\s\ufeff]/.test(text[pos])) pos++;
  };
  const skipString = (): string => {
    const start = pos;
    pos++;
    while (pos < text.length && text[pos] !== '"') pos += text[pos] === '\\' ? 2 : 1;
    pos++;
    return JSON.parse(text.slice(start, pos)) as string;
  };
  const skipValue = (): void => {
    skipSpace();
    const c = text[pos];
    if (c === '"') {
      skipString();
    } else if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      pos++;
      skipSpace();
      while (pos < text.length && text[pos] !== close) {
        if (c === '{') {
          skipString();
          skipSpace();
          pos++; // the colon
        }
        skipValue();
        skipSpace();
        if (text[pos] === ',') pos++;
        skipSpace();
      }
      pos++;
    } else {
      while (pos < text.length && !/[\s,\]}]/.test(text[pos])) pos++;
    }
  };
  skipSpace();
  let at = pos;
  for (const token of tokens) {
    skipSpace();
    const open = text[pos];
    if (open !== '{' && open !== '[') return undefined;
    pos++;
    let found = false;
    let index = 0;
    skipSpace();
    while (pos < text.length && text[pos] !== (open === '{' ? '}' : ']')) {
      let keyAt = pos;
      let key = String(index);
      if (open === '{') {
        key = skipString();
        skipSpace();
        pos++;
        skipSpace();
      } else {
        skipSpace();
        keyAt = pos;
      }
      if (key === token) {
        at = keyAt;
        skipSpace();
        found = true;
        break;
      }
      skipValue();
      skipSpace();
      if (text[pos] === ',') pos++;
      skipSpace();
      index++;
    }
    if (!found) return undefined;
  }
  return lineColumnAt(text, at);
}

/**
 * Reads a JSON file docpact itself consumes (config, baseline): a missing file, an unreadable one and invalid JSON
 * (with line:column) each become an error built by `fail`, naming the file as `shown` and the file as `what`.
 */
export async function readJsonFile(
  path: string,
  shown: string,
  what: string,
  notFoundHint: string,
  fail: (message: string) => Error,
): Promise<{ text: string; value: unknown }> {
  // Never a plain readFile: a FIFO given as --config or --baseline would block it forever.
  const read = await readDataFile(path);
  if (!('text' in read)) {
    throw fail(read.code === 'ENOENT' ? `${shown}: ${what} file not found; ${notFoundHint}` : `${shown}: cannot read the ${what} (${read.problem})`);
  }
  const { text } = read;
  const parsed = parseJson(text);
  if (!parsed.ok) throw fail(`${shown}:${parsed.at.line}:${parsed.at.column}: invalid JSON in the ${what}: ${parsed.message}`);
  return { text, value: parsed.value };
}
