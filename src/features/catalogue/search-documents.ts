/**
 * The catalogue's search documents (service_search, migrations 0001, 0021, 0028), their
 * lexemes (search_lexeme, 0029) and the catalogue's words (search_word), written whenever a
 * service is; and the vocabularies the search reads from them (docs/search.md).
 */
import { type Kysely, sql } from 'kysely';
import type { DB, LocalizedText } from '../../platform/db/types.ts';
import { swedishVocabulary } from './decompound-sv.ts';
import { analyserVersion, finnishDocument, swedishDocument, swedishWords } from './lemmas.ts';
import type { Db } from './queries.ts';

/**
 * Rebuilds the search documents of the given services in fi, sv and en. Names weigh A,
 * service types and topics (with the words families use for them) B, summary and
 * description C, the provider's name D. A text missing in a language falls back to Finnish,
 * and the Finnish name is always in the document too: many Swedish speakers search "neuvola".
 * Only active services have documents (a retired one leaves the search with this call).
 */
export async function refreshServiceSearch(db: Db, serviceIds: string[]) {
  for (let i = 0; i < serviceIds.length; i += 5000) {
    const chunk = serviceIds.slice(i, i + 5000);
    await refreshSearchChunk(db, chunk);
    await refreshLemmaChunk(db, chunk);
  }
}

async function refreshSearchChunk(db: Db, serviceIds: string[]) {
  if (serviceIds.length === 0) return;
  await db.deleteFrom('service_search').where('service_id', 'in', serviceIds).execute();
  await sql`
    INSERT INTO service_search (service_id, lang, document, name_text, terms_text, sort_name, region_id)
    SELECT s.id, l.lang,
      setweight(to_tsvector(l.cfg::regconfig, coalesce(s.name->>l.lang, s.name->>'fi')), 'A') ||
      setweight(to_tsvector('finnish', s.name->>'fi'), 'A') ||
      setweight(to_tsvector(l.cfg::regconfig, coalesce(t.terms, '')), 'B') ||
      setweight(to_tsvector(l.cfg::regconfig,
        coalesce(s.summary->>l.lang, s.summary->>'fi') || ' ' || coalesce(s.description->>l.lang, s.description->>'fi')), 'C') ||
      setweight(to_tsvector(l.cfg::regconfig, coalesce(o.name->>l.lang, o.name->>'fi')), 'D'),
      lower(coalesce(s.name->>l.lang, s.name->>'fi') || ' ' || (s.name->>'fi')),
      lower(coalesce(t.terms, '')),
      coalesce(s.name->>l.lang, s.name->>'fi', ''),
      s.region_id
    FROM service s
    JOIN organization o ON o.id = s.organization_id
    CROSS JOIN (VALUES ('fi', 'finnish'), ('sv', 'swedish'), ('en', 'english')) AS l(lang, cfg)
    LEFT JOIN LATERAL (
      SELECT string_agg(
        coalesce(tt.name->>l.lang, tt.name->>'fi') || ' ' || coalesce(tt.keywords->>l.lang, ''), ' ') AS terms
      FROM service_taxonomy_term stt
      JOIN taxonomy_term tt ON tt.id = stt.taxonomy_term_id
      WHERE stt.service_id = s.id
    ) t ON true
    -- only active services are searched (migration 0028)
    WHERE s.id IN (${sql.join(serviceIds)}) AND s.status = 'active'
  `.execute(db);
  await rememberLexemes(db, serviceIds, 'document');
}

/** The documents' lexemes, for the search's prefixes (migration 0029). */
async function rememberLexemes(db: Db, serviceIds: string[], source: 'document' | 'lemmas') {
  await sql`
    INSERT INTO search_lexeme (lang, source, lexeme)
    SELECT DISTINCT ss.lang, ${source}, x.lexeme
    FROM service_search ss CROSS JOIN LATERAL unnest(tsvector_to_array(${sql.ref(`ss.${source}`)})) AS x(lexeme)
    WHERE ss.service_id IN (${sql.join(serviceIds)})
    ON CONFLICT DO NOTHING
  `.execute(db);
}

type SearchLang = 'fi' | 'sv' | 'en';
const SEARCH_LANGS: readonly SearchLang[] = ['fi', 'sv', 'en'];

/**
 * The lemma document of each row (migration 0021, docs/search.md), built in JS: Voikko's base
 * forms and compound parts of the Finnish texts (and of the Finnish name in every row), the
 * Swedish words and their compound parts; and the catalogue's words (search_word).
 */
