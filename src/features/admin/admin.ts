import type { Kysely } from 'kysely';
import type { Lang } from '../../i18n/index.ts';
import type { StaffActor } from '../../platform/auth/actor.ts';
import { sameRegion } from '../../platform/auth/guard.ts';
import type { DB, LocalizedText } from '../../platform/db/types.ts';
import { AppError, type FieldProblem } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import {
  type CatalogueDb,
  type CatalogueOptions,
  CHANNELS,
  type LocationRecord,
  type OrganizationRecord,
  openingHoursText,
  parseOpeningHours,
  readLocationRecords,
  readOrganizationRecords,
  readServiceRecords,
  refreshServiceSearch,
  SERVICE_LANGUAGES,
  type ServiceRecord,
  saveLocations,
  saveOrganizations,
  saveServices,
} from '../catalogue/index.ts';
import {
  activeServiceIdsOfOrganization,
  choosableLocations,
  choosableOrganizations,
  countActiveServices,
  insertVersion,
  locationRegion,
  retiredAt,
  setRetired,
} from './queries.ts';
import {
  EMPTY_ROWS,
  type FormValues,
  isPhoneNumber,
  type LocationForm,
  type OrganizationForm,
  RETIRED_STATUSES,
  type RowList,
  rowField,
  type ServiceForm,
} from './schema.ts';

/** A form that passed its schema but not the catalogue's rules: problems next to the fields. */
const invalid = (fields: FieldProblem[]) => new AppError('request.invalid', 400, {}, fields);

/** The three fields of a text (`${name}_fi`, `_sv`, `_en`) as one; an empty language left out. */
const localized = (f: object, name: string): LocalizedText => {
  const v = f as Record<string, unknown>;
  const out: LocalizedText = { fi: String(v[`${name}_fi`] ?? '') };
  const sv = v[`${name}_sv`];
  const en = v[`${name}_en`];
  if (typeof sv === 'string' && sv) out.sv = sv;
  if (typeof en === 'string' && en) out.en = en;
  return out;
};
/** null when no language is given: a Swedish or English text without Finnish is kept. */
/** The chosen values in their stored order, new ones after: an unchanged save changes nothing. */
const keepOrder = (stored: readonly string[], chosen: readonly string[]) => {
  const set = new Set(chosen);
  return [...new Set([...stored.filter((v) => set.has(v)), ...chosen])];
};
const localizedOrNull = (f: object, name: string): LocalizedText | null => {
  const t = localized(f, name);
  return t.fi || t.sv || t.en ? t : null;
};

// ---------------------------------------------------------------- pure rules

/**
 * The service record a form describes, or the problems that stop it. Pure: the region's
 * choices (organisations, locations, terms, municipalities) are passed in. What the form does
 * not show (application process, fees, other taxonomies' terms) is kept from `existing`.
 */
