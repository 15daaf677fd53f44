// The population feature's SQL: the municipalities a file may name, the figures of a region,
// the import's upsert and the latest year for the metrics.
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB, LocalizedText } from '../../platform/db/types.ts';
import type { MunicipalityRef, PopulationRow, PopulationSource } from './parse.ts';

type Db = Kysely<DB> | Transaction<DB>;

/** Every municipality known (a file naming another region's is refused by name). */
export async function municipalityRefs(db: Db): Promise<MunicipalityRef[]> {
  const rows = await db.selectFrom('municipality').select(['code', 'name', 'region_id']).execute();
  return rows.map((r) => ({ code: r.code, name: r.name as LocalizedText, regionId: r.region_id }));
}

export interface StoredPopulation {
  code: string;
  year: number;
  children: number;
  source: PopulationSource;
}

/** The stored figures of these municipalities in these years (what an import replaces). */
export async function storedPopulation(
  db: Db,
  codes: readonly string[],
  years: readonly number[],
): Promise<StoredPopulation[]> {
  if (codes.length === 0 || years.length === 0) return [];
  const rows = await db
    .selectFrom('population')
    .select(['municipality_code', 'year', 'children', 'source'])
    .where('municipality_code', 'in', codes)
    .where('year', 'in', years)
    .execute();
  return rows.map((r) => ({
    code: r.municipality_code,
    year: r.year,
    children: r.children,
    source: r.source,
  }));
}

/** Writes the rows, replacing a municipality's figure of the same year (one statement). */
export async function upsertPopulation(
  trx: Transaction<DB>,
  rows: readonly Pick<PopulationRow, 'code' | 'year' | 'children'>[],
  source: PopulationSource,
  importedBy: string,
  now: Date,
): Promise<void> {
  if (rows.length === 0) return;
  await trx
    .insertInto('population')
    .values(
      rows.map((r) => ({
        municipality_code: r.code,
        year: r.year,
        children: r.children,
        source,
        imported_at: now,
        imported_by: importedBy,
      })),
    )
    .onConflict((oc) =>
      oc.columns(['municipality_code', 'year']).doUpdateSet((eb) => ({
        children: eb.ref('excluded.children'),
        source: eb.ref('excluded.source'),
        imported_at: eb.ref('excluded.imported_at'),
        imported_by: eb.ref('excluded.imported_by'),
      })),
    )
    .execute();
}

export interface RegionPopulationRow {
  code: string;
  name: LocalizedText;
  year: number;
  children: number;
  source: PopulationSource;
  importedAt: Date;
  importedBy: string;
}

/** The region's figures, newest year first, municipalities by name. */
export async function populationOfRegion(db: Db, regionId: string): Promise<RegionPopulationRow[]> {
  const rows = await db
    .selectFrom('population as p')
    .innerJoin('municipality as m', 'm.code', 'p.municipality_code')
    .select([
      'p.municipality_code as code',
      'm.name',
      'p.year',
      'p.children',
      'p.source',
      'p.imported_at',
      'p.imported_by',
    ])
    .where('m.region_id', '=', regionId)
    .orderBy('p.year', 'desc')
    .orderBy(sql`m.name->>'fi'`)
    .execute();
  return rows.map((r) => ({
    code: r.code,
    name: r.name as LocalizedText,
    year: r.year,
    children: r.children,
    source: r.source,
    importedAt: new Date(r.imported_at),
    importedBy: r.imported_by,
  }));
}

/** The region's municipalities, by name. */
export async function municipalitiesOfRegion(
  db: Db,
  regionId: string,
): Promise<{ code: string; name: LocalizedText }[]> {
  const rows = await db
    .selectFrom('municipality')
    .select(['code', 'name'])
    .where('region_id', '=', regionId)
    .orderBy(sql`name->>'fi'`)
    .execute();
  return rows.map((r) => ({ code: r.code, name: r.name as LocalizedText }));
}

/** The latest year with figures for the region's municipalities, and that year's figures. */
export async function latestPopulationRows(
  db: Db,
  regionId: string,
): Promise<{ year: number; rows: { code: string; children: number; source: PopulationSource }[] } | null> {
  const latest = await db
    .selectFrom('population as p')
    .innerJoin('municipality as m', 'm.code', 'p.municipality_code')
    .select((eb) => eb.fn.max('p.year').as('year'))
    .where('m.region_id', '=', regionId)
    .executeTakeFirst();
  const year = latest?.year == null ? null : Number(latest.year);
  if (year === null) return null;
  const rows = await db
    .selectFrom('population as p')
    .innerJoin('municipality as m', 'm.code', 'p.municipality_code')
    .select(['p.municipality_code as code', 'p.children', 'p.source'])
    .where('m.region_id', '=', regionId)
    .where('p.year', '=', year)
    .orderBy('p.municipality_code')
    .execute();
  return { year, rows };
}

/** The region's id by its code (pohjois-savo), or null. */
export async function regionIdByCode(db: Db, code: string): Promise<string | null> {
  const row = await db.selectFrom('region').select('id').where('code', '=', code).executeTakeFirst();
  return row?.id ?? null;
}

/** Whether the region has any figures (the demo estimate is seeded only into none). */
export async function regionHasPopulation(db: Db, regionId: string): Promise<boolean> {
  const row = await db
    .selectFrom('population as p')
    .innerJoin('municipality as m', 'm.code', 'p.municipality_code')
    .select('p.year')
    .where('m.region_id', '=', regionId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
