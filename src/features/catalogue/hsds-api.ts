import type { ErrorCode, Lang } from '../../i18n/index.ts';
import { AppError, type FieldProblem } from '../../platform/errors.ts';
import { UUID_PATTERN } from '../../platform/ids.ts';
import { type CatalogueFilters, catalogueOptions, checkFilterValues, searchServices } from './catalogue.ts';
import {
  apiView,
  type HsdsReference,
  type HsdsView,
  locationBasicToHsds,
  locationToHsds,
  organizationBasicToHsds,
  organizationToHsds,
  pick,
  serviceAtLocationToHsds,
  serviceBasicToHsds,
  serviceToHsds,
  taxonomyTermToHsds,
  taxonomyToHsds,
} from './hsds.ts';
import {
  activeServiceAtLocation,
  activeServicesOf,
  existingIds,
  loadHsdsReference,
  locationIdsOf,
  organizationPage,
  serviceAtLocationPage,
  serviceUpdatedAt,
  taxonomyPage,
  taxonomyTermPage,
} from './hsds-queries.ts';
import type {
  HsdsOrganization,
  HsdsPage,
  HsdsService,
  HsdsServiceAtLocation,
  HsdsServiceMinimal,
  HsdsTaxonomy,
  HsdsTaxonomyTerm,
  OrganizationsQuery,
  ServiceAtLocationsQuery,
  ServicesQuery,
  TaxonomiesQuery,
  TaxonomyTermsQuery,
} from './hsds-schema.ts';
import { type Db, readLocationRecords, readOrganizationRecords, readServiceRecords } from './queries.ts';
import type { LocationRecord, OrganizationRecord } from './records.ts';

/**
 * The use cases of the HSDS API (/api/hsds): read the catalogue, present it as HSDS objects
 * (hsds.ts). Only active services, and their service-at-locations, are public.
 */

// ---------------------------------------------------------------- helpers

function toPage<T>(contents: T[], total: number, page: number, perPage: number): HsdsPage<T> {
  const pages = Math.max(1, Math.ceil(total / perPage));
  if (contents.length === 0 && page > 1) {
    throw new AppError('catalogue.page_out_of_range', 404, { page, pages }, [
      { field: 'page', code: 'catalogue.page_out_of_range', params: { page, pages } },
    ]);
  }
  return {
    total_items: total,
    total_pages: pages,
    page_number: page,
    size: contents.length,
    first_page: page === 1,
    last_page: page >= pages,
    empty: total === 0,
    contents,
  };
}

/** An id that is not a UUID names nothing: the same 404 as an unknown one. */
function checkId(id: string, code: ErrorCode) {
  if (!UUID_PATTERN.test(id)) throw new AppError(code, 404);
}

const unique = (ids: string[]) => [...new Set(ids)];
const inOrderOf = <T extends { id: string }>(ids: string[], items: T[]): T[] => {
  const byId = new Map(items.map((x) => [x.id, x]));
  return ids.flatMap((id) => byId.get(id) ?? []);
};

function serviceFilters(q: ServicesQuery | ServiceAtLocationsQuery): CatalogueFilters {
  return {
    text: q.search || undefined,
    municipality: q.municipality,
    age: q.age,
    topics: q.topic,
    serviceTypes: q.service_type,
    channels: q.channel,
    language: q.language,
    organizationId: q.organization_id,
    taxonomyTermIds: q.taxonomy_term_id,
    taxonomyId: q.taxonomy_id,
    modifiedAfter: q.modified_after ? new Date(q.modified_after) : undefined,
  };
}

/** Filter values that name nothing are the client's mistake: 400, naming each one. */
async function checkFilterIds(
  db: Db,
  checks: {
    field: string;
    table: 'organization' | 'taxonomy' | 'taxonomy_term';
    ids: string[] | undefined;
  }[],
) {
  const problems: FieldProblem[] = [];
  for (const { field, table, ids } of checks) {
    if (!ids?.length) continue;
    const found = await existingIds(db, table, ids);
    for (const id of ids) {
      if (!found.has(id))
        problems.push({ field, code: 'catalogue.unknown_filter_value', params: { value: id } });
    }
  }
  if (problems.length > 0)
    throw new AppError('catalogue.unknown_filter_value', 400, problems[0]?.params, problems);
}

const serviceFilterIdChecks = (f: CatalogueFilters) =>
  [
    {
      field: 'organization_id',
      table: 'organization',
      ids: f.organizationId ? [f.organizationId] : undefined,
    },
    { field: 'taxonomy_id', table: 'taxonomy', ids: f.taxonomyId ? [f.taxonomyId] : undefined },
    { field: 'taxonomy_term_id', table: 'taxonomy_term', ids: f.taxonomyTermIds },
  ] as const;

