/**
 * The cross-registry read of issue 11: a receiving worker of an NGO (its own registry) reads
 * the summary of a handoff that a contact point's counsellor sent from the welfare region's
 * registry, allowed by the family's consent. Three bare Fastify routes, so that the difference
 * is the door and its logs alone (no session, no HTML):
 *
 *   (a) the door: withAccess(db, worker, 'read', { type: 'handoff', id }, …) — the real
 *       handoff policy (its facts, the consent lookup of decideDisclosure, the disclosure
 *       event) and the access-log row, then the summary's SELECT, in one transaction;
 *   (b) the floor of a logged read: the same SELECT and one access-log row appended to its
 *       chain as platform/access/log.ts does (head locked FOR UPDATE, row + head moved on in
 *       one statement, the same hash), in one transaction through the driver, committed with
 *       synchronous_commit on;
 *   (c) the bare SELECT alone, without any log (for information).
 *
 * The goal: (a) ≥ 0.8 × (b)'s throughput, (a)'s p95 ≤ 20 ms.
 */
import { createHash } from 'node:crypto';
import Fastify from 'fastify';
import type { Kysely, KyselyPlugin, QueryId, RootOperationNode } from 'kysely';
// the handoff policy registers itself with the door when imported (run.ts's app does too)
import '../src/features/handoffs/policy.ts';
import { withAccess } from '../src/platform/access/door.ts';
import { rowHash, SHARDS, verifyAccessLog } from '../src/platform/access/log.ts';
import type { StaffActor } from '../src/platform/auth/actor.ts';
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
  measure,
  type RawQuery,
  SITE_REGION,
  sized,
} from './common.ts';

/** Handoffs across registries, each of its own contact, family and consent. */
const HANDOFFS = Number(process.env.BENCH_CONSENT_HANDOFFS ?? sized(200, 20));
const DAY = 86_400_000;

/** What the goals of issue 11 print besides the figures. */
export const consentNotes: string[] = [];

export const CONSENT_READ = 'cross-registry read through the door (consent + access log)';
export const CONSENT_BARE = 'cross-registry bare read (no log, for information)';

const LOCK_CHAIN_HEAD = `
  SELECT shard, last_seq, last_hash, nextval('access_log_id_seq') AS id
  FROM access_log_chain WHERE shard = pg_backend_pid() % ${SHARDS} FOR UPDATE`;
const APPEND_LOG = `
  WITH appended AS (
    INSERT INTO access_log (id, shard, seq, at, actor_kind, staff_user_id, actor_client_id, actor_name,
      organization_id, organization_name, role, region_id, client_id, action, resource_type, resource_id,
      reason, break_glass, registry_organization_id, prev_hash, hash)
    VALUES ($1, $2, $3, $4, 'staff', $5, NULL, $6, $7, $8, 'receiving_worker', $9, NULL, 'read',
      'handoff', $10, NULL, false, $11, $12, $13))
  UPDATE access_log_chain SET last_seq = $3, last_hash = $13 WHERE shard = $2`;

/** What the receiving worker reads: the handoff's summary with the family's contact details. */
function summaryQuery(db: Kysely<DB>, handoffId: string) {
  return db
    .selectFrom('handoff')
    .innerJoin('contact', 'contact.id', 'handoff.contact_id')
    .innerJoin('service', 'service.id', 'handoff.target_service_id')
    .innerJoin('organization', 'organization.id', 'handoff.sender_organization_id')
    .select([
      'handoff.id',
      'handoff.state',
      'handoff.summary',
      'handoff.family_agreement',
      'handoff.created_at',
      'contact.reference',
      'contact.contact_name',
      'contact.phone',
      'contact.language',
      'service.name as service_name',
      'organization.name as sender_name',
    ])
    .where('handoff.id', '=', handoffId);
}

interface Seeded {
  regionId: string;
  contactPoint: string;
  ngo: { id: string; name: string };
  worker: StaffActor;
  handoffIds: string[];
}

/**
 * The world of the figure, written straight to the tables (the bench may): in North Savo, a
 * counsellor of the contact point, an NGO with a service of the catalogue and a receiving unit
 * with one receiving worker, and `n` contacts, each with its contacter as a consent person, an
 * active permit of 'handoff_summary' from the contact point's registry to the NGO's, and a
 * handoff to the NGO's unit.
 */
