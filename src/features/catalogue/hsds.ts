import { LANGS, type Lang, translations } from '../../i18n/index.ts';
import type { LocalizedText } from '../../platform/db/types.ts';
import { stableUuid } from '../../platform/ids.ts';
import type {
  HsdsAccessibility,
  HsdsAddress,
  HsdsAttribute,
  HsdsLanguage,
  HsdsLocation,
  HsdsOrganization,
  HsdsOrganizationIdentifier,
  HsdsPhone,
  HsdsSchedule,
  HsdsService,
  HsdsServiceArea,
  HsdsServiceAtLocation,
  HsdsTaxonomy,
  HsdsTaxonomyTerm,
} from './hsds-schema.ts';
import type { HsdsSchemaName } from './hsds-validator.ts';
import type {
  CatalogueRecords,
  LocationRecord,
  OrganizationRecord,
  PhoneRecord,
  ScheduleRecord,
  ServiceRecord,
} from './records.ts';
import { TEXT_TAXONOMY, termId } from './seed.ts';

/**
 * The catalogue's records as Open Referral HSDS 3.0 objects: pure functions. The way back,
 * with the import's rules, is hsds-records.ts.
 *
 * HSDS has no multilingual fields. In the API a text field holds the requested language (or
 * Finnish where the text has no translation). In export files it holds Finnish, and each
 * translation travels as an attribute {link_entity, link_id, link_type: the field's name,
 * taxonomy_term_id: the language's term in the taxonomy "perheverkko_text", value: the text}.
 * The service's one-sentence summary has no HSDS field, so it is an attribute in every
 * language. Service types and topics are attributes linking their terms, as are channels.
 * Ids of the objects we derive (languages, service areas, addresses, accessibility,
 * attributes, an organization's phone and identifier) are name-based UUIDs, so an export is
 * the same byte for byte every time. See docs/api.md.
 */

// ---------------------------------------------------------------- reference data

export interface RegionRef {
  id: string;
  code: string;
  name: LocalizedText;
}
export interface MunicipalityRef {
  code: string;
  regionId: string;
  name: LocalizedText;
}
export interface TaxonomyRef {
  id: string;
  code: string;
  name: LocalizedText;
  description: LocalizedText;
  uri: string | null;
  version: string | null;
}
export interface TermRef {
  id: string;
  taxonomyId: string;
  code: string;
  name: LocalizedText;
  description: LocalizedText;
  parentId: string | null;
}

/** Regions, municipalities and taxonomies: what the mapping looks names and codes up in. */
export interface HsdsReference {
  regions: ReadonlyMap<string, RegionRef>;
  municipalities: ReadonlyMap<string, MunicipalityRef>;
  taxonomies: ReadonlyMap<string, TaxonomyRef>;
  terms: ReadonlyMap<string, TermRef>;
}

export function hsdsReference(input: {
  regions: RegionRef[];
  municipalities: MunicipalityRef[];
  taxonomies: TaxonomyRef[];
  terms: TermRef[];
}): HsdsReference {
  return {
    regions: new Map(input.regions.map((r) => [r.id, r])),
    municipalities: new Map(input.municipalities.map((m) => [m.code, m])),
    taxonomies: new Map(input.taxonomies.map((t) => [t.id, t])),
    terms: new Map(input.terms.map((t) => [t.id, t])),
  };
}

// ---------------------------------------------------------------- views

/** How texts are written: the API's language, or Finnish with every translation as attributes. */
export interface HsdsView {
  lang: Lang;
  translations: boolean;
  /** API: each attribute carries its taxonomy term (and the term its taxonomy) */
  nestTerms: boolean;
}
export const EXPORT_VIEW: HsdsView = { lang: 'fi', translations: true, nestTerms: false };
export const apiView = (lang: Lang): HsdsView => ({ lang, translations: false, nestTerms: true });

interface Ctx {
  ref: HsdsReference;
  view: HsdsView;
}

/** The HSDS tables that attributes can point at, each with its text fields. */
export const TEXT_FIELDS = {
  service: [
    'name',
    'description',
    'application_process',
    'fees_description',
    'eligibility_description',
    'summary',
  ],
  organization: ['name', 'description'],
  location: ['name', 'transportation'],
  address: ['city'],
  accessibility: ['description'],
  phone: ['description'],
  schedule: ['description'],
  taxonomy: ['name', 'description'],
  taxonomy_term: ['name', 'description'],
} as const satisfies Record<string, readonly string[]>;
export type LinkEntity = keyof typeof TEXT_FIELDS;