/** Services by id, in that order: one-to-one fields, or fully nested. */
async function servicesAsHsds(
  db: Db,
  ids: string[],
  view: HsdsView,
  { full, reference }: { full: boolean; reference?: HsdsReference },
): Promise<HsdsService[]> {
  const [services, updated] = await Promise.all([readServiceRecords(db, { ids }), serviceUpdatedAt(db, ids)]);
  const organizations = new Map(
    (await readOrganizationRecords(db, { ids: unique(services.map((s) => s.organizationId)) })).map((o) => [
      o.id,
      o,
    ]),
  );
  const extras = (s: { id: string; organizationId: string }) => ({
    lastModified: updated.get(s.id),
    organization: organizations.get(s.organizationId),
  });
  if (!full) return inOrderOf(ids, services).map((s) => serviceBasicToHsds(s, view, extras(s)));
  const [ref, locations] = await Promise.all([
    reference ?? loadHsdsReference(db),
    readLocationRecords(db, {
      ids: unique(services.flatMap((s) => s.serviceAtLocations.map((x) => x.locationId))),
    }),
  ]);
  const locationsById = new Map(locations.map((l) => [l.id, l]));
  return inOrderOf(ids, services).map((s) =>
    serviceToHsds(s, ref, view, { ...extras(s), locations: locationsById }),
  );
}

// ---------------------------------------------------------------- services

export async function listHsdsServices(
  db: Db,
  q: ServicesQuery,
): Promise<HsdsPage<HsdsService | HsdsServiceMinimal>> {
  const filters = serviceFilters(q);
  await checkFilterIds(db, [...serviceFilterIdChecks(filters)]);
  const options = await catalogueOptions(db);
  const result = await searchServices(db, options, filters, q.lang, q.page, q.per_page);
  const view = apiView(q.lang);
  const contents: (HsdsService | HsdsServiceMinimal)[] = q.minimal
    ? result.items.map((item) => ({
        id: item.id,
        name: pick(item.name, q.lang),
        status: 'active' as const,
        last_modified: item.updatedAt.toISOString(),
      }))
    : await servicesAsHsds(
        db,
        result.items.map((item) => item.id),
        view,
        { full: q.full ?? false },
      );
  return toPage(contents, result.total, result.page, result.perPage);
}

export async function getHsdsService(db: Db, id: string, lang: Lang): Promise<HsdsService> {
  checkId(id, 'catalogue.service_not_found');
  const [service] = await servicesAsHsds(db, [id], apiView(lang), { full: true });
  if (service?.status !== 'active') throw new AppError('catalogue.service_not_found', 404);
  return service;
}

// ---------------------------------------------------------------- organizations

async function organizationsAsHsds(
  db: Db,
  ids: string[],
  view: HsdsView,
  { full, fullService }: { full: boolean; fullService: boolean },
): Promise<HsdsOrganization[]> {
  const organizations = inOrderOf(ids, await readOrganizationRecords(db, { ids }));
  if (!full) return organizations.map((o) => organizationBasicToHsds(o, view));
  const [ref, locationIds, serviceRows] = await Promise.all([
    loadHsdsReference(db),
    locationIdsOf(db, ids),
    activeServicesOf(db, ids, view.lang),
  ]);
  const [locations, services] = await Promise.all([
    readLocationRecords(db, { ids: locationIds }),
    servicesAsHsds(
      db,
      serviceRows.map((s) => s.id),
      view,
      { full: fullService, reference: ref },
    ),
  ]);
  const locationsOf = groupBy(locations, (l: LocationRecord) => l.organizationId);
  // inside its organization a service does not repeat the organization
  const servicesOf = groupBy(
    services.map(({ organization: _, ...s }) => s),
    (s) => s.organization_id ?? '',
  );
  return organizations.map((o: OrganizationRecord) =>
    organizationToHsds(o, ref, view, {
      locations: locationsOf.get(o.id) ?? [],
      services: servicesOf.get(o.id) ?? [],
    }),
  );
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) map.set(key(item), [...(map.get(key(item)) ?? []), item]);
  return map;
}

export async function listHsdsOrganizations(
  db: Db,
  q: OrganizationsQuery,
): Promise<HsdsPage<HsdsOrganization>> {
  const page = await organizationPage(db, { search: q.search || undefined }, q.lang, q.page, q.per_page);
  const contents = await organizationsAsHsds(db, page.ids, apiView(q.lang), {
    full: q.full ?? false,
    fullService: q.full_service ?? false,
  });
  return toPage(contents, page.total, q.page, q.per_page);
}

export async function getHsdsOrganization(
  db: Db,
  id: string,
  { lang, fullService }: { lang: Lang; fullService: boolean },
): Promise<HsdsOrganization> {
  checkId(id, 'catalogue.organization_not_found');
  const [organization] = await organizationsAsHsds(db, [id], apiView(lang), { full: true, fullService });
  if (!organization) throw new AppError('catalogue.organization_not_found', 404);
  return organization;
}

// ---------------------------------------------------------------- taxonomies

