/**
 * The figures of issue 12 ("Measured, in `npm run bench`"):
 *
 * 1. Consultation intake: `POST /api/consultations` of the real application, as a signed-in
 *    partner (a session cookie; a JSON post needs no CSRF token), each request a new anonymous
 *    consultation (validation, the identifying-text check, the session, the door's policy and
 *    access-log row, the consultation and its first message, one transaction), against a bare
 *    Fastify route writing the same rows in one transaction through the driver: the
 *    consultation, its question, and the access-log row with its chain head locked and moved on
 *    as platform/access/log.ts does. Closed loop at the contact intake's connections (200 on
 *    PostgreSQL, 20 on PGlite), from a separate process.
 * 2. The common time of a poll: the organiser's tally of a meeting with 8 participants who have
 *    all answered 6 proposed times, through the door (the meetings feature's own function:
 *    policy facts, the access-log row, slots, participants and votes, the ranking), timed call
 *    by call, in turns with the bare SELECT of the same votes through the driver; 200 such
 *    meetings read in turn. Goal: p95 ≤ 20 ms.
 */
import { spawn } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { performance as hooks } from 'node:perf_hooks';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { consultationFromInput, identifyingHits } from '../src/features/consultations/index.ts';
import { meetingCommonTime } from '../src/features/meetings/index.ts';
import { rowHash, SHARDS, verifyAccessLog } from '../src/platform/access/log.ts';
import type { StaffActor } from '../src/platform/auth/actor.ts';
import { SESSION_COOKIE, sessionId } from '../src/platform/auth/session.ts';
import type { Engine } from '../src/platform/db/index.ts';
import type { DB } from '../src/platform/db/types.ts';
import { stableUuid } from '../src/platform/ids.ts';
import { helsinkiDate } from '../src/platform/working-days.ts';
import {
  type BenchDatabase,
  type Figure,
  figure,
  listen,
  log,
  NO_LOAD,
  ROOT,
  SECONDS,
  SITE_REGION,
  sized,
  WARMUP_SECONDS,
} from './common.ts';
import type { LoadResult } from './load.ts';

/** What the goals of issue 12 print besides the figures. */
export const meetingNotes: string[] = [];

export const CONSULTATION_THROUGHPUT = 'consultation intake throughput';
export const CONSULTATION_P99 = 'consultation intake p99';
export const COMMON_TIME = 'common time p95 (8 participants × 6 times)';
export const COMMON_TIME_GOAL_MS = 20;

/** The poll of the figure: 200 meetings, each of 8 participants who answered all 6 times. */
const MEETINGS = Number(process.env.BENCH_MEETINGS ?? sized(200, 20));
const PARTICIPANTS = 8;
const SLOTS = 6;
/** Sequential calls timed (each of the door and the bare SELECT), after a warm-up. */
const CALLS = Number(process.env.BENCH_MEETING_CALLS ?? sized(2_000, 100));
const WARMUP_CALLS = sized(200, 20);
const DAY = 86_400_000;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The region's family counselling (the contact point's organisation), as the policies find it. */
async function siteRegion(bench: BenchDatabase) {
  const [region] = (await bench.rawQuery(
    `SELECT r.id, r.first_response_working_days, coalesce(r.contact_point_organization_id, (
       SELECT o.id FROM organization o WHERE o.region_id = r.id AND o.kind = 'region'
       ORDER BY o.id LIMIT 1)) AS contact_point
     FROM region r WHERE r.code = $1`,
    [SITE_REGION],
  )) as { id: string; first_response_working_days: number; contact_point: string | null }[];
  if (!region?.contact_point) throw new Error(`${SITE_REGION} has no contact point organisation`);
  return {
    regionId: region.id,
    contactPoint: region.contact_point,
    workingDays: Number(region.first_response_working_days),
  };
}

/** Staff users of the bench (issuer 'bench') with one role each. */
async function insertStaff(
  db: Kysely<DB>,
  regionId: string,
  people: {
    id: string;
    subject: string;
    name: string;
    organizationId: string;
    role: 'partner' | 'counsellor';
  }[],
) {
  await db
    .insertInto('staff_user')
    .values(
      people.map((p) => ({
        id: p.id,
        region_id: regionId,
        issuer: 'bench',
        subject: p.subject,
        name: p.name,
        email: null,
        organization_id: p.organizationId,
        unit_id: null,
      })),
    )
    .execute();
  await db
    .insertInto('staff_role')
    .values(people.map((p) => ({ staff_user_id: p.id, organization_id: p.organizationId, role: p.role })))
    .execute();
}

