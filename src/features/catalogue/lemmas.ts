/**
 * The second search document (service_search.lemmas, migration 0021) and the words a query
 * looks for in it: Finnish base forms and compound parts from Voikko, Swedish compound parts
 * from the splitter (decompound-sv.ts). Pure apart from Voikko, which is looked up once per
 * word and kept in a per-process cache. docs/search.md.
 */
import { type Voikko, voikko } from '../../platform/voikko.ts';
import { decompoundSv, definiteStripped, swedishTokens } from './decompound-sv.ts';

/**
 * Written to search_state when the documents are built: a different value (Voikko installed or
 * removed, the analysis changed) rebuilds every document once at start.
 */
export function analyserVersion(): string {
  return `${voikko() ? 'voikko' : 'snowball'}-sv1-3`;
}

const MIN_TOKEN = 3;
/** Word classes that say nothing of a need: "ei", "ja", "se", "minä", "oi". */
const FUNCTION_CLASSES = new Set(['kieltosana', 'sidesana', 'asemosana', 'huudahdussana', 'suhdesana']);
/** and verbs of everyday phrasing that name no need ("ei halua mennä kouluun": the need is "koulu") */
const FUNCTION_LEMMAS = new Set([
  'olla',
  'voida',
  'tulla',
  'saada',
  'pitää',
  'myös',
  'vain',
  'kuin',
  'niin',
  'mennä',
  'haluta',
  'tehdä',
  'käydä',
  'alkaa',
  'jaksaa',
  'osata',
  'täytyä',
  'kannattaa',
]);
const SV_STOP = new Set([
  'och',
  'att',
  'det',
  'som',
  'för',
  'med',
  'den',
  'inte',
  'har',
  'kan',
  'till',
  'från',
  'till',
  'eller',
  'men',
  'vid',
  'mitt',
  'min',
  'vår',
  'han',
  'hon',
  'jag',
  'vill',
  'ska',
  'är',
  'var',
  'om',
  'på',
  'av',
  'så',
]);

/** One Finnish word's analysis, in lower case: whole base forms, heads, and the other parts. */
export interface WordLemmas {
  /** base forms of the whole word ("kouluahdistus") */
  whole: string[];
  /** each analysis's parts ("koulu", "ahdistus"); one entry per analysis with two or more */
  parts: string[][];
  /** the last part's base forms ("ahdistus"), for compounds only */
  heads: string[];
  /** parts as written when that differs from their base form ("lasten"), for documents */
  written: string[];
  /** a word that says nothing of a need ("ei", "ja", "olla") */
  functionWord: boolean;
}

const CACHE_LIMIT = 200_000;
const cache = new Map<string, WordLemmas | null>();

function clean(text: string): string[] {
  return (
    text
      .toLowerCase()
      .normalize('NFC')
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}

/** Voikko's analysis of one Finnish word (lower case), or null when it does not know the word. */
export function finnishLemmas(word: string, v: Voikko | null = voikko()): WordLemmas | null {
  if (!v) return null;
  const key = word.toLowerCase();
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  const analyses = v.analyze(key);
  let result: WordLemmas | null = null;
  if (analyses.length > 0) {
    const whole = new Set<string>();
    const heads = new Set<string>();
    const parts: string[][] = [];
    const written = new Set<string>();
    let functionWord = true;
    // "halua" is haluta (a verb of everyday phrasing) or halu (a noun): a word that can be
    // one of those verbs names no need
    let everydayVerb = false;
    for (const a of analyses) {
      const base = clean(a.baseform).join('');
      if (!base) continue;
      whole.add(base);
      if (!FUNCTION_CLASSES.has(a.wordClass) && !FUNCTION_LEMMAS.has(base)) functionWord = false;
      if (FUNCTION_LEMMAS.has(base)) everydayVerb = true;
      if (a.surfaceParts.length < 2) continue;
      // the parts before the head are written as in the base form; the head is what is left
      const before = a.surfaceParts.slice(0, -1).map((p) => clean(p).join(''));
      const prefix = before.join('');
      const head = base.startsWith(prefix) ? base.slice(prefix.length) : '';
      const own = before.map((p, i) => {
        const b = a.partBases[i];
        return b ? clean(b).join('') || p : p;
      });
      const list = [...own, head].filter((p) => p.length >= MIN_TOKEN);
      // also the written form of a genitive modifier ("lasten" beside "lapsi")
      for (const p of before) if (p.length >= MIN_TOKEN && !list.includes(p)) written.add(p);
      if (head.length >= MIN_TOKEN) heads.add(head);
      if (list.length >= 2) parts.push([...new Set(list)]);
    }
    if (whole.size > 0)
      result = {
        whole: [...whole],
        parts,
        heads: [...heads],
        written: [...written],
        functionWord: functionWord || everydayVerb,
      };
  }
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, result);
  return result;
}

/**
 * The lemma document's words of a Finnish text: every word's base forms and compound parts
 * (a word Voikko does not know as written). Empty without Voikko: the snowball document alone
 * then serves the Finnish search.
 */
export function finnishDocumentWords(text: string, v: Voikko | null = voikko()): string[] {
  return finnishDocument(text, v).flatMap((x) => [...x.main, ...x.modifiers]);
}

