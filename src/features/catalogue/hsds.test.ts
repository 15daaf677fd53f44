import { describe, expect, it } from 'vitest';
import { LANGS } from '../../i18n/index.ts';
import { stableUuid } from '../../platform/ids.ts';
import {
  apiView,
  EXPORT_VIEW,
  HSDS_FILE_NAMES,
  HSDS_FILES,
  type HsdsReference,
  hsdsReference,
  locationToHsds,
  organizationToHsds,
  recordsToHsdsFiles,
  serviceToHsds,
} from './hsds.ts';
import { type HsdsInput, hsdsFilesToRecords, type ImportContext, summaryOf } from './hsds-records.ts';
import { validateHsds } from './hsds-validator.ts';
import type { CatalogueRecords, LocationRecord, OrganizationRecord, ServiceRecord } from './records.ts';
import { canonical, normalizeService } from './records.ts';
import { regionId, TEXT_TAXONOMY, taxonomyId, termId } from './seed.ts';

// ---------------------------------------------------------------- builders

const NORTH_SAVO = regionId('pohjois-savo');
const PIRKANMAA = regionId('pirkanmaa');

function reference(): HsdsReference {
  const taxonomy = (code: string, name: string) => ({
    id: taxonomyId(code),
    code,
    name: { fi: name, en: name },
    description: { fi: name },
    uri: null,
    version: null,
  });
  const term = (taxonomyCode: string, code: string, fi: string, sv?: string) => ({
    id: termId(taxonomyCode, code),
    taxonomyId: taxonomyId(taxonomyCode),
    code,
    name: { fi, ...(sv ? { sv } : {}) },
    description: { fi },
    parentId: null,
  });
  return hsdsReference({
    regions: [
      {
        id: NORTH_SAVO,
        code: 'pohjois-savo',
        name: { fi: 'Pohjois-Savon hyvinvointialue', sv: 'Norra Savolax välfärdsområde' },
      },
      { id: PIRKANMAA, code: 'pirkanmaa', name: { fi: 'Pirkanmaan hyvinvointialue' } },
    ],
    municipalities: [
      { code: '297', regionId: NORTH_SAVO, name: { fi: 'Kuopio', sv: 'Kuopio' } },
      { code: '749', regionId: NORTH_SAVO, name: { fi: 'Siilinjärvi', sv: 'Siilinjärvi' } },
      { code: '837', regionId: PIRKANMAA, name: { fi: 'Tampere', sv: 'Tammerfors' } },
    ],
    taxonomies: [
      taxonomy('service_type', 'Palvelutyypit'),
      taxonomy('topic', 'Aiheet'),
      taxonomy('channel', 'Asiointitavat'),
      taxonomy(TEXT_TAXONOMY, 'Tekstien kielet'),
    ],
    terms: [
      term('service_type', 'PERHENEUVOLA', 'Perheneuvola', 'Familjerådgivning'),
      term('topic', 'UNI', 'Uni ja unirytmi', 'Sömn och sömnrytm'),
      term('channel', 'visit', 'Käynti toimipisteessä'),
      term('channel', 'phone', 'Puhelin'),
      ...LANGS.map((l) => term(TEXT_TAXONOMY, l, l)),
    ],
  });
}

const anOrganization = (over: Partial<OrganizationRecord> = {}): OrganizationRecord => ({
  id: stableUuid('organization', 'test/kuopio'),
  regionId: NORTH_SAVO,
  kind: 'municipality',
  name: { fi: 'Kuopion kaupunki', sv: 'Kuopio stad' },
  description: { fi: 'Kaupunki.', sv: 'Staden.', en: 'The city.' },
  municipalityCode: '297',
  email: 'kirjaamo@example.fi',
  website: 'https://example.fi/kuopio',
  phone: '017 182 111',
  ...over,
});

