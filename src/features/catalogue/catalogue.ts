import { type RawBuilder, sql } from 'kysely';
import type { Lang } from '../../i18n/index.ts';
import type { LocalizedText } from '../../platform/db/types.ts';
import { AppError, type FieldProblem } from '../../platform/errors.ts';
import { voikko } from '../../platform/voikko.ts';
import type { CatalogueFilters, CatalogueOptions } from './catalogue-types.ts';
import { didYouMean } from './did-you-mean.ts';
import { municipalityName } from './pages/format.ts';
import {
  allMunicipalities,
  allRegions,
  allTaxonomyTerms,
  type Db,
  readLocationRecords,
  readOrganizationRecords,
  readServiceRecords,
} from './queries.ts';
import type { LocationRecord, OrganizationRecord, ServiceRecord } from './records.ts';
import { planSearch, type SearchContext } from './search.ts';
import { finnishSearchVocabulary, swedishSearchVocabulary } from './search-documents.ts';
import { type SearchRow, searchQuery, type WordMatch } from './search-sql.ts';
import { shippedThesaurus } from './thesaurus.ts';
import { loadThesaurus } from './thesaurus-queries.ts';

export {
  type CatalogueFilters,
  type CatalogueOptions,
  CHANNELS,
  type Channel,
  SERVICE_LANGUAGES,
  type ServiceLanguage,
  type TermOption,
} from './catalogue-types.ts';
export { type SearchRow, searchQuery, type WordMatch } from './search-sql.ts';

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
