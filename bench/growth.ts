/**
 * `npm run bench -- growth`: how the requests that matter slow down as the tables grow
 * (issue 15, docs/scale.md). PostgreSQL only: 100× is gigabytes, and the national
 * installation runs on PostgreSQL, not on the embedded PGlite.
 *
 * 1× is a year of one mid-size welfare region (Pohjois-Savo, about 45,000 children, docs/scale.md
 * says how the numbers are derived): 10,000 contacts with their record entries (3 for a closed
 * contact: the contact, the mapping, the advice; each with its first version), state events
 * (4: received, claimed, started, closed), an outbox row for the 30 % who gave an e-mail
 * address, a signed-in client for every fifth, and 10 access-log rows each (the public
 * form's create, the counsellor's reads and writes); and a catalogue of 1,000 services. 10× and
 * 100× add rows to the same database until it holds 10 and 100 region-years: all in one
 * region (the worst case for a query that filters by region), the older years further back
 * in time, the open queue the same 150 contacts at every size (the history grows, not the
 * work on the desk). The catalogue grows with them to 30× (30,000 services, more than the whole
 * country's) and no further.
 *
 * The rows are made with set-based SQL (INSERT … SELECT generate_series, foreign keys not
 * checked row by row), never through the API; the catalogue's first 1,000 services with the
 * application's writeRecords (their search documents included), the rest as copies of them in
 * SQL (the same words: a search's candidates grow with the catalogue). The access log's bulk
 * rows sit below the chains' anchors (ids and seqs reserved at the start), so the rows the
 * application appends while it is measured chain as in production and verify.
 *
 * At each size: VACUUM ANALYZE, the tables' rows and bytes, then the real application
 * (buildApp, production settings) on 127.0.0.1 and load from a separate process (load.ts) at
 * one connection: the counsellor's queue and own list, a contact's page through the door
 * (policy + its log row), the data-protection officer's access-log search for one client and
 * for one worker, the catalogue search and contact intake. Figures: p50 and p95 at each size,
 * with the 1× figure as the baseline. Then each of those requests is called once more through
 * a Kysely that records its statements, and every SELECT is run under EXPLAIN (ANALYZE,
 * BUFFERS); the statements whose time grows more than 3× from 1× to the largest size (log n
 * would give well under 2×) are named, with their plans in bench/results/growth-plans.txt.
 *
 * BENCH_GROWTH_SCALES (default 1,10,100), BENCH_GROWTH_SECONDS (default 5 per request and
 * size), BENCH_GROWTH_KEEP=1 keeps the database (perheverkko_bench_growth) for a look.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { CompiledQuery, Kysely, KyselyPlugin } from 'kysely';
import pg from 'pg';
import { buildApp } from '../src/app.ts';
import { searchRegionAccessLog } from '../src/features/access-log/access-log.ts';
import { catalogueOptions, searchServices } from '../src/features/catalogue/catalogue.ts';
import { PAGE_SIZE } from '../src/features/catalogue/routes.ts';
import { loadReferenceData } from '../src/features/catalogue/seed.ts';
import { readContact, readQueue } from '../src/features/contacts/contacts.ts';
import { verifyAccessLog } from '../src/platform/access/index.ts';
import { SHARDS } from '../src/platform/access/log.ts';
import type { StaffActor } from '../src/platform/auth/actor.ts';
import { sessionId } from '../src/platform/auth/session.ts';
import { type Database, openDatabase } from '../src/platform/db/index.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import type { DB } from '../src/platform/db/types.ts';
import { stableUuid } from '../src/platform/ids.ts';
import { createLogger } from '../src/platform/logger.ts';
import {
  benchDatabaseName,
  createDatabase,
  databaseUrl,
  dropDatabase,
  type Figure,
  figure,
  listen,
  log,
  type RawQuery,
  runLoad,
  showLoad,
  sized,
  writeResultFile,
} from './common.ts';
import type { ContactBodySpec } from './contact-bodies.ts';
import { generateCatalogue, readReference, writeInBatches } from './generate.ts';
import type { LoadResult } from './load.ts';

const DATABASE_NAME = benchDatabaseName('perheverkko_bench_growth');
const REGION = 'pohjois-savo';
/** 1×: a year of one mid-size region (docs/scale.md) */
export const BASE_CONTACTS = sized(10_000, 500);
export const BASE_SERVICES = sized(1_000, 100);
/** access-log rows of a closed contact (an open one has 2: the form's create, one read) */
const LOG_PER_CONTACT = 10;
/** open contacts in the queue at every size */
const OPEN = 150;
const COUNSELLORS = 20;
/**
 * The catalogue grows to 30× at most: 30,000 services, more than all of Finland's family
 * services (about 22,000, docs/scale.md); copying more would only measure a catalogue that
 * cannot exist (and takes minutes: each copy's search documents are GIN-indexed).
 */
const SERVICE_SCALE_CAP = Number(process.env.BENCH_GROWTH_SERVICE_CAP ?? 30);
const SCALES = (process.env.BENCH_GROWTH_SCALES ?? sized('1,10,100', '1,3'))
  .split(',')
  .map((s) => Number(s.trim()))
  .filter((n) => Number.isInteger(n) && n >= 1)
  .sort((a, b) => a - b);
const SECONDS = Number(process.env.BENCH_GROWTH_SECONDS ?? sized(5, 1));
const WARMUP = sized(1, 0);
/** a statement whose EXPLAIN ANALYZE time grows more than this from the smallest to the largest size is named */
const WORSE_THAN_LOG = 3;
const YEAR_MS = 365 * 86_400_000;
const HOST = `${REGION}.bench.invalid`;