const aLocation = (over: Partial<LocationRecord> = {}): LocationRecord => ({
  id: stableUuid('location', 'test/kuopio-perhekeskus'),
  organizationId: anOrganization().id,
  name: { fi: 'Kuopion perhekeskus', sv: 'Kuopio familjecenter' },
  street: 'Suokatu 42',
  postalCode: '70100',
  city: { fi: 'Kuopio', sv: 'Kuopio' },
  municipalityCode: '297',
  latitude: 62.89,
  longitude: 27.68,
  transportation: { fi: 'Bussit 1 ja 2.', en: 'Buses 1 and 2.' },
  accessibility: { fi: 'Hissi.', sv: 'Hiss.' },
  ...over,
});

const aService = (over: Partial<ServiceRecord> = {}): ServiceRecord => {
  const id = over.id ?? stableUuid('service', 'test/perheneuvola');
  return {
    id,
    organizationId: anOrganization().id,
    regionId: NORTH_SAVO,
    status: 'active',
    name: { fi: 'Perheneuvola', sv: 'Familjerådgivning', en: 'Family counselling clinic' },
    summary: { fi: 'Apua perheen arkeen.', sv: 'Hjälp i vardagen.' },
    description: { fi: 'Perheneuvola auttaa.', sv: 'Familjerådgivningen hjälper.' },
    applicationProcess: { fi: 'Soita.', en: 'Call.' },
    fees: { fi: 'Maksuton.' },
    eligibility: null,
    email: 'perheneuvola@example.fi',
    url: 'https://example.fi/perheneuvola',
    minAge: 0,
    maxAge: 17,
    areaMunicipalities: null,
    channels: ['visit', 'phone'],
    languages: ['fi', 'sv'],
    taxonomyTermIds: [termId('service_type', 'PERHENEUVOLA'), termId('topic', 'UNI')].sort(),
    serviceAtLocations: [{ id: stableUuid('service_at_location', `${id}/1`), locationId: aLocation().id }],
    phones: [
      {
        id: stableUuid('phone', `${id}/0`),
        number: '017 182 200',
        description: { fi: 'Ajanvaraus', sv: 'Tidsbokning' },
      },
      { id: stableUuid('phone', `${id}/1`), number: '017 182 201', description: null },
    ],
    schedules: [
      {
        id: stableUuid('schedule', `${id}/0`),
        byday: 'MO,TU,WE,TH,FR',
        opensAt: '08:00',
        closesAt: '16:00',
        description: null,
      },
    ],
    ...over,
  };
};

const catalogue = (): CatalogueRecords => ({
  organizations: [anOrganization()],
  locations: [aLocation()],
  services: [
    aService(),
    aService({
      id: stableUuid('service', 'test/kotipalvelu'),
      name: { fi: 'Kotipalvelu' },
      summary: { fi: 'Apua kotiin.' },
      description: { fi: 'Kotipalvelu.' },
      applicationProcess: null,
      fees: null,
      areaMunicipalities: ['297', '749'],
      channels: ['visit'],
      languages: ['fi'],
      taxonomyTermIds: [],
      serviceAtLocations: [],
      phones: [],
      schedules: [],
    }),
  ],
});

const context = (over: Partial<ImportContext> = {}): ImportContext => ({
  ref: reference(),
  existing: { organizationRegions: new Map(), locationIds: new Set() },
  ...over,
});

const textAttributes = (attributes: { link_type: string; taxonomy_term_id: string; value?: string }[] = []) =>
  attributes
    .filter((a) => LANGS.some((l) => a.taxonomy_term_id === termId(TEXT_TAXONOMY, l)))
    .map((a) => ({
      field: a.link_type,
      lang: LANGS.find((l) => a.taxonomy_term_id === termId(TEXT_TAXONOMY, l)),
      value: a.value,
    }));

/** The export files as an import reads them (plain JSON). */
const asInput = (records: CatalogueRecords, ref = reference()): HsdsInput =>
  JSON.parse(JSON.stringify(recordsToHsdsFiles(records, ref)));

// ---------------------------------------------------------------- records → HSDS

