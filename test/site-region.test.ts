// One installation, several regions, each at its own address (issue 10, finding 21): a family
// on one region's address meets only that region's municipalities and services, in the
// alphabetical order of the page's language, and the header names the region.
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { seedToRecords, writeRecords } from '../src/features/catalogue/seed.ts';
import { seedRegion } from '../src/features/catalogue/seed-schema.ts';
import { regionCodeForHost } from '../src/platform/http/site-region.ts';
import { ASK_PATHS } from '../src/ui/Layout.tsx';
import { startTestApp, type TestApp, testAppConfig } from './app.ts';
import { ENGINES } from './databases.ts';

const PIRHA = 'perheverkko.pirha.fi';
const SAVO = 'perheverkko.pohjois-savo.fi';
const sites = { hosts: { [PIRHA]: 'pirkanmaa', [SAVO]: 'pohjois-savo' }, defaultRegion: 'pohjois-savo' };
const TAMPERE = '837';
const KUOPIO = '297';

/** A Pirkanmaa service for Tampere's residents, so the other region has something to find. */
const pirkanmaa = seedRegion.parse({
  code: 'pirkanmaa',
  name: { fi: 'Pirkanmaan hyvinvointialue' },
  organizations: [
    {
      slug: 'pirha',
      name: { fi: 'Pirkanmaan hyvinvointialue' },
      description: { fi: 'Hyvinvointialue' },
      kind: 'region',
    },
  ],
  locations: [],
  services: [
    {
      slug: 'perheneuvola-tampere',
      organization: 'pirha',
      name: { fi: 'Tampereen perheneuvola', sv: 'Familjerådgivningen i Tammerfors' },
      summary: { fi: 'Tukea lapsiperheille Tampereella.' },
      description: { fi: 'Perheneuvola auttaa kasvatuksessa ja perheen arjessa.' },
      serviceTypes: ['PERHENEUVOLA'],
      channels: ['visit'],
      languages: ['fi'],
      area: [TAMPERE],
    },
  ],
});

/** The options of a <select name="municipality"> in page order: [code, shown name]. */
function municipalityOptions(html: string): [string, string][] {
  const select = /<select[^>]*name="municipality"[^>]*>([\s\S]*?)<\/select>/.exec(html)?.[1] ?? '';
  return [...select.matchAll(/<option value="(\d{3})"[^>]*>([^<]*)<\/option>/g)].map((m) => [
    m[1] as string,
    m[2] as string,
  ]);
}

describe('the region of an address', () => {
  it('is the configured one for the host name, in any case and with a trailing dot, else the default', () => {
    expect(regionCodeForHost(sites, PIRHA)).toBe('pirkanmaa');
    expect(regionCodeForHost(sites, 'Perheverkko.PIRHA.fi.')).toBe('pirkanmaa');
    expect(regionCodeForHost(sites, 'localhost')).toBe('pohjois-savo');
    expect(regionCodeForHost({ hosts: {}, defaultRegion: 'pirkanmaa' }, SAVO)).toBe('pirkanmaa');
  });
});