/** Texts without a field of their own in HSDS: every language, Finnish too, is an attribute. */
export const ATTRIBUTE_ONLY: ReadonlySet<string> = new Set(['service/summary']);

/** Drops keys whose value is undefined, so that objects print and compare the same way. */
export function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
/** A text in the language, or in Finnish when it has no translation. */
export const pick = (t: LocalizedText, lang: Lang): string => t[lang] ?? t.fi;
const pickOrNone = (t: LocalizedText | null, lang: Lang) => (t ? pick(t, lang) : undefined);

function must<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`HSDS mapping: ${what} is missing from the reference data`);
  return value;
}

function attribute(
  ctx: Ctx,
  entity: LinkEntity,
  linkId: string,
  linkType: string,
  taxonomyTermId: string,
  value: string | undefined,
): HsdsAttribute {
  const term = ctx.view.nestTerms ? ctx.ref.terms.get(taxonomyTermId) : undefined;
  return compact({
    id: stableUuid('attribute', `${entity}/${linkId}/${linkType}/${taxonomyTermId}`),
    link_id: linkId,
    link_entity: entity,
    link_type: linkType,
    taxonomy_term_id: taxonomyTermId,
    value,
    taxonomy_term: term ? taxonomyTermToHsds(term, ctx.ref, ctx.view) : undefined,
  });
}

function textAttributes(
  ctx: Ctx,
  entity: LinkEntity,
  linkId: string,
  field: string,
  text: LocalizedText | null,
): HsdsAttribute[] {
  if (!text) return [];
  const attributeOnly = ATTRIBUTE_ONLY.has(`${entity}/${field}`);
  let langs: Lang[];
  if (ctx.view.translations)
    langs = LANGS.filter((l) => text[l] !== undefined && (attributeOnly || l !== 'fi'));
  else if (attributeOnly) langs = [text[ctx.view.lang] !== undefined ? ctx.view.lang : 'fi'];
  else return [];
  return langs.map((l) => attribute(ctx, entity, linkId, field, termId(TEXT_TAXONOMY, l), text[l]));
}

function texts(ctx: Ctx, entity: LinkEntity, linkId: string, fields: [string, LocalizedText | null][]) {
  return fields.flatMap(([field, text]) => textAttributes(ctx, entity, linkId, field, text));
}

// ---------------------------------------------------------------- records → HSDS

export function taxonomyToHsds(t: TaxonomyRef, view: HsdsView): HsdsTaxonomy {
  return compact({
    id: t.id,
    name: pick(t.name, view.lang),
    description: pick(t.description, view.lang),
    uri: t.uri ?? undefined,
    version: t.version ?? undefined,
  });
}

export function taxonomyTermToHsds(term: TermRef, ref: HsdsReference, view: HsdsView): HsdsTaxonomyTerm {
  const taxonomy = must(ref.taxonomies.get(term.taxonomyId), `taxonomy ${term.taxonomyId}`);
  return compact({
    id: term.id,
    code: term.code,
    name: pick(term.name, view.lang),
    description: pick(term.description, view.lang),
    parent_id: term.parentId ?? undefined,
    taxonomy: taxonomy.code,
    taxonomy_id: term.taxonomyId,
    language: view.lang,
    taxonomy_detail: view.nestTerms ? taxonomyToHsds(taxonomy, view) : undefined,
  });
}

/** The one-to-one fields of an organization. */
export function organizationBasicToHsds(o: OrganizationRecord, view: HsdsView): HsdsOrganization {
  return compact({
    id: o.id,
    name: pick(o.name, view.lang),
    description: pick(o.description, view.lang),
    email: o.email ?? undefined,
    website: o.website ?? undefined,
    legal_status: o.kind,
  });
}

export const MUNICIPALITY_IDENTIFIER = 'fi_municipality_code';

