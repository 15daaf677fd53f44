import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CatalogueOptions,
  catalogueOptions,
  searchServices,
} from '../src/features/catalogue/catalogue.ts';
import { prepareCatalogue } from '../src/features/catalogue/index.ts';
import type { Lang } from '../src/i18n/index.ts';
import type { Database } from '../src/platform/db/index.ts';
import { stableUuid } from '../src/platform/ids.ts';
import { ENGINES, freshDatabase } from './databases.ts';

const service = (slug: string) => stableUuid('service', `pohjois-savo/${slug}`);

/**
 * What families, young people and professionals type, and the demo services they must find
 * among the first results. Inflected forms, compound parts, typos and three languages.
 */
const table: { query: string; lang: Lang; expect: string[]; within?: number }[] = [
  // Finnish inflections: the stemmer meets the base form
  {
    query: 'perheneuvolaan',
    lang: 'fi',
    expect: ['perheneuvola-kuopio', 'perheneuvola-varkaus', 'perheneuvola-yla-savo'],
  },
  { query: 'perheneuvolassa', lang: 'fi', expect: ['perheneuvola-kuopio'] },
  { query: 'neuvolassa', lang: 'fi', expect: ['neuvolapsykologi', 'neuvolan-chat'] },
  { query: 'kuraattorille', lang: 'fi', expect: ['koulukuraattori-kuopio'] },
  { query: 'kuraattorin', lang: 'fi', expect: ['koulukuraattori-ja-psykologi-lantinen-alue'] },
  { query: 'nuorisoasemalle', lang: 'fi', expect: ['nuorten-vastaanotto-kuopio'] },
  { query: 'lastenvalvojalle', lang: 'fi', expect: ['lastenvalvoja'] },
  { query: 'perhetyöntekijä', lang: 'fi', expect: ['perhetyo-kuopio'] },
  // parts of compounds: a word inside a longer word
  { query: 'neuvola', lang: 'fi', expect: ['aitiys-ja-lastenneuvola-keitele'], within: 30 },
  { query: 'lastenneuvola', lang: 'fi', expect: ['aitiys-ja-lastenneuvola-tervo'], within: 25 },
  { query: 'kuraattori', lang: 'fi', expect: ['koulukuraattori-kuopio'] },
  { query: 'kotipalvelu', lang: 'fi', expect: ['lapsiperheiden-kotipalvelu-kuopio'] },
  // small typos
  { query: 'perheneuvla', lang: 'fi', expect: ['perheneuvola-kuopio'] },
  { query: 'kuraatori', lang: 'fi', expect: ['koulukuraattori-kuopio'] },
  { query: 'nuorisoasma', lang: 'fi', expect: ['nuorten-vastaanotto-kuopio'] },
  // what a family says, not the service's name
  {
    query: 'lapsi ei nuku',
    lang: 'fi',
    expect: ['lasten-univaikeudet-omahoito', 'pienten-lasten-uniohjaus'],
  },
  { query: 'raivokohtaukset', lang: 'fi', expect: ['vanhemmuuden-verkkovalmennus'] },
  { query: 'avioero', lang: 'fi', expect: ['eroneuvonta'] },
  { query: 'päihteet nuori', lang: 'fi', expect: ['nuorten-vastaanotto-kuopio'] },
  { query: 'kiusaaminen koulussa', lang: 'fi', expect: ['koulukuraattori-kuopio'], within: 10 },
  { query: 'eroneuvonta', lang: 'fi', expect: ['eroneuvonta'], within: 1 },
  { query: 'sosiaalipäivystys', lang: 'fi', expect: ['sosiaalipaivystys'], within: 1 },
  { query: 'ohjaus ja neuvonta', lang: 'fi', expect: ['perhekeskuksen-ohjaus-ja-neuvonta'] },
  // Swedish
  {
    query: 'familjerådgivning',
    lang: 'sv',
    expect: ['perheneuvola-kuopio', 'kasvatus-ja-perheneuvonta-savogrow'],
  },
  { query: 'familjerådgivningen', lang: 'sv', expect: ['perheneuvola-varkaus'] },
  { query: 'kurator', lang: 'sv', expect: ['koulukuraattori-kuopio'] },
  {
    query: 'barnet sover inte',
    lang: 'sv',
    expect: ['lasten-univaikeudet-omahoito', 'pienten-lasten-uniohjaus'],
  },
  { query: 'skilsmässa', lang: 'sv', expect: ['eroneuvonta'] },
  { query: 'neuvola', lang: 'sv', expect: ['neuvolan-chat'] },
  // English
  {
    query: 'family counselling',
    lang: 'en',
    expect: ['perheneuvola-kuopio', 'kasvatus-ja-perheneuvonta-savogrow'],
  },
  {
    query: 'child does not sleep',
    lang: 'en',
    expect: ['lasten-univaikeudet-omahoito', 'pienten-lasten-uniohjaus'],
  },
  { query: 'school social worker', lang: 'en', expect: ['koulukuraattori-kuopio'] },
  { query: 'separation', lang: 'en', expect: ['eroneuvonta'] },
  { query: 'speech therapy', lang: 'en', expect: ['lasten-puheterapia'], within: 1 },
];

