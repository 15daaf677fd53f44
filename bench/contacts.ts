/**
 * The figures of the contact point (issue 5): intake through the real POST /api/contacts at
 * many concurrent connections, and the shared queue with a long history of closed contacts,
 * each next to a bare Fastify route that sends the same SQL straight through the driver.
 */

import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { performance as hooks } from 'node:perf_hooks';
import Fastify, { type FastifyInstance } from 'fastify';
import type { CompiledQuery, KyselyPlugin } from 'kysely';
import pg from 'pg';
import { catalogueOptions } from '../src/features/catalogue/catalogue.ts';
import { readQueue } from '../src/features/contacts/contacts.ts';
import { verifyAccessLog } from '../src/platform/access/index.ts';
import { rowHash, SHARDS } from '../src/platform/access/log.ts';
import type { StaffActor } from '../src/platform/auth/actor.ts';
import { sessionId } from '../src/platform/auth/session.ts';
import type { Engine } from '../src/platform/db/index.ts';
import { stableUuid } from '../src/platform/ids.ts';
import {
  type BenchDatabase,
  benchHost,
  type Figure,
  figure,
  listen,
  log,
  measure,
  QUICK,
  runLoad,
  SECONDS,
  SITE_REGION,
  showLoad,
  shownPath,
  THROUGHPUT_CONNECTIONS,
  WARMUP_SECONDS,
  writeResultFile,
} from './common.ts';
import { type ContactBody, type ContactBodySpec, contactBody } from './contact-bodies.ts';
import { profileIntake } from './intake-profile.ts';
import type { LoadResult } from './load.ts';

/** The open-loop figures of intake (issue 15): at a fixed rate, half the baseline's closed-loop throughput. */
export const OPEN_LOOP_P99 = "contact intake p99, open loop at half the baseline's throughput";
export const OPEN_LOOP_P50 = "contact intake p50, open loop at half the baseline's throughput";
/** the answers per second the open loop got: its rate when the server keeps up */
export const OPEN_LOOP_RATE = "contact intake answered, open loop at half the baseline's throughput";

/** What the goals of issue 5 need besides the figures. */
export const contactNotes: string[] = [];

/** The share of senders who give an e-mail address: each of them makes an outbox row. */
const EMAIL_SHARE = 0.4;

// ---------------------------------------------------------------------- regions

interface RegionFacts {
  regionId: string;
  regionCode: string;
  contactPoint: string;
  serviceTask: string;
  workingDays: number;
}

/** Each municipality's region and its contact point, as submitContact finds them. */
export async function regionsByMunicipality(bench: BenchDatabase): Promise<Map<string, RegionFacts>> {
  const rows = (await bench.rawQuery(
    `SELECT m.code, r.id AS region_id, r.code AS region_code, r.contact_service_task,
            r.first_response_working_days,
            coalesce(r.contact_point_organization_id, (
              SELECT o.id FROM organization o WHERE o.region_id = r.id AND o.kind = 'region'
              ORDER BY o.id LIMIT 1)) AS contact_point
     FROM municipality m JOIN region r ON r.id = m.region_id ORDER BY m.code`,
    [],
  )) as {
    code: string;
    region_id: string;
    region_code: string;
    contact_service_task: string;
    first_response_working_days: number;
    contact_point: string | null;
  }[];
  return new Map(
    rows.flatMap((r) =>
      r.contact_point
        ? [
            [
              r.code,
              {
                regionId: r.region_id,
                regionCode: r.region_code,
                contactPoint: r.contact_point,
                serviceTask: r.contact_service_task,
                workingDays: Number(r.first_response_working_days),
              },
            ] as const,
          ]
        : [],
    ),
  );
}

// ---------------------------------------------------------------------- intake

const INSERT_CONTACT = `
  INSERT INTO contact (id, reference, region_id, registry_organization_id, client_id, idempotency_key,
    request_hash, status_token_hash, channel, contacter, municipality_code, child_ages, topics, language,
    anonymous, contact_name, reply_channel, phone, email, reach_time, urgency, safety, state,
    assigned_to, assigned_at, received_at, respond_by, logged_by, updated_at)
  VALUES ($1, 'PV-' || $2 || '-' || lpad(nextval('contact_number_seq')::text, 6, '0'), $3, $4, NULL, $5,
    $6, $7, 'web', $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, 'new',
    NULL, NULL, $21, $22, NULL, $21)
  ON CONFLICT (idempotency_key) DO NOTHING
  RETURNING id, reference`;