export function organizationToHsds(
  o: OrganizationRecord,
  ref: HsdsReference,
  view: HsdsView,
  extras: { locations?: LocationRecord[]; services?: HsdsService[] } = {},
): HsdsOrganization {
  const ctx = { ref, view };
  const phones: HsdsPhone[] = o.phone
    ? [
        {
          id: stableUuid('phone', `organization/${o.id}`),
          organization_id: o.id,
          number: o.phone,
          attributes: [],
        },
      ]
    : [];
  const identifiers: HsdsOrganizationIdentifier[] = o.municipalityCode
    ? [
        {
          id: stableUuid('organization_identifier', `${o.id}/${MUNICIPALITY_IDENTIFIER}`),
          organization_id: o.id,
          identifier_type: MUNICIPALITY_IDENTIFIER,
          identifier: o.municipalityCode,
        },
      ]
    : [];
  return compact({
    ...organizationBasicToHsds(o, view),
    phones,
    organization_identifiers: identifiers,
    locations: extras.locations?.map((l) => locationToHsds(l, ref, view)),
    attributes: texts(ctx, 'organization', o.id, [
      ['name', o.name],
      ['description', o.description],
    ]),
    services: extras.services,
  });
}

/** The one-to-one fields of a location. */
export function locationBasicToHsds(l: LocationRecord, view: HsdsView): HsdsLocation {
  return compact({
    id: l.id,
    location_type: 'physical' as const,
    organization_id: l.organizationId,
    name: pick(l.name, view.lang),
    transportation: pickOrNone(l.transportation, view.lang),
    latitude: l.latitude ?? undefined,
    longitude: l.longitude ?? undefined,
  });
}

/** A fully nested location: its address, accessibility and translations. */
export function locationToHsds(l: LocationRecord, ref: HsdsReference, view: HsdsView): HsdsLocation {
  const ctx = { ref, view };
  const municipality = must(ref.municipalities.get(l.municipalityCode), `municipality ${l.municipalityCode}`);
  const region = must(ref.regions.get(municipality.regionId), `region ${municipality.regionId}`);
  const addressId = stableUuid('address', l.id);
  const address: HsdsAddress = {
    id: addressId,
    location_id: l.id,
    address_1: l.street,
    city: pick(l.city, view.lang),
    region: pick(municipality.name, view.lang),
    state_province: pick(region.name, view.lang),
    postal_code: l.postalCode,
    country: 'FI',
    address_type: 'physical',
    attributes: texts(ctx, 'address', addressId, [['city', l.city]]),
  };
  const accessibilityId = stableUuid('accessibility', l.id);
  const accessibility: HsdsAccessibility[] = l.accessibility
    ? [
        {
          id: accessibilityId,
          location_id: l.id,
          description: pick(l.accessibility, view.lang),
          attributes: texts(ctx, 'accessibility', accessibilityId, [['description', l.accessibility]]),
        },
      ]
    : [];
  return compact({
    ...locationBasicToHsds(l, view),
    addresses: [address],
    accessibility,
    attributes: texts(ctx, 'location', l.id, [
      ['name', l.name],
      ['transportation', l.transportation],
    ]),
  });
}

export interface ServiceExtras {
  /** the API: when the service last changed */
  lastModified?: Date;
  /** the API: the organization's one-to-one fields inside the service */
  organization?: OrganizationRecord;
  /** the API: locations to nest in service_at_locations */
  locations?: ReadonlyMap<string, LocationRecord>;
}

/** The one-to-one fields of a service (the list items of /services). */
export function serviceBasicToHsds(
  s: ServiceRecord,
  view: HsdsView,
  extras: Omit<ServiceExtras, 'locations'> = {},
): HsdsService {
  return compact({
    id: s.id,
    organization_id: s.organizationId,
    name: pick(s.name, view.lang),
    description: pick(s.description, view.lang),
    url: s.url ?? undefined,
    email: s.email ?? undefined,
    status: s.status,
    application_process: pickOrNone(s.applicationProcess, view.lang),
    fees_description: pickOrNone(s.fees, view.lang),
    eligibility_description: pickOrNone(s.eligibility, view.lang),
    minimum_age: s.minAge ?? undefined,
    maximum_age: s.maxAge ?? undefined,
    last_modified: extras.lastModified?.toISOString(),
    organization: extras.organization ? organizationBasicToHsds(extras.organization, view) : undefined,
  });
}

