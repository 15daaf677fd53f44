/**
 * "Did you mean …": when the words of a query found nothing by themselves, the query again with
 * each word the catalogue does not know replaced by the catalogue's word most like it. Limited
 * to the catalogue's vocabulary (search_word), so it never proposes a word that finds nothing.
 * Finnish with Voikko: only a word Voikko calls misspelt is replaced, by the first of Voikko's
 * suggestions that the catalogue knows, else the nearest catalogue word by trigrams. Without
 * Voikko, and in Swedish and English: a word the catalogue does not know, by trigrams, when it
 * is alike enough. docs/search.md.
 */
import type { Voikko } from '../../platform/voikko.ts';
import { finnishLemmas } from './lemmas.ts';
import { queryWords } from './search.ts';
import { knownSearchWords, nearestSearchWord } from './search-documents.ts';

type Db = Parameters<typeof knownSearchWords>[0];

/** Words shorter than this are left as typed ("ja", "och", "vy"). */
const MIN_WORD = 4;

export async function didYouMean(
  db: Db,
  lang: 'fi' | 'sv' | 'en',
  text: string,
  v: Voikko | null,
  fiVocabulary?: ReadonlySet<string>,
): Promise<string | null> {
  const words = queryWords(text);
  const candidates = words.filter((w) => w.length >= MIN_WORD && !/\d/.test(w));
  if (candidates.length === 0) return null;
  const known = await knownSearchWords(db, lang, candidates);
  let changed = false;
  const out: string[] = [];
  for (const word of words) {
    const replacement = candidates.includes(word) && !known.has(word) ? await fix(word) : null;
    if (replacement && replacement !== word) changed = true;
    out.push(replacement ?? word);
  }
  return changed ? out.join(' ') : null;

  async function fix(word: string): Promise<string | null> {
    if (lang === 'fi' && v) {
      if (v.spell(word)) return null; // a real word, only not in the catalogue
      for (const s of v.suggest(word).slice(0, 8)) {
        const lower = s.toLowerCase();
        const forms = [lower, ...(finnishLemmas(lower, v)?.whole ?? [])];
        if (
          fiVocabulary
            ? forms.some((f) => fiVocabulary.has(f))
            : (await knownSearchWords(db, lang, forms)).size > 0
        )
          return lower;
      }
    }
    return nearestSearchWord(db, lang, word);
  }
}