// ---------------------------------------------------------------------- consultation intake

/**
 * What partners ask, anonymously: no names, codes, numbers or addresses (the identifying-text
 * check runs on every one and finds nothing, as in a good request).
 */
const QUESTIONS = [
  'Luokallani on 9-vuotias, joka ei puhu koulussa lainkaan, vaikka kotona kuulemma puhuu. Miten voisin tukea häntä ja perhettä, ja milloin kannattaa ohjata eteenpäin?',
  'Neuvolassa käyvä äiti kertoo olevansa hyvin väsynyt ja itkuinen, vauva on kolmen kuukauden ikäinen. Isä tekee vuorotyötä. Mitä perheneuvolasta voisi tarjota ja miten asian voi ottaa puheeksi?',
  'Päiväkodin viisivuotias purkaa kiukkua lyömällä muita lapsia, erityisesti aamuisin tuonnin jälkeen. Vanhemmat ovat eroamassa. Toivoisin neuvoa, miten tilanteessa kannattaa toimia yhdessä vanhempien kanssa.',
  'Yläkoululainen on ollut paljon poissa koulusta syksyn aikana ja sanoo, ettei jaksa. Huoltaja on huolissaan mutta ei tiedä mistä hakea apua. Voisiko perheneuvola auttaa vai onko nuorisoasema oikea paikka?',
  'Perheessä on kolme alle kouluikäistä lasta ja vanhemmat riitelevät usein lasten kuullen. Äiti toivoi, että joku ulkopuolinen auttaisi. Millaista apua on tarjolla ilman lähetettä?',
  'Seurakunnan perhekerhoon osallistuva isä kertoi, että lapsi nukkuu huonosti ja herää öisin pelkoihin sen jälkeen, kun perhe muutti. Miten lasta voisi tukea ja kannattaako perheen ottaa yhteyttä teihin?',
];

const INSERT_CONSULTATION = `
  INSERT INTO consultation (id, region_id, kind, identified, state, requester_id, requester_organization_id,
    counselling_organization_id, respond_by, created_at, updated_at)
  VALUES ($1, $2, $3, false, 'requested', $4, $5, $6, $7, $8, $8)`;
const INSERT_QUESTION = `
  INSERT INTO consultation_message (id, consultation_id, author_id, side, kind, body, created_at)
  VALUES ($1, $2, $3, 'requester', 'question', $4, $5)`;
const LOCK_CHAIN_HEAD = `
  SELECT shard, last_seq, last_hash, nextval('access_log_id_seq') AS id
  FROM access_log_chain WHERE shard = pg_backend_pid() % ${SHARDS} FOR UPDATE`;
const APPEND_LOG = `
  WITH appended AS (
    INSERT INTO access_log (id, shard, seq, at, actor_kind, staff_user_id, actor_client_id, actor_name,
      organization_id, organization_name, role, region_id, client_id, action, resource_type, resource_id,
      reason, break_glass, registry_organization_id, prev_hash, hash)
    VALUES ($1, $2, $3, $4, 'staff', $5, NULL, $6, $7, $8, 'partner', $9, NULL, 'create',
      'consultation', $10, NULL, false, NULL, $11, $12))
  UPDATE access_log_chain SET last_seq = $3, last_hash = $12 WHERE shard = $2`;

interface Requester {
  regionId: string;
  counselling: string;
  workingDays: number;
  partner: { id: string; name: string; organizationId: string; organizationName: string };
  /** the partner's session cookie */
  cookie: string;
}

