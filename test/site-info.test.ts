// The privacy notice, the accessibility statement and the cookie note (issue 10, finding 20), and
// the favicon (finding 23): in fi, sv and en, linked from every footer and from the form, with
// the region's own facts, and true of what the product does.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { saveRegionNotices } from '../src/features/site-info/index.ts';
import { LANGS, translations } from '../src/i18n/index.ts';
import { LOGIN_COOKIE } from '../src/platform/auth/oidc.ts';
import { SESSION_COOKIE } from '../src/platform/auth/session.ts';
import { ASK_PATHS, NOTICE_PATHS, type NoticeKind } from '../src/ui/Layout.tsx';
import { startTestApp, type TestApp, testAppConfig } from './app.ts';
import { ENGINES } from './databases.ts';

const KINDS = Object.keys(NOTICE_PATHS) as NoticeKind[];
const PIRHA = 'perheverkko.pirha.fi';
const setCookieNames = (header: string | string[] | undefined) =>
  (Array.isArray(header) ? header : header ? [header] : []).map((c) => c.split('=')[0] as string);

describe.each(ENGINES)('the notices of the site on %s', (engine) => {
  let t: TestApp;
  let staffCookie = '';

  beforeAll(async () => {
    t = await startTestApp(engine, { seedDemo: true });
    await t.app.close();
    t.app = await buildApp(
      {
        ...testAppConfig,
        sites: { hosts: { [PIRHA]: 'pirkanmaa' }, defaultRegion: 'pohjois-savo' },
        accessLogRetentionDays: 365,
      },
      t.database,
      pino({ level: 'silent' }),
    );
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/dev/session',
      payload: { username: 'neuvoja' },
    });
    staffCookie = String(res.headers['set-cookie']).split(';')[0] as string;
  });
  afterAll(async () => t?.close());

  const get = (url: string, headers: Record<string, string> = {}) =>
    t.app.inject({ url, headers: { accept: 'text/html', ...headers } });

  for (const lang of LANGS) {
    it(`${lang}: each notice answers 200 with its title, and the pages name each other in the other languages`, async () => {
      for (const kind of KINDS) {
        const res = await get(NOTICE_PATHS[kind][lang]);
        expect(res.statusCode, NOTICE_PATHS[kind][lang]).toBe(200);
        expect(res.body).toContain(`<h1>${translations(lang).notices[kind].title}</h1>`);
        for (const other of LANGS.filter((l) => l !== lang)) {
          expect(res.body).toContain(`hrefLang="${other}" href="${NOTICE_PATHS[kind][other]}"`);
        }
      }
    });

    it(`${lang}: the footer of a public page and of a staff page, and the form, link to the notices`, async () => {
      const pages = [
        (await get(`/${lang}`)).body,
        (await get(`/${lang}/staff`, { cookie: staffCookie })).body,
        (await get(ASK_PATHS[lang])).body,
      ];
      for (const body of pages) {
        const footer = body.slice(body.indexOf('<footer'));
        for (const kind of KINDS) expect(footer).toContain(`href="${NOTICE_PATHS[kind][lang]}"`);
      }
      const form = /<form[^>]*data-qa="ask-form"[\s\S]*?<\/form>/.exec(pages[2] as string)?.[0] ?? '';
      expect(form).toMatch(
        new RegExp(`data-qa="privacy-note">[^<]*(?:<!-- -->)? <a href="${NOTICE_PATHS.privacy[lang]}"`),
      );
    });
  }

  it('the privacy notice names the region as controller, with its own facts and the settings in force', async () => {
    const body = (await get('/fi/tietosuoja')).body;
    expect(body).toContain('Pohjois-Savon hyvinvointialue');
    // the demo region's facts, seeded with the demo
    expect(body).toContain('href="mailto:tietosuoja.pohjois-savo@example.fi"');
    expect(body).toContain('PL 1000, 70101 Kuopio');
    // ACCESS_LOG_RETENTION_DAYS and the session limits, as configured
    expect(body).toContain('säilytetään 365 päivää');
    expect(body).toContain('30 minuutin käyttämättömyyden jälkeen tai viimeistään 12 tunnin kuluttua');
    for (const article of [
      '6 artiklan 1 kohdan c ja e',
      '9 artiklan 2 kohdan h',
      '15 artikla',
      '16 artikla',
    ]) {
      expect(body).toContain(article);
    }
  });

  it('another region’s address shows that region as controller and none of the demo region’s facts', async () => {
    const body = (await get('/sv/dataskydd', { host: PIRHA })).body;
    expect(body).toContain('Birkalands välfärdsområde');
    expect(body).not.toContain('pohjois-savo@example.fi');
    expect(body).toContain(translations('sv').notices.notGiven);
  });

  it('a region’s stored facts and extra paragraphs appear; a fact that breaks the rules is left out alone', async () => {
    await saveRegionNotices(t.database.db, 'pirkanmaa', {
      accessibilityFeedbackEmail: 'saavutettavuus@pirha.example.fi',
      accessibilityReviewedOn: '2026-11-26',
      more: {
        accessibility: { fi: 'Saavutettavuudesta vastaa digitiimi.', en: 'The digital team answers.' },
      },
    });
    const fi = (await get('/fi/saavutettavuus', { host: PIRHA })).body;
    expect(fi).toContain('href="mailto:saavutettavuus@pirha.example.fi"');
    expect(fi).toContain('Seloste on laadittu 26.11.2026.');
    expect(fi).toContain('Saavutettavuudesta vastaa digitiimi.');
    expect(fi).toContain('Traficom');
    expect((await get('/en/accessibility', { host: PIRHA })).body).toContain('The digital team answers.');

    await t.database.db
      .updateTable('region')
      .set({
        notices: JSON.stringify({ dpoEmail: 'not an address', address: 'PL 2000, 33101 Tampere' }) as never,
      })
      .where('code', '=', 'pirkanmaa')
      .execute();
    const privacy = await get('/fi/tietosuoja', { host: PIRHA });
    expect(privacy.statusCode).toBe(200);
    expect(privacy.body).toContain('PL 2000, 33101 Tampere');
    expect(privacy.body).not.toContain('not an address');
  });

  it('the cookie note lists exactly the cookies the product sets', async () => {
    const seen = new Set<string>([
      ...setCookieNames((await get(ASK_PATHS.fi)).headers['set-cookie']),
      ...setCookieNames(
        (await t.app.inject({ method: 'POST', url: '/api/dev/session', payload: { username: 'asiakas' } }))
          .headers['set-cookie'],
      ),
      LOGIN_COOKIE, // set only on the way to an identity provider (test/oidc.test.ts)
    ]);
    expect(seen).toContain(SESSION_COOKIE);
    const body = (await get('/fi/evasteet')).body;
    const table = /<table[^>]*data-qa="cookie-table"[\s\S]*?<\/table>/.exec(body)?.[0] ?? '';
    const listed = [...table.matchAll(/<code>([^<]+)<\/code>/g)].map((m) => m[1]);
    expect(new Set(listed)).toEqual(seen);
  });

  it('serves the favicon as SVG and ICO, and every page links it', async () => {
    const svg = await t.app.inject({ url: '/favicon.svg' });
    expect(svg.statusCode).toBe(200);
    expect(svg.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(svg.body).toContain('<svg');
    const ico = await t.app.inject({ url: '/favicon.ico' });
    expect(ico.statusCode).toBe(200);
    expect(ico.headers['content-type']).toBe('image/x-icon');
    expect([...ico.rawPayload.subarray(0, 4)]).toEqual([0, 0, 1, 0]);
    for (const body of [(await get('/fi')).body, (await get('/fi/staff', { cookie: staffCookie })).body]) {
      expect(body).toContain('<link rel="icon" href="/favicon.svg" type="image/svg+xml"/>');
    }
  });
});
