/**
 * The matching figure of issue 6: suggestions for one situation over 2,000 services and 500
 * professionals, p50/p95/p99 of in-process calls of suggestionsFor (the candidate SQL and the
 * ranking), next to the baseline: the same candidate SQL alone, sent straight through the
 * driver (pg's pool, or PGlite's own query). A fresh database of its own: the reference data, a
 * generated catalogue of one region (generate.ts) and a generated network of units and
 * professionals with their methods.
 *
 * `benchMatching({ engine, serverUrl })` returns the figures; run alone with
 * `tsx bench/matching.ts` it prints them (PostgreSQL too when TEST_DATABASE_URL or
 * BENCH_DATABASE_URL is set).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { parse } from 'csv-parse/sync';
import { Kysely } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import { loadReferenceData, regionId } from '../src/features/catalogue/seed.ts';
import { candidateQuery, matchingReference } from '../src/features/matching/candidates.ts';
import type { Situation } from '../src/features/matching/matching.ts';
import { suggestionsFor } from '../src/features/matching/suggestions.ts';
import { type Database, type Engine, openDatabase } from '../src/platform/db/index.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import type { DB } from '../src/platform/db/types.ts';
import { stableUuid } from '../src/platform/ids.ts';
import {
  benchDatabaseName,
  createDatabase,
  databaseUrl,
  dropDatabase,
  type Figure,
  figure,
  log,
  pgliteTemplate,
  type RawQuery,
  ROOT,
  sized,
} from './common.ts';
import { generateCatalogue, readReference, writeInBatches } from './generate.ts';

const REGION = 'pohjois-savo';
const DATABASE_NAME = benchDatabaseName('perheverkko_bench_matching');

export interface MatchingBenchOptions {
  engine: Engine;
  /** a PostgreSQL server (the bench makes its own database there); needed for 'postgres' */
  serverUrl?: string;
  services?: number;
  professionals?: number;
  /** measured calls after the warm-up */
  iterations?: number;
  warmup?: number;
}

/** The situation measured: a common one with many candidates (two topics, a method-rich region). */
export const BENCH_SITUATION: Situation = {
  municipality: '297',
  childAges: [4, 9],
  topics: ['TUNTEET_KAYTTAYTYMINEN', 'RAIVOKOHTAUKSET'],
  language: 'fi',
  urgency: 'normal',
  contacter: 'parent',
  remote: true,
};

/** Notes for the closing report: sizes and how many candidates the situation has. */
export const matchingNotes: string[] = [];

export async function benchMatching({
  engine,
  serverUrl,
  services = Number(process.env.BENCH_MATCHING_SERVICES ?? sized(2000, 300)),
  professionals = Number(process.env.BENCH_MATCHING_PROFESSIONALS ?? sized(500, 50)),
  iterations = Number(process.env.BENCH_MATCHING_ITERATIONS ?? sized(300, 30)),
  warmup = sized(50, 5),
}: MatchingBenchOptions): Promise<Figure[]> {
  log(`matching on ${engine}: ${services} services, ${professionals} professionals`);
  const { bench, counts } = await openMatchingBench({ engine, serverUrl, services, professionals });
  try {
    const { db } = bench.database;
    const regionUuid = regionId(REGION);
    const data = await matchingReference(db);
    const compiled = candidateQuery(data, regionUuid, BENCH_SITUATION).compile(db);
    const candidates = (await bench.rawQuery(compiled.sql, compiled.parameters)).length;
    const note = `matching (${engine}): ${counts.services} services, ${counts.units} units, ${counts.professionals} professionals; the situation has ${candidates} candidates`;
    matchingNotes.push(note);
    log(`  ${note}`);

    const now = new Date();
    const [app, baseline] = await timedPair(
      warmup,
      iterations,
      () => suggestionsFor(db, regionUuid, BENCH_SITUATION, 'fi', now),
      // the reference data comes from memory in both; only the statement is measured
      async () => {
        const q = candidateQuery(data, regionUuid, BENCH_SITUATION).compile(db);
        return bench.rawQuery(q.sql, q.parameters);
      },
    );
    log(
      `  suggestionsFor p50 ${app.p50.toFixed(1)} / p95 ${app.p95.toFixed(1)} / p99 ${app.p99.toFixed(1)} ms; ` +
        `candidate SQL alone p50 ${baseline.p50.toFixed(1)} / p95 ${baseline.p95.toFixed(1)} / p99 ${baseline.p99.toFixed(1)} ms`,
    );
    const figures = [
      figure('matching p50', engine, app.p50, 'ms', baseline.p50),
      figure('matching p95', engine, app.p95, 'ms', baseline.p95),
      figure('matching p99', engine, app.p99, 'ms', baseline.p99),
    ];
    // PGlite runs in this process: its CPU time per call is the whole cost, whatever else the
    // machine is doing (on PostgreSQL the server's share would be missing)
    if (engine === 'pglite') {
      log(
        `  CPU per call: suggestionsFor ${app.cpuMs.toFixed(1)} ms, candidate SQL alone ${baseline.cpuMs.toFixed(1)} ms`,
      );
      figures.push(figure('matching CPU per call', engine, app.cpuMs, 'ms', baseline.cpuMs));
    }
    return figures;
  } finally {
    await bench.close();
  }
}