async function seed(bench: BenchDatabase, n: number): Promise<Seeded> {
  const { db } = bench.database;
  const [region] = (await bench.rawQuery(
    `SELECT r.id, coalesce(r.contact_point_organization_id, (
       SELECT o.id FROM organization o WHERE o.region_id = r.id AND o.kind = 'region'
       ORDER BY o.id LIMIT 1)) AS contact_point
     FROM region r WHERE r.code = $1`,
    [SITE_REGION],
  )) as { id: string; contact_point: string | null }[];
  if (!region?.contact_point) throw new Error(`${SITE_REGION} has no contact point organisation`);
  const contactPoint = region.contact_point;
  const [target] = (await bench.rawQuery(
    `SELECT o.id AS organization_id, o.name->>'fi' AS name, s.id AS service_id
     FROM organization o JOIN service s ON s.organization_id = o.id AND s.status = 'active'
     WHERE o.region_id = $1 AND o.kind = 'ngo' AND o.registry_sector = 'ngo'
       AND o.registry_organization_id IS NULL
     ORDER BY o.id, s.id LIMIT 1`,
    [region.id],
  )) as { organization_id: string; name: string; service_id: string }[];
  if (!target) throw new Error(`${SITE_REGION} has no NGO with an active service in the catalogue`);

  const unitId = stableUuid('unit', 'bench/consent-unit');
  await db
    .insertInto('unit')
    .values({
      id: unitId,
      organization_id: target.organization_id,
      name: JSON.stringify({ fi: 'Perhetyön tiimi' }),
      service_id: target.service_id,
      municipality_code: null,
      email: null,
      code: null,
      wait_days: null,
    })
    .execute();
  const counsellorId = stableUuid('staff_user', 'bench/consent-counsellor');
  const worker: StaffActor = {
    kind: 'staff',
    userId: stableUuid('staff_user', 'bench/consent-worker'),
    regionId: region.id,
    organizationId: target.organization_id,
    unitId,
    name: 'Bench Receiving Worker',
    roles: [{ organizationId: target.organization_id, role: 'receiving_worker' }],
    sessionId: 'bench',
  };
  await db
    .insertInto('staff_user')
    .values([
      {
        id: counsellorId,
        region_id: region.id,
        issuer: 'bench',
        subject: 'consent-counsellor',
        name: 'Bench Counsellor',
        email: null,
        organization_id: contactPoint,
        unit_id: null,
      },
      {
        id: worker.userId,
        region_id: region.id,
        issuer: 'bench',
        subject: 'consent-worker',
        name: worker.name,
        email: null,
        organization_id: target.organization_id,
        unit_id: unitId,
      },
    ])
    .execute();
  await db
    .insertInto('staff_role')
    .values([
      { staff_user_id: counsellorId, organization_id: contactPoint, role: 'counsellor' },
      { staff_user_id: worker.userId, organization_id: target.organization_id, role: 'receiving_worker' },
    ])
    .execute();

  const now = new Date();
  const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
  const key = (i: number) => `bench/consent/${i}`;
  const rows = Array.from({ length: n }, (_, i) => ({
    contactId: stableUuid('contact', key(i)),
    personId: stableUuid('consent_person', key(i)),
    directiveId: stableUuid('consent_directive', key(i)),
    handoffId: stableUuid('handoff', key(i)),
  }));
  const receivedAt = new Date(now.getTime() - 7 * DAY);
  for (let from = 0; from < n; from += 500) {
    const batch = rows.slice(from, from + 500);
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('contact')
        .values(
          batch.map((r, j) => ({
            id: r.contactId,
            reference: `PV-BENCH-${String(from + j).padStart(6, '0')}`,
            region_id: region.id,
            registry_organization_id: contactPoint,
            client_id: null,
            idempotency_key: stableUuid('contact_idempotency', key(from + j)),
            request_hash: sha256(key(from + j)),
            status_token_hash: sha256(`status/${key(from + j)}`),
            channel: 'web' as const,
            contacter: 'parent' as const,
            municipality_code: null,
            child_ages: [4, 9],
            topics: [],
            language: 'fi' as const,
            anonymous: false,
            contact_name: `Perhe ${from + j}`,
            reply_channel: 'phone' as const,
            phone: `040 ${1_000_000 + from + j}`,
            urgency: 'normal' as const,
            state: 'assigned' as const,
            assigned_to: counsellorId,
            assigned_at: receivedAt,
            received_at: receivedAt,
            respond_by: helsinkiDate(new Date(receivedAt.getTime() + 3 * DAY)),
            updated_at: receivedAt,
          })),
        )
        .execute();
      await trx
        .insertInto('consent_person')
        .values(
          batch.map((r, j) => ({
            id: r.personId,
            region_id: region.id,
            contact_id: r.contactId,
            client_id: null,
            identity_code_hmac: null,
            name: `Perhe ${from + j}`,
            birth_date: '1986-04-12',
            role: 'contacter' as const,
            created_by: 'bench',
            created_at: receivedAt,
          })),
        )
        .execute();
      await trx
        .insertInto('consent_directive')
        .values(
          batch.map((r) => ({
            id: r.directiveId,
            directive_key: r.directiveId,
            version: 1,
            supersedes_id: null,
            region_id: region.id,
            subject_person_id: r.personId,
            decision: 'permit' as const,
            grantor_kind: 'self' as const,
            grantor_person_id: r.personId,
            status: 'active' as const,
            source_organization_ids: [contactPoint],
            recipient_organization_ids: [target.organization_id],
            categories: ['handoff_summary'],
            purpose_code: 'arranging_service',
            purpose_text: 'Perhetyön aloittaminen',
            valid_from: helsinkiDate(receivedAt),
            valid_until: helsinkiDate(new Date(now.getTime() + 180 * DAY)),
            channel: 'strong_identification' as const,
            evidence: JSON.stringify({}),
            notice_text_hash: sha256('bench notice'),
            confirmed_at: null,
            recorded_by: null,
            recorded_at: receivedAt,
            request_id: null,
            withdrawn_at: null,
            withdrawn_by: null,
            withdrawal_channel: null,
            withdrawal_reason: null,
          })),
        )
        .execute();
      await trx
        .insertInto('handoff')
        .values(
          batch.map((r, j) => ({
            id: r.handoffId,
            contact_id: r.contactId,
            region_id: region.id,
            sender_staff_user_id: counsellorId,
            sender_organization_id: contactPoint,
            target_service_id: target.service_id,
            target_organization_id: target.organization_id,
            target_unit_id: unitId,
            summary:
              `Perhe ${from + j}: kaksi lasta (4 ja 9 v.), vanhemmat väsyneitä, iltojen riidat ja ` +
              'nukkumaanmeno vaikeita. Toive kotiin tulevasta perhetyöstä, mieluiten iltapäivisin. ' +
              'Perhe on sopinut, että yhteenveto välitetään perhetyölle.',
            family_agreement: 'verbal' as const,
            family_agreement_at: receivedAt,
            state: 'requested' as const,
            respond_by: helsinkiDate(new Date(now.getTime() + 5 * DAY)),
            appointment_at: null,
            appointment_place: null,
            decline_reason: null,
            decline_text: null,
            match_reasons: null,
            created_at: receivedAt,
            updated_at: receivedAt,
          })),
        )
        .execute();
    });
  }
  await bench.database.execScript(
    'ANALYZE contact, consent_person, consent_directive, guardianship, capacity_assessment, ' +
      'statutory_disclosure, handoff, unit, staff_user',
  );
  return {
    regionId: region.id,
    contactPoint,
    ngo: { id: target.organization_id, name: target.name },
    worker,
    handoffIds: rows.map((r) => r.handoffId),
  };
}