describe.each(ENGINES)('the search table on %s', (engine) => {
  let database: Database;
  let options: CatalogueOptions;
  beforeAll(async () => {
    database = await freshDatabase(engine);
    await prepareCatalogue(database.db, { seedDemo: true });
    options = await catalogueOptions(database.db);
  });
  afterAll(async () => database?.close());

  it.each(table)('$lang "$query" finds $expect', async ({ query, lang, expect: slugs, within = 5 }) => {
    const result = await searchServices(database.db, options, { text: query }, lang, 1, within);
    const found = result.items.map((x) => x.id);
    for (const slug of slugs) expect(found, `${slug} among the first ${within}`).toContain(service(slug));
  });

  it('finds nothing for words that are in no service, and says so with a total of 0', async () => {
    const result = await searchServices(database.db, options, { text: 'xylofonisti' }, 'fi', 1, 20);
    expect(result.total).toBe(0);
    expect(result.items).toEqual([]);
  });

  it('lists services with all the words typed, when they fill a page', async () => {
    const both = await searchServices(database.db, options, { text: 'neuvola vauva' }, 'fi', 1, 5);
    const neuvola = await searchServices(database.db, options, { text: 'neuvola' }, 'fi', 1, 5);
    expect(both.total).toBeGreaterThanOrEqual(5);
    expect(both.total).toBeLessThan(neuvola.total);
  });

  it('falls back to any of the words when all of them find less than a page', async () => {
    const result = await searchServices(
      database.db,
      options,
      { text: 'lastenvalvoja xylofonisti' },
      'fi',
      1,
      5,
    );
    expect(result.items[0]?.id).toBe(service('lastenvalvoja'));
  });

  it('ranks a service whose name has the word above one that only mentions it', async () => {
    const result = await searchServices(database.db, options, { text: 'lastenvalvoja' }, 'fi', 1, 3);
    expect(result.items[0]?.id).toBe(service('lastenvalvoja'));
  });

  it("searches the site's region alone, by words, by a named topic and by trigrams", async () => {
    const home = options.regions.find((r) => r.code === 'pohjois-savo')?.id ?? '';
    const other = options.regions.find((r) => r.code !== 'pohjois-savo')?.id ?? '';
    expect(home).not.toBe('');
    expect(other).not.toBe('');
    for (const text of ['neuvola', 'koulupoissaolo', 'perheneuvla']) {
      const here = await searchServices(database.db, options, { text, regionId: home }, 'fi', 1, 50);
      expect(here.total, text).toBeGreaterThan(0);
      const regions = await database.db
        .selectFrom('service')
        .select('region_id')
        .distinct()
        .where(
          'id',
          'in',
          here.items.map((i) => i.id),
        )
        .execute();
      expect(regions.map((r) => r.region_id)).toEqual([home]);
      const elsewhere = await searchServices(database.db, options, { text, regionId: other }, 'fi', 1, 50);
      expect(elsewhere.items.map((i) => i.id).filter((id) => here.items.some((h) => h.id === id))).toEqual(
        [],
      );
    }
  });

  it('keeps every lexeme of the documents, so that a prefix looked up as whole lexemes finds the same services', async () => {
    const missing = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM service_search ss
      CROSS JOIN LATERAL (SELECT 'document' AS source, unnest(tsvector_to_array(ss.document)) AS lexeme
        UNION ALL SELECT 'lemmas', unnest(tsvector_to_array(ss.lemmas))) x
      WHERE NOT EXISTS (SELECT 1 FROM search_lexeme l WHERE l.lang = ss.lang AND l.source = x.source AND l.lexeme = x.lexeme)
    `.execute(database.db);
    expect(missing.rows[0]?.n).toBe(0);
    const cases: [string, string, string][] = [
      ['fi', 'finnish', 'lap:* & neuvo:*'],
      ['fi', 'finnish', 'perhe:* | koulu:*'],
      ['fi', 'simple', 'lapsi:* & koulu:*'],
      ['sv', 'swedish', 'familj:* & (råd:* | stöd)'],
      ['en', 'english', 'famil:* & counsel:*'],
      ['fi', 'finnish', 'xylofon:*'],
    ];
    for (const [lang, cfg, text] of cases) {
      for (const source of ['document', 'lemmas'] as const) {
        const rows = await sql<{ prefixed: string[] | null; expanded: string[] | null; query: string }>`
          SELECT
            (SELECT array_agg(service_id ORDER BY service_id) FROM service_search
              WHERE lang = ${lang} AND ${sql.ref(source)} @@ to_tsquery(${cfg}::regconfig, ${text})) AS prefixed,
            (SELECT array_agg(service_id ORDER BY service_id) FROM service_search
              WHERE lang = ${lang} AND ${sql.ref(source)} @@ search_expand(to_tsquery(${cfg}::regconfig, ${text}), ${lang}, ${source})) AS expanded,
            search_expand(to_tsquery(${cfg}::regconfig, ${text}), ${lang}, ${source})::text AS query
        `.execute(database.db);
        const r = rows.rows[0];
        expect(r?.expanded, `${lang} ${source} ${text} → ${r?.query}`).toEqual(r?.prefixed);
      }
    }
    // a word of no document stays a prefix, and a weight-restricted prefix is left as it is
    const kept = await sql<{ q: string }>`
      SELECT search_expand(to_tsquery('simple', 'xylofon:* | lapsi:*A | lapsi:*'), 'fi', 'lemmas')::text AS q
    `.execute(database.db);
    const kept0 = kept.rows[0]?.q ?? '';
    expect(kept0.startsWith("'xylofon':* | 'lapsi':*A | ")).toBe(true);
    expect(kept0, 'the unweighted prefix is expanded').not.toMatch(/'lapsi':\*$/);
    expect(kept0).toContain("'lapsiperhe'");
  });
});
