import type { Lang } from '../../i18n/index.ts';
import type { LocalizedText, OrganizationKind } from '../../platform/db/types.ts';
import { CHANNELS, SERVICE_LANGUAGES } from './catalogue.ts';
import {
  ATTRIBUTE_ONLY,
  compact,
  HSDS_FILE_NAMES,
  HSDS_FILES,
  type HsdsFileName,
  type HsdsReference,
  type LinkEntity,
  MUNICIPALITY_EXTENT,
  MUNICIPALITY_IDENTIFIER,
  REGION_EXTENT,
  type RegionRef,
  TEXT_FIELDS,
} from './hsds.ts';
import type {
  CatalogueRecords,
  LocationRecord,
  OrganizationRecord,
  PhoneRecord,
  ScheduleRecord,
  ServiceRecord,
} from './records.ts';
import { TEXT_TAXONOMY } from './seed.ts';

/**
 * HSDS files back into catalogue records (the import's half of the mapping in hsds.ts), with
 * our own rules: what the standard's schemas allow but the catalogue cannot hold is a
 * problem, named by file and JSON path; fields we have no place for are warnings.
 */

export interface ImportProblem {
  /** the file, e.g. services.json */
  file: string;
  /** JSON pointer in the file, e.g. /3/name; empty for the file as a whole */
  path: string;
  message: string;
}
export const formatProblem = (p: ImportProblem) =>
  p.path ? `${p.file}: ${p.path}: ${p.message}` : `${p.file}: ${p.message}`;

export interface ImportContext {
  ref: HsdsReference;
  /** --region: every organization and service goes into this region */
  region?: RegionRef;
  /** What the database holds already: references may point at it. */
  existing: {
    organizationRegions: ReadonlyMap<string, string>;
    locationIds: ReadonlySet<string>;
  };
}

export interface ImportResult {
  records: CatalogueRecords;
  /** any problem: nothing may be written */
  problems: ImportProblem[];
  /** what is read but not stored (fields Perheverkko has no place for) */
  warnings: ImportProblem[];
}

export type HsdsInput = Partial<Record<HsdsFileName, unknown[]>>;
type Row = { id: string; [field: string]: unknown };

/** The fields each file is read for; any other field is reported as not stored. */
export const READ_FIELDS: Record<HsdsFileName, readonly string[]> = {
  taxonomies: ['id', 'name', 'description', 'uri', 'version'],
  taxonomy_terms: [
    'id',
    'code',
    'name',
    'description',
    'parent_id',
    'taxonomy',
    'taxonomy_id',
    'language',
    'term_uri',
    'taxonomy_detail',
  ],
  organizations: ['id', 'name', 'description', 'email', 'website', 'legal_status'],
  organization_identifiers: ['id', 'organization_id', 'identifier_scheme', 'identifier_type', 'identifier'],
  locations: ['id', 'location_type', 'organization_id', 'name', 'transportation', 'latitude', 'longitude'],
  addresses: [
    'id',
    'location_id',
    'address_1',
    'city',
    'region',
    'state_province',
    'postal_code',
    'country',
    'address_type',
  ],
  accessibility: ['id', 'location_id', 'description'],
  services: [
    'id',
    'organization_id',
    'name',
    'description',
    'url',
    'email',
    'status',
    'application_process',
    'fees_description',
    'eligibility_description',
    'minimum_age',
    'maximum_age',
    'last_modified',
  ],
  service_at_locations: ['id', 'service_id', 'location_id'],
  phones: ['id', 'service_id', 'organization_id', 'number', 'description'],
  schedules: ['id', 'service_id', 'freq', 'byday', 'opens_at', 'closes_at', 'description'],
  languages: ['id', 'service_id', 'name', 'code'],
  service_areas: ['id', 'service_id', 'name', 'extent', 'extent_type'],
  attributes: ['id', 'link_id', 'link_entity', 'link_type', 'taxonomy_term_id', 'value', 'taxonomy_term'],
};

const ENTITY_FILE: Record<LinkEntity, HsdsFileName> = {
  service: 'services',
  organization: 'organizations',
  location: 'locations',
  address: 'addresses',
  accessibility: 'accessibility',
  phone: 'phones',
  schedule: 'schedules',
  taxonomy: 'taxonomies',
  taxonomy_term: 'taxonomy_terms',
};