/** The floor's transaction: the SELECT, then one access-log row on its chain, as log.ts writes it. */
async function floorRead(
  query: RawQuery,
  select: { sql: string; parameters: readonly unknown[] },
  s: Seeded,
  handoffId: string,
) {
  const [row] = await query(select.sql, select.parameters);
  const [head] = (await query(LOCK_CHAIN_HEAD, [])) as {
    shard: number;
    last_seq: string;
    last_hash: string;
    id: string;
  }[];
  if (!head) throw new Error('no chain head');
  const now = new Date();
  const content = {
    id: String(head.id),
    shard: Number(head.shard),
    seq: String(Number(head.last_seq) + 1),
    at: now,
    actor_kind: 'staff' as const,
    staff_user_id: s.worker.userId,
    actor_client_id: null,
    actor_name: s.worker.name,
    organization_id: s.ngo.id,
    organization_name: s.ngo.name,
    role: 'receiving_worker',
    region_id: s.regionId,
    client_id: null,
    action: 'read' as const,
    resource_type: 'handoff',
    resource_id: handoffId,
    reason: null,
    break_glass: false,
    registry_organization_id: s.contactPoint,
  };
  const hash = rowHash(head.last_hash, content);
  await query(APPEND_LOG, [
    content.id,
    content.shard,
    content.seq,
    now,
    s.worker.userId,
    s.worker.name,
    s.ngo.id,
    s.ngo.name,
    s.regionId,
    handoffId,
    s.contactPoint,
    head.last_hash,
    hash,
  ]);
  return row;
}

