/**
 * The catalogue search's one SQL statement (docs/search.md, "The query"), built from the
 * planned words (search.ts) and the filters; catalogue.ts runs it in steps (runSearch).
 */
import { type RawBuilder, sql } from 'kysely';
import type { Lang } from '../../i18n/index.ts';
import type { LocalizedText } from '../../platform/db/types.ts';
import { voikko } from '../../platform/voikko.ts';
import type { CatalogueFilters, CatalogueOptions, TermOption } from './catalogue-types.ts';
import {
  extraTermsQueryText,
  lemmaQueryText,
  namesOnly,
  planSearch,
  type SearchPlan,
  TEXT_SEARCH_CONFIG,
  trigramWords,
  tsQueryText,
} from './search.ts';

/**
 * The catalogue search behind the public pages and the HSDS API. With text it ranks by
 * relevance (full text with stemming in the page's language, plus trigram similarity for
 * compound parts and typos); without text by name. Only active services are listed.
 */
export interface SearchRow {
  id: string;
  name: LocalizedText;
  summary: LocalizedText;
  organization_id: string;
  organization_name: LocalizedText;
  channels: string[];
  languages: string[];
  min_age: number | null;
  max_age: number | null;
  area_scope: 'region' | 'municipalities';
  area_codes: string[];
  updated_at: Date;
  score: number;
  total: string;
  /** how many were found by their words, not only by the thesaurus or a trigram */
  direct_total: string;
  referral: boolean;
}

/**
 * The one SQL statement of a catalogue search (filters already checked). With text it ranks
 * by relevance: full text with stemming in the page's language, plus trigram similarity for
 * compound parts and typos; without text by name. Only active services are listed.
 *
 * Built for speed on a large catalogue (docs/search.md): candidates come from the two
 * indexes (full text, trigrams) separately; only cheap scores are computed for every
 * candidate (ts_rank, which words matched), trigram similarity only for those found by
 * trigrams alone; and the wide display columns are joined after the page is cut.
 */
