import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConfiguredDatabase } from '../src/bootstrap.ts';
import { runCli } from '../src/cli.ts';
import { prepareNetwork, unitSeedId } from '../src/features/network/index.ts';
import { loadConfig } from '../src/platform/config.ts';
import { stableUuid } from '../src/platform/ids.ts';
import { startTestApp, type TestApp } from './app.ts';
import { ENGINES, freshDatabaseEnv } from './databases.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const PS_ORG = stableUuid('organization', 'pohjois-savo/pohjois-savon-hyvinvointialue');
const MLL = stableUuid('organization', 'pohjois-savo/mll-pohjois-savon-piiri');
const PIRKANMAA_ORG = stableUuid('organization', 'pirkanmaa/pirkanmaan-hyvinvointialue');
const PERHENEUVOLA_SERVICE = stableUuid('service', 'pohjois-savo/perheneuvola-kuopio');
const MLL_SERVICE = stableUuid('service', 'pohjois-savo/mll-kaveritoiminta');
const KUOPIO_PN = unitSeedId('pohjois-savo', 'perheneuvola-kuopio');
const VARKAUS_PN = unitSeedId('pohjois-savo', 'perheneuvola-varkaus');
const SCARCE = [
  'THERAPLAY',
  'IHMEELLISET_VUODET',
  'PERHETERAPIA',
  'MARTE_MEO',
  'NEPSY_VALMENNUS',
  'BEARDSLEE',
  'TURVALLISUUDEN_KEHA',
];

const UNITS_HEADER =
  'code,organization,name_fi,name_sv,name_en,service_id,municipality_code,municipalities_served,languages,remote_possible,free_slots_per_week,wait_days,email';
const PROFESSIONALS_HEADER = 'code,unit_code,name,title,fte,languages,methods,remote_possible';

/** A unit body for the API, changed as asked. */
const unitBody = (changes: Record<string, unknown> = {}) => ({
  code: 'testi-yksikko',
  organizationId: PS_ORG,
  name: { fi: 'Testiyksikkö', en: 'Test unit' },
  serviceId: PERHENEUVOLA_SERVICE,
  municipalityCode: '297',
  municipalitiesServed: ['297', '749'],
  languages: ['fi', 'en'],
  remotePossible: true,
  freeSlotsPerWeek: 3,
  waitDays: 14,
  email: 'testi@example.fi',
  ...changes,
});

