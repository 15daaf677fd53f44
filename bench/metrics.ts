/**
 * The metrics figure of issue 13 ("Measured, in `npm run bench`"): the shared metrics page for
 * a year over 1,000,000 contacts (100,000 on PGlite), for the region and for one municipality,
 * next to the same aggregate SQL from a bare route; and how long the summaries take to refresh.
 *
 * A fresh database of its own: the reference data, the demo catalogue, the demo users and the
 * demo network (its units receive the handoffs), the region's population (2025). Then a year
 * (2026) of the region's contacts made with set-based SQL on the database (not through the
 * API): spread over the municipalities by population, the channels, contacters, languages,
 * topics and children's ages; first responses 0–6 working days after arrival (most within 3);
 * 90 % closed with their outcomes; families repeating by e-mail or phone; 15 % with a handoff to
 * a unit of the demo network (accepted, declined, expired, completed …) and its events;
 * feedback for 25 % of the closed ones. The clock is fixed at 31.12.2026 14.00 Helsinki, so the
 * year is full.
 *
 * Measured: the first full refresh of the summaries (refreshMetrics), an incremental refresh
 * after 1,000 new contacts, and GET /fi/staff/metrics?from=2026-01&to=2026-12 (and
 * &municipality=297) as a signed-in manager (a session row as platform/auth/session.ts stores
 * it) against the baseline: a bare Fastify route that sends the statements buildMetricsReport
 * sends (captured from it with a Kysely plugin), in the same order and parallelism, straight
 * through the driver (pg.Pool of 10, or PGlite's own query()), and returns the rows as JSON.
 * Latency at one connection from a separate process (load.ts). Each captured statement is then
 * timed alone and the slowest is EXPLAIN (ANALYZE, BUFFERS)ed (bench/results/metrics-plan-<engine>.txt).
 */
import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import Fastify from 'fastify';
import { type CompiledQuery, Kysely, type KyselyPlugin } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import { buildApp } from '../src/app.ts';
import { prepareCatalogue } from '../src/features/catalogue/index.ts';
import { seedDemoUsers, staffUserId } from '../src/features/identity/demo.ts';
import { refreshMetrics } from '../src/features/metrics/refresh.ts';
import { buildMetricsReport } from '../src/features/metrics/report.ts';
import { prepareNetwork } from '../src/features/network/index.ts';
import { sessionId } from '../src/platform/auth/session.ts';
import { type Database, type Engine, openDatabase } from '../src/platform/db/index.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import type { DB } from '../src/platform/db/types.ts';
import { createLogger } from '../src/platform/logger.ts';
import { addWorkingDays } from '../src/platform/working-days.ts';
import {
  benchDatabaseName,
  createDatabase,
  databaseUrl,
  dropDatabase,
  type Figure,
  figure,
  listen,
  log,
  ms,
  pgliteTemplate,
  type RawQuery,
  runLoad,
  SECONDS,
  showLoad,
  sized,
  WARMUP_SECONDS,
  writeResultFile,
} from './common.ts';

const REGION = 'pohjois-savo';
/** the municipality of the second figure: Kuopio */
const MUNICIPALITY = '297';
const DATABASE_NAME = benchDatabaseName('perheverkko_bench_metrics');
/** the app's clock: 31.12.2026 14.00 in Helsinki, so that 2026 is a full year */
const NOW = new Date('2026-12-31T12:00:00Z');
/** the year's first instant, Helsinki midnight 1.1.2026 */
const YEAR_START = new Date('2025-12-31T22:00:00Z');
const YEAR = 2026;
/** contacts of the year: a million on PostgreSQL (issue 13), fewer on PGlite */
export const METRICS_CONTACTS = {
  postgres: Number(process.env.BENCH_METRICS_CONTACTS ?? sized(1_000_000, 2_000)),
  pglite: Number(process.env.BENCH_METRICS_CONTACTS_PGLITE ?? sized(100_000, 2_000)),
};
/** new contacts before the incremental refresh */
const NEW_CONTACTS = sized(1_000, 100);
export const METRICS_GOAL_MS = 300;
export const METRICS_PAGE = 'metrics page p95';
/** What the goals of issue 13 print besides the figures. */
export const metricsNotes: string[] = [];

const HELSINKI = 'Europe/Helsinki';
const DATE_OID = 1082;
const DAY_MS = 86_400_000;
/** days of the working-day tables passed to the generator: the year and a month after it */
const DAYS = 400;
/** working days to the first response: 0–6, most within 3 */
const RESPONSE_DAYS = 7;

// ---------------------------------------------------------------------- databases

