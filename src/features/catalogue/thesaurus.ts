/**
 * The domain thesaurus (docs/thesaurus.md): synonyms, near terms and everyday phrasings of
 * families and professionals, in fi, sv and en, mapped to topics and service types.
 * Pure functions, tested without a database; the shipped entries are in
 * data/seed/reference/thesaurus.json, a region's own additions in the thesaurus_entry table
 * (loadThesaurus in thesaurus-queries.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hasForbiddenCharacters } from '../../platform/text.ts';

/** An entry's id, shipped or own: what the staff page's addresses accept. */
export const THESAURUS_ENTRY_ID = /^[a-z0-9][a-z0-9-]{0,199}$/;

export type ThesaurusLang = 'fi' | 'sv' | 'en';
export const THESAURUS_LANGS: readonly ThesaurusLang[] = ['fi', 'sv', 'en'];
export type ThesaurusKind = 'synonym' | 'near' | 'phrase';
export const THESAURUS_KINDS: readonly ThesaurusKind[] = ['synonym', 'near', 'phrase'];

export interface ThesaurusEntry {
  id: string;
  /**
   * synonym: all terms are equal, any one brings the others.
   * near: terms[0] is the word typed, the rest are broader or narrower terms it brings
   * (one way: "koulukiusaaminen" brings "kiusaaminen", not the other way round).
   * phrase: everyday phrasings; they bring the entry's topics and service types only.
   */
  kind: ThesaurusKind;
  lang: ThesaurusLang;
  terms: string[];
  topics: string[];
  serviceTypes: string[];
  source: string;
}

interface IndexedTerm {
  entry: ThesaurusEntry;
  /** the term as written in the entry */
  term: string;
  /** its normalised words */
  words: string[];
}

export interface Thesaurus {
  readonly entries: readonly ThesaurusEntry[];
  /** terms by the first letters (up to 3) of their first word */
  readonly byKey: ReadonlyMap<string, IndexedTerm[]>;
}

export interface Expansion {
  /** extra terms to search for (each may be several words), not the words typed */
  terms: string[];
  /** topic codes the query names */
  topics: string[];
  /** service-type codes the query names */
  serviceTypes: string[];
  /** the thesaurus terms that matched, as written in the thesaurus */
  matched: string[];
}

export interface TopicSuggestion {
  topic: string;
  /** the words of the text that matched (lower case) */
  matched: string;
}

/** Limits for an editor's entry (validateThesaurusEntry). */
export const MAX_TERM_LENGTH = 80;
export const MAX_TERMS = 20;
export const MAX_SOURCE_LENGTH = 300;

/** Lower-case NFC words of letters and digits. */
export function thesaurusWords(text: string): string[] {
  return (
    text
      .normalize('NFC')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}

/** The most letters a typed word may add after the shared stem (a case ending, not a compound part). */
const MAX_ENDING = 6;
/** The most letters a thesaurus word may lose at the end (lapsi → laps-en, ahdistus → ahdistu-ksen). */
const MAX_STEM_LOSS = 3;
/** The shortest shared stem for words longer than this. */
const MIN_STEM = 4;

function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a[i] === b[i]) i++;
  return i;
}

/**
 * Does a typed word match a thesaurus word, allowing light (mostly Finnish) inflection?
 * Words of one or two letters ("ei") match only exactly; of three ("syö", "ero") as a prefix
 * with a case ending ("eroon", "syömään"); longer ones when they share a stem of at least
 * four letters that keeps all but three letters of the thesaurus word and the typed word adds
 * at most six letters after it: "koulupoissaoloista" ~ "koulupoissaolo", "kouluahdistuksen"
 * ~ "kouluahdistus", "isyyden" ~ "isyys", but not "koulukiusaaminen" ~ "koulu" (a compound).
 * Words of other languages than the query's match only exactly (wordsMatch(..., true)).
 */
export function wordsMatch(typed: string, word: string, exact = false): boolean {
  if (typed === word) return true;
  if (exact || word.length <= 2 || typed.length <= 2) return false;
  if (word.length === 3) return typed.startsWith(word) && typed.length - 3 <= 4;
  const p = commonPrefix(typed, word);
  if (p < MIN_STEM || p < word.length - MAX_STEM_LOSS || typed.length - p > MAX_ENDING) return false;
  // when the stem changed ("kiusaaminen" → "kiusaamisen"), what follows must be an ending, not
  // another word: "perhekeskus" is not a form of "perhetyö"
  return word.length - p < 2 || looksLikeEnding(typed.slice(p));
}

