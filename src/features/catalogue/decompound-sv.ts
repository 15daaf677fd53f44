/**
 * A small Swedish compound splitter (docs/search.md): snowball's Swedish stemmer leaves
 * "barnrådgivningen" whole, so "rådgivningen" would never meet it. The parts must be words of
 * the catalogue's Swedish vocabulary (or of a short list of the family-service words below),
 * three letters or more, joined directly or by a linking -s- (or the vowel of "familje-",
 * "skol-a-"); the last part may carry a definite ending (-en, -et, -n, -t, -na, -arna …).
 * Pure functions: the vocabulary is passed in.
 */

const MIN_PART = 3;
/** definite and plural-definite endings, longest first */
const DEFINITE_ENDINGS = ['arna', 'erna', 'orna', 'na', 'en', 'et', 'n', 't'] as const;
const LINKS = ['s', 'e', 'a', 'o', 'u'] as const;

/**
 * Words of family services that may not stand alone in a catalogue's texts but often start or
 * end its compounds (Barnrådgivningen, Familjearbete, Skolkurator, Föräldrastöd).
 */
export const SWEDISH_BASE_WORDS: readonly string[] = [
  'arbete',
  'barn',
  'center',
  'familj',
  'fritid',
  'förälder',
  'föräldra',
  'föräldrar',
  'grupp',
  'hem',
  'hjälp',
  'hälsa',
  'jour',
  'kris',
  'kurator',
  'missbruk',
  'mottagning',
  'mödra',
  'par',
  'psykiatri',
  'psykolog',
  'rådgivning',
  'samtal',
  'service',
  'skola',
  'skol',
  'sömn',
  'stöd',
  'tal',
  'terapi',
  'tjänst',
  'ungdom',
  'utveckling',
  'verksamhet',
  'vård',
  'våld',
];

/** The word without a definite ending, when what is left is three letters or more. */
export function definiteStripped(word: string): string[] {
  const out: string[] = [];
  for (const ending of DEFINITE_ENDINGS) {
    if (word.endsWith(ending) && word.length - ending.length >= MIN_PART)
      out.push(word.slice(0, -ending.length));
  }
  return out;
}

/** The vocabulary a splitter accepts parts from: the words, their forms without a definite ending, and the base list. */
export function swedishVocabulary(words: Iterable<string>): Set<string> {
  const vocabulary = new Set<string>(SWEDISH_BASE_WORDS);
  for (const w of words) {
    if (w.length < MIN_PART) continue;
    vocabulary.add(w);
    for (const s of definiteStripped(w)) vocabulary.add(s);
  }
  return vocabulary;
}

/**
 * The parts of a Swedish compound in their base forms ("familjerådgivningen" → familj,
 * rådgivning), or null when the word is not two or more known parts. Fewest parts win; among
 * equals, the longest last part (the head).
 */
export function decompoundSv(word: string, vocabulary: ReadonlySet<string>): string[] | null {
  const w = word.toLowerCase();
  if (w.length < 2 * MIN_PART) return null;
  // best[i]: the fewest parts that spell w.slice(i) (the last one may be definite)
  const best = new Map<number, string[] | null>();
  const last = (rest: string): string | null => {
    if (vocabulary.has(rest)) return rest;
    for (const s of definiteStripped(rest)) if (vocabulary.has(s)) return s;
    return null;
  };
  const solve = (i: number): string[] | null => {
    if (best.has(i)) return best.get(i) ?? null;
    let result: string[] | null = null;
    const rest = w.slice(i);
    if (i > 0 && rest.length >= MIN_PART) {
      const head = last(rest);
      if (head) result = [head];
    }
    if (!result) {
      for (let end = w.length - MIN_PART; end >= i + MIN_PART; end--) {
        const part = w.slice(i, end);
        let base: string | null = vocabulary.has(part) ? part : null;
        if (!base) {
          const link = LINKS.find((l) => part.endsWith(l));
          const stem = link ? part.slice(0, -1) : '';
          if (stem.length >= MIN_PART && vocabulary.has(stem)) base = stem;
        }
        if (!base) continue;
        const tail = solve(end);
        if (tail && (!result || tail.length + 1 < result.length)) result = [base, ...tail];
      }
    }
    best.set(i, result);
    return result;
  };
  const parts = solve(0);
  return parts && parts.length >= 2 ? parts : null;
}

/**
 * What a Swedish word puts in the search document: the word, its form without a definite
 * ending, and its compound parts with the heads they form ("barnrådgivningen" → barnrådgivningen,
 * barnrådgivning, barn, rådgivning).
 */
export function swedishTokens(word: string, vocabulary: ReadonlySet<string>): string[] {
  const w = word.toLowerCase();
  const tokens = new Set<string>([w, ...definiteStripped(w).filter((s) => vocabulary.has(s))]);
  const parts = decompoundSv(w, vocabulary);
  if (parts) {
    for (const p of parts) tokens.add(p);
    for (let i = 1; i < parts.length - 1; i++) tokens.add(parts.slice(i).join(''));
  }
  return [...tokens];
}