/** What families type (a part of run.ts's list): common words, inflections, a typo, two words. */
const QUERIES = [
  'perheneuvola',
  'perheneuvolaan',
  'neuvola',
  'kuraattorille',
  'lapsi ei nuku',
  'perheneuvla',
  'nuorisoasema',
  'eroneuvonta',
  'puheterapia',
  'kiusaaminen koulussa',
];

// ---------------------------------------------------------------------- the rows

interface Setup {
  regionId: string;
  contactPoint: string;
  municipalities: string[];
  topics: string[];
  counsellors: string[];
  dpo: string;
  baseServiceIds: string[];
  /** access-log ids and seqs below this are the bulk rows' */
  reserved: number;
  now: Date;
}

const uuidOf = (prefix: string, expression: string) =>
  `('00000000-0000-4000-${prefix}-' || lpad(to_hex(${expression}), 12, '0'))::uuid`;

/**
 * The contacts at positions {first} … {last} - 1 (0 = the newest), each {spacing} ms older than the
 * one before; the statements below take the same named values (named(), not $n).
 */
const CLIENTS_SQL = `
INSERT INTO client (id, region_id, issuer, subject, name, personal_identity_code_hmac, personal_identity_code_encrypted, created_at)
SELECT ${uuidOf('b000', 'p')}, {region}, 'bench-growth', 'g' || p, 'Asiakas ' || p, encode(sha256(('hetu' || p)::bytea), 'hex'),
  NULL, {now}::timestamptz - p * {spacing}::float8 * interval '1 millisecond'
FROM generate_series({first}::int, {last}::int - 1) AS p WHERE p % 5 = 0`;

const CONTACTS_SQL = `
INSERT INTO contact (id, reference, region_id, registry_organization_id, client_id, idempotency_key,
  request_hash, status_token_hash, channel, contacter, municipality_code, child_ages, topics, language,
  anonymous, contact_name, reply_channel, phone, email, reach_time, urgency, safety, state, assigned_to,
  assigned_at, received_at, respond_by, first_response_at, closed_at, outcome, logged_by, version, updated_at)
SELECT ${uuidOf('8000', 'p')}, 'PV-G-' || p, {region}, {contactPoint},
  CASE WHEN p % 5 = 0 THEN ${uuidOf('b000', 'p')} END,
  ${uuidOf('9000', 'p')}, md5(p::text), encode(sha256(('status' || p)::bytea), 'hex'),
  CASE WHEN p % 10 < 7 THEN 'web' WHEN p % 10 < 9 THEN 'phone' ELSE 'walk_in' END,
  (ARRAY['parent','parent','parent','parent','parent','parent','parent','young_person','professional','professional'])[1 + (p / 10) % 10],
  ({municipalities}::text[])[1 + p % cardinality({municipalities}::text[])],
  ARRAY[(p % 18)::smallint, ((p / 18) % 18)::smallint],
  ARRAY[({topics}::text[])[1 + p % cardinality({topics}::text[])], ({topics}::text[])[1 + (p / 7) % cardinality({topics}::text[])]],
  CASE WHEN p % 20 = 0 THEN 'sv' ELSE 'fi' END,
  p % 3 = 0, CASE WHEN p % 3 <> 0 THEN 'Perhe ' || p END,
  CASE WHEN p % 10 < 3 THEN 'email' WHEN p % 10 < 7 THEN 'phone' ELSE 'status_page' END,
  CASE WHEN p % 10 BETWEEN 3 AND 6 THEN '040 ' || (1000000 + p) END,
  CASE WHEN p % 10 < 3 THEN 'perhe.g' || p || '@example.fi' END,
  'any', CASE WHEN p % 50 = 0 THEN 'urgent' ELSE 'normal' END, CASE WHEN p % 50 = 0 THEN 'violence' ELSE 'none' END,
  g.state, g.assigned, CASE WHEN g.assigned IS NOT NULL THEN g.at + interval '2 hours' END, g.at,
  (g.at + interval '3 days')::date,
  CASE WHEN g.state IN ('in_progress', 'closed') THEN g.at + interval '1 day' END,
  CASE WHEN g.state = 'closed' THEN g.at + interval '7 days' END,
  CASE WHEN g.state = 'closed' THEN (ARRAY['resolved_one_contact','visits_booked','guided_onward','urgent_referral'])[1 + p % 4] END,
  NULL, CASE g.state WHEN 'closed' THEN 4 WHEN 'in_progress' THEN 3 WHEN 'assigned' THEN 2 ELSE 1 END,
  CASE WHEN g.state = 'closed' THEN g.at + interval '7 days' ELSE g.at END
FROM generate_series({first}::int, {last}::int - 1) AS p
CROSS JOIN LATERAL (SELECT {now}::timestamptz - interval '1 hour' - p * {spacing}::float8 * interval '1 millisecond' AS at,
  CASE WHEN p >= ${OPEN} THEN 'closed' WHEN p % 3 = 0 THEN 'new' WHEN p % 3 = 1 THEN 'assigned' ELSE 'in_progress' END AS state,
  CASE WHEN p < ${OPEN} AND p % 3 = 0 THEN NULL ELSE ({counsellors}::uuid[])[1 + p % cardinality({counsellors}::uuid[])] END AS assigned) AS g`;