const INSERT_ENTRY = `
  INSERT INTO record_entry (id, contact_id, type, service_task_code, registry_organization_id, created_at)
  VALUES ($1, $2, 'contact', $3, $4, $5) ON CONFLICT (id) DO NOTHING RETURNING id`;
const INSERT_ENTRY_VERSION = `
  INSERT INTO record_entry_version (entry_id, version, content, reason, at, author_kind, staff_user_id, author_name)
  VALUES ($1, 1, $2, NULL, $3, 'family', NULL, $4)`;
const INSERT_EVENT = `
  INSERT INTO contact_event (contact_id, at, kind, from_state, to_state, staff_user_id, actor_name, note)
  VALUES ($1, $2, 'received', NULL, 'new', NULL, 'family', NULL)`;
const INSERT_OUTBOX = `
  INSERT INTO outbox (channel, recipient, template, language, params)
  VALUES ('email', $1, 'contact_received', $2, $3) RETURNING id`;
const LOCK_CHAIN_HEAD = `
  SELECT shard, last_seq, last_hash, nextval('access_log_id_seq') AS id
  FROM access_log_chain WHERE shard = pg_backend_pid() % ${SHARDS} FOR UPDATE`;
const APPEND_LOG = `
  WITH appended AS (
    INSERT INTO access_log (id, shard, seq, at, actor_kind, staff_user_id, actor_client_id, actor_name,
      organization_id, organization_name, role, region_id, client_id, action, resource_type, resource_id,
      reason, break_glass, registry_organization_id, prev_hash, hash)
    VALUES ($1, $2, $3, $4, 'public', NULL, NULL, 'public form', NULL, NULL, 'public', $5, NULL, 'create',
      'contact', $6, NULL, false, $7, $8, $9))
  UPDATE access_log_chain SET last_seq = $3, last_hash = $9 WHERE shard = $2`;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * The baseline of intake: the rows the application writes for a contact from the public form,
 * in one transaction through the driver: the contact, its 'contact' record entry and first
 * version, the 'received' event, an outbox row when an e-mail address was given, and the
 * access-log row with its chain head locked (SELECT … FOR UPDATE) and moved on as
 * platform/access/log.ts does (the row's hash is computed the same way, so the chain stays
 * whole). Not done here: validation, the idempotency look-up before the transaction, the
 * region query (a map in memory), working days (calendar days), the policy, NOTIFY.
 */