export function serviceFromForm(
  form: ServiceForm,
  ctx: {
    id: string;
    regionId: string;
    existing: ServiceRecord | null;
    options: CatalogueOptions;
    organizations: { id: string; retired: boolean }[];
    locations: { id: string; retired: boolean }[];
  },
): { record: ServiceRecord } | { problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const org = ctx.organizations.find((o) => o.id === form.organizationId);
  if (!org) problems.push({ field: 'organizationId', code: 'admin.invalid_choice' });
  else if (org.retired && ctx.existing?.organizationId !== org.id)
    problems.push({ field: 'organizationId', code: 'admin.retired_reference' });
  const typeIds = new Set(ctx.options.serviceTypes.map((t) => t.id));
  const topicIds = new Set(ctx.options.topics.map((t) => t.id));
  if (form.serviceTypes.some((id) => !typeIds.has(id)))
    problems.push({ field: 'serviceTypes', code: 'admin.invalid_choice' });
  if (form.serviceTypes.length === 0) problems.push({ field: 'serviceTypes', code: 'admin.choose_one' });
  if (form.topics.some((id) => !topicIds.has(id)))
    problems.push({ field: 'topics', code: 'admin.invalid_choice' });
  if (form.channels.some((c) => !(CHANNELS as readonly string[]).includes(c)))
    problems.push({ field: 'channels', code: 'admin.invalid_choice' });
  if (form.languages.some((c) => !(SERVICE_LANGUAGES as readonly string[]).includes(c)))
    problems.push({ field: 'languages', code: 'admin.invalid_choice' });
  const regionMunicipalities = new Set(
    ctx.options.municipalities.filter((m) => m.regionId === ctx.regionId).map((m) => m.code),
  );
  if (form.municipalities.some((m) => !regionMunicipalities.has(m)))
    problems.push({ field: 'municipalities', code: 'admin.invalid_choice' });
  const keptLocations = new Set(ctx.existing?.serviceAtLocations.map((s) => s.locationId) ?? []);
  for (const id of form.locations) {
    const loc = ctx.locations.find((l) => l.id === id);
    if (!loc) problems.push({ field: 'locations', code: 'admin.invalid_choice' });
    else if (loc.retired && !keptLocations.has(id))
      problems.push({ field: 'locations', code: 'admin.retired_reference' });
  }
  // a row left empty is no row; a row with only a description needs its number or time
  const phones = form.phones
    .map((row, i) => ({ n: i + 1, row, description: localizedOrNull(row, 'description') }))
    .filter((p) => p.row.number !== null || p.description !== null);
  for (const p of phones) {
    if (p.row.number === null)
      problems.push({ field: rowField('phones', p.n, 'number'), code: 'admin.required' });
    else if (!isPhoneNumber(p.row.number))
      problems.push({ field: rowField('phones', p.n, 'number'), code: 'admin.invalid_phone' });
  }
  const hours = form.hours
    .map((row, i) => ({
      n: i + 1,
      row,
      parsed: row.when === null ? null : parseOpeningHours(row.when),
      note: localizedOrNull(row, 'note'),
    }))
    .filter((h) => h.row.when !== null || h.note !== null);
  for (const h of hours) {
    if (h.row.when === null) problems.push({ field: rowField('hours', h.n, 'when'), code: 'admin.required' });
    else if (!h.parsed)
      problems.push({
        field: rowField('hours', h.n, 'when'),
        code: 'admin.invalid_hours',
        params: { value: h.row.when },
      });
  }
  if (problems.length > 0) return { problems };

  const shown = new Set([...typeIds, ...topicIds]);
  const otherTerms = (ctx.existing?.taxonomyTermIds ?? []).filter((id) => !shown.has(id));
  const salIds = new Map(ctx.existing?.serviceAtLocations.map((s) => [s.locationId, s.id]) ?? []);
  const f = form;
  return {
    record: {
      id: ctx.id,
      organizationId: form.organizationId,
      regionId: ctx.regionId,
      status: form.status,
      name: localized(f, 'name'),
      summary: localized(f, 'summary'),
      description: localized(f, 'description'),
      applicationProcess: localizedOrNull(form, 'applicationProcess'),
      fees: localizedOrNull(form, 'fees'),
      eligibility: localizedOrNull(form, 'eligibility'),
      email: form.email,
      url: form.url,
      minAge: form.minAge === null ? null : Number(form.minAge),
      maxAge: form.maxAge === null ? null : Number(form.maxAge),
      areaMunicipalities: form.areaScope === 'region' ? null : [...new Set(form.municipalities)].sort(),
      channels: keepOrder(ctx.existing?.channels ?? [], form.channels),
      languages: keepOrder(ctx.existing?.languages ?? [], form.languages),
      taxonomyTermIds: [...new Set([...form.serviceTypes, ...form.topics, ...otherTerms])].sort(),
      serviceAtLocations: keepOrder(
        ctx.existing?.serviceAtLocations.map((s) => s.locationId) ?? [],
        form.locations,
      ).map((locationId) => ({
        id: salIds.get(locationId) ?? newId(),
        locationId,
      })),
      // the n-th row keeps the n-th stored id, so that an unchanged save changes nothing
      phones: phones.map((p, i) => ({
        id: ctx.existing?.phones[i]?.id ?? newId(),
        number: p.row.number ?? '',
        description: p.description,
      })),
      schedules: hours.map((h, i) => ({
        id: ctx.existing?.schedules[i]?.id ?? newId(),
        byday: h.parsed?.byday ?? '',
        opensAt: h.parsed?.opensAt ?? '',
        closesAt: h.parsed?.closesAt ?? '',
        description: h.note,
      })),
    },
  };
}