const KINDS: readonly OrganizationKind[] = [
  'region',
  'municipality',
  'joint_authority',
  'ngo',
  'parish',
  'company',
];
const BYDAY = /^(MO|TU|WE|TH|FR|SA|SU)(,(MO|TU|WE|TH|FR|SA|SU))*$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const isLinkEntity = (v: unknown): v is LinkEntity => typeof v === 'string' && v in ENTITY_FILE;
const inOrder = (order: readonly string[]) => (a: string, b: string) => order.indexOf(a) - order.indexOf(b);

/**
 * Reads HSDS files (already valid against the standard's schemas) into catalogue records,
 * checking our own rules: references exist (in the files, or in the database for
 * organizations and locations), municipalities, regions, languages and taxonomy terms are
 * known, and each text has its Finnish version. Nothing is written while `problems` is not empty.
 */
export function hsdsFilesToRecords(input: HsdsInput, ctx: ImportContext): ImportResult {
  const { ref } = ctx;
  const problems: ImportProblem[] = [];
  const rows = (name: HsdsFileName) => (input[name] ?? []) as Row[];
  const problem = (name: HsdsFileName, index: number, field: string, message: string) =>
    problems.push({ file: `${name}.json`, path: field ? `/${index}/${field}` : `/${index}`, message });
  const str = (row: Row, field: string) =>
    typeof row[field] === 'string' ? (row[field] as string) : undefined;
  const num = (row: Row, field: string) =>
    typeof row[field] === 'number' ? (row[field] as number) : undefined;

  // Every id once in its file; indexes by id.
  const index = {} as Record<HsdsFileName, Map<string, number>>;
  for (const name of HSDS_FILE_NAMES) {
    const seen = new Map<string, number>();
    rows(name).forEach((row, i) => {
      const first = seen.get(row.id);
      if (first !== undefined) problem(name, i, 'id', `the same id as /${first}`);
      else seen.set(row.id, i);
    });
    index[name] = seen;
  }
  const has = (name: HsdsFileName, id: string | undefined) => id !== undefined && index[name].has(id);
  const noSuch = (name: HsdsFileName) => `no ${HSDS_FILES[name]} with this id in ${name}.json`;

  // Taxonomies are reference data (data/seed/reference): the files may only name known ones.
  for (const [i, t] of rows('taxonomies').entries()) {
    if (!ref.taxonomies.has(t.id))
      problem('taxonomies', i, 'id', 'unknown taxonomy (taxonomies are reference data)');
  }
  for (const [i, t] of rows('taxonomy_terms').entries()) {
    if (!ref.terms.has(t.id))
      problem('taxonomy_terms', i, 'id', 'unknown taxonomy term (terms are reference data)');
  }

  // Attributes: translations, and the service types, topics and channels of services.
  const translated = new Map<string, Partial<Record<Lang, { text: string; at: number }>>>();
  const termsOf = new Map<string, Set<string>>();
  const channelsOf = new Map<string, Set<string>>();
  for (const [i, a] of rows('attributes').entries()) {
    const termIdValue = str(a, 'taxonomy_term_id');
    const entity = a.link_entity;
    const linkId = str(a, 'link_id');
    const linkType = str(a, 'link_type');
    if (termIdValue === undefined) {
      problem('attributes', i, '', "must have property 'taxonomy_term_id'");
      continue;
    }
    const term = ref.terms.get(termIdValue);
    if (!term) {
      problem('attributes', i, 'taxonomy_term_id', 'unknown taxonomy term');
      continue;
    }
    if (!isLinkEntity(entity)) {
      problem('attributes', i, 'link_entity', `must be one of: ${Object.keys(ENTITY_FILE).join(', ')}`);
      continue;
    }
    if (!has(ENTITY_FILE[entity], linkId)) {
      problem('attributes', i, 'link_id', noSuch(ENTITY_FILE[entity]));
      continue;
    }
    const id = linkId as string;
    const taxonomy = ref.taxonomies.get(term.taxonomyId)?.code;
    if (taxonomy === TEXT_TAXONOMY) {
      const fields: readonly string[] = TEXT_FIELDS[entity];
      if (!linkType || !fields.includes(linkType)) {
        problem('attributes', i, 'link_type', `must be a text field of ${entity}: ${fields.join(', ')}`);
        continue;
      }
      const value = str(a, 'value');
      if (!value?.trim()) {
        problem('attributes', i, 'value', 'must be the text (not empty)');
        continue;
      }
      const lang = term.code as Lang;
      if (lang === 'fi' && !ATTRIBUTE_ONLY.has(`${entity}/${linkType}`)) {
        problem(
          'attributes',
          i,
          'taxonomy_term_id',
          `the Finnish text belongs in the ${linkType} field itself`,
        );
        continue;
      }
      const key = `${entity}/${id}/${linkType}`;
      const byLang = translated.get(key) ?? {};
      const earlier = byLang[lang];
      if (earlier) {
        problem('attributes', i, '', `a second ${lang} text for the same field (first at /${earlier.at})`);
        continue;
      }
      byLang[lang] = { text: value, at: i };
      translated.set(key, byLang);
      continue;
    }
    if (entity !== 'service') {
      problem(
        'attributes',
        i,
        'link_entity',
        'only services are classified (service types, topics, channels)',
      );
      continue;
    }
    const target = taxonomy === 'channel' ? channelsOf : termsOf;
    const set = target.get(id) ?? new Set<string>();
    set.add(taxonomy === 'channel' ? term.code : term.id);
    target.set(id, set);
  }

  /** A field's text: Finnish from the field (or its attribute), the other languages from attributes. */
  const localized = (
    entity: LinkEntity,
    id: string,
    field: string,
    finnish: string | undefined,
    at: [HsdsFileName, number, string],
  ): LocalizedText | null => {
    const byLang = translated.get(`${entity}/${id}/${field}`) ?? {};
    const fi = finnish ?? byLang.fi?.text;
    if (!fi?.trim()) {
      if (byLang.sv || byLang.en)
        problem(at[0], at[1], at[2], 'has translations (attributes) but no Finnish text');
      return null;
    }
    return compact({ fi, sv: byLang.sv?.text, en: byLang.en?.text });
  };
  const required = (
    entity: LinkEntity,
    id: string,
    field: string,
    finnish: string | undefined,
    at: [HsdsFileName, number, string],
  ): LocalizedText => {
    const text = localized(entity, id, field, finnish, at);
    if (!text) problem(at[0], at[1], at[2], 'must be a text (not empty)');
    return text ?? { fi: '' };
  };

  // ---- organizations
  const orgMunicipality = new Map<string, string>();
  for (const [i, x] of rows('organization_identifiers').entries()) {
    const orgId = str(x, 'organization_id');
    if (!has('organizations', orgId)) {
      problem('organization_identifiers', i, 'organization_id', noSuch('organizations'));
      continue;
    }
    if (x.identifier_type !== MUNICIPALITY_IDENTIFIER) {
      problem('organization_identifiers', i, 'identifier_type', `only ${MUNICIPALITY_IDENTIFIER} is stored`);
      continue;
    }
    const code = str(x, 'identifier') ?? '';
    if (!ref.municipalities.has(code)) {
      problem('organization_identifiers', i, 'identifier', `unknown municipality code "${code}"`);
      continue;
    }
    if (orgMunicipality.has(orgId as string)) {
      problem('organization_identifiers', i, '', 'the organization has a municipality code already');
      continue;
    }
    orgMunicipality.set(orgId as string, code);
  }

  const orgPhone = new Map<string, string>();
  const servicePhones = new Map<string, PhoneRecord[]>();
  for (const [i, p] of rows('phones').entries()) {
    const serviceId = str(p, 'service_id');
    const orgId = str(p, 'organization_id');
    if (serviceId && orgId) {
      problem('phones', i, '', 'belongs to a service or an organization, not both');
      continue;
    }
    if (serviceId) {
      if (!has('services', serviceId)) {
        problem('phones', i, 'service_id', noSuch('services'));
        continue;
      }
      const list = servicePhones.get(serviceId) ?? [];
      list.push({
        id: p.id,
        number: str(p, 'number') ?? '',
        description: localized('phone', p.id, 'description', str(p, 'description'), [
          'phones',
          i,
          'description',
        ]),
      });
      servicePhones.set(serviceId, list);
    } else if (orgId) {
      if (!has('organizations', orgId)) {
        problem('phones', i, 'organization_id', noSuch('organizations'));
        continue;
      }
      if (orgPhone.has(orgId)) {
        problem('phones', i, '', 'an organization has one phone number; give the others to its services');
        continue;
      }
      if (p.description !== undefined) {
        problem('phones', i, 'description', "an organization's phone has no description here");
        continue;
      }
      orgPhone.set(orgId, str(p, 'number') ?? '');
    } else {
      problem(
        'phones',
        i,
        '',
        'must have service_id or organization_id (phones of locations and contacts are not stored)',
      );
    }
  }

  const organizations: OrganizationRecord[] = rows('organizations').map((o, i) => {
    const kind = str(o, 'legal_status') as OrganizationKind | undefined;
    if (!kind || !KINDS.includes(kind))
      problem('organizations', i, 'legal_status', `must be one of: ${KINDS.join(', ')}`);
    return {
      id: o.id,
      regionId: '',
      kind: kind ?? 'ngo',
      name: required('organization', o.id, 'name', str(o, 'name'), ['organizations', i, 'name']),
      description: required('organization', o.id, 'description', str(o, 'description'), [
        'organizations',
        i,
        'description',
      ]),
      municipalityCode: orgMunicipality.get(o.id) ?? null,
      email: str(o, 'email') ?? null,
      website: str(o, 'website') ?? null,
      phone: orgPhone.get(o.id) ?? null,
    };
  });

  // ---- locations
  const municipalityByName = new Map<string, string>();
  for (const m of ref.municipalities.values()) {
    for (const name of Object.values(m.name))
      if (name) municipalityByName.set(name.trim().toLowerCase(), m.code);
  }
  const addressOf = new Map<string, { row: Row; at: number }>();
  for (const [i, a] of rows('addresses').entries()) {
    const locationId = str(a, 'location_id');
    if (!has('locations', locationId)) {
      problem('addresses', i, 'location_id', noSuch('locations'));
      continue;
    }
    if (a.address_type !== 'physical') {
      problem('addresses', i, 'address_type', 'only physical addresses are stored');
      continue;
    }
    if (a.country !== 'FI') problem('addresses', i, 'country', 'must be FI');
    const earlier = addressOf.get(locationId as string);
    if (earlier) {
      problem('addresses', i, '', `the location has an address already (/${earlier.at})`);
      continue;
    }
    addressOf.set(locationId as string, { row: a, at: i });
  }
  const accessibilityOf = new Map<string, LocalizedText | null>();
  for (const [i, a] of rows('accessibility').entries()) {
    const locationId = str(a, 'location_id');
    if (!has('locations', locationId)) {
      problem('accessibility', i, 'location_id', noSuch('locations'));
      continue;
    }
    if (accessibilityOf.has(locationId as string)) {
      problem('accessibility', i, '', 'the location has accessibility already');
      continue;
    }
    const text = required('accessibility', a.id, 'description', str(a, 'description'), [
      'accessibility',
      i,
      'description',
    ]);
    accessibilityOf.set(locationId as string, text);
  }

  const orgExists = (id: string | undefined) =>
    has('organizations', id) || (id !== undefined && ctx.existing.organizationRegions.has(id));
  const locations: LocationRecord[] = rows('locations').map((l, i) => {
    const organizationId = str(l, 'organization_id');
    if (!orgExists(organizationId))
      problem('locations', i, 'organization_id', 'no organization with this id here or in the catalogue');
    const address = addressOf.get(l.id);
    let municipalityCode = '';
    if (!address) {
      problem('locations', i, '', 'needs its address in addresses.json');
    } else {
      const name = str(address.row, 'region') ?? '';
      municipalityCode = municipalityByName.get(name.trim().toLowerCase()) ?? '';
      if (!municipalityCode) problem('addresses', address.at, 'region', `unknown municipality "${name}"`);
    }
    const latitude = num(l, 'latitude');
    const longitude = num(l, 'longitude');
    if ((latitude === undefined) !== (longitude === undefined))
      problem('locations', i, '', 'give both latitude and longitude, or neither');
    const addressRow = address?.row;
    return {
      id: l.id,
      organizationId: organizationId ?? '',
      name: required('location', l.id, 'name', str(l, 'name'), ['locations', i, 'name']),
      street: (addressRow && str(addressRow, 'address_1')) ?? '',
      postalCode: (addressRow && str(addressRow, 'postal_code')) ?? '',
      city: addressRow
        ? required('address', addressRow.id, 'city', str(addressRow, 'city'), [
            'addresses',
            address.at,
            'city',
          ])
        : { fi: '' },
      municipalityCode,
      latitude: latitude ?? null,
      longitude: longitude ?? null,
      transportation: localized('location', l.id, 'transportation', str(l, 'transportation'), [
        'locations',
        i,
        'transportation',
      ]),
      accessibility: accessibilityOf.get(l.id) ?? null,
    };
  });

  // ---- services
  const regionByCode = new Map([...ref.regions.values()].map((r) => [r.code, r]));
  const areasOf = new Map<string, { regionId?: string; municipalities: Set<string>; at: number }>();
  for (const [i, a] of rows('service_areas').entries()) {
    const serviceId = str(a, 'service_id');
    if (!has('services', serviceId)) {
      problem('service_areas', i, 'service_id', noSuch('services'));
      continue;
    }
    const area = areasOf.get(serviceId as string) ?? { municipalities: new Set<string>(), at: i };
    const extent = str(a, 'extent') ?? '';
    if (a.extent_type === REGION_EXTENT) {
      const region = regionByCode.get(extent);
      if (!region) {
        problem('service_areas', i, 'extent', `unknown wellbeing services county "${extent}"`);
        continue;
      }
      if (area.municipalities.size > 0 || (area.regionId && area.regionId !== region.id)) {
        problem('service_areas', i, '', 'a service is either region-wide or for listed municipalities');
        continue;
      }
      area.regionId = region.id;
    } else if (a.extent_type === MUNICIPALITY_EXTENT) {
      const municipality = ref.municipalities.get(extent);
      if (!municipality) {
        problem('service_areas', i, 'extent', `unknown municipality code "${extent}"`);
        continue;
      }
      if (area.regionId && area.municipalities.size === 0) {
        problem('service_areas', i, '', 'a service is either region-wide or for listed municipalities');
        continue;
      }
      if (area.regionId && area.regionId !== municipality.regionId) {
        problem('service_areas', i, 'extent', 'the municipalities of a service are in one region');
        continue;
      }
      area.regionId = municipality.regionId;
      area.municipalities.add(extent);
    } else {
      problem('service_areas', i, 'extent_type', `must be ${REGION_EXTENT} or ${MUNICIPALITY_EXTENT}`);
      continue;
    }
    areasOf.set(serviceId as string, area);
  }

  const languagesOf = new Map<string, Set<string>>();
  for (const [i, x] of rows('languages').entries()) {
    const serviceId = str(x, 'service_id');
    if (!has('services', serviceId)) {
      problem(
        'languages',
        i,
        'service_id',
        `${noSuch('services')} (languages of locations and phones are not stored)`,
      );
      continue;
    }
    const code = str(x, 'code') ?? '';
    if (!(SERVICE_LANGUAGES as readonly string[]).includes(code)) {
      problem(
        'languages',
        i,
        'code',
        `unknown language code "${code}" (known: ${SERVICE_LANGUAGES.join(', ')})`,
      );
      continue;
    }
    const set = languagesOf.get(serviceId as string) ?? new Set<string>();
    set.add(code);
    languagesOf.set(serviceId as string, set);
  }

  const schedulesOf = new Map<string, ScheduleRecord[]>();
  for (const [i, x] of rows('schedules').entries()) {
    const serviceId = str(x, 'service_id');
    if (!has('services', serviceId)) {
      problem('schedules', i, 'service_id', noSuch('services'));
      continue;
    }
    if (x.freq !== undefined && x.freq !== 'WEEKLY') {
      problem('schedules', i, 'freq', 'only WEEKLY schedules are stored');
      continue;
    }
    const byday = str(x, 'byday') ?? '';
    if (!BYDAY.test(byday)) {
      problem('schedules', i, 'byday', 'must be days like MO,TU,WE');
      continue;
    }
    const opensAt = str(x, 'opens_at') ?? '';
    const closesAt = str(x, 'closes_at') ?? '';
    if (!TIME.test(opensAt)) {
      problem('schedules', i, 'opens_at', 'must be a time HH:MM');
      continue;
    }
    if (!TIME.test(closesAt)) {
      problem('schedules', i, 'closes_at', 'must be a time HH:MM');
      continue;
    }
    const list = schedulesOf.get(serviceId as string) ?? [];
    list.push({
      id: x.id,
      byday,
      opensAt,
      closesAt,
      description: localized('schedule', x.id, 'description', str(x, 'description'), [
        'schedules',
        i,
        'description',
      ]),
    });
    schedulesOf.set(serviceId as string, list);
  }

  const salsOf = new Map<string, { id: string; locationId: string }[]>();
  const locationExists = (id: string | undefined) =>
    has('locations', id) || (id !== undefined && ctx.existing.locationIds.has(id));
  for (const [i, x] of rows('service_at_locations').entries()) {
    const serviceId = str(x, 'service_id');
    const locationId = str(x, 'location_id');
    if (!has('services', serviceId)) {
      problem('service_at_locations', i, 'service_id', noSuch('services'));
      continue;
    }
    if (!locationExists(locationId)) {
      problem('service_at_locations', i, 'location_id', 'no location with this id here or in the catalogue');
      continue;
    }
    const list = salsOf.get(serviceId as string) ?? [];
    if (list.some((s) => s.locationId === locationId)) {
      problem('service_at_locations', i, '', 'the service is at this location already');
      continue;
    }
    list.push({ id: x.id, locationId: locationId as string });
    salsOf.set(serviceId as string, list);
  }

  const services: ServiceRecord[] = rows('services').map((s, i) => {
    const organizationId = str(s, 'organization_id');
    if (!orgExists(organizationId))
      problem('services', i, 'organization_id', 'no organization with this id here or in the catalogue');
    const minAge = num(s, 'minimum_age');
    const maxAge = num(s, 'maximum_age');
    for (const [field, age] of [
      ['minimum_age', minAge],
      ['maximum_age', maxAge],
    ] as const) {
      if (age !== undefined && (!Number.isInteger(age) || age < 0 || age > 130))
        problem('services', i, field, 'must be whole years (0–130)');
    }
    if (minAge !== undefined && maxAge !== undefined && minAge > maxAge)
      problem('services', i, 'maximum_age', 'must not be below minimum_age');
    const description = required('service', s.id, 'description', str(s, 'description'), [
      'services',
      i,
      'description',
    ]);
    const area = areasOf.get(s.id);
    return {
      id: s.id,
      organizationId: organizationId ?? '',
      regionId: area?.regionId ?? '',
      status: s.status as ServiceRecord['status'],
      name: required('service', s.id, 'name', str(s, 'name'), ['services', i, 'name']),
      summary:
        localized('service', s.id, 'summary', undefined, ['services', i, '']) ?? summaryOf(description),
      description,
      applicationProcess: localized('service', s.id, 'application_process', str(s, 'application_process'), [
        'services',
        i,
        'application_process',
      ]),
      fees: localized('service', s.id, 'fees_description', str(s, 'fees_description'), [
        'services',
        i,
        'fees_description',
      ]),
      eligibility: localized('service', s.id, 'eligibility_description', str(s, 'eligibility_description'), [
        'services',
        i,
        'eligibility_description',
      ]),
      email: str(s, 'email') ?? null,
      url: str(s, 'url') ?? null,
      minAge: minAge ?? null,
      maxAge: maxAge ?? null,
      // no service area: open to the whole region of its organization
      areaMunicipalities: area?.municipalities.size ? [...area.municipalities].sort() : null,
      channels: [...(channelsOf.get(s.id) ?? [])].sort(inOrder(CHANNELS)),
      languages: [...(languagesOf.get(s.id) ?? [])].sort(inOrder(SERVICE_LANGUAGES)),
      taxonomyTermIds: [...(termsOf.get(s.id) ?? [])].sort(),
      serviceAtLocations: salsOf.get(s.id) ?? [],
      phones: servicePhones.get(s.id) ?? [],
      schedules: schedulesOf.get(s.id) ?? [],
    };
  });

  // ---- regions: --region, else what the municipalities and service areas say
  const regionOfMunicipality = (code: string | null | undefined) =>
    code ? ref.municipalities.get(code)?.regionId : undefined;
  const servicesByOrg = new Map<string, ServiceRecord[]>();
  for (const s of services)
    servicesByOrg.set(s.organizationId, [...(servicesByOrg.get(s.organizationId) ?? []), s]);
  const locationsByOrg = new Map<string, LocationRecord[]>();
  for (const l of locations)
    locationsByOrg.set(l.organizationId, [...(locationsByOrg.get(l.organizationId) ?? []), l]);
  const single = (ids: (string | undefined)[]) => {
    const set = new Set(ids.filter((x): x is string => Boolean(x)));
    return set.size === 1 ? [...set][0] : undefined;
  };
  for (const [i, o] of organizations.entries()) {
    o.regionId =
      ctx.region?.id ??
      regionOfMunicipality(o.municipalityCode) ??
      single((servicesByOrg.get(o.id) ?? []).map((s) => s.regionId)) ??
      single((locationsByOrg.get(o.id) ?? []).map((l) => regionOfMunicipality(l.municipalityCode))) ??
      ctx.existing.organizationRegions.get(o.id) ??
      '';
    if (!o.regionId)
      problem('organizations', i, '', 'cannot tell which region the organization belongs to: give --region');
  }
  const orgRegion = new Map(organizations.map((o) => [o.id, o.regionId]));
  for (const [i, s] of services.entries()) {
    if (ctx.region && s.regionId && s.regionId !== ctx.region.id) {
      const at = areasOf.get(s.id)?.at ?? 0;
      problem(
        'service_areas',
        at,
        'extent',
        `the service area is outside the region ${ctx.region.code} (--region)`,
      );
    }
    if (!s.regionId)
      s.regionId =
        orgRegion.get(s.organizationId) ?? ctx.existing.organizationRegions.get(s.organizationId) ?? '';
    if (!s.regionId)
      problem('services', i, '', 'cannot tell which region the service belongs to: give --region');
  }

  return { records: { organizations, locations, services }, problems, warnings: unreadFields(input) };
}

