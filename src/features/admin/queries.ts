import { sql } from 'kysely';
import type { Lang } from '../../i18n/index.ts';
import type { CatalogueChangeKind, CatalogueEntityType, LocalizedText } from '../../platform/db/types.ts';
import { newId } from '../../platform/ids.ts';
import type { CatalogueDb as Db } from '../catalogue/index.ts';

export interface ListFilter {
  regionId: string;
  /** the page's language: names are shown and sorted in it */
  lang: Lang;
  q: string;
  includeRetired: boolean;
  page: number;
  pageSize: number;
}

export interface ListRow {
  id: string;
  name: LocalizedText;
  secondary: LocalizedText | null;
  retired: boolean;
  status: string | null;
  updatedAt: Date;
}

/**
 * The page of rows in the order of the page's language (Intl.Collator: Å, Ä, Ö after Z in
 * Finnish and Swedish, Ä with A in English), by the name shown (the language's, else the
 * Finnish). A region's catalogue is a few thousand records at most, so the matching rows are
 * sorted here rather than in SQL, where the collations depend on how the server was built.
 */
function sortedPage<T extends { id: string; name: LocalizedText }>(rows: T[], f: ListFilter): T[] {
  const collator = new Intl.Collator(f.lang, { sensitivity: 'variant', numeric: true });
  const shown = (t: LocalizedText) => t[f.lang] || t.fi;
  return rows
    .map((r) => ({ r, key: shown(r.name) }))
    .sort((a, b) => collator.compare(a.key, b.key) || (a.r.id < b.r.id ? -1 : a.r.id > b.r.id ? 1 : 0))
    .slice((f.page - 1) * f.pageSize, f.page * f.pageSize)
    .map((x) => x.r);
}