export function organizationFromForm(
  form: OrganizationForm,
  ctx: { id: string; regionId: string; options: CatalogueOptions },
): { record: OrganizationRecord } | { problems: FieldProblem[] } {
  if (
    form.municipalityCode !== null &&
    !ctx.options.municipalities.some((m) => m.code === form.municipalityCode && m.regionId === ctx.regionId)
  )
    return { problems: [{ field: 'municipalityCode', code: 'admin.invalid_choice' }] };
  const f = form;
  return {
    record: {
      id: ctx.id,
      regionId: ctx.regionId,
      kind: form.kind,
      name: localized(f, 'name'),
      description: localizedOrNull(f, 'description') ?? { fi: '' },
      municipalityCode: form.municipalityCode,
      email: form.email,
      website: form.website,
      phone: form.phone,
    },
  };
}

export function locationFromForm(
  form: LocationForm,
  ctx: {
    id: string;
    regionId: string;
    existing: LocationRecord | null;
    options: CatalogueOptions;
    organizations: { id: string; retired: boolean }[];
  },
): { record: LocationRecord } | { problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const org = ctx.organizations.find((o) => o.id === form.organizationId);
  if (!org) problems.push({ field: 'organizationId', code: 'admin.invalid_choice' });
  else if (org.retired && ctx.existing?.organizationId !== org.id)
    problems.push({ field: 'organizationId', code: 'admin.retired_reference' });
  if (
    !ctx.options.municipalities.some((m) => m.code === form.municipalityCode && m.regionId === ctx.regionId)
  )
    problems.push({ field: 'municipalityCode', code: 'admin.invalid_choice' });
  if (problems.length > 0) return { problems };
  const f = form;
  const num = (v: string | null) => (v === null ? null : Number(v.replace(',', '.')));
  return {
    record: {
      id: ctx.id,
      organizationId: form.organizationId,
      name: localized(f, 'name'),
      street: form.street,
      postalCode: form.postalCode,
      city: localized(f, 'city'),
      municipalityCode: form.municipalityCode,
      latitude: num(form.latitude),
      longitude: num(form.longitude),
      transportation: localizedOrNull(f, 'transportation'),
      accessibility: localizedOrNull(f, 'accessibility'),
    },
  };
}

// ---------------------------------------------------------------- use cases (one transaction each)

type Trx = CatalogueDb;

async function regionChoices(db: Trx, regionId: string) {
  const [orgs, locs] = await Promise.all([
    choosableOrganizations(db, regionId),
    choosableLocations(db, regionId),
  ]);
  return {
    organizations: orgs.map((o) => ({ id: o.id, retired: o.retired_at !== null })),
    locations: locs.map((l) => ({ id: l.id, retired: l.retired_at !== null })),
  };
}

/** A service of the actor's region, or 404. */
export async function serviceOfRegion(db: Trx, actor: StaffActor, id: string): Promise<ServiceRecord> {
  const [record] = await readServiceRecords(db, { ids: [id] });
  if (!record) throw new AppError('catalogue.service_not_found', 404);
  sameRegion(actor, record.regionId);
  return record;
}

export async function organizationOfRegion(db: Trx, actor: StaffActor, id: string) {
  const [record] = await readOrganizationRecords(db, { ids: [id] });
  if (!record) throw new AppError('catalogue.organization_not_found', 404);
  sameRegion(actor, record.regionId);
  return { record, retiredAt: await retiredAt(db, 'organization', id) };
}

export async function locationOfRegion(db: Trx, actor: StaffActor, id: string) {
  const region = await locationRegion(db, id);
  if (!region) throw new AppError('http.not_found', 404);
  sameRegion(actor, region.regionId);
  const [record] = await readLocationRecords(db, { ids: [id] });
  if (!record) throw new AppError('http.not_found', 404);
  return { record, retiredAt: region.retiredAt ? new Date(region.retiredAt) : null };
}

const isRetiredStatus = (s: string) => (RETIRED_STATUSES as readonly string[]).includes(s);

