import { type DefaultTreeAdapterMap, parse } from 'parse5';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CatalogueOptions,
  catalogueOptions,
  searchServices,
} from '../src/features/catalogue/catalogue.ts';
import { stableUuid } from '../src/platform/ids.ts';
import { startTestApp, type TestApp } from './app.ts';
import { ENGINES } from './databases.ts';

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];
const isElement = (n: Node): n is Element => 'tagName' in n;
const children = (n: Node): Node[] => ('childNodes' in n ? n.childNodes : []);
const textOf = (n: Node): string =>
  n.nodeName === '#text' ? (n as DefaultTreeAdapterMap['textNode']).value : children(n).map(textOf).join('');
const elements = (n: Node): Element[] => [...(isElement(n) ? [n] : []), ...children(n).flatMap(elements)];
const said = (s: string) => s.replace(/\s+/g, ' ').replace(/:$/, '').trim().toLocaleLowerCase();

/**
 * Each h2 of a page with the labels of what follows it up to the next h2 (terms, captions,
 * column headers, bold lead-ins, labels), as a reader meets them.
 */
function headingsAndLabels(html: string): { heading: string; labels: string[] }[] {
  const main = elements(parse(html)).find((e) => e.tagName === 'main');
  const out: { heading: string; labels: string[] }[] = [];
  for (const e of main ? elements(main) : []) {
    if (e.tagName === 'h2') out.push({ heading: said(textOf(e)), labels: [] });
    else if (['dt', 'caption', 'th', 'strong', 'label', 'legend'].includes(e.tagName))
      out.at(-1)?.labels.push(said(textOf(e)));
  }
  return out;
}

const service = (slug: string) => stableUuid('service', `pohjois-savo/${slug}`);
const organization = (slug: string) => stableUuid('organization', `pohjois-savo/${slug}`);
const KEITELE = '239';
const html = { accept: 'text/html' };

