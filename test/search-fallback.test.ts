/**
 * Without Voikko (libvoikko or its dictionary missing; here PERHEVERKKO_VOIKKO=off) the search
 * still works on the snowball stemmer and the thesaurus, and says so in /health/ready.
 * The same checks with Voikko on are in search-morphology.test.ts.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogueOptions, searchServices } from '../src/features/catalogue/catalogue.ts';
import { stableUuid } from '../src/platform/ids.ts';
import { voikko, voikkoStatus } from '../src/platform/voikko.ts';
import { startTestApp, type TestApp } from './app.ts';
import { ENGINES } from './databases.ts';

// read lazily by the first search: set before any
const before = process.env.PERHEVERKKO_VOIKKO;
process.env.PERHEVERKKO_VOIKKO = 'off';
afterAll(() => {
  if (before === undefined) delete process.env.PERHEVERKKO_VOIKKO;
  else process.env.PERHEVERKKO_VOIKKO = before;
});

const service = (slug: string) => stableUuid('service', `pohjois-savo/${slug}`);

describe.each(ENGINES)('the search without Voikko on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(engine, { seedDemo: true });
  });
  afterAll(() => t.close());

  it('knows it has no Voikko and says so in /health/ready', async () => {
    expect(voikko()).toBeNull();
    expect(voikkoStatus()).toEqual({ morphology: 'snowball', reason: 'PERHEVERKKO_VOIKKO=off' });
    const res = await t.app.inject('/health/ready');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', search: { morphology: 'snowball' } });
  });

  it('still finds by inflected words, typos and the thesaurus', async () => {
    const options = await catalogueOptions(t.database.db);
    const top = async (q: string, lang: 'fi' | 'sv' | 'en' = 'fi') =>
      (await searchServices(t.database.db, options, { text: q }, lang, 1, 5)).items.map((s) => s.id);
    expect(await top('perheneuvolaan')).toContain(service('perheneuvola-kuopio'));
    expect(await top('perheneuvla')).toContain(service('perheneuvola-kuopio'));
    // no Voikko to split the compound, but the thesaurus names the topic
    const school = [
      'koulukuraattori-kuopio',
      'koulukuraattori-ja-psykologi-yla-savo',
      'koulukuraattori-ja-psykologi-varkaus',
      'koulukuraattori-ja-psykologi-siilinjarvi',
      'koulukuraattori-ja-psykologi-lantinen-alue',
    ].map(service);
    expect((await top('koulupoissaolo')).slice(0, 3).some((id) => school.includes(id))).toBe(true);
    expect(await top('pizzeria')).toEqual([]);
  });

  it('the search page answers with results and the lemma documents stay empty', async () => {
    const res = await t.app.inject('/fi/services?q=kuraattorille');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('data-qa="service-link"');
    // the Finnish lemma documents are Voikko's: empty without it (the snowball one serves)
    const { rows } = await sql<{ n: string }>`
      SELECT count(*) AS n FROM service_search WHERE lang = 'fi' AND lemmas <> ''::tsvector
    `.execute(t.database.db);
    expect(Number(rows[0]?.n)).toBe(0);
  });
});
