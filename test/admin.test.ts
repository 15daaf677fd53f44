import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  catalogueOptions,
  type LocationRecord,
  type OrganizationRecord,
  readLocationRecords,
  readOrganizationRecords,
  readServiceRecords,
  type ServiceRecord,
  saveLocations,
  saveOrganizations,
  saveServices,
} from '../src/features/catalogue/index.ts';
import { LANGS } from '../src/i18n/index.ts';
import type { LocalizedText } from '../src/platform/db/types.ts';
import { stableUuid } from '../src/platform/ids.ts';
import { startTestApp, type TestApp } from './app.ts';
import { ENGINES } from './databases.ts';
import { browserFormBody, formByQa } from './form-data.ts';

const serviceId = stableUuid('service', 'pohjois-savo/perheneuvola-kuopio');
const organizationId = stableUuid('organization', 'pohjois-savo/pohjois-savon-hyvinvointialue');
const KUOPIO = '297';

/** What a browser would post from a form page as it stands: inputs, checked boxes, textareas, selections. */
function formValuesOf(html: string): URLSearchParams {
  const values = new URLSearchParams();
  const form = /<form[^>]*data-qa="edit-form"[\s\S]*?<\/form>/.exec(html)?.[0] ?? html;
  for (const m of form.matchAll(/<input[^>]*name="([^"]+)"[^>]*>/g)) {
    const tag = m[0];
    if (/type="(checkbox|radio)"/.test(tag) && !/checked=""/.test(tag)) continue;
    values.append(m[1] ?? '', /value="([^"]*)"/.exec(tag)?.[1] ?? '');
  }
  for (const m of form.matchAll(/<textarea[^>]*name="([^"]+)"[^>]*>([^<]*)<\/textarea>/g))
    values.set(m[1] ?? '', m[2] ?? '');
  for (const m of form.matchAll(/<select[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) {
    const options = m[2] ?? '';
    const chosen =
      /<option[^>]*selected=""[^>]*value="([^"]*)"|<option[^>]*value="([^"]*)"[^>]*selected=""/.exec(options);
    // a select with nothing selected posts its first option, as a browser does
    values.set(
      m[1] ?? '',
      chosen?.[1] ?? chosen?.[2] ?? /<option[^>]*value="([^"]*)"/.exec(options)?.[1] ?? '',
    );
  }
  return values;
}