/** A fully nested service. */
export function serviceToHsds(
  s: ServiceRecord,
  ref: HsdsReference,
  view: HsdsView,
  extras: ServiceExtras = {},
): HsdsService {
  const ctx = { ref, view };
  return compact({
    ...serviceBasicToHsds(s, view, extras),
    phones: s.phones.map((p) => phoneToHsds(ctx, p, s.id)),
    schedules: s.schedules.map((x) => scheduleToHsds(ctx, x, s.id)),
    service_areas: serviceAreas(ctx, s),
    languages: s.languages.map((code): HsdsLanguage => languageToHsds(code, s.id, view)),
    service_at_locations: s.serviceAtLocations.map((x) => {
      const location = extras.locations?.get(x.locationId);
      return compact({
        id: x.id,
        service_id: s.id,
        location_id: x.locationId,
        location: location ? locationToHsds(location, ref, view) : undefined,
      });
    }),
    attributes: [
      ...s.taxonomyTermIds.map((id) => {
        const term = must(ref.terms.get(id), `taxonomy term ${id}`);
        const taxonomy = must(ref.taxonomies.get(term.taxonomyId), `taxonomy ${term.taxonomyId}`);
        return attribute(ctx, 'service', s.id, taxonomy.code, id, term.code);
      }),
      ...s.channels.map((code) => attribute(ctx, 'service', s.id, 'channel', termId('channel', code), code)),
      ...texts(ctx, 'service', s.id, [
        ['name', s.name],
        ['description', s.description],
        ['application_process', s.applicationProcess],
        ['fees_description', s.fees],
        ['eligibility_description', s.eligibility],
        ['summary', s.summary],
      ]),
    ],
  });
}

function languageToHsds(code: string, serviceId: string, view: HsdsView): HsdsLanguage {
  const names = translations(view.lang).lang as Record<string, string>;
  return {
    id: stableUuid('language', `${serviceId}/${code}`),
    service_id: serviceId,
    name: names[code] ?? code,
    code,
  };
}

function phoneToHsds(ctx: Ctx, p: PhoneRecord, serviceId: string): HsdsPhone {
  return compact({
    id: p.id,
    service_id: serviceId,
    number: p.number,
    description: pickOrNone(p.description, ctx.view.lang),
    attributes: texts(ctx, 'phone', p.id, [['description', p.description]]),
  });
}

function scheduleToHsds(ctx: Ctx, x: ScheduleRecord, serviceId: string): HsdsSchedule {
  return compact({
    id: x.id,
    service_id: serviceId,
    freq: 'WEEKLY' as const,
    byday: x.byday,
    opens_at: x.opensAt,
    closes_at: x.closesAt,
    description: pickOrNone(x.description, ctx.view.lang),
    attributes: texts(ctx, 'schedule', x.id, [['description', x.description]]),
  });
}

export const REGION_EXTENT = 'wellbeing_services_county';
export const MUNICIPALITY_EXTENT = 'fi_municipality_code';

function serviceAreas(ctx: Ctx, s: ServiceRecord): HsdsServiceArea[] {
  if (s.areaMunicipalities === null) {
    const region = must(ctx.ref.regions.get(s.regionId), `region ${s.regionId}`);
    return [
      {
        id: stableUuid('service_area', `${s.id}/${region.code}`),
        service_id: s.id,
        name: pick(region.name, ctx.view.lang),
        extent: region.code,
        extent_type: REGION_EXTENT,
      },
    ];
  }
  return [...s.areaMunicipalities].sort().map((code) => {
    const municipality = must(ctx.ref.municipalities.get(code), `municipality ${code}`);
    return {
      id: stableUuid('service_area', `${s.id}/${code}`),
      service_id: s.id,
      name: pick(municipality.name, ctx.view.lang),
      extent: code,
      extent_type: MUNICIPALITY_EXTENT,
    };
  });
}

export function serviceAtLocationToHsds(
  x: { id: string; serviceId: string; locationId: string },
  nested: { location?: HsdsLocation; service?: HsdsService } = {},
): HsdsServiceAtLocation {
  return compact({ id: x.id, service_id: x.serviceId, location_id: x.locationId, ...nested });
}

// ---------------------------------------------------------------- export files

/** The files of an HSDS export (and of an import): one JSON array of flat objects each. */
export const HSDS_FILES = {
  taxonomies: 'taxonomy',
  taxonomy_terms: 'taxonomy_term',
  organizations: 'organization',
  organization_identifiers: 'organization_identifier',
  locations: 'location',
  addresses: 'address',
  accessibility: 'accessibility',
  services: 'service',
  service_at_locations: 'service_at_location',
  phones: 'phone',
  schedules: 'schedule',
  languages: 'language',
  service_areas: 'service_area',
  attributes: 'attribute',
} as const satisfies Record<string, HsdsSchemaName>;
export type HsdsFileName = keyof typeof HSDS_FILES;
export const HSDS_FILE_NAMES = Object.keys(HSDS_FILES) as HsdsFileName[];

