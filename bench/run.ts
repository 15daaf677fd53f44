/**
 * `npm run bench`: the performance figures of docs/bench.md, each with its ratio to a
 * baseline measured in the same run (ARCHITECTURE.md, "Performance baselines").
 *
 * For each engine (PostgreSQL when TEST_DATABASE_URL or BENCH_DATABASE_URL is set, PGlite
 * always): a fresh database with the reference data and a generated 10,000-service
 * catalogue; the real application and a bare Fastify route that sends the same SQL straight
 * through the driver, both on 127.0.0.1; load from a separate process (load.ts, autocannon).
 * Catalogue search, the client data read (issue 4), contact intake and the contact queue
 * (issue 5, contacts.ts). Then `npm start` from an empty and from an existing data folder.
 * Prints a table, whether the goals are met, and writes bench/results/latest.json.
 *
 * The cross-registry read through the door against the floor of a logged read (issue 11,
 * consent.ts). Consultation intake and the common time of a meeting's poll (issue 12,
 * meetings.ts).
 *
 * `npm run bench -- contacts`: the contact figures only. `npm run bench -- consent`: the
 * cross-registry read only, on a smaller catalogue. `npm run bench -- meetings`: the figures
 * of issue 12 only, on the same smaller catalogue. `npm run bench -- durability`: the
 * SIGKILL test of contact intake (durability.ts). `npm run bench -- metrics`: the metrics page
 * over a year of a million contacts and the refresh of its summaries (issue 13, metrics.ts).
 *
 * `npm run bench -- --quick` (with or without a part): the same parts on small tables with
 * one-second loads, written to bench/results/quick.json (never latest.json): CI's smoke test of
 * the bench (test/bench-smoke.test.ts). BENCH_RESULTS_DIR: another folder for the results.
 * Progress on stdout: the parts numbered, each line with the time since the start.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import Fastify, { type FastifyInstance } from 'fastify';
import { Kysely } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import {
  catalogueOptions,
  runSearch,
  type SearchRow,
  searchContext,
  searchServices,
} from '../src/features/catalogue/catalogue.ts';
import { PAGE_SIZE } from '../src/features/catalogue/routes.ts';
import { DEMO_REGION_DIR, loadReferenceData } from '../src/features/catalogue/seed.ts';
import { type Database, type Engine, openDatabase } from '../src/platform/db/index.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import type { DB } from '../src/platform/db/types.ts';
import { voikkoStatus } from '../src/platform/voikko.ts';
import { buildBenchApp } from './app.ts';
import { benchClientRead, CLIENT_BARE, CLIENT_READ, clientReadNotes } from './client-read.ts';
import {
  type BenchDatabase,
  benchDatabaseName,
  createDatabase,
  databaseUrl,
  dropDatabase,
  type Figure,
  figure,
  freePort,
  listen,
  log,
  type Measured,
  measure,
  pgliteTemplate,
  QUICK,
  RESULTS_FILE,
  ROOT,
  SECONDS,
  SITE_REGION,
  shownPath,
  sized,
  THROUGHPUT_CONNECTIONS,
  writeResults,
} from './common.ts';
import { benchConsentRead, CONSENT_BARE, CONSENT_READ, consentNotes } from './consent.ts';
import {
  benchContactIntake,
  benchContactQueue,
  contactNotes,
  OPEN_LOOP_P50,
  OPEN_LOOP_P99,
  OPEN_LOOP_RATE,
} from './contacts.ts';
import { benchDurability } from './durability.ts';
import { generateCatalogue, readReference, writeInBatches } from './generate.ts';
import { benchGrowth } from './growth.ts';
import { benchMatching, matchingNotes } from './matching.ts';
import {
  benchCommonTime,
  benchConsultationIntake,
  COMMON_TIME,
  COMMON_TIME_GOAL_MS,
  CONSULTATION_P99,
  CONSULTATION_THROUGHPUT,
  meetingNotes,
} from './meetings.ts';
import { benchMetrics, METRICS_CONTACTS, METRICS_GOAL_MS, METRICS_PAGE, metricsNotes } from './metrics.ts';
import {
  benchScaleOut,
  SCALE_CPU_INTAKE,
  SCALE_CPU_SEARCH,
  SCALE_GOAL,
  SCALE_INTAKE,
  SCALE_SEARCH,
  scaleOutNotes,
} from './scale-out.ts';

const SERVICES = Number(process.env.BENCH_SERVICES ?? sized(10_000, 300));
/** `-- consent` and `-- meetings` need only a few organisations of the catalogue: a smaller one is made faster */
const CONSENT_SERVICES = Math.min(SERVICES, 1_000);
const BENCH_DATABASE = benchDatabaseName('perheverkko_bench');
/** closed contacts in the queue's history: a million on PostgreSQL (issue 5), fewer on PGlite */
const QUEUE_HISTORY = {
  postgres: Number(process.env.BENCH_QUEUE_HISTORY ?? sized(1_000_000, 2_000)),
  pglite: Number(process.env.BENCH_QUEUE_HISTORY_PGLITE ?? sized(100_000, 2_000)),
};
/** concurrent connections of the intake figures (contacts, consultations): 200 on PostgreSQL (issue 5) */
const INTAKE_CONNECTIONS = { postgres: 200, pglite: 20 };
/** issue 15: `npm start` on a new DATA_DIR with the demo region, from the command to ready */
const START_GOAL_MS = 3000;
/** PostgreSQL's `date`: read as its 'YYYY-MM-DD' text, as platform/db does */
const DATE_OID = 1082;