async function refreshLemmaChunk(db: Db, serviceIds: string[]) {
  if (serviceIds.length === 0) return;
  const rows = await sql<{
    id: string;
    name: Partial<LocalizedText>;
    summary: Partial<LocalizedText>;
    description: Partial<LocalizedText>;
    org: Partial<LocalizedText>;
    terms: { name: Partial<LocalizedText>; keywords: Partial<LocalizedText> }[];
  }>`
    SELECT s.id, s.name, s.summary, s.description, o.name AS org,
      coalesce((SELECT jsonb_agg(jsonb_build_object('name', tt.name, 'keywords', tt.keywords))
        FROM service_taxonomy_term stt JOIN taxonomy_term tt ON tt.id = stt.taxonomy_term_id
        WHERE stt.service_id = s.id), '[]'::jsonb) AS terms
    FROM service s JOIN organization o ON o.id = s.organization_id
    WHERE s.id IN (${sql.join(serviceIds)}) AND s.status = 'active'
  `.execute(db);
  const text = (t: Partial<LocalizedText> | null | undefined, lang: SearchLang) => t?.[lang] ?? '';
  // the Swedish splitter's vocabulary: the catalogue's Swedish words so far and this chunk's
  const known = await db.selectFrom('search_word').select('word').where('lang', '=', 'sv').execute();
  const svChunkWords: string[] = [];
  for (const r of rows.rows) {
    for (const t of [r.name, r.summary, r.description, r.org])
      svChunkWords.push(...swedishWords(text(t, 'sv')));
    for (const t of r.terms)
      svChunkWords.push(...swedishWords(`${text(t.name, 'sv')} ${text(t.keywords, 'sv')}`));
  }
  const svVocabulary = swedishVocabulary([...known.map((k) => k.word), ...svChunkWords]);

  const ids: string[] = [];
  const langs: string[] = [];
  const sections: [string[], string[], string[], string[]] = [[], [], [], []];
  const vocabulary = new Map<SearchLang, Set<string>>(SEARCH_LANGS.map((l) => [l, new Set()]));
  for (const r of rows.rows) {
    for (const lang of SEARCH_LANGS) {
      // a text in the row's language, else the Finnish one (as the snowball document does)
      const pick = (t: Partial<LocalizedText> | null | undefined) =>
        t?.[lang] ? { text: t[lang] ?? '', lang } : { text: t?.fi ?? '', lang: 'fi' as SearchLang };
      // compound modifiers go to the least weight (D), whatever the text (lemmas.ts)
      const modifiers: string[] = [];
      const words = (t: { text: string; lang: SearchLang }): string[] => {
        const surface = swedishWords(t.text);
        const own = vocabulary.get(t.lang);
        for (const w of surface) own?.add(w);
        if (t.lang === 'en') return []; // English: the snowball document alone
        const analysed = t.lang === 'fi' ? finnishDocument(t.text) : swedishDocument(t.text, svVocabulary);
        const main: string[] = [];
        for (const x of analysed) {
          main.push(...x.main);
          modifiers.push(...x.modifiers);
          for (const w of [...x.main, ...x.modifiers]) own?.add(w);
        }
        return main;
      };
      const names = [
        ...words(pick(r.name)),
        ...(lang === 'fi' ? [] : words({ text: r.name.fi ?? '', lang: 'fi' })),
      ];
      const terms = r.terms.flatMap((t) => [
        ...words(pick(t.name)),
        ...words(t.keywords[lang] ? { text: t.keywords[lang] ?? '', lang } : { text: '', lang }),
      ]);
      const body = [...words(pick(r.summary)), ...words(pick(r.description))];
      const org = [...words(pick(r.org)), ...modifiers];
      ids.push(r.id);
      langs.push(lang);
      sections[0].push(names.join(' '));
      sections[1].push(terms.join(' '));
      sections[2].push(body.join(' '));
      sections[3].push(org.join(' '));
    }
  }
  await sql`
    UPDATE service_search ss SET lemmas =
      setweight(to_tsvector('simple', v.a), 'A') || setweight(to_tsvector('simple', v.b), 'B') ||
      setweight(to_tsvector('simple', v.c), 'C') || setweight(to_tsvector('simple', v.d), 'D')
    FROM unnest(${sql.val(ids)}::uuid[], ${sql.val(langs)}::text[], ${sql.val(sections[0])}::text[],
      ${sql.val(sections[1])}::text[], ${sql.val(sections[2])}::text[], ${sql.val(sections[3])}::text[])
      AS v(id, lang, a, b, c, d)
    WHERE ss.service_id = v.id AND ss.lang = v.lang
  `.execute(db);
  await rememberLexemes(db, serviceIds, 'lemmas');
  for (const lang of SEARCH_LANGS) {
    const words = [...(vocabulary.get(lang) ?? [])].filter((w) => w.length >= 3 && w.length <= 40);
    for (let i = 0; i < words.length; i += 5000) {
      await sql`
        INSERT INTO search_word (lang, word)
        SELECT ${lang}, w FROM unnest(${sql.val(words.slice(i, i + 5000))}::text[]) AS w
        ON CONFLICT DO NOTHING
      `.execute(db);
    }
  }
  forgetSearchVocabulary(db);
}