describe('a service as HSDS', () => {
  it('in an export holds Finnish in its fields and every translation as an attribute of the language', () => {
    const s = serviceToHsds(aService(), reference(), EXPORT_VIEW);
    expect(s.name).toBe('Perheneuvola');
    expect(s.application_process).toBe('Soita.');
    expect(textAttributes(s.attributes)).toEqual([
      { field: 'name', lang: 'sv', value: 'Familjerådgivning' },
      { field: 'name', lang: 'en', value: 'Family counselling clinic' },
      { field: 'description', lang: 'sv', value: 'Familjerådgivningen hjälper.' },
      { field: 'application_process', lang: 'en', value: 'Call.' },
      { field: 'summary', lang: 'fi', value: 'Apua perheen arkeen.' },
      { field: 'summary', lang: 'sv', value: 'Hjälp i vardagen.' },
    ]);
  });

  it('in the API holds the requested language, Finnish where a text has no translation', () => {
    const s = serviceToHsds(aService(), reference(), apiView('sv'));
    expect(s.name).toBe('Familjerådgivning');
    expect(s.application_process).toBe('Soita.');
    expect(s.fees_description).toBe('Maksuton.');
    expect(s.languages?.map((l) => l.name)).toEqual(['finska', 'svenska']);
    // the summary has no HSDS field: one attribute, in the language it is written in
    expect(textAttributes(s.attributes)).toEqual([
      { field: 'summary', lang: 'sv', value: 'Hjälp i vardagen.' },
    ]);
    expect(textAttributes(serviceToHsds(aService(), reference(), apiView('en')).attributes)).toEqual([
      { field: 'summary', lang: 'fi', value: 'Apua perheen arkeen.' },
    ]);
  });

  it('links its service types, topics and channels as attributes of their taxonomy terms', () => {
    const s = serviceToHsds(aService(), reference(), apiView('fi'));
    const links = (s.attributes ?? [])
      .filter((a) => a.link_type !== 'summary')
      .map((a) => [a.link_type, a.value, a.taxonomy_term?.name]);
    expect(links).toEqual(
      expect.arrayContaining([
        ['service_type', 'PERHENEUVOLA', 'Perheneuvola'],
        ['topic', 'UNI', 'Uni ja unirytmi'],
        ['channel', 'visit', 'Käynti toimipisteessä'],
        ['channel', 'phone', 'Puhelin'],
      ]),
    );
    expect(links).toHaveLength(4);
  });

  it('is open to the whole wellbeing services county, or to listed municipalities', () => {
    const regionWide = serviceToHsds(aService(), reference(), EXPORT_VIEW);
    expect(regionWide.service_areas?.map((a) => [a.extent_type, a.extent, a.name])).toEqual([
      ['wellbeing_services_county', 'pohjois-savo', 'Pohjois-Savon hyvinvointialue'],
    ]);
    const local = serviceToHsds(aService({ areaMunicipalities: ['749', '297'] }), reference(), apiView('sv'));
    expect(local.service_areas?.map((a) => [a.extent_type, a.extent, a.name])).toEqual([
      ['fi_municipality_code', '297', 'Kuopio'],
      ['fi_municipality_code', '749', 'Siilinjärvi'],
    ]);
  });

  it('carries ages, schedules and phones in their HSDS fields', () => {
    const s = serviceToHsds(aService(), reference(), EXPORT_VIEW);
    expect([s.minimum_age, s.maximum_age]).toEqual([0, 17]);
    expect(s.schedules?.[0]).toMatchObject({
      freq: 'WEEKLY',
      byday: 'MO,TU,WE,TH,FR',
      opens_at: '08:00',
      closes_at: '16:00',
    });
    expect(s.phones?.map((p) => [p.number, p.description])).toEqual([
      ['017 182 200', 'Ajanvaraus'],
      ['017 182 201', undefined],
    ]);
  });

  it('gets the same ids for what it derives every time, so exports repeat byte for byte', () => {
    const once = JSON.stringify(recordsToHsdsFiles(catalogue(), reference()));
    const again = JSON.stringify(recordsToHsdsFiles(catalogue(), reference()));
    expect(again).toBe(once);
    const s = serviceToHsds(aService(), reference(), EXPORT_VIEW);
    expect(s.languages?.[0]?.id).toBe(stableUuid('language', `${aService().id}/fi`));
  });
});