/** A partner of a municipality in the site's region, signed in (a session row as session.ts stores it). */
async function seedRequester(bench: BenchDatabase): Promise<Requester> {
  const { db } = bench.database;
  const site = await siteRegion(bench);
  const [org] = (await bench.rawQuery(
    `SELECT o.id, o.name->>'fi' AS name FROM organization o
     WHERE o.region_id = $1 AND o.id <> $2 AND o.kind IN ('municipality', 'ngo', 'parish')
     ORDER BY o.kind = 'municipality' DESC, o.id LIMIT 1`,
    [site.regionId, site.contactPoint],
  )) as { id: string; name: string }[];
  if (!org) throw new Error(`${SITE_REGION} has no partner organisation`);
  const partner = {
    id: stableUuid('staff_user', 'bench/consultation-partner'),
    name: 'Bench Kumppani',
    organizationId: org.id,
    organizationName: org.name,
  };
  await insertStaff(db, site.regionId, [{ ...partner, subject: 'consultation-partner', role: 'partner' }]);
  const token = randomBytes(32).toString('base64url');
  await db
    .insertInto('session')
    .values({ id: sessionId(token), kind: 'staff', staff_user_id: partner.id })
    .execute();
  return {
    regionId: site.regionId,
    counselling: site.contactPoint,
    workingDays: site.workingDays,
    partner,
    cookie: `${SESSION_COOKIE}=${token}`,
  };
}

/**
 * The baseline of consultation intake: the rows the application writes for an anonymous
 * consultation, in one transaction through the driver. Not done here: the session look-up
 * (the partner is known), validation and the identifying-text check, the policy and its region
 * facts (in memory), the existence check of a retried id, working days (calendar days).
 */
async function startConsultationBaseline(bench: BenchDatabase, r: Requester): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  app.post('/consultations', async (request, reply) => {
    const body = request.body as { kind: string; question: string };
    const now = new Date();
    const id = randomUUID();
    const respondBy = new Date(now.getTime() + r.workingDays * DAY).toISOString().slice(0, 10);
    await bench.rawTransaction(async (query) => {
      await query(INSERT_CONSULTATION, [
        id,
        r.regionId,
        body.kind,
        r.partner.id,
        r.partner.organizationId,
        r.counselling,
        respondBy,
        now,
      ]);
      await query(INSERT_QUESTION, [randomUUID(), id, r.partner.id, body.question.trim(), now]);
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
        actor_kind: 'staff' as const,
        staff_user_id: r.partner.id,
        actor_client_id: null,
        actor_name: r.partner.name,
        organization_id: r.partner.organizationId,
        organization_name: r.partner.organizationName,
        role: 'partner',
        region_id: r.regionId,
        client_id: null,
        action: 'create' as const,
        resource_type: 'consultation',
        resource_id: id,
        reason: null,
        break_glass: false,
        registry_organization_id: null,
      };
      const hash = rowHash(head.last_hash, row);
      await query(APPEND_LOG, [
        row.id,
        row.shard,
        row.seq,
        now,
        r.partner.id,
        r.partner.name,
        r.partner.organizationId,
        r.partner.organizationName,
        r.regionId,
        id,
        head.last_hash,
        hash,
      ]);
    });
    reply.code(201);
    return { id };
  });
  await app.ready();
  return app;
}

/** The load of one closed-loop run: POSTs of these bodies in turn on every connection. */
interface PostPlan {
  url: string;
  path: string;
  bodies: string[];
  headers: Record<string, string>;
  connections: number;
  seconds: number;
}

/**
 * The load generator for POSTs of fixed bodies, in its own process (as load.ts for the other
 * figures: it must not share an event loop with the server). Latencies of 2xx responses only,
 * nearest-rank percentiles, the same LoadResult as load.ts.
 */
const POST_LOAD = `
import autocannon from 'autocannon';
const plan = JSON.parse(process.env.BENCH_POST_PLAN);
const latencies = [];
const instance = autocannon(
  {
    url: plan.url,
    connections: plan.connections,
    duration: plan.seconds,
    headers: plan.headers,
    requests: plan.bodies.map((body) => ({ method: 'POST', path: plan.path, body })),
  },
  (error, r) => {
    if (error) throw error;
    latencies.sort((a, b) => a - b);
    const at = (p) =>
      latencies.length === 0 ? NaN : latencies[Math.min(latencies.length - 1, Math.max(0, Math.ceil((p / 100) * latencies.length) - 1))];
    const statusCodes = Object.fromEntries(Object.entries(r.statusCodeStats).map(([code, { count }]) => [code, count]));
    const failures = { non2xx: r.non2xx, errors: r.errors, timeouts: r.timeouts };
    console.log(JSON.stringify({
      ok: latencies.length, failed: r.non2xx + r.errors + r.timeouts, failures, statusCodes,
      seconds: r.duration, throughput: latencies.length / r.duration, p50: at(50), p95: at(95), p99: at(99),
    }));
  },
);
instance.on('response', (_client, statusCode, _bytes, responseTime) => {
  if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
});
`;