/**
 * What families type: service names in their inflected forms (the stemmer's work), words
 * for a problem (topic keywords), a typo (trigrams), compounds and two-word queries.
 */
const QUERIES = [
  'perheneuvola',
  'perheneuvolaan',
  'neuvolassa',
  'neuvola',
  'lastenneuvola',
  'kuraattorille',
  'koulukuraattori',
  'lapsi ei nuku',
  'perheneuvla',
  'nuorisoasema',
  'nuorisoasemalle',
  'eroneuvonta',
  'avioero',
  'puheterapia',
  'lapsi ei puhu',
  'uhmaikä',
  'kiusaaminen koulussa',
  'nuoren päihteet',
  'perhetyö',
  'kotipalvelu',
  'vauva ei syö',
  'synnytyksen jälkeinen masennus',
  'adhd',
  'väkivalta',
  'turvakoti',
  'lastenvalvoja',
  'päiväkoti',
  'vertaistuki',
  'perhekahvila',
  'kriisiapu',
  // issue 14: needs in a family's words, compounds no text has, a domain synonym
  'koulupoissaolo',
  'kouluahdistus',
  'lapsi ei halua mennä kouluun',
  'ahdistus',
  'parisuhdeterapia',
];

// ---------------------------------------------------------------------- databases

const createBenchDatabase = (serverUrl: string) => createDatabase(serverUrl, BENCH_DATABASE);
const dropBenchDatabase = (serverUrl: string) => dropDatabase(serverUrl, BENCH_DATABASE);

/**
 * The application's pool has 10 connections, the default of platform/db that `npm start`
 * uses (there is no setting for it); the baseline's pool has the same 10.
 */
async function openPostgresBench(serverUrl: string): Promise<BenchDatabase> {
  await createBenchDatabase(serverUrl);
  const url = databaseUrl(serverUrl, BENCH_DATABASE);
  const database = await openDatabase({ engine: 'postgres', url });
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  return {
    database,
    url,
    rawQuery: async (sql, parameters) => (await pool.query(sql, [...parameters])).rows,
    async rawTransaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work(async (sql, parameters) => (await client.query(sql, [...parameters])).rows);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    async close() {
      await pool.end();
      await database.close();
      await dropBenchDatabase(serverUrl);
    },
  };
}

/**
 * PGlite runs inside this process, so the application and the baseline share one instance:
 * opened here like platform/db does it (a `date` read as its 'YYYY-MM-DD' text), to keep a
 * handle on PGlite's own query().
 */