/** The record entries of the same contacts: 3 of a closed one, the contact entry of an open one; and their first versions. */
const ENTRIES_SQL = `
WITH src AS MATERIALIZED (
  SELECT p, e, ${uuidOf('a000', 'p * 4 + e')} AS id, ${uuidOf('8000', 'p')} AS contact_id,
    {now}::timestamptz - interval '1 hour' - p * {spacing}::float8 * interval '1 millisecond' + e * interval '1 day' AS at
  FROM generate_series({first}::int, {last}::int - 1) AS p CROSS JOIN generate_series(0, 2) AS e
  WHERE e = 0 OR p >= ${OPEN}
), entries AS (
  INSERT INTO record_entry (id, contact_id, type, service_task_code, registry_organization_id, created_at, current_version)
  SELECT id, contact_id, (ARRAY['contact','mapping','advice'])[1 + e], 'KASVATUS_JA_PERHENEUVONTA', {contactPoint}, at, 1 FROM src
)
INSERT INTO record_entry_version (entry_id, version, content, reason, at, author_kind, staff_user_id, author_name)
SELECT id, 1,
  CASE e WHEN 0 THEN jsonb_build_object('channel', 'web', 'contacter', 'parent', 'message',
      'Hei, meidän ' || (p % 15 + 2) || '-vuotias lapsemme ei ole nukkunut kunnolla moneen viikkoon ja iltaisin on paljon riitaa. '
      || 'Olemme kokeilleet iltarutiineja, mutta mikään ei tunnu auttavan. Toivoisimme neuvoa siihen, mistä saisimme apua '
      || 'ja voisiko joku soittaa meille iltapäivällä. Kiitos jo etukäteen. (' || p || ')',
      'urgency', 'normal', 'replyChannel', 'phone', 'reachTime', 'any')
    WHEN 1 THEN jsonb_build_object('who', 'vanhempi', 'topics', jsonb_build_array('UNI', 'VUOROVAIKUTUS'),
      'notes', 'Kartoitettu tilanne puhelimessa: unirytmi ja iltojen riidat, ei aiempia palveluja.')
    ELSE jsonb_build_object('advice', 'Annettu neuvoja iltarutiineihin ja kerrottu perheneuvolan ryhmistä; sovittu uusi soitto kahden viikon päästä.') END,
  NULL, at, CASE WHEN e = 0 THEN 'family' ELSE 'staff' END,
  CASE WHEN e = 0 THEN NULL ELSE ({counsellors}::uuid[])[1 + p % cardinality({counsellors}::uuid[])] END,
  CASE WHEN e = 0 THEN 'anonymous' ELSE 'Neuvoja ' || (1 + p % cardinality({counsellors}::uuid[])) END
FROM src`;

const EVENTS_SQL = `
INSERT INTO contact_event (contact_id, at, kind, from_state, to_state, staff_user_id, actor_name, note)
SELECT ${uuidOf('8000', 'p')}, {now}::timestamptz - interval '1 hour' - p * {spacing}::float8 * interval '1 millisecond' + k.after,
  k.kind, k.from_state, k.to_state, CASE WHEN k.step = 0 THEN NULL ELSE ({counsellors}::uuid[])[1 + p % cardinality({counsellors}::uuid[])] END,
  CASE WHEN k.step = 0 THEN 'Perhe' ELSE 'Neuvoja' END, NULL
FROM generate_series({first}::int, {last}::int - 1) AS p
CROSS JOIN (VALUES (0, 'received', NULL, 'new', interval '0'), (1, 'claimed', 'new', 'assigned', interval '2 hours'),
  (2, 'started', 'assigned', 'in_progress', interval '1 day'), (3, 'closed', 'in_progress', 'closed', interval '7 days'))
  AS k(step, kind, from_state, to_state, after)
WHERE p >= ${OPEN} OR k.step <= CASE p % 3 WHEN 0 THEN 0 WHEN 1 THEN 1 ELSE 2 END
ORDER BY p DESC, k.step`;

const OUTBOX_SQL = `
INSERT INTO outbox (channel, recipient, template, language, params, created_at, available_at, attempts, sent_at)
SELECT 'email', NULL, 'contact_received', 'fi', jsonb_build_object('reference', 'PV-G-' || p, 'urgency', 'normal'),
  t.at, t.at, 1, t.at + interval '1 minute'
FROM generate_series({first}::int, {last}::int - 1) AS p
CROSS JOIN LATERAL (SELECT {now}::timestamptz - interval '1 hour' - p * {spacing}::float8 * interval '1 millisecond' AS at) AS t
WHERE p % 10 < 3
ORDER BY p DESC`;

/**
 * The access log of the same contacts: the form's create, then the counsellor's reads and
 * writes (claim, mapping, advice, close). Ids (and seqs) from the reserved range, newest highest.
 */
