import { type RawBuilder, sql } from 'kysely';
import type { Lang } from '../../i18n/index.ts';
import type { LocalizedText } from '../../platform/db/types.ts';
import { AppError, type FieldProblem } from '../../platform/errors.ts';
import { voikko } from '../../platform/voikko.ts';
import { didYouMean } from './did-you-mean.ts';
import { municipalityName } from './pages/format.ts';
import {
  allMunicipalities,
  allRegions,
  allTaxonomyTerms,
  type Db,
  finnishSearchVocabulary,
  readLocationRecords,
  readOrganizationRecords,
  readServiceRecords,
  swedishSearchVocabulary,
} from './queries.ts';
import type { LocationRecord, OrganizationRecord, ServiceRecord } from './records.ts';
import {
  extraTermsQueryText,
  lemmaQueryText,
  namesOnly,
  planSearch,
  type SearchContext,
  type SearchPlan,
  TEXT_SEARCH_CONFIG,
  trigramWords,
  tsQueryText,
} from './search.ts';
import { shippedThesaurus } from './thesaurus.ts';
import { loadThesaurus } from './thesaurus-queries.ts';

export const CHANNELS = ['visit', 'phone', 'chat', 'video', 'home_visit', 'eservice'] as const;
export type Channel = (typeof CHANNELS)[number];
export const SERVICE_LANGUAGES = ['fi', 'sv', 'en', 'se', 'ru', 'ar', 'so', 'uk', 'fa', 'et'] as const;
export type ServiceLanguage = (typeof SERVICE_LANGUAGES)[number];

/** What a user or API client asks of the catalogue, already checked for shape (schema.ts). */
export interface CatalogueFilters {
  text?: string;
  municipality?: string;
  age?: number;
  topics?: string[];
  serviceTypes?: string[];
  channels?: Channel[];
  language?: ServiceLanguage;
  organizationId?: string;
  /** only the services of this region (the public site: the region of its address) */
  regionId?: string;
  taxonomyTermIds?: string[];
  taxonomyId?: string;
  modifiedAfter?: Date;
}

export interface CatalogueOptions {
  regions: { id: string; code: string; name: LocalizedText }[];
  municipalities: { code: string; regionId: string; name: LocalizedText }[];
  topics: TermOption[];
  serviceTypes: TermOption[];
}
export interface TermOption {
  id: string;
  code: string;
  name: LocalizedText;
  /** a service type reached by a referral (service-types.csv, column referral) */
  referral?: boolean;
}

const OPTIONS_TTL_MS = 60_000;
const optionsCache = new WeakMap<Db, { at: number; options: Promise<CatalogueOptions> }>();

/**
 * The choices the filters offer: regions, municipalities, topics and service types. They are
 * reference data, read on every page: kept for a minute per database (prepareCatalogue
 * forgets them at once when it loads reference data).
 */
export function catalogueOptions(db: Db): Promise<CatalogueOptions> {
  const cached = optionsCache.get(db);
  if (cached && Date.now() - cached.at < OPTIONS_TTL_MS) return cached.options;
  const options = readCatalogueOptions(db);
  optionsCache.set(db, { at: Date.now(), options });
  options.catch(() => optionsCache.delete(db));
  return options;
}

export function forgetCatalogueOptions(db: Db): void {
  optionsCache.delete(db);
}

async function readCatalogueOptions(db: Db): Promise<CatalogueOptions> {
  const [regions, municipalities, terms] = await Promise.all([
    allRegions(db),
    allMunicipalities(db),
    allTaxonomyTerms(db),
  ]);
  const termsOf = (code: string) =>
    terms
      .filter((t) => t.taxonomy_code === code)
      .map((t) => ({ id: t.id, code: t.code, name: t.name, ...(t.referral ? { referral: true } : {}) }));
  return {
    regions: regions.map((r) => ({ id: r.id, code: r.code, name: r.name })),
    municipalities: municipalities.map((m) => ({ code: m.code, regionId: m.region_id, name: m.name })),
    topics: termsOf('topic'),
    serviceTypes: termsOf('service_type'),
  };
}