type Flat<T> = Omit<T, 'attributes'>;
export interface HsdsFiles {
  taxonomies: HsdsTaxonomy[];
  taxonomy_terms: HsdsTaxonomyTerm[];
  organizations: HsdsOrganization[];
  organization_identifiers: HsdsOrganizationIdentifier[];
  locations: HsdsLocation[];
  addresses: Flat<HsdsAddress>[];
  accessibility: Flat<HsdsAccessibility>[];
  services: HsdsService[];
  service_at_locations: HsdsServiceAtLocation[];
  phones: Flat<HsdsPhone>[];
  schedules: Flat<HsdsSchedule>[];
  languages: HsdsLanguage[];
  service_areas: HsdsServiceArea[];
  attributes: HsdsAttribute[];
}

const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const byKey =
  <T>(key: (x: T) => string) =>
  (a: T, b: T) => {
    const x = key(a);
    const y = key(b);
    return x < y ? -1 : x > y ? 1 : 0;
  };

/**
 * The catalogue as HSDS files: flat objects linked by ids, texts in Finnish with the other
 * languages as attributes, every file sorted by id, except phones and schedules: sorted by
 * their service (or organization), in the service's own order, which HSDS has no field for.
 */
export function recordsToHsdsFiles(records: CatalogueRecords, ref: HsdsReference): HsdsFiles {
  const view = EXPORT_VIEW;
  const ctx = { ref, view };
  const files: HsdsFiles = {
    taxonomies: [],
    taxonomy_terms: [],
    organizations: [],
    organization_identifiers: [],
    locations: [],
    addresses: [],
    accessibility: [],
    services: [],
    service_at_locations: [],
    phones: [],
    schedules: [],
    languages: [],
    service_areas: [],
    attributes: [],
  };
  const attributes = (list: HsdsAttribute[] | undefined) => files.attributes.push(...(list ?? []));
  const withoutAttributes = <T extends { attributes?: HsdsAttribute[] }>(x: T): Flat<T> => {
    const { attributes: list, ...rest } = x;
    attributes(list);
    return rest;
  };

  for (const t of ref.taxonomies.values()) {
    files.taxonomies.push(taxonomyToHsds(t, view));
    attributes(
      texts(ctx, 'taxonomy', t.id, [
        ['name', t.name],
        ['description', t.description],
      ]),
    );
  }
  for (const term of ref.terms.values()) {
    files.taxonomy_terms.push(taxonomyTermToHsds(term, ref, view));
    attributes(
      texts(ctx, 'taxonomy_term', term.id, [
        ['name', term.name],
        ['description', term.description],
      ]),
    );
  }
  for (const o of records.organizations) {
    const {
      phones,
      organization_identifiers,
      attributes: list,
      ...organization
    } = organizationToHsds(o, ref, view);
    files.organizations.push(organization);
    files.organization_identifiers.push(...(organization_identifiers ?? []));
    files.phones.push(...(phones ?? []).map(withoutAttributes));
    attributes(list);
  }
  for (const l of records.locations) {
    const { addresses, accessibility, attributes: list, ...location } = locationToHsds(l, ref, view);
    files.locations.push(location);
    files.addresses.push(...(addresses ?? []).map(withoutAttributes));
    files.accessibility.push(...(accessibility ?? []).map(withoutAttributes));
    attributes(list);
  }
  for (const s of records.services) {
    const {
      phones,
      schedules,
      service_areas,
      languages,
      service_at_locations,
      attributes: list,
      ...service
    } = serviceToHsds(s, ref, view);
    files.services.push(service);
    files.phones.push(...(phones ?? []).map(withoutAttributes));
    files.schedules.push(...(schedules ?? []).map(withoutAttributes));
    files.service_areas.push(...(service_areas ?? []));
    files.languages.push(...(languages ?? []));
    files.service_at_locations.push(...(service_at_locations ?? []));
    attributes(list);
  }

  for (const name of HSDS_FILE_NAMES) {
    if (name === 'phones') files.phones.sort(byKey((p) => p.service_id ?? p.organization_id ?? ''));
    else if (name === 'schedules') files.schedules.sort(byKey((x) => x.service_id));
    else (files[name] as { id: string }[]).sort(byId);
  }
  return files;
}