async function openPgliteBench(): Promise<BenchDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'perheverkko-bench-'));
  const pglite = await PGlite.create(join(dataDir, 'pglite'), {
    extensions: { pg_trgm },
    parsers: { [DATE_OID]: (value: string) => value },
    ...pgliteTemplate(),
  });
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
    url: null,
    rawQuery: async (sql, parameters) => (await pglite.query(sql, [...parameters])).rows,
    rawTransaction: (work) =>
      pglite.transaction((tx) =>
        work(async (sql, parameters) => (await tx.query(sql, [...parameters])).rows),
      ),
    async close() {
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Migrations, reference data and the generated catalogue, then VACUUM ANALYZE: the steady
 * state autovacuum reaches after a big import (statistics, and GIN pending lists merged).
 */
async function loadBenchCatalogue(database: Database, services: number) {
  let started = performance.now();
  await migrate(database);
  await database.db.transaction().execute((trx) => loadReferenceData(trx));
  const reference = await readReference(database.db);
  const records = generateCatalogue(reference, { services });
  log(
    `  migrated, reference data, generated ${records.services.length} services, ${records.organizations.length} organisations, ` +
      `${records.locations.length} locations in ${Math.round(performance.now() - started)} ms`,
  );
  started = performance.now();
  await writeInBatches(database.db, records);
  await database.execScript('VACUUM ANALYZE');
  log(`  written with search documents in ${Math.round(performance.now() - started)} ms`);
}

// ---------------------------------------------------------------------- servers and load

/** The region of the bench's site (the page's search): its id. */
async function siteRegionId(bench: BenchDatabase): Promise<string> {
  const region = await bench.database.db
    .selectFrom('region')
    .select('id')
    .where('code', '=', SITE_REGION)
    .executeTakeFirstOrThrow();
  return region.id;
}

/**
 * The limit of this stack: a bare Fastify route that builds the catalogue search's SQL with
 * the application's own searchQuery and sends it through the driver, returning the rows.
 * No HTML, no filter options read per request, no second query. It searches what the page
 * searches, the site's region; with `all=1` every region's services (the whole catalogue).
 */
async function startBaseline(bench: BenchDatabase): Promise<FastifyInstance> {
  const { db } = bench.database;
  const options = await catalogueOptions(db);
  const regionId = await siteRegionId(bench);
  const app = Fastify({ logger: false });
  app.get('/services', async (request) => {
    const { q, all } = request.query as { q?: string; all?: string };
    const whole = all === '1';
    return runSearch(
      async (query) => {
        const { sql, parameters } = query.compile(db);
        return (await bench.rawQuery(sql, parameters)) as SearchRow[];
      },
      options,
      { text: q?.trim() || undefined, ...(whole ? {} : { regionId }) },
      'fi',
      1,
      PAGE_SIZE,
      // the thesaurus and the vocabulary, as the application reads them (cached in the process)
      await searchContext(db, 'fi', whole ? undefined : regionId),
    );
  });
  await app.ready();
  return app;
}

/**
 * The baseline answers what the application finds: same services, same order. The baseline's
 * answer is timed, to name the slow queries (the application's run warmed the cache).
 */
async function checkSameResults(bench: BenchDatabase, baselineUrl: string) {
  const options = await catalogueOptions(bench.database.db);
  const regionId = await siteRegionId(bench);
  const baselineIds = async (q: string) => {
    const response = await fetch(`${baselineUrl}/services?q=${encodeURIComponent(q)}`);
    return ((await response.json()) as { id: string }[]).map((r) => r.id).join();
  };
  const timed: { q: string; total: number; ms: number }[] = [];
  for (const q of QUERIES) {
    const app = await searchServices(bench.database.db, options, { text: q, regionId }, 'fi', 1, PAGE_SIZE);
    const started = performance.now();
    if ((await baselineIds(q)) !== app.items.map((i) => i.id).join()) {
      throw new Error(`baseline and application disagree on "${q}"`);
    }
    timed.push({ q, total: app.total, ms: performance.now() - started });
  }
  timed.sort((a, b) => b.ms - a.ms);
  const show = (t: (typeof timed)[number]) => `"${t.q}" ${t.ms.toFixed(0)} ms (${t.total} matches)`;
  log(`  slowest queries (baseline, once each): ${timed.slice(0, 6).map(show).join(', ')}`);
  log(`  fastest: ${timed.slice(-3).map(show).join(', ')}`);
}

function searchFigures(what: string, engine: Engine, app: Measured, baseline: Measured): Figure[] {
  return [
    figure(`${what} p50`, engine, app.latency.p50, 'ms', baseline.latency.p50),
    figure(`${what} p95`, engine, app.latency.p95, 'ms', baseline.latency.p95),
    figure(`${what} p99`, engine, app.latency.p99, 'ms', baseline.latency.p99),
    figure(
      `${what} p95 (${THROUGHPUT_CONNECTIONS} connections)`,
      engine,
      app.throughput.p95,
      'ms',
      baseline.throughput.p95,
    ),
    figure(`${what} throughput`, engine, app.throughput.throughput, 'req/s', baseline.throughput.throughput),
  ];
}

const query = (q: string) => encodeURIComponent(q);

/** The bare SQL over every region's services, next to the site's region (for information). */
const WHOLE_CATALOGUE_P50 = 'whole-catalogue search p50 (bare SQL, every region, for information)';
const WHOLE_CATALOGUE_P95 = 'whole-catalogue search p95 (bare SQL, every region, for information)';

/**
 * What a run measures: everything, only the contact figures (`npm run bench -- contacts`),
 * only the cross-registry read (`npm run bench -- consent`), only the figures of issue 12
 * (`npm run bench -- meetings`), or only the restated goals of issue 15 (`-- scale-out`:
 * intake closed and open loop, the logged reads against their floor, two processes).
 */
type Mode = 'all' | 'search' | 'contacts' | 'consent' | 'meetings' | 'scale-out';

/** Progress on stdout: each part of the run numbered, `[bench 0:41] (3/15) pglite: …`. */
const progress = { done: 0, total: 0 };
const part = (what: string) => log(`(${++progress.done}/${progress.total}) ${what}`);

/** The parts a run has: per engine its catalogue and what the mode measures on it, then the rest of a full run. */
function countParts(mode: Mode, engines: number): number {
  // two app processes: on PostgreSQL only (engines = 2), in a full run and in -- scale-out
  const twoProcesses = engines === 2 && (mode === 'all' || mode === 'scale-out') ? 1 : 0;
  if (mode === 'scale-out') return engines * 3 + twoProcesses;
  const perEngine = mode === 'all' ? 6 : 2;
  // a full run: matching and metrics on each engine, then the start-up figures
  return engines * perEngine + twoProcesses + (mode === 'all' ? engines * 2 + 1 : 0);
}

async function benchEngine(engine: Engine, serverUrl: string | undefined, mode: Mode): Promise<Figure[]> {
  const services = mode === 'consent' || mode === 'meetings' ? CONSENT_SERVICES : SERVICES;
  part(`${engine}: a catalogue of ${services} services`);
  const bench =
    engine === 'postgres' && serverUrl ? await openPostgresBench(serverUrl) : await openPgliteBench();
  const figures: Figure[] = [];
  let app: FastifyInstance | undefined;
  let baseline: FastifyInstance | undefined;
  try {
    await loadBenchCatalogue(bench.database, services);
    if (mode === 'consent') {
      part(`${engine}: the cross-registry read`);
      figures.push(...(await benchConsentRead(bench, engine)));
      return figures;
    }
    // the real application, as buildBenchApp configures it (production, a region per address)
    app = await buildBenchApp(bench.database);
    const appUrl = await listen(app);
    if (mode === 'scale-out') {
      part(`${engine}: contact intake, closed and open loop`);
      figures.push(...(await benchContactIntake(bench, engine, appUrl, INTAKE_CONNECTIONS[engine])));
      part(`${engine}: the logged reads against their floor`);
      figures.push(...(await benchClientRead(bench, engine)));
      figures.push(...(await benchConsentRead(bench, engine)));
      if (engine === 'postgres') {
        part('postgres: two app processes against one');
        figures.push(...(await benchScaleOut(bench, QUERIES)));
      }
      return figures;
    }
    if (mode === 'contacts') {
      part(`${engine}: contact intake and the queue`);
      figures.push(...(await benchContacts(bench, engine, appUrl)));
      return figures;
    }
    if (mode === 'meetings') {
      part(`${engine}: consultation intake and the common time`);
      figures.push(...(await benchMeetings(bench, engine, appUrl)));
      return figures;
    }
    part(`${engine}: catalogue and HSDS search against the baseline`);
    baseline = await startBaseline(bench);
    const baselineUrl = await listen(baseline);
    await checkSameResults(bench, baselineUrl);

    const json = { accept: 'application/json' };
    const baselineMeasured = await measure(
      baselineUrl,
      QUERIES.map((q) => `/services?q=${query(q)}`),
      json,
    );
    const page = await measure(
      appUrl,
      QUERIES.map((q) => `/fi/services?q=${query(q)}`),
      { accept: 'text/html', 'accept-language': 'fi' },
    );
    figures.push(...searchFigures('catalogue search', engine, page, baselineMeasured));
    // the same bare SQL over every region's services: the whole catalogue in one search
    const whole = await measure(
      baselineUrl,
      QUERIES.map((q) => `/services?q=${query(q)}&all=1`),
      json,
    );
    figures.push(
      figure(WHOLE_CATALOGUE_P50, engine, whole.latency.p50, 'ms', baselineMeasured.latency.p50),
      figure(WHOLE_CATALOGUE_P95, engine, whole.latency.p95, 'ms', baselineMeasured.latency.p95),
    );

    const hsdsPath = (q: string) => `/api/hsds/services?search=${query(q)}&lang=fi`;
    const probe = await fetch(`${appUrl}${hsdsPath(QUERIES[0] ?? 'neuvola')}`, { headers: json });
    if (probe.status === 200) {
      const hsds = await measure(appUrl, QUERIES.map(hsdsPath), json);
      figures.push(...searchFigures('HSDS search', engine, hsds, baselineMeasured));
    } else {
      log(`  GET /api/hsds/services answered ${probe.status}: the HSDS search is not measured`);
    }
    if (mode === 'search') return figures;
    part(`${engine}: the client data read`);
    figures.push(...(await benchClientRead(bench, engine)));
    part(`${engine}: the cross-registry read`);
    figures.push(...(await benchConsentRead(bench, engine)));
    part(`${engine}: contact intake and the queue`);
    figures.push(...(await benchContacts(bench, engine, appUrl)));
    part(`${engine}: consultation intake and the common time`);
    figures.push(...(await benchMeetings(bench, engine, appUrl)));
    if (engine === 'postgres') {
      part('postgres: two app processes against one');
      figures.push(...(await benchScaleOut(bench, QUERIES)));
    }
  } finally {
    await baseline?.close();
    await app?.close();
    await bench.close();
  }
  return figures;
}

/** Contact intake and the contact queue (issue 5), each timed. */
async function benchContacts(bench: BenchDatabase, engine: Engine, appUrl: string): Promise<Figure[]> {
  let started = performance.now();
  const intake = await benchContactIntake(bench, engine, appUrl, INTAKE_CONNECTIONS[engine]);
  log(`  contact intake took ${Math.round((performance.now() - started) / 1000)} s`);
  started = performance.now();
  const queue = await benchContactQueue(bench, engine, appUrl, QUEUE_HISTORY[engine]);
  log(`  contact queue took ${Math.round((performance.now() - started) / 1000)} s`);
  return [...intake, ...queue];
}

/** Consultation intake and the common time of a poll (issue 12), each timed. */
async function benchMeetings(bench: BenchDatabase, engine: Engine, appUrl: string): Promise<Figure[]> {
  let started = performance.now();
  const intake = await benchConsultationIntake(bench, engine, appUrl, INTAKE_CONNECTIONS[engine]);
  log(`  consultation intake took ${Math.round((performance.now() - started) / 1000)} s`);
  started = performance.now();
  const commonTime = await benchCommonTime(bench, engine);
  log(`  the common time took ${Math.round((performance.now() - started) / 1000)} s`);
  return [...intake, ...commonTime];
}

// ---------------------------------------------------------------------- start-up

/**
 * `npm start` itself (npm, then scripts/start.mjs and the bundled server: decision 0019) from the
 * command until GET /health/ready answers 200, in ms; then SIGTERM to all of them.
 */
async function startToReady(env: Record<string, string>): Promise<number> {
  const port = await freePort();
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' };
  if (!env.DATABASE_URL) delete childEnv.DATABASE_URL;
  const started = performance.now();
  // a process group of its own: npm does not pass SIGTERM on to the server under it
  const child = spawn('npm', ['start', '--silent'], {
    cwd: ROOT,
    env: { ...childEnv, LOG_LEVEL: 'warn', NODE_ENV: 'development' },
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true,
  });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}`);
      if (performance.now() - started > 120_000) throw new Error('npm start was not ready in 120 s');
      const ready = await fetch(`http://127.0.0.1:${port}/health/ready`, {
        signal: AbortSignal.timeout(1000),
      })
        .then((r) => r.status === 200)
        .catch(() => false);
      if (ready) return performance.now() - started;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    await stopGroup(child);
  }
}