interface MetricsBenchDatabase {
  database: Database;
  rawQuery: RawQuery;
  /** BEGIN … COMMIT on one connection of the driver (ROLLBACK when work throws) */
  rawTransaction<T>(work: (query: RawQuery) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

async function openPostgres(serverUrl: string): Promise<MetricsBenchDatabase> {
  await createDatabase(serverUrl, DATABASE_NAME);
  const url = databaseUrl(serverUrl, DATABASE_NAME);
  const database = await openDatabase({ engine: 'postgres', url });
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  return {
    database,
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
      await dropDatabase(serverUrl, DATABASE_NAME);
    },
  };
}

/** In-memory PGlite (a `date` read as its 'YYYY-MM-DD' text, as platform/db does), with a handle on its own query(). */
async function openPglite(): Promise<MetricsBenchDatabase> {
  const pglite = await PGlite.create({
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
    rawQuery: async (sql, parameters) => (await pglite.query(sql, [...parameters])).rows,
    rawTransaction: (work) =>
      pglite.transaction((tx) =>
        work(async (sql, parameters) => (await tx.query(sql, [...parameters])).rows),
      ),
    close: () => database.close(),
  };
}

// ---------------------------------------------------------------------- the data

interface Region {
  regionId: string;
  contactPoint: string;
  /** municipality codes repeated in proportion to their population (a weighted pick by index) */
  weighted: string[];
  municipalities: number;
  topics: string[];
  counsellors: string[];
  units: { id: string; organizationId: string; serviceId: string }[];
}

async function regionFacts(bench: MetricsBenchDatabase): Promise<Region> {
  const [region] = (await bench.rawQuery(
    `SELECT r.id, coalesce(r.contact_point_organization_id, (
       SELECT o.id FROM organization o WHERE o.region_id = r.id AND o.kind = 'region' ORDER BY o.id LIMIT 1)) AS contact_point
     FROM region r WHERE r.code = $1`,
    [REGION],
  )) as { id: string; contact_point: string | null }[];
  if (!region?.contact_point) throw new Error(`${REGION} has no contact point organisation`);
  const municipalities = (await bench.rawQuery(
    'SELECT code, coalesce(population, 1000) AS population FROM municipality WHERE region_id = $1 ORDER BY code',
    [region.id],
  )) as { code: string; population: number }[];
  const total = municipalities.reduce((sum, m) => sum + Number(m.population), 0);
  // 2,000 slots, each municipality at least one
  const weighted = municipalities.flatMap((m) =>
    Array<string>(Math.max(1, Math.round((2000 * Number(m.population)) / total))).fill(m.code),
  );
  const topics = (
    (await bench.rawQuery(
      `SELECT tt.code FROM taxonomy_term tt JOIN taxonomy t ON t.id = tt.taxonomy_id WHERE t.code = 'topic' ORDER BY tt.code`,
      [],
    )) as { code: string }[]
  ).map((t) => t.code);
  const units = (
    (await bench.rawQuery(
      `SELECT u.id, u.organization_id, u.service_id FROM unit u JOIN organization o ON o.id = u.organization_id
       WHERE o.region_id = $1 AND u.service_id IS NOT NULL AND u.active ORDER BY u.id`,
      [region.id],
    )) as { id: string; organization_id: string; service_id: string }[]
  ).map((u) => ({ id: u.id, organizationId: u.organization_id, serviceId: u.service_id }));
  if (units.length === 0) throw new Error('the demo network has no units with a service');
  if (topics.length === 0) throw new Error('no topics in the reference data');
  const counsellors = ['neuvoja', 'neuvoja2'].map(staffUserId);
  return {
    regionId: region.id,
    contactPoint: region.contact_point,
    weighted,
    municipalities: municipalities.length,
    topics,
    counsellors,
    units,
  };
}

/**
 * The working-day tables the generator indexes by the Helsinki day of an instant (day 0 =
 * 1.1.2026): the promised day (3 working days after) and the day k working days after
 * (k = 0: the day itself, or the next working day), as the contact clock counts them.
 */
function workingDayTables() {
  const respondBy: string[] = [];
  const after: string[] = [];
  for (let d = 0; d < DAYS; d++) {
    const day = new Date(Date.UTC(YEAR, 0, 1) + d * DAY_MS).toISOString().slice(0, 10);
    respondBy.push(addWorkingDays(day, 3));
    for (let k = 0; k < RESPONSE_DAYS; k++) after.push(addWorkingDays(day, k));
  }
  return { respondBy, after };
}

/**
 * Contacts `first`…`first + count - 1` of the region, received evenly over `spanMs` from
 * `start` with some jitter. $-parameters: see `contactParameters`.
 */
const CONTACTS_SQL = `
INSERT INTO contact (id, reference, region_id, registry_organization_id, client_id, idempotency_key,
  request_hash, status_token_hash, channel, contacter, municipality_code, child_ages, topics, language,
  anonymous, contact_name, reply_channel, phone, email, reach_time, urgency, safety, state, assigned_to,
  assigned_at, received_at, respond_by, first_response_at, closed_at, outcome, logged_by, version, updated_at)
SELECT ('00000000-0000-4000-8000-' || lpad(to_hex(i), 12, '0'))::uuid,
  'PV-B-' || i, $1, $2, NULL,
  ('00000000-0000-4000-9000-' || lpad(to_hex(i), 12, '0'))::uuid, md5(i::text), lpad(to_hex(i), 64, '0'),
  CASE WHEN r.c < 0.70 THEN 'web' WHEN r.c < 0.95 THEN 'phone' ELSE 'walk_in' END,
  CASE WHEN r.w < 0.75 THEN 'parent' WHEN r.w < 0.87 THEN 'young_person' ELSE 'professional' END,
  CASE WHEN r.m < 0.02 THEN NULL ELSE ($3::text[])[1 + floor(r.m * cardinality($3::text[]))::int] END,
  CASE WHEN r.a < 0.05 THEN '{}'::smallint[]
       WHEN r.a < 0.60 THEN ARRAY[floor(r.a2 * 18)::smallint]
       WHEN r.a < 0.90 THEN ARRAY[floor(r.a2 * 18)::smallint, floor(r.a3 * 18)::smallint]
       ELSE ARRAY[floor(r.a2 * 18)::smallint, floor(r.a3 * 18)::smallint, floor(r.w * 18)::smallint] END,
  CASE WHEN r.t1 < 0.50 THEN ARRAY[($4::text[])[1 + floor(r.t2 * cardinality($4::text[]))::int]]
       WHEN r.t1 < 0.85 THEN ARRAY[($4::text[])[1 + floor(r.t2 * cardinality($4::text[]))::int],
                                   ($4::text[])[1 + floor(r.t3 * cardinality($4::text[]))::int]]
       ELSE ARRAY[($4::text[])[1 + floor(r.t2 * cardinality($4::text[]))::int],
                  ($4::text[])[1 + floor(r.t3 * cardinality($4::text[]))::int],
                  ($4::text[])[1 + floor(r.c * cardinality($4::text[]))::int]] END,
  CASE WHEN r.l < 0.93 THEN 'fi' WHEN r.l < 0.97 THEN 'sv' ELSE 'en' END,
  r.f >= 0.70, CASE WHEN r.f < 0.70 THEN 'Perhe ' || i END,
  CASE WHEN r.f < 0.30 THEN 'email' WHEN r.f < 0.70 THEN 'phone' ELSE 'status_page' END,
  -- a family's phone or e-mail address: drawn from a pool half the size, so families repeat
  CASE WHEN r.f >= 0.30 AND r.f < 0.70 THEN '040 ' || (1000000 + floor(r.p * $6::int / 2))::text END,
  CASE WHEN r.f < 0.30 THEN 'perhe.' || floor(r.p * $6::int / 2)::text || '@example.fi' END,
  'any', 'normal', 'none',
  CASE WHEN z.closed_at IS NOT NULL THEN 'closed' WHEN a.first_at IS NOT NULL THEN 'in_progress' ELSE 'assigned' END,
  ($5::uuid[])[1 + i % cardinality($5::uuid[])], t.at + interval '10 minutes', t.at,
  ($9::date[])[t.day + 1], a.first_at, z.closed_at,
  CASE WHEN z.closed_at IS NULL THEN NULL
       WHEN i % 20 < 3 THEN CASE WHEN r.o < 0.70 THEN 'guided_onward' ELSE 'visits_booked' END
       WHEN r.o < 0.65 THEN 'resolved_one_contact' WHEN r.o < 0.85 THEN 'visits_booked'
       WHEN r.o < 0.95 THEN 'guided_onward' ELSE 'urgent_referral' END,
  NULL, CASE WHEN z.closed_at IS NOT NULL THEN 4 WHEN a.first_at IS NOT NULL THEN 3 ELSE 2 END,
  coalesce($12::timestamptz, z.closed_at, a.first_at, t.at + interval '10 minutes')
FROM generate_series($7::int, $7::int + $6::int - 1) AS i
CROSS JOIN LATERAL (SELECT i AS n, random() AS c, random() AS w, random() AS m, random() AS a, random() AS a2,
  random() AS a3, random() AS t1, random() AS t2, random() AS t3, random() AS l, random() AS f, random() AS p,
  random() AS j, random() AS k, random() AS h, random() AS x, random() AS d, random() AS o) AS r
CROSS JOIN LATERAL (SELECT $8::timestamptz + ((i - $7::int + r.j) * $11::float8 / $6::int) * interval '1 millisecond' AS at) AS t0
CROSS JOIN LATERAL (SELECT t0.at, ((t0.at AT TIME ZONE '${HELSINKI}')::date - date '${YEAR}-01-01') AS day) AS t
CROSS JOIN LATERAL (SELECT CASE WHEN r.k < 0.35 THEN 0 WHEN r.k < 0.60 THEN 1 WHEN r.k < 0.75 THEN 2
  WHEN r.k < 0.87 THEN 3 WHEN r.k < 0.93 THEN 4 WHEN r.k < 0.97 THEN 5 ELSE 6 END AS days) AS rd
CROSS JOIN LATERAL (SELECT greatest(t.at + interval '20 minutes',
  ((($10::date[])[t.day * ${RESPONSE_DAYS} + rd.days + 1] + time '08:00') + r.h * interval '7 hours') AT TIME ZONE '${HELSINKI}') AS fr) AS f
CROSS JOIN LATERAL (SELECT CASE WHEN f.fr <= $13::timestamptz THEN f.fr END AS first_at) AS a
CROSS JOIN LATERAL (SELECT CASE WHEN a.first_at IS NOT NULL AND r.x < 0.90
  AND a.first_at + r.d * interval '10 days' <= $13::timestamptz THEN a.first_at + r.d * interval '10 days' END AS closed_at) AS z`;

function contactParameters(
  region: Region,
  days: ReturnType<typeof workingDayTables>,
  batch: { first: number; count: number; start: Date; spanMs: number; updatedAt: Date | null },
) {
  return [
    region.regionId,
    region.contactPoint,
    region.weighted,
    region.topics,
    region.counsellors,
    batch.count,
    batch.first,
    batch.start,
    days.respondBy,
    days.after,
    batch.spanMs,
    batch.updatedAt,
    NOW,
  ];
}

/**
 * Handoffs of 15 % of the contacts (those whose number i has i % 20 < 3, answered before the
 * clock's now), 2 hours after the first response, to a unit of the demo network; their events
 * in the same statement. $-parameters: see `handoffParameters`.
 */
const HANDOFFS_SQL = `
WITH src AS MATERIALIZED (
  SELECT h.*,
    CASE WHEN h.decided_at > $8::timestamptz THEN 'requested'
         WHEN h.s < 0.45 THEN CASE WHEN h.visit_at + interval '7 days' <= $8::timestamptz THEN 'completed'
                                   WHEN h.visit_at <= $8::timestamptz THEN 'first_visit_held' ELSE 'appointment_set' END
         WHEN h.s < 0.65 THEN 'accepted'
         WHEN h.s < 0.70 THEN CASE WHEN h.visit_at <= $8::timestamptz THEN 'first_visit_held' ELSE 'appointment_set' END
         WHEN h.s < 0.90 THEN 'declined' ELSE 'expired' END AS state
  FROM (
    SELECT h0.*, h0.decided_at + (3 + floor(random() * 18)::int) * interval '1 day' AS visit_at
    FROM (
      SELECT c.id AS contact_id, c.first_response_at + interval '2 hours' AS created_at,
        ($7::date[])[d.day + 1] AS respond_by, u.n AS unit, random() AS s, random() AS reason,
        greatest(c.first_response_at + interval '3 hours',
          ((($6::date[])[d.day * ${RESPONSE_DAYS} + floor(random() * 5)::int + 1] + time '09:00') + random() * interval '6 hours')
            AT TIME ZONE '${HELSINKI}') AS decided_at
      FROM contact c
      CROSS JOIN LATERAL (SELECT ((c.first_response_at + interval '2 hours') AT TIME ZONE '${HELSINKI}')::date
        - date '${YEAR}-01-01' AS day) AS d
      CROSS JOIN LATERAL (SELECT 1 + (abs(hashtext(c.id::text)) % cardinality($3::uuid[])) AS n) AS u
      WHERE c.region_id = $1 AND c.reference LIKE 'PV-B-%' AND substr(c.reference, 6)::int % 20 < 3
        AND c.first_response_at + interval '2 hours' <= $8::timestamptz
        AND substr(c.reference, 6)::int BETWEEN $9::int AND $10::int
    ) h0
  ) h
),
made AS (
  INSERT INTO handoff (id, contact_id, region_id, sender_staff_user_id, sender_organization_id, target_service_id,
    target_organization_id, target_unit_id, summary, family_agreement, family_agreement_at, state, respond_by,
    appointment_at, appointment_place, decline_reason, decline_text, match_reasons, version, created_at, updated_at)
  SELECT ('00000000-0000-4000-a000-' || right(src.contact_id::text, 12))::uuid, src.contact_id, $1, $2, $11,
    ($5::uuid[])[src.unit], ($4::uuid[])[src.unit], ($3::uuid[])[src.unit],
    'Perhe toivoo tukea; sovittu saattaen vaihtaen.', 'verbal', src.created_at, src.state, src.respond_by,
    CASE WHEN src.state IN ('appointment_set', 'first_visit_held', 'completed') THEN src.visit_at END,
    CASE WHEN src.state IN ('appointment_set', 'first_visit_held', 'completed') THEN 'Vastaanotto' END,
    CASE WHEN src.state = 'declined' THEN (ARRAY['not_our_service', 'no_capacity', 'outside_area',
      'needs_referral', 'family_unreachable', 'other'])[1 + floor(src.reason * 6)::int] END,
    CASE WHEN src.state = 'declined' THEN 'Ei tällä kertaa.' END,
    NULL, 2, src.created_at,
    CASE WHEN src.state = 'requested' THEN src.created_at ELSE least(src.visit_at, $8::timestamptz) END
  FROM src
  RETURNING id, contact_id
)
INSERT INTO handoff_event (handoff_id, at, from_state, to_state, staff_user_id, actor_name, reason)
SELECT ('00000000-0000-4000-a000-' || right(src.contact_id::text, 12))::uuid, e.at, e.from_state, e.to_state,
  NULL, 'Bench', NULL
FROM src
CROSS JOIN LATERAL (VALUES
  (1, src.created_at, NULL, 'requested'),
  (2, src.decided_at, 'requested', CASE src.state WHEN 'declined' THEN 'declined' WHEN 'expired' THEN 'expired' ELSE 'accepted' END),
  (3, src.decided_at + interval '1 hour', 'accepted', 'appointment_set'),
  (4, src.visit_at + interval '1 hour', 'appointment_set', 'first_visit_held'),
  (5, src.visit_at + interval '7 days', 'first_visit_held', 'completed')
) AS e(step, at, from_state, to_state)
WHERE e.step = 1
   OR (e.step = 2 AND src.state <> 'requested')
   OR (e.step = 3 AND src.state IN ('appointment_set', 'first_visit_held', 'completed'))
   OR (e.step = 4 AND src.state IN ('first_visit_held', 'completed'))
   OR (e.step = 5 AND src.state = 'completed')
ORDER BY src.contact_id, e.step`;

function handoffParameters(
  region: Region,
  days: ReturnType<typeof workingDayTables>,
  range: { first: number; last: number },
) {
  return [
    region.regionId,
    region.counsellors[0],
    region.units.map((u) => u.id),
    region.units.map((u) => u.organizationId),
    region.units.map((u) => u.serviceId),
    days.after,
    days.respondBy,
    NOW,
    range.first,
    range.last,
    region.contactPoint,
  ];
}

/** Feedback of 25 % of the closed contacts: no contact id, only the month it closed. */
const FEEDBACK_SQL = `
INSERT INTO feedback (id, region_id, month, municipality_code, channel, got_help, ease, comment, language, plain_language)
SELECT gen_random_uuid(), c.region_id, date_trunc('month', c.closed_at AT TIME ZONE '${HELSINKI}')::date,
  c.municipality_code, c.channel,
  CASE WHEN r.g < 0.62 THEN 'yes' WHEN r.g < 0.87 THEN 'partly' ELSE 'no' END,
  CASE WHEN r.e < 0.10 THEN NULL ELSE 1 + floor(least(r.e2, 0.999) * 5)::int END,
  NULL, c.language, r.e < 0.03
FROM contact c
CROSS JOIN LATERAL (SELECT c.id AS n, random() AS g, random() AS e, sqrt(random()) AS e2) AS r
WHERE c.region_id = $1 AND c.closed_at IS NOT NULL AND c.reference LIKE 'PV-B-%'
  AND substr(c.reference, 6)::int BETWEEN $2::int AND $3::int AND random() < 0.25`;

/** Runs `work` with foreign keys and triggers off when the user may (values valid by construction). */
async function unchecked(bench: MetricsBenchDatabase, work: (query: RawQuery) => Promise<void>) {
  const run = (checks: boolean) =>
    bench.rawTransaction(async (query) => {
      await query('SELECT setseed(0.13)', []);
      if (!checks) await query('SET LOCAL session_replication_role = replica', []);
      await work(query);
    });
  try {
    await run(false);
  } catch (error) {
    if ((error as { code?: string }).code !== '42501') throw error;
    await run(true);
  }
}

async function generateYear(
  bench: MetricsBenchDatabase,
  region: Region,
  days: ReturnType<typeof workingDayTables>,
  contacts: number,
) {
  let started = performance.now();
  // the year up to the clock's now, in batches of 250,000 (one statement each)
  const spanMs = NOW.getTime() - 30 * 60_000 - YEAR_START.getTime();
  const batch = 250_000;
  for (let first = 1; first <= contacts; first += batch) {
    const count = Math.min(batch, contacts - first + 1);
    const part = {
      first,
      count,
      start: new Date(YEAR_START.getTime() + ((first - 1) / contacts) * spanMs),
      spanMs: (count / contacts) * spanMs,
      updatedAt: null,
    };
    await unchecked(bench, async (query) => {
      await query(CONTACTS_SQL, contactParameters(region, days, part));
    });
  }
  log(`  ${contacts.toLocaleString('en')} contacts in ${Math.round(performance.now() - started)} ms`);
  started = performance.now();
  await unchecked(bench, async (query) => {
    await query(HANDOFFS_SQL, handoffParameters(region, days, { first: 1, last: contacts }));
  });
  log(`  handoffs and their events in ${Math.round(performance.now() - started)} ms`);
  started = performance.now();
  await unchecked(bench, async (query) => {
    await query(FEEDBACK_SQL, [region.regionId, 1, contacts]);
  });
  log(`  feedback in ${Math.round(performance.now() - started)} ms`);
  started = performance.now();
  await bench.database.execScript('VACUUM ANALYZE');
  log(`  VACUUM ANALYZE in ${Math.round(performance.now() - started)} ms`);
  const [sizes] = (await bench.rawQuery(
    `SELECT (SELECT count(*) FROM contact)::int AS contacts,
       (SELECT count(*) FROM contact WHERE state = 'closed')::int AS closed,
       (SELECT count(*) FROM handoff)::int AS handoffs,
       (SELECT count(*) FROM handoff_event)::int AS events,
       (SELECT count(*) FROM feedback)::int AS feedback,
       (SELECT count(DISTINCT coalesce(email, phone, id::text)) FROM contact)::int AS families`,
    [],
  )) as Record<string, number>[];
  log(`  made: ${JSON.stringify(sizes)}`);
}

// ---------------------------------------------------------------------- timing and capture

interface Timed {
  sql: string;
  ms: number;
}

/**
 * A Kysely that records every statement it sends, compiled, with the number of results that
 * had come back when it was sent (statements sent with the same number ran in parallel), and
 * how long each took.
 */
function recording(db: Kysely<DB>) {
  const sent: { query: CompiledQuery; wave: number }[] = [];
  const timed: Timed[] = [];
  const starts = new Map<object, { sql: string; at: number }>();
  let results = 0;
  const plugin: KyselyPlugin = {
    transformQuery: ({ node, queryId }) => {
      const query = db.getExecutor().compileQuery(node, queryId);
      sent.push({ query, wave: results });
      starts.set(queryId, { sql: query.sql, at: performance.now() });
      return node;
    },
    transformResult: async ({ result, queryId }) => {
      results++;
      const start = starts.get(queryId);
      if (start) timed.push({ sql: start.sql, ms: performance.now() - start.at });
      return result;
    },
  };
  return { db: db.withPlugin(plugin), sent, timed };
}

const oneLine = (sql: string, length = 110) => sql.replace(/\s+/g, ' ').trim().slice(0, length);

function slowest(timed: Timed[], n: number) {
  return [...timed]
    .sort((a, b) => b.ms - a.ms)
    .slice(0, n)
    .map((t) => `${t.ms.toFixed(0)} ms ${oneLine(t.sql)}`);
}

// ---------------------------------------------------------------------- the figure

interface Scope {
  name: 'region' | 'municipality';
  path: string;
  /** the statements buildMetricsReport sends, in waves (each wave's statements in parallel) */
  waves: CompiledQuery[][];
}

/** The statements the report sends for a scope, in their waves, captured from buildMetricsReport. */
async function captureReport(db: Kysely<DB>, regionId: string, municipality: string | null) {
  const r = recording(db);
  const report = await buildMetricsReport(
    r.db,
    { regionId, from: `${YEAR}-01`, to: `${YEAR}-12`, municipality, lang: 'fi' },
    NOW,
  );
  const waves: CompiledQuery[][] = [];
  let last = -1;
  for (const { query, wave } of r.sent) {
    if (wave !== last || waves.length === 0) waves.push([]);
    waves[waves.length - 1]?.push(query);
    last = wave;
  }
  return { report, waves };
}

export interface MetricsBenchOptions {
  engine: Engine;
  /** a PostgreSQL server (the bench makes its own database there); needed for 'postgres' */
  serverUrl?: string;
}

export async function benchMetrics({ engine, serverUrl }: MetricsBenchOptions): Promise<Figure[]> {
  const contacts = METRICS_CONTACTS[engine];
  const size = `${contacts.toLocaleString('en')} contacts`;
  log(`metrics on ${engine}: a year of ${size} with their handoffs and feedback`);
  let started = performance.now();
  const bench = engine === 'postgres' ? await openPostgres(serverUrl ?? '') : await openPglite();
  const figures: Figure[] = [];
  try {
    const { db } = bench.database;
    await migrate(bench.database);
    await prepareCatalogue(db, { seedDemo: true });
    await seedDemoUsers(db);
    await prepareNetwork(db, { seedDemo: true });
    const region = await regionFacts(bench);
    // children 0–17 at the end of 2025: 18 % of the population, as the demo estimate
    await bench.rawQuery(
      `INSERT INTO population (municipality_code, year, children, source, imported_at, imported_by)
       SELECT code, 2025, round(coalesce(population, 1000) * 0.18)::int, 'estimate', now(), 'bench'
       FROM municipality WHERE region_id = $1 ON CONFLICT DO NOTHING`,
      [region.regionId],
    );
    log(
      `  demo catalogue, users, network (${region.units.length} units) and population of ${region.municipalities} ` +
        `municipalities in ${Math.round(performance.now() - started)} ms`,
    );
    const days = workingDayTables();
    await generateYear(bench, region, days, contacts);

    // the first full refresh, then 1,000 new contacts and an incremental one
    let r = recording(db);
    started = performance.now();
    const first = await refreshMetrics(r.db, region.regionId, NOW);
    const firstMs = performance.now() - started;
    log(`  first refresh: ${first.months} months in ${Math.round(firstMs)} ms; slowest statements:`);
    for (const line of slowest(r.timed, 5)) console.log(`      ${line}`);
    await unchecked(bench, async (query) => {
      const part = {
        first: contacts + 1,
        count: NEW_CONTACTS,
        start: new Date(NOW.getTime() - 6 * 3_600_000),
        spanMs: 5 * 3_600_000,
        updatedAt: new Date(NOW.getTime() - 60_000),
      };
      await query(CONTACTS_SQL, contactParameters(region, days, part));
    });
    await bench.database.execScript('ANALYZE contact');
    r = recording(db);
    started = performance.now();
    const incremental = await refreshMetrics(r.db, region.regionId, NOW);
    const incrementalMs = performance.now() - started;
    log(
      `  incremental refresh after ${NEW_CONTACTS} new contacts: ${incremental.months} months in ${Math.round(incrementalMs)} ms; slowest:`,
    );
    for (const line of slowest(r.timed, 3)) console.log(`      ${line}`);
    await bench.database.execScript('VACUUM ANALYZE');

    // the statements of the report, captured, and the baseline that sends them
    const scopes: Scope[] = [];
    for (const municipality of [null, MUNICIPALITY]) {
      const captured = await captureReport(db, region.regionId, municipality);
      const total = captured.report.contacts.total;
      scopes.push({
        name: municipality === null ? 'region' : 'municipality',
        path: `/fi/staff/metrics?from=${YEAR}-01&to=${YEAR}-12${municipality ? `&municipality=${municipality}` : ''}`,
        waves: captured.waves,
      });
      log(
        `  ${municipality ?? 'region'}: ${captured.waves.flat().length} statements in ${captured.waves.length} waves ` +
          `(${captured.waves.map((w) => w.length).join(' + ')}); contacts ${JSON.stringify(total)}`,
      );
    }
    const baseline = Fastify({ logger: false });
    baseline.get('/metrics/:scope', async (request) => {
      const scope = scopes.find((s) => s.name === (request.params as { scope: string }).scope);
      if (!scope) throw new Error('no such scope');
      const rows: unknown[][] = [];
      for (const wave of scope.waves)
        rows.push(...(await Promise.all(wave.map((q) => bench.rawQuery(q.sql, q.parameters)))));
      return rows;
    });

    const app = await buildApp(
      {
        nodeEnv: 'production',
        publicUrl: undefined,
        demoMode: false,
        session: { idleMinutes: 30, absoluteHours: 12, secureCookies: true },
        sessionPurgeMs: 0,
        now: () => NOW,
      },
      bench.database,
      createLogger('silent'),
    );
    try {
      const appUrl = await listen(app);
      const baselineUrl = await listen(baseline);
      const token = randomBytes(32).toString('base64url');
      await db
        .insertInto('session')
        .values({ id: sessionId(token), kind: 'staff', staff_user_id: staffUserId('esihenkilo') })
        .execute();
      const headers = { cookie: `pv_session=${token}`, accept: 'text/html', 'accept-language': 'fi' };
      for (const scope of scopes) {
        const page = await fetch(`${appUrl}${scope.path}`, { headers });
        const html = await page.text();
        if (page.status !== 200 || !html.includes('<figure'))
          throw new Error(`GET ${scope.path} answered ${page.status}: ${html.slice(0, 300)}`);
        const bare = await fetch(`${baselineUrl}/metrics/${scope.name}`);
        const answered = (await bare.json()) as unknown[][];
        if (bare.status !== 200 || answered.length !== scope.waves.flat().length)
          throw new Error(`the baseline answered ${bare.status} with ${answered.length} results`);
        log(`  ${scope.path}: ${Math.round(html.length / 1024)} kB of HTML`);
      }
      const latency = async (url: string, path: string, h: Record<string, string>) => {
        await runLoad({ url, paths: [path], headers: h, connections: 1, seconds: WARMUP_SECONDS });
        const result = await runLoad({ url, paths: [path], headers: h, connections: 1, seconds: SECONDS });
        log(`  ${url}${path}: 1 conn ${showLoad(result)}`);
        return result;
      };
      for (const scope of scopes) {
        const base = await latency(baselineUrl, `/metrics/${scope.name}`, { accept: 'application/json' });
        const page = await latency(appUrl, scope.path, headers);
        const what = scope.name === 'region' ? 'region' : `municipality ${MUNICIPALITY}`;
        figures.push(
          figure(`${METRICS_PAGE} (a year of ${size}, ${what})`, engine, page.p95, 'ms', base.p95),
        );
        metricsNotes.push(
          `  [${engine}, ${what}] page p50 ${ms(page.p50)} / p95 ${ms(page.p95)} ms; ` +
            `the report's SQL alone p50 ${ms(base.p50)} / p95 ${ms(base.p95)} ms`,
        );
      }
    } finally {
      await app.close();
      await baseline.close();
    }
    figures.push(
      figure(`metrics first refresh (a year of ${size})`, engine, firstMs, 'ms', null),
      figure(
        `metrics incremental refresh (${NEW_CONTACTS.toLocaleString('en')} new contacts)`,
        engine,
        incrementalMs,
        'ms',
        null,
      ),
    );

    // where the report's time goes: each statement alone (median of 5), the slowest explained
    const statements = scopes.flatMap((s) => s.waves.flat().map((q) => ({ scope: s.name, q })));
    const alone: { scope: string; q: CompiledQuery; ms: number }[] = [];
    for (const { scope, q } of statements) {
      const runs: number[] = [];
      for (let i = 0; i < 5; i++) {
        const t0 = performance.now();
        await bench.rawQuery(q.sql, q.parameters);
        runs.push(performance.now() - t0);
      }
      runs.sort((a, b) => a - b);
      alone.push({ scope, q, ms: runs[2] ?? 0 });
    }
    alone.sort((a, b) => b.ms - a.ms);
    log('  the slowest statements of the report, each alone (median of 5):');
    for (const a of alone.slice(0, 5))
      console.log(`      ${a.ms.toFixed(1)} ms [${a.scope}] ${oneLine(a.q.sql)}`);
    const sum = (scope: string) => alone.filter((a) => a.scope === scope).reduce((t, a) => t + a.ms, 0);
    log(
      `  all statements one after another: region ${sum('region').toFixed(1)} ms, municipality ${sum('municipality').toFixed(1)} ms`,
    );
    const worst = alone[0];
    if (worst) {
      const plan = (
        (await bench.rawQuery(`EXPLAIN (ANALYZE, BUFFERS) ${worst.q.sql}`, worst.q.parameters)) as Record<
          string,
          string
        >[]
      ).map((row) => Object.values(row)[0] ?? '');
      log('  EXPLAIN (ANALYZE, BUFFERS) of the slowest:');
      for (const line of plan) console.log(`      ${line}`);
      writeResultFile(
        `metrics-plan-${engine}.txt`,
        `${worst.q.sql}\n-- parameters: ${JSON.stringify(worst.q.parameters)}\n\n${plan.join('\n')}\n\n` +
          `Each statement of the report alone (median of 5 runs):\n` +
          alone.map((a) => `${a.ms.toFixed(1)} ms [${a.scope}] ${oneLine(a.q.sql, 200)}`).join('\n') +
          '\n',
      );
    }
    metricsNotes.push(
      `  [${engine}] refresh of a year of ${size}: first ${(firstMs / 1000).toFixed(1)} s (${first.months} months), ` +
        `after ${NEW_CONTACTS} new contacts ${(incrementalMs / 1000).toFixed(1)} s (${incremental.months} months)`,
    );
    return figures;
  } finally {
    await bench.close();
  }
}
