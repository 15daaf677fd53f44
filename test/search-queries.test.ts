// Issue 14, "Measured": the held-out search table (test/search-queries.ts) run on the demo
// catalogue and on an unseen one (test/fixtures/unseen-catalogue, a fictional Pirkanmaa network
// in our seed format, written apart from the demo texts), on PGlite and on PostgreSQL when
// TEST_DATABASE_URL is set. Prints the top-3 hit rate per language and catalogue and the
// "nothing found" honesty; SEARCH_QUERIES_VERBOSE=1 also prints each miss with its top 3.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  catalogueOptions,
  forgetCatalogueOptions,
  searchServices,
} from '../src/features/catalogue/catalogue.ts';
import { prepareCatalogue } from '../src/features/catalogue/index.ts';
import { upsertMunicipalities } from '../src/features/catalogue/queries.ts';
import {
  DEMO_REGION_DIR,
  readSeedRegion,
  regionId,
  SEED_DIR,
  seedToRecords,
  writeRecords,
} from '../src/features/catalogue/seed.ts';
import type { SeedRegion } from '../src/features/catalogue/seed-schema.ts';
import { LANGS, type Lang } from '../src/i18n/index.ts';
import type { Database, Engine } from '../src/platform/db/index.ts';
import { stableUuid } from '../src/platform/ids.ts';
import { ENGINES, freshDatabase } from './databases.ts';
import { type Accept, QUERIES, type SearchQuery } from './search-queries.ts';

const UNSEEN_DIR = new URL('./fixtures/unseen-catalogue/', import.meta.url).pathname;
type Catalogue = 'demo' | 'unseen';
const CATALOGUES: Catalogue[] = ['demo', 'unseen'];

/**
 * The top-3 rate each language must keep, per catalogue, with Voikko or without it (the same
 * on PGlite and PostgreSQL 15). Raise these as the search improves; never lower them to let a
 * change through.
 */
const MIN_TOP3: Record<Catalogue, Record<Lang, number>> = {
  // with Voikko 92/81/89 % and 94/90/100 %, without it 90/81/89 % and 96/90/100 % (7.12.2026);
  // the floors are the lower of the two less about three queries (24a10e0: 70/62/74, 65/60/100)
  demo: { fi: 92 / 106, sv: 15 / 21, en: 16 / 19 }, // 87 %, 71 %, 84 %
  unseen: { fi: 44 / 49, sv: 8 / 10, en: 9 / 10 }, // 90 %, 80 %, 90 %
};
/** Share of the "should find nothing" queries that find nothing, per catalogue (same measure). */
const MIN_NOTHING: Record<Catalogue, number> = { demo: 10 / 11, unseen: 4 / 5 }; // 91 %, 80 %

const verbose = process.env.SEARCH_QUERIES_VERBOSE === '1';

interface ServiceFacts {
  slug: string;
  types: string[];
  topics: string[];
}

/** Service id → slug, types and topics, from the seed folder the catalogue was loaded from. */
function factsOf(seed: SeedRegion): Map<string, ServiceFacts> {
  return new Map(
    seed.services.map((s) => [
      stableUuid('service', `${seed.code}/${s.slug}`),
      { slug: s.slug, types: s.serviceTypes, topics: s.topics },
    ]),
  );
}

const SEEDS: Record<Catalogue, SeedRegion> = {
  demo: readSeedRegion(DEMO_REGION_DIR),
  unseen: readSeedRegion(UNSEEN_DIR),
};
const FACTS: Record<Catalogue, Map<string, ServiceFacts>> = {
  demo: factsOf(SEEDS.demo),
  unseen: factsOf(SEEDS.unseen),
};

const queriesOn = (catalogue: Catalogue) => QUERIES.filter((q) => catalogue === 'demo' || q.unseen === true);

function accepts(accept: Accept, catalogue: Catalogue, s: ServiceFacts): boolean {
  return (
    (accept.types ?? []).some((t) => s.types.includes(t)) ||
    (accept.topics ?? []).some((t) => s.topics.includes(t)) ||
    (accept[catalogue] ?? []).includes(s.slug)
  );
}