/** The three routes of the figure; each answers GET /handoffs/:id with the summary as JSON. */
function routes(bench: BenchDatabase, s: Seeded) {
  const { db } = bench.database;
  const idOf = (params: unknown) => (params as { id: string }).id;
  // a handler goes on after its client has gone: counted, so that the chains are read after the last commit
  const running = { count: 0 };
  const counted = async <T>(work: () => Promise<T>): Promise<T> => {
    running.count++;
    try {
      return await work();
    } finally {
      running.count--;
    }
  };
  const door = Fastify({ logger: false });
  door.get('/handoffs/:id', async (request) => {
    const id = idOf(request.params);
    return counted(() =>
      withAccess(db, s.worker, 'read', { type: 'handoff', id }, (trx) =>
        summaryQuery(trx, id).executeTakeFirst(),
      ),
    );
  });
  const floor = Fastify({ logger: false });
  floor.get('/handoffs/:id', async (request) => {
    const id = idOf(request.params);
    const select = summaryQuery(db, id).compile();
    return counted(() => bench.rawTransaction((query) => floorRead(query, select, s, id)));
  });
  const bare = Fastify({ logger: false });
  bare.get('/handoffs/:id', async (request) => {
    const { sql, parameters } = summaryQuery(db, idOf(request.params)).compile();
    return (await bench.rawQuery(sql, parameters))[0];
  });
  return { door, floor, bare, running };
}

/**
 * Before measuring: the three routes answer the same summary, and the door's read was allowed
 * on the family's consent, with its disclosure event and its access-log row.
 */
async function check(bench: BenchDatabase, s: Seeded, urls: Record<'door' | 'floor' | 'bare', string>) {
  const id = s.handoffIds[0] ?? '';
  const answers: Record<string, string> = {};
  for (const [name, url] of Object.entries(urls)) {
    const response = await fetch(`${url}/handoffs/${id}`);
    if (response.status !== 200) throw new Error(`the ${name} route answered ${response.status}`);
    answers[name] = await response.text();
  }
  if (answers.door !== answers.floor || answers.door !== answers.bare || !answers.door?.includes('summary')) {
    throw new Error(`the routes answer differently: ${JSON.stringify(answers)}`);
  }
  const [event] = (await bench.rawQuery(
    `SELECT decision, basis, directive_id FROM disclosure_event WHERE resource_id = $1 ORDER BY id LIMIT 1`,
    [id],
  )) as { decision: string; basis: string; directive_id: string | null }[];
  if (event?.decision !== 'permit' || event.basis !== 'consent' || !event.directive_id) {
    throw new Error(`the door's read was not allowed on a consent: ${JSON.stringify(event)}`);
  }
  const logged = (await bench.rawQuery(
    `SELECT action, role FROM access_log WHERE resource_type = 'handoff' AND resource_id = $1`,
    [id],
  )) as { action: string; role: string }[];
  if (logged.length !== 2 || logged.some((r) => r.action !== 'read' || r.role !== 'receiving_worker')) {
    throw new Error(`the door and the floor did not log one read each: ${JSON.stringify(logged)}`);
  }
}

/** A statement's label for the profile: its kind and first table, or a raw statement's start. */
export function labelOf(node: RootOperationNode): string {
  const n = node as unknown as {
    kind: string;
    from?: { froms: { table?: { identifier?: { name: string } }; alias?: unknown }[] };
    into?: { table: { identifier: { name: string } } };
    table?: { table?: { identifier?: { name: string } } };
    sqlFragments?: readonly string[];
    with?: unknown;
  };
  if (n.kind === 'RawNode')
    return `raw ${(n.sqlFragments?.[0] ?? '').replace(/\s+/g, ' ').trim().slice(0, 60)}`;
  const first = n.from?.froms[0] as { table?: { identifier?: { name: string } } } | undefined;
  const table =
    first?.table?.identifier?.name ??
    n.into?.table.identifier.name ??
    n.table?.table?.identifier?.name ??
    (first as { node?: { table?: { identifier?: { name: string } } } } | undefined)?.node?.table?.identifier
      ?.name ??
    '?';
  return `${n.kind.replace('QueryNode', '').toLowerCase()} ${table}${n.with ? ' (with)' : ''}`;
}

/**
 * `BENCH_CONSENT_PROFILE=1`: where a read through the door spends its time, statement by
 * statement (one connection, `reads` reads in turn; BEGIN and COMMIT are in the total only).
 */