/** Fields that Perheverkko has no place for: reported once per file and field. */
function unreadFields(input: HsdsInput): ImportProblem[] {
  const warnings: ImportProblem[] = [];
  for (const name of HSDS_FILE_NAMES) {
    const known = READ_FIELDS[name];
    const found = new Map<string, { first: number; count: number }>();
    (input[name] ?? []).forEach((row, i) => {
      for (const field of Object.keys(row as object)) {
        if (known.includes(field)) continue;
        const f = found.get(field);
        if (f) f.count++;
        else found.set(field, { first: i, count: 1 });
      }
    });
    for (const [field, { first, count }] of found) {
      warnings.push({
        file: `${name}.json`,
        path: `/${first}/${field}`,
        message: `not stored by Perheverkko, ignored${count > 1 ? ` (in ${count} objects)` : ''}`,
      });
    }
  }
  return warnings;
}

/** A summary for a service that comes without one: the first sentence of its description. */
export function summaryOf(description: LocalizedText): LocalizedText {
  const first = (text: string) => {
    const sentence = /^(.{1,200}?[.!?])(\s|$)/su.exec(text.trim());
    if (sentence?.[1]) return sentence[1];
    if (text.length <= 200) return text.trim();
    const cut = text.slice(0, 199);
    return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 100)).trim()}…`;
  };
  return compact({
    fi: first(description.fi),
    sv: description.sv === undefined ? undefined : first(description.sv),
    en: description.en === undefined ? undefined : first(description.en),
  });
}