/** The Pirkanmaa municipalities the unseen catalogue's areas and locations name (not in the reference data). */
const PIRKANMAA = [
  { code: '837', fi: 'Tampere', sv: 'Tammerfors', latitude: 61.4978, longitude: 23.761 },
  { code: '536', fi: 'Nokia', sv: 'Nokia', latitude: 61.4781, longitude: 23.5083 },
  { code: '211', fi: 'Kangasala', sv: 'Kangasala', latitude: 61.464, longitude: 24.07 },
  { code: '980', fi: 'Ylöjärvi', sv: 'Ylöjärvi', latitude: 61.5497, longitude: 23.5961 },
  { code: '604', fi: 'Pirkkala', sv: 'Birkala', latitude: 61.4647, longitude: 23.6439 },
];

/**
 * Both catalogues in one database (a migration is most of the test's time), each in its own
 * region; every search is limited to the catalogue's region, as on the region's public site.
 */
async function loadCatalogues(database: Database): Promise<void> {
  await prepareCatalogue(database.db, { seedDemo: true });
  await database.db.transaction().execute(async (trx) => {
    await upsertMunicipalities(
      trx,
      PIRKANMAA.map((m) => ({
        code: m.code,
        regionId: regionId(SEEDS.unseen.code),
        name: { fi: m.fi, sv: m.sv },
        population: null,
        latitude: m.latitude,
        longitude: m.longitude,
      })),
    );
    await writeRecords(trx, seedToRecords(SEEDS.unseen));
  });
  forgetCatalogueOptions(database.db);
}

interface Outcome {
  query: SearchQuery;
  catalogue: Catalogue;
  hit: boolean;
  top: string[];
  total: number;
}

const pct = (hits: number, n: number) => (n === 0 ? '—' : `${Math.round((100 * hits) / n)} % (${hits}/${n})`);
const rate = (outcomes: Outcome[]) =>
  outcomes.length === 0 ? 1 : outcomes.filter((o) => o.hit).length / outcomes.length;

function printTable(engine: Engine, outcomes: Outcome[]) {
  const rows = CATALOGUES.flatMap((catalogue) => {
    const mine = outcomes.filter((o) => o.catalogue === catalogue);
    const found = mine.filter((o) => o.query.kind !== 'nothing');
    const nothing = mine.filter((o) => o.query.kind === 'nothing');
    return [
      ...LANGS.map((lang) => {
        const xs = found.filter((o) => o.query.lang === lang);
        return `  ${catalogue.padEnd(7)} ${lang}   top 3: ${pct(xs.filter((o) => o.hit).length, xs.length)}`;
      }),
      `  ${catalogue.padEnd(7)} all  top 3: ${pct(found.filter((o) => o.hit).length, found.length)}; nothing found when nothing fits: ${pct(nothing.filter((o) => o.hit).length, nothing.length)}`,
    ];
  });
  console.log(`search queries on ${engine}:\n${rows.join('\n')}`);
  if (verbose)
    for (const o of outcomes.filter((x) => !x.hit))
      console.log(
        `  miss ${o.catalogue} ${o.query.lang} "${o.query.query}" (${o.query.kind}): ${o.total} found, top 3 ${o.top.join(', ') || '—'}`,
      );
}

