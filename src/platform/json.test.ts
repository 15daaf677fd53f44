import { describe, expect, it } from 'vitest';
import { JsonSyntaxError, parseJson, syntaxErrorOffset } from './json.ts';

const failure = (text: string) => {
  try {
    parseJson(text);
  } catch (error) {
    if (error instanceof JsonSyntaxError) return error.message;
    throw error;
  }
  throw new Error('parsed');
};

describe('parsing JSON with the place where it breaks', () => {
  it('parses what JSON.parse parses, a byte order mark too', () => {
    expect(parseJson('\uFEFF[{"a": [1, -2.5e3, true, null, "x\\u00e4\\n"]}]')).toEqual([
      { a: [1, -2500, true, null, 'x\u00e4\n'] },
    ]);
  });

  it('names the line and column of the first wrong character', () => {
    expect(failure('[\n  {"id": "x",\n   "name": }\n]')).toBe(
      'not valid JSON at line 3, column 12: unexpected "}"',
    );
    expect(failure('[{"a": 1},\n {"b": 2,}\n]')).toBe('not valid JSON at line 2, column 10: unexpected "}"');
    expect(failure('{"a": 01}')).toBe('not valid JSON at line 1, column 8: unexpected "1"');
  });

  it('says when the text ends too early', () => {
    expect(failure('[1, 2')).toBe('not valid JSON at line 1, column 6: the text ends too early');
    expect(failure('')).toBe('not valid JSON at line 1, column 1: the text ends too early');
  });

  it('finds no error in valid JSON', () => {
    for (const text of ['[]', '{}', ' "x" ', '[1,{"a":{"b":[]}}]', '-0.5'])
      expect(syntaxErrorOffset(text)).toBe(-1);
  });
});
