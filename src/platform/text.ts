/**
 * What text the product accepts, in one place: no C0 or C1 control characters (NUL, which
 * PostgreSQL cannot store, among them) and no lone surrogates (not valid Unicode). Tab and line
 * breaks are text in a multi-line field (a message, a reason); a one-line value (a query
 * parameter, a path segment) has none of them either.
 */

// biome-ignore lint/suspicious/noControlCharactersInRegex: this pattern is about control characters
const CONTROL_MULTI_LINE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: this pattern is about control characters
const CONTROL_ONE_LINE = /[\u0000-\u001F\u007F-\u009F]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when the text holds a character no person types and we do not store. */
export function hasForbiddenCharacters(text: string, { multiLine }: { multiLine: boolean }): boolean {
  return (multiLine ? CONTROL_MULTI_LINE : CONTROL_ONE_LINE).test(text) || LONE_SURROGATE.test(text);
}

/**
 * The paths (`body.message`, `query.search`) of every string in a parsed value, keys included,
 * that holds a forbidden character.
 */
export function forbiddenCharacterPaths(value: unknown, path: string, multiLine: boolean): string[] {
  if (typeof value === 'string') return hasForbiddenCharacters(value, { multiLine }) ? [path] : [];
  if (Array.isArray(value))
    return value.flatMap((item, i) => forbiddenCharacterPaths(item, `${path}.${i}`, multiLine));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) =>
      hasForbiddenCharacters(key, { multiLine: false })
        ? [path]
        : forbiddenCharacterPaths(item, `${path}.${key}`, multiLine),
    );
  }
  return [];
}
