// The metrics page, API, CSV and refresh in the whole application (issue 13, capability 13):
// who may read them (managers, administrators, municipality contact persons; 404 for everyone
// else), the region always the actor's own, the period and municipality checked beside the
// field, every figure a figure + caption + table, nothing that opens a contact, and the CSV
// with the same marks and no free text.
import { parseHTML } from 'linkedom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricsCsv, metricsCsvName } from '../../src/features/metrics/csv.ts';
import { createSession } from '../../src/platform/auth/session.ts';
import { stableUuid } from '../../src/platform/ids.ts';
import { helsinkiDate } from '../../src/platform/working-days.ts';
import { startTestApp, type TestApp } from '../app.ts';
import { ENGINES } from '../databases.ts';
import { browserFormEntries } from '../form-data.ts';
import { fixtureReport } from './fixture.ts';
import { renderMetrics } from './render.ts';

const PIRKANMAA_REGION = stableUuid('region', 'pirkanmaa');
const PIRKANMAA_ORG = stableUuid('organization', 'pirkanmaa/pirkanmaan-hyvinvointialue');
const THIS_MONTH = helsinkiDate(new Date()).slice(0, 7);
const THIS_YEAR = THIS_MONTH.slice(0, 4);

/** Every figure of a page: a <figure> with a <figcaption> and a table with caption and headers. */
function figuresOf(html: string) {
  const { document } = parseHTML(html);
  return [...document.querySelectorAll('figure')].map((f) => ({
    qa: f.getAttribute('data-qa'),
    caption: f.querySelector('figcaption')?.textContent ?? '',
    table: !!f.querySelector('table > caption') && f.querySelectorAll('th[scope="col"]').length >= 2,
    rowHeaders: f.querySelectorAll('th[scope="row"]').length,
    svg: f.querySelector('svg[role="img"][aria-label]') !== null,
    anySvg: f.querySelector('svg') !== null,
  }));
}