const ACCESS_LOG_SQL = `
INSERT INTO access_log (id, shard, seq, at, actor_kind, staff_user_id, actor_client_id, actor_name, organization_id,
  organization_name, role, region_id, client_id, action, resource_type, resource_id, reason, break_glass,
  registry_organization_id, prev_hash, hash)
SELECT l.id, l.id % ${SHARDS}, l.id, l.at,
  CASE WHEN r = 0 THEN 'public' ELSE 'staff' END,
  CASE WHEN r = 0 THEN NULL ELSE ({counsellors}::uuid[])[1 + p % cardinality({counsellors}::uuid[])] END,
  NULL, CASE WHEN r = 0 THEN 'Yhteydenottolomake' ELSE 'Neuvoja ' || (1 + p % cardinality({counsellors}::uuid[])) END,
  CASE WHEN r = 0 THEN NULL ELSE {contactPoint} END, CASE WHEN r = 0 THEN NULL ELSE 'Pohjois-Savon hyvinvointialue' END,
  CASE WHEN r = 0 THEN NULL ELSE 'counsellor' END, {region},
  CASE WHEN p % 5 = 0 THEN ${uuidOf('b000', 'p')} END,
  CASE WHEN r = 0 THEN 'create' WHEN r IN (2, 7, 8, 9) THEN 'update' ELSE 'read' END,
  CASE WHEN r IN (7, 8) THEN 'record_entry' ELSE 'contact' END, ${uuidOf('8000', 'p')}::text,
  NULL, false, {contactPoint},
  encode(sha256(('prev' || l.id)::bytea), 'hex'), encode(sha256(('row' || l.id)::bytea), 'hex')
FROM generate_series({first}::int, {last}::int - 1) AS p
CROSS JOIN generate_series(0, ${LOG_PER_CONTACT - 1}) AS r
CROSS JOIN LATERAL (SELECT {top}::bigint - p * ${LOG_PER_CONTACT} - (${LOG_PER_CONTACT - 1} - r) AS id,
  {now}::timestamptz - interval '1 hour' - p * {spacing}::float8 * interval '1 millisecond' + r * interval '16 hours' AS at) AS l
WHERE p >= ${OPEN} OR r < 2
ORDER BY l.id`;

/** Copies {from} … {to} - 1 of the base services ({base}), with everything that hangs on a service. */
const SERVICE_COPIES_SQL = [
  `INSERT INTO service (id, organization_id, region_id, status, name, summary, description, application_process, fees,
     eligibility, email, url, min_age, max_age, area_scope, channels, languages, created_at, updated_at)
   SELECT md5(s.id::text || ':' || c)::uuid, organization_id, region_id, status, name, summary, description,
     application_process, fees, eligibility, email, url, min_age, max_age, area_scope, channels, languages, created_at, updated_at
   FROM service s CROSS JOIN generate_series({from}::int, {to}::int - 1) AS c WHERE s.id = ANY({base}::uuid[])`,
  `INSERT INTO service_area (service_id, municipality_code)
   SELECT md5(a.service_id::text || ':' || c)::uuid, municipality_code
   FROM service_area a CROSS JOIN generate_series({from}::int, {to}::int - 1) AS c WHERE a.service_id = ANY({base}::uuid[])`,
  `INSERT INTO service_taxonomy_term (service_id, taxonomy_term_id)
   SELECT md5(t.service_id::text || ':' || c)::uuid, taxonomy_term_id
   FROM service_taxonomy_term t CROSS JOIN generate_series({from}::int, {to}::int - 1) AS c WHERE t.service_id = ANY({base}::uuid[])`,
  `INSERT INTO service_at_location (id, service_id, location_id)
   SELECT md5(l.id::text || ':' || c)::uuid, md5(l.service_id::text || ':' || c)::uuid, location_id
   FROM service_at_location l CROSS JOIN generate_series({from}::int, {to}::int - 1) AS c WHERE l.service_id = ANY({base}::uuid[])`,
  `INSERT INTO phone (id, service_id, organization_id, location_id, number, description, position)
   SELECT md5(p.id::text || ':' || c)::uuid, md5(p.service_id::text || ':' || c)::uuid, NULL, NULL, number, description, position
   FROM phone p CROSS JOIN generate_series({from}::int, {to}::int - 1) AS c WHERE p.service_id = ANY({base}::uuid[])`,
  `INSERT INTO schedule (id, service_id, byday, opens_at, closes_at, description, position)
   SELECT md5(s.id::text || ':' || c)::uuid, md5(s.service_id::text || ':' || c)::uuid, byday, opens_at, closes_at, description, position
   FROM schedule s CROSS JOIN generate_series({from}::int, {to}::int - 1) AS c WHERE s.service_id = ANY({base}::uuid[])`,
  `INSERT INTO service_search (service_id, lang, document, name_text, terms_text, lemmas)
   SELECT md5(s.service_id::text || ':' || c)::uuid, lang, document, name_text, terms_text, lemmas
   FROM service_search s CROSS JOIN generate_series({from}::int, {to}::int - 1) AS c WHERE s.service_id = ANY({base}::uuid[])`,
];

interface Raw {
  query: RawQuery;
  /** statements in one transaction, foreign keys and triggers not fired row by row */
  bulk(statements: { sql: string; parameters: readonly unknown[] }[]): Promise<void>;
  close(): Promise<void>;
}