describe.each(ENGINES)('the public catalogue on %s', (engine) => {
  let t: TestApp;
  let options: CatalogueOptions;
  const all = async (filters: Parameters<typeof searchServices>[2]) =>
    searchServices(t.database.db, options, filters, 'fi', 1, 500);

  beforeAll(async () => {
    t = await startTestApp(engine, { seedDemo: true });
    options = await catalogueOptions(t.database.db);
  });
  afterAll(async () => t?.close());

  it('seeds the demo region once: 19 municipalities, at least 80 services in at least 10 municipalities', async () => {
    const result = await all({});
    expect(result.total).toBeGreaterThanOrEqual(80);
    const local = new Set(result.items.flatMap((s) => s.areaMunicipalities ?? []));
    expect(local.size).toBeGreaterThanOrEqual(10);
    for (const pilot of ['595', '239', '844', '921', '778', '686']) expect(local).toContain(pilot);
    expect(
      options.municipalities.filter(
        (m) => m.regionId === options.regions.find((r) => r.code === 'pohjois-savo')?.id,
      ),
    ).toHaveLength(19);
  });

  it('a Keitele family sees Keitele services, region-wide and remote ones, and not Kuopio-only ones', async () => {
    const ids = (await all({ municipality: KEITELE })).items.map((s) => s.id);
    expect(ids).toContain(service('aitiys-ja-lastenneuvola-keitele'));
    expect(ids).toContain(service('kasvatus-ja-perheneuvonta-savogrow'));
    expect(ids).toContain(service('perhekeskuksen-ohjaus-ja-neuvonta'));
    expect(ids).toContain(service('nuorten-chat'));
    expect(ids).not.toContain(service('perheneuvola-kuopio'));
    expect(ids).not.toContain(service('aitiys-ja-lastenneuvola-tervo'));
  });

  it("keeps regions apart: a Tampere family sees none of Pohjois-Savo's region-wide services", async () => {
    const tampere = await all({ municipality: '837' });
    expect(tampere.total).toBe(0);
  });

  it("the child's age leaves out services for other ages", async () => {
    const items = (await all({ age: 15 })).items;
    expect(items.map((s) => s.id)).not.toContain(service('aitiys-ja-lastenneuvola-keitele'));
    for (const s of items) {
      expect(s.minAge ?? 0).toBeLessThanOrEqual(15);
      expect(s.maxAge ?? 99).toBeGreaterThanOrEqual(15);
    }
  });

  it('filters by channel, service language, topic and service type', async () => {
    const chat = (await all({ channels: ['chat'] })).items;
    expect(chat.length).toBeGreaterThan(0);
    for (const s of chat) expect(s.channels).toContain('chat');
    const swedish = (await all({ language: 'sv' })).items;
    expect(swedish.length).toBeGreaterThan(0);
    for (const s of swedish) expect(s.languages).toContain('sv');
    const sleep = (await all({ topics: ['UNI'] })).items.map((s) => s.id);
    expect(sleep).toContain(service('pienten-lasten-uniohjaus'));
    expect(sleep).not.toContain(service('lastenvalvoja'));
    const counselling = (await all({ serviceTypes: ['PERHENEUVOLA'], municipality: KEITELE })).items.map(
      (s) => s.id,
    );
    expect(counselling).toContain(service('kasvatus-ja-perheneuvonta-savogrow'));
    expect(counselling).not.toContain(service('perheneuvola-kuopio'));
  });

  it('pages through results without repeating or losing a service', async () => {
    const total = (await all({})).total;
    const seen = new Set<string>();
    for (let page = 1; page <= Math.ceil(total / 20); page++) {
      for (const s of (await searchServices(t.database.db, options, {}, 'fi', page, 20)).items)
        seen.add(s.id);
    }
    expect(seen.size).toBe(total);
  });

  it('the home page searches, offers municipalities and links to its other languages', async () => {
    const res = await t.app.inject({ url: '/fi', headers: html });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('action="/fi/services"');
    expect(res.body).toContain('<option value="239">Keitele</option>');
    expect(res.body).toContain('href="/sv"');
    expect(res.body).toContain('href="/en"');
    expect(res.body).not.toContain('<script');
  });

  it('the list page shows results for a Keitele family searching "perheneuvolaan"', async () => {
    const res = await t.app.inject({ url: '/fi/services?q=perheneuvolaan&municipality=239', headers: html });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`/fi/services/${service('kasvatus-ja-perheneuvonta-savogrow')}`);
    expect(res.body).not.toContain(`/fi/services/${service('perheneuvola-kuopio')}"`);
    expect(res.body).toContain('href="/sv/services?q=perheneuvolaan&amp;municipality=239"');
  });

  it('a service page tells what, for whom, how to contact, when open, in which languages', async () => {
    const id = service('perheneuvola-kuopio');
    const res = await t.app.inject({ url: `/sv/services/${id}`, headers: html });
    expect(res.statusCode).toBe(200);
    for (const heading of [
      'För vem',
      'Så får du tjänsten',
      'Kontaktuppgifter',
      'Öppettider',
      'Tjänstespråk',
    ]) {
      expect(res.body).toContain(heading);
    }
    expect(res.body).toContain('Familjerådgivningen i Kuopio');
    expect(res.body).toContain(`href="/fi/services/${id}"`);
    expect(res.body).toContain(`href="/en/services/${id}"`);
  });

  it.each(['fi', 'sv', 'en'])(
    'a service page (%s) does not repeat a section heading as a label under it',
    async (lang) => {
      const id = service('perheneuvola-kuopio');
      const res = await t.app.inject({ url: `/${lang}/services/${id}`, headers: html });
      expect(res.statusCode).toBe(200);
      const sections = headingsAndLabels(res.body);
      expect(sections.length).toBeGreaterThanOrEqual(4);
      for (const { heading, labels } of sections) expect(labels, heading).not.toContain(heading);
      // the application process is still there, right under its heading
      expect(res.body).toContain('data-qa="service-how-to"');
      // the opening hours table is named by its heading
      expect(res.body).toMatch(/<h2 id="hours">[^<]+<\/h2><table[^>]*aria-labelledby="hours"/);
    },
  );

  it('a service described only in Finnish says so on a Swedish page and marks the text as Finnish', async () => {
    const res = await t.app.inject({ url: `/sv/services/${service('perhekahvila-keitele')}`, headers: html });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Uppgifterna om tjänsten finns endast på finska.');
    expect(res.body).toContain('<h1 lang="fi">');
  });

  it('an organisation page lists its services', async () => {
    const res = await t.app.inject({
      url: `/en/organizations/${organization('pohjois-savon-hyvinvointialue')}`,
      headers: html,
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`/en/services/${service('perheneuvola-kuopio')}`);
  });

  it('a search that finds nothing is no dead end: "Pyydä neuvoa" and the topics, in fi, sv and en', async () => {
    const ask = { fi: '/fi/pyyda-neuvoa', sv: '/sv/be-om-rad', en: '/en/ask-for-advice' } as const;
    for (const lang of ['fi', 'sv', 'en'] as const) {
      const res = await t.app.inject({ url: `/${lang}/services?q=xyzzyqwertyzz`, headers: html });
      expect(res.statusCode, lang).toBe(200);
      expect(res.body, lang).toContain('data-qa="no-results"');
      expect(res.body, lang).toMatch(
        new RegExp(
          `<a[^>]*href="${ask[lang]}"[^>]*data-qa="no-results-ask"|data-qa="no-results-ask"[^>]*href="${ask[lang]}"`,
        ),
      );
      // every topic of the catalogue, each a search of its own
      const topics = /data-qa="no-results-topics">(.*?)<\/ul>/s.exec(res.body)?.[1] ?? '';
      expect(topics.match(/<a /g)?.length ?? 0, lang).toBeGreaterThan(10);
      expect(topics, lang).toContain(`href="/${lang}/services?topic=`);
      // in the language's alphabetical order (Finnish and Swedish: Ä after Z)
      const names = [...topics.matchAll(/<a [^>]*>([^<]*)<\/a>/g)].map((m) => m[1] ?? '');
      expect(names, lang).toEqual([...names].sort((a, b) => a.localeCompare(b, lang)));
    }
  });

  it('folds the finer filters away until one is used, so results start near the top on a phone', async () => {
    const plain = await t.app.inject({ url: '/fi/services?q=neuvola', headers: html });
    expect(plain.body).toMatch(/<details class="more-filters" data-qa="more-filters">/);
    const filtered = await t.app.inject({ url: '/fi/services?q=neuvola&age=3', headers: html });
    expect(filtered.body).toMatch(/<details class="more-filters" open="" data-qa="more-filters">/);
  });

  describe('bad input on the list page gets a clear message next to the field, never a 500', () => {
    it('an age out of range', async () => {
      const res = await t.app.inject({ url: '/fi/services?q=neuvola&age=99', headers: html });
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('id="age-error"');
      expect(res.body).toContain('Anna luku väliltä 0–25.');
      expect(res.body).toMatch(/id="age"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="age"/);
      expect(res.body).toContain('value="neuvola"');
    });

    it('a 10,000-character query', async () => {
      const res = await t.app.inject({ url: `/en/services?q=${'a'.repeat(10_000)}`, headers: html });
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('The text is too long (at most 200 characters).');
    });

    it('an unknown municipality, topic or service type', async () => {
      const res = await t.app.inject({ url: '/sv/services?municipality=999&topic=NOPE', headers: html });
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('Okänt val: 999.');
      expect(res.body).toContain('Okänt val: NOPE.');
    });

    it('an unknown channel', async () => {
      const res = await t.app.inject({ url: '/fi/services?channel=pigeon', headers: html });
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('Arvo ei kelpaa.');
    });

    it('a page past the end', async () => {
      const res = await t.app.inject({ url: '/fi/services?q=neuvola&page=999', headers: html });
      expect(res.statusCode).toBe(404);
      expect(res.body).toMatch(/Sivua 999 ei ole\. Tuloksia on \d+ sivulla\./);
    });

    it('a page that is not a number', async () => {
      const res = await t.app.inject({ url: '/fi/services?page=abc', headers: html });
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('Anna luku.');
    });
  });
});

describe('the public pages for someone signed in', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('pglite', { seedDemo: true });
  });
  afterAll(async () => t?.close());

  it('show the signed-in name and a sign-out form instead of "Sign in"', async () => {
    const signIn = await t.app.inject({
      method: 'POST',
      url: '/api/dev/session',
      payload: { username: 'asiakas' },
    });
    const cookie = String(signIn.headers['set-cookie']).split(';')[0] as string;
    for (const url of ['/fi', '/fi/services?q=neuvola', `/fi/services/${service('perheneuvola-kuopio')}`]) {
      const res = await t.app.inject({ url, headers: { accept: 'text/html', cookie } });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('Aino Asiakas');
      expect(res.body).toContain('action="/auth/sign-out"');
    }
    const anonymous = await t.app.inject({ url: '/fi', headers: { accept: 'text/html' } });
    expect(anonymous.body).toContain('href="/fi/sign-in"');
    expect(anonymous.headers['set-cookie']).toBeUndefined();
  });
});