describe('a location and an organization as HSDS', () => {
  it('a location has a physical Finnish address naming its municipality and region', () => {
    const l = locationToHsds(aLocation(), reference(), apiView('sv'));
    expect(l.addresses?.[0]).toMatchObject({
      address_1: 'Suokatu 42',
      city: 'Kuopio',
      postal_code: '70100',
      region: 'Kuopio',
      state_province: 'Norra Savolax välfärdsområde',
      country: 'FI',
      address_type: 'physical',
    });
    expect(l.accessibility?.map((a) => a.description)).toEqual(['Hiss.']);
    expect(l.transportation).toBe('Bussit 1 ja 2.');
  });

  it('an organization shows its kind as legal status and its municipality code as an identifier', () => {
    const o = organizationToHsds(anOrganization(), reference(), EXPORT_VIEW);
    expect(o.legal_status).toBe('municipality');
    expect(o.organization_identifiers?.map((x) => [x.identifier_type, x.identifier])).toEqual([
      ['fi_municipality_code', '297'],
    ]);
    expect(o.phones?.map((p) => p.number)).toEqual(['017 182 111']);
  });
});

describe('the export files', () => {
  it('every object validates against its HSDS 3.0 schema', () => {
    const files = recordsToHsdsFiles(catalogue(), reference());
    for (const name of HSDS_FILE_NAMES) {
      for (const [i, row] of (files[name] as unknown[]).entries()) {
        expect(validateHsds(HSDS_FILES[name], row), `${name}.json /${i}`).toEqual([]);
      }
    }
  });

  it('are flat and sorted by id, phones and schedules in their service order', () => {
    const files = recordsToHsdsFiles(catalogue(), reference());
    expect(files.services.every((s) => s.phones === undefined && s.attributes === undefined)).toBe(true);
    const ids = files.attributes.map((a) => a.id);
    expect(ids).toEqual([...ids].sort());
    expect(files.phones.filter((p) => p.service_id).map((p) => p.number)).toEqual([
      '017 182 200',
      '017 182 201',
    ]);
  });
});

// ---------------------------------------------------------------- HSDS → records

