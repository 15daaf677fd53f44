import { type InsertObject, type Kysely, sql, type Transaction } from 'kysely';
import type { DB, LocalizedText } from '../../platform/db/types.ts';
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

/** The region's video service (migration 0016): remote meetings' links are its addresses. */
export async function saveRegionVideoService(db: Db, regionCode: string, url: string): Promise<void> {
  await db.updateTable('region').set({ video_service_url: url }).where('code', '=', regionCode).execute();
}
