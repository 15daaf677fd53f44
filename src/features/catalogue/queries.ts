import { type InsertObject, type Kysely, sql, type Transaction } from 'kysely';
import type { DB, LocalizedText } from '../../platform/db/types.ts';
import { swedishVocabulary } from './decompound-sv.ts';
import { analyserVersion, finnishDocument, swedishDocument, swedishWords } from './lemmas.ts';
import type {
  LocationRecord,
  OrganizationRecord,
  PhoneRecord,
  ScheduleRecord,
  ServiceRecord,
} from './records.ts';

export type Db = Kysely<DB> | Transaction<DB>;

const json = (value: unknown) => JSON.stringify(value);
const jsonOrNull = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));

// ---------------------------------------------------------------- reference data

export async function upsertRegion(db: Db, r: { id: string; code: string; name: LocalizedText }) {
  await db
    .insertInto('region')
    .values({ id: r.id, code: r.code, name: json(r.name) })
    .onConflict((oc) => oc.column('id').doUpdateSet({ code: r.code, name: json(r.name) }))
    .execute();
}

export async function upsertMunicipalities(
  db: Db,
  rows: {
    code: string;
    regionId: string;
    name: LocalizedText;
    population: number | null;
    latitude: number;
    longitude: number;
  }[],
) {
  if (rows.length === 0) return;
  await db
    .insertInto('municipality')
    .values(
      rows.map((m) => ({
        code: m.code,
        region_id: m.regionId,
        name: json(m.name),
        population: m.population,
        children_0_17: null,
        latitude: m.latitude,
        longitude: m.longitude,
      })),
    )
    .onConflict((oc) =>
      oc.column('code').doUpdateSet((eb) => ({
        region_id: eb.ref('excluded.region_id'),
        name: eb.ref('excluded.name'),
        population: eb.ref('excluded.population'),
        latitude: eb.ref('excluded.latitude'),
        longitude: eb.ref('excluded.longitude'),
      })),
    )
    .execute();
}

export async function upsertTaxonomy(
  db: Db,
  t: { id: string; code: string; name: LocalizedText; description: LocalizedText; uri: string | null },
  terms: {
    id: string;
    code: string;
    name: LocalizedText;
    description: LocalizedText;
    keywords: Record<string, string>;
    /** a service type reached by a referral (service-types.csv) */
    referral?: boolean;
  }[],
) {
  await db
    .insertInto('taxonomy')
    .values({
      id: t.id,
      code: t.code,
      name: json(t.name),
      description: json(t.description),
      uri: t.uri,
      version: null,
    })
    .onConflict((oc) =>
      oc.column('id').doUpdateSet({ name: json(t.name), description: json(t.description), uri: t.uri }),
    )
    .execute();
  if (terms.length === 0) return;
  await db
    .insertInto('taxonomy_term')
    .values(
      terms.map((term) => ({
        id: term.id,
        taxonomy_id: t.id,
        code: term.code,
        name: json(term.name),
        description: json(term.description),
        keywords: json(term.keywords),
        parent_id: null,
        referral: term.referral ?? false,
      })),
    )
    .onConflict((oc) =>
      oc.column('id').doUpdateSet((eb) => ({
        name: eb.ref('excluded.name'),
        description: eb.ref('excluded.description'),
        keywords: eb.ref('excluded.keywords'),
        referral: eb.ref('excluded.referral'),
      })),
    )
    .execute();
}

