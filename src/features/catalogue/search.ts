/**
 * Building a Finnish-aware search from what a user typed: pure functions, tested without a
 * database. The SQL that uses them is in search-sql.ts (searchQuery), run by catalogue.ts.
 */
import { swedishVocabulary } from './decompound-sv.ts';
import { type LemmaTerm, lemmaTerm } from './lemmas.ts';
import { expandQuery, type Thesaurus } from './thesaurus.ts';

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

// ------------------------------------------------------------------ the planned search

/**
 * What a query looks for besides the snowball words: Voikko lemmas and compound parts (or
 * Swedish compound parts), the thesaurus's extra terms, and the topics and service types the
 * query names (docs/search.md).
 */
export interface SearchPlan {
  words: string[];
  /** the lemma document's terms, one per content word; empty when there is nothing to add */
  lemmas: LemmaTerm[];
  /** the thesaurus's extra terms, each as its words */
  extraTerms: string[][];
  /** the same terms for the lemma document (extraTermsLemmaText), '' when none */
  extraLemmaText: string;
  topics: string[];
  serviceTypes: string[];
}

export interface SearchContext {
  thesaurus?: Thesaurus | null;
  /** the Swedish splitter's vocabulary (swedishSearchVocabulary) */
  svVocabulary?: ReadonlySet<string>;
  /** the catalogue's Finnish words (finnishSearchVocabulary), for compound heads */
  fiVocabulary?: ReadonlySet<string>;
}

const BASE_SV_VOCABULARY = swedishVocabulary([]);

export function planSearch(
  text: string | undefined,
  lang: 'fi' | 'sv' | 'en',
  context: SearchContext = {},
): SearchPlan {
  const words = text ? queryWords(text) : [];
  const plan: SearchPlan = {
    words,
    lemmas: [],
    extraTerms: [],
    extraLemmaText: '',
    topics: [],
    serviceTypes: [],
  };
  if (words.length === 0) return plan;
  const vocabulary = context.svVocabulary ?? BASE_SV_VOCABULARY;
  plan.lemmas = words
    .map((w) => lemmaTerm(w, lang, vocabulary, undefined, context.fiVocabulary))
    .filter((t): t is LemmaTerm => t !== null);
  if (context.thesaurus) {
    const expansion = expandQuery(context.thesaurus, words, lang);
    // the thesaurus terms that matched, when not as typed ("perheneuvolaa", "perheneuvla"), and
    // the terms they bring
    const typed = new Set(words);
    plan.extraTerms = [
      ...expansion.matched.filter((m) => !queryWords(m).every((w) => typed.has(w))),
      ...expansion.terms,
    ]
      .map((t) => queryWords(t))
      .filter((ws) => ws.length > 0)
      .slice(0, MAX_EXTRA_TERMS);
    plan.extraLemmaText = extraTermsLemmaText(plan.extraTerms, lang, context);
    plan.topics = expansion.topics;
    plan.serviceTypes = expansion.serviceTypes;
  }
  return plan;
}

/** A thesaurus entry may bring many terms: the search takes the first few. */
const MAX_EXTRA_TERMS = 12;

/** to_tsquery('simple', …) input for the lemma document: every word's terms joined with the operator. */
export function lemmaQueryText(terms: LemmaTerm[], operator: '|' | '&', loose: boolean): string {
  return terms.map((t) => (loose ? t.loose : t.strict)).join(` ${operator} `);
}

/** The same query, matching only the document's A-weighted words (the names). */
export function namesOnly(queryText: string): string {
  return queryText.replace(
    /([\p{L}\p{N}]+)(:\*)?/gu,
    (_, w: string, star?: string) => `${w}:${star ? '*' : ''}A`,
  );
}

/** to_tsquery input for the thesaurus's extra terms: each term's words all (&), any term (|). */
export function extraTermsQueryText(terms: string[][]): string {
  return terms.map((ws) => `(${tsQueryText(ws, '&')})`).join(' | ');
}

/** The same extra terms for the lemma document; terms with no content word are left out. */
export function extraTermsLemmaText(
  terms: string[][],
  lang: 'fi' | 'sv' | 'en',
  context: SearchContext = {},
): string {
  const vocabulary = context.svVocabulary ?? BASE_SV_VOCABULARY;
  return terms
    .map((ws) =>
      ws
        .map((w) => lemmaTerm(w, lang, vocabulary, undefined, context.fiVocabulary))
        .filter((t): t is LemmaTerm => t !== null),
    )
    .filter((ts) => ts.length > 0)
    .map((ts) => `(${lemmaQueryText(ts, '&', false)})`)
    .join(' | ');
}