describe('the metrics page with the hand-made report', () => {
  it('makes every figure a figure with a caption holding its summary and n, and a table', () => {
    const html = renderMetrics('fi', fixtureReport());
    const figures = figuresOf(html);
    expect(figures.length).toBeGreaterThanOrEqual(20);
    for (const f of figures) {
      expect(f.caption.length, `${f.qa}`).toBeGreaterThan(10);
      expect(f.table, `${f.qa}`).toBe(true);
      expect(f.rowHeaders, `${f.qa}`).toBeGreaterThan(0);
      // a drawn chart always says what it shows
      if (f.anySvg) expect(f.svg, `${f.qa}`).toBe(true);
    }
    // a hidden share is said to be hidden, not put into the sentence
    expect(figures.find((f) => f.qa === 'figure-gotHelp')?.caption).toContain(
      'Osuutta ei näytetä (..); katso merkinnät.',
    );
    const within = figures.find((f) => f.qa === 'figure-withinPromise');
    expect(within?.caption).toContain(
      '86\u00a0% sai ensivastauksen luvatussa ajassa; tavoite on 90\u00a0%. n = 1\u00a0812',
    );
  });

  it('formats the figures the page language’s way and keeps the marks', () => {
    const fi = renderMetrics('fi', fixtureReport());
    // a no-break space between the thousands and before the per cent sign
    expect(fi).toContain('1\u00a0234');
    expect(fi).toContain('86\u00a0%');
    expect(fi).toContain('33,3');
    expect(fi).toContain('<td class="num">&lt;5</td>');
    expect(fi).toContain('<td class="num">..</td>');
    expect(fi).toContain('Tavoite 90&#160;%'); // inside the SVG
    expect(fi).toContain('Koko alue 33,3');
    expect(fi).toContain('31.12.2025');
    expect(fi).toContain('arvio');
    expect(fi).toContain('26.11.2026 klo 9.12');
    const en = renderMetrics('en', fixtureReport({ lang: 'en' }));
    expect(en).toContain('86%');
    expect(en).toContain('1,234');
    expect(en).toContain('26.11.2026 at 9.12');
    const sv = renderMetrics('sv', fixtureReport({ lang: 'sv' }));
    expect(sv).toContain('86\u00a0%');
    expect(sv).toContain('26.11.2026 kl. 9.12');
  });

  it('escapes markup in a label, in the chart and the table', () => {
    const html = renderMetrics('fi', fixtureReport());
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('Lastensuojelu &lt;script&gt;');
  });

  it('draws a hidden cell as no bar with its mark, and grows a chart of many rows in height', () => {
    const { document } = parseHTML(renderMetrics('fi', fixtureReport()));
    const svg = document.querySelector('[data-qa="figure-byMunicipality"] svg');
    const texts = [...(svg?.querySelectorAll('text') ?? [])].map((t) => t.textContent);
    expect(texts).toContain('<5');
    expect(texts).toContain('..');
    // 22 municipalities: 20 bars drawn with a value, none for the hidden two
    const bars = svg?.querySelectorAll('rect') ?? [];
    expect(bars.length).toBe(20);
    const viewBox = svg?.getAttribute('viewBox')?.split(' ').map(Number) ?? [];
    expect(viewBox[3]).toBeGreaterThan(22 * 20);
    // no inline style (the CSP forbids it), no fixed size
    expect(svg?.querySelector('style')).toBeNull();
    expect(svg?.hasAttribute('width')).toBe(false);
  });

  it('writes one CSV row per figure cell with the same marks and no free text', () => {
    const report = fixtureReport();
    const csv = metricsCsv(report, 'fi');
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    expect(lines[0]).toBe('group,figure,breakdown_key,label,value,n,unit,period,municipality');
    expect(csv).toContain('contacts,byMunicipality,297,Kuopio,1234,,count,2026-01/2026-11,region');
    expect(csv).toContain('contacts,byMunicipality,140,Iisalmi,<5,,count');
    expect(csv).toContain('contacts,byMunicipality,915,Varkaus,..,,count');
    expect(csv).toContain('response,withinPromise,total,Yhteensä,86,1812,percent');
    expect(csv).toContain('perThousand,perThousand,region,Koko alue,33.3,1500,per_thousand');
    expect(metricsCsvName(report)).toBe('perheverkko-mittarit-2026-01-2026-11.csv');
    // only these columns: no free text, nothing that names a contact
    for (const line of lines.slice(1)) expect(line.split(',').length).toBeGreaterThanOrEqual(9);
    expect(csv).not.toMatch(/contact_id|reference|message/i);
  });
});