/** Case, number and definite endings of Finnish, Swedish and English (after up to two stem letters). */
const ENDINGS = new Set(
  (
    'n t a ä na nä ta tä tta ttä ssa ssä sta stä lla llä lta ltä lle ksi ine in en een seen hin han hän ' +
    'iin ja jä ita itä ihin issa issä ista istä ille illa illä ilta iltä iksi ien den tten jen sen ten ' +
    'et ar or er arna erna orna s ns ts ens es ing ed'
  ).split(' '),
);

function looksLikeEnding(rest: string): boolean {
  for (let stem = 0; stem <= 2 && stem <= rest.length; stem++) {
    if (ENDINGS.has(rest.slice(stem))) return true;
  }
  return false;
}

function keyOf(word: string): string {
  return word.slice(0, 3);
}

export function buildThesaurus(entries: ThesaurusEntry[]): Thesaurus {
  const byKey = new Map<string, IndexedTerm[]>();
  for (const entry of entries) {
    for (const term of entry.terms) {
      const words = thesaurusWords(term);
      const first = words[0];
      if (!first) continue;
      const key = keyOf(first);
      const list = byKey.get(key) ?? [];
      list.push({ entry, term, words });
      byKey.set(key, list);
    }
  }
  return { entries, byKey };
}

interface TermMatch {
  indexed: IndexedTerm;
  /** index of the first and last typed word of the match */
  start: number;
  end: number;
}

/**
 * Match the rest of a term's words in order after position `at`, with at most one word of
 * the text between two words of the term. Returns the index of the last word matched.
 */
function matchRest(text: string[], at: number, words: string[], exact: boolean): number | null {
  let pos = at;
  for (let k = 1; k < words.length; k++) {
    const w = words[k] as string;
    let found = -1;
    for (let j = pos + 1; j <= pos + 2 && j < text.length; j++) {
      if (wordsMatch(text[j] as string, w, exact)) {
        found = j;
        break;
      }
    }
    if (found < 0) return null;
    pos = found;
  }
  return pos;
}

function findMatches(t: Thesaurus, text: string[], lang: ThesaurusLang): TermMatch[] {
  const matches: TermMatch[] = [];
  for (let i = 0; i < text.length; i++) {
    const typed = text[i] as string;
    for (let k = 1; k <= 3; k++) {
      if (typed.length < k) break;
      const candidates = t.byKey.get(typed.slice(0, k));
      if (!candidates) continue;
      for (const c of candidates) {
        if (keyOf(c.words[0] as string).length !== k) continue;
        const exact = c.entry.lang !== lang;
        if (!wordsMatch(typed, c.words[0] as string, exact)) continue;
        const end = matchRest(text, i, c.words, exact);
        if (end !== null) matches.push({ indexed: c, start: i, end });
      }
    }
  }
  return matches;
}

function pushOnce(list: string[], value: string): void {
  if (!list.includes(value)) list.push(value);
}

/**
 * Extra words to search for, and the topics and service types the query names. `words` are
 * the words typed (search.ts queryWords). Entries of the query's language match with light
 * inflection; entries of the other languages only word for word (a Swedish speaker typing
 * "neuvola"). A term that covers only words already typed is not returned.
 */
export function expandQuery(t: Thesaurus, words: string[], lang: ThesaurusLang): Expansion {
  const text = words.flatMap((w) => thesaurusWords(w));
  const result: Expansion = { terms: [], topics: [], serviceTypes: [], matched: [] };
  const typed = new Set(text);
  const matches = findMatches(t, text, lang);
  // a phrase inside a longer one that matched says less than it: "lyö" (a child who hits) in
  // "mieheni lyö" (my husband hits me) is not read on its own
  const inLonger = (m: TermMatch) =>
    matches.some(
      (o) =>
        o !== m &&
        o.indexed.entry.kind === 'phrase' &&
        o.start <= m.start &&
        o.end >= m.end &&
        o.end - o.start > m.end - m.start,
    );
  for (const m of matches) {
    const { entry, term } = m.indexed;
    // a near entry is read one way: only its first term brings the others and its codes
    if (entry.kind === 'near' && term !== entry.terms[0]) continue;
    if (inLonger(m)) continue;
    pushOnce(result.matched, term);
    for (const topic of entry.topics) pushOnce(result.topics, topic);
    for (const type of entry.serviceTypes) pushOnce(result.serviceTypes, type);
    const brings =
      entry.kind === 'synonym'
        ? entry.terms.filter((x) => x !== term)
        : entry.kind === 'near'
          ? entry.terms.slice(1)
          : [];
    for (const b of brings) {
      if (thesaurusWords(b).every((w) => typed.has(w))) continue;
      pushOnce(result.terms, b);
    }
  }
  return result;
}