const collators = new Map<Lang, Intl.Collator>();

/**
 * The choices on one region's site: its municipalities only, named in the page language and in
 * that language's alphabetical order (Intl.Collator: Å, Ä, Ö after Z in fi and sv).
 */
export function regionOptions(options: CatalogueOptions, regionId: string, lang: Lang): CatalogueOptions {
  let collator = collators.get(lang);
  if (!collator) {
    collator = new Intl.Collator(lang);
    collators.set(lang, collator);
  }
  const named = options.municipalities
    .filter((m) => m.regionId === regionId)
    .map((m) => ({ m, name: municipalityName(lang, m.name) }));
  return {
    ...options,
    regions: options.regions.filter((r) => r.id === regionId),
    municipalities: named.sort((a, b) => collator.compare(a.name, b.name)).map(({ m }) => m),
  };
}

/** Unknown municipality, topic or service-type codes are the user's mistake: name each one. */
export function checkFilterValues(options: CatalogueOptions, filters: CatalogueFilters): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const unknown = (field: string, value: string) =>
    problems.push({ field, code: 'catalogue.unknown_filter_value', params: { value } });
  if (filters.municipality && !options.municipalities.some((m) => m.code === filters.municipality)) {
    unknown('municipality', filters.municipality);
  }
  for (const code of filters.topics ?? [])
    if (!options.topics.some((t) => t.code === code)) unknown('topic', code);
  for (const code of filters.serviceTypes ?? [])
    if (!options.serviceTypes.some((t) => t.code === code)) unknown('type', code);
  return problems;
}

export interface ServiceListItem {
  id: string;
  name: LocalizedText;
  summary: LocalizedText;
  organizationId: string;
  organizationName: LocalizedText;
  channels: string[];
  languages: string[];
  minAge: number | null;
  maxAge: number | null;
  areaMunicipalities: string[] | null;
  updatedAt: Date;
  score: number;
  /** of a type reached by a referral ("Lähete tarvitaan") */
  referral: boolean;
}