const VOCABULARY_TTL_MS = 60_000;
const vocabularyCache = new WeakMap<object, Map<SearchLang, { at: number; words: Promise<Set<string>> }>>();

/**
 * The catalogue's words in one language (search_word) as a set, kept for a minute per database;
 * this process forgets them when it writes documents.
 */
function catalogueVocabulary(
  db: Db,
  lang: SearchLang,
  toSet: (words: string[]) => Set<string>,
): Promise<Set<string>> {
  let perLang = vocabularyCache.get(db);
  if (!perLang) {
    perLang = new Map();
    vocabularyCache.set(db, perLang);
  }
  const cached = perLang.get(lang);
  if (cached && Date.now() - cached.at < VOCABULARY_TTL_MS) return cached.words;
  const words = db
    .selectFrom('search_word')
    .select('word')
    .where('lang', '=', lang)
    .execute()
    .then((rows) => toSet(rows.map((r) => r.word)));
  perLang.set(lang, { at: Date.now(), words });
  words.catch(() => perLang.delete(lang));
  return words;
}

/** The Swedish splitter's vocabulary for queries: the base words and the catalogue's Swedish words. */
export function swedishSearchVocabulary(db: Db): Promise<Set<string>> {
  return catalogueVocabulary(db, 'sv', swedishVocabulary);
}

/**
 * The catalogue's Finnish words, surface forms and Voikko lemmas and parts: a query compound's
 * head alone is looked for only when its other parts are among them ("kouluahdistus" meets
 * "ahdistus"; "kalastuslupa" does not meet "lupa").
 */
export function finnishSearchVocabulary(db: Db): Promise<Set<string>> {
  return catalogueVocabulary(db, 'fi', (words) => new Set(words));
}

function forgetSearchVocabulary(db: Db) {
  vocabularyCache.delete(db);
}

/** The words of the catalogue among `words` (did you mean …: which words it does not know). */
export async function knownSearchWords(db: Db, lang: SearchLang, words: string[]): Promise<Set<string>> {
  if (words.length === 0) return new Set();
  const rows = await db
    .selectFrom('search_word')
    .select('word')
    .where('lang', '=', lang)
    .where('word', 'in', words)
    .execute();
  return new Set(rows.map((r) => r.word));
}

/** The catalogue's word most like `word` by trigrams, if it is alike enough (similarity ≥ 0.45). */
export async function nearestSearchWord(db: Db, lang: SearchLang, word: string): Promise<string | null> {
  const row = await sql<{ word: string }>`
    SELECT word FROM search_word
    WHERE lang = ${lang} AND word % ${word} AND word <> ${word} AND similarity(word, ${word}) >= 0.45
    ORDER BY similarity(word, ${word}) DESC, length(word), word LIMIT 1
  `.execute(db);
  return row.rows[0]?.word ?? null;
}

/**
 * Rebuilds every search document once when the analyser differs from the one that built them
 * (Voikko installed or removed, a new analysis): a start after such a change. Returns whether
 * it rebuilt.
 */
export async function rebuildSearchIfAnalyserChanged(db: Kysely<DB>): Promise<boolean> {
  const version = analyserVersion();
  const row = await db
    .selectFrom('search_state')
    .select('value')
    .where('key', '=', 'analyser')
    .executeTakeFirst();
  if (row?.value === version) return false;
  const rebuilt = await db.transaction().execute(async (trx) => {
    const ids = await trx.selectFrom('service').select('id').execute();
    await trx.deleteFrom('search_word').execute();
    await refreshServiceSearch(
      trx,
      ids.map((r) => r.id),
    );
    await trx
      .insertInto('search_state')
      .values({ key: 'analyser', value: version })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: version }))
      .execute();
    return ids.length > 0;
  });
  return rebuilt;
}