export function searchQuery(
  options: CatalogueOptions,
  filters: CatalogueFilters,
  lang: Lang,
  page: number,
  perPage: number,
  match: WordMatch = 'fuzzy',
  plan: SearchPlan = planSearch(filters.text, lang),
): RawBuilder<SearchRow> {
  const where: RawBuilder<unknown>[] = [sql`s.status = 'active'`];
  if (filters.municipality) {
    where.push(sql`(
      (s.area_scope = 'region' AND s.region_id = (SELECT region_id FROM municipality WHERE code = ${filters.municipality}))
      OR EXISTS (SELECT 1 FROM service_area sa WHERE sa.service_id = s.id AND sa.municipality_code = ${filters.municipality}))`);
  }
  if (filters.age !== undefined) {
    where.push(
      sql`(s.min_age IS NULL OR s.min_age <= ${filters.age}) AND (s.max_age IS NULL OR s.max_age >= ${filters.age})`,
    );
  }
  const termFilter = (ids: string[]) =>
    sql`EXISTS (SELECT 1 FROM service_taxonomy_term stt WHERE stt.service_id = s.id AND stt.taxonomy_term_id IN (${sql.join(ids)}))`;
  const idsOf = (terms: TermOption[], codes: string[]) =>
    terms.filter((t) => codes.includes(t.code)).map((t) => t.id);
  if (filters.topics?.length) where.push(termFilter(idsOf(options.topics, filters.topics)));
  if (filters.serviceTypes?.length) where.push(termFilter(idsOf(options.serviceTypes, filters.serviceTypes)));
  if (filters.taxonomyTermIds?.length) where.push(termFilter(filters.taxonomyTermIds));
  if (filters.taxonomyId) {
    where.push(sql`EXISTS (SELECT 1 FROM service_taxonomy_term stt JOIN taxonomy_term tt ON tt.id = stt.taxonomy_term_id
      WHERE stt.service_id = s.id AND tt.taxonomy_id = ${filters.taxonomyId})`);
  }
  if (filters.channels?.length) where.push(sql`s.channels && ${sql.val(filters.channels)}::text[]`);
  if (filters.language) where.push(sql`${filters.language} = ANY(s.languages)`);
  if (filters.organizationId) where.push(sql`s.organization_id = ${filters.organizationId}`);
  if (filters.modifiedAfter) where.push(sql`s.updated_at >= ${filters.modifiedAfter}`);
  // the status and the region are in service_search too (migration 0028): the text search
  // checks them there
  const serviceFilters = where.slice(1);
  if (filters.regionId) where.push(sql`s.region_id = ${filters.regionId}`);
  const sortName = sql`coalesce(s.name->>${lang}, s.name->>'fi')`;
  // With text, the candidates come from service_search, which holds the active services alone
  // with their region and names (migration 0028): the service table is read only for the other
  // filters.
  const filtered = serviceFilters.length
    ? sql`WHERE EXISTS (SELECT 1 FROM service s WHERE s.id = c.service_id AND ${sql.join(serviceFilters, sql` AND `)})`
    : sql``;
  const inRegion = (alias: string) =>
    filters.regionId ? sql` AND ${sql.ref(`${alias}.region_id`)} = ${filters.regionId}` : sql``;
  // services of a type reached by a referral (service-types.csv): labelled, and ranked below
  // open services unless the query names them
  const referralIds = options.serviceTypes.filter((t) => t.referral).map((t) => t.id);
  const referralOf = (id: RawBuilder<unknown>) =>
    referralIds.length
      ? sql`EXISTS (SELECT 1 FROM service_taxonomy_term r WHERE r.service_id = ${id} AND r.taxonomy_term_id IN (${sql.join(referralIds)}))`
      : sql`false`;

  const words = plan.words;
  if (words.length === 0) {
    return sql<SearchRow>`
    WITH ranked AS (
      SELECT s.id, ${sortName} AS sort_name, 0::float8 AS score, count(*) OVER () AS total, count(*) OVER () AS direct_total
      FROM service s WHERE ${sql.join(where, sql` AND `)}),
    page AS (SELECT * FROM ranked ORDER BY sort_name, id LIMIT ${perPage} OFFSET ${(page - 1) * perPage})
    ${pageColumns(referralOf)}`;
  }
  const cfg = TEXT_SEARCH_CONFIG[lang];
  const anyWord = sql`to_tsquery(${cfg}::regconfig, ${tsQueryText(words, '|')})`;
  const allWords = sql`to_tsquery(${cfg}::regconfig, ${tsQueryText(words, '&')})`;
  const wanted = match === 'all' ? allWords : anyWord;
  // the lemma document (migration 0021): Voikko's base forms and compound parts, Swedish parts
  const lemmas = plan.lemmas;
  const lemmaAny = lemmas.length ? sql`to_tsquery('simple', ${lemmaQueryText(lemmas, '|', true)})` : null;
  const lemmaAll = lemmas.length ? sql`to_tsquery('simple', ${lemmaQueryText(lemmas, '&', false)})` : null;
  const lemmaWanted = match === 'all' ? lemmaAll : lemmaAny;
  // the thesaurus's extra terms ("parisuhdeterapia" brings "pariterapia")
  const extra = plan.extraTerms.length
    ? sql`to_tsquery(${cfg}::regconfig, ${extraTermsQueryText(plan.extraTerms)})`
    : null;
  const extraLemmas = plan.extraLemmaText ? sql`to_tsquery('simple', ${plan.extraLemmaText})` : null;
  // the topics and service types the query names ("koulupoissaolo": Koulunkäynti ja poissaolot)
  const namedIds = [...idsOf(options.topics, plan.topics), ...idsOf(options.serviceTypes, plan.serviceTypes)];
  // lang is one of three literals: written into the SQL so that the per-language partial
  // indexes (migrations 0002 and 0021) apply to every plan, generic or not.
  const inLang = sql.lit(lang);
  // what the indexes look for: each prefix as the alternation of the lexemes it matches
  // (migration 0029), once per statement
  const indexed = (query: RawBuilder<unknown>, source: 'document' | 'lemmas') =>
    sql`(SELECT search_expand(${query}, ${inLang}, ${sql.lit(source)}))`;
  // the words typed (either document)
  const wordMatch = (alias: string) => {
    const parts = [sql`${sql.ref(`${alias}.document`)} @@ ${indexed(wanted, 'document')}`];
    if (lemmaWanted) parts.push(sql`${sql.ref(`${alias}.lemmas`)} @@ ${indexed(lemmaWanted, 'lemmas')}`);
    return sql`(${sql.join(parts, sql` OR `)})`;
  };
  // ... or the thesaurus's terms, which find services of their own only in the widest step
  const thesaurusFinds = (extra !== null || extraLemmas !== null) && match === 'fuzzy';
  const textMatch = (alias: string) => {
    const parts = [wordMatch(alias)];
    if (extra && match === 'fuzzy')
      parts.push(sql`${sql.ref(`${alias}.document`)} @@ ${indexed(extra, 'document')}`);
    if (extraLemmas && match === 'fuzzy')
      parts.push(sql`${sql.ref(`${alias}.lemmas`)} @@ ${indexed(extraLemmas, 'lemmas')}`);
    return sql`(${sql.join(parts, sql` OR `)})`;
  };
  const tri = match === 'fuzzy' ? trigramWords(words) : [];
  // a named topic's service whose name is like a word ("perheneuvla") also gets its similarity
  const nameSimilarity = (alias: string) =>
    tri.length
      ? sql`greatest(${sql.join(tri.map((w) => sql`word_similarity(${w}, ${sql.ref(`${alias}.name_text`)})`))})`
      : sql`0::real`;
  // Which words each candidate has: a word that few candidates have ("nuku" in
  // "lapsi ei nuku") says more than one that all have ("lapsi"). Words shorter than three
  // letters are mostly stop words ("ei", "ja", "i") that no document has. A topic the query
  // names counts as one more such word.
  const lemmaOf = new Map(lemmas.map((t) => [t.word, t]));
  // with Voikko, its function words ("ei", "halua", "mennä") are not counted either
  const contentWord = (w: string) => w.length >= 3 && (lang === 'sv' || !voikko() || lemmaOf.has(w));
  const matchWords = words.length > 1 ? words.filter(contentWord) : [];
  const wordFlags = matchWords.map((w) => {
    const l = lemmaOf.get(w);
    const byLemma = l ? sql` OR xs.lemmas @@ to_tsquery('simple', ${l.loose})` : sql``;
    return sql`(xs.document @@ to_tsquery(${cfg}::regconfig, ${tsQueryText([w], '|')})${byLemma})::int`;
  });
  // how many of the named topics and types the service has (at most three): a service with
  // the school-absence topic and the school social worker's type beats one with either
  const namedFlag = namedIds.length > 0 && matchWords.length > 0;
  const flagCount = wordFlags.length + (namedFlag ? 1 : 0);
  const flagNames = Array.from({ length: flagCount }, (_, i) => sql.raw(`m${i}`));
  const flagColumns = (values: RawBuilder<unknown>[]) =>
    sql.join(
      values.map((v, i) => sql`, ${v} AS ${flagNames[i]}`),
      sql``,
    );
  const noFlags = flagColumns(wordFlags.map(() => sql`0`));

  // Compound parts and base forms (the lemma document) weigh a little less than the words
  // as written: "neuvola" puts "Neuvolan chat" before "Lastenneuvola".
  const rankOf = (d: RawBuilder<unknown>, l: RawBuilder<unknown> | null) =>
    l ? sql`greatest(${d}, ${LEMMA_FACTOR} * ${l})` : d;
  // any word + twice all words, the lemma document's any word at LEMMA_FACTOR; one rank when
  // the two queries are the same (one word): 3 × (2.8 × for the lemmas) the same rank
  const textRank = (alias: string) => {
    const d = sql.ref(`${alias}.document`);
    const l = sql.ref(`${alias}.lemmas`);
    const documentRank =
      words.length === 1
        ? sql`3 * ts_rank(${d}, ${allWords})`
        : sql`ts_rank(${d}, ${anyWord}) + 2 * ts_rank(${d}, ${allWords})`;
    if (!lemmaAny || !lemmaAll) return documentRank;
    const lemmaRank =
      lemmaQueryText(lemmas, '|', true) === lemmaQueryText(lemmas, '&', false)
        ? sql`(${LEMMA_FACTOR} + 2) * ts_rank(${l}, ${lemmaAll})`
        : sql`${LEMMA_FACTOR} * ts_rank(${l}, ${lemmaAny}) + 2 * ts_rank(${l}, ${lemmaAll})`;
    return sql`greatest(${documentRank}, ${lemmaRank})`;
  };
  // The thesaurus lifts a service that the words alone do not find, up to a little below a
  // name with the word; it does not add to a direct match.
  const hasExtra = extra !== null || extraLemmas !== null;
  const extraRank = (alias: string) => {
    const d = sql.ref(`${alias}.document`);
    const l = sql.ref(`${alias}.lemmas`);
    return extra
      ? sql`0.5 * ${rankOf(sql`ts_rank(${d}, ${extra})`, extraLemmas ? sql`ts_rank(${l}, ${extraLemmas})` : null)}`
      : sql`0.5 * ts_rank(${l}, ${extraLemmas})`;
  };
  // a name with a word of the query: a service asked for by name, referral or not
  const nameQuery = sql`to_tsquery(${cfg}::regconfig, ${namesOnly(tsQueryText(words, '|'))})`;
  const nameLemmas = lemmaAny
    ? sql` OR xs.lemmas @@ to_tsquery('simple', ${namesOnly(lemmaQueryText(lemmas, '|', false))})`
    : sql``;
  // Disjoint sets of candidates, each found through its own index: the full-text matches
  // (both documents), the services of a topic the query names, and the trigram matches of
  // the names that neither found. Only ids and small flags are kept, not the documents.
  const textCandidates = sql`
    SELECT service_id, ${thesaurusFinds ? wordMatch('xs') : sql`true`} AS direct,
      ${thesaurusFinds ? sql`CASE WHEN ${wordMatch('xs')} THEN 0 ELSE ${nameSimilarity('xs')} END` : sql`0::real`} AS similarity,
      ${textRank('xs')} AS text_rank,
      ${hasExtra ? extraRank('xs') : sql`0::float8`} AS extra_rank,
      (${referralOf(sql`xs.service_id`)} AND NOT (xs.document @@ ${nameQuery}${nameLemmas})) AS referral_only,
      xs.sort_name
      ${flagColumns(wordFlags)}
    FROM service_search xs WHERE lang = ${inLang}${inRegion('xs')} AND ${textMatch('xs')}`;
  const namedServices = namedIds.length
    ? sql`(SELECT nt.service_id FROM service_taxonomy_term nt WHERE nt.taxonomy_term_id IN (${sql.join(namedIds)}))`
    : null;
  const topicCandidates =
    namedServices && match === 'fuzzy'
      ? sql`UNION ALL
      SELECT ts.service_id, false, false, ${nameSimilarity('ts')}, 0::float8, 0::float8, ${referralOf(sql`ts.service_id`)}, ts.sort_name${noFlags}
      FROM (SELECT DISTINCT nt.service_id FROM service_taxonomy_term nt
        WHERE nt.taxonomy_term_id IN (${sql.join(namedIds)}) AND nt.service_id NOT IN (SELECT service_id FROM textc)) n
      -- a row at a time by its key (the planner would read the whole table for a few hundred)
      CROSS JOIN LATERAL (SELECT * FROM service_search t WHERE t.service_id = n.service_id AND t.lang = ${inLang}${inRegion('t')}) ts`
      : sql``;
  const trigramCandidates = tri.length
    ? sql`UNION ALL
      SELECT service_id, false, false, ${nameSimilarity('gs')}, 0::float8, 0::float8, ${referralOf(sql`gs.service_id`)}, gs.sort_name${noFlags}
      FROM service_search gs
      WHERE lang = ${inLang}${inRegion('gs')} AND (${sql.join(
        tri.map((w) => sql`${w} <% name_text`),
        sql` OR `,
      )}) AND service_id NOT IN (SELECT service_id FROM textc)${namedServices ? sql` AND service_id NOT IN ${namedServices}` : sql``}`
    : sql``;
  const namedCounts = namedServices
    ? sql`LEFT JOIN (SELECT nc.service_id, count(*) AS n FROM service_taxonomy_term nc
        WHERE nc.taxonomy_term_id IN (${sql.join(namedIds)}) GROUP BY nc.service_id) nc ON nc.service_id = c.service_id`
    : sql``;
  const named = namedServices ? sql`(nc.n IS NOT NULL)` : sql`false`;
  const scoredFlags = sql.join(
    [
      ...wordFlags.map((_, i) => sql`, c.${flagNames[i]}`),
      ...(namedFlag ? [sql`, least(3, coalesce(nc.n, 0))::int AS ${flagNames[wordFlags.length]}`] : []),
    ],
    sql``,
  );
  // A word's rarity among the candidates, computed once (not per candidate)
  const rarityWeights = flagNames.map(
    (m, i) =>
      sql`, least(${MAX_RARITY}, ln((count(*) + 1.0::float8) / (count(*) FILTER (WHERE ${m} > 0) + 1.0::float8))) AS ${sql.raw(`r${i}`)}`,
  );
  const rarity = sql.join(
    [sql`0::float8`, ...flagNames.map((m, i) => sql`${m} * ${sql.raw(`r${i}`)}`)],
    sql` + `,
  );
  const referralFactor = sql`CASE WHEN referral_only THEN ${REFERRAL_FACTOR} ELSE 1::float8 END`;
  const namedRank = sql`${TOPIC_SCORE} * named::int`;
  // with no thesaurus term and no named topic, the words' rank alone (plus half the words' own
  // rank otherwise, so the words still order the services of a named topic)
  const withThesaurus = extra !== null || extraLemmas !== null || namedServices !== null;
  const baseRank = (text: RawBuilder<unknown>, thesaurus: RawBuilder<unknown>) =>
    withThesaurus ? sql`greatest(${text}, ${thesaurus}) + 0.5 * ${text}` : text;
  return sql<SearchRow>`
    WITH textc AS MATERIALIZED (${textCandidates}),
    scored AS MATERIALIZED (
      SELECT c.service_id AS id, c.sort_name, c.by_text, c.direct, c.similarity, c.text_rank, c.extra_rank, c.referral_only,
        ${named} AS named${scoredFlags}
      FROM (
        SELECT service_id, true AS by_text, direct, similarity, text_rank, extra_rank, referral_only, sort_name${sql.join(
          flagNames.slice(0, wordFlags.length).map((m) => sql`, ${m}`),
          sql``,
        )} FROM textc
        ${topicCandidates}
        ${trigramCandidates}
      ) c
      ${namedCounts}
      ${filtered}),
    counts AS (SELECT count(*) AS total, count(*) FILTER (WHERE direct) AS direct_total${sql.join(rarityWeights, sql``)} FROM scored),
    ranked AS (
      SELECT sc.id, sc.sort_name, counts.total, counts.direct_total,
        ((${baseRank(sql`sc.text_rank`, sql`sc.extra_rank + ${namedRank}`)} + sc.similarity + ${rarity}) * ${referralFactor})::float8 AS score
      FROM scored sc CROSS JOIN counts),
    page AS (SELECT * FROM ranked ORDER BY score DESC, sort_name, id LIMIT ${perPage} OFFSET ${(page - 1) * perPage})
    ${pageColumns(referralOf)}`;
}