/** SIGTERM to the child's process group (npm and the server), then SIGKILL after 15 s; until all are gone. */
async function stopGroup(child: ChildProcess) {
  const group = -(child.pid as number);
  const send = (signal: NodeJS.Signals | 0) => {
    try {
      process.kill(group, signal);
      return true;
    } catch {
      return false; // no process left in the group
    }
  };
  if (!send('SIGTERM')) return;
  const killAt = performance.now() + 15_000;
  while (send(0)) {
    if (performance.now() > killAt) send('SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function benchStart(serverUrl: string | undefined): Promise<Figure[]> {
  const seeded = existsSync(join(DEMO_REGION_DIR, 'region.json'));
  const seed = { SEED_DEMO: seeded ? 'true' : 'false' };
  const what = seeded ? 'demo seed' : 'no demo seed: data/seed/pohjois-savo is empty';
  const figures: Figure[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), 'perheverkko-start-'));
  try {
    log(`pglite: npm start on an empty DATA_DIR (${what}), then again on the same folder`);
    const cold = await startToReady({ ...seed, DATA_DIR: dataDir });
    const warm = await startToReady({ ...seed, DATA_DIR: dataDir });
    log(`  ${Math.round(cold)} ms, then ${Math.round(warm)} ms`);
    figures.push(
      figure(
        `cold start to ready (empty DATA_DIR, ${seeded ? 'demo seed' : 'no demo seed'})`,
        'pglite',
        cold,
        'ms',
        START_GOAL_MS,
      ),
      figure('warm restart to ready (existing DATA_DIR)', 'pglite', warm, 'ms', START_GOAL_MS),
    );
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  if (serverUrl) {
    log(`postgres: npm start on an empty database (${what}), then again`);
    await createBenchDatabase(serverUrl);
    try {
      const env = { ...seed, DATABASE_URL: databaseUrl(serverUrl, BENCH_DATABASE) };
      const cold = await startToReady(env);
      const warm = await startToReady(env);
      log(`  ${Math.round(cold)} ms, then ${Math.round(warm)} ms`);
      figures.push(
        figure(
          `cold start to ready (empty database, ${seeded ? 'demo seed' : 'no demo seed'})`,
          'postgres',
          cold,
          'ms',
          START_GOAL_MS,
        ),
        figure('warm restart to ready (existing database)', 'postgres', warm, 'ms', START_GOAL_MS),
      );
    } finally {
      await dropBenchDatabase(serverUrl);
    }
  }
  return figures;
}

// ---------------------------------------------------------------------- report

function printTable(figures: Figure[]) {
  const rows = [
    ['figure', 'engine', 'value', 'unit', 'baseline', 'ratio'],
    ...figures.map((f) => [
      f.figure,
      f.engine,
      f.value === null ? '–' : String(f.value),
      f.unit,
      f.baseline === null ? '–' : String(f.baseline),
      f.ratio === null ? '–' : f.ratio.toFixed(2),
    ]),
  ];
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  const line = (r: string[]) =>
    r
      .map((cell, i) => (i >= 2 && i !== 3 ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join('  ');
  console.log(`\n${line(rows[0] ?? [])}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const r of rows.slice(1)) console.log(line(r));
}

type Goal = (
  text: string,
  f: Figure | undefined,
  met: (f: Figure) => boolean,
  show: (f: Figure) => string,
) => void;

/**
 * The goals of issue 15, restated so that they can be judged: each against a baseline of the
 * same run, on PostgreSQL (PGlite for information).
 */
function printRestatedGoals(figures: Figure[], goal: Goal) {
  const exact = (name: string, engine: Engine) =>
    figures.find((f) => f.engine === engine && f.figure === name);
  const throughput = (f: Figure) => `${f.value} req/s = ${f.ratio} × ${f.baseline}`;
  console.log('\nGoals (issue 15, restated; issues 4 and 5):');
  for (const engine of ['postgres', 'pglite'] as const) {
    const note = engine === 'pglite' ? ' [PGlite, for information]' : '';
    const suffix = engine === 'pglite' ? ` (${INTAKE_CONNECTIONS.pglite} connections)` : '';
    goal(
      `contact intake throughput ≥ 0.7 × the bare inserts', closed loop, ${INTAKE_CONNECTIONS[engine]} connections, on ${engine}${note}`,
      exact(`contact intake throughput${suffix}`, engine),
      (f) => (f.ratio ?? 0) >= 0.7,
      throughput,
    );
  }
  const rate = exact(OPEN_LOOP_RATE, 'postgres');
  const p50 = exact(OPEN_LOOP_P50, 'postgres');
  goal(
    "contact intake p99 ≤ 2 × the bare inserts' p99, open loop at half the bare inserts' throughput, on postgres",
    exact(OPEN_LOOP_P99, 'postgres'),
    (f) => (f.ratio ?? Infinity) <= 2,
    (f) =>
      `${f.value} ms = ${f.ratio} × ${f.baseline} ms` +
      (rate ? ` at ${rate.baseline} req/s answered (the application ${rate.value})` : '') +
      (p50 ? `; p50 ${p50.value} ms against ${p50.baseline}` : ''),
  );
  const closedP99 = exact('contact intake p99', 'postgres');
  if (closedP99)
    console.log(
      `INFO     contact intake p99 in the closed loop (${INTAKE_CONNECTIONS.postgres} connections: mostly ` +
        `connections ÷ throughput, no goal): ${closedP99.value} ms, the bare inserts ${closedP99.baseline} ms`,
    );
  for (const engine of ['postgres', 'pglite'] as const) {
    const note = engine === 'pglite' ? ' [PGlite, for information]' : '';
    goal(
      `client data read through the door ≥ 0.8 × the floor's throughput (SELECT + one durable log row) on ${engine}${note}`,
      exact(`${CLIENT_READ} throughput`, engine),
      (f) => (f.ratio ?? 0) >= 0.8,
      throughput,
    );
    const bare = exact(`${CLIENT_BARE} throughput`, engine);
    if (bare)
      console.log(`INFO     ${CLIENT_BARE} on ${engine}: ${bare.value} req/s (floor ${bare.baseline} req/s)`);
  }
  for (const note of clientReadNotes) console.log(note);
  for (const [name, cpu, what] of [
    [SCALE_INTAKE, SCALE_CPU_INTAKE, 'contact intake'],
    [SCALE_SEARCH, SCALE_CPU_SEARCH, 'catalogue search'],
  ] as const) {
    const busy = exact(cpu, 'postgres');
    goal(
      `${what} throughput with two processes ≥ ${SCALE_GOAL} × one process, on postgres (or the profile says why not)`,
      exact(name, 'postgres'),
      (f) => (f.ratio ?? 0) >= SCALE_GOAL,
      (f) =>
        `${f.value} req/s = ${f.ratio} × ${f.baseline}` +
        (busy ? `; CPUs busy ${busy.value} with two, ${busy.baseline} with one` : ''),
    );
  }
  for (const note of scaleOutNotes) console.log(note);
}

/** The goals of issue 11: the cross-registry read through the door against its floor. */
function printConsentGoals(figures: Figure[], goal: Goal) {
  const find = (name: string, engine: Engine) =>
    figures.find((f) => f.engine === engine && f.figure.startsWith(name));
  console.log('\nGoals (issue 11):');
  for (const engine of ['postgres', 'pglite'] as const) {
    const note = engine === 'pglite' ? ' [PGlite, for information]' : '';
    goal(
      `cross-registry read through the door p95 ≤ 20 ms on ${engine}${note}`,
      find(`${CONSENT_READ} p95`, engine),
      (f) => (f.value ?? Infinity) <= 20,
      (f) => `${f.value} ms (floor ${f.baseline} ms)`,
    );
    goal(
      `cross-registry read through the door ≥ 0.8 × the floor's throughput (SELECT + one durable log row) on ${engine}${note}`,
      find(`${CONSENT_READ} throughput`, engine),
      (f) => (f.ratio ?? 0) >= 0.8,
      (f) => `${f.value} req/s = ${f.ratio} × ${f.baseline}`,
    );
    const bare = find(`${CONSENT_BARE} throughput`, engine);
    if (bare)
      console.log(
        `INFO     ${CONSENT_BARE} on ${engine}: ${bare.value} req/s (floor ${bare.baseline} req/s)`,
      );
  }
  for (const note of consentNotes) console.log(note);
}

/** The goals of issues 3, 4, 5, 11, 12, 13 and 15; of a `-- scale-out` run only those it measured (15, 11). */
function printGoals(figures: Figure[], mode: Mode | 'metrics' = 'all') {
  const find = (name: string, engine: Engine) =>
    figures.find((f) => f.engine === engine && f.figure.startsWith(name));
  const goal: Goal = (text, f, met, show) =>
    console.log(`${f ? (met(f) ? 'MET    ' : 'NOT MET') : 'NOT RUN'}  ${text}${f ? `: ${show(f)}` : ''}`);
  if (mode === 'scale-out') {
    printRestatedGoals(figures, goal);
    printConsentGoals(figures, goal);
    return;
  }
  console.log('\nGoals (issue 3):');
  for (const engine of ['postgres', 'pglite'] as const) {
    const note = engine === 'pglite' ? ' [PGlite, for information]' : '';
    goal(
      `catalogue search p95 ≤ 20 ms on ${engine}${note}`,
      find('catalogue search p95', engine),
      (f) => (f.value ?? Infinity) <= 20,
      (f) => `${f.value} ms`,
    );
    goal(
      `catalogue search throughput ≥ 0.7 × baseline on ${engine}${note}`,
      find('catalogue search throughput', engine),
      (f) => (f.ratio ?? 0) >= 0.7,
      (f) => `${f.value} req/s = ${f.ratio} × ${f.baseline}`,
    );
    goal(
      `cold start ≤ 3 s on ${engine}${engine === 'pglite' ? ' (npm start default)' : ''}`,
      find('cold start to ready', engine),
      (f) => (f.value ?? Infinity) <= START_GOAL_MS,
      (f) => `${f.value} ms`,
    );
  }
  printRestatedGoals(figures, goal);
  console.log('\nGoals (issue 5):');
  for (const engine of ['postgres', 'pglite'] as const) {
    goal(
      `contact queue p95 ≤ 50 ms on ${engine} (${QUEUE_HISTORY[engine].toLocaleString('en')} closed contacts)` +
        (engine === 'pglite' ? ' [PGlite, for information]' : ''),
      find('contact queue p95', engine),
      (f) => (f.value ?? Infinity) <= 50,
      (f) => `${f.value} ms (baseline ${f.baseline} ms)`,
    );
  }
  for (const note of contactNotes) console.log(note);
  printConsentGoals(figures, goal);
  console.log('\nGoals (issue 12):');
  for (const engine of ['postgres', 'pglite'] as const) {
    const note = engine === 'pglite' ? ' [PGlite, for information]' : '';
    goal(
      `common time (8 participants × 6 times) through the door p95 ≤ ${COMMON_TIME_GOAL_MS} ms on ${engine}${note}`,
      find(COMMON_TIME, engine),
      (f) => (f.value ?? Infinity) <= COMMON_TIME_GOAL_MS,
      (f) => `${f.value} ms (the bare SELECT of the votes ${f.baseline} ms)`,
    );
    const throughput = find(CONSULTATION_THROUGHPUT, engine);
    const p99 = find(CONSULTATION_P99, engine);
    if (throughput && p99)
      console.log(
        `INFO     consultation intake on ${engine}, ${INTAKE_CONNECTIONS[engine]} connections: ` +
          `${throughput.value} req/s = ${throughput.ratio} × the bare inserts' ${throughput.baseline}; ` +
          `p99 ${p99.value} ms (baseline ${p99.baseline} ms)`,
      );
  }
  for (const note of meetingNotes) console.log(note);
  console.log('\nGoals (issue 13):');
  for (const engine of ['postgres', 'pglite'] as const) {
    const note = engine === 'pglite' ? ' [PGlite, for information]' : '';
    const year = `a year of ${METRICS_CONTACTS[engine].toLocaleString('en')} contacts`;
    for (const scope of ['region', 'municipality'])
      goal(
        `metrics page p95 ≤ ${METRICS_GOAL_MS} ms on ${engine}, ${year}, ${scope}${note}`,
        figures.find(
          (f) => f.engine === engine && f.figure.startsWith(METRICS_PAGE) && f.figure.includes(scope),
        ),
        (f) => (f.value ?? Infinity) <= METRICS_GOAL_MS,
        (f) => `${f.value} ms (the report's SQL alone ${f.baseline} ms)`,
      );
  }
  for (const note of metricsNotes) console.log(note);
}

const USAGE =
  'npm run bench [-- --quick] [-- search | -- contacts | -- consent | -- meetings | -- matching | -- metrics | -- durability | -- scale-out]';

async function main() {
  const serverUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || undefined;
  if (!serverUrl) log('TEST_DATABASE_URL / BENCH_DATABASE_URL not set: PGlite only');
  const args = process.argv.slice(2);
  const unknownFlag = args.find((a) => a.startsWith('-') && a !== '--quick');
  const positional = args.filter((a) => !a.startsWith('-'));
  const argument = positional[0];
  if (unknownFlag !== undefined || positional.length > 1)
    throw new Error(`unknown argument ${unknownFlag ?? positional[1]}: ${USAGE}`);
  if (QUICK)
    log(
      `quick run: small tables (${SERVICES} services), ${SECONDS} s loads, no warm-ups; ` +
        `figures for the format only, written to ${shownPath(RESULTS_FILE)}`,
    );
  if (argument === 'durability') return benchDurability(serverUrl);
  if (argument === 'growth') {
    // the requests as the tables grow 1×, 10×, 100× (growth.ts, docs/scale.md); PostgreSQL only
    const figures = await benchGrowth(serverUrl);
    printTable(figures);
    if (figures.length > 0) writeResults(figures, (f) => !f.figure.startsWith('growth '));
    return;
  }
  if (argument === 'matching') {
    const figures: Figure[] = [];
    if (serverUrl) figures.push(...(await benchMatching({ engine: 'postgres', serverUrl })));
    figures.push(...(await benchMatching({ engine: 'pglite', serverUrl: undefined })));
    printTable(figures);
    for (const note of matchingNotes) console.log(note);
    writeResults(figures, (f) => !f.figure.startsWith('matching'));
    return;
  }
  if (argument === 'metrics') {
    mkdirSync(dirname(RESULTS_FILE), { recursive: true });
    const figures: Figure[] = [];
    if (serverUrl) figures.push(...(await benchMetrics({ engine: 'postgres', serverUrl })));
    figures.push(...(await benchMetrics({ engine: 'pglite' })));
    printTable(figures);
    printGoals(figures);
    writeResults(figures, () => true);
    return;
  }
  if (
    argument !== undefined &&
    !['search', 'contacts', 'consent', 'meetings', 'scale-out'].includes(argument)
  ) {
    throw new Error(`unknown argument ${argument}: ${USAGE}`);
  }
  const mode = (argument ?? 'all') as Mode;
  progress.total = countParts(mode, serverUrl ? 2 : 1);
  const started = performance.now();
  // bench/results is not in the repository: a fresh clone has none yet
  mkdirSync(dirname(RESULTS_FILE), { recursive: true });
  const load = () =>
    loadavg()
      .map((n) => n.toFixed(1))
      .join(' ');
  log(`${cpus().length} CPUs, load average ${load()} (other work on this machine skews every figure)`);
  const morphology = voikkoStatus();
  log(`search morphology: ${morphology.morphology} (${morphology.reason})`);
  const figures: Figure[] = [];
  if (serverUrl) figures.push(...(await benchEngine('postgres', serverUrl, mode)));
  figures.push(...(await benchEngine('pglite', undefined, mode)));
  if (mode === 'all') {
    // issue 6: matching over 2,000 services and 500 professionals
    if (serverUrl) {
      part('postgres: matching');
      figures.push(...(await benchMatching({ engine: 'postgres', serverUrl })));
    }
    part('pglite: matching');
    figures.push(...(await benchMatching({ engine: 'pglite', serverUrl: undefined })));
    // issue 13: the metrics page over a year of a million contacts, and its refresh
    if (serverUrl) {
      part('postgres: the metrics page and its refresh');
      figures.push(...(await benchMetrics({ engine: 'postgres', serverUrl })));
    }
    part('pglite: the metrics page and its refresh');
    figures.push(...(await benchMetrics({ engine: 'pglite' })));
    part('npm start to ready');
    figures.push(...(await benchStart(serverUrl)));
  }

  printTable(figures);
  printGoals(figures, mode);
  // The durability figures come from `npm run bench -- durability` only: kept from the last
  // file. A contacts-, consent- or meetings-only run keeps every other figure too.
  writeResults(figures, (f) => mode !== 'all' || f.figure.startsWith('durability'));
  for (const note of matchingNotes) console.log(note);
  log(`load average at the end ${load()}`);
  log(`written ${shownPath(RESULTS_FILE)} after ${Math.round((performance.now() - started) / 1000)} s`);
}

await main();