describe('reading HSDS files into records', () => {
  it('gives back the records that were exported', () => {
    const records = catalogue();
    const result = hsdsFilesToRecords(asInput(records), context());
    expect(result.problems).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.records.organizations).toEqual(records.organizations);
    expect(result.records.locations).toEqual(records.locations);
    expect(result.records.services.map((s) => canonical(normalizeService(s)))).toEqual(
      records.services.map((s) => canonical(normalizeService(s))),
    );
  });

  it('names an unknown municipality, with its file and path', () => {
    const input = asInput(catalogue());
    (input.addresses?.[0] as { region: string }).region = 'Atlantis';
    expect(hsdsFilesToRecords(input, context()).problems).toEqual([
      { file: 'addresses.json', path: '/0/region', message: 'unknown municipality "Atlantis"' },
    ]);
  });

  it('accepts a municipality by its Swedish name', () => {
    const input = asInput(catalogue());
    (input.addresses?.[0] as { region: string }).region = 'Tammerfors';
    const result = hsdsFilesToRecords(input, context());
    expect(result.problems).toEqual([]);
    expect(result.records.locations[0]?.municipalityCode).toBe('837');
  });

  it('refuses a taxonomy term that the catalogue does not know', () => {
    const input = asInput(catalogue());
    const unknown = '00000000-0000-4000-8000-000000000000';
    const attributes = input.attributes as { taxonomy_term_id: string }[];
    const i = attributes.findIndex((a) => a.taxonomy_term_id === termId('topic', 'UNI'));
    (attributes[i] as { taxonomy_term_id: string }).taxonomy_term_id = unknown;
    expect(hsdsFilesToRecords(input, context()).problems).toContainEqual({
      file: 'attributes.json',
      path: `/${i}/taxonomy_term_id`,
      message: 'unknown taxonomy term',
    });
  });

  it('refuses a translation whose field has no Finnish text', () => {
    const input = asInput(catalogue());
    const service = input.services?.[0] as { application_process?: string };
    delete service.application_process;
    expect(hsdsFilesToRecords(input, context()).problems).toEqual([
      {
        file: 'services.json',
        path: '/0/application_process',
        message: 'has translations (attributes) but no Finnish text',
      },
    ]);
  });

  it('refuses a reference to an organization that is neither in the files nor in the catalogue', () => {
    const input = asInput(catalogue());
    input.organizations = [];
    input.organization_identifiers = [];
    input.phones = (input.phones as { organization_id?: string }[]).filter((p) => !p.organization_id);
    input.attributes = (input.attributes as { link_entity: string }[]).filter(
      (a) => a.link_entity !== 'organization',
    );
    const problems = hsdsFilesToRecords(input, context()).problems;
    expect(problems.map((p) => `${p.file}: ${p.path}`)).toEqual([
      'locations.json: /0/organization_id',
      'services.json: /0/organization_id',
      'services.json: /1/organization_id',
    ]);
    const known = context({
      existing: { organizationRegions: new Map([[anOrganization().id, NORTH_SAVO]]), locationIds: new Set() },
    });
    expect(hsdsFilesToRecords(input, known).problems).toEqual([]);
  });

  it('places a service without service areas in the whole region of its organization', () => {
    const input = asInput(catalogue());
    input.service_areas = [];
    const result = hsdsFilesToRecords(input, context());
    expect(result.problems).toEqual([]);
    expect(result.records.services.map((s) => [s.regionId, s.areaMunicipalities])).toEqual([
      [NORTH_SAVO, null],
      [NORTH_SAVO, null],
    ]);
  });

  it('with --region, refuses a service area in another region', () => {
    const ref = reference();
    const pirkanmaa = ref.regions.get(PIRKANMAA);
    const result = hsdsFilesToRecords(asInput(catalogue()), context({ region: pirkanmaa }));
    expect(result.problems.map((p) => p.message)).toContain(
      'the service area is outside the region pirkanmaa (--region)',
    );
  });

  it('gives a service without a summary the first sentence of its description', () => {
    const input = asInput(catalogue());
    input.attributes = (input.attributes as { link_type: string }[]).filter((a) => a.link_type !== 'summary');
    const [service] = hsdsFilesToRecords(input, context()).records.services;
    expect(service?.summary).toEqual({ fi: 'Perheneuvola auttaa.', sv: 'Familjerådgivningen hjälper.' });
  });

  it('reports fields it has no place for as warnings, once per file and field', () => {
    const input = asInput(catalogue());
    for (const s of input.services as Record<string, unknown>[]) s.alternate_name = 'x';
    const result = hsdsFilesToRecords(input, context());
    expect(result.problems).toEqual([]);
    expect(result.warnings).toEqual([
      {
        file: 'services.json',
        path: '/0/alternate_name',
        message: 'not stored by Perheverkko, ignored (in 2 objects)',
      },
    ]);
  });

  it('refuses the same id twice in a file', () => {
    const input = asInput(catalogue());
    input.services = [...(input.services ?? []), input.services?.[0]];
    expect(hsdsFilesToRecords(input, context()).problems).toContainEqual({
      file: 'services.json',
      path: '/2/id',
      message: 'the same id as /0',
    });
  });
});

describe('a summary made from a description', () => {
  it('is the first sentence, or the text cut at a word under 200 characters', () => {
    expect(summaryOf({ fi: 'Ensimmäinen lause. Toinen lause.' })).toEqual({ fi: 'Ensimmäinen lause.' });
    const long = summaryOf({ fi: 'sana '.repeat(100) }).fi;
    expect(long.length).toBeLessThanOrEqual(200);
    expect(long.endsWith('sana…')).toBe(true);
  });
});
