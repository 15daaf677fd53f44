import { type RawBuilder, sql } from 'kysely';
import type { Lang } from '../../i18n/index.ts';
import { type CatalogueFilters, type CatalogueOptions, searchQuery } from './catalogue.ts';
import { type HsdsReference, hsdsReference } from './hsds.ts';
import { allMunicipalities, allRegions, allTaxonomies, allTaxonomyTerms, type Db } from './queries.ts';

/** The named queries of the HSDS API and of the HSDS import (the catalogue's own are in queries.ts). */

export interface IdPage {
  ids: string[];
  total: number;
}

/** "%text%" for ILIKE, with the pattern characters of the text taken literally. */
const containing = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
const anyLanguage = (column: RawBuilder<unknown>) =>
  sql`concat_ws(' ', ${column}->>'fi', ${column}->>'sv', ${column}->>'en')`;
const inLang = (column: RawBuilder<unknown>, lang: Lang) =>
  sql`coalesce(${column}->>${lang}, ${column}->>'fi')`;

async function idPage(query: RawBuilder<{ id: string; total: string }>, db: Db): Promise<IdPage> {
  const { rows } = await query.execute(db);
  return { ids: rows.map((r) => r.id), total: Number(rows[0]?.total ?? 0) };
}

const limit = (page: number, perPage: number) => sql`LIMIT ${perPage} OFFSET ${(page - 1) * perPage}`;

export function organizationPage(
  db: Db,
  filter: { search?: string },
  lang: Lang,
  page: number,
  perPage: number,
): Promise<IdPage> {
  const where = filter.search
    ? sql`WHERE ${anyLanguage(sql.ref('o.name'))} ILIKE ${containing(filter.search)}`
    : sql``;
  return idPage(
    sql<{ id: string; total: string }>`
      SELECT o.id, count(*) OVER () AS total FROM organization o ${where}
      ORDER BY ${inLang(sql.ref('o.name'), lang)}, o.id ${limit(page, perPage)}`,
    db,
  );
}

export function taxonomyPage(
  db: Db,
  filter: { search?: string },
  page: number,
  perPage: number,
): Promise<IdPage> {
  const where = filter.search
    ? sql`WHERE (${anyLanguage(sql.ref('t.name'))} || ' ' || t.code) ILIKE ${containing(filter.search)}`
    : sql``;
  return idPage(
    sql<{ id: string; total: string }>`
      SELECT t.id, count(*) OVER () AS total FROM taxonomy t ${where}
      ORDER BY t.code, t.id ${limit(page, perPage)}`,
    db,
  );
}

export function taxonomyTermPage(
  db: Db,
  filter: { search?: string; taxonomyId?: string; topOnly?: boolean; parentId?: string },
  page: number,
  perPage: number,
): Promise<IdPage> {
  const where: RawBuilder<unknown>[] = [sql`true`];
  if (filter.search) {
    const pattern = containing(filter.search);
    where.push(sql`(${anyLanguage(sql.ref('tt.name'))} ILIKE ${pattern} OR tt.code ILIKE ${pattern})`);
  }
  if (filter.taxonomyId) where.push(sql`tt.taxonomy_id = ${filter.taxonomyId}`);
  if (filter.topOnly) where.push(sql`tt.parent_id IS NULL`);
  if (filter.parentId) where.push(sql`tt.parent_id = ${filter.parentId}`);
  return idPage(
    sql<{ id: string; total: string }>`
      SELECT tt.id, count(*) OVER () AS total
      FROM taxonomy_term tt JOIN taxonomy t ON t.id = tt.taxonomy_id
      WHERE ${sql.join(where, sql` AND `)}
      ORDER BY t.code, tt.code, tt.id ${limit(page, perPage)}`,
    db,
  );
}

export interface ServiceAtLocationRow {
  id: string;
  service_id: string;
  location_id: string;
}

/**
 * The service-at-locations of the services a catalogue search finds (filters already
 * checked), in the search's order and then by location name.
 */
