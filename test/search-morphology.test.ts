/**
 * The search with Voikko (Debian: libvoikko1 and voikko-fi; CI installs them): compound parts
 * only where the rest of the compound is the catalogue's, "did you mean" limited to the
 * catalogue's words, services that need a referral below open ones unless asked for by name.
 * Without Voikko: search-fallback.test.ts. The query table: search-queries.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CatalogueOptions,
  catalogueOptions,
  searchServices,
} from '../src/features/catalogue/catalogue.ts';
import type { Lang } from '../src/i18n/index.ts';
import { voikko } from '../src/platform/voikko.ts';
import { startTestApp, type TestApp } from './app.ts';
import { ENGINES } from './databases.ts';

const hasVoikko = voikko() !== null;
if (!hasVoikko) console.warn('SKIP: Voikko is not installed here (apt install libvoikko1 voikko-fi)');

it('Voikko is installed where CI runs (.ci/run installs it)', () => {
  if (process.env.CI === 'true')
    expect(voikko(), 'libvoikko1 and voikko-fi are not installed').not.toBeNull();
});

describe.skipIf(!hasVoikko).each(ENGINES)('the search with Voikko on %s', (engine) => {
  let t: TestApp;
  let options: CatalogueOptions;
  beforeAll(async () => {
    t = await startTestApp(engine, { seedDemo: true });
    options = await catalogueOptions(t.database.db);
  });
  afterAll(() => t.close());
  const search = (q: string, lang: Lang = 'fi') =>
    searchServices(t.database.db, options, { text: q }, lang, 1, 10);
  const names = async (q: string, lang: Lang = 'fi') =>
    (await search(q, lang)).items.map((s) => s.name.fi ?? '');

  it('says so in /health/ready', async () => {
    const res = await t.app.inject('/health/ready');
    expect(res.json()).toEqual({ status: 'ok', search: { morphology: 'voikko' } });
  });

  it('a compound meets its head only when the rest of it is the catalogue’s word', async () => {
    // "koulu" is the catalogue's: "kouluahdistus" is about anxiety at school
    expect((await names('kouluahdistus')).slice(0, 3).every((n) => /[Kk]oulu/.test(n))).toBe(true);
    // "kalastus" and "rengas" are not: a fishing licence is not a "lupa" the catalogue has
    expect(await names('kalastuslupa')).toEqual([]);
    expect(await names('rengasvaihto')).toEqual([]);
  });

  it('"did you mean" offers the catalogue’s word, in fi, sv and en, and not for a word it knows', async () => {
    expect((await search('kuraatori')).didYouMean).toBe('kuraattori');
    expect((await search('familjeradgivning', 'sv')).didYouMean).toBe('familjerådgivning');
    expect((await search('councelling', 'en')).didYouMean).toBe('counselling');
    // a real word the catalogue does not have gets no made-up suggestion
    expect((await search('kalastuslupa')).didYouMean).toBeUndefined();
    expect((await search('perheneuvola')).didYouMean).toBeUndefined();
  });

  it('the page links the suggestion with the other filters kept', async () => {
    const res = await t.app.inject('/fi/services?q=kuraatori&age=12');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('data-qa="did-you-mean"');
    expect(res.body).toContain('Tarkoititko');
    expect(res.body).toMatch(
      /href="\/fi\/services\?q=kuraattori&amp;age=12"|href="\/fi\/services\?age=12&amp;q=kuraattori"/,
    );
    const sv = await t.app.inject('/sv/services?q=familjeradgivning');
    expect(sv.body).toContain('Menade du');
  });

  it('a service that needs a referral ranks below open ones, unless asked for by name, and says so', async () => {
    const anxiety = await search('ahdistus');
    expect(anxiety.items[0]?.referral).toBe(false);
    const firstReferral = anxiety.items.findIndex((s) => s.referral);
    const lastOpen = anxiety.items.map((s) => s.referral).lastIndexOf(false);
    if (firstReferral >= 0) expect(firstReferral).toBeGreaterThan(2);
    expect(lastOpen).toBeGreaterThan(0);
    const byName = await search('nuorisopsykiatria');
    expect(byName.items[0]?.referral).toBe(true);
    const page = await t.app.inject(`/fi/services?q=${encodeURIComponent('nuorisopsykiatria')}`);
    expect(page.body).toContain('Lähete tarvitaan');
    const en = await t.app.inject(`/en/services?q=${encodeURIComponent('nuorisopsykiatria')}`);
    expect(en.body).toContain('Referral needed');
  });
});
