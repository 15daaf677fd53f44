/** Broken JSON, with where it breaks: line and column from 1, as editors count them. */
export class JsonSyntaxError extends Error {
  constructor(
    public readonly line: number,
    public readonly column: number,
    public readonly reason: string,
  ) {
    super(`not valid JSON at line ${line}, column ${column}: ${reason}`);
    this.name = 'JsonSyntaxError';
  }
}

/**
 * JSON.parse that says where the text breaks. Node's own messages name a position only for
 * some errors (and differ between versions), so the position comes from a small scanner
 * that follows the JSON grammar, run only once parsing has failed.
 */
export function parseJson(text: string): unknown {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return JSON.parse(source);
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    const offset = syntaxErrorOffset(source);
    const before = source.slice(0, Math.max(0, offset));
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    const reason =
      offset >= source.length ? 'the text ends too early' : `unexpected ${JSON.stringify(source[offset])}`;
    throw new JsonSyntaxError(line, column, reason);
  }
}

/** The offset of the first character that breaks the JSON grammar (-1: none). */
export function syntaxErrorOffset(text: string): number {
  let i = 0;
  const fail = (): never => {
    throw new ScanStop(i);
  };
  const space = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i] as string)) i++;
  };
  const string = () => {
    i++; // the opening quote
    for (;;) {
      const c = text[i];
      if (c === undefined) fail();
      else if (c === '"') {
        i++;
        return;
      } else if (c === '\\') {
        const escaped = text[i + 1];
        if (escaped !== undefined && '"\\/bfnrt'.includes(escaped)) i += 2;
        else if (escaped === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) i += 6;
        else {
          i++;
          fail();
        }
      } else if (c.charCodeAt(0) < 0x20) fail();
      else i++;
    }
  };
  const NUMBER = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
  const value = (): void => {
    space();
    const c = text[i];
    if (c === '{') {
      i++;
      space();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        space();
        if (text[i] !== '"') fail();
        string();
        space();
        if (text[i] !== ':') fail();
        i++;
        value();
        space();
        if (text[i] === ',') i++;
        else if (text[i] === '}') {
          i++;
          return;
        } else fail();
      }
    }
    if (c === '[') {
      i++;
      space();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value();
        space();
        if (text[i] === ',') i++;
        else if (text[i] === ']') {
          i++;
          return;
        } else fail();
      }
    }
    if (c === '"') {
      string();
      return;
    }
    NUMBER.lastIndex = i;
    const number = NUMBER.exec(text);
    if (number && number[0] !== '-') {
      i += number[0].length;
      return;
    }
    for (const literal of ['true', 'false', 'null']) {
      if (text.startsWith(literal, i)) {
        i += literal.length;
        return;
      }
    }
    fail();
  };
  try {
    value();
    space();
    if (i < text.length) fail();
    return -1;
  } catch (error) {
    if (error instanceof ScanStop) return error.offset;
    throw error;
  }
}

class ScanStop {
  constructor(public readonly offset: number) {}
}