/** Creates (id null) or updates a service, with its search documents and a new version. */
export async function saveService(
  db: Kysely<DB>,
  actor: StaffActor,
  id: string | null,
  form: ServiceForm,
  options: CatalogueOptions,
): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const existing = id ? await serviceOfRegion(trx, actor, id) : null;
    const result = serviceFromForm(form, {
      id: id ?? newId(),
      regionId: actor.regionId,
      existing,
      options,
      ...(await regionChoices(trx, actor.regionId)),
    });
    if ('problems' in result) throw invalid(result.problems);
    await saveServices(trx, [result.record]);
    await refreshServiceSearch(trx, [result.record.id]);
    const changeKind = !existing
      ? 'create'
      : isRetiredStatus(result.record.status) && !isRetiredStatus(existing.status)
        ? 'retire'
        : !isRetiredStatus(result.record.status) && isRetiredStatus(existing.status)
          ? 'restore'
          : 'update';
    await insertVersion(trx, {
      entityType: 'service',
      entityId: result.record.id,
      changeKind,
      record: result.record,
      changedBy: actor.userId,
    });
    return result.record.id;
  });
}

/** A retired service (inactive or defunct) leaves the public catalogue and the HSDS API. */
export async function retireService(
  db: Kysely<DB>,
  actor: StaffActor,
  id: string,
  status: 'inactive' | 'defunct',
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const existing = await serviceOfRegion(trx, actor, id);
    const record = { ...existing, status };
    await saveServices(trx, [record]);
    await refreshServiceSearch(trx, [id]);
    await insertVersion(trx, {
      entityType: 'service',
      entityId: id,
      changeKind: 'retire',
      record,
      changedBy: actor.userId,
    });
  });
}

export async function saveOrganization(
  db: Kysely<DB>,
  actor: StaffActor,
  id: string | null,
  form: OrganizationForm,
  options: CatalogueOptions,
): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const existing = id ? await organizationOfRegion(trx, actor, id) : null;
    const result = organizationFromForm(form, { id: id ?? newId(), regionId: actor.regionId, options });
    if ('problems' in result) throw invalid(result.problems);
    await saveOrganizations(trx, [result.record]);
    // the provider's name is in its services' search documents
    if (existing)
      await refreshServiceSearch(trx, await activeServiceIdsOfOrganization(trx, result.record.id));
    await insertVersion(trx, {
      entityType: 'organization',
      entityId: result.record.id,
      changeKind: existing ? 'update' : 'create',
      record: { ...result.record, retiredAt: existing?.retiredAt ?? null },
      changedBy: actor.userId,
    });
    return result.record.id;
  });
}

export async function saveLocation(
  db: Kysely<DB>,
  actor: StaffActor,
  id: string | null,
  form: LocationForm,
  options: CatalogueOptions,
): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const existing = id ? await locationOfRegion(trx, actor, id) : null;
    const result = locationFromForm(form, {
      id: id ?? newId(),
      regionId: actor.regionId,
      existing: existing?.record ?? null,
      options,
      organizations: (await regionChoices(trx, actor.regionId)).organizations,
    });
    if ('problems' in result) throw invalid(result.problems);
    await saveLocations(trx, [result.record]);
    await insertVersion(trx, {
      entityType: 'location',
      entityId: result.record.id,
      changeKind: existing ? 'update' : 'create',
      record: { ...result.record, retiredAt: existing?.retiredAt ?? null },
      changedBy: actor.userId,
    });
    return result.record.id;
  });
}

/**
 * Retires (or brings back) an organisation or a location. One with services in use cannot
 * be retired: a public service would point at something retired.
 */
export async function setEntityRetired(
  db: Kysely<DB>,
  actor: StaffActor,
  entity: 'organization' | 'location',
  id: string,
  retire: boolean,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const current =
      entity === 'organization'
        ? await organizationOfRegion(trx, actor, id)
        : await locationOfRegion(trx, actor, id);
    if (retire) {
      const inUse = await countActiveServices(
        trx,
        entity === 'organization' ? { organizationId: id } : { locationId: id },
      );
      if (inUse > 0)
        throw new AppError(
          entity === 'organization' ? 'admin.organization_in_use' : 'admin.location_in_use',
          409,
        );
    }
    await setRetired(trx, entity, id, retire);
    await insertVersion(trx, {
      entityType: entity,
      entityId: id,
      changeKind: retire ? 'retire' : 'restore',
      record: { ...current.record, retiredAt: retire ? new Date().toISOString() : null },
      changedBy: actor.userId,
    });
  });
}