function runPostLoad(plan: PostPlan): Promise<LoadResult> {
  // a warm-up of 0 s (the quick run): nothing to send
  if (plan.seconds <= 0) return Promise.resolve(NO_LOAD);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '--eval', POST_LOAD], {
      cwd: ROOT,
      env: { ...process.env, BENCH_POST_PLAN: JSON.stringify(plan) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`the POST load generator exited with ${code}`));
      const result = JSON.parse(out.trim().split('\n').pop() ?? '{}') as LoadResult;
      if (result.failed > 0) {
        const detail = JSON.stringify({ ...result.failures, statusCodes: result.statusCodes });
        log(`  WARNING: ${result.failed} failed requests at ${plan.url}${plan.path}: ${detail}`);
      }
      resolve(result);
    });
  });
}

const show = (r: LoadResult) =>
  `p50 ${r.p50.toFixed(1)} / p95 ${r.p95.toFixed(1)} / p99 ${r.p99.toFixed(1)} ms, ${r.throughput.toFixed(0)} req/s`;

/**
 * Before measuring: one request through each route makes one consultation with its question,
 * and the same access-log row but for its id and hash.
 */
async function checkSameRows(bench: BenchDatabase, urls: { app: string; baseline: string }, r: Requester) {
  const body = JSON.stringify({ kind: 'consultation', about: 'anonymous', question: QUESTIONS[0] });
  const made: Record<string, unknown> = {};
  for (const [name, url] of [
    ['app', `${urls.app}/api/consultations`],
    ['baseline', `${urls.baseline}/consultations`],
  ] as const) {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', cookie: r.cookie },
      body,
    });
    const text = await response.text();
    if (response.status !== 201) throw new Error(`POST ${url} answered ${response.status}: ${text}`);
    const { id } = JSON.parse(text) as { id: string };
    const [row] = await bench.rawQuery(
      `SELECT c.kind, c.identified, c.state, c.requester_id, c.requester_organization_id,
         c.counselling_organization_id, c.family_name, c.consent_directive_id,
         (SELECT count(*)::int FROM consultation_message m WHERE m.consultation_id = c.id) AS messages,
         (SELECT json_agg(json_build_array(l.actor_kind, l.staff_user_id, l.actor_name, l.organization_id,
            l.organization_name, l.role, l.region_id, l.client_id, l.action, l.resource_type,
            l.registry_organization_id))
          FROM access_log l WHERE l.resource_id = c.id::text) AS logged
       FROM consultation c WHERE c.id = $1`,
      [id],
    );
    made[name] = row;
  }
  if (JSON.stringify(made.app) !== JSON.stringify(made.baseline) || !made.app) {
    throw new Error(`the application and the baseline write differently: ${JSON.stringify(made)}`);
  }
}

/** Until the access log has stopped growing for 300 ms (every request of the load has committed). */
async function settled(bench: BenchDatabase) {
  const rows = async () =>
    ((await bench.rawQuery('SELECT count(*)::int AS n FROM access_log', [])) as { n: number }[])[0]?.n;
  for (let last = await rows(), waited = 0; waited < 60_000; waited += 300) {
    await new Promise((resolve) => setTimeout(resolve, 300));
    const now = await rows();
    if (now === last) return;
    last = now;
  }
}

/**
 * Consultation intake: the application's POST /api/consultations as a signed-in partner
 * against the baseline's inserts, each request a new consultation, at `connections`.
 */
