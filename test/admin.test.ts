import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stableUuid } from '../src/platform/ids.ts';
import { startTestApp, type TestApp } from './app.ts';
import { ENGINES } from './databases.ts';

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
      hours: 'TU 10:00-12:00: ilman ajanvarausta',
    });
    expect(res.statusCode, res.body.slice(0, 2000)).toBe(303);
    const id = /services\/([0-9a-f-]{36})\?done=created$/.exec(String(res.headers.location))?.[1] ?? '';
    expect(id).not.toBe('');
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
      /<td>3<\/td><td>Palautettu<\/td><td>Tiina Toimittaja<\/td><td>\d{1,2}\.\d{1,2}\.\d{4} klo \d{2}\.\d{2}<\/td>/,
    );
    expect(table).toContain('<td>1</td><td>Muokattu</td>');
  });

  it("another region's editor gets 404 for this region's service", async () => {
    const res = await page(
      `/fi/staff/catalogue/services/${serviceId}`,
      await cookieOf('pirkanmaa-toimittaja'),
    );
    expect(res.statusCode).toBe(404);
  });
});