export interface SearchResult {
  total: number;
  page: number;
  perPage: number;
  pages: number;
  items: ServiceListItem[];
  /** the query with its unknown words replaced by the catalogue's, when its words found nothing */
  didYouMean?: string;
}

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
  if (filters.regionId) where.push(sql`s.region_id = ${filters.regionId}`);
  if (filters.modifiedAfter) where.push(sql`s.updated_at >= ${filters.modifiedAfter}`);
  const sortName = sql`coalesce(s.name->>${lang}, s.name->>'fi')`;
  // services of a type reached by a referral (service-types.csv): labelled, and ranked below
  // open services unless the query names them
  const referralIds = options.serviceTypes.filter((t) => t.referral).map((t) => t.id);
  const referralOf = (id: RawBuilder<unknown>) =>
    referralIds.length
      ? sql`EXISTS (SELECT 1 FROM service_taxonomy_term r WHERE r.service_id = ${id} AND r.taxonomy_term_id IN (${sql.join(referralIds)}))`
      : sql`false`;

  const words = plan.words;
  let scored: RawBuilder<unknown>;
  let ranked: RawBuilder<unknown>;
  // the services the text finds, when there is text (read once: the other candidates leave them out)
  let textCandidates: RawBuilder<unknown> | null = null;
  if (words.length === 0) {
    scored = sql`SELECT s.id, ${sortName} AS sort_name, 0::float8 AS base FROM service s WHERE ${sql.join(where, sql` AND `)}`;
    ranked = sql`SELECT id, sort_name, base AS score, count(*) OVER () AS total, count(*) OVER () AS direct_total FROM scored`;
  } else {
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
    const namedIds = [
      ...idsOf(options.topics, plan.topics),
      ...idsOf(options.serviceTypes, plan.serviceTypes),
    ];
    // the words typed (either document)
    const wordMatch = (alias: string) => {
      const parts = [sql`${sql.ref(`${alias}.document`)} @@ ${wanted}`];
      if (lemmaWanted) parts.push(sql`${sql.ref(`${alias}.lemmas`)} @@ ${lemmaWanted}`);
      return sql`(${sql.join(parts, sql` OR `)})`;
    };
    // ... or the thesaurus's terms, which find services of their own only in the widest step
    const textMatch = (alias: string) => {
      const parts = [wordMatch(alias)];
      if (extra && match === 'fuzzy') parts.push(sql`${sql.ref(`${alias}.document`)} @@ ${extra}`);
      if (extraLemmas && match === 'fuzzy') parts.push(sql`${sql.ref(`${alias}.lemmas`)} @@ ${extraLemmas}`);
      return sql`(${sql.join(parts, sql` OR `)})`;
    };
    const namedServices = namedIds.length
      ? sql`(SELECT nt.service_id FROM service_taxonomy_term nt WHERE nt.taxonomy_term_id IN (${sql.join(namedIds)}))`
      : null;
    // lang is one of three literals: written into the SQL so that the per-language partial
    // indexes (migrations 0002 and 0021) apply to every plan, generic or not.
    const inLang = sql.lit(lang);
    const tri = match === 'fuzzy' ? trigramWords(words) : [];
    // Disjoint sets of candidates, each found through its own index: the full-text matches
    // (both documents), the services of a topic the query names, and the trigram matches of
    // the names that neither found.
    // a named topic's service whose name is like a word ("perheneuvla") also gets its similarity
    const nameSimilarity = (alias: string) =>
      tri.length
        ? sql`greatest(${sql.join(tri.map((w) => sql`word_similarity(${w}, ${sql.ref(`${alias}.name_text`)})`))})`
        : sql`0::real`;
    const topicCandidates =
      namedServices && match === 'fuzzy'
        ? sql`UNION ALL
        SELECT ts.service_id, NULL::tsvector, NULL::tsvector, false, ${nameSimilarity('ts')}
        FROM service_search ts
        WHERE ts.lang = ${inLang} AND ts.service_id IN ${namedServices}
          AND ts.service_id NOT IN (SELECT service_id FROM textc)`
        : sql``;
    const trigramCandidates = tri.length
      ? sql`UNION ALL
        SELECT service_id, NULL::tsvector, NULL::tsvector, false, ${nameSimilarity('gs')}
        FROM service_search gs
        WHERE lang = ${inLang} AND (${sql.join(
          tri.map((w) => sql`${w} <% name_text`),
          sql` OR `,
        )}) AND service_id NOT IN (SELECT service_id FROM textc)${namedServices ? sql` AND service_id NOT IN ${namedServices}` : sql``}`
      : sql``;
    // Which words each candidate has: a word that few candidates have ("nuku" in
    // "lapsi ei nuku") says more than one that all have ("lapsi"). Words shorter than three
    // letters are mostly stop words ("ei", "ja", "i") that no document has. A topic the query
    // names counts as one more such word.
    const lemmaOf = new Map(lemmas.map((t) => [t.word, t]));
    // with Voikko, its function words ("ei", "halua", "mennä") are not counted either
    const contentWord = (w: string) => w.length >= 3 && (lang === 'sv' || !voikko() || lemmaOf.has(w));
    const matchWords = words.length > 1 ? words.filter(contentWord) : [];
    const matches = matchWords.map((w, i) => {
      const l = lemmaOf.get(w);
      const byLemma = l ? sql` OR ss.lemmas @@ to_tsquery('simple', ${l.loose})` : sql``;
      // (a topic's or a trigram's candidate has none of the words: not looked for again)
      return sql`, CASE WHEN ss.by_text THEN (ss.document @@ to_tsquery(${cfg}::regconfig, ${tsQueryText([w], '|')})${byLemma})::int ELSE 0 END AS ${sql.raw(`m${i}`)}`;
    });
    if (namedServices && matchWords.length > 0) {
      // how many of the named topics and types the service has (at most three): a service with
      // the school-absence topic and the school social worker's type beats one with either
      matches.push(
        sql`, least(3, (SELECT count(*) FROM service_taxonomy_term nc WHERE nc.service_id = ss.service_id
          AND nc.taxonomy_term_id IN (${sql.join(namedIds)})))::int AS ${sql.raw(`m${matches.length}`)}`,
      );
    }
    const rarity = matches.map(
      (_, i) =>
        sql` + ${sql.raw(`m${i}`)} * least(${MAX_RARITY}, ln((count(*) OVER () + 1.0) / (count(*) FILTER (WHERE ${sql.raw(`m${i}`)} > 0) OVER () + 1.0)))`,
    );
    // Compound parts and base forms (the lemma document) weigh a little less than the words
    // as written: "neuvola" puts "Neuvolan chat" before "Lastenneuvola".
    const rankOf = (d: RawBuilder<unknown>, l: RawBuilder<unknown> | null) =>
      l ? sql`greatest(${d}, ${LEMMA_FACTOR} * ${l})` : d;
    const textRank = rankOf(
      sql`ts_rank(ss.document, ${anyWord}) + 2 * ts_rank(ss.document, ${allWords})`,
      lemmaAny && lemmaAll
        ? sql`ts_rank(ss.lemmas, ${lemmaAny}) + 2 * ts_rank(ss.lemmas, ${lemmaAll})`
        : null,
    );
    // The thesaurus lifts a service that the words alone do not find, up to a little below a
    // name with the word; it does not add to a direct match.
    const extraRankOf = extra
      ? sql`0.5 * ${rankOf(sql`ts_rank(ss.document, ${extra})`, extraLemmas ? sql`ts_rank(ss.lemmas, ${extraLemmas})` : null)}`
      : extraLemmas
        ? sql`0.5 * ts_rank(ss.lemmas, ${extraLemmas})`
        : null;
    const extraRank = extraRankOf ? sql`CASE WHEN ss.by_text THEN ${extraRankOf} ELSE 0 END` : null;
    const namedRank = namedServices ? sql`${TOPIC_SCORE} * (ss.service_id IN ${namedServices})::int` : null;
    const thesaurusRank =
      extraRank && namedRank ? sql`${extraRank} + ${namedRank}` : (extraRank ?? namedRank);
    // (plus half the words' own rank, so the words still order the services of a named topic);
    // combined in `ranked`, so that each rank is computed once per candidate
    const baseRank = thesaurusRank ? sql`greatest(text_rank, thes_rank) + 0.5 * text_rank` : sql`text_rank`;
    // a name with a word of the query: a service asked for by name, referral or not
    const nameQuery = sql`to_tsquery(${cfg}::regconfig, ${namesOnly(tsQueryText(words, '|'))})`;
    const nameLemmas = lemmaAny
      ? sql` OR ss.lemmas @@ to_tsquery('simple', ${namesOnly(lemmaQueryText(lemmas, '|', false))})`
      : sql``;
    textCandidates = sql`
        SELECT service_id, document, lemmas,
          ${extra || extraLemmas ? sql`CASE WHEN ${wordMatch('xs')} THEN 0 ELSE ${nameSimilarity('xs')} END` : sql`0::real`} AS similarity
        FROM service_search xs WHERE lang = ${inLang} AND ${textMatch('xs')}`;
    scored = sql`
      SELECT s.id, ${sortName} AS sort_name,
        CASE WHEN ss.by_text THEN ${textRank} ELSE 0 END AS text_rank,
        ${thesaurusRank ?? sql`0::float8`} AS thes_rank, ss.similarity,
        CASE WHEN ss.by_text THEN ${wordMatch('ss')} ELSE false END AS direct,
        (${referralOf(sql`s.id`)} AND NOT coalesce(ss.document @@ ${nameQuery}${nameLemmas}, false)) AS referral_only
        ${sql.join(matches, sql``)}
      FROM (
        SELECT service_id, document, lemmas, true AS by_text, similarity FROM textc
        ${topicCandidates}
        ${trigramCandidates}
      ) ss
      JOIN service s ON s.id = ss.service_id
      WHERE ${sql.join(where, sql` AND `)}`;
    ranked = sql`SELECT id, sort_name,
      ((${baseRank} + similarity${sql.join(rarity, sql``)}) * CASE WHEN referral_only THEN ${REFERRAL_FACTOR} ELSE 1 END)::float8 AS score,
      count(*) OVER () AS total, count(*) FILTER (WHERE direct) OVER () AS direct_total FROM scored`;
  }

  return sql<SearchRow>`
    WITH ${textCandidates ? sql`textc AS MATERIALIZED (${textCandidates}),` : sql``}
    scored AS MATERIALIZED (${scored}),
    ranked AS (${ranked}),
    page AS (SELECT * FROM ranked ORDER BY score DESC, sort_name, id LIMIT ${perPage} OFFSET ${(page - 1) * perPage})
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
const TOPIC_SCORE = sql.lit(1.2);
/** A word found in one candidate of a hundred says much, but not more than this. */
const MAX_RARITY = sql.lit(2.5);
/** The lemma document's rank against the words as written (see rankOf). */
const LEMMA_FACTOR = sql.lit(0.8);
/** A service reached by a referral, not asked for by name, keeps this share of its score. */
const REFERRAL_FACTOR = sql.lit(0.35);

/** all: every word (full text); any: any word; fuzzy: any word, or a name like a word (trigrams). */
export type WordMatch = 'all' | 'any' | 'fuzzy';

/**
 * Services with all the words typed (full text) come first, as a family expects; only when
 * they do not fill a page does the search take services with any of the words, and then also
 * the trigram matches of names (typos, the tail of a compound). Runs the same SQL for the
 * app and for the bench baseline (`execute`).
 */
export async function runSearch(
  execute: (query: RawBuilder<SearchRow>) => Promise<SearchRow[]>,
  options: CatalogueOptions,
  filters: CatalogueFilters,
  lang: Lang,
  page: number,
  perPage: number,
  context: SearchContext = {},
): Promise<SearchRow[]> {
  const plan = planSearch(filters.text, lang, context);
  const words = plan.words;
  if (words.length === 0) return execute(searchQuery(options, filters, lang, page, perPage, 'fuzzy', plan));
  // Each step is cheaper than the next and usually enough: the wider ones run only when the
  // narrower one does not fill a page.
  const steps: WordMatch[] = words.length > 1 ? ['all', 'any', 'fuzzy'] : ['all', 'fuzzy'];
  for (const match of steps.slice(0, -1)) {
    const rows = await execute(searchQuery(options, filters, lang, page, perPage, match, plan));
    // A page past the end has no row to carry the total: count them.
    const counted =
      rows.length > 0 || page === 1
        ? rows
        : await execute(searchQuery(options, filters, lang, 1, 1, match, plan));
    // found by the words themselves: the thesaurus's services alone do not stop the wider step
    if (Number(counted[0]?.direct_total ?? 0) >= perPage) return rows;
  }
  return execute(searchQuery(options, filters, lang, page, perPage, 'fuzzy', plan));
}

/**
 * What a search needs besides the words: the region's thesaurus and, for Swedish, the
 * splitter's vocabulary. Both are cached in the process.
 */
export async function searchContext(db: Db, lang: Lang, regionId?: string): Promise<SearchContext> {
  const [thesaurus, svVocabulary, fiVocabulary] = await Promise.all([
    regionId ? loadThesaurus(db, regionId) : shippedThesaurus(),
    lang === 'sv' ? swedishSearchVocabulary(db) : undefined,
    lang === 'fi' && voikko() ? finnishSearchVocabulary(db) : undefined,
  ]);
  return { thesaurus, ...(svVocabulary ? { svVocabulary } : {}), ...(fiVocabulary ? { fiVocabulary } : {}) };
}

/** The catalogue search behind the public pages and the HSDS API. */
export async function searchServices(
  db: Db,
  options: CatalogueOptions,
  filters: CatalogueFilters,
  lang: Lang,
  page: number,
  perPage: number,
): Promise<SearchResult> {
  const problems = checkFilterValues(options, filters);
  if (problems.length > 0)
    throw new AppError('catalogue.unknown_filter_value', 400, problems[0]?.params, problems);
  const context: SearchContext = filters.text ? await searchContext(db, lang, filters.regionId) : {};
  const rows = await runSearch(
    async (query) => (await query.execute(db)).rows,
    options,
    filters,
    lang,
    page,
    perPage,
    context,
  );
  let total = Number(rows[0]?.total ?? 0);
  if (rows.length === 0 && page > 1) {
    // Past the end: count once more so the error can say how many pages there are.
    const count = await searchServices(db, options, filters, lang, 1, perPage);
    total = count.total;
    const pages = Math.max(1, Math.ceil(total / perPage));
    throw new AppError('catalogue.page_out_of_range', 404, { page, pages }, [
      { field: 'page', code: 'catalogue.page_out_of_range', params: { page, pages } },
    ]);
  }
  // the words found nothing by themselves (only a trigram or the thesaurus did, or nothing)
  const suggestion =
    filters.text && page === 1 && Number(rows[0]?.direct_total ?? 0) === 0
      ? await didYouMean(db, lang, filters.text, voikko(), context.fiVocabulary)
      : null;
  return {
    total,
    page,
    perPage,
    pages: Math.max(1, Math.ceil(total / perPage)),
    ...(suggestion ? { didYouMean: suggestion } : {}),
    items: rows.map((r) => ({
      id: r.id,
      name: r.name,
      summary: r.summary,
      organizationId: r.organization_id,
      organizationName: r.organization_name,
      channels: r.channels,
      languages: r.languages,
      minAge: r.min_age,
      maxAge: r.max_age,
      areaMunicipalities: r.area_scope === 'region' ? null : r.area_codes,
      updatedAt: new Date(r.updated_at),
      score: Number(r.score),
      referral: Boolean(r.referral),
    })),
  };
}

export interface ServiceDetail {
  service: ServiceRecord & { updatedAt: Date };
  organization: OrganizationRecord;
  locations: LocationRecord[];
  terms: { id: string; code: string; taxonomyCode: string; name: LocalizedText }[];
}

export async function getServiceDetail(db: Db, id: string): Promise<ServiceDetail> {
  const [service] = await readServiceRecords(db, { ids: [id] });
  // A retired service (inactive or defunct) is not public, as in the HSDS API (docs/api.md).
  if (!service || service.status === 'inactive' || service.status === 'defunct')
    throw new AppError('catalogue.service_not_found', 404);
  const [[organization], updated, locations, terms] = await Promise.all([
    readOrganizationRecords(db, { ids: [service.organizationId] }),
    db.selectFrom('service').select('updated_at').where('id', '=', id).executeTakeFirstOrThrow(),
    readLocationRecords(db, { ids: service.serviceAtLocations.map((x) => x.locationId) }),
    service.taxonomyTermIds.length
      ? db
          .selectFrom('taxonomy_term')
          .innerJoin('taxonomy', 'taxonomy.id', 'taxonomy_term.taxonomy_id')
          .select([
            'taxonomy_term.id',
            'taxonomy_term.code',
            'taxonomy_term.name',
            'taxonomy.code as taxonomyCode',
          ])
          .where('taxonomy_term.id', 'in', service.taxonomyTermIds)
          .execute()
      : Promise.resolve([]),
  ]);
  if (!organization) throw new AppError('catalogue.service_not_found', 404);
  return { service: { ...service, updatedAt: new Date(updated.updated_at) }, organization, locations, terms };
}

export interface OrganizationDetail {
  organization: OrganizationRecord;
  services: { id: string; name: LocalizedText; summary: LocalizedText }[];
}

export async function getOrganizationDetail(db: Db, id: string): Promise<OrganizationDetail> {
  const [organization] = await readOrganizationRecords(db, { ids: [id] });
  if (!organization) throw new AppError('catalogue.organization_not_found', 404);
  const services = await db
    .selectFrom('service')
    .select(['id', 'name', 'summary'])
    .where('organization_id', '=', id)
    .where('status', '=', 'active')
    .orderBy(sql`name->>'fi'`)
    .execute();
  return { organization, services };
}
