/**
 * The network registry's SQL: units (with the municipalities they serve), professionals (with
 * their methods) and methods. A unit's region is its organisation's region. Reads take a few
 * queries whatever the number of units (no query per row).
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB, LocalizedText } from '../../platform/db/types.ts';

export type Db = Kysely<DB> | Transaction<DB>;

const NO_ID = '00000000-0000-0000-0000-000000000000';
const nonEmpty = (ids: readonly string[]) => (ids.length > 0 ? [...ids] : [NO_ID]);
const json = (value: unknown) => JSON.stringify(value);

export interface MethodView {
  code: string;
  name: LocalizedText;
  description: LocalizedText | null;
}

export interface ProfessionalView {
  id: string;
  code: string;
  unitId: string;
  staffUserId: string | null;
  name: string;
  title: string | null;
  fte: number;
  languages: string[];
  methods: string[];
  remotePossible: boolean;
  active: boolean;
  updatedAt: Date;
}

export interface UnitView {
  id: string;
  code: string | null;
  regionId: string;
  organization: { id: string; name: LocalizedText; retired: boolean };
  name: LocalizedText;
  service: { id: string; name: LocalizedText; status: string } | null;
  municipalityCode: string | null;
  municipalitiesServed: string[];
  languages: string[];
  remotePossible: boolean;
  freeSlotsPerWeek: number;
  waitDays: number | null;
  email: string | null;
  active: boolean;
  updatedAt: Date;
  /** the active professionals: how many, their FTE together and their methods */
  professionalCount: number;
  fte: number;
  methods: string[];
}

export async function readMethods(db: Db): Promise<MethodView[]> {
  const rows = await db
    .selectFrom('method')
    .select(['code', 'name', 'description'])
    .orderBy('code')
    .execute();
  return rows.map((r) => ({ code: r.code, name: r.name, description: r.description }));
}

export interface UnitFilter {
  regionId: string;
  ids?: readonly string[];
  /** units that give one of these catalogue services */
  serviceIds?: readonly string[];
  /** units that serve this municipality */
  municipality?: string;
  /** units with an active professional trained in this method */
  method?: string;
  includeInactive?: boolean;
}

/** Units of a region with their organisation, service, municipalities served and staffing. */
export async function readUnits(db: Db, filter: UnitFilter): Promise<UnitView[]> {
  let q = db
    .selectFrom('unit')
    .innerJoin('organization', 'organization.id', 'unit.organization_id')
    .leftJoin('service', 'service.id', 'unit.service_id')
    .select([
      'unit.id',
      'unit.code',
      'unit.name',
      'unit.municipality_code',
      'unit.languages',
      'unit.remote_possible',
      'unit.free_slots_per_week',
      'unit.wait_days',
      'unit.email',
      'unit.active',
      'unit.updated_at',
      'organization.id as organization_id',
      'organization.region_id',
      'organization.name as organization_name',
      'organization.retired_at as organization_retired_at',
      'service.id as service_id',
      'service.name as service_name',
      'service.status as service_status',
    ])
    .where('organization.region_id', '=', filter.regionId);
  if (filter.ids) q = q.where('unit.id', 'in', nonEmpty(filter.ids));
  if (filter.serviceIds) q = q.where('unit.service_id', 'in', nonEmpty(filter.serviceIds));
  if (!filter.includeInactive) q = q.where('unit.active', '=', true);
  if (filter.municipality) {
    const m = filter.municipality;
    q = q.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('unit_municipality')
          .select('unit_municipality.unit_id')
          .whereRef('unit_municipality.unit_id', '=', 'unit.id')
          .where('unit_municipality.municipality_code', '=', m),
      ),
    );
  }
  if (filter.method) {
    const code = filter.method;
    q = q.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('professional')
          .innerJoin('professional_method', 'professional_method.professional_id', 'professional.id')
          .select('professional.id')
          .whereRef('professional.unit_id', '=', 'unit.id')
          .where('professional.active', '=', true)
          .where('professional_method.method_code', '=', code),
      ),
    );
  }
  const rows = await q.orderBy('unit.code').orderBy('unit.id').execute();
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [served, staffing, methods] = await Promise.all([
    db
      .selectFrom('unit_municipality')
      .select(['unit_id', 'municipality_code'])
      .where('unit_id', 'in', ids)
      .orderBy('municipality_code')
      .execute(),
    db
      .selectFrom('professional')
      .select((eb) => [
        'unit_id',
        eb.fn.countAll<string>().as('n'),
        sql<string>`coalesce(sum(${eb.ref('fte')}), 0)`.as('fte'),
      ])
      .where('unit_id', 'in', ids)
      .where('active', '=', true)
      .groupBy('unit_id')
      .execute(),
    db
      .selectFrom('professional')
      .innerJoin('professional_method', 'professional_method.professional_id', 'professional.id')
      .select(['professional.unit_id', 'professional_method.method_code'])
      .distinct()
      .where('professional.unit_id', 'in', ids)
      .where('professional.active', '=', true)
      .orderBy('professional_method.method_code')
      .execute(),
  ]);
  const servedBy = groupBy(
    served,
    (s) => s.unit_id,
    (s) => s.municipality_code,
  );
  const methodsBy = groupBy(
    methods,
    (m) => m.unit_id,
    (m) => m.method_code,
  );
  const staffBy = new Map(staffing.map((s) => [s.unit_id, s]));
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    regionId: r.region_id,
    organization: {
      id: r.organization_id,
      name: r.organization_name,
      retired: r.organization_retired_at !== null,
    },
    name: r.name,
    service:
      r.service_id && r.service_name && r.service_status
        ? { id: r.service_id, name: r.service_name, status: r.service_status }
        : null,
    municipalityCode: r.municipality_code,
    municipalitiesServed: servedBy.get(r.id) ?? [],
    languages: r.languages,
    remotePossible: r.remote_possible,
    freeSlotsPerWeek: r.free_slots_per_week,
    waitDays: r.wait_days,
    email: r.email,
    active: r.active,
    updatedAt: new Date(r.updated_at),
    professionalCount: Number(staffBy.get(r.id)?.n ?? 0),
    fte: Math.round(Number(staffBy.get(r.id)?.fte ?? 0) * 100) / 100,
    methods: [...new Set(methodsBy.get(r.id) ?? [])],
  }));
}