function rawPool(url: string): Raw {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  return {
    query: async (sql, parameters) => (await pool.query(sql, [...parameters])).rows,
    async bulk(statements) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        // the values are valid by construction (as in metrics.ts); needs a superuser, else checked
        await client
          .query('SET LOCAL session_replication_role = replica')
          .catch(() => client.query('ROLLBACK').then(() => client.query('BEGIN')));
        await client.query('SET LOCAL synchronous_commit = off');
        for (const s of statements) await client.query(s.sql, [...s.parameters]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

async function prepare(database: Database, raw: Raw): Promise<Setup> {
  let started = performance.now();
  await migrate(database);
  await database.db.transaction().execute((trx) => loadReferenceData(trx));
  const reference = await readReference(database.db);
  const records = generateCatalogue(reference, { services: BASE_SERVICES, seed: 2026 });
  await writeInBatches(database.db, records);
  log(
    `  migrated, reference data, ${records.services.length} services with their search documents in ${ms(started)}`,
  );
  started = performance.now();
  const [region] = (await raw.query(
    `SELECT r.id, coalesce(r.contact_point_organization_id, (
       SELECT o.id FROM organization o WHERE o.region_id = r.id AND o.kind = 'region' ORDER BY o.id LIMIT 1)) AS contact_point
     FROM region r WHERE r.code = $1`,
    [REGION],
  )) as { id: string; contact_point: string | null }[];
  if (!region?.contact_point) throw new Error(`${REGION} has no contact point organisation`);
  if (
    !(
      await raw.query('SELECT 1 FROM region WHERE id = $1 AND contact_point_organization_id IS NOT NULL', [
        region.id,
      ])
    ).length
  )
    await raw.query('UPDATE region SET contact_point_organization_id = $2 WHERE id = $1', [
      region.id,
      region.contact_point,
    ]);
  const municipalities = (
    (await raw.query('SELECT code FROM municipality WHERE region_id = $1 ORDER BY code', [region.id])) as {
      code: string;
    }[]
  ).map((m) => m.code);
  const topics = (
    (await raw.query(
      `SELECT tt.code FROM taxonomy_term tt JOIN taxonomy t ON t.id = tt.taxonomy_id WHERE t.code = 'topic' ORDER BY tt.code`,
      [],
    )) as { code: string }[]
  ).map((t) => t.code);
  const counsellors = Array.from({ length: COUNSELLORS }, (_, i) => stableUuid('staff_user', `growth/${i}`));
  const dpo = stableUuid('staff_user', 'growth/dpo');
  for (const [i, id] of [...counsellors, dpo].entries()) {
    const isDpo = id === dpo;
    await raw.query(
      `INSERT INTO staff_user (id, region_id, issuer, subject, name, email, organization_id, unit_id)
       VALUES ($1, $2, 'bench-growth', $3, $4, NULL, $5, NULL)`,
      [
        id,
        region.id,
        isDpo ? 'dpo' : `c${i}`,
        isDpo ? 'Tietosuojavastaava' : `Neuvoja ${i + 1}`,
        region.contact_point,
      ],
    );
    await raw.query('INSERT INTO staff_role (staff_user_id, organization_id, role) VALUES ($1, $2, $3)', [
      id,
      region.contact_point,
      isDpo ? 'dpo' : 'counsellor',
    ]);
  }
  // The access log's bulk rows get ids and seqs below `reserved`; the chains start above it.
  const largest = SCALES[SCALES.length - 1] ?? 1;
  const reserved = largest * BASE_CONTACTS * LOG_PER_CONTACT + 1_000;
  await raw.query(`SELECT setval('access_log_id_seq', $1)`, [reserved]);
  await raw.query(
    `UPDATE access_log_chain SET last_seq = $1::bigint, last_hash = repeat('0', 64), anchor_seq = $1::bigint + 1,
       anchor_prev_hash = repeat('0', 64)`,
    [reserved],
  );
  log(`  the region's ${COUNSELLORS} counsellors and its data-protection officer in ${ms(started)}`);
  return {
    regionId: region.id,
    contactPoint: region.contact_point,
    municipalities,
    topics,
    counsellors,
    dpo,
    baseServiceIds: records.services.map((s) => s.id),
    reserved,
    now: new Date(),
  };
}

/**
 * `{name}` placeholders as $1, $2 … of the values the statement uses (PostgreSQL refuses a
 * parameter a statement does not use: its type cannot be told).
 */
const TYPES: Record<string, string> = {
  first: 'int',
  last: 'int',
  spacing: 'float8',
  region: 'uuid',
  now: 'timestamptz',
  contactPoint: 'uuid',
  municipalities: 'text[]',
  topics: 'text[]',
  counsellors: 'uuid[]',
  top: 'bigint',
  base: 'uuid[]',
  from: 'int',
  to: 'int',
};

function named(text: string, values: Record<string, unknown>): { sql: string; parameters: unknown[] } {
  const order: string[] = [];
  const sql = text.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (!(name in values)) throw new Error(`no value for {${name}}`);
    if (!order.includes(name)) order.push(name);
    return `($${order.indexOf(name) + 1}::${TYPES[name] ?? 'text'})`;
  });
  return { sql, parameters: order.map((name) => values[name]) };
}

/** Rows of the contacts at positions from … to - 1, in batches of 100,000 contacts (one transaction each). */
async function fillContacts(raw: Raw, setup: Setup, from: number, to: number) {
  const batch = 100_000;
  const started = performance.now();
  for (let first = from; first < to; first += batch) {
    const values = {
      first,
      last: Math.min(to, first + batch),
      spacing: YEAR_MS / BASE_CONTACTS,
      region: setup.regionId,
      now: setup.now,
      contactPoint: setup.contactPoint,
      municipalities: setup.municipalities,
      topics: setup.topics,
      counsellors: setup.counsellors,
      top: setup.reserved - 1,
    };
    await raw.bulk(
      [CLIENTS_SQL, CONTACTS_SQL, ENTRIES_SQL, EVENTS_SQL, OUTBOX_SQL, ACCESS_LOG_SQL].map((sql) =>
        named(sql, values),
      ),
    );
  }
  log(
    `  contacts ${from.toLocaleString('en')}…${(to - 1).toLocaleString('en')} with their rows in ${ms(started)}`,
  );
}

async function fillServices(raw: Raw, setup: Setup, fromCopy: number, toCopy: number) {
  if (toCopy <= fromCopy) return;
  const started = performance.now();
  // 10 copies per transaction
  for (let first = fromCopy; first < toCopy; first += 10) {
    const values = { base: setup.baseServiceIds, from: first, to: Math.min(toCopy, first + 10) };
    await raw.bulk(SERVICE_COPIES_SQL.map((sql) => named(sql, values)));
  }
  log(
    `  ${((toCopy - fromCopy) * setup.baseServiceIds.length).toLocaleString('en')} services copied in ${ms(started)}`,
  );
}

const ms = (started: number) => `${Math.round(performance.now() - started).toLocaleString('en')} ms`;

// ---------------------------------------------------------------------- sizes

const TABLES = [
  'access_log',
  'contact',
  'contact_event',
  'record_entry',
  'record_entry_version',
  'outbox',
  'client',
  'service',
  'service_search',
  'service_taxonomy_term',
  'service_area',
];

interface TableSize {
  table: string;
  rows: number;
  bytes: number;
  heap: number;
  indexes: number;
}

async function tableSizes(raw: Raw): Promise<TableSize[]> {
  const sizes: TableSize[] = [];
  for (const table of TABLES) {
    const [row] = (await raw.query(
      `SELECT (SELECT count(*) FROM ${table})::bigint AS rows, pg_total_relation_size($1) AS bytes,
         pg_table_size($1) AS heap, pg_indexes_size($1) AS indexes`,
      [table],
    )) as { rows: string; bytes: string; heap: string; indexes: string }[];
    sizes.push({
      table,
      rows: Number(row?.rows ?? 0),
      bytes: Number(row?.bytes ?? 0),
      heap: Number(row?.heap ?? 0),
      indexes: Number(row?.indexes ?? 0),
    });
  }
  return sizes;
}

function showSizes(scale: number, sizes: TableSize[], database: number): string {
  const lines = [
    `${scale}×: database ${(database / 2 ** 20).toFixed(0)} MB`,
    'table                      rows       total MB   heap+toast MB  indexes MB  bytes/row (total)',
    ...sizes.map(
      (s) =>
        `${s.table.padEnd(22)} ${s.rows.toLocaleString('en').padStart(12)} ${(s.bytes / 2 ** 20).toFixed(1).padStart(10)}` +
        ` ${(s.heap / 2 ** 20).toFixed(1).padStart(14)} ${(s.indexes / 2 ** 20).toFixed(1).padStart(11)}` +
        ` ${(s.rows ? s.bytes / s.rows : 0).toFixed(0).padStart(12)}`,
    ),
  ];
  return lines.join('\n');
}

// ---------------------------------------------------------------------- the requests

interface Request {
  name: string;
  paths: string[];
  headers: Record<string, string>;
  contacts?: ContactBodySpec;
}

function requests(setup: Setup, counsellorCookie: string, dpoCookie: string, contacts: number): Request[] {
  const json = { accept: 'application/json', host: HOST };
  const page = { accept: 'text/html', 'accept-language': 'fi', host: HOST };
  const uuid = (prefix: string, n: number) =>
    `00000000-0000-4000-${prefix}-${n.toString(16).padStart(12, '0')}`;
  // 200 contacts spread over the whole history, and 50 clients (every fifth contact has one)
  const contactIds = Array.from({ length: 200 }, (_, k) =>
    uuid('8000', Math.floor(((k + 0.5) * contacts) / 200)),
  );
  const clientIds = Array.from({ length: 50 }, (_, k) =>
    uuid('b000', 5 * Math.floor(((k + 0.5) * contacts) / 250)),
  );
  return [
    { name: 'contact queue', paths: ['/api/contacts/queue'], headers: { ...json, cookie: counsellorCookie } },
    {
      name: "counsellor's own list",
      paths: ['/api/contacts/queue?show=mine'],
      headers: { ...json, cookie: counsellorCookie },
    },
    {
      name: 'contact page (policy + log row)',
      paths: contactIds.map((id) => `/api/contacts/${id}`),
      headers: { ...json, cookie: counsellorCookie },
    },
    {
      name: 'access-log search for one client',
      paths: clientIds.map((id) => `/fi/staff/access-log?client=${id}`),
      headers: { ...page, cookie: dpoCookie },
    },
    {
      name: 'access-log search for one worker',
      paths: setup.counsellors.slice(1).map((id) => `/fi/staff/access-log?user=${id}`),
      headers: { ...page, cookie: dpoCookie },
    },
    {
      name: 'catalogue search',
      paths: QUERIES.map((q) => `/fi/services?q=${encodeURIComponent(q)}`),
      headers: page,
    },
    {
      name: 'contact intake',
      paths: ['/api/contacts'],
      headers: { 'content-type': 'application/json', accept: 'application/json', host: HOST },
      contacts: { municipalities: setup.municipalities, topics: setup.topics, emailShare: 0.3 },
    },
  ];
}

async function measureOne(url: string, request: Request): Promise<LoadResult> {
  const plan = {
    url,
    paths: request.paths,
    headers: request.headers,
    contacts: request.contacts,
    connections: 1,
  };
  await runLoad({ ...plan, seconds: WARMUP });
  const result = await runLoad({ ...plan, seconds: SECONDS });
  log(`    ${request.name}: ${showLoad(result)}${result.failed ? ` (${result.failed} failed)` : ''}`);
  return result;
}

// ---------------------------------------------------------------------- plans

/** Every statement the application sends through this Kysely, compiled. */
function capture(db: Kysely<DB>) {
  const captured: CompiledQuery[] = [];
  const plugin: KyselyPlugin = {
    transformQuery: ({ node, queryId }) => {
      captured.push(db.getExecutor().compileQuery(node, queryId));
      return node;
    },
    transformResult: async ({ result }) => result,
  };
  return { db: db.withPlugin(plugin), captured };
}

interface Explained {
  request: string;
  sql: string;
  ms: number;
  plan: string[];
}

/** The read statements of each request, called once through the feature functions, under EXPLAIN (ANALYZE, BUFFERS). */
async function explainRequests(
  database: Database,
  raw: Raw,
  setup: Setup,
  contacts: number,
): Promise<Explained[]> {
  const counsellor: StaffActor = {
    kind: 'staff',
    userId: setup.counsellors[0] ?? '',
    regionId: setup.regionId,
    organizationId: setup.contactPoint,
    name: 'Neuvoja 1',
    roles: [{ organizationId: setup.contactPoint, role: 'counsellor' }],
    sessionId: 'growth',
  };
  const dpo: StaffActor = {
    ...counsellor,
    userId: setup.dpo,
    name: 'Tietosuojavastaava',
    roles: [{ organizationId: setup.contactPoint, role: 'dpo' }],
  };
  const options = await catalogueOptions(database.db);
  const middle = Math.floor(contacts / 2);
  const uuid = (prefix: string, n: number) =>
    `00000000-0000-4000-${prefix}-${n.toString(16).padStart(12, '0')}`;
  const calls: [string, (db: Kysely<DB>) => Promise<unknown>][] = [
    ['contact queue', (db) => readQueue(deps(db), counsellor)],
    ["counsellor's own list", (db) => readQueue(deps(db), counsellor, { show: 'mine' })],
    ['contact page (policy + log row)', (db) => readContact(deps(db), counsellor, uuid('8000', middle + 1))],
    [
      'access-log search for one client',
      (db) => searchRegionAccessLog(db, dpo, { client: uuid('b000', middle - (middle % 5)) }, 1),
    ],
    [
      'access-log search for one worker',
      (db) => searchRegionAccessLog(db, dpo, { user: setup.counsellors[1] ?? '' }, 1),
    ],
    [
      'catalogue search',
      (db) =>
        searchServices(db, options, { text: 'perheneuvola', regionId: setup.regionId }, 'fi', 1, PAGE_SIZE),
    ],
  ];
  const explained: Explained[] = [];
  for (const [request, call] of calls) {
    const recording = capture(database.db);
    await call(recording.db);
    for (const statement of recording.captured) {
      const text = statement.sql;
      if (!/^\s*(select|with)\b/i.test(text) || /\b(insert|update|delete)\b|for update|nextval/i.test(text))
        continue;
      const rows = (await raw.query(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, statement.parameters)) as Record<
        string,
        string
      >[];
      const plan = rows.map((row) => Object.values(row)[0] ?? '');
      const time = /Execution Time: ([\d.]+) ms/.exec(plan.join('\n'))?.[1];
      explained.push({ request, sql: text, ms: Number(time ?? Number.NaN), plan });
    }
  }
  return explained;
}

const deps = (db: Kysely<DB>) => ({
  db,
  statusKey: Buffer.alloc(32),
  publicUrl: '',
  defaultRegionCode: REGION,
});

const oneLine = (sql: string, length = 140) => sql.replace(/\s+/g, ' ').trim().slice(0, length);

// ---------------------------------------------------------------------- the run

export async function benchGrowth(serverUrl: string | undefined): Promise<Figure[]> {
  if (!serverUrl) {
    log('growth: needs PostgreSQL (TEST_DATABASE_URL or BENCH_DATABASE_URL); nothing measured');
    return [];
  }
  const runStarted = performance.now();
  log(
    `growth: sizes ${SCALES.map((s) => `${s}×`).join(', ')} of a region-year (${BASE_CONTACTS.toLocaleString('en')} contacts, ` +
      `${BASE_SERVICES.toLocaleString('en')} services), ${SECONDS} s per request at 1 connection, database ${DATABASE_NAME}`,
  );
  await createDatabase(serverUrl, DATABASE_NAME);
  const url = databaseUrl(serverUrl, DATABASE_NAME);
  const database = await openDatabase({ engine: 'postgres', url });
  const raw = rawPool(url);
  const figures: Figure[] = [];
  const explainedBySize = new Map<number, Explained[]>();
  const sizeReport: string[] = [];
  const measured = new Map<string, { p50: number; p95: number }>();
  let app: FastifyInstance | undefined;
  try {
    const setup = await prepare(database, raw);
    const counsellorToken = randomBytes(32).toString('base64url');
    const dpoToken = randomBytes(32).toString('base64url');
    for (const [token, id] of [
      [counsellorToken, setup.counsellors[0] ?? ''],
      [dpoToken, setup.dpo],
    ] as const)
      await raw.query(`INSERT INTO session (id, kind, staff_user_id) VALUES ($1, 'staff', $2)`, [
        sessionId(token),
        id,
      ]);
    app = await buildApp(
      {
        sites: { hosts: { [HOST]: REGION }, defaultRegion: REGION },
        nodeEnv: 'production',
        publicUrl: undefined,
        demoMode: false,
        session: { idleMinutes: 24 * 60, absoluteHours: 48, secureCookies: true },
        rateLimits: { publicPost: 1_000_000_000 },
      },
      database,
      createLogger('silent'),
    );
    const appUrl = await listen(app);
    const smallest = SCALES[0] ?? 1;
    let contacts = 0;
    let copies = 1;
    for (const scale of SCALES) {
      log(`growth ${scale}×: filling`);
      const target = scale * BASE_CONTACTS;
      await fillContacts(raw, setup, contacts, target);
      contacts = target;
      const serviceScale = Math.min(scale, SERVICE_SCALE_CAP);
      await fillServices(raw, setup, copies, serviceScale);
      copies = Math.max(copies, serviceScale);
      let started = performance.now();
      await database.execScript('VACUUM ANALYZE');
      log(`  VACUUM ANALYZE in ${ms(started)}`);
      const sizes = await tableSizes(raw);
      const [db] = (await raw.query('SELECT pg_database_size(current_database()) AS bytes', [])) as {
        bytes: string;
      }[];
      const shown = showSizes(scale, sizes, Number(db?.bytes ?? 0));
      sizeReport.push(shown);
      for (const line of shown.split('\n')) log(`  ${line}`);
      const dbMb = Number(db?.bytes ?? 0) / 2 ** 20;
      const accessLog = sizes.find((s) => s.table === 'access_log');
      measured.set(`database size`, measured.get('database size') ?? { p50: dbMb, p95: dbMb });
      figures.push(
        figure(
          `growth ${scale}×: database size`,
          'postgres',
          dbMb,
          'MB',
          measured.get('database size')?.p50 ?? null,
        ),
      );
      if (accessLog) {
        const rows = accessLog.rows;
        measured.set('access_log rows', measured.get('access_log rows') ?? { p50: rows, p95: rows });
        figures.push(
          figure(
            `growth ${scale}×: access_log rows`,
            'postgres',
            rows,
            'count',
            measured.get('access_log rows')?.p50 ?? null,
          ),
        );
      }

      log(`growth ${scale}×: the requests at 1 connection`);
      started = performance.now();
      for (const request of requests(
        setup,
        `pv_session=${counsellorToken}`,
        `pv_session=${dpoToken}`,
        contacts,
      )) {
        const result = await measureOne(appUrl, request);
        if (scale === smallest) measured.set(request.name, { p50: result.p50, p95: result.p95 });
        const base = measured.get(request.name);
        figures.push(
          figure(`growth ${scale}×: ${request.name} p50`, 'postgres', result.p50, 'ms', base?.p50 ?? null),
          figure(`growth ${scale}×: ${request.name} p95`, 'postgres', result.p95, 'ms', base?.p95 ?? null),
        );
      }
      // intake's contacts are closed, so that the queue is the same 150 at the next size
      await raw.query(
        `UPDATE contact SET state = 'closed', assigned_to = $1, assigned_at = received_at, first_response_at = received_at,
           closed_at = received_at + interval '1 day', outcome = 'resolved_one_contact', version = version + 1
         WHERE region_id = $2 AND state <> 'closed' AND reference NOT LIKE 'PV-G-%'`,
        [setup.counsellors[0], setup.regionId],
      );
      log(`  measured in ${ms(started)}`);
      started = performance.now();
      explainedBySize.set(scale, await explainRequests(database, raw, setup, contacts));
      log(`  EXPLAIN (ANALYZE, BUFFERS) of every read statement in ${ms(started)}`);
    }
    const verified = await verifyAccessLog(database.db);
    log(
      `  the access log's chains (the rows the application appended while measured): ${verified.ok ? `intact, ${verified.count} rows` : `BROKEN: ${verified.problem}`}`,
    );
    reportPlans(explainedBySize, sizeReport);
    log(`growth: done in ${Math.round((performance.now() - runStarted) / 1000)} s`);
    return figures;
  } finally {
    await app?.close();
    await raw.close();
    await database.close();
    if (process.env.BENCH_GROWTH_KEEP === '1') log(`  kept the database ${DATABASE_NAME}`);
    else await dropDatabase(serverUrl, DATABASE_NAME);
  }
}

/** The statements whose time grew worse than log n, named on stdout; every plan in growth-plans.txt. */
function reportPlans(bySize: Map<number, Explained[]>, sizeReport: string[]) {
  const sizes = [...bySize.keys()].sort((a, b) => a - b);
  const first = bySize.get(sizes[0] ?? 1) ?? [];
  const last = bySize.get(sizes[sizes.length - 1] ?? 1) ?? [];
  const lines: string[] = ['Table sizes at each size', '', ...sizeReport.flatMap((s) => [s, '']), ''];
  lines.push('EXPLAIN (ANALYZE, BUFFERS) execution time of each read statement, ms, by size', '');
  log(`growth: read statements, EXPLAIN ANALYZE ms at ${sizes.map((s) => `${s}×`).join(' / ')}`);
  first.forEach((statement, i) => {
    const times = sizes.map((s) => bySize.get(s)?.[i]?.ms ?? Number.NaN);
    const growth = (times[times.length - 1] ?? Number.NaN) / Math.max(0.01, times[0] ?? Number.NaN);
    const worse = growth > WORSE_THAN_LOG;
    const summary = `${worse ? 'GROWS  ' : 'ok     '} ${statement.request}: ${times.map((t) => t.toFixed(2)).join(' / ')} ms (×${growth.toFixed(1)}) ${oneLine(statement.sql, 90)}`;
    log(`  ${summary}`);
    lines.push(summary);
  });
  lines.push('', 'Plans at the largest size', '');
  for (const statement of last) {
    lines.push(`-- ${statement.request} (${statement.ms} ms)`, statement.sql, '', ...statement.plan, '');
  }
  lines.push('', 'Plans at the smallest size', '');
  for (const statement of first) {
    lines.push(`-- ${statement.request} (${statement.ms} ms)`, statement.sql, '', ...statement.plan, '');
  }
  const file = writeResultFile('growth-plans.txt', `${lines.join('\n')}\n`);
  log(`  plans and sizes written to ${file}`);
}