export async function benchConsultationIntake(
  bench: BenchDatabase,
  engine: Engine,
  appUrl: string,
  connections: number,
): Promise<Figure[]> {
  const r = await seedRequester(bench);
  const now = new Date();
  for (const question of QUESTIONS) {
    const hits = identifyingHits(question);
    const parsed = consultationFromInput({ kind: 'consultation', about: 'anonymous', question }, now);
    if (hits.length > 0 || !parsed.ok)
      throw new Error(`a bench question is refused: ${JSON.stringify({ hits, parsed })}`);
  }
  const baselineApp = await startConsultationBaseline(bench, r);
  try {
    const baselineUrl = await listen(baselineApp);
    await checkSameRows(bench, { app: appUrl, baseline: baselineUrl }, r);
    const bodies = QUESTIONS.map((question) =>
      JSON.stringify({ kind: 'consultation', about: 'anonymous', question }),
    );
    const headers = { 'content-type': 'application/json', accept: 'application/json', cookie: r.cookie };
    log(
      `${engine}: consultation intake at ${connections} connections (a partner of ${r.partner.organizationName})`,
    );
    const run = async (url: string, path: string) => {
      const plan = { url, path, bodies, headers, connections };
      await runPostLoad({ ...plan, seconds: WARMUP_SECONDS });
      const elu = hooks.eventLoopUtilization();
      const measured = await runPostLoad({ ...plan, seconds: SECONDS });
      const busy = hooks.eventLoopUtilization(elu).utilization;
      log(
        `  ${url}${path}, ${connections} connections: ${show(measured)}; event loop busy ${(busy * 100).toFixed(0)} %`,
      );
      return measured;
    };
    const baseline = await run(baselineUrl, '/consultations');
    const app = await run(appUrl, '/api/consultations');
    const suffix = engine === 'postgres' ? '' : ` (${connections} connections)`;
    const [made] = (await bench.rawQuery(
      'SELECT count(*)::int AS n FROM consultation WHERE requester_id = $1',
      [r.partner.id],
    )) as { n: number }[];
    log(`  ${made?.n} consultations made by the two routes`);
    // handlers go on after the load's connections have closed (200 requests queue for a pool of
    // 10): the chains are read once the last of them has committed
    await settled(bench);
    const started = performance.now();
    const verified = await verifyAccessLog(bench.database.db);
    log(
      `  access log after consultation intake: ${verified.ok ? 'every chain whole' : `BROKEN: ${JSON.stringify(verified)}`}, ` +
        `${verified.count} rows verified in ${Math.round(performance.now() - started)} ms`,
    );
    if (!verified.ok)
      meetingNotes.push(`${engine}: the access log chain was broken after consultation intake`);
    return [
      figure(`${CONSULTATION_THROUGHPUT}${suffix}`, engine, app.throughput, 'req/s', baseline.throughput),
      figure(`${CONSULTATION_P99}${suffix}`, engine, app.p99, 'ms', baseline.p99),
    ];
  } finally {
    await baselineApp.close();
  }
}

// ---------------------------------------------------------------------- the common time

interface Poll {
  organiser: StaffActor;
  meetingIds: string[];
}

const ANSWERS = ['yes', 'yes', 'if_need_be', 'no', 'yes'] as const;

/**
 * The polls of the figure, written straight to the tables (migration 0016): in the site's
 * region, an organising counsellor of the contact point and three colleagues of other
 * organisations; `n` contacts (as consent.ts makes its handoffs' contacts), each with a
 * meeting in 'proposed' with 6 times a day apart and 8 participants (the family, the three
 * colleagues, four of outside organisations by e-mail), every one of whom answered every time.
 */