export interface ProfessionalFilter {
  ids?: readonly string[];
  unitIds?: readonly string[];
  includeInactive?: boolean;
}

/** Professionals with their methods (sorted by name). Callers check the units' region. */
export async function readProfessionals(db: Db, filter: ProfessionalFilter): Promise<ProfessionalView[]> {
  let q = db
    .selectFrom('professional')
    .select([
      'id',
      'code',
      'unit_id',
      'staff_user_id',
      'name',
      'title',
      'fte',
      'languages',
      'remote_possible',
      'active',
      'updated_at',
    ]);
  if (filter.ids) q = q.where('id', 'in', nonEmpty(filter.ids));
  if (filter.unitIds) q = q.where('unit_id', 'in', nonEmpty(filter.unitIds));
  if (!filter.includeInactive) q = q.where('active', '=', true);
  const rows = await q.orderBy('name').orderBy('code').execute();
  if (rows.length === 0) return [];
  const methods = await db
    .selectFrom('professional_method')
    .select(['professional_id', 'method_code'])
    .where(
      'professional_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('method_code')
    .execute();
  const methodsBy = groupBy(
    methods,
    (m) => m.professional_id,
    (m) => m.method_code,
  );
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    unitId: r.unit_id,
    staffUserId: r.staff_user_id,
    name: r.name,
    title: r.title,
    fte: Number(r.fte),
    languages: r.languages,
    methods: methodsBy.get(r.id) ?? [],
    remotePossible: r.remote_possible,
    active: r.active,
    updatedAt: new Date(r.updated_at),
  }));
}

/** The region a professional's unit belongs to, or undefined when there is no such professional. */
export async function professionalRegion(
  db: Db,
  id: string,
): Promise<{ unitId: string; regionId: string } | undefined> {
  return db
    .selectFrom('professional')
    .innerJoin('unit', 'unit.id', 'professional.unit_id')
    .innerJoin('organization', 'organization.id', 'unit.organization_id')
    .select(['professional.unit_id as unitId', 'organization.region_id as regionId'])
    .where('professional.id', '=', id)
    .executeTakeFirst();
}

// ---------------------------------------------------------------- what the rules need to know

export interface RegistryContext {
  regionId: string;
  organizations: { id: string; name: LocalizedText; retired: boolean }[];
  services: { id: string; organizationId: string; name: LocalizedText; retired: boolean }[];
  municipalities: Set<string>;
  methods: Set<string>;
  /** the region's units (for a professional's unit, by id or code) */
  units: { id: string; code: string | null; organizationId: string }[];
  /** units and professionals anywhere with the codes asked for (codes are unique everywhere) */
  unitCodes: Map<string, { id: string; regionId: string }>;
  professionalCodes: Map<string, { id: string; regionId: string }>;
}