export async function countServices(db: Db): Promise<number> {
  const row = await db
    .selectFrom('service')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function regionByCode(db: Db, code: string) {
  return db.selectFrom('region').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function allRegions(db: Db) {
  return db.selectFrom('region').selectAll().orderBy('code').execute();
}

export async function allMunicipalities(db: Db) {
  return db.selectFrom('municipality').selectAll().orderBy(sql`name->>'fi'`).execute();
}

export async function allTaxonomies(db: Db) {
  return db.selectFrom('taxonomy').selectAll().orderBy('code').execute();
}

export async function allTaxonomyTerms(db: Db) {
  return db
    .selectFrom('taxonomy_term')
    .innerJoin('taxonomy', 'taxonomy.id', 'taxonomy_term.taxonomy_id')
    .selectAll('taxonomy_term')
    .select('taxonomy.code as taxonomy_code')
    .orderBy('taxonomy.code')
    .orderBy('taxonomy_term.code')
    .execute();
}

// ---------------------------------------------------------------- catalogue records

export async function readOrganizationRecords(
  db: Db,
  filter: { regionId?: string; ids?: string[] } = {},
): Promise<OrganizationRecord[]> {
  if (filter.ids?.length === 0) return [];
  let q = db.selectFrom('organization').selectAll();
  if (filter.regionId) q = q.where('region_id', '=', filter.regionId);
  if (filter.ids) q = q.where('id', 'in', filter.ids);
  const rows = await q.orderBy('id').execute();
  return rows.map((o) => ({
    id: o.id,
    regionId: o.region_id,
    kind: o.kind,
    name: o.name,
    description: o.description,
    municipalityCode: o.municipality_code,
    email: o.email,
    website: o.website,
    phone: o.phone,
  }));
}

export async function readLocationRecords(
  db: Db,
  filter: { regionId?: string; ids?: string[] } = {},
): Promise<LocationRecord[]> {
  if (filter.ids?.length === 0) return [];
  let q = db
    .selectFrom('location')
    .innerJoin('organization', 'organization.id', 'location.organization_id')
    .selectAll('location');
  if (filter.regionId) q = q.where('organization.region_id', '=', filter.regionId);
  if (filter.ids) q = q.where('location.id', 'in', filter.ids);
  const rows = await q.orderBy('location.id').execute();
  return rows.map((l) => ({
    id: l.id,
    organizationId: l.organization_id,
    name: l.name,
    street: l.street,
    postalCode: l.postal_code,
    city: l.city,
    municipalityCode: l.municipality_code,
    latitude: l.latitude,
    longitude: l.longitude,
    transportation: l.transportation,
    accessibility: l.accessibility,
  }));
}

/** Services with everything that hangs on them; all of a region's, or the given ids. */
export async function readServiceRecords(
  db: Db,
  filter: { regionId?: string; ids?: string[] } = {},
): Promise<ServiceRecord[]> {
  let q = db.selectFrom('service').selectAll();
  if (filter.regionId) q = q.where('region_id', '=', filter.regionId);
  if (filter.ids) {
    if (filter.ids.length === 0) return [];
    q = q.where('id', 'in', filter.ids);
  }
  const services = await q.orderBy('id').execute();
  if (services.length === 0) return [];
  const ids = services.map((s) => s.id);
  const [areas, terms, sals, phones, schedules] = await Promise.all([
    db.selectFrom('service_area').selectAll().where('service_id', 'in', ids).execute(),
    db.selectFrom('service_taxonomy_term').selectAll().where('service_id', 'in', ids).execute(),
    db.selectFrom('service_at_location').selectAll().where('service_id', 'in', ids).execute(),
    db.selectFrom('phone').selectAll().where('service_id', 'in', ids).orderBy('position').execute(),
    db.selectFrom('schedule').selectAll().where('service_id', 'in', ids).orderBy('position').execute(),
  ]);
  const group = <T extends { service_id: string | null }>(rows: T[]) => {
    const m = new Map<string, T[]>();
    for (const r of rows) {
      if (!r.service_id) continue;
      const list = m.get(r.service_id) ?? [];
      list.push(r);
      m.set(r.service_id, list);
    }
    return m;
  };
  const areasBy = group(areas);
  const termsBy = group(terms);
  const salsBy = group(sals);
  const phonesBy = group(phones);
  const schedulesBy = group(schedules);
  return services.map((s) => ({
    id: s.id,
    organizationId: s.organization_id,
    regionId: s.region_id,
    status: s.status,
    name: s.name,
    summary: s.summary,
    description: s.description,
    applicationProcess: s.application_process,
    fees: s.fees,
    eligibility: s.eligibility,
    email: s.email,
    url: s.url,
    minAge: s.min_age,
    maxAge: s.max_age,
    areaMunicipalities:
      s.area_scope === 'region' ? null : (areasBy.get(s.id) ?? []).map((a) => a.municipality_code).sort(),
    channels: s.channels,
    languages: s.languages,
    taxonomyTermIds: (termsBy.get(s.id) ?? []).map((t) => t.taxonomy_term_id).sort(),
    serviceAtLocations: (salsBy.get(s.id) ?? []).map((x) => ({ id: x.id, locationId: x.location_id })),
    phones: (phonesBy.get(s.id) ?? []).map((p) => ({
      id: p.id,
      number: p.number,
      description: p.description,
    })),
    schedules: (schedulesBy.get(s.id) ?? []).map((x) => ({
      id: x.id,
      byday: x.byday,
      opensAt: x.opens_at,
      closesAt: x.closes_at,
      description: x.description,
    })),
  }));
}

/** PostgreSQL takes at most 65,535 bind parameters in one statement. */
const MAX_PARAMETERS = 60_000;

/** Multi-row INSERT in chunks that stay under the parameter limit; on conflict (id) it updates. */
async function insertRows<T extends keyof DB & string>(
  db: Db,
  table: T,
  rows: InsertObject<DB, T>[],
  upsert = false,
) {
  const first = rows[0];
  if (!first) return;
  const columns = Object.keys(first);
  const perStatement = Math.floor(MAX_PARAMETERS / columns.length);
  for (let i = 0; i < rows.length; i += perStatement) {
    let q = db.insertInto(table).values(rows.slice(i, i + perStatement));
    if (upsert) {
      q = q.onConflict((oc) =>
        oc
          .column('id' as never)
          .doUpdateSet(
            Object.fromEntries(
              columns.filter((c) => c !== 'id').map((c) => [c, sql.ref(`excluded.${c}`)]),
            ) as never,
          ),
      );
    }
    await q.execute();
  }
}

export async function saveOrganizations(db: Db, organizations: OrganizationRecord[]) {
  await insertRows(
    db,
    'organization',
    organizations.map((o) => ({
      id: o.id,
      region_id: o.regionId,
      kind: o.kind,
      name: json(o.name),
      description: json(o.description),
      municipality_code: o.municipalityCode,
      email: o.email,
      website: o.website,
      phone: o.phone,
      updated_at: sql<Date>`now()`,
    })),
    true,
  );
}

export async function saveLocations(db: Db, locations: LocationRecord[]) {
  await insertRows(
    db,
    'location',
    locations.map((l) => ({
      id: l.id,
      organization_id: l.organizationId,
      name: json(l.name),
      street: l.street,
      postal_code: l.postalCode,
      city: json(l.city),
      municipality_code: l.municipalityCode,
      latitude: l.latitude,
      longitude: l.longitude,
      transportation: jsonOrNull(l.transportation),
      accessibility: jsonOrNull(l.accessibility),
      updated_at: sql<Date>`now()`,
    })),
    true,
  );
}

/** Writes services and replaces everything that hangs on them, a few statements for any number. */
export async function saveServices(db: Db, services: ServiceRecord[]) {
  if (services.length === 0) return;
  await insertRows(
    db,
    'service',
    services.map((s) => ({
      id: s.id,
      organization_id: s.organizationId,
      region_id: s.regionId,
      status: s.status,
      name: json(s.name),
      summary: json(s.summary),
      description: json(s.description),
      application_process: jsonOrNull(s.applicationProcess),
      fees: jsonOrNull(s.fees),
      eligibility: jsonOrNull(s.eligibility),
      email: s.email,
      url: s.url,
      min_age: s.minAge,
      max_age: s.maxAge,
      area_scope: s.areaMunicipalities === null ? ('region' as const) : ('municipalities' as const),
      channels: s.channels,
      languages: s.languages,
      updated_at: sql<Date>`now()`,
    })),
    true,
  );
  const ids = services.map((s) => s.id);
  for (const table of [
    'service_area',
    'service_taxonomy_term',
    'service_at_location',
    'phone',
    'schedule',
  ] as const) {
    for (let i = 0; i < ids.length; i += MAX_PARAMETERS) {
      await db
        .deleteFrom(table)
        .where('service_id', 'in', ids.slice(i, i + MAX_PARAMETERS))
        .execute();
    }
  }
  await insertRows(
    db,
    'service_area',
    services.flatMap((s) =>
      (s.areaMunicipalities ?? []).map((code) => ({ service_id: s.id, municipality_code: code })),
    ),
  );
  await insertRows(
    db,
    'service_taxonomy_term',
    services.flatMap((s) => s.taxonomyTermIds.map((id) => ({ service_id: s.id, taxonomy_term_id: id }))),
  );
  await insertRows(
    db,
    'service_at_location',
    services.flatMap((s) =>
      s.serviceAtLocations.map((x) => ({ id: x.id, service_id: s.id, location_id: x.locationId })),
    ),
  );
  await insertRows(
    db,
    'phone',
    services.flatMap((s) =>
      s.phones.map((p: PhoneRecord, position) => ({
        id: p.id,
        service_id: s.id,
        organization_id: null,
        location_id: null,
        number: p.number,
        description: jsonOrNull(p.description),
        position,
      })),
    ),
  );
  await insertRows(
    db,
    'schedule',
    services.flatMap((s) =>
      s.schedules.map((x: ScheduleRecord, position) => ({
        id: x.id,
        service_id: s.id,
        byday: x.byday,
        opens_at: x.opensAt,
        closes_at: x.closesAt,
        description: jsonOrNull(x.description),
        position,
      })),
    ),
  );
}

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

/** The region's video service (migration 0016): remote meetings' links are its addresses. */
export async function saveRegionVideoService(db: Db, regionCode: string, url: string): Promise<void> {
  await db.updateTable('region').set({ video_service_url: url }).where('code', '=', regionCode).execute();
}