async function seedPolls(bench: BenchDatabase, n: number): Promise<Poll> {
  const { db } = bench.database;
  const site = await siteRegion(bench);
  const others = (await bench.rawQuery(
    `SELECT o.id, o.name->>'fi' AS name FROM organization o
     WHERE o.region_id = $1 AND o.id <> $2 ORDER BY o.kind, o.id LIMIT 3`,
    [site.regionId, site.contactPoint],
  )) as { id: string; name: string }[];
  if (others.length < 3) throw new Error(`${SITE_REGION} has fewer than three other organisations`);
  const organiser: StaffActor = {
    kind: 'staff',
    userId: stableUuid('staff_user', 'bench/meetings-organiser'),
    regionId: site.regionId,
    organizationId: site.contactPoint,
    name: 'Bench Organiser',
    roles: [{ organizationId: site.contactPoint, role: 'counsellor' }],
    sessionId: 'bench',
  };
  const colleagues = others.map((o, i) => ({
    id: stableUuid('staff_user', `bench/meetings-colleague/${i}`),
    subject: `meetings-colleague-${i}`,
    name: `Bench Colleague ${i + 1}`,
    organizationId: o.id,
    organizationName: o.name,
    role: 'partner' as const,
  }));
  await insertStaff(db, site.regionId, [
    {
      id: organiser.userId,
      subject: 'meetings-organiser',
      name: organiser.name,
      organizationId: site.contactPoint,
      role: 'counsellor',
    },
    ...colleagues,
  ]);

  const now = new Date();
  const receivedAt = new Date(now.getTime() - 14 * DAY);
  const proposedAt = new Date(now.getTime() - 3 * DAY);
  const key = (i: number) => `bench/meetings/${i}`;
  const meetingIds = Array.from({ length: n }, (_, i) => stableUuid('meeting', key(i)));
  // the proposed times: 10.00 Helsinki (08.00 UTC in winter) on six days from next week on
  const firstDay = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 7, 8);
  for (let from = 0; from < n; from += 50) {
    const batch = Array.from({ length: Math.min(50, n - from) }, (_, j) => from + j);
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('contact')
        .values(
          batch.map((i) => ({
            id: stableUuid('contact', key(i)),
            reference: `PV-BENCH-M${String(i).padStart(5, '0')}`,
            region_id: site.regionId,
            registry_organization_id: site.contactPoint,
            client_id: null,
            idempotency_key: stableUuid('contact_idempotency', key(i)),
            request_hash: sha256(key(i)),
            status_token_hash: sha256(`status/${key(i)}`),
            channel: 'web' as const,
            contacter: 'parent' as const,
            municipality_code: null,
            child_ages: [7, 12],
            topics: [],
            language: 'fi' as const,
            anonymous: false,
            contact_name: `Perhe ${i}`,
            reply_channel: 'phone' as const,
            phone: `040 ${2_000_000 + i}`,
            urgency: 'normal' as const,
            state: 'assigned' as const,
            assigned_to: organiser.userId,
            assigned_at: receivedAt,
            received_at: receivedAt,
            respond_by: helsinkiDate(new Date(receivedAt.getTime() + 3 * DAY)),
            updated_at: receivedAt,
          })),
        )
        .execute();
      await trx
        .insertInto('meeting')
        .values(
          batch.map((i) => ({
            id: meetingIds[i] ?? '',
            region_id: site.regionId,
            contact_id: stableUuid('contact', key(i)),
            registry_organization_id: site.contactPoint,
            state: 'proposed' as const,
            requested_by: 'staff' as const,
            request_text: null,
            organizer_id: organiser.userId,
            place_kind: 'address' as const,
            place_address: 'Perheneuvola, Puijonkatu 1, Kuopio',
            remote_url: null,
            locked_slot_id: null,
            starts_at: null,
            ends_at: null,
            ical_uid: `${meetingIds[i]}@bench.invalid`,
            follow_up_reminded_at: null,
            cancel_reason: null,
            created_at: proposedAt,
            updated_at: proposedAt,
          })),
        )
        .execute();
      const slots = batch.flatMap((i) =>
        Array.from({ length: SLOTS }, (_, k) => ({
          id: stableUuid('meeting_slot', `${key(i)}/${k}`),
          meeting_id: meetingIds[i] ?? '',
          starts_at: new Date(firstDay + (k + (i % 5)) * DAY),
          ends_at: new Date(firstDay + (k + (i % 5)) * DAY + 90 * 60_000),
        })),
      );
      await trx.insertInto('meeting_slot').values(slots).execute();
      const participants = batch.flatMap((i) =>
        Array.from({ length: PARTICIPANTS }, (_, p) => {
          const colleague = colleagues[p - 1];
          const base = {
            id: stableUuid('meeting_participant', `${key(i)}/${p}`),
            meeting_id: meetingIds[i] ?? '',
            professional_id: null,
            poll_token_hash: sha256(`poll/${key(i)}/${p}`),
            partstat_at: null,
            invited_sequence: null,
            added_at: proposedAt,
            removed_at: null,
          };
          if (p === 0)
            return {
              ...base,
              kind: 'family' as const,
              staff_user_id: null,
              organization_id: null,
              name: `Perhe ${i}`,
              organization_name: null,
              email: null,
            };
          if (colleague)
            return {
              ...base,
              kind: 'staff' as const,
              staff_user_id: colleague.id,
              organization_id: colleague.organizationId,
              name: colleague.name,
              organization_name: colleague.organizationName,
              email: null,
            };
          return {
            ...base,
            kind: 'external' as const,
            staff_user_id: null,
            organization_id: null,
            name: `Osallistuja ${p}`,
            organization_name: 'Kumppanijärjestö ry',
            email: `osallistuja${p}.${i}@example.fi`,
          };
        }),
      );
      await trx.insertInto('meeting_participant').values(participants).execute();
      await trx
        .insertInto('meeting_vote')
        .values(
          batch.flatMap((i) =>
            Array.from({ length: PARTICIPANTS * SLOTS }, (_, v) => {
              const p = Math.floor(v / SLOTS);
              const k = v % SLOTS;
              return {
                participant_id: stableUuid('meeting_participant', `${key(i)}/${p}`),
                slot_id: stableUuid('meeting_slot', `${key(i)}/${k}`),
                answer: ANSWERS[(i * 7 + p * 3 + k) % ANSWERS.length] ?? 'yes',
                answered_at: new Date(proposedAt.getTime() + (p + 1) * 3_600_000),
              };
            }),
          ),
        )
        .execute();
    });
  }
  await bench.database.execScript(
    'ANALYZE contact, meeting, meeting_slot, meeting_participant, meeting_vote, staff_user, staff_role',
  );
  return { organiser, meetingIds };
}