export async function registryContext(
  db: Db,
  regionId: string,
  codes: { units?: readonly string[]; professionals?: readonly string[] } = {},
): Promise<RegistryContext> {
  const unitCodes = [...new Set(codes.units ?? [])];
  const professionalCodes = [...new Set(codes.professionals ?? [])];
  const [organizations, services, municipalities, methods, units, takenUnits, takenProfessionals] =
    await Promise.all([
      db
        .selectFrom('organization')
        .select(['id', 'name', 'retired_at'])
        .where('region_id', '=', regionId)
        .execute(),
      db
        .selectFrom('service')
        .select(['id', 'organization_id', 'name', 'status'])
        .where('region_id', '=', regionId)
        .execute(),
      db.selectFrom('municipality').select('code').where('region_id', '=', regionId).execute(),
      db.selectFrom('method').select('code').execute(),
      db
        .selectFrom('unit')
        .innerJoin('organization', 'organization.id', 'unit.organization_id')
        .select(['unit.id', 'unit.code', 'unit.organization_id'])
        .where('organization.region_id', '=', regionId)
        .execute(),
      unitCodes.length === 0
        ? Promise.resolve([])
        : db
            .selectFrom('unit')
            .innerJoin('organization', 'organization.id', 'unit.organization_id')
            .select(['unit.id', 'unit.code', 'organization.region_id'])
            .where('unit.code', 'in', unitCodes)
            .execute(),
      professionalCodes.length === 0
        ? Promise.resolve([])
        : db
            .selectFrom('professional')
            .innerJoin('unit', 'unit.id', 'professional.unit_id')
            .innerJoin('organization', 'organization.id', 'unit.organization_id')
            .select(['professional.id', 'professional.code', 'organization.region_id'])
            .where('professional.code', 'in', professionalCodes)
            .execute(),
    ]);
  return {
    regionId,
    organizations: organizations.map((o) => ({ id: o.id, name: o.name, retired: o.retired_at !== null })),
    services: services.map((s) => ({
      id: s.id,
      organizationId: s.organization_id,
      name: s.name,
      retired: s.status === 'inactive' || s.status === 'defunct',
    })),
    municipalities: new Set(municipalities.map((m) => m.code)),
    methods: new Set(methods.map((m) => m.code)),
    units: units.map((u) => ({ id: u.id, code: u.code, organizationId: u.organization_id })),
    unitCodes: new Map(takenUnits.map((u) => [u.code ?? '', { id: u.id, regionId: u.region_id }])),
    professionalCodes: new Map(takenProfessionals.map((p) => [p.code, { id: p.id, regionId: p.region_id }])),
  };
}

// ---------------------------------------------------------------- writes

/** A unit's columns as the rules made them (network.ts). */
export interface UnitRow {
  id: string;
  code: string;
  organizationId: string;
  name: LocalizedText;
  serviceId: string | null;
  municipalityCode: string;
  municipalitiesServed: string[];
  languages: string[];
  remotePossible: boolean;
  freeSlotsPerWeek: number;
  waitDays: number | null;
  email: string | null;
  active: boolean;
}

export interface ProfessionalRow {
  id: string;
  code: string;
  unitId: string;
  name: string;
  title: string | null;
  fte: number;
  languages: string[];
  methods: string[];
  remotePossible: boolean;
  active: boolean;
}

const unitColumns = (u: UnitRow) => ({
  code: u.code,
  organization_id: u.organizationId,
  name: json(u.name),
  service_id: u.serviceId,
  municipality_code: u.municipalityCode,
  email: u.email,
  remote_possible: u.remotePossible,
  languages: u.languages,
  free_slots_per_week: u.freeSlotsPerWeek,
  wait_days: u.waitDays,
  active: u.active,
});

/** Inserts a unit, or updates it by id; its municipalities are replaced. */
export async function writeUnit(db: Db, u: UnitRow, exists: boolean): Promise<void> {
  if (exists) {
    await db
      .updateTable('unit')
      .set({ ...unitColumns(u), updated_at: sql<Date>`now()` })
      .where('id', '=', u.id)
      .execute();
    await db.deleteFrom('unit_municipality').where('unit_id', '=', u.id).execute();
  } else {
    await db
      .insertInto('unit')
      .values({ id: u.id, ...unitColumns(u) })
      .execute();
  }
  if (u.municipalitiesServed.length > 0)
    await db
      .insertInto('unit_municipality')
      .values(u.municipalitiesServed.map((m) => ({ unit_id: u.id, municipality_code: m })))
      .execute();
}

