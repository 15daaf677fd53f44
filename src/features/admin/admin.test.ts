import { describe, expect, it } from 'vitest';
import type { CatalogueOptions, ServiceRecord } from '../catalogue/index.ts';
import { serviceFromForm } from './admin.ts';
import { type ServiceForm, serviceForm } from './schema.ts';

const REGION = 'region-1';
const options: CatalogueOptions = {
  regions: [{ id: REGION, code: 'pohjois-savo', name: { fi: 'Pohjois-Savo' } }],
  municipalities: [
    { code: '297', regionId: REGION, name: { fi: 'Kuopio' } },
    { code: '749', regionId: REGION, name: { fi: 'Siilinjärvi' } },
    { code: '837', regionId: 'region-2', name: { fi: 'Tampere' } },
  ],
  serviceTypes: [{ id: 'type-counselling', code: 'counselling', name: { fi: 'Neuvonta' } }],
  topics: [{ id: 'topic-parenting', code: 'parenting', name: { fi: 'Vanhemmuus' } }],
};
const organizations = [
  { id: '00000000-0000-4000-8000-000000000001', retired: false },
  { id: '00000000-0000-4000-8000-000000000002', retired: true },
];
const locations = [
  { id: 'location-open', retired: false },
  { id: 'location-closed', retired: true },
];

/** A valid form as the browser posts it, with the given fields changed. */
function form(changes: Record<string, unknown> = {}): ServiceForm {
  return serviceForm.parse({
    name_fi: 'Perheneuvola',
    summary_fi: 'Tukea perheille',
    description_fi: 'Keskusteluapua lapsiperheille.',
    organizationId: organizations[0]?.id,
    status: 'active',
    serviceTypes: 'type-counselling',
    channels: ['visit', 'phone'],
    languages: 'fi',
    areaScope: 'region',
    locations: 'location-open',
    phones_1_number: '017 123 4567',
    phones_1_description_fi: 'ajanvaraus',
    phones_1_description_sv: 'tidsbokning',
    hours_1_when: 'ma–ti 8–16',
    ...changes,
  });
}

const ctx = (existing: ServiceRecord | null = null) => ({
  id: 'service-1',
  regionId: REGION,
  existing,
  options,
  organizations,
  locations,
});

function record(changes: Record<string, unknown> = {}, existing: ServiceRecord | null = null): ServiceRecord {
  const result = serviceFromForm(form(changes), ctx(existing));
  if (!('record' in result)) throw new Error(`unexpected problems: ${JSON.stringify(result.problems)}`);
  return result.record;
}
function problems(changes: Record<string, unknown>, existing: ServiceRecord | null = null) {
  const result = serviceFromForm(form(changes), ctx(existing));
  return 'problems' in result ? result.problems.map((p) => `${p.field}:${p.code}`) : [];
}

describe('serviceFromForm', () => {
  it('turns a valid form into a service record of the region', () => {
    const r = record({ name_sv: 'Familjerådgivning', minAge: '0', maxAge: '17' });
    expect(r).toMatchObject({
      id: 'service-1',
      regionId: REGION,
      organizationId: organizations[0]?.id,
      name: { fi: 'Perheneuvola', sv: 'Familjerådgivning' },
      minAge: 0,
      maxAge: 17,
      areaMunicipalities: null,
      channels: ['visit', 'phone'],
      taxonomyTermIds: ['type-counselling'],
    });
    expect(r.phones).toMatchObject([
      { number: '017 123 4567', description: { fi: 'ajanvaraus', sv: 'tidsbokning' } },
    ]);
    expect(r.schedules).toMatchObject([{ byday: 'MO,TU', opensAt: '08:00', closesAt: '16:00' }]);
    expect(r.serviceAtLocations.map((s) => s.locationId)).toEqual(['location-open']);
  });

  it('limits the area to the chosen municipalities, sorted and once each', () => {
    expect(
      record({ areaScope: 'municipalities', municipalities: ['749', '297', '297'] }).areaMunicipalities,
    ).toEqual(['297', '749']);
  });

  it("refuses another region's municipality and choices that are not offered", () => {
    expect(problems({ areaScope: 'municipalities', municipalities: '837' })).toEqual([
      'municipalities:admin.invalid_choice',
    ]);
    expect(problems({ serviceTypes: 'nope', topics: 'nope' })).toEqual([
      'serviceTypes:admin.invalid_choice',
      'topics:admin.invalid_choice',
    ]);
    expect(problems({ organizationId: '00000000-0000-4000-8000-000000000009' })).toEqual([
      'organizationId:admin.invalid_choice',
    ]);
  });

  it('requires at least one service type', () => {
    expect(problems({ serviceTypes: [] })).toEqual(['serviceTypes:admin.choose_one']);
  });

  it('names the phone or opening-hours field it cannot read', () => {
    const result = serviceFromForm(
      form({
        phones_2_number: 'soita',
        hours_1_when: 'MO 16:00-08:00',
        hours_3_note_sv: 'utan tidsbokning',
      }),
      ctx(),
    );
    expect('problems' in result && result.problems).toEqual([
      { field: 'phones_2_number', code: 'admin.invalid_phone' },
      { field: 'hours_1_when', code: 'admin.invalid_hours', params: { value: 'MO 16:00-08:00' } },
      { field: 'hours_3_when', code: 'admin.required' },
    ]);
  });

  it('reads opening hours as people write them and stores them in canonical form', () => {
    const r = record({
      hours_1_when: 'ma–pe 8–16',
      hours_2_when: 'må–fr kl. 8.00–16.00',
      hours_4_when: 'ti klo 9–12',
    });
    expect(r.schedules.map((s) => [s.byday, s.opensAt, s.closesAt])).toEqual([
      ['MO,TU,WE,TH,FR', '08:00', '16:00'],
      ['MO,TU,WE,TH,FR', '08:00', '16:00'],
      ['TU', '09:00', '12:00'],
    ]);
  });

  it('keeps a text in Swedish or English that has no Finnish', () => {
    const r = record({ fees_sv: 'Avgiftsfri', hours_1_note_en: 'by appointment' });
    expect(r.fees).toEqual({ fi: '', sv: 'Avgiftsfri' });
    expect(r.schedules[0]?.description).toEqual({ fi: '', en: 'by appointment' });
  });

  it('does not let a new service point at a retired organisation or location', () => {
    expect(problems({ organizationId: organizations[1]?.id, locations: 'location-closed' })).toEqual([
      'organizationId:admin.retired_reference',
      'locations:admin.retired_reference',
    ]);
  });

  it('lets an existing service keep a retired reference it already had', () => {
    const existing = record({});
    const kept = { ...existing, organizationId: organizations[1]?.id ?? '' };
    kept.serviceAtLocations = [{ id: 'sal-1', locationId: 'location-closed' }];
    const r = record({ organizationId: organizations[1]?.id, locations: 'location-closed' }, kept);
    expect(r.organizationId).toBe(organizations[1]?.id);
    // the service-at-location keeps its id, so HSDS consumers see the same record
    expect(r.serviceAtLocations).toEqual([{ id: 'sal-1', locationId: 'location-closed' }]);
  });

  it('keeps what the form does not show from the stored record', () => {
    const existing = {
      ...record({}),
      taxonomyTermIds: ['type-counselling', 'audience-parents'],
    };
    const r = record({ serviceTypes: 'type-counselling', topics: 'topic-parenting' }, existing);
    expect(r.taxonomyTermIds).toEqual(['audience-parents', 'topic-parenting', 'type-counselling']);
  });
});