describe.each(ENGINES)('each region at its own address on %s', (engine) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(engine, { seedDemo: true });
    await t.database.db.transaction().execute((trx) => writeRecords(trx, seedToRecords(pirkanmaa)));
    await t.app.close();
    t.app = await buildApp({ ...testAppConfig, sites }, t.database, pino({ level: 'silent' }));
  });
  afterAll(async () => t?.close());

  const page = (host: string, url: string) => t.app.inject({ url, headers: { host, accept: 'text/html' } });

  it('names the region in the header, in the page language', async () => {
    expect((await page(PIRHA, '/fi')).body).toMatch(/data-qa="site-region">Pirkanmaan hyvinvointialue</);
    expect((await page(PIRHA, '/sv')).body).toMatch(/data-qa="site-region">Birkalands välfärdsområde</);
    expect((await page(SAVO, '/en/services')).body).toMatch(
      /data-qa="site-region">North Savo Wellbeing Services County</,
    );
    // any other address: the default region
    expect((await page('localhost:3000', '/fi')).body).toMatch(
      /data-qa="site-region">Pohjois-Savon hyvinvointialue</,
    );
  });

  it('names the region on error pages and on a form sent back with its problems', async () => {
    const missing = await page(PIRHA, '/fi/no-such-page');
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toMatch(/data-qa="site-region">Pirkanmaan hyvinvointialue</);

    const form = await page(PIRHA, ASK_PATHS.fi);
    const cookie = String(form.headers['set-cookie']).split(';')[0] as string;
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
    const sent = await t.app.inject({
      method: 'POST',
      url: ASK_PATHS.fi,
      headers: {
        host: PIRHA,
        accept: 'text/html',
        cookie,
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: new URLSearchParams({ _csrf: csrf, message: '' }).toString(),
    });
    expect(sent.statusCode).toBe(400);
    expect(sent.body).toMatch(/data-qa="site-region">Pirkanmaan hyvinvointialue</);
    const offered = municipalityOptions(sent.body).map(([code]) => code);
    expect(offered).toContain(TAMPERE);
    expect(offered).not.toContain(KUOPIO);
  });

  it('refuses a contact naming another region’s municipality, by the form and by the API', async () => {
    const form = await page(SAVO, ASK_PATHS.fi);
    const cookie = String(form.headers['set-cookie']).split(';')[0] as string;
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
    const fields = {
      _csrf: csrf,
      idempotencyKey: randomUUID(),
      contacter: 'parent',
      municipality: TAMPERE,
      message: 'Lapsi ei nuku.',
      replyChannel: 'status_page',
      language: 'fi',
    };
    const sent = await t.app.inject({
      method: 'POST',
      url: ASK_PATHS.fi,
      headers: {
        host: SAVO,
        accept: 'text/html',
        cookie,
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: new URLSearchParams(fields).toString(),
    });
    expect(sent.statusCode).toBe(400);
    expect(sent.body).toContain('href="#municipality"');
    const api = await t.app.inject({
      method: 'POST',
      url: '/api/contacts',
      headers: { host: SAVO, 'content-type': 'application/json' },
      payload: JSON.stringify({ ...fields, _csrf: undefined, idempotencyKey: randomUUID() }),
    });
    expect(api.statusCode, api.body).toBe(400);
    expect(api.json().error.fields).toEqual([expect.objectContaining({ field: 'municipality' })]);
    // the same municipality on its own region's address is taken
    const own = await t.app.inject({
      method: 'POST',
      url: '/api/contacts',
      headers: { host: PIRHA, 'content-type': 'application/json' },
      payload: JSON.stringify({ ...fields, _csrf: undefined, idempotencyKey: randomUUID() }),
    });
    expect(own.statusCode, own.body).toBe(201);
  });

  it('offers only the region’s own municipalities in every public picker', async () => {
    for (const url of ['/fi', '/fi/services', ASK_PATHS.fi]) {
      const onPirha = municipalityOptions((await page(PIRHA, url)).body).map(([code]) => code);
      expect(onPirha, url).toHaveLength(23);
      expect(onPirha, url).toContain(TAMPERE);
      expect(onPirha, url).not.toContain(KUOPIO);
      const onSavo = municipalityOptions((await page(SAVO, url)).body).map(([code]) => code);
      expect(onSavo, url).toHaveLength(19);
      expect(onSavo, url).toContain(KUOPIO);
      expect(onSavo, url).not.toContain(TAMPERE);
    }
  });

  it('sorts the municipalities by the page language: Swedish names in Swedish order on /sv', async () => {
    const names = async (host: string, url: string) =>
      municipalityOptions((await page(host, url)).body).map(([, name]) => name);
    expect((await names(PIRHA, '/fi/services')).slice(0, 4)).toEqual([
      'Akaa',
      'Hämeenkyrö',
      'Ikaalinen',
      'Juupajoki',
    ]);
    expect((await names(PIRHA, '/sv/services')).slice(0, 4)).toEqual([
      'Ackas',
      'Birkala',
      'Ikalis',
      'Juupajoki',
    ]);
    // Tammerfors before Tavastkyro (Hämeenkyrö) in Swedish; Ä and Ö after Z in fi and sv, with A in en
    const sv = await names(PIRHA, '/sv/services');
    expect(sv.indexOf('Tammerfors')).toBeLessThan(sv.indexOf('Tavastkyro'));
    expect(sv.at(-1)).toBe('Ylöjärvi');
    const fi = await names(PIRHA, '/fi/services');
    expect(fi.slice(fi.indexOf('Punkalaidun'), fi.indexOf('Punkalaidun') + 2)).toEqual([
      'Punkalaidun',
      'Pälkäne',
    ]);
    const en = await names(PIRHA, '/en/services');
    expect(en.slice(en.indexOf('Orivesi'), en.indexOf('Orivesi') + 3)).toEqual([
      'Orivesi',
      'Pälkäne',
      'Parkano',
    ]);
    // Pohjois-Savo: the Swedish names where they differ (Idensalmi, Jorois), otherwise as in Finnish
    expect((await names(SAVO, '/sv')).slice(0, 2)).toEqual(['Idensalmi', 'Jorois']);
    const savo = await names(SAVO, '/fi');
    expect(savo.indexOf('Kuopio')).toBeLessThan(savo.indexOf('Siilinjärvi'));
    expect(savo.indexOf('Siilinjärvi')).toBeLessThan(savo.indexOf('Varkaus'));
  });

  it('lists and finds only the region’s own services', async () => {
    const pirhaList = (await page(PIRHA, '/fi/services')).body;
    expect(pirhaList).toContain('Tampereen perheneuvola');
    expect(pirhaList).not.toContain('Kuopion perheneuvola');
    const tampere = await page(PIRHA, `/fi/services?municipality=${TAMPERE}`);
    expect(tampere.statusCode).toBe(200);
    expect(tampere.body).toContain('Tampereen perheneuvola');
    const search = (await page(PIRHA, '/fi/services?q=perheneuvola')).body;
    expect(search).toContain('Tampereen perheneuvola');
    expect(search).not.toMatch(/Kuopio|Iisalmi|Varkaus/);

    const savoList = (await page(SAVO, '/fi/services?q=perheneuvola')).body;
    expect(savoList).not.toContain('Tampereen perheneuvola');
    expect((await page(SAVO, '/fi/services')).body).not.toContain('Tampereen perheneuvola');
  });

  it('refuses another region’s municipality as a filter, naming it', async () => {
    const res = await page(PIRHA, `/fi/services?municipality=${KUOPIO}`);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain(`Tuntematon valinta: ${KUOPIO}`);
  });
});