export async function serviceAtLocationPage(
  db: Db,
  options: CatalogueOptions,
  filters: CatalogueFilters,
  lang: Lang,
  page: number,
  perPage: number,
): Promise<{ rows: ServiceAtLocationRow[]; total: number }> {
  const services = searchQuery(options, filters, lang, 1, 1_000_000);
  const { rows } = await sql<ServiceAtLocationRow & { total: string }>`
    SELECT sal.id, sal.service_id, sal.location_id, count(*) OVER () AS total
    FROM service_at_location sal
    JOIN (${services}) s ON s.id = sal.service_id
    JOIN location l ON l.id = sal.location_id
    ORDER BY s.score DESC, ${inLang(sql.ref('s.name'), lang)}, s.id, ${inLang(sql.ref('l.name'), lang)}, sal.id
    ${limit(page, perPage)}`.execute(db);
  return {
    rows: rows.map(({ id, service_id, location_id }) => ({ id, service_id, location_id })),
    total: Number(rows[0]?.total ?? 0),
  };
}

/** A service-at-location of an active service. */
export async function activeServiceAtLocation(db: Db, id: string): Promise<ServiceAtLocationRow | undefined> {
  return db
    .selectFrom('service_at_location')
    .innerJoin('service', 'service.id', 'service_at_location.service_id')
    .select(['service_at_location.id', 'service_at_location.service_id', 'service_at_location.location_id'])
    .where('service_at_location.id', '=', id)
    .where('service.status', '=', 'active')
    .executeTakeFirst();
}

export async function serviceUpdatedAt(db: Db, ids: string[]): Promise<Map<string, Date>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('service').select(['id', 'updated_at']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, new Date(r.updated_at)]));
}

/** The active services of the organizations, by name. */
export async function activeServicesOf(db: Db, organizationIds: string[], lang: Lang) {
  if (organizationIds.length === 0) return [];
  return db
    .selectFrom('service')
    .select(['id', 'organization_id'])
    .where('organization_id', 'in', organizationIds)
    .where('status', '=', 'active')
    .orderBy(inLang(sql.ref('name'), lang))
    .orderBy('id')
    .execute();
}

export async function locationIdsOf(db: Db, organizationIds: string[]): Promise<string[]> {
  if (organizationIds.length === 0) return [];
  const rows = await db
    .selectFrom('location')
    .select('id')
    .where('organization_id', 'in', organizationIds)
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}

/** Which of the ids are in the table (for filter values and import references). */
export async function existingIds(
  db: Db,
  table: 'organization' | 'location' | 'service' | 'taxonomy' | 'taxonomy_term',
  ids: string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom(table).select('id').where('id', 'in', ids).execute();
  return new Set(rows.map((r) => r.id));
}

export async function organizationRegions(db: Db): Promise<Map<string, string>> {
  const rows = await db.selectFrom('organization').select(['id', 'region_id']).execute();
  return new Map(rows.map((r) => [r.id, r.region_id]));
}

export async function allLocationIds(db: Db): Promise<Set<string>> {
  const rows = await db.selectFrom('location').select('id').execute();
  return new Set(rows.map((r) => r.id));
}

/** Regions, municipalities and taxonomies, for the HSDS mapping. */
export async function loadHsdsReference(db: Db): Promise<HsdsReference> {
  const [regions, municipalities, taxonomies, terms] = await Promise.all([
    allRegions(db),
    allMunicipalities(db),
    allTaxonomies(db),
    allTaxonomyTerms(db),
  ]);
  return hsdsReference({
    regions: regions.map((r) => ({ id: r.id, code: r.code, name: r.name })),
    municipalities: municipalities.map((m) => ({ code: m.code, regionId: m.region_id, name: m.name })),
    taxonomies: taxonomies.map((t) => ({
      id: t.id,
      code: t.code,
      name: t.name,
      description: t.description,
      uri: t.uri,
      version: t.version,
    })),
    terms: terms.map((t) => ({
      id: t.id,
      taxonomyId: t.taxonomy_id,
      code: t.code,
      name: t.name,
      description: t.description,
      parentId: t.parent_id,
    })),
  });
}