/** The page's display columns, joined after the page is cut. */
function pageColumns(referralOf: (id: RawBuilder<unknown>) => RawBuilder<unknown>) {
  return sql`
    SELECT s.id, s.name, s.summary, s.organization_id, o.name AS organization_name, s.channels, s.languages,
      s.min_age, s.max_age, s.area_scope, s.updated_at, p.score, p.total, p.direct_total, ${referralOf(sql`s.id`)} AS referral,
      ARRAY(SELECT sa.municipality_code FROM service_area sa WHERE sa.service_id = s.id ORDER BY 1) AS area_codes
    FROM page p
    JOIN service s ON s.id = p.id
    JOIN organization o ON o.id = s.organization_id
    ORDER BY p.score DESC, p.sort_name, p.id
  `;
}

/** What a topic the query names is worth: a little below a name with the word (about 1.8). */
const TOPIC_SCORE = sql`1.2::float8`;
/** A word found in one candidate of a hundred says much, but not more than this. */
const MAX_RARITY = sql`2.5::float8`;
/** The lemma document's rank against the words as written (see rankOf). */
const LEMMA_FACTOR = sql`0.8::float8`;
/** A service reached by a referral, not asked for by name, keeps this share of its score. */
const REFERRAL_FACTOR = sql`0.35::float8`;

/** all: every word (full text); any: any word; fuzzy: any word, or a name like a word (trigrams). */
export type WordMatch = 'all' | 'any' | 'fuzzy';