async function startIntakeBaseline(
  bench: BenchDatabase,
  regions: Map<string, RegionFacts>,
): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  app.post('/contacts', async (request, reply) => {
    const body = request.body as ContactBody;
    const region = regions.get(body.municipality);
    if (!region) return reply.code(400).send({ error: 'municipality' });
    const now = new Date();
    const id = randomUUID();
    const entryId = randomUUID();
    const token = randomBytes(32).toString('base64url');
    const respondBy = new Date(now.getTime() + region.workingDays * 86_400_000).toISOString().slice(0, 10);
    const { idempotencyKey: _, ...content } = body;
    const contact = await bench.rawTransaction(async (query) => {
      const [inserted] = (await query(INSERT_CONTACT, [
        id,
        String(now.getUTCFullYear()),
        region.regionId,
        region.contactPoint,
        body.idempotencyKey,
        sha256(JSON.stringify(content)),
        sha256(token),
        body.contacter,
        body.municipality,
        body.childAges,
        body.topics,
        body.language,
        !body.name,
        body.name,
        body.replyChannel,
        body.phone,
        body.email,
        body.reachTime,
        body.safety === 'acute_danger' ? 'emergency' : body.safety === 'violence' ? 'urgent' : 'normal',
        body.safety,
        now,
        respondBy,
      ])) as { id: string; reference: string }[];
      if (!inserted) throw new Error('idempotency key used twice');
      await query(INSERT_ENTRY, [entryId, id, region.serviceTask, region.contactPoint, now]);
      await query(INSERT_ENTRY_VERSION, [entryId, JSON.stringify(content), now, body.name ?? 'anonymous']);
      await query(INSERT_EVENT, [id, now]);
      if (body.email) {
        await query(INSERT_OUTBOX, [
          body.email,
          body.language,
          JSON.stringify({ reference: inserted.reference, respondBy, statusUrl: `/fi/tilanne/${token}` }),
        ]);
      }
      const [head] = (await query(LOCK_CHAIN_HEAD, [])) as {
        shard: number;
        last_seq: string;
        last_hash: string;
        id: string;
      }[];
      if (!head) throw new Error('no chain head');
      const row = {
        id: String(head.id),
        shard: Number(head.shard),
        seq: String(Number(head.last_seq) + 1),
        at: now,
        actor_kind: 'public' as const,
        staff_user_id: null,
        actor_client_id: null,
        actor_name: 'public form',
        organization_id: null,
        organization_name: null,
        role: 'public',
        region_id: region.regionId,
        client_id: null,
        action: 'create' as const,
        resource_type: 'contact',
        resource_id: id,
        reason: null,
        break_glass: false,
        registry_organization_id: region.contactPoint,
      };
      const hash = rowHash(head.last_hash, row);
      await query(APPEND_LOG, [
        row.id,
        row.shard,
        row.seq,
        now,
        region.regionId,
        id,
        region.contactPoint,
        head.last_hash,
        hash,
      ]);
      return inserted;
    });
    reply.code(201);
    return { reference: contact.reference, statusUrl: `/fi/tilanne/${token}`, respondBy, created: true };
  });
  await app.ready();
  return app;
}

export async function bodySpec(
  bench: BenchDatabase,
  regions: Map<string, RegionFacts>,
): Promise<ContactBodySpec> {
  const options = await catalogueOptions(bench.database.db);
  return {
    // the load comes to one region's address (issue 10, finding 21: another region's
    // municipality is refused there)
    municipalities: [...regions.entries()]
      .filter(([, r]) => r.regionCode === SITE_REGION)
      .map(([code]) => code),
    topics: options.topics.map((t) => t.code),
    emailShare: EMAIL_SHARE,
  };
}

/**
 * One POST; sent again (same idempotency key) if the connection fails. With a host, to that
 * region's site (fetch cannot set Host, so node:http does).
 */
async function post(url: string, body: unknown, host?: string): Promise<{ status: number; text: string }> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await new Promise((resolve, reject) => {
        const payload = JSON.stringify(body);
        const request = httpRequest(
          url,
          {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              accept: 'application/json',
              'content-length': Buffer.byteLength(payload),
              ...(host ? { host } : {}),
            },
          },
          (response) => {
            let text = '';
            response.setEncoding('utf8');
            response.on('data', (chunk: string) => {
              text += chunk;
            });
            response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
            response.on('error', reject);
          },
        );
        request.on('error', reject);
        request.end(payload);
      });
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

/**
 * What PostgreSQL's connections of the bench database were doing while `during` ran: every
 * 50 ms, the wait event (or "CPU") of each client backend, by state ("active": running a
 * statement; "idle in transaction": waiting for the application's next statement).
 */