describe.each(ENGINES)('catalogue administration on %s', (engine) => {
  let t: TestApp;
  let editor: string;
  const cookieOf = async (username: string) => {
    const res = await t.app.inject({ method: 'POST', url: '/api/dev/session', payload: { username } });
    return String(res.headers['set-cookie']).split(';')[0] ?? '';
  };
  const page = (url: string, cookie = editor) =>
    t.app.inject({ url, headers: { cookie, accept: 'text/html' } });

  /** Opens the form page, changes the given fields and posts it as the browser would. */
  async function submit(formUrl: string, action: string, changes: Record<string, string | string[]> = {}) {
    const form = await page(formUrl);
    expect(form.statusCode).toBe(200);
    const csrfCookie = String(form.headers['set-cookie']).split(';')[0];
    const values = formValuesOf(form.body);
    for (const [name, value] of Object.entries(changes)) {
      values.delete(name);
      for (const v of [value].flat()) values.append(name, v);
    }
    return t.app.inject({
      method: 'POST',
      url: action,
      headers: {
        cookie: `${editor}; ${csrfCookie}`,
        accept: 'text/html',
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: values.toString(),
    });
  }
  /** A retire or restore button on the edit page. */
  const press = (entity: string, id: string, action: 'retire' | 'restore', status?: string) =>
    submit(
      `/fi/staff/catalogue/${entity}/${id}`,
      `/fi/staff/catalogue/${entity}/${id}/${action}`,
      status ? { status } : {},
    );
  const versions = (id: string) =>
    t.database.db
      .selectFrom('catalogue_version')
      .select(['version', 'change_kind', 'changed_by', 'changed_at'])
      .where('entity_id', '=', id)
      .orderBy('version')
      .execute();
  const countServices = async () =>
    Number(
      (
        await t.database.db
          .selectFrom('service')
          .select((e) => e.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    t = await startTestApp(engine, { seedDemo: true });
    editor = await cookieOf('toimittaja');
  });
  afterAll(async () => t?.close());

  it('sends a signed-out user to sign in and hides the workspace from a client', async () => {
    const anon = await t.app.inject({ url: '/fi/staff' });
    expect(anon.statusCode).toBe(302);
    expect(anon.headers.location).toBe('/fi/sign-in?next=%2Ffi%2Fstaff');
    const client = await t.app.inject({ url: '/fi/staff', headers: { cookie: await cookieOf('asiakas') } });
    expect(client.statusCode).toBe(404);
  });

  it('a catalogue editor edits a service, the public page shows it, and the version is kept', async () => {
    const list = await page('/fi/staff/catalogue');
    expect(list.statusCode).toBe(200);
    const res = await submit(
      `/fi/staff/catalogue/services/${serviceId}`,
      `/fi/staff/catalogue/services/${serviceId}`,
      {
        name_fi: 'Muokattu palvelun nimi',
      },
    );
    expect(res.statusCode, res.body.slice(0, 2000)).toBe(303);
    expect(res.headers.location).toBe(`/fi/staff/catalogue/services/${serviceId}?done=saved`);
    const publicPage = await t.app.inject({ url: `/fi/services/${serviceId}` });
    expect(publicPage.body).toContain('Muokattu palvelun nimi');
    const after = await page(`/fi/staff/catalogue/services/${serviceId}?done=saved`);
    expect(after.body).toContain('data-qa="flash"');
    expect(after.body).toContain('Tiina Toimittaja');
    expect(after.body).toContain('data-qa="version-history"');
  });

  it('the services list also answers at its entity address', async () => {
    const res = await page('/fi/staff/catalogue/services?q=neuvola');
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/fi/staff/catalogue?q=neuvola');
  });

  it('a new service appears in the public search', async () => {
    const form = await page('/fi/staff/catalogue/services/new');
    const firstType = /name="serviceTypes" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
    const res = await submit('/fi/staff/catalogue/services/new', '/fi/staff/catalogue/services', {
      name_fi: 'Vauvaperheiden vertaisryhmä',
      summary_fi: 'Vertaistukea vauvaperheille',
      description_fi: 'Ryhmä kokoontuu viikoittain perhekeskuksessa.',
      organizationId,
      serviceTypes: firstType,
      hours_1_when: 'ti klo 10–12',
      hours_1_note_fi: 'ilman ajanvarausta',
      hours_1_note_sv: 'utan tidsbokning',
    });
    expect(res.statusCode, res.body.slice(0, 2000)).toBe(303);
    const id = /services\/([0-9a-f-]{36})\?done=created$/.exec(String(res.headers.location))?.[1] ?? '';
    expect(id).not.toBe('');
    const sv = await t.app.inject({ url: `/sv/services/${id}` });
    expect(sv.body.replaceAll('<!-- -->', '')).toMatch(
      /<th scope="row">ti<\/th><td>10\.00–12\.00 \(utan tidsbokning\)/,
    );
    const search = await t.app.inject({ url: '/fi/services?q=vertaisryhmä' });
    expect(search.body).toContain('Vauvaperheiden vertaisryhmä');
    expect((await t.app.inject({ url: `/api/hsds/services/${id}` })).statusCode).toBe(200);
    expect((await versions(id)).map((v) => [v.version, v.change_kind])).toEqual([[1, 'create']]);
  });

  it('a form with problems comes back with 400, the problems beside the fields, what was typed kept, nothing written', async () => {
    const before = await countServices();
    const res = await submit('/fi/staff/catalogue/services/new', '/fi/staff/catalogue/services', {
      name_fi: '',
      summary_fi: 'Yhteenveto jää talteen',
      email: 'ei-osoite',
      minAge: '12',
      maxAge: '3',
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('data-qa="error-summary"');
    expect(res.body).toContain('href="#name_fi"');
    expect(res.body).toMatch(
      /<input[^>]*id="name_fi"[^>]*aria-invalid="true"[^>]*aria-describedby="name_fi-error"/,
    );
    expect(res.body).toMatch(/<input[^>]*id="email"[^>]*aria-invalid="true"/);
    expect(res.body).toContain('id="maxAge-error"');
    expect(res.body).toContain('value="Yhteenveto jää talteen"');
    expect(res.body).toContain('value="ei-osoite"');
    expect(await countServices()).toBe(before);
  });

  it('opening hours it cannot read come back with an error that names the row and quotes the text', async () => {
    const form = await page('/fi/staff/catalogue/services/new');
    const firstType = /name="serviceTypes" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
    const res = await submit('/fi/staff/catalogue/services/new', '/fi/staff/catalogue/services', {
      name_fi: 'Aukioloaikojen testi',
      summary_fi: 'Testi',
      description_fi: 'Testi.',
      organizationId,
      serviceTypes: firstType,
      hours_1_when: 'ma–pe 8–16',
      hours_2_when: 'joskus aamulla',
    });
    expect(res.statusCode).toBe(400);
    const summary =
      /data-qa="error-summary"[\s\S]*?<\/ul>/.exec(res.body.replaceAll('<!-- -->', ''))?.[0] ?? '';
    expect(summary).toContain('href="#hours_2_when"');
    expect(summary).toContain(
      'Aukioloaika 2: päivät ja kellonajat: Aukioloaikaa ”joskus aamulla” ei voi lukea.',
    );
    expect(summary).not.toContain('hours_1_when');
    expect(res.body).toMatch(/<input[^>]*id="hours_2_when"[^>]*aria-invalid="true"/);
    expect(res.body).toContain('value="ma–pe 8–16"');
  });

  it('a retired service leaves the public catalogue and the HSDS API, and comes back when restored', async () => {
    const retired = await press('services', serviceId, 'retire', 'inactive');
    expect(retired.statusCode).toBe(303);
    expect(retired.headers.location).toBe(`/fi/staff/catalogue/services/${serviceId}?done=retired`);
    expect((await t.app.inject({ url: `/fi/services/${serviceId}` })).statusCode).toBe(404);
    expect((await t.app.inject({ url: `/api/hsds/services/${serviceId}` })).statusCode).toBe(404);
    const search = await t.app.inject({ url: '/fi/services?q=Muokattu' });
    expect(search.body).not.toContain('Muokattu palvelun nimi');

    expect((await press('services', serviceId, 'restore')).statusCode).toBe(303);
    expect((await t.app.inject({ url: `/fi/services/${serviceId}` })).statusCode).toBe(200);
    expect((await t.app.inject({ url: `/api/hsds/services/${serviceId}` })).statusCode).toBe(200);
    // the search documents are written for active services alone (migration 0028)
    expect((await t.app.inject({ url: '/fi/services?q=Muokattu' })).body).toContain('Muokattu palvelun nimi');
  });

  it('refuses with 409 to retire an organisation that still has active services', async () => {
    const res = await press('organizations', organizationId, 'retire');
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('Organisaatiolla on käytössä olevia palveluja');
    const org = await t.database.db
      .selectFrom('organization')
      .select('retired_at')
      .where('id', '=', organizationId)
      .executeTakeFirstOrThrow();
    expect(org.retired_at).toBeNull();
  });

  it('an organisation is edited on its own page', async () => {
    const form = await page(`/fi/staff/catalogue/organizations/${organizationId}`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Pohjois-Savon hyvinvointialue');
    const res = await submit(
      `/fi/staff/catalogue/organizations/${organizationId}`,
      `/fi/staff/catalogue/organizations/${organizationId}`,
      { description_fi: 'Alueen sosiaali- ja terveyspalvelut.', phone: '017 174 000' },
    );
    expect(res.statusCode, res.body.slice(0, 2000)).toBe(303);
    const publicPage = await t.app.inject({ url: `/fi/organizations/${organizationId}` });
    expect(publicPage.body).toContain('Alueen sosiaali- ja terveyspalvelut.');
  });

  it('a location is created, edited, retired and restored on its own pages', async () => {
    const created = await submit('/fi/staff/catalogue/locations/new', '/fi/staff/catalogue/locations', {
      name_fi: 'Perhekeskus Petonen',
      city_fi: 'Kuopio',
      organizationId,
      street: 'Petosenkatu 1',
      postalCode: '70820',
      municipalityCode: KUOPIO,
    });
    expect(created.statusCode, created.body.slice(0, 2000)).toBe(303);
    const id = /locations\/([0-9a-f-]{36})\?done=created$/.exec(String(created.headers.location))?.[1] ?? '';
    const form = await page(`/fi/staff/catalogue/locations/${id}`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('value="Petosenkatu 1"');
    const edited = await submit(
      `/fi/staff/catalogue/locations/${id}`,
      `/fi/staff/catalogue/locations/${id}`,
      {
        postalCode: '7082',
      },
    );
    expect(edited.statusCode).toBe(400);
    expect(edited.body).toContain('id="postalCode-error"');
    expect((await press('locations', id, 'retire')).statusCode).toBe(303);
    const list = await page('/fi/staff/catalogue/locations?q=Petonen');
    expect(list.body).not.toContain('Perhekeskus Petonen');
    expect((await press('locations', id, 'restore')).statusCode).toBe(303);
    expect((await page('/fi/staff/catalogue/locations?q=Petonen')).body).toContain('Perhekeskus Petonen');
    expect((await versions(id)).map((v) => v.change_kind)).toEqual(['create', 'retire', 'restore']);
  });

  it('every change is a numbered version with who made it and when', async () => {
    const rows = await versions(serviceId);
    expect(rows.map((v) => [v.version, v.change_kind])).toEqual([
      [1, 'update'],
      [2, 'retire'],
      [3, 'restore'],
    ]);
    const editorId = await t.database.db
      .selectFrom('staff_user')
      .select('id')
      .where('subject', '=', 'toimittaja')
      .executeTakeFirstOrThrow();
    expect(new Set(rows.map((v) => v.changed_by))).toEqual(new Set([editorId.id]));
    const history = await page(`/fi/staff/catalogue/services/${serviceId}`);
    const table = /<table[^>]*data-qa="version-history"[\s\S]*?<\/table>/.exec(history.body)?.[0] ?? '';
    expect(table).toMatch(
      /<td[^>]*>3<\/td><td[^>]*>Palautettu<\/td><td[^>]*>Tiina Toimittaja<\/td><td[^>]*>\d{1,2}\.\d{1,2}\.\d{4} klo \d{2}\.\d{2}<\/td>/,
    );
    expect(table).toMatch(/<td[^>]*>1<\/td><td[^>]*>Muokattu<\/td>/);
  });

  it('odd row fields are refused or left out, never a 500', async () => {
    const form = await page('/fi/staff/catalogue/services/new');
    const firstType = /name="serviceTypes" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
    const base = {
      name_fi: 'Rivitesti',
      summary_fi: 'Testi',
      description_fi: 'Testi.',
      organizationId,
      serviceTypes: firstType,
    };
    // twice the same row field: refused next to the field
    const twice = await submit('/fi/staff/catalogue/services/new', '/fi/staff/catalogue/services', {
      ...base,
      phones_1_number: ['017 123 4567', '017 765 4321'],
    });
    expect(twice.statusCode).toBe(400);
    expect(twice.body).toContain('href="#phones_1_number"');
    // rows the form never shows (0, past the last) and unknown row fields are left out
    const odd = await submit('/fi/staff/catalogue/services/new', '/fi/staff/catalogue/services', {
      ...base,
      phones_0_number: '017 123 4567',
      phones_99_number: '017 123 4567',
      hours_1_when: 'ma–pe 8–16',
      'hours_1_x-y': 'z',
    });
    expect(odd.statusCode, odd.body.slice(0, 2000)).toBe(303);
    const id = /services\/([0-9a-f-]{36})\?done=created$/.exec(String(odd.headers.location))?.[1] ?? '';
    const [saved] = await readServiceRecords(t.database.db, { ids: [id] });
    expect(saved?.phones).toEqual([]);
    expect(saved?.schedules.map((x) => x.byday)).toEqual(['MO,TU,WE,TH,FR']);
  });

  it('lists sort by the page language: Å, Ä and Ö after Z in fi and sv, with A in en', async () => {
    const region = await t.database.db
      .selectFrom('organization')
      .select('region_id')
      .where('id', '=', organizationId)
      .executeTakeFirstOrThrow();
    const org = (key: string, name: LocalizedText): OrganizationRecord => ({
      id: stableUuid('organization', `test/sort-${key}`),
      regionId: region.region_id,
      kind: 'ngo',
      name,
      description: { fi: '' },
      municipalityCode: null,
      email: null,
      website: null,
      phone: null,
    });
    const a = org('a', { fi: 'ankka Lajittelu', sv: 'Örn Lajittelu' });
    const b = org('b', { fi: 'Zeta Lajittelu' });
    const c = org('c', { fi: 'Åbo Lajittelu' });
    const d = org('d', { fi: 'Ääni Lajittelu' });
    await saveOrganizations(t.database.db, [d, b, a, c]);
    const order = async (lang: string) => {
      const res = await page(`/${lang}/staff/catalogue/organizations?q=lajittelu`);
      const ids = [
        ...res.body.matchAll(/href="\/[a-z]{2}\/staff\/catalogue\/organizations\/([0-9a-f-]{36})"/g),
      ];
      return ids.map((m) => [a, b, c, d].find((o) => o.id === m[1])?.name.fi.split(' ')[0]);
    };
    expect(await order('fi')).toEqual(['ankka', 'Zeta', 'Åbo', 'Ääni']);
    expect(await order('sv')).toEqual(['Zeta', 'Åbo', 'Ääni', 'ankka']);
    expect(await order('en')).toEqual(['Ääni', 'Åbo', 'ankka', 'Zeta']);
  });

  it("another region's editor gets 404 for this region's service", async () => {
    const res = await page(
      `/fi/staff/catalogue/services/${serviceId}`,
      await cookieOf('pirkanmaa-toimittaja'),
    );
    expect(res.statusCode).toBe(404);
  });
  describe('saving an editor form unchanged keeps every language of every text', () => {
    /** A text in all three languages, with what HTML must escape and a paragraph break. */
    const three = (what: string, paragraphs = false): LocalizedText => ({
      fi: `${what} suomeksi & <"${what}">${paragraphs ? '\n\nToinen kappale' : ''}`,
      sv: `${what} på svenska & 'å'${paragraphs ? '\n\nAndra stycket' : ''}`,
      en: `${what} in English${paragraphs ? '\n\nSecond paragraph' : ''}`,
    });
    const org: OrganizationRecord = {
      id: stableUuid('organization', 'test/round-trip'),
      regionId: '',
      kind: 'ngo',
      name: three('Järjestö'),
      description: three('Kuvaus', true),
      municipalityCode: KUOPIO,
      email: 'info@example.fi',
      website: 'https://example.fi',
      phone: '017 100 200',
    };
    const location: LocationRecord = {
      id: stableUuid('location', 'test/round-trip'),
      organizationId: org.id,
      name: three('Toimipiste'),
      street: 'Kauppakatu 1',
      postalCode: '70100',
      city: { fi: 'Kuopio', sv: 'Kuopio (sv)', en: 'Kuopio (en)' },
      municipalityCode: KUOPIO,
      latitude: 62.8924,
      longitude: 27.6783,
      transportation: three('Saapuminen'),
      accessibility: three('Esteettömyys'),
    };
    let service: ServiceRecord;

    beforeAll(async () => {
      const region = await t.database.db
        .selectFrom('organization')
        .select('region_id')
        .where('id', '=', organizationId)
        .executeTakeFirstOrThrow();
      org.regionId = region.region_id;
      const options = await catalogueOptions(t.database.db);
      service = {
        id: stableUuid('service', 'test/round-trip'),
        organizationId: org.id,
        regionId: region.region_id,
        status: 'active',
        name: three('Palvelu'),
        summary: three('Tiivistelmä'),
        description: three('Kuvaus', true),
        applicationProcess: three('Hakeminen'),
        fees: three('Maksut'),
        eligibility: three('Edellytykset'),
        email: 'palvelu@example.fi',
        url: 'https://example.fi/palvelu',
        minAge: 0,
        maxAge: 17,
        areaMunicipalities: null,
        channels: ['visit', 'phone'],
        languages: ['fi', 'sv'],
        taxonomyTermIds: [options.serviceTypes[0]?.id ?? ''],
        serviceAtLocations: [{ id: stableUuid('sal', 'test/round-trip'), locationId: location.id }],
        phones: [
          { id: stableUuid('phone', 'test/1'), number: '017 123 4567', description: three('Ajanvaraus') },
          { id: stableUuid('phone', 'test/2'), number: '+358 44 123 4567', description: null },
        ],
        schedules: [
          {
            id: stableUuid('schedule', 'test/1'),
            byday: 'MO,TU,WE,TH,FR',
            opensAt: '08:00',
            closesAt: '16:00',
            description: three('Ajanvarauksella'),
          },
          {
            id: stableUuid('schedule', 'test/2'),
            byday: 'TU,TH',
            opensAt: '09:30',
            closesAt: '12:00',
            description: null,
          },
          {
            id: stableUuid('schedule', 'test/3'),
            byday: 'SA',
            opensAt: '10:00',
            closesAt: '23:30',
            description: null,
          },
        ],
      };
      await saveOrganizations(t.database.db, [org]);
      await saveLocations(t.database.db, [location]);
      await saveServices(t.database.db, [service]);
    });

    /** Opens the editor in the language, reads the form as a browser would and posts it back. */
    async function saveUnchanged(lang: string, entity: string, id: string) {
      const form = await page(`/${lang}/staff/catalogue/${entity}/${id}`);
      expect(form.statusCode).toBe(200);
      const csrfCookie = String(form.headers['set-cookie']).split(';')[0];
      const body = browserFormBody(form.body, formByQa('edit-form'));
      expect(body.get('_csrf')).toBeTruthy();
      const res = await t.app.inject({
        method: 'POST',
        url: `/${lang}/staff/catalogue/${entity}/${id}`,
        headers: {
          cookie: `${editor}; ${csrfCookie}`,
          accept: 'text/html',
          'content-type': 'application/x-www-form-urlencoded',
        },
        payload: body.toString(),
      });
      expect(res.statusCode, res.body.slice(0, 3000)).toBe(303);
    }

    it.each(LANGS)('a service, saved from the editor in %s', async (lang) => {
      await saveUnchanged(lang, 'services', service.id);
      const [after] = await readServiceRecords(t.database.db, { ids: [service.id] });
      expect(after?.phones.map((p) => p.description)).toEqual(service.phones.map((p) => p.description));
      expect(after?.schedules.map((x) => x.description)).toEqual(service.schedules.map((x) => x.description));
      expect(after).toEqual(service);
      const sv = await t.app.inject({ url: `/sv/services/${service.id}` });
      expect(sv.body).toContain('Ajanvaraus på svenska');
      expect(sv.body).not.toContain('Ajanvaraus suomeksi');
    });

    it.each(LANGS)('an organisation, saved from the editor in %s', async (lang) => {
      await saveUnchanged(lang, 'organizations', org.id);
      const [after] = await readOrganizationRecords(t.database.db, { ids: [org.id] });
      expect(after).toEqual(org);
    });

    it.each(LANGS)('a location, saved from the editor in %s', async (lang) => {
      await saveUnchanged(lang, 'locations', location.id);
      const [after] = await readLocationRecords(t.database.db, { ids: [location.id] });
      expect(after).toEqual(location);
    });
  });
});