/** Nearest-rank percentile of sorted values, as load.ts. */
function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return (
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN
  );
}

/** The same votes the door's tally reads, as one SELECT (the query of the feature's votesOf). */
function votesQuery(db: Kysely<DB>, meetingId: string) {
  return db
    .selectFrom('meeting_vote')
    .innerJoin('meeting_slot', 'meeting_slot.id', 'meeting_vote.slot_id')
    .select(['meeting_vote.participant_id', 'meeting_vote.slot_id', 'meeting_vote.answer'])
    .where('meeting_slot.meeting_id', '=', meetingId)
    .compile();
}

/**
 * The common time: the organiser's tally of each poll through the door, call after call, in
 * turns with the bare SELECT of its votes through the driver (which goes first alternates).
 */
export async function benchCommonTime(bench: BenchDatabase, engine: Engine): Promise<Figure[]> {
  const { db } = bench.database;
  let started = performance.now();
  const poll = await seedPolls(bench, MEETINGS);
  log(
    `${engine}: the common time of ${MEETINGS} polls (${PARTICIPANTS} participants × ${SLOTS} times, all answered), ` +
      `seeded in ${Math.round(performance.now() - started)} ms`,
  );
  const door = (id: string) => meetingCommonTime({ db }, poll.organiser, id);
  const bare = (id: string) => {
    const { sql, parameters } = votesQuery(db, id);
    return bench.rawQuery(sql, parameters);
  };
  // the door tallies what the bare SELECT reads: every participant's answer to every time
  const first = poll.meetingIds[0] ?? '';
  const tally = await door(first);
  const rows = await bare(first);
  const answered = tally.tallies.reduce((sum, t) => sum + t.yes + t.ifNeedBe + t.no, 0);
  if (
    tally.tallies.length !== SLOTS ||
    answered !== PARTICIPANTS * SLOTS ||
    rows.length !== answered ||
    tally.best === null
  ) {
    throw new Error(`the tally and the SELECT disagree: ${JSON.stringify({ tally, rows: rows.length })}`);
  }
  const doorMs: number[] = [];
  const bareMs: number[] = [];
  const time = async (work: () => Promise<unknown>, into: number[] | null) => {
    const t0 = performance.now();
    await work();
    into?.push(performance.now() - t0);
  };
  const round = async (count: number, record: boolean) => {
    for (let i = 0; i < count; i++) {
      const id = poll.meetingIds[i % poll.meetingIds.length] ?? '';
      const a = () => time(() => door(id), record ? doorMs : null);
      const b = () => time(() => bare(id), record ? bareMs : null);
      if (i % 2 === 0) {
        await a();
        await b();
      } else {
        await b();
        await a();
      }
    }
  };
  started = performance.now();
  await round(WARMUP_CALLS, false);
  await round(CALLS, true);
  doorMs.sort((x, y) => x - y);
  bareMs.sort((x, y) => x - y);
  const describe = (ms: number[]) =>
    `p50 ${percentile(ms, 50).toFixed(2)} / p95 ${percentile(ms, 95).toFixed(2)} / p99 ${percentile(ms, 99).toFixed(2)} ms`;
  log(
    `  ${CALLS} tallies through the door: ${describe(doorMs)}; the bare SELECT: ${describe(bareMs)} ` +
      `(${Math.round((performance.now() - started) / 1000)} s)`,
  );
  meetingNotes.push(
    `  [${engine}] the common time through the door: ${describe(doorMs)}; the bare SELECT of the votes ${describe(bareMs)}`,
  );
  return [figure(COMMON_TIME, engine, percentile(doorMs, 95), 'ms', percentile(bareMs, 95))];
}