/**
 * A fresh database with the reference data, a generated catalogue of one region and a
 * generated network (`close()` drops it).
 */
export async function openMatchingBench({
  engine,
  serverUrl,
  services,
  professionals,
}: Required<Pick<MatchingBenchOptions, 'engine' | 'services' | 'professionals'>> & { serverUrl?: string }) {
  const bench = engine === 'postgres' ? await openPostgres(serverUrl) : await openPglite();
  try {
    const { db } = bench.database;
    await migrate(bench.database);
    await db.transaction().execute((trx) => loadReferenceData(trx));
    const reference = await readReference(db);
    const region = reference.regions.find((r) => r.code === REGION);
    if (!region) throw new Error(`no region ${REGION} in the reference data`);
    const own = {
      ...reference,
      regions: [region],
      municipalities: reference.municipalities.filter((m) => m.regionId === region.id),
    };
    const records = generateCatalogue(own, { services, seed: 2026 });
    await writeInBatches(db, records);
    const network = await writeNetwork(db, professionals);
    await bench.database.execScript('VACUUM ANALYZE');
    return { bench, counts: { services: records.services.length, ...network } };
  } catch (error) {
    await bench.close();
    throw error;
  }
}

// ---------------------------------------------------------------------- timing

/**
 * The two calls measured in turns, one of each per round, so that both meet the same machine
 * (other load, warm-up, garbage collection): wall-clock percentiles and CPU time per call.
 */
async function timedPair(
  warmup: number,
  iterations: number,
  first: () => Promise<unknown>,
  second: () => Promise<unknown>,
) {
  for (let i = 0; i < warmup; i++) {
    await first();
    await second();
  }
  const runs = [first, second].map(() => ({ times: [] as number[], cpu: 0 }));
  for (let i = 0; i < iterations; i++) {
    for (const [k, work] of [first, second].entries()) {
      const run = runs[k] as (typeof runs)[number];
      const cpu = process.cpuUsage();
      const started = performance.now();
      await work();
      run.times.push(performance.now() - started);
      const used = process.cpuUsage(cpu);
      run.cpu += (used.user + used.system) / 1000;
    }
  }
  return runs.map(({ times, cpu }) => {
    times.sort((a, b) => a - b);
    const at = (q: number) => times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)] ?? 0;
    return { p50: at(0.5), p95: at(0.95), p99: at(0.99), cpuMs: cpu / iterations };
  }) as [Stats, Stats];
}

interface Stats {
  p50: number;
  p95: number;
  p99: number;
  cpuMs: number;
}

// ---------------------------------------------------------------------- databases

export interface MatchingBenchDatabase {
  database: Database;
  rawQuery: RawQuery;
  close(): Promise<void>;
}

async function openPostgres(serverUrl: string | undefined): Promise<MatchingBenchDatabase> {
  if (!serverUrl) throw new Error('the PostgreSQL matching bench needs a server URL');
  await createDatabase(serverUrl, DATABASE_NAME);
  const url = databaseUrl(serverUrl, DATABASE_NAME);
  const database = await openDatabase({ engine: 'postgres', url });
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  return {
    database,
    rawQuery: async (sql, parameters) => (await pool.query(sql, [...parameters])).rows,
    async close() {
      await pool.end();
      await database.close();
      await dropDatabase(serverUrl, DATABASE_NAME);
    },
  };
}

/** In-memory PGlite, opened here to keep a handle on its own query() for the baseline. */
async function openPglite(): Promise<MatchingBenchDatabase> {
  const pglite = await PGlite.create({ extensions: { pg_trgm }, ...pgliteTemplate() });
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite) });
  const database: Database = {
    engine: 'pglite',
    db,
    execScript: async (sql) => {
      await pglite.exec(sql);
    },
    listen: async (channel, onMessage) => {
      const stop = await pglite.listen(channel, onMessage);
      return async () => stop();
    },
    close: async () => {
      await db.destroy();
      if (!pglite.closed) await pglite.close();
    },
  };
  return {
    database,
    rawQuery: async (sql, parameters) => (await pglite.query(sql, [...parameters])).rows,
    close: () => database.close(),
  };
}