/** Brings a retired service back into use (status active), as a new version. */
export async function restoreService(db: Kysely<DB>, actor: StaffActor, id: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const existing = await serviceOfRegion(trx, actor, id);
    const record = { ...existing, status: 'active' as const };
    await saveServices(trx, [record]);
    await refreshServiceSearch(trx, [id]);
    await insertVersion(trx, {
      entityType: 'service',
      entityId: id,
      changeKind: 'restore',
      record,
      changedBy: actor.userId,
    });
  });
}

// ---------------------------------------------------------------- records as form values

const textValues = (name: string, t: LocalizedText | null) => ({
  [`${name}_fi`]: t?.fi ?? '',
  [`${name}_sv`]: t?.sv ?? '',
  [`${name}_en`]: t?.en ?? '',
});

/** The stored rows of a list, then EMPTY_ROWS empty ones to add to (no JavaScript needed). */
function rowValues<T>(list: RowList, rows: T[], values: (row: T) => Record<string, string>): FormValues {
  const out: FormValues = {};
  const empty = Object.fromEntries(Object.keys(values(undefined as T)).map((k) => [k, '']));
  [...rows.map(values), ...Array.from({ length: EMPTY_ROWS }, () => empty)].forEach((row, i) => {
    for (const [k, v] of Object.entries(row)) out[rowField(list, i + 1, k)] = v;
  });
  return out;
}

/** A new service's empty rows. */
export const newServiceRows = (): FormValues => ({
  ...rowValues('phones', [], phoneValues),
  ...rowValues('hours', [], hoursValues(null)),
});
const phoneValues = (p: ServiceRecord['phones'][number] | undefined) => ({
  number: p?.number ?? '',
  ...textValues('description', p?.description ?? null),
});
const hoursValues =
  (lang: Lang | null) =>
  (h: ServiceRecord['schedules'][number] | undefined): Record<string, string> => ({
    when: h && lang ? openingHoursText(lang, h) : '',
    ...textValues('note', h?.description ?? null),
  });

/** The record as the form's fields; opening hours as the page's language writes them. */
export function serviceValues(s: ServiceRecord, options: CatalogueOptions, lang: Lang): FormValues {
  const types = new Set(options.serviceTypes.map((x) => x.id));
  const topics = new Set(options.topics.map((x) => x.id));
  return {
    ...textValues('name', s.name),
    ...textValues('summary', s.summary),
    ...textValues('description', s.description),
    ...textValues('applicationProcess', s.applicationProcess),
    ...textValues('fees', s.fees),
    ...textValues('eligibility', s.eligibility),
    organizationId: s.organizationId,
    status: s.status,
    serviceTypes: s.taxonomyTermIds.filter((id) => types.has(id)),
    topics: s.taxonomyTermIds.filter((id) => topics.has(id)),
    minAge: s.minAge === null ? '' : String(s.minAge),
    maxAge: s.maxAge === null ? '' : String(s.maxAge),
    channels: s.channels,
    languages: s.languages,
    areaScope: s.areaMunicipalities === null ? 'region' : 'municipalities',
    municipalities: s.areaMunicipalities ?? [],
    locations: s.serviceAtLocations.map((x) => x.locationId),
    ...rowValues('phones', s.phones, phoneValues),
    ...rowValues('hours', s.schedules, hoursValues(lang)),
    email: s.email ?? '',
    url: s.url ?? '',
  };
}

export function organizationValues(o: OrganizationRecord): Record<string, string | string[]> {
  return {
    ...textValues('name', o.name),
    ...textValues('description', o.description),
    kind: o.kind,
    municipalityCode: o.municipalityCode ?? '',
    email: o.email ?? '',
    website: o.website ?? '',
    phone: o.phone ?? '',
  };
}

export function locationValues(l: LocationRecord): Record<string, string | string[]> {
  return {
    ...textValues('name', l.name),
    ...textValues('city', l.city),
    ...textValues('transportation', l.transportation),
    ...textValues('accessibility', l.accessibility),
    organizationId: l.organizationId,
    street: l.street,
    postalCode: l.postalCode,
    municipalityCode: l.municipalityCode,
    latitude: l.latitude === null ? '' : String(l.latitude),
    longitude: l.longitude === null ? '' : String(l.longitude),
  };
}