/**
 * The same, apart: `main` holds the base forms of whole words and of compound heads (they weigh
 * as the text they come from), `modifiers` the other parts of compounds ("lapsi" and "lasten"
 * of "lastenneuvola"), which the document weighs least: a clinic for children is not a text
 * about a child.
 */
export function finnishDocument(
  text: string,
  v: Voikko | null = voikko(),
): { main: string[]; modifiers: string[] }[] {
  if (!v) return [];
  const out: { main: string[]; modifiers: string[] }[] = [];
  for (const word of clean(text)) {
    const l = finnishLemmas(word, v);
    if (!l) {
      if (word.length >= MIN_TOKEN) out.push({ main: [word], modifiers: [] });
      continue;
    }
    if (l.functionWord) continue;
    const modifiers = new Set<string>(l.written);
    for (const p of l.parts) for (const x of p.slice(0, -1)) modifiers.add(x);
    out.push({ main: [...l.whole, ...l.heads], modifiers: [...modifiers] });
  }
  return out;
}

/** The lemma document's words of a Swedish text, apart as finnishDocument's. */
export function swedishDocument(
  text: string,
  vocabulary: ReadonlySet<string>,
): { main: string[]; modifiers: string[] }[] {
  const out: { main: string[]; modifiers: string[] }[] = [];
  for (const word of clean(text)) {
    if (word.length < MIN_TOKEN || SV_STOP.has(word)) continue;
    const tokens = swedishTokens(word, vocabulary);
    const parts = decompoundSv(word, vocabulary);
    const modifiers = parts ? parts.slice(0, -1) : [];
    out.push({ main: tokens.filter((t) => !modifiers.includes(t)), modifiers });
  }
  return out;
}

/** The lemma document's words of a Swedish text: the words, their base forms and compound parts. */
export function swedishDocumentWords(text: string, vocabulary: ReadonlySet<string>): string[] {
  return swedishDocument(text, vocabulary).flatMap((x) => [...x.main, ...x.modifiers]);
}

/** Swedish words of a text, for the splitter's vocabulary. */
export function swedishWords(text: string): string[] {
  return clean(text).filter((w) => w.length >= MIN_TOKEN && !SV_STOP.has(w));
}

/**
 * What one query word looks for in the lemma document: `strict` (the whole word, or all its
 * parts) for the "all words" step, `loose` (also the head alone: "kouluahdistus" meets
 * "ahdistus") for the wider steps. tsquery text of letters and digits only; null when the word
 * is a function word or has nothing to look for.
 */
export interface LemmaTerm {
  word: string;
  strict: string;
  loose: string;
  /** the base forms, for the did-you-mean check */
  forms: string[];
}

const prefix = (w: string) => (w.length >= 5 ? `${w}:*` : w);
const or = (xs: string[]) => {
  const unique = [...new Set(xs)];
  return unique.length === 1 ? (unique[0] ?? '') : `(${unique.join(' | ')})`;
};

export function lemmaTerm(
  word: string,
  lang: 'fi' | 'sv' | 'en',
  svVocabulary: ReadonlySet<string>,
  v: Voikko | null = voikko(),
  fiVocabulary?: ReadonlySet<string>,
): LemmaTerm | null {
  const w = clean(word).join('');
  if (w.length < MIN_TOKEN) return null;
  if (lang === 'sv') {
    if (SV_STOP.has(w)) return null;
    const bases = definiteStripped(w).filter((s) => svVocabulary.has(s));
    const parts = decompoundSv(w, svVocabulary);
    const strictAlts = [prefix(w), ...bases];
    if (parts) strictAlts.push(`(${parts.join(' & ')})`);
    const looseAlts = [...strictAlts];
    if (parts) looseAlts.push(parts[parts.length - 1] ?? w);
    // Finnish words typed on a Swedish page ("neuvola") meet the Finnish names' lemmas
    const fi = finnishLemmas(w, v);
    if (fi && !fi.functionWord) {
      strictAlts.push(...fi.whole);
      looseAlts.push(...fi.whole);
    }
    return { word: w, strict: or(strictAlts), loose: or(looseAlts), forms: [w, ...bases] };
  }
  const l = finnishLemmas(w, v);
  if (!v) return null;
  if (!l) return { word: w, strict: prefix(w), loose: prefix(w), forms: [w] };
  if (l.functionWord) return null;
  // a word the catalogue has as a whole ("perhetyö") is looked for as a whole: its parts
  // ("perhe" & "työ") would find every text with both words anywhere
  if (fiVocabulary && l.whole.some((x) => fiVocabulary.has(x))) {
    const whole = or(l.whole.map(prefix));
    return { word: w, strict: whole, loose: whole, forms: l.whole };
  }
  const strictAlts = [...l.whole.map(prefix), ...l.parts.map((p) => `(${p.join(' & ')})`)];
  // the head alone only when the other parts are the catalogue's words: "kouluahdistus" meets
  // "ahdistus", but "kalastuslupa" (fishing licence) is not about a "lupa" the catalogue has
  const heads = fiVocabulary
    ? l.parts
        .filter((p) => p.slice(0, -1).every((x) => fiVocabulary.has(x)))
        .map((p) => p[p.length - 1] ?? '')
    : l.heads;
  const looseAlts = [...strictAlts, ...heads.filter((h) => h.length >= MIN_TOKEN)];
  return { word: w, strict: or(strictAlts), loose: or(looseAlts), forms: l.whole };
}
