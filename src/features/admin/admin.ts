import type { Kysely } from 'kysely';
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
  type LocationForm,
  lines,
  type OrganizationForm,
  parseHoursLine,
  parsePhoneLine,
  RETIRED_STATUSES,
  type ServiceForm,
} from './schema.ts';

/** A form that passed its schema but not the catalogue's rules: problems next to the fields. */
const invalid = (fields: FieldProblem[]) => new AppError('request.invalid', 400, {}, fields);

const localized = (f: Record<string, unknown>, name: string): LocalizedText => {
  const out: LocalizedText = { fi: String(f[`${name}_fi`] ?? '') };
  const sv = f[`${name}_sv`];
  const en = f[`${name}_en`];
  if (typeof sv === 'string' && sv) out.sv = sv;
  if (typeof en === 'string' && en) out.en = en;
  return out;
};
const localizedOrNull = (f: Record<string, unknown>, name: string): LocalizedText | null =>
  f[`${name}_fi`] ? localized(f, name) : null;

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
  const phones = lines(form.phones).map((line, i) => ({ line: i + 1, parsed: parsePhoneLine(line) }));
  const badPhone = phones.find((p) => !p.parsed);
  if (badPhone)
    problems.push({ field: 'phones', code: 'admin.invalid_phone', params: { line: badPhone.line } });
  const hours = lines(form.hours).map((line, i) => ({ line: i + 1, parsed: parseHoursLine(line) }));
  const badHours = hours.find((h) => !h.parsed);
  if (badHours)
    problems.push({ field: 'hours', code: 'admin.invalid_hours', params: { line: badHours.line } });
  if (problems.length > 0) return { problems };

  const shown = new Set([...typeIds, ...topicIds]);
  const otherTerms = (ctx.existing?.taxonomyTermIds ?? []).filter((id) => !shown.has(id));
  const salIds = new Map(ctx.existing?.serviceAtLocations.map((s) => [s.locationId, s.id]) ?? []);
  const f = form as unknown as Record<string, unknown>;
  return {
    record: {
      id: ctx.id,
      organizationId: form.organizationId,
      regionId: ctx.regionId,
      status: form.status,
      name: localized(f, 'name'),
      summary: localized(f, 'summary'),
      description: localized(f, 'description'),
      applicationProcess: ctx.existing?.applicationProcess ?? null,
      fees: ctx.existing?.fees ?? null,
      eligibility: ctx.existing?.eligibility ?? null,
      email: form.email,
      url: form.url,
      minAge: form.minAge === null ? null : Number(form.minAge),
      maxAge: form.maxAge === null ? null : Number(form.maxAge),
      areaMunicipalities: form.areaScope === 'region' ? null : [...new Set(form.municipalities)].sort(),
      channels: [...new Set(form.channels)],
      languages: [...new Set(form.languages)],
      taxonomyTermIds: [...new Set([...form.serviceTypes, ...form.topics, ...otherTerms])].sort(),
      serviceAtLocations: [...new Set(form.locations)].map((locationId) => ({
        id: salIds.get(locationId) ?? newId(),
        locationId,
      })),
      phones: phones.map((p) => ({
        id: newId(),
        number: p.parsed?.number ?? '',
        description: p.parsed?.description ? { fi: p.parsed.description } : null,
      })),
      schedules: hours.map((h) => ({
        id: newId(),
        byday: h.parsed?.byday ?? '',
        opensAt: h.parsed?.opensAt ?? '',
        closesAt: h.parsed?.closesAt ?? '',
        description: h.parsed?.description ? { fi: h.parsed.description } : null,
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
  const f = form as unknown as Record<string, unknown>;
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
  const f = form as unknown as Record<string, unknown>;
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
      transportation: ctx.existing?.transportation ?? null,
      accessibility: ctx.existing?.accessibility ?? null,
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

export function serviceValues(
  s: ServiceRecord,
  options: CatalogueOptions,
): Record<string, string | string[]> {
  const types = new Set(options.serviceTypes.map((x) => x.id));
  const topics = new Set(options.topics.map((x) => x.id));
  return {
    ...textValues('name', s.name),
    ...textValues('summary', s.summary),
    ...textValues('description', s.description),
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
    phones: s.phones.map((p) => (p.description ? `${p.number}: ${p.description.fi}` : p.number)).join('\n'),
    hours: s.schedules
      .map((h) => `${h.byday} ${h.opensAt}-${h.closesAt}${h.description ? `: ${h.description.fi}` : ''}`)
      .join('\n'),
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
    organizationId: l.organizationId,
    street: l.street,
    postalCode: l.postalCode,
    municipalityCode: l.municipalityCode,
    latitude: l.latitude === null ? '' : String(l.latitude),
    longitude: l.longitude === null ? '' : String(l.longitude),
  };
}