// ---------------------------------------------------------------------- the network

/** mulberry32, as generate.ts: the same seed gives the same network. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  return { next, int, pick, chance: (p: number) => next() < p };
}

/** The service types whose services get units in the registry. */
const NETWORK_TYPES = [
  'PERHENEUVOLA',
  'PERHETYO',
  'NEUVOLA_AITIYS_LAPSI',
  'LASTENPSYKIATRIA',
  'NUORISOASEMA',
  'KOULUPSYKOLOGI',
  'KOULUKURAATTORI',
  'PAIHDEPALVELUT',
  'PERHEOIKEUS',
  'KOTIPALVELU_LAPSIPERHE',
];

/** Units for services of the network's types, and `professionals` professionals among them. */
async function writeNetwork(db: Kysely<DB>, professionals: number) {
  const rng = prng(614);
  const methods = (
    parse(readFileSync(join(ROOT, 'data/seed/reference/methods.csv'), 'utf8'), {
      columns: true,
      skip_empty_lines: true,
      trim: true,
    }) as Record<string, string>[]
  ).map((r) => ({ code: String(r.code), name: { fi: String(r.name_fi), en: String(r.name_en) } }));
  await db
    .insertInto('method')
    .values(methods.map((m) => ({ code: m.code, name: JSON.stringify(m.name), description: null })))
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();

  const services = await db
    .selectFrom('service')
    .innerJoin('service_taxonomy_term as stt', 'stt.service_id', 'service.id')
    .innerJoin('taxonomy_term as tt', 'tt.id', 'stt.taxonomy_term_id')
    .select(['service.id', 'service.organization_id'])
    .select((eb) =>
      eb
        .selectFrom('service_at_location as sal')
        .innerJoin('location', 'location.id', 'sal.location_id')
        .select('location.municipality_code')
        .whereRef('sal.service_id', '=', 'service.id')
        .limit(1)
        .as('municipality'),
    )
    .where('service.region_id', '=', regionId(REGION))
    .where('service.status', '=', 'active')
    .where('tt.code', 'in', NETWORK_TYPES)
    .orderBy('service.id')
    .distinct()
    .execute();
  const unitCount = Math.max(1, Math.round(professionals / 3.3));
  const chosen = services
    .filter(() => rng.chance(Math.min(1, unitCount / Math.max(1, services.length))))
    .slice(0, unitCount);
  const now = Date.now();
  const units = chosen.map((s, i) => ({
    id: stableUuid('unit', `bench-matching/${i}`),
    organization_id: s.organization_id,
    name: JSON.stringify({ fi: `Yksikkö ${i + 1}` }),
    code: `BENCH-U${i + 1}`,
    service_id: s.id,
    municipality_code: s.municipality,
    email: null,
    remote_possible: rng.chance(0.5),
    languages: rng.chance(0.1) ? ['fi', 'sv'] : ['fi'],
    free_slots_per_week: rng.int(0, 8),
    wait_days: rng.chance(0.9) ? rng.int(0, 60) : null,
    active: true,
    updated_at: new Date(now - rng.int(0, 120) * 86_400_000),
  }));
  if (units.length > 0) await db.insertInto('unit').values(units).execute();
  const people = Array.from({ length: professionals }, (_, i) => ({
    id: stableUuid('professional', `bench-matching/${i}`),
    code: `BENCH-P${i + 1}`,
    unit_id: (units[i % Math.max(1, units.length)] as (typeof units)[number]).id,
    staff_user_id: null,
    name: `Ammattilainen ${i + 1}`,
    title: null,
    fte: rng.pick([0.5, 0.8, 1]),
    languages: rng.chance(0.08) ? ['fi', 'en'] : ['fi'],
    remote_possible: rng.chance(0.5),
    active: rng.chance(0.95),
  }));
  for (let i = 0; i < people.length; i += 500)
    await db
      .insertInto('professional')
      .values(people.slice(i, i + 500))
      .execute();
  const trained = people.flatMap((p) => {
    const codes = new Set<string>();
    const n = rng.int(0, 3);
    for (let k = 0; k < n; k++) codes.add(rng.pick(methods).code);
    return [...codes].map((code) => ({ professional_id: p.id, method_code: code }));
  });
  if (trained.length > 0) await db.insertInto('professional_method').values(trained).execute();
  return { units: units.length, professionals: people.length };
}

// ---------------------------------------------------------------------- alone

if (import.meta.url === `file://${process.argv[1]}`) {
  const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  const figures: Figure[] = [];
  if (serverUrl) figures.push(...(await benchMatching({ engine: 'postgres', serverUrl })));
  figures.push(...(await benchMatching({ engine: 'pglite' })));
  console.table(figures);
}