const professionalColumns = (p: ProfessionalRow) => ({
  code: p.code,
  unit_id: p.unitId,
  name: p.name,
  title: p.title,
  fte: p.fte.toFixed(2),
  languages: p.languages,
  remote_possible: p.remotePossible,
  active: p.active,
});

/** Inserts a professional, or updates them by id; their methods are replaced. */
export async function writeProfessional(db: Db, p: ProfessionalRow, exists: boolean): Promise<void> {
  if (exists) {
    await db
      .updateTable('professional')
      .set({ ...professionalColumns(p), updated_at: sql<Date>`now()` })
      .where('id', '=', p.id)
      .execute();
    await db.deleteFrom('professional_method').where('professional_id', '=', p.id).execute();
  } else {
    await db
      .insertInto('professional')
      .values({ id: p.id, staff_user_id: null, ...professionalColumns(p) })
      .execute();
  }
  if (p.methods.length > 0)
    await db
      .insertInto('professional_method')
      .values(p.methods.map((m) => ({ professional_id: p.id, method_code: m })))
      .execute();
}

export async function writeCapacity(
  db: Db,
  unitId: string,
  c: { freeSlotsPerWeek: number; waitDays: number | null },
): Promise<void> {
  await db
    .updateTable('unit')
    .set({ free_slots_per_week: c.freeSlotsPerWeek, wait_days: c.waitDays, updated_at: sql<Date>`now()` })
    .where('id', '=', unitId)
    .execute();
}

/** The stored unit as the rules would write it (to tell an unchanged row on re-import). */
export async function unitRowsByIds(db: Db, ids: readonly string[]): Promise<Map<string, UnitRow>> {
  if (ids.length === 0) return new Map();
  const [rows, served] = await Promise.all([
    db
      .selectFrom('unit')
      .selectAll()
      .where('id', 'in', [...ids])
      .execute(),
    db
      .selectFrom('unit_municipality')
      .select(['unit_id', 'municipality_code'])
      .where('unit_id', 'in', [...ids])
      .orderBy('municipality_code')
      .execute(),
  ]);
  const servedBy = groupBy(
    served,
    (s) => s.unit_id,
    (s) => s.municipality_code,
  );
  return new Map(
    rows.map((r) => [
      r.id,
      {
        id: r.id,
        code: r.code ?? '',
        organizationId: r.organization_id,
        name: r.name,
        serviceId: r.service_id,
        municipalityCode: r.municipality_code ?? '',
        municipalitiesServed: servedBy.get(r.id) ?? [],
        languages: r.languages,
        remotePossible: r.remote_possible,
        freeSlotsPerWeek: r.free_slots_per_week,
        waitDays: r.wait_days,
        email: r.email,
        active: r.active,
      },
    ]),
  );
}

export async function professionalRowsByIds(
  db: Db,
  ids: readonly string[],
): Promise<Map<string, ProfessionalRow>> {
  const list = await readProfessionals(db, { ids, includeInactive: true });
  return new Map(
    list.map((p) => [
      p.id,
      {
        id: p.id,
        code: p.code,
        unitId: p.unitId,
        name: p.name,
        title: p.title,
        fte: p.fte,
        languages: p.languages,
        methods: p.methods,
        remotePossible: p.remotePossible,
        active: p.active,
      },
    ]),
  );
}

export async function upsertMethods(db: Db, methods: MethodView[]): Promise<void> {
  if (methods.length === 0) return;
  await db
    .insertInto('method')
    .values(
      methods.map((m) => ({
        code: m.code,
        name: json(m.name),
        description: m.description === null ? null : json(m.description),
      })),
    )
    .onConflict((oc) =>
      oc.column('code').doUpdateSet((eb) => ({
        name: eb.ref('excluded.name'),
        description: eb.ref('excluded.description'),
      })),
    )
    .execute();
}

function groupBy<T, V>(rows: T[], key: (row: T) => string, value: (row: T) => V): Map<string, V[]> {
  const out = new Map<string, V[]>();
  for (const row of rows) {
    const k = key(row);
    const list = out.get(k);
    if (list) list.push(value(row));
    else out.set(k, [value(row)]);
  }
  return out;
}