export async function listHsdsTaxonomies(db: Db, q: TaxonomiesQuery): Promise<HsdsPage<HsdsTaxonomy>> {
  const [page, ref] = await Promise.all([
    taxonomyPage(db, { search: q.search || undefined }, q.page, q.per_page),
    loadHsdsReference(db),
  ]);
  const view = apiView(q.lang);
  const contents = page.ids.flatMap((id) => {
    const t = ref.taxonomies.get(id);
    return t ? [taxonomyToHsds(t, view)] : [];
  });
  return toPage(contents, page.total, q.page, q.per_page);
}

export async function getHsdsTaxonomy(db: Db, id: string, lang: Lang): Promise<HsdsTaxonomy> {
  checkId(id, 'catalogue.taxonomy_not_found');
  const taxonomy = (await loadHsdsReference(db)).taxonomies.get(id);
  if (!taxonomy) throw new AppError('catalogue.taxonomy_not_found', 404);
  return taxonomyToHsds(taxonomy, apiView(lang));
}

export async function listHsdsTaxonomyTerms(
  db: Db,
  q: TaxonomyTermsQuery,
): Promise<HsdsPage<HsdsTaxonomyTerm>> {
  await checkFilterIds(db, [
    { field: 'taxonomy_id', table: 'taxonomy', ids: q.taxonomy_id ? [q.taxonomy_id] : undefined },
    { field: 'parent_id', table: 'taxonomy_term', ids: q.parent_id ? [q.parent_id] : undefined },
  ]);
  const [page, ref] = await Promise.all([
    taxonomyTermPage(
      db,
      {
        search: q.search || undefined,
        taxonomyId: q.taxonomy_id,
        topOnly: q.top_only,
        parentId: q.parent_id,
      },
      q.page,
      q.per_page,
    ),
    loadHsdsReference(db),
  ]);
  const view = apiView(q.lang);
  const contents = page.ids.flatMap((id) => {
    const term = ref.terms.get(id);
    return term ? [taxonomyTermToHsds(term, ref, view)] : [];
  });
  return toPage(contents, page.total, q.page, q.per_page);
}

export async function getHsdsTaxonomyTerm(db: Db, id: string, lang: Lang): Promise<HsdsTaxonomyTerm> {
  checkId(id, 'catalogue.taxonomy_term_not_found');
  const ref = await loadHsdsReference(db);
  const term = ref.terms.get(id);
  if (!term) throw new AppError('catalogue.taxonomy_term_not_found', 404);
  return taxonomyTermToHsds(term, ref, apiView(lang));
}

// ---------------------------------------------------------------- service at locations

export async function listHsdsServiceAtLocations(
  db: Db,
  q: ServiceAtLocationsQuery,
): Promise<HsdsPage<HsdsServiceAtLocation>> {
  const filters = serviceFilters(q);
  await checkFilterIds(db, [...serviceFilterIdChecks(filters)]);
  const options = await catalogueOptions(db);
  const problems = checkFilterValues(options, filters);
  if (problems.length > 0)
    throw new AppError('catalogue.unknown_filter_value', 400, problems[0]?.params, problems);
  const { rows, total } = await serviceAtLocationPage(db, options, filters, q.lang, q.page, q.per_page);
  const view = apiView(q.lang);
  const full = q.full ?? false;
  const [services, locations] = await Promise.all([
    servicesAsHsds(db, unique(rows.map((r) => r.service_id)), view, { full }),
    readLocationRecords(db, { ids: unique(rows.map((r) => r.location_id)) }),
  ]);
  const ref = full ? await loadHsdsReference(db) : undefined;
  const servicesById = new Map(services.map((s) => [s.id, s]));
  const locationsById = new Map(locations.map((l) => [l.id, l]));
  const contents = rows.map((r) => {
    const location = locationsById.get(r.location_id);
    return serviceAtLocationToHsds(
      { id: r.id, serviceId: r.service_id, locationId: r.location_id },
      {
        service: servicesById.get(r.service_id),
        location:
          location && (ref ? locationToHsds(location, ref, view) : locationBasicToHsds(location, view)),
      },
    );
  });
  return toPage(contents, total, q.page, q.per_page);
}

export async function getHsdsServiceAtLocation(
  db: Db,
  id: string,
  lang: Lang,
): Promise<HsdsServiceAtLocation> {
  checkId(id, 'catalogue.service_at_location_not_found');
  const row = await activeServiceAtLocation(db, id);
  if (!row) throw new AppError('catalogue.service_at_location_not_found', 404);
  const view = apiView(lang);
  const ref = await loadHsdsReference(db);
  const [[service], [location]] = await Promise.all([
    servicesAsHsds(db, [row.service_id], view, { full: true, reference: ref }),
    readLocationRecords(db, { ids: [row.location_id] }),
  ]);
  return serviceAtLocationToHsds(
    { id: row.id, serviceId: row.service_id, locationId: row.location_id },
    { service, location: location && locationToHsds(location, ref, view) },
  );
}
