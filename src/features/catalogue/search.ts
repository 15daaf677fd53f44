/**
 * Building a Finnish-aware search from what a user typed: pure functions, tested without a
 * database. The SQL that uses them is in catalogue.ts (searchServices).
 */
export const MAX_QUERY_LENGTH = 200;
const MAX_WORDS = 10;
const MAX_WORD_LENGTH = 40;
/** Shorter words are matched exactly, not as prefixes ("ei" would otherwise match everything). */
const MIN_PREFIX_LENGTH = 3;
/** Words this long or longer are also matched by trigrams (compound parts, typos). */
export const MIN_TRIGRAM_LENGTH = 4;

export const TEXT_SEARCH_CONFIG = { fi: 'finnish', sv: 'swedish', en: 'english' } as const;

/** Lower-case words of letters and digits, each once, in the order typed. */
export function queryWords(text: string): string[] {
  const words =
    text
      .toLowerCase()
      .normalize('NFC')
      .match(/[\p{L}\p{N}]+/gu) ?? [];
  const unique: string[] = [];
  for (const word of words) {
    const w = word.slice(0, MAX_WORD_LENGTH);
    if (!unique.includes(w)) unique.push(w);
    if (unique.length === MAX_WORDS) break;
  }
  return unique;
}

function term(word: string): string {
  return word.length >= MIN_PREFIX_LENGTH ? `${word}:*` : word;
}

/**
 * to_tsquery input: every word as a stemmed prefix, joined with | (any word) or & (all
 * words). Words hold only letters and digits, so the text can never be tsquery syntax.
 */
export function tsQueryText(words: string[], operator: '|' | '&'): string {
  return words.map(term).join(` ${operator} `);
}

export function trigramWords(words: string[]): string[] {
  return words.filter((w) => w.length >= MIN_TRIGRAM_LENGTH);
}