describe.each(ENGINES)('the network registry on %s', (engine) => {
  let t: TestApp;
  const cookies: Record<string, string> = {};

  const signIn = async (username: string) => {
    const res = await t.app.inject({ method: 'POST', url: '/api/dev/session', payload: { username } });
    expect(res.statusCode, username).toBe(200);
    return String(res.headers['set-cookie']).split(';')[0] ?? '';
  };
  const api = (who: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
    t.app.inject({
      method,
      url,
      headers: { ...(cookies[who] ? { cookie: cookies[who] } : {}), 'accept-language': 'en' },
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });
  const page = (who: string, url: string) =>
    t.app.inject({
      url,
      headers: { ...(cookies[who] ? { cookie: cookies[who] } : {}), accept: 'text/html' },
    });
  /** Posts a form as the browser would: the CSRF token of a page of ours, urlencoded. */
  async function postForm(who: string, url: string, fields: Record<string, string | string[]>) {
    const form = await page(who, '/fi/staff');
    const csrfCookie = [form.headers['set-cookie'] ?? []].flat().find((c) => c.startsWith('_csrf='));
    const token = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
    const body = new URLSearchParams({ _csrf: token });
    for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) body.append(k, x);
    return t.app.inject({
      method: 'POST',
      url,
      headers: {
        cookie: [cookies[who], csrfCookie?.split(';')[0]].filter(Boolean).join('; '),
        accept: 'text/html',
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: body.toString(),
    });
  }
  const count = async (table: 'unit' | 'professional' | 'unit_municipality' | 'professional_method') =>
    Number(
      (
        await t.database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    t = await startTestApp(engine, { seedDemo: true });
    // an administrator of another region
    const id = stableUuid('staff_user', 'demo/pirkanmaa-yllapitaja');
    await t.database.db
      .insertInto('staff_user')
      .values({
        id,
        region_id: stableUuid('region', 'pirkanmaa'),
        issuer: 'demo',
        subject: 'pirkanmaa-yllapitaja',
        name: 'Paavo Pirkkalainen',
        email: null,
        organization_id: PIRKANMAA_ORG,
        unit_id: null,
      })
      .execute();
    await t.database.db
      .insertInto('staff_role')
      .values({ staff_user_id: id, organization_id: PIRKANMAA_ORG, role: 'administrator' })
      .execute();
    for (const u of [
      'yllapitaja',
      'esihenkilo',
      'neuvoja',
      'vastaanottaja',
      'vastaanottaja-varkaus',
      'toimittaja',
      'kumppani',
      'asiakas',
      'pirkanmaa-yllapitaja',
    ])
      cookies[u] = await signIn(u);
  });
  afterAll(async () => t?.close());

  describe('the seed', () => {
    it('loads the 16 methods with Finnish and English names, the Swedish name being the Finnish one', async () => {
      const res = await api('neuvoja', 'GET', '/api/network/methods');
      expect(res.statusCode).toBe(200);
      const { methods } = res.json() as { methods: { code: string; name: Record<string, string> }[] };
      expect(methods).toHaveLength(16);
      const theraplay = methods.find((m) => m.code === 'LAPSET_PUHEEKSI');
      expect(theraplay?.name).toEqual({
        fi: 'Lapset puheeksi -keskustelu ja -neuvonpito',
        sv: 'Lapset puheeksi -keskustelu ja -neuvonpito',
        en: "Let's Talk about Children",
      });
    });

    it('gives the demo region a network across municipalities, with scarce methods in one or two units', async () => {
      const { units } = (await api('yllapitaja', 'GET', '/api/network/units')).json() as {
        units: {
          code: string;
          municipalityCode: string;
          waitDays: number | null;
          methods: string[];
          professionalCount: number;
          service: { id: string } | null;
        }[];
      };
      expect(units.length).toBeGreaterThanOrEqual(15);
      expect(units.length).toBeLessThanOrEqual(25);
      expect(units.every((u) => u.service !== null)).toBe(true);
      expect(new Set(units.map((u) => u.municipalityCode)).size).toBeGreaterThanOrEqual(5);
      const professionals = units.reduce((n, u) => n + u.professionalCount, 0);
      expect(professionals).toBeGreaterThanOrEqual(40);
      expect(professionals).toBeLessThanOrEqual(60);
      const waits = units.map((u) => u.waitDays ?? 0);
      expect(Math.min(...waits)).toBeLessThanOrEqual(5);
      expect(Math.max(...waits)).toBeGreaterThanOrEqual(30);
      expect(units.filter((u) => u.methods.includes('LAPSET_PUHEEKSI')).length).toBeGreaterThan(10);
      for (const method of SCARCE) {
        const having = units.filter((u) => u.methods.includes(method)).length;
        expect(having, method).toBeGreaterThanOrEqual(1);
        expect(having, method).toBeLessThanOrEqual(2);
      }
    });

    it('puts the demo receiving workers in their units', async () => {
      const rows = await t.database.db
        .selectFrom('staff_user')
        .select(['subject', 'unit_id'])
        .where('subject', 'in', ['vastaanottaja', 'vastaanottaja-varkaus'])
        .orderBy('subject')
        .execute();
      expect(rows).toEqual([
        { subject: 'vastaanottaja', unit_id: KUOPIO_PN },
        { subject: 'vastaanottaja-varkaus', unit_id: VARKAUS_PN },
      ]);
    });

    it('is idempotent, and leaves an edited record as it is', async () => {
      await t.database.db.updateTable('unit').set({ wait_days: 99 }).where('id', '=', VARKAUS_PN).execute();
      const before = await Promise.all([
        count('unit'),
        count('professional'),
        count('unit_municipality'),
        count('professional_method'),
      ]);
      expect(await prepareNetwork(t.database.db, { seedDemo: true })).toEqual({ units: 0, professionals: 0 });
      const after = await Promise.all([
        count('unit'),
        count('professional'),
        count('unit_municipality'),
        count('professional_method'),
      ]);
      expect(after).toEqual(before);
      const unit = await t.database.db
        .selectFrom('unit')
        .select('wait_days')
        .where('id', '=', VARKAUS_PN)
        .executeTakeFirst();
      expect(unit?.wait_days).toBe(99);
      await t.database.db.updateTable('unit').set({ wait_days: 20 }).where('id', '=', VARKAUS_PN).execute();
    });
  });

  describe('reading', () => {
    it('filters units by the municipality served and by method', async () => {
      const byMunicipality = (await api('neuvoja', 'GET', '/api/network/units?municipality=239')).json() as {
        units: { code: string; municipalitiesServed: string[] }[];
      };
      expect(byMunicipality.units.map((u) => u.code)).toContain('savogrow-suonenjoki');
      expect(byMunicipality.units.every((u) => u.municipalitiesServed.includes('239'))).toBe(true);
      const byMethod = (await api('neuvoja', 'GET', '/api/network/units?method=THERAPLAY')).json() as {
        units: { code: string }[];
      };
      expect(byMethod.units.map((u) => u.code).sort()).toEqual([
        'perheneuvola-kuopio',
        'savogrow-suonenjoki',
      ]);
    });

    it('shows a unit with its professionals, their methods, languages and FTE', async () => {
      const res = await api('vastaanottaja', 'GET', `/api/network/units/${KUOPIO_PN}`);
      expect(res.statusCode).toBe(200);
      const unit = res.json() as {
        code: string;
        professionals: {
          code: string;
          fte: number;
          languages: string[];
          methods: string[];
          staffUserId: string | null;
        }[];
      };
      expect(unit.code).toBe('perheneuvola-kuopio');
      const haddad = unit.professionals.find((p) => p.code === 'kuopio-pn-03');
      expect(haddad).toMatchObject({ fte: 0.8, languages: ['fi', 'ar', 'en'] });
      expect(haddad?.methods).toContain('BEARDSLEE');
      expect(unit.professionals.find((p) => p.code === 'kuopio-pn-06')?.staffUserId).toBe(
        stableUuid('staff_user', 'demo/vastaanottaja'),
      );
      const list = (await api('neuvoja', 'GET', `/api/network/professionals?unit=${KUOPIO_PN}`)).json() as {
        professionals: unknown[];
      };
      expect(list.professionals).toHaveLength(unit.professionals.length);
    });
  });

  describe('who may do what', () => {
    it('lets the readers read, and no one else: signed out 302, others 404', async () => {
      for (const who of ['yllapitaja', 'esihenkilo', 'neuvoja', 'vastaanottaja'])
        expect((await api(who, 'GET', '/api/network/units')).statusCode, who).toBe(200);
      for (const who of ['toimittaja', 'kumppani', 'asiakas'])
        expect((await api(who, 'GET', '/api/network/units')).statusCode, who).toBe(404);
      expect((await api('anonymous', 'GET', '/api/network/units')).statusCode).toBe(302);
      expect((await page('anonymous', '/fi/staff/network')).statusCode).toBe(302);
      expect((await page('anonymous', '/fi/staff/network')).headers.location).toBe(
        '/fi/sign-in?next=%2Ffi%2Fstaff%2Fnetwork',
      );
    });

    it('keeps the counsellor read-only', async () => {
      expect((await api('neuvoja', 'POST', '/api/network/units', unitBody())).statusCode).toBe(404);
      expect(
        (await api('neuvoja', 'PUT', `/api/network/units/${KUOPIO_PN}/capacity`, { freeSlotsPerWeek: 1 }))
          .statusCode,
      ).toBe(404);
      expect((await page('neuvoja', '/fi/staff/network/import')).statusCode).toBe(404);
      const unitPage = await page('neuvoja', `/fi/staff/network/units/${KUOPIO_PN}`);
      expect(unitPage.statusCode).toBe(200);
      expect(unitPage.body).not.toContain('data-qa="unit-form"');
      expect(unitPage.body).not.toContain('data-qa="capacity-form"');
      expect(unitPage.body).toContain('data-qa="unit-details"');
    });

    it("answers another region's records 404 and shows that region only its own", async () => {
      const other = 'pirkanmaa-yllapitaja';
      expect((await api(other, 'GET', `/api/network/units/${KUOPIO_PN}`)).statusCode).toBe(404);
      expect(
        (
          await api(
            other,
            'PUT',
            `/api/network/units/${KUOPIO_PN}`,
            unitBody({ code: 'perheneuvola-kuopio' }),
          )
        ).statusCode,
      ).toBe(404);
      expect(
        (await api(other, 'PUT', `/api/network/units/${KUOPIO_PN}/capacity`, { freeSlotsPerWeek: 1 }))
          .statusCode,
      ).toBe(404);
      const professional = stableUuid('professional', 'pohjois-savo/kuopio-pn-01');
      expect((await api(other, 'GET', `/api/network/professionals/${professional}`)).statusCode).toBe(404);
      expect((await page(other, `/fi/staff/network/units/${KUOPIO_PN}`)).statusCode).toBe(404);
      expect(((await api(other, 'GET', '/api/network/units')).json() as { units: unknown[] }).units).toEqual(
        [],
      );
      // the other region's organisations are not choices here either
      const res = await api(
        'yllapitaja',
        'POST',
        '/api/network/units',
        unitBody({ organizationId: PIRKANMAA_ORG }),
      );
      expect(res.statusCode).toBe(400);
      expect(
        (res.json() as { error: { fields: { field: string; code: string }[] } }).error.fields,
      ).toContainEqual(
        expect.objectContaining({ field: 'organizationId', code: 'network.unknown_organization' }),
      );
    });

    it("lets a receiving worker update their own unit's capacity, not another's", async () => {
      const own = await api('vastaanottaja', 'PUT', `/api/network/units/${KUOPIO_PN}/capacity`, {
        freeSlotsPerWeek: 7,
        waitDays: 9,
      });
      expect(own.statusCode).toBe(200);
      expect(own.json()).toMatchObject({ freeSlotsPerWeek: 7, waitDays: 9 });
      const other = await api('vastaanottaja', 'PUT', `/api/network/units/${VARKAUS_PN}/capacity`, {
        freeSlotsPerWeek: 7,
      });
      expect(other.statusCode).toBe(404);
      const bad = await api('vastaanottaja', 'PUT', `/api/network/units/${KUOPIO_PN}/capacity`, {
        freeSlotsPerWeek: -1,
        waitDays: 400,
      });
      expect(bad.statusCode).toBe(400);
      expect((bad.json() as { error: { fields: { field: string; code: string }[] } }).error.fields).toEqual([
        expect.objectContaining({ field: 'freeSlotsPerWeek', code: 'network.invalid_slots' }),
        expect.objectContaining({ field: 'waitDays', code: 'network.invalid_wait' }),
      ]);
      // the manager may, the unit's waiting time unknown
      const manager = await api('esihenkilo', 'PUT', `/api/network/units/${VARKAUS_PN}/capacity`, {
        freeSlotsPerWeek: 2,
        waitDays: null,
      });
      expect(manager.statusCode).toBe(200);
      expect(manager.json()).toMatchObject({ freeSlotsPerWeek: 2, waitDays: null });
      await api('esihenkilo', 'PUT', `/api/network/units/${VARKAUS_PN}/capacity`, {
        freeSlotsPerWeek: 2,
        waitDays: 20,
      });
    });
  });

  describe('units and professionals through the API', () => {
    let unitId = '';

    it('creates a unit with the municipalities it serves', async () => {
      const res = await api('yllapitaja', 'POST', '/api/network/units', unitBody());
      expect(res.statusCode).toBe(201);
      const unit = res.json() as { id: string; municipalitiesServed: string[]; service: { id: string } };
      unitId = unit.id;
      expect(unit).toMatchObject({
        code: 'testi-yksikko',
        municipalitiesServed: ['297', '749'],
        languages: ['fi', 'en'],
        freeSlotsPerWeek: 3,
        waitDays: 14,
        active: true,
        service: { id: PERHENEUVOLA_SERVICE },
      });
    });

    it('refuses a taken code, unknown municipalities and languages, and a service of another organisation', async () => {
      const taken = await api('esihenkilo', 'POST', '/api/network/units', unitBody());
      expect(taken.statusCode).toBe(400);
      expect((taken.json() as { error: { fields: { field: string; code: string }[] } }).error.fields).toEqual(
        [expect.objectContaining({ field: 'code', code: 'network.code_taken' })],
      );
      const res = await api(
        'esihenkilo',
        'POST',
        '/api/network/units',
        unitBody({
          code: 'toinen-testi',
          organizationId: MLL,
          municipalitiesServed: ['297', '999'],
          languages: ['fi', 'xx'],
        }),
      );
      expect(res.statusCode).toBe(400);
      const fields = (res.json() as { error: { fields: { field: string; code: string; message: string }[] } })
        .error.fields;
      expect(fields.map((f) => [f.field, f.code])).toEqual([
        ['serviceId', 'network.service_of_other_organization'],
        ['municipalitiesServed', 'network.unknown_municipality'],
        ['languages', 'network.unknown_language'],
      ]);
      expect(fields[1]?.message).toBe('The region has no municipality with the code 999.');
      const shape = await api('esihenkilo', 'POST', '/api/network/units', {
        ...unitBody({ code: 'x' }),
        freeSlotsPerWeek: 2000,
        email: 'not an address',
      });
      expect(shape.statusCode).toBe(400);
      expect(
        (shape.json() as { error: { fields: { field: string; code: string }[] } }).error.fields.map(
          (f) => f.code,
        ),
      ).toEqual(
        expect.arrayContaining(['network.invalid_code', 'network.invalid_slots', 'network.invalid_email']),
      );
    });

    it('updates a unit (a manager), and takes it out of use', async () => {
      const res = await api(
        'esihenkilo',
        'PUT',
        `/api/network/units/${unitId}`,
        unitBody({
          organizationId: MLL,
          serviceId: MLL_SERVICE,
          municipalitiesServed: ['140'],
          active: false,
        }),
      );
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        organization: { id: MLL },
        municipalitiesServed: ['140'],
        active: false,
      });
      const list = (await api('esihenkilo', 'GET', '/api/network/units')).json() as {
        units: { id: string }[];
      };
      expect(list.units.map((u) => u.id)).not.toContain(unitId);
      const all = (await api('esihenkilo', 'GET', '/api/network/units?includeInactive=true')).json() as {
        units: { id: string }[];
      };
      expect(all.units.map((u) => u.id)).toContain(unitId);
    });

    it('creates and updates a professional with methods, languages and FTE', async () => {
      const body = {
        code: 'testi-ammattilainen',
        unitId,
        name: 'Testi Ammattilainen',
        title: 'psykologi',
        fte: 0.75,
        languages: ['fi', 'so'],
        methods: ['theraplay', 'MARTE_MEO'],
        remotePossible: true,
      };
      const created = await api('yllapitaja', 'POST', '/api/network/professionals', body);
      expect(created.statusCode).toBe(201);
      const p = created.json() as { id: string };
      expect(p).toMatchObject({
        fte: 0.75,
        languages: ['fi', 'so'],
        methods: ['MARTE_MEO', 'THERAPLAY'],
        active: true,
      });
      const updated = await api('yllapitaja', 'PUT', `/api/network/professionals/${p.id}`, {
        ...body,
        fte: 1.2,
        methods: [],
        active: false,
      });
      expect(updated.statusCode).toBe(200);
      expect(updated.json()).toMatchObject({ fte: 1.2, methods: [], active: false });
      const bad = await api('yllapitaja', 'POST', '/api/network/professionals', {
        ...body,
        code: 'toinen',
        fte: 2,
      });
      expect(bad.statusCode).toBe(400);
      expect(
        (bad.json() as { error: { fields: { field: string; code: string; message: string }[] } }).error
          .fields,
      ).toEqual([
        { field: 'fte', code: 'network.invalid_fte', message: 'Must be a number between 0.1 and 1.5.' },
      ]);
      const unknown = await api('yllapitaja', 'POST', '/api/network/professionals', {
        ...body,
        code: 'toinen',
        methods: ['NOT_A_METHOD'],
      });
      expect(unknown.statusCode).toBe(400);
      expect(
        (unknown.json() as { error: { fields: { field: string; code: string }[] } }).error.fields,
      ).toEqual([expect.objectContaining({ field: 'methods', code: 'network.unknown_method' })]);
    });

    it('lists every route in the OpenAPI description', async () => {
      const doc = (await t.app.inject('/api/openapi.json')).json() as { paths: Record<string, unknown> };
      for (const path of [
        '/api/network/methods',
        '/api/network/units',
        '/api/network/units/{id}',
        '/api/network/units/{id}/capacity',
        '/api/network/professionals',
        '/api/network/professionals/{id}',
        '/api/network/import',
      ])
        expect(Object.keys(doc.paths), path).toContain(path);
    });
  });

  describe('the staff pages', () => {
    it('show the units with capacity and wait in fi, sv and en, the editing tools only to editors', async () => {
      for (const lang of ['fi', 'sv', 'en']) {
        const res = await page('esihenkilo', `/${lang}/staff/network`);
        expect(res.statusCode, lang).toBe(200);
        expect(res.body).toContain(`<html lang="${lang}"`);
        expect(res.body).toContain('data-qa="unit-perheneuvola-kuopio"');
        expect(res.body).toContain('data-qa="new-unit"');
      }
      const fi = await page('neuvoja', '/fi/staff/network?municipality=915');
      expect(fi.body).toContain('odotus 20 arkipäivää');
      expect(fi.body).toContain('2 vapaata ensikäyntiaikaa / vko');
      expect(fi.body).not.toContain('data-qa="new-unit"');
      expect(fi.body).not.toContain('data-qa="unit-perheneuvola-kuopio"');
      // a method name with no Swedish name is marked Finnish on the Swedish page
      const sv = await page('neuvoja', `/sv/staff/network/units/${KUOPIO_PN}`);
      expect(sv.body).toContain('<span lang="fi">Lapset puheeksi -keskustelu ja -neuvonpito</span>');
    });

    it('let an administrator create a unit and a professional through the forms', async () => {
      const created = await postForm('yllapitaja', '/fi/staff/network/units', {
        code: 'lomake-yksikko',
        organization: PS_ORG,
        name_fi: 'Lomakkeen yksikkö',
        service_id: PERHENEUVOLA_SERVICE,
        municipality_code: '749',
        municipalities_served: ['749', '204'],
        languages: ['fi'],
        remote_possible: 'true',
        free_slots_per_week: '2',
        wait_days: '',
        email: '',
        active: 'true',
      });
      expect(created.statusCode).toBe(303);
      const location = String(created.headers.location);
      expect(location).toMatch(/^\/fi\/staff\/network\/units\/[0-9a-f-]{36}\?done=created$/);
      const shown = await page('yllapitaja', location);
      expect(shown.body).toContain('data-qa="flash"');
      const unit = await t.database.db
        .selectFrom('unit')
        .select(['id', 'wait_days', 'remote_possible'])
        .where('code', '=', 'lomake-yksikko')
        .executeTakeFirstOrThrow();
      expect(unit).toMatchObject({ wait_days: null, remote_possible: true });

      const newForm = await page('yllapitaja', `/fi/staff/network/professionals/new?unit=${unit.id}`);
      expect(newForm.statusCode).toBe(200);
      expect(newForm.body).toMatch(/<option value="lomake-yksikko" selected="">/);
      const professional = await postForm('yllapitaja', '/fi/staff/network/professionals', {
        code: 'lomake-ammattilainen',
        unit_code: 'lomake-yksikko',
        name: 'Lomake Ammattilainen',
        title: 'perheneuvoja',
        fte: '0,5',
        languages: ['fi', 'sv'],
        methods: ['LAPSET_PUHEEKSI'],
        active: 'true',
      });
      expect(professional.statusCode).toBe(303);
      const stored = await t.database.db
        .selectFrom('professional')
        .select(['fte', 'remote_possible'])
        .where('code', '=', 'lomake-ammattilainen')
        .executeTakeFirstOrThrow();
      expect(Number(stored.fte)).toBe(0.5);
      expect(stored.remote_possible).toBe(false);
    });

    it('answer a bad form with 400, each problem beside its field, what was typed kept', async () => {
      const res = await postForm('yllapitaja', '/fi/staff/network/units', {
        code: 'huono koodi',
        organization: PS_ORG,
        name_fi: '',
        municipality_code: '297',
        municipalities_served: ['297'],
        languages: ['fi'],
        free_slots_per_week: 'paljon',
        wait_days: '5',
      });
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('data-qa="error-summary"');
      expect(res.body).toContain('id="code-error"');
      expect(res.body).toContain('id="name_fi-error"');
      expect(res.body).toContain('id="free_slots_per_week-error"');
      expect(res.body).toContain('value="huono koodi"');
      expect(res.body).toMatch(/id="free_slots_per_week"[^>]*aria-invalid="true"/);
      const professional = await postForm('yllapitaja', '/fi/staff/network/professionals', {
        code: 'p-1',
        unit_code: 'perheneuvola-kuopio',
        name: 'Nimi',
        fte: '3',
        languages: ['fi'],
      });
      expect(professional.statusCode).toBe(400);
      expect(professional.body).toContain('Anna luku väliltä 0,1–1,5.');
    });

    it("give the unit's own receiving worker the capacity form", async () => {
      const own = await page('vastaanottaja', `/fi/staff/network/units/${KUOPIO_PN}`);
      expect(own.body).toContain('data-qa="capacity-form"');
      expect(own.body).not.toContain('data-qa="unit-form"');
      const other = await page('vastaanottaja', `/fi/staff/network/units/${VARKAUS_PN}`);
      expect(other.body).not.toContain('data-qa="capacity-form"');
      const saved = await postForm('vastaanottaja', `/fi/staff/network/units/${KUOPIO_PN}/capacity`, {
        free_slots_per_week: '5',
        wait_days: '30',
      });
      expect(saved.statusCode).toBe(303);
      expect(saved.headers.location).toBe(`/fi/staff/network/units/${KUOPIO_PN}?done=capacity`);
      const unit = await t.database.db
        .selectFrom('unit')
        .select(['free_slots_per_week', 'wait_days'])
        .where('id', '=', KUOPIO_PN)
        .executeTakeFirstOrThrow();
      expect(unit).toEqual({ free_slots_per_week: 5, wait_days: 30 });
      const bad = await postForm('vastaanottaja', `/fi/staff/network/units/${KUOPIO_PN}/capacity`, {
        free_slots_per_week: '',
        wait_days: 'pian',
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toContain('id="wait_days-error"');
      const refused = await postForm('vastaanottaja', `/fi/staff/network/units/${VARKAUS_PN}/capacity`, {
        free_slots_per_week: '5',
      });
      expect(refused.statusCode).toBe(404);
    });
  });

  describe('CSV import', () => {
    const units = [
      UNITS_HEADER,
      'csv-perheneuvola-siilinjarvi,Pohjois-Savon hyvinvointialue,Perheneuvolan Siilinjärven toimipiste,,,Kuopion perheneuvola,749,749 204 857,fi en,true,2,15,pn.siilinjarvi@example.fi',
      `puheterapia-kuopio,Pohjois-Savon hyvinvointialue,"Lasten puheterapia, Kuopio","Talterapi för barn, Kuopio","Speech and language therapy for children, Kuopio",${stableUuid('service', 'pohjois-savo/lasten-puheterapia')},297,297 749 204 857,fi sv,false,2,40,puheterapia.kuopio@example.fi`,
    ].join('\n');
    const professionals = [
      PROFESSIONALS_HEADER,
      'csv-01,csv-perheneuvola-siilinjarvi,Seija Siilinjärvi,psykologi,1,fi en,LAPSET_PUHEEKSI THERAPLAY,true',
      'csv-02,csv-perheneuvola-siilinjarvi,Sami Siilinjärvi,sosiaalityöntekijä,"0,6",fi,,false',
      'puhe-kuopio-03,puheterapia-kuopio,Veera Pitkänen,puheterapeutti,0.8,fi,,false',
    ].join('\n');

    it('imports units and professionals, upserting by code', async () => {
      const res = await api('yllapitaja', 'POST', '/api/network/import', { units, professionals });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({
        units: { created: 1, updated: 1, unchanged: 0 },
        professionals: { created: 2, updated: 1, unchanged: 0 },
      });
      const unit = (await api('yllapitaja', 'GET', '/api/network/units?municipality=857')).json() as {
        units: { code: string; service: { id: string }; fte: number; methods: string[] }[];
      };
      const siilinjarvi = unit.units.find((u) => u.code === 'csv-perheneuvola-siilinjarvi');
      expect(siilinjarvi).toMatchObject({ service: { id: PERHENEUVOLA_SERVICE }, fte: 1.6 });
      expect(siilinjarvi?.methods).toEqual(['LAPSET_PUHEEKSI', 'THERAPLAY']);
      const puhe = await t.database.db
        .selectFrom('unit')
        .select('wait_days')
        .where('code', '=', 'puheterapia-kuopio')
        .executeTakeFirstOrThrow();
      expect(puhe.wait_days).toBe(40);
    });

    it('changes nothing when the same files come again', async () => {
      const before = await t.database.db
        .selectFrom('unit')
        .select(['code', 'updated_at'])
        .orderBy('code')
        .execute();
      const res = await api('esihenkilo', 'POST', '/api/network/import', {
        units: units
          .replaceAll(',', ';')
          .replace('"Lasten puheterapia; Kuopio"', '"Lasten puheterapia, Kuopio"')
          .replace('"Talterapi för barn; Kuopio"', '"Talterapi för barn, Kuopio"')
          .replace(
            '"Speech and language therapy for children; Kuopio"',
            '"Speech and language therapy for children, Kuopio"',
          ),
        professionals,
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({
        units: { created: 0, updated: 0, unchanged: 2 },
        professionals: { created: 0, updated: 0, unchanged: 3 },
      });
      const after = await t.database.db
        .selectFrom('unit')
        .select(['code', 'updated_at'])
        .orderBy('code')
        .execute();
      expect(after).toEqual(before);
    });

    const badUnits = [
      UNITS_HEADER,
      'ok-unit,Pohjois-Savon hyvinvointialue,Kelvollinen yksikkö,,,,297,297,fi,false,1,,',
      'bad code!,Tuntematon organisaatio,,,,,999,297 998,fi xx,maybe,-1,400,not-an-email',
      'short,row',
    ].join('\n');
    const badProfessionals = [
      PROFESSIONALS_HEADER,
      'p-ok,ok-unit,Testi Henkilö,psykologi,1,fi,LAPSET_PUHEEKSI,false',
      'p-bad,no-such-unit,,psykologi,2,fi,NOT_A_METHOD,true',
      'p-ok,ok-unit,Kaksoiskappale,,0.5,fi,,false',
    ].join('\n');
    const expectedFields = [
      ['units.3.code', 'network.invalid_code'],
      ['units.3.organization', 'network.unknown_organization'],
      ['units.3.name_fi', 'network.required'],
      ['units.3.municipality_code', 'network.unknown_municipality'],
      ['units.3.municipalities_served', 'network.unknown_municipality'],
      ['units.3.languages', 'network.unknown_language'],
      ['units.3.remote_possible', 'network.invalid_boolean'],
      ['units.3.free_slots_per_week', 'network.invalid_slots'],
      ['units.3.wait_days', 'network.invalid_wait'],
      ['units.3.email', 'network.invalid_email'],
      ['units.4', 'network.csv_column_count'],
      ['professionals.3.unit_code', 'network.unknown_unit'],
      ['professionals.3.name', 'network.required'],
      ['professionals.3.fte', 'network.invalid_fte'],
      ['professionals.3.methods', 'network.unknown_method'],
      ['professionals.4.code', 'network.duplicate_code'],
    ];

    it('rejects a bad file whole, with every problem by row and column, writing nothing', async () => {
      const before = await Promise.all([
        count('unit'),
        count('professional'),
        count('unit_municipality'),
        count('professional_method'),
      ]);
      const res = await api('yllapitaja', 'POST', '/api/network/import', {
        units: badUnits,
        professionals: badProfessionals,
      });
      expect(res.statusCode).toBe(400);
      const error = (
        res.json() as {
          error: {
            code: string;
            message: string;
            fields: { field: string; code: string; message: string }[];
          };
        }
      ).error;
      expect(error.code).toBe('network.import_invalid');
      expect(error.message).toBe('The files have 16 problems. Nothing was saved.');
      expect(error.fields.map((f) => [f.field, f.code])).toEqual(expectedFields);
      expect(error.fields.find((f) => f.field === 'professionals.3.fte')?.message).toBe(
        'Must be a number between 0.1 and 1.5.',
      );
      const after = await Promise.all([
        count('unit'),
        count('professional'),
        count('unit_municipality'),
        count('professional_method'),
      ]);
      expect(after).toEqual(before);
      expect(
        await t.database.db.selectFrom('unit').select('id').where('code', '=', 'ok-unit').execute(),
      ).toEqual([]);
    });

    it('shows the problems on the import page by row and column, the pasted text kept', async () => {
      const form = await page('esihenkilo', '/fi/staff/network/import');
      expect(form.statusCode).toBe(200);
      const res = await postForm('esihenkilo', '/fi/staff/network/import', {
        units: badUnits,
        professionals: badProfessionals,
      });
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('Tiedostoissa on 16 virhettä. Mitään ei tallennettu.');
      expect(res.body).toContain('Ammattilaiset, rivi 3, sarake fte: Anna luku väliltä 0,1–1,5.');
      expect(res.body).toContain(
        'Yksiköt, rivi 3, sarake municipalities_served: Alueella ei ole kuntaa, jonka koodi on 998.',
      );
      expect(res.body).toContain('Yksiköt, rivi 4: Rivillä on 2 saraketta, otsikkorivillä 13.');
      expect(res.body).toContain('p-bad,no-such-unit');
      const empty = await postForm('esihenkilo', '/en/staff/network/import', {
        units: '',
        professionals: ' ',
      });
      expect(empty.statusCode).toBe(400);
      expect(empty.body).toContain('Paste the contents of at least one CSV file.');
      const good = await postForm('esihenkilo', '/en/staff/network/import', { units, professionals: '' });
      expect(good.statusCode).toBe(200);
      expect(good.body).toContain('Units: 0 new, 0 updated, 2 unchanged');
    });

    it('names a missing or unknown column on the header row', async () => {
      const res = await api('yllapitaja', 'POST', '/api/network/import', {
        professionals: 'code,unit_code,name,title,ftee,languages,methods,remote_possible\nx,y,z,,1,fi,,false',
      });
      expect(res.statusCode).toBe(400);
      expect(
        (res.json() as { error: { fields: { field: string; code: string }[] } }).error.fields.map((f) => [
          f.field,
          f.code,
        ]),
      ).toEqual([
        ['professionals.1', 'network.csv_missing_column'],
        ['professionals.1.ftee', 'network.csv_unknown_column'],
      ]);
    });

    it('imports the example files of docs/network-examples', async () => {
      const res = await api('yllapitaja', 'POST', '/api/network/import', {
        units: readFileSync(join(ROOT, 'docs/network-examples/units.csv'), 'utf8'),
        professionals: readFileSync(join(ROOT, 'docs/network-examples/professionals.csv'), 'utf8'),
      });
      expect(res.statusCode, res.body).toBe(200);
    });
  });
});

describe.each(ENGINES)('npm run cli -- import network on %s', (engine) => {
  const work = mkdtempSync(join(tmpdir(), 'perheverkko-network-'));
  let database: Awaited<ReturnType<typeof freshDatabaseEnv>>;
  const cli = async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(argv, {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
      env: { ...database.env, LOG_LEVEL: 'silent' },
    });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };

  beforeAll(async () => {
    database = await freshDatabaseEnv(engine);
  });
  afterAll(async () => {
    await database?.drop();
    rmSync(work, { recursive: true, force: true });
  });

  it('imports the files into the seeded region, and refuses a bad file listing each problem', async () => {
    const seeded = await cli('seed');
    expect(seeded.code, seeded.err).toBe(0);
    expect(seeded.out).toContain('22 units, 56 professionals added');
    const examples = join(ROOT, 'docs/network-examples');
    const first = await cli(
      'import',
      'network',
      join(examples, 'units.csv'),
      join(examples, 'professionals.csv'),
    );
    expect(first.code, first.err).toBe(0);
    expect(first.out).toContain('imported the network of pohjois-savo');
    expect(first.out).toMatch(/units: 1 created, 1 updated, 0 unchanged/);
    const again = await cli(
      'import',
      'network',
      join(examples, 'units.csv'),
      join(examples, 'professionals.csv'),
    );
    expect(again.out).toMatch(/units: 0 created, 0 updated, 2 unchanged/);
    expect(again.out).toMatch(/professionals: 0 created, 0 updated, 3 unchanged/);

    const bad = join(work, 'professionals.csv');
    writeFileSync(
      bad,
      `${PROFESSIONALS_HEADER}\nx-1,perheneuvola-kuopio,Nimi,,7,fi,,false\nx-2,perheneuvola-kuopio,Nimi,,1,zz,,false\n`,
    );
    const refused = await cli('import', 'network', join(examples, 'units.csv'), bad);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('Professionals, row 2, column fte: Must be a number between 0.1 and 1.5.');
    expect(refused.err).toContain('Professionals, row 3, column languages: Unknown language code zz.');
    const db = await openConfiguredDatabase(loadConfig({ ...database.env, LOG_LEVEL: 'silent' }));
    try {
      expect(
        await db.db.selectFrom('professional').select('id').where('code', 'in', ['x-1', 'x-2']).execute(),
      ).toEqual([]);
    } finally {
      await db.close();
    }
  });
});