describe('the search query table', () => {
  const readCodes = (file: string) =>
    new Set(
      (
        parse(readFileSync(join(SEED_DIR, 'reference', file), 'utf8'), { columns: true }) as {
          code: string;
        }[]
      ).map((r) => r.code),
    );

  it('has at least 70 Finnish, 14 Swedish and 12 English queries, 30 on the unseen catalogue, and some that should find nothing', () => {
    const count = (lang: Lang) => QUERIES.filter((q) => q.lang === lang).length;
    expect(count('fi')).toBeGreaterThanOrEqual(70);
    expect(count('sv')).toBeGreaterThanOrEqual(14);
    expect(count('en')).toBeGreaterThanOrEqual(12);
    expect(queriesOn('unseen').filter((q) => q.kind !== 'nothing').length).toBeGreaterThanOrEqual(30);
    for (const lang of LANGS) expect(QUERIES.some((q) => q.lang === lang && q.kind === 'nothing')).toBe(true);
    expect(new Set(QUERIES.map((q) => `${q.lang} ${q.query}`)).size).toBe(QUERIES.length);
  });

  it('names only service types, topics and services that exist; a query to find something says what is acceptable', () => {
    const types = readCodes('service-types.csv');
    const topics = readCodes('topics.csv');
    const slugs = {
      demo: new Set(SEEDS.demo.services.map((s) => s.slug)),
      unseen: new Set(SEEDS.unseen.services.map((s) => s.slug)),
    };
    const wrong: string[] = [];
    for (const q of QUERIES) {
      if (q.kind === 'nothing') {
        if (q.accept) wrong.push(`${q.query}: nothing to find, yet an accept`);
        continue;
      }
      if (!q.accept) {
        wrong.push(`${q.query}: no accept`);
        continue;
      }
      for (const t of q.accept.types ?? []) if (!types.has(t)) wrong.push(`${q.query}: type ${t}`);
      for (const t of q.accept.topics ?? []) if (!topics.has(t)) wrong.push(`${q.query}: topic ${t}`);
      for (const c of CATALOGUES)
        for (const s of q.accept[c] ?? []) if (!slugs[c].has(s)) wrong.push(`${q.query}: ${c} service ${s}`);
      // an accept that no service of a catalogue it runs on could meet measures nothing
      for (const c of CATALOGUES.filter((x) => x === 'demo' || q.unseen))
        if (![...FACTS[c].values()].some((s) => accepts(q.accept as Accept, c, s)))
          wrong.push(`${q.query}: nothing in the ${c} catalogue is acceptable`);
    }
    expect(wrong).toEqual([]);
  });

  it('the unseen catalogue is about 40 services with Finnish, Swedish and English texts', () => {
    expect(SEEDS.unseen.services.length).toBeGreaterThanOrEqual(35);
    for (const s of SEEDS.unseen.services) {
      expect(s.name.sv && s.name.en, s.slug).toBeTruthy();
      expect(s.summary.sv && s.summary.en, s.slug).toBeTruthy();
    }
  });
});

describe.each(ENGINES)('the search query table on %s', (engine) => {
  let database: Database;
  const outcomes: Outcome[] = [];

  beforeAll(async () => {
    database = await freshDatabase(engine);
    await loadCatalogues(database);
    const options = await catalogueOptions(database.db);
    for (const catalogue of CATALOGUES) {
      const region = regionId(SEEDS[catalogue].code);
      for (const query of queriesOn(catalogue)) {
        const result = await searchServices(
          database.db,
          options,
          { text: query.query, regionId: region },
          query.lang,
          1,
          3,
        );
        const top = result.items.map((x) => FACTS[catalogue].get(x.id));
        const hit =
          query.kind === 'nothing'
            ? result.total === 0
            : top.some((s) => s !== undefined && accepts(query.accept as Accept, catalogue, s));
        outcomes.push({
          query,
          catalogue,
          hit,
          top: top.map((s) => s?.slug ?? '?'),
          total: result.total,
        });
      }
    }
    printTable(engine, outcomes);
  }, 300_000);
  afterAll(async () => database?.close());

  it('every query marked "must" finds an acceptable service in its top 3 on the demo catalogue (or nothing, when nothing fits)', () => {
    const missed = outcomes
      .filter((o) => o.catalogue === 'demo' && o.query.must && !o.hit)
      .map((o) => `${o.query.lang} "${o.query.query}": top 3 ${o.top.join(', ') || '—'}`);
    expect(missed).toEqual([]);
  });

  for (const catalogue of CATALOGUES)
    for (const lang of LANGS)
      it(`${catalogue} catalogue, ${lang}: the top-3 rate is at least ${Math.round(MIN_TOP3[catalogue][lang] * 100)} %`, () => {
        const xs = outcomes.filter(
          (o) => o.catalogue === catalogue && o.query.lang === lang && o.query.kind !== 'nothing',
        );
        expect(xs.length).toBeGreaterThan(0);
        expect(rate(xs)).toBeGreaterThanOrEqual(MIN_TOP3[catalogue][lang]);
      });

  for (const catalogue of CATALOGUES)
    it(`${catalogue} catalogue: the queries that should find nothing find nothing at least ${Math.round(MIN_NOTHING[catalogue] * 100)} % of the time`, () => {
      const xs = outcomes.filter((o) => o.catalogue === catalogue && o.query.kind === 'nothing');
      expect(xs.length).toBeGreaterThan(0);
      expect(rate(xs)).toBeGreaterThanOrEqual(MIN_NOTHING[catalogue]);
    });
});