describe.each(ENGINES)('the metrics in the application on %s', (engine) => {
  let t: TestApp;
  const cookies: Record<string, string> = {};
  const get = (url: string, who?: string) =>
    t.app.inject({ url, headers: who ? { cookie: cookies[who] as string } : {} });

  beforeAll(async () => {
    t = await startTestApp(engine, { seedDemo: true });
    for (const u of [
      'esihenkilo',
      'yllapitaja',
      'kunta',
      'neuvoja',
      'kumppani',
      'vastaanottaja',
      'asiakas',
    ]) {
      const res = await t.app.inject({ method: 'POST', url: '/api/dev/session', payload: { username: u } });
      expect(res.statusCode, u).toBe(200);
      cookies[u] = String(res.headers['set-cookie']).split(';')[0] as string;
    }
    // a manager of another region
    const other = stableUuid('staff_user', 'test/pirkanmaa-manager');
    const db = t.database.db;
    await db
      .insertInto('staff_user')
      .values({
        id: other,
        region_id: PIRKANMAA_REGION,
        issuer: 'test',
        subject: 'pirkanmaa-manager',
        name: 'Pia Pirkanmaa',
        email: null,
        organization_id: PIRKANMAA_ORG,
        unit_id: null,
      })
      .execute();
    await db
      .insertInto('staff_role')
      .values({ staff_user_id: other, organization_id: PIRKANMAA_ORG, role: 'manager' })
      .execute();
    cookies.other = `pv_session=${await createSession(db, { kind: 'staff', staffUserId: other })}`;
  });
  afterAll(async () => t?.close());

  it('shows the page to managers, administrators and municipality contact persons in fi, sv and en', async () => {
    for (const who of ['esihenkilo', 'yllapitaja', 'kunta']) {
      for (const lang of ['fi', 'sv', 'en']) {
        const res = await get(`/${lang}/staff/metrics`, who);
        expect(res.statusCode, `${who} ${lang}`).toBe(200);
        const figures = figuresOf(res.body);
        expect(figures.length, `${who} ${lang}`).toBeGreaterThanOrEqual(20);
        for (const f of figures) expect(f.table && f.caption.length > 0, `${who} ${lang} ${f.qa}`).toBe(true);
        // the navigation has the section
        expect(res.body).toContain('data-qa="nav-metrics"');
        // nothing on the page opens a contact
        expect(res.body).not.toMatch(/href="[^"]*\/staff\/contacts/);
      }
    }
  });

  it('offers the refresh to managers and administrators, not to the contact person', async () => {
    expect((await get('/fi/staff/metrics', 'esihenkilo')).body).toContain('data-qa="metrics-refresh"');
    expect((await get('/fi/staff/metrics', 'yllapitaja')).body).toContain('data-qa="metrics-refresh"');
    const kunta = (await get('/fi/staff/metrics', 'kunta')).body;
    expect(kunta).not.toContain('data-qa="metrics-refresh"');
    expect(kunta).toContain('data-qa="metrics-csv"');
  });

  it('names no municipality as having most when nobody has contacted', async () => {
    // the demo region has no contacts here: every figure is 0
    const res = await get('/fi/staff/metrics', 'esihenkilo');
    expect(res.body).not.toContain('eniten');
    const summary = /figure-perThousand-caption.*?data-qa="summary">([^<]*)/s.exec(res.body)?.[1];
    expect(summary).toMatch(/^Koko alueella 0,0 perhettä/);
  });

  it('defaults to this year from January to this month', async () => {
    const res = await get('/fi/staff/metrics', 'esihenkilo');
    expect(res.body).toContain(`value="${THIS_YEAR}-01"`);
    expect(res.body).toContain(`value="${THIS_MONTH}"`);
  });

  it('is not there for a counsellor, a receiving worker, a partner or a client; a signed-out user signs in', async () => {
    for (const who of ['neuvoja', 'vastaanottaja', 'kumppani', 'asiakas']) {
      for (const url of ['/fi/staff/metrics', '/api/metrics', '/fi/staff/metrics/export.csv']) {
        expect((await get(url, who)).statusCode, `${who} ${url}`).toBe(404);
      }
    }
    expect((await get('/fi/staff/metrics')).statusCode).toBe(302);
  });

  it("shows another region's manager their own region, and refuses this region's municipality", async () => {
    const own = await get('/fi/staff/metrics', 'other');
    expect(own.statusCode).toBe(200);
    expect(own.body).toContain('Pirkanma');
    expect(own.body).not.toContain('<option value="297"');
    // the region comes from the actor only: a region in the query changes nothing
    const api = await get(`/api/metrics?regionId=${stableUuid('region', 'pohjois-savo')}`, 'other');
    expect(api.statusCode).toBe(200);
    expect((api.json() as { query: { regionId: string } }).query.regionId).toBe(PIRKANMAA_REGION);
    const kuopio = await get('/api/metrics?municipality=297', 'other');
    expect(kuopio.statusCode).toBe(400);
    expect(kuopio.json()).toMatchObject({ error: { code: 'metrics.unknown_municipality' } });
    const page = await get('/fi/staff/metrics?municipality=297', 'other');
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('data-qa="municipality-error"');
  });

  it('checks the period beside the field: order, one year, the future, the form', async () => {
    const cases: [string, string, string][] = [
      [`from=${THIS_YEAR}-03&to=${THIS_YEAR}-02`, 'to', 'metrics.period_invalid'],
      [`from=2024-11&to=2025-02`, 'to', 'metrics.period_invalid'],
      [`from=2099-01&to=2099-02`, 'from', 'metrics.period_future'],
      [`from=2026-13&to=2026-02`, 'from', 'metrics.month_invalid'],
      [`from=kesäkuu&to=2026-02`, 'from', 'metrics.month_invalid'],
    ];
    for (const [query, field, code] of cases) {
      const page = await get(`/fi/staff/metrics?${query}`, 'esihenkilo');
      expect(page.statusCode, query).toBe(400);
      expect(page.body, query).toContain(`data-qa="${field}-error"`);
      expect(page.body, query).toContain('data-qa="error-summary"');
      // no figures for a period that is wrong
      expect(figuresOf(page.body)).toEqual([]);
      const api = await get(`/api/metrics?${query}`, 'esihenkilo');
      expect(api.statusCode, query).toBe(400);
      const error = (api.json() as { error: { code: string; fields: { field: string }[] } }).error;
      expect(error.code, query).toBe(code);
      expect(error.fields[0]?.field, query).toBe(field);
      const csv = await get(`/fi/staff/metrics/export.csv?${query}`, 'esihenkilo');
      expect(csv.statusCode, query).toBe(400);
    }
    // a well-formed period within this year is fine
    expect(
      (await get(`/fi/staff/metrics?from=${THIS_YEAR}-01&to=${THIS_YEAR}-01`, 'esihenkilo')).statusCode,
    ).toBe(200);
  });

  it('answers the API with every figure as shown or not, and why', async () => {
    const res = await get(
      `/api/metrics?from=${THIS_YEAR}-01&to=${THIS_MONTH}&municipality=297&lang=sv`,
      'kunta',
    );
    expect(res.statusCode).toBe(200);
    const body = res.json() as {
      query: { municipality: string; lang: string };
      contacts: { total: { shown: boolean } };
    };
    expect(body.query).toMatchObject({ municipality: '297', lang: 'sv' });
    expect(typeof body.contacts.total.shown).toBe('boolean');
  });

  it('exports the CSV with its name and columns', async () => {
    const res = await get(`/fi/staff/metrics/export.csv?from=${THIS_YEAR}-01&to=${THIS_MONTH}`, 'kunta');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toContain(
      `perheverkko-mittarit-${THIS_YEAR}-01-${THIS_MONTH}.csv`,
    );
    expect(res.body).toContain('group,figure,breakdown_key,label,value,n,unit,period,municipality');
  });

  it('brings the figures up to date for a manager (no script, CSRF) and says so; not for the contact person', async () => {
    const page = await get(`/fi/staff/metrics?from=${THIS_YEAR}-01&to=${THIS_MONTH}`, 'esihenkilo');
    // the page's CSRF secret comes as a cookie beside the session
    const csrfCookie = String(page.headers['set-cookie'] ?? '').split(';')[0] as string;
    const cookie = `${cookies.esihenkilo}; ${csrfCookie}`;
    const entries = browserFormEntries(page.body, (f) =>
      f.attrs.some((a) => a.name === 'data-qa' && a.value === 'metrics-refresh'),
    );
    const res = await t.app.inject({
      method: 'POST',
      url: '/fi/staff/metrics/refresh',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams(entries).toString(),
    });
    expect(res.statusCode, res.body).toBe(303);
    expect(res.headers.location).toBe(
      `/fi/staff/metrics?from=${THIS_YEAR}-01&to=${THIS_MONTH}&done=refreshed`,
    );
    const after = await get(String(res.headers.location), 'esihenkilo');
    expect(after.body).toMatch(/data-qa="flash"[\s\S]*Luvut päivitetty klo \d{1,2}\.\d\d\./);
    expect(after.body).toMatch(/Luvut päivitetty \d{1,2}\.\d{1,2}\.\d{4} klo \d{1,2}\.\d\d/);
    // the contact person's own page and token (its sign-out form), the same fields
    const kuntaPage = await get('/fi/staff/metrics', 'kunta');
    const kuntaToken = /name="_csrf" value="([^"]+)"/.exec(kuntaPage.body)?.[1] ?? '';
    const kuntaCsrf = String(kuntaPage.headers['set-cookie'] ?? '').split(';')[0] as string;
    const kunta = await t.app.inject({
      method: 'POST',
      url: '/fi/staff/metrics/refresh',
      headers: {
        cookie: `${cookies.kunta}; ${kuntaCsrf}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: new URLSearchParams([
        ...entries.filter(([k]) => k !== '_csrf'),
        ['_csrf', kuntaToken],
      ]).toString(),
    });
    expect(kunta.statusCode).toBe(404);
  });
});