async function profileDoor(bench: BenchDatabase, s: Seeded, reads: number) {
  const started = new Map<QueryId, { label: string; at: number }>();
  const spent = new Map<string, { count: number; ms: number }>();
  const timing: KyselyPlugin = {
    transformQuery({ queryId, node }) {
      started.set(queryId, { label: labelOf(node), at: performance.now() });
      return node;
    },
    async transformResult({ queryId, result }) {
      const start = started.get(queryId);
      started.delete(queryId);
      // a statement made once as SQL text (CompiledQuery: the access log's) shows only its
      // result here: counted, its time is in the total only
      const label = start?.label ?? 'SQL text made once (CompiledQuery; untimed)';
      const entry = spent.get(label) ?? { count: 0, ms: 0 };
      entry.count++;
      if (start) entry.ms += performance.now() - start.at;
      spent.set(label, entry);
      return result;
    },
  };
  const db = bench.database.db.withPlugin(timing);
  const t0 = performance.now();
  for (let i = 0; i < reads; i++) {
    const id = s.handoffIds[i % s.handoffIds.length] ?? '';
    await withAccess(db, s.worker, 'read', { type: 'handoff', id }, (trx) =>
      summaryQuery(trx, id).executeTakeFirst(),
    );
  }
  const total = (performance.now() - t0) / reads;
  const rows = [...spent.entries()].sort((a, b) => b[1].ms - a[1].ms);
  const statements = rows.reduce((sum, [, e]) => sum + e.count, 0) / reads;
  const inStatements = rows.reduce((sum, [, e]) => sum + e.ms, 0) / reads;
  log(
    `  profile of the door: ${total.toFixed(2)} ms a read, ${statements.toFixed(1)} statements ` +
      `(${inStatements.toFixed(2)} ms in them; the rest BEGIN, COMMIT and JavaScript)`,
  );
  for (const [label, e] of rows) {
    log(`    ${(e.ms / reads).toFixed(3)} ms  ${(e.count / reads).toFixed(1)} ×  ${label}`);
  }
}

/** The figures of issue 11: the door's cross-registry read against the floor of a logged read. */
export async function benchConsentRead(bench: BenchDatabase, engine: Engine): Promise<Figure[]> {
  let started = performance.now();
  const s = await seed(bench, HANDOFFS);
  log(
    `${engine}: ${HANDOFFS} handoffs across registries (contact point → ${s.ngo.name}), each with a permit, ` +
      `seeded in ${Math.round(performance.now() - started)} ms`,
  );
  if (engine === 'postgres') {
    const [setting] = (await bench.rawQuery('SHOW synchronous_commit', [])) as {
      synchronous_commit: string;
    }[];
    log(`  synchronous_commit = ${setting?.synchronous_commit}`);
    if (setting?.synchronous_commit !== 'on') {
      log('  WARNING: synchronous_commit is not on: the floor and the door are not durable');
    }
  }
  const { door, floor, bare, running } = routes(bench, s);
  let figures: Figure[];
  try {
    const urls = { door: await listen(door), floor: await listen(floor), bare: await listen(bare) };
    await check(bench, s, urls);
    if (process.env.BENCH_CONSENT_PROFILE) await profileDoor(bench, s, 500);
    const paths = s.handoffIds.map((id) => `/handoffs/${id}`);
    const json = { accept: 'application/json' };
    const bareMeasured = await measure(urls.bare, paths, json);
    const floorMeasured = await measure(urls.floor, paths, json);
    const doorMeasured = await measure(urls.door, paths, json);
    const floorThroughput = floorMeasured.throughput.throughput;
    consentNotes.push(
      `  [${engine}] the bare read without a log: ${Math.round(bareMeasured.throughput.throughput)} req/s, ` +
        `p95 ${bareMeasured.latency.p95.toFixed(1)} ms; the floor of a logged read is ` +
        `${(floorThroughput / bareMeasured.throughput.throughput).toFixed(2)} × of it`,
    );
    figures = [
      figure(`${CONSENT_READ} p95`, engine, doorMeasured.latency.p95, 'ms', floorMeasured.latency.p95),
      figure(
        `${CONSENT_READ} throughput`,
        engine,
        doorMeasured.throughput.throughput,
        'req/s',
        floorThroughput,
      ),
      figure(`${CONSENT_BARE} p95`, engine, bareMeasured.latency.p95, 'ms', floorMeasured.latency.p95),
      figure(
        `${CONSENT_BARE} throughput`,
        engine,
        bareMeasured.throughput.throughput,
        'req/s',
        floorThroughput,
      ),
    ];
  } finally {
    await door.close();
    await floor.close();
    await bare.close();
  }
  while (running.count > 0) await new Promise((resolve) => setTimeout(resolve, 10));
  started = performance.now();
  const verified = await verifyAccessLog(bench.database.db);
  log(
    `  access log chains ${verified.ok ? 'verify' : `BROKEN: ${verified.problem}`} ` +
      `(${verified.count} rows, ${Math.round(performance.now() - started)} ms)`,
  );
  return figures;
}