/** Matches a name in any language, case-insensitively; the words of q in order. */
const nameMatches = (column: string, q: string) =>
  sql<boolean>`(${sql.ref(column)}->>'fi' || ' ' || coalesce(${sql.ref(column)}->>'sv', '') || ' ' || coalesce(${sql.ref(column)}->>'en', '')) ILIKE ${`%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`;

export async function servicesForAdmin(db: Db, f: ListFilter): Promise<{ rows: ListRow[]; total: number }> {
  let q = db
    .selectFrom('service')
    .innerJoin('organization', 'organization.id', 'service.organization_id')
    .where('service.region_id', '=', f.regionId);
  if (f.q) q = q.where(nameMatches('service.name', f.q));
  if (!f.includeRetired) q = q.where('service.status', 'not in', ['inactive', 'defunct']);
  const all = await q
    .select([
      'service.id',
      'service.name',
      'organization.name as secondary',
      'service.status',
      'service.updated_at',
    ])
    .execute();
  return {
    total: all.length,
    rows: sortedPage(all, f).map((r) => ({
      id: r.id,
      name: r.name,
      secondary: r.secondary,
      status: r.status,
      retired: r.status === 'inactive' || r.status === 'defunct',
      updatedAt: new Date(r.updated_at),
    })),
  };
}

export async function organizationsForAdmin(
  db: Db,
  f: ListFilter,
): Promise<{ rows: ListRow[]; total: number }> {
  let q = db.selectFrom('organization').where('organization.region_id', '=', f.regionId);
  if (f.q) q = q.where(nameMatches('organization.name', f.q));
  if (!f.includeRetired) q = q.where('organization.retired_at', 'is', null);
  const all = await q.select(['id', 'name', 'retired_at', 'updated_at']).execute();
  return {
    total: all.length,
    rows: sortedPage(all, f).map((r) => ({
      id: r.id,
      name: r.name,
      secondary: null,
      status: null,
      retired: r.retired_at !== null,
      updatedAt: new Date(r.updated_at),
    })),
  };
}

export async function locationsForAdmin(db: Db, f: ListFilter): Promise<{ rows: ListRow[]; total: number }> {
  let q = db
    .selectFrom('location')
    .innerJoin('organization', 'organization.id', 'location.organization_id')
    .innerJoin('municipality', 'municipality.code', 'location.municipality_code')
    .where('organization.region_id', '=', f.regionId);
  if (f.q) q = q.where(nameMatches('location.name', f.q));
  if (!f.includeRetired) q = q.where('location.retired_at', 'is', null);
  const all = await q
    .select([
      'location.id',
      'location.name',
      'municipality.name as secondary',
      'location.retired_at',
      'location.updated_at',
    ])
    .execute();
  return {
    total: all.length,
    rows: sortedPage(all, f).map((r) => ({
      id: r.id,
      name: r.name,
      secondary: r.secondary,
      status: null,
      retired: r.retired_at !== null,
      updatedAt: new Date(r.updated_at),
    })),
  };
}

/** Organisations and locations of the region that can be chosen in a form (not retired). */
export async function choosableOrganizations(db: Db, regionId: string) {
  return db
    .selectFrom('organization')
    .select(['id', 'name', 'retired_at'])
    .where('region_id', '=', regionId)
    .orderBy(sql`name->>'fi'`)
    .execute();
}

export async function choosableLocations(db: Db, regionId: string) {
  return db
    .selectFrom('location')
    .innerJoin('organization', 'organization.id', 'location.organization_id')
    .select(['location.id', 'location.name', 'location.retired_at'])
    .where('organization.region_id', '=', regionId)
    .orderBy(sql`location.name->>'fi'`)
    .execute();
}

/** The region of a location (through its organisation), and whether it is retired. */
export async function locationRegion(db: Db, id: string) {
  return db
    .selectFrom('location')
    .innerJoin('organization', 'organization.id', 'location.organization_id')
    .select(['organization.region_id as regionId', 'location.retired_at as retiredAt'])
    .where('location.id', '=', id)
    .executeTakeFirst();
}

export async function retiredAt(
  db: Db,
  table: 'organization' | 'location',
  id: string,
): Promise<Date | null> {
  const row = await db.selectFrom(table).select('retired_at').where('id', '=', id).executeTakeFirst();
  return row?.retired_at ? new Date(row.retired_at) : null;
}

export async function setRetired(db: Db, table: 'organization' | 'location', id: string, retired: boolean) {
  await db
    .updateTable(table)
    .set({ retired_at: retired ? sql<Date>`now()` : null, updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .execute();
}

export async function activeServiceIdsOfOrganization(db: Db, organizationId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('service')
    .select('id')
    .where('organization_id', '=', organizationId)
    .execute();
  return rows.map((r) => r.id);
}

export async function countActiveServices(
  db: Db,
  by: { organizationId: string } | { locationId: string },
): Promise<number> {
  let q = db.selectFrom('service').where('service.status', 'not in', ['inactive', 'defunct']);
  q =
    'organizationId' in by
      ? q.where('service.organization_id', '=', by.organizationId)
      : q.where('service.id', 'in', (eb) =>
          eb.selectFrom('service_at_location').select('service_id').where('location_id', '=', by.locationId),
        );
  const row = await q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The next version of an entity, with the full record, who and when. */
export async function insertVersion(
  db: Db,
  v: {
    entityType: CatalogueEntityType;
    entityId: string;
    changeKind: CatalogueChangeKind;
    record: unknown;
    changedBy: string;
  },
): Promise<number> {
  const last = await db
    .selectFrom('catalogue_version')
    .select((eb) => eb.fn.max('version').as('v'))
    .where('entity_type', '=', v.entityType)
    .where('entity_id', '=', v.entityId)
    .executeTakeFirst();
  const version = Number(last?.v ?? 0) + 1;
  await db
    .insertInto('catalogue_version')
    .values({
      id: newId(),
      entity_type: v.entityType,
      entity_id: v.entityId,
      version,
      change_kind: v.changeKind,
      record: JSON.stringify(v.record),
      changed_by: v.changedBy,
    })
    .execute();
  return version;
}

export interface VersionRow {
  version: number;
  changeKind: CatalogueChangeKind;
  changedAt: Date;
  changedBy: string;
}

export async function versionsOf(
  db: Db,
  entityType: CatalogueEntityType,
  entityId: string,
): Promise<VersionRow[]> {
  const rows = await db
    .selectFrom('catalogue_version')
    .innerJoin('staff_user', 'staff_user.id', 'catalogue_version.changed_by')
    .select([
      'catalogue_version.version',
      'catalogue_version.change_kind',
      'catalogue_version.changed_at',
      'staff_user.name',
    ])
    .where('entity_type', '=', entityType)
    .where('entity_id', '=', entityId)
    .orderBy('version', 'desc')
    .execute();
  return rows.map((r) => ({
    version: r.version,
    changeKind: r.change_kind,
    changedAt: new Date(r.changed_at),
    changedBy: r.name,
  }));
}