/**
 * Topics suggested from free text (a contact's own words), in the order their words appear
 * in the text, each once, with the words of the text that matched. A longer match of the
 * same place wins over a shorter one inside it.
 */
export function suggestTopics(t: Thesaurus, text: string, lang: ThesaurusLang): TopicSuggestion[] {
  const words = thesaurusWords(text).slice(0, 2000);
  const matches = findMatches(t, words, lang)
    .filter((m) => m.indexed.entry.topics.length > 0)
    .filter((m) => m.indexed.entry.kind !== 'near' || m.indexed.term === m.indexed.entry.terms[0])
    .sort((a, b) => a.start - b.start || b.end - b.start - (a.end - a.start));
  const out: TopicSuggestion[] = [];
  const seen = new Set<string>();
  for (const m of matches) {
    const matched = words.slice(m.start, m.end + 1).join(' ');
    for (const topic of m.indexed.entry.topics) {
      if (seen.has(topic)) continue;
      seen.add(topic);
      out.push({ topic, matched });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// The shipped data file

export const THESAURUS_FILE = join(
  fileURLToPath(new URL('../../../data/seed/reference/', import.meta.url)),
  'thesaurus.json',
);

export interface ThesaurusFile {
  header: {
    description: string;
    sources: Record<string, string>;
    [key: string]: unknown;
  };
  entries: ThesaurusEntry[];
}

function isStringArray(x: unknown): x is string[] {
  return Array.isArray(x) && x.every((s) => typeof s === 'string');
}

/** Parse and check the form of the data file (the codes are checked by a unit test). */
export function parseThesaurusFile(json: string): ThesaurusFile {
  const data = JSON.parse(json) as Partial<ThesaurusFile>;
  if (!data || typeof data !== 'object' || !data.header || !Array.isArray(data.entries)) {
    throw new Error('thesaurus.json: expected { header, entries }');
  }
  const ids = new Set<string>();
  const entries = data.entries.map((raw, i) => {
    const e = raw as Partial<ThesaurusEntry>;
    const where = `thesaurus.json entry ${i} (${String(e.id)})`;
    if (typeof e.id !== 'string' || !e.id) throw new Error(`${where}: no id`);
    if (ids.has(e.id)) throw new Error(`${where}: the id is used twice`);
    ids.add(e.id);
    if (!THESAURUS_KINDS.includes(e.kind as ThesaurusKind)) throw new Error(`${where}: bad kind`);
    if (!THESAURUS_LANGS.includes(e.lang as ThesaurusLang)) throw new Error(`${where}: bad lang`);
    if (!isStringArray(e.terms) || e.terms.length === 0) throw new Error(`${where}: no terms`);
    const topics = e.topics ?? [];
    const serviceTypes = e.serviceTypes ?? [];
    if (!isStringArray(topics) || !isStringArray(serviceTypes)) throw new Error(`${where}: bad codes`);
    if (typeof e.source !== 'string') throw new Error(`${where}: no source`);
    return {
      id: e.id,
      kind: e.kind as ThesaurusKind,
      lang: e.lang as ThesaurusLang,
      terms: e.terms.map((x) => x.normalize('NFC').toLowerCase().trim()),
      topics,
      serviceTypes,
      source: e.source,
    };
  });
  return { header: data.header, entries };
}

let shipped: ThesaurusEntry[] | null = null;

/** The entries of data/seed/reference/thesaurus.json, read once per process. */
export function shippedThesaurusEntries(): ThesaurusEntry[] {
  shipped ??= parseThesaurusFile(readFileSync(THESAURUS_FILE, 'utf8')).entries;
  return shipped;
}

let shippedBuilt: Thesaurus | null = null;

/** The shipped thesaurus, built once per process (no region's own entries). */
export function shippedThesaurus(): Thesaurus {
  shippedBuilt ??= buildThesaurus(shippedThesaurusEntries());
  return shippedBuilt;
}

// ---------------------------------------------------------------------------------------
// An editor's entry

export type ThesaurusErrorCode =
  | 'thesaurus.terms_required'
  | 'thesaurus.term_too_long'
  | 'thesaurus.too_many_terms'
  | 'thesaurus.bad_characters'
  | 'thesaurus.unknown_topic'
  | 'thesaurus.unknown_service_type'
  | 'thesaurus.codes_required'
  | 'thesaurus.synonym_needs_two'
  | 'thesaurus.bad_kind'
  | 'thesaurus.bad_lang'
  | 'thesaurus.source_too_long';

export interface ThesaurusInput {
  kind: string;
  lang: string;
  /** one term a line (or separated by ";") */
  terms: string;
  topics: string[];
  serviceTypes: string[];
  source: string;
}

export interface ValidThesaurusInput {
  kind: ThesaurusKind;
  lang: ThesaurusLang;
  terms: string[];
  topics: string[];
  serviceTypes: string[];
  source: string;
}

/** Bidirectional formatting characters (a term that reads one way and matches another). */
const BIDI = /[\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]/u;

/** Control characters (the product's shared rule, platform/text.ts) or bidi formatting characters. */
export function hasBadCharacters(text: string): boolean {
  return hasForbiddenCharacters(text, { multiLine: true }) || BIDI.test(text);
}

/** Check an editor's entry; the errors are by field, each a code. */
export function validateThesaurusEntry(
  input: ThesaurusInput,
  known: { topics: ReadonlySet<string>; serviceTypes: ReadonlySet<string> },
): { ok: true; value: ValidThesaurusInput } | { ok: false; errors: Record<string, ThesaurusErrorCode> } {
  const errors: Record<string, ThesaurusErrorCode> = {};
  if (!THESAURUS_KINDS.includes(input.kind as ThesaurusKind)) errors.kind = 'thesaurus.bad_kind';
  if (!THESAURUS_LANGS.includes(input.lang as ThesaurusLang)) errors.lang = 'thesaurus.bad_lang';
  const terms: string[] = [];
  if (hasBadCharacters(input.terms)) errors.terms = 'thesaurus.bad_characters';
  else {
    for (const raw of input.terms.split(/[\n;]/)) {
      const term = raw.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();
      if (!term) continue;
      if (term.length > MAX_TERM_LENGTH) {
        errors.terms = 'thesaurus.term_too_long';
        break;
      }
      if (thesaurusWords(term).length === 0) continue;
      if (!terms.includes(term)) terms.push(term);
    }
    if (!errors.terms && terms.length === 0) errors.terms = 'thesaurus.terms_required';
    else if (!errors.terms && terms.length > MAX_TERMS) errors.terms = 'thesaurus.too_many_terms';
    else if (!errors.terms && input.kind !== 'phrase' && terms.length < 2)
      errors.terms = 'thesaurus.synonym_needs_two';
  }
  const topics = [...new Set(input.topics.map((x) => x.trim()).filter(Boolean))];
  const serviceTypes = [...new Set(input.serviceTypes.map((x) => x.trim()).filter(Boolean))];
  if (topics.some((x) => !known.topics.has(x))) errors.topics = 'thesaurus.unknown_topic';
  if (serviceTypes.some((x) => !known.serviceTypes.has(x)))
    errors.serviceTypes = 'thesaurus.unknown_service_type';
  if (
    input.kind === 'phrase' &&
    !errors.topics &&
    !errors.serviceTypes &&
    topics.length + serviceTypes.length === 0
  )
    errors.topics = 'thesaurus.codes_required';
  const source = input.source.trim();
  if (hasBadCharacters(source)) errors.source = 'thesaurus.bad_characters';
  else if (source.length > MAX_SOURCE_LENGTH) errors.source = 'thesaurus.source_too_long';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      kind: input.kind as ThesaurusKind,
      lang: input.lang as ThesaurusLang,
      terms,
      topics,
      serviceTypes,
      source,
    },
  };
}