async function sampleWaits<T>(
  url: string | null,
  during: () => Promise<T>,
): Promise<{ result: T; waits: string }> {
  if (!url) return { result: await during(), waits: '' };
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const tally = new Map<string, number>();
  let samples = 0;
  let running = true;
  const sampler = (async () => {
    while (running) {
      const { rows } = await client.query<{ what: string }>(
        `SELECT state || ' ' || coalesce(wait_event_type || ':' || wait_event, 'CPU') AS what
         FROM pg_stat_activity
         WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'
           AND state <> 'idle'`,
      );
      for (const { what } of rows) tally.set(what, (tally.get(what) ?? 0) + 1);
      samples++;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  try {
    const result = await during();
    return {
      result,
      waits: [...tally.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 6)
        .map(([what, n]) => `${what} ${(n / Math.max(1, samples)).toFixed(1)}`)
        .join(', '),
    };
  } finally {
    running = false;
    await sampler;
    await client.end();
  }
}

/** Closed loop at `connections` after a warm-up. */
async function measureIntake(
  bench: BenchDatabase,
  url: string,
  path: string,
  spec: ContactBodySpec,
  connections: number,
): Promise<LoadResult> {
  const plan = {
    url,
    paths: [path],
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    contacts: spec,
    connections,
  };
  await runLoad({ ...plan, seconds: WARMUP_SECONDS });
  const elu = hooks.eventLoopUtilization();
  const { result: measured, waits } = await sampleWaits(bench.url, () =>
    runLoad({ ...plan, seconds: SECONDS }),
  );
  const busy = hooks.eventLoopUtilization(elu).utilization;
  log(`  ${url}${path}, ${connections} connections: ${showLoad(measured)}`);
  log(
    `    the server's event loop busy ${(busy * 100).toFixed(0)} %` +
      (waits ? `; PostgreSQL backends (mean number per sample): ${waits}` : ''),
  );
  return measured;
}

/**
 * Contact intake: POST /api/contacts of the real application (validation, idempotency,
 * record entry, outbox, policy and access log, NOTIFY) against the baseline's inserts, each
 * request a new contact with its own idempotency key, at `connections` concurrent
 * connections (closed loop). On PostgreSQL also an open loop (issue 15): both at one fixed
 * arrival schedule at half the baseline's closed-loop throughput, latency from each request's
 * due time, where latency is not made of waiting behind 200 requests in the pool's queue.
 */
export async function benchContactIntake(
  bench: BenchDatabase,
  engine: Engine,
  appUrl: string,
  connections: number,
): Promise<Figure[]> {
  const regions = await regionsByMunicipality(bench);
  const spec = await bodySpec(bench, regions);
  const baselineApp = await startIntakeBaseline(bench, regions);
  try {
    const baselineUrl = await listen(baselineApp);
    for (const [url, path] of [
      [appUrl, '/api/contacts'],
      [baselineUrl, '/contacts'],
    ] as const) {
      const probe = await post(`${url}${path}`, contactBody(spec, 0));
      if (probe.status !== 201) throw new Error(`POST ${path} answered ${probe.status}: ${probe.text}`);
    }
    log(
      `${engine}: contact intake at ${connections} connections (${spec.municipalities.length} municipalities)`,
    );
    const baseline = await measureIntake(bench, baselineUrl, '/contacts', spec, connections);
    const app = await measureIntake(bench, appUrl, '/api/contacts', spec, connections);
    const suffix = engine === 'postgres' ? '' : ` (${connections} connections)`;
    const figures = [
      figure(`contact intake throughput${suffix}`, engine, app.throughput, 'req/s', baseline.throughput),
      figure(`contact intake p99${suffix}`, engine, app.p99, 'ms', baseline.p99),
    ];
    if (engine === 'postgres') {
      // issue 15: the same fixed schedule for both, at half the baseline's closed-loop
      // throughput (what the bare SQL can take), over up to `connections` sockets
      const rate = Math.max(10, Math.round(baseline.throughput / 2));
      const open = async (url: string, path: string) => {
        const r = await runLoad({
          url,
          paths: [path],
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          contacts: spec,
          connections,
          seconds: SECONDS,
          rate,
          seed: 15,
        });
        log(`  ${url}${path}, open loop at ${rate} req/s: ${showLoad(r)}, ${r.failed} failed`);
        return r;
      };
      const baselineOpen = await open(baselineUrl, '/contacts');
      const appOpen = await open(appUrl, '/api/contacts');
      figures.push(
        figure(OPEN_LOOP_P99, engine, appOpen.p99, 'ms', baselineOpen.p99),
        figure(OPEN_LOOP_P50, engine, appOpen.p50, 'ms', baselineOpen.p50),
        figure(OPEN_LOOP_RATE, engine, appOpen.throughput, 'req/s', baselineOpen.throughput),
      );
      if (appOpen.failed + baselineOpen.failed > 0)
        contactNotes.push(
          `WARNING  the open loop had failed requests: the application ${appOpen.failed}, the baseline ${baselineOpen.failed}`,
        );
    }
    // what each statement costs (docs/bench.md, "What limits intake"); not in the quick run
    if (!QUICK) await profileIntake(bench, engine, spec, 300);
    const started = performance.now();
    const verified = await verifyAccessLog(bench.database.db);
    log(
      `  access log after intake: ${verified.ok ? 'every chain whole' : `BROKEN: ${JSON.stringify(verified)}`}, ` +
        `${verified.count} rows verified in ${Math.round(performance.now() - started)} ms`,
    );
    if (!verified.ok) contactNotes.push(`${engine}: the access log chain was broken after intake`);
    return figures;
  } finally {
    await baselineApp.close();
  }
}

// ---------------------------------------------------------------------- the queue

/** ~150 open contacts in the region, as the issue asks; ~50 more in another region. */
const OPEN_IN_REGION = 150;
const OPEN_ELSEWHERE = 50;
const QUEUE_COUNSELLORS = 4;

/** Every query the application sends through this Kysely instance, compiled. */
function capture(db: BenchDatabase['database']['db']) {
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

/**
 * The shared queue with a long history: `history` closed contacts of the region made with one
 * INSERT … SELECT generate_series (the intake run's contacts are closed too), ~150 open ones
 * sent through the real POST. GET /api/contacts/queue as a signed-in counsellor (a session
 * row as platform/auth/session.ts stores it) against the same SELECT through the driver,
 * captured from the application's own readQueue. EXPLAIN (ANALYZE, BUFFERS) of it is printed
 * and written to bench/results/contact-queue-plan-<engine>.txt.
 */
export async function benchContactQueue(
  bench: BenchDatabase,
  engine: Engine,
  appUrl: string,
  history: number,
): Promise<Figure[]> {
  const { db } = bench.database;
  const regions = await regionsByMunicipality(bench);
  const spec = await bodySpec(bench, regions);
  const facts = [...regions.values()];
  const queueRegion = facts.find((r) => r.regionCode === 'pohjois-savo') ?? facts[0];
  if (!queueRegion) throw new Error('no region with a contact point');
  const inRegion = [...regions.entries()].filter(([, r]) => r.regionId === queueRegion.regionId);
  const elsewhere = [...regions.entries()].filter(([, r]) => r.regionId !== queueRegion.regionId);
  log(
    `${engine}: the contact queue of ${queueRegion.regionCode} with ${history.toLocaleString('en')} closed contacts`,
  );

  // Staff: counsellors of the region's contact point (one signs in), one per other region.
  const counsellors = Array.from({ length: QUEUE_COUNSELLORS }, (_, i) =>
    stableUuid('staff_user', `bench/queue/${i}`),
  );
  await db
    .insertInto('staff_user')
    .values(
      counsellors.map((id, i) => ({
        id,
        region_id: queueRegion.regionId,
        issuer: 'bench',
        subject: `queue-${i}`,
        name: `Neuvoja ${i + 1}`,
        email: null,
        organization_id: queueRegion.contactPoint,
        unit_id: null,
      })),
    )
    .execute();
  await db
    .insertInto('staff_role')
    .values(
      counsellors.map((id) => ({
        staff_user_id: id,
        organization_id: queueRegion.contactPoint,
        role: 'counsellor' as const,
      })),
    )
    .execute();
  const otherRegions = [...new Map(facts.map((r) => [r.regionId, r])).values()].filter(
    (r) => r.regionId !== queueRegion.regionId,
  );
  for (const r of otherRegions) {
    await db
      .insertInto('staff_user')
      .values({
        id: stableUuid('staff_user', `bench/queue/${r.regionCode}`),
        region_id: r.regionId,
        issuer: 'bench',
        subject: `queue-${r.regionCode}`,
        name: 'Neuvoja',
        email: null,
        organization_id: r.contactPoint,
        unit_id: null,
      })
      .execute();
  }
  const token = randomBytes(32).toString('base64url');
  await db
    .insertInto('session')
    .values({ id: sessionId(token), kind: 'staff', staff_user_id: counsellors[0] ?? '' })
    .execute();

  // The history: the intake run's contacts closed, then `history` more in one statement.
  let started = performance.now();
  await bench.rawQuery(
    `UPDATE contact c SET state = 'closed', assigned_to = s.id, assigned_at = c.received_at,
       first_response_at = c.received_at + interval '1 day', closed_at = c.received_at + interval '2 days',
       outcome = 'resolved_one_contact', version = c.version + 1, updated_at = now(),
       received_at = c.received_at - interval '30 days'
     FROM staff_user s
     WHERE s.issuer = 'bench' AND s.region_id = c.region_id
       AND s.subject = CASE WHEN c.region_id = $1 THEN 'queue-0' ELSE 'queue-' || (SELECT code FROM region WHERE id = c.region_id) END
       AND c.state <> 'closed'`,
    [queueRegion.regionId],
  );
  const closedIntake = Number(
    ((await bench.rawQuery(`SELECT count(*) AS n FROM contact`, [])) as { n: string }[])[0]?.n ?? 0,
  );
  log(`  ${closedIntake} contacts of the intake run closed in ${Math.round(performance.now() - started)} ms`);
  started = performance.now();
  const historySql = `INSERT INTO contact (id, reference, region_id, registry_organization_id, client_id, idempotency_key,
       request_hash, status_token_hash, channel, contacter, municipality_code, child_ages, topics, language,
       anonymous, contact_name, reply_channel, phone, email, reach_time, urgency, safety, state, assigned_to,
       assigned_at, received_at, respond_by, first_response_at, closed_at, outcome, logged_by, version, updated_at)
     SELECT ('00000000-0000-4000-8000-' || lpad(to_hex(i), 12, '0'))::uuid,
       'PV-' || extract(year FROM t.at)::int || '-' || (1000000 + i)::text,
       $1, $2, NULL, ('00000000-0000-4000-9000-' || lpad(to_hex(i), 12, '0'))::uuid, md5(i::text),
       lpad(to_hex(i), 64, '0'),
       (ARRAY['web','web','web','web','web','web','web','phone','phone','walk_in'])[1 + i % 10],
       (ARRAY['parent','parent','parent','parent','parent','parent','parent','young_person','professional','professional'])[1 + (i / 10) % 10],
       ($3::text[])[1 + i % cardinality($3::text[])],
       ARRAY[(i % 18)::smallint, ((i / 18) % 18)::smallint],
       ARRAY[($4::text[])[1 + i % cardinality($4::text[])]],
       CASE WHEN i % 20 = 0 THEN 'sv' ELSE 'fi' END,
       i % 3 = 0, CASE WHEN i % 3 = 0 THEN NULL ELSE 'Perhe ' || i END,
       (ARRAY['status_page','phone','email'])[1 + i % 3],
       CASE WHEN i % 3 = 1 THEN '040 ' || (1000000 + i) END,
       CASE WHEN i % 3 = 2 THEN 'perhe.h' || i || '@example.fi' END,
       'any',
       CASE WHEN i % 50 = 0 THEN 'urgent' ELSE 'normal' END,
       CASE WHEN i % 50 = 0 THEN 'violence' ELSE 'none' END,
       'closed', ($5::uuid[])[1 + i % cardinality($5::uuid[])], t.at + interval '2 hours', t.at,
       (t.at + interval '3 days')::date, t.at + interval '1 day', t.at + interval '7 days',
       (ARRAY['resolved_one_contact','visits_booked','guided_onward','urgent_referral'])[1 + i % 4],
       NULL, 4, t.at + interval '7 days'
     FROM generate_series(1, $6::int) AS i,
       LATERAL (SELECT now() - interval '60 days' - i * interval '5 minutes' AS at) AS t`;
  const historyParameters = [
    queueRegion.regionId,
    queueRegion.contactPoint,
    inRegion.map(([code]) => code),
    spec.topics,
    counsellors,
    history,
  ];
  // The values are valid by construction: foreign keys are not checked row by row (a third
  // of the time) when the user may (session_replication_role needs a superuser).
  const generate = (checks: boolean) =>
    bench.rawTransaction(async (query) => {
      if (!checks) await query('SET LOCAL session_replication_role = replica', []);
      await query(historySql, historyParameters);
    });
  let checked = false;
  try {
    await generate(false);
  } catch (error) {
    if ((error as { code?: string }).code !== '42501') throw error;
    checked = true;
    await generate(true);
  }
  log(
    `  ${history.toLocaleString('en')} closed contacts inserted in ${Math.round(performance.now() - started)} ms` +
      (checked ? '' : ' (foreign keys not checked)'),
  );

  // The open contacts, through the real POST; a third of those in the region claimed.
  started = performance.now();
  const openSpec = (list: typeof inRegion) => ({ ...spec, municipalities: list.map(([code]) => code) });
  const sendOpen = async (list: typeof inRegion, count: number) => {
    for (let i = 0; i < count; i += 10) {
      const batch = Array.from({ length: Math.min(10, count - i) }, (_, j) => {
        const body = contactBody(openSpec(list), 10_000_000 + i + j);
        const region = regions.get(body.municipality)?.regionCode ?? SITE_REGION;
        return post(`${appUrl}/api/contacts`, body, `${benchHost(region)}:${new URL(appUrl).port}`);
      });
      for (const r of await Promise.all(batch))
        if (r.status !== 201) throw new Error(`POST /api/contacts answered ${r.status}: ${r.text}`);
    }
  };
  await sendOpen(inRegion, OPEN_IN_REGION);
  if (elsewhere.length > 0) await sendOpen(elsewhere, OPEN_ELSEWHERE);
  await bench.rawQuery(
    `UPDATE contact SET received_at = now() - random() * interval '10 days' WHERE state = 'new'`,
    [],
  );
  await bench.rawQuery(
    `UPDATE contact SET state = 'assigned', assigned_to = $2, assigned_at = received_at + interval '1 hour'
     WHERE id IN (SELECT id FROM contact WHERE region_id = $1 AND state = 'new' ORDER BY id LIMIT $3)`,
    [queueRegion.regionId, counsellors[1], Math.round(OPEN_IN_REGION / 3)],
  );
  await bench.database.execScript('VACUUM ANALYZE contact');
  log(`  open contacts sent and VACUUM ANALYZE in ${Math.round(performance.now() - started)} ms`);

  // The application's own queue query, captured from readQueue, for EXPLAIN and the baseline.
  const actor: StaffActor = {
    kind: 'staff',
    userId: counsellors[0] ?? '',
    regionId: queueRegion.regionId,
    organizationId: queueRegion.contactPoint,
    name: 'Neuvoja 1',
    roles: [{ organizationId: queueRegion.contactPoint, role: 'counsellor' }],
    sessionId: 'bench',
  };
  const capturing = capture(db);
  const direct = await readQueue(
    { db: capturing.db, statusKey: Buffer.alloc(32), publicUrl: '', defaultRegionCode: '' },
    actor,
  );
  const queueQuery = capturing.captured.find((q) => q.sql.includes('over ()'));
  if (!queueQuery) throw new Error('the queue query was not captured');
  const parameters = [...queueQuery.parameters];
  const plan = (
    (await bench.rawQuery(`EXPLAIN (ANALYZE, BUFFERS) ${queueQuery.sql}`, parameters)) as Record<
      string,
      string
    >[]
  ).map((row) => Object.values(row)[0] ?? '');
  // The same statement as a prepared statement's generic plan (what a named prepared
  // statement gets after five runs, or a pooler in transaction mode), where the parameters
  // are not known when planning.
  const literal = (v: unknown) =>
    typeof v === 'number' ? String(v) : `'${String(v).replaceAll("'", "''")}'`;
  const genericPlan = await bench.rawTransaction(async (query) => {
    await query('SET LOCAL plan_cache_mode = force_generic_plan', []);
    await query(`PREPARE bench_queue AS ${queueQuery.sql}`, []);
    const rows = (await query(
      `EXPLAIN (ANALYZE, BUFFERS) EXECUTE bench_queue(${parameters.map(literal).join(', ')})`,
      [],
    )) as Record<string, string>[];
    await query('DEALLOCATE bench_queue', []);
    return rows.map((row) => Object.values(row)[0] ?? '');
  });
  const planText =
    `${queueQuery.sql}\n-- parameters: ${JSON.stringify(parameters)}\n\n` +
    `EXPLAIN (ANALYZE, BUFFERS), as the application runs it (parameters known when planning):\n\n` +
    `${plan.join('\n')}\n\nThe generic plan of the same statement (plan_cache_mode = force_generic_plan):\n\n` +
    `${genericPlan.join('\n')}\n`;
  // bench/results is not in the repository: writeResultFile makes it on a fresh clone
  const planFile = shownPath(writeResultFile(`contact-queue-plan-${engine}.txt`, planText));
  const usesIndex = plan.some((line) => line.includes('contact_queue_idx'));
  const genericUsesIndex = genericPlan.some((line) => line.includes('contact_queue_idx'));
  log(`  EXPLAIN (ANALYZE, BUFFERS) of the queue query (${direct.total} open contacts in the region):`);
  for (const line of plan) console.log(`      ${line}`);
  const time = (lines: string[]) => lines.find((line) => line.startsWith('Execution Time'))?.trim();
  const scans = (lines: string[]) =>
    lines
      .map((line) => /(?:Bitmap Index|Index Only|Index|Seq) Scan(?: using)? (?:on )?\S+/.exec(line)?.[0])
      .filter(Boolean)
      .join(', ');
  log(`  its generic plan: ${scans(genericPlan)}; ${time(genericPlan)}`);
  contactNotes.push(
    `${usesIndex ? 'MET    ' : 'NOT MET'}  the queue query uses contact_queue_idx on ${engine} ` +
      `(plan in ${planFile}; ${time(plan)})`,
    `${genericUsesIndex ? 'MET    ' : 'NOT MET'}  … and so does its generic plan on ${engine} ` +
      `(a prepared statement, parameters unknown: ${scans(genericPlan)}; ${time(genericPlan)}) [for information]`,
  );

  const baselineApp = Fastify({ logger: false });
  baselineApp.get('/queue', async () => bench.rawQuery(queueQuery.sql, parameters));
  try {
    const baselineUrl = await listen(baselineApp);
    const cookie = `pv_session=${token}`;
    const probe = await fetch(`${appUrl}/api/contacts/queue`, {
      headers: { cookie, accept: 'application/json' },
    });
    const answer = (await probe.json()) as { total?: number; items?: unknown[] };
    const baselineRows = (await (await fetch(`${baselineUrl}/queue`)).json()) as unknown[];
    if (probe.status !== 200 || answer.items?.length !== baselineRows.length)
      throw new Error(
        `GET /api/contacts/queue answered ${probe.status} with ${answer.items?.length} items, the baseline ${baselineRows.length}`,
      );
    log(`  the queue shows ${answer.items.length} of ${answer.total} open contacts; the baseline the same`);
    const json = { accept: 'application/json' };
    if (engine === 'pglite') {
      // for information, and to keep the run short: latency at one connection only
      const latency = async (url: string, path: string, headers: Record<string, string>) => {
        await runLoad({ url, paths: [path], headers, connections: 1, seconds: WARMUP_SECONDS });
        const r = await runLoad({ url, paths: [path], headers, connections: 1, seconds: SECONDS });
        log(`  ${url}${path}: 1 conn ${showLoad(r)}`);
        return r;
      };
      const baseline = await latency(baselineUrl, '/queue', json);
      const app = await latency(appUrl, '/api/contacts/queue', { ...json, cookie });
      return [
        figure(
          `contact queue p95 (${history.toLocaleString('en')} closed contacts)`,
          engine,
          app.p95,
          'ms',
          baseline.p95,
        ),
      ];
    }
    const baseline = await measure(baselineUrl, ['/queue'], json);
    const app = await measure(appUrl, ['/api/contacts/queue'], { ...json, cookie });
    // the figures of issue 5 are with a million closed contacts; other sizes say theirs
    const size = history === 1_000_000 ? '' : `, ${history.toLocaleString('en')} closed contacts`;
    return [
      figure(
        `contact queue p95${size ? ` (${size.slice(2)})` : ''}`,
        engine,
        app.latency.p95,
        'ms',
        baseline.latency.p95,
      ),
      figure(
        `contact queue p95 (${THROUGHPUT_CONNECTIONS} connections${size})`,
        engine,
        app.throughput.p95,
        'ms',
        baseline.throughput.p95,
      ),
      figure(
        `contact queue throughput${size ? ` (${size.slice(2)})` : ''}`,
        engine,
        app.throughput.throughput,
        'req/s',
        baseline.throughput.throughput,
      ),
    ];
  } finally {
    await baselineApp.close();
  }
}
