/**
 * The client data read (issue 4, goal restated in issue 15): one client's row read through
 * the one door — withAccess on `client_record`: the policy's facts (the client, the care
 * relationship), the decision, and the access-log row in the same transaction — from a bare
 * Fastify route, against
 *
 *   (b) the floor of a logged read (floor.ts): the same SELECT and one chained access-log row
 *       in one transaction through the driver, committed durably — the baseline of the goal
 *       "≥ 0.8 × the floor's throughput";
 *   (c) the bare SELECT alone, without a transaction or a log (for information: what a
 *       durable log row costs at all; issue 4 compared with this, which no logged read can
 *       reach on a disk that flushes).
 *
 * 200 clients read in turn; latency at 1 connection, throughput at 10 (measure()).
 */
import Fastify from 'fastify';
import { clientRecord, withAccess } from '../src/platform/access/index.ts';
import { verifyAccessLog } from '../src/platform/access/log.ts';
import type { StaffActor } from '../src/platform/auth/actor.ts';
import type { Engine } from '../src/platform/db/index.ts';
import { stableUuid } from '../src/platform/ids.ts';
import { type BenchDatabase, type Figure, figure, listen, log, measure } from './common.ts';
import { appendFloorLogRow, synchronousCommit } from './floor.ts';

const CLIENTS = 200;

export const CLIENT_READ = 'client data read (policy + access log)';
export const CLIENT_BARE = 'client data bare read (no log, for information)';

/** What the goal of the logged read prints besides the figures. */
export const clientReadNotes: string[] = [];

async function seed(bench: BenchDatabase) {
  const { db } = bench.database;
  const org = await db
    .selectFrom('organization')
    .select(['id', 'region_id', 'name'])
    .limit(1)
    .executeTakeFirstOrThrow();
  const actor: StaffActor = {
    kind: 'staff',
    userId: stableUuid('staff_user', 'bench/counsellor'),
    regionId: org.region_id,
    organizationId: org.id,
    name: 'Bench Counsellor',
    roles: [{ organizationId: org.id, role: 'counsellor' }],
    sessionId: 'bench',
  };
  await db
    .insertInto('staff_user')
    .values({
      id: actor.userId,
      region_id: org.region_id,
      issuer: 'bench',
      subject: 'counsellor',
      name: actor.name,
      email: null,
      organization_id: org.id,
      unit_id: null,
    })
    .execute();
  const clientIds = Array.from({ length: CLIENTS }, (_, i) => stableUuid('client', `bench/${i}`));
  await db
    .insertInto('client')
    .values(
      clientIds.map((id, i) => ({
        id,
        region_id: org.region_id,
        issuer: 'bench',
        subject: String(i),
        name: `Client ${i}`,
        personal_identity_code_hmac: null,
        personal_identity_code_encrypted: null,
      })),
    )
    .execute();
  await db
    .insertInto('care_relationship')
    .values(
      clientIds.map((id, i) => ({
        id: stableUuid('care', `bench/${i}`),
        staff_user_id: actor.userId,
        client_id: id,
        organization_id: org.id,
        kind: 'assigned_contact' as const,
        ended_at: null,
      })),
    )
    .execute();
  const orgName = (org.name as Record<string, string> | null)?.fi ?? null;
  return { org: { id: org.id, regionId: org.region_id, name: orgName }, actor, clientIds };
}

export async function benchClientRead(bench: BenchDatabase, engine: Engine): Promise<Figure[]> {
  const { db } = bench.database;
  const { org, actor, clientIds } = await seed(bench);
  const sync = await synchronousCommit(bench.rawQuery, bench.url);
  if (sync !== null && sync !== 'on')
    log(`  WARNING: synchronous_commit = ${sync}: the floor and the door are not durable`);

  const select = db.selectFrom('client').select(['id', 'name', 'region_id']);
  const idOf = (params: unknown) => (params as { id: string }).id;
  const bare = Fastify({ logger: false });
  bare.get('/clients/:id', async (request) => {
    const { sql, parameters } = select.where('id', '=', idOf(request.params)).compile();
    return (await bench.rawQuery(sql, parameters))[0];
  });
  // a handler goes on after its client has gone: counted, so the chains are verified after the last commit
  const running = { count: 0 };
  const counted = async <T>(work: () => Promise<T>): Promise<T> => {
    running.count++;
    try {
      return await work();
    } finally {
      running.count--;
    }
  };
  const floor = Fastify({ logger: false });
  floor.get('/clients/:id', async (request) => {
    const clientId = idOf(request.params);
    const { sql, parameters } = select.where('id', '=', clientId).compile();
    return counted(() =>
      bench.rawTransaction(async (query) => {
        const [row] = await query(sql, parameters);
        await appendFloorLogRow(query, {
          actorKind: 'staff',
          staffUserId: actor.userId,
          actorName: actor.name,
          organizationId: org.id,
          organizationName: org.name,
          role: 'counsellor',
          regionId: org.regionId,
          clientId,
          action: 'read',
          resourceType: 'client_record',
          resourceId: clientId,
          registryOrganizationId: org.id,
        });
        return row;
      }),
    );
  });
  const guarded = Fastify({ logger: false });
  guarded.get('/clients/:id', async (request) => {
    const clientId = idOf(request.params);
    return counted(() =>
      withAccess(db, actor, 'read', clientRecord(clientId, org.id), (trx) =>
        trx
          .selectFrom('client')
          .select(['id', 'name', 'region_id'])
          .where('id', '=', clientId)
          .executeTakeFirst(),
      ),
    );
  });
  try {
    const paths = clientIds.map((id) => `/clients/${id}`);
    const json = { accept: 'application/json' };
    const urls = { bare: await listen(bare), floor: await listen(floor), door: await listen(guarded) };
    // the three answer the same row
    const answers = await Promise.all(
      Object.values(urls).map(async (url) => (await fetch(`${url}${paths[0]}`)).text()),
    );
    if (new Set(answers).size !== 1 || !answers[0]?.includes('Client 0'))
      throw new Error(`the client read routes answer differently: ${JSON.stringify(answers)}`);
    const bareMeasured = await measure(urls.bare, paths, json);
    const floorMeasured = await measure(urls.floor, paths, json);
    const measured = await measure(urls.door, paths, json);
    const floorThroughput = floorMeasured.throughput.throughput;
    clientReadNotes.push(
      `  [${engine}] the bare read without a log: ${Math.round(bareMeasured.throughput.throughput)} req/s; ` +
        `the floor of a logged read (SELECT + one durable log row) is ` +
        `${(floorThroughput / bareMeasured.throughput.throughput).toFixed(2)} × of it` +
        (sync ? ` (synchronous_commit = ${sync})` : ''),
    );
    return [
      figure(`${CLIENT_READ} p95`, engine, measured.latency.p95, 'ms', floorMeasured.latency.p95),
      figure(`${CLIENT_READ} throughput`, engine, measured.throughput.throughput, 'req/s', floorThroughput),
      figure(`${CLIENT_BARE} p95`, engine, bareMeasured.latency.p95, 'ms', floorMeasured.latency.p95),
      figure(
        `${CLIENT_BARE} throughput`,
        engine,
        bareMeasured.throughput.throughput,
        'req/s',
        floorThroughput,
      ),
    ];
  } finally {
    await bare.close();
    await floor.close();
    await guarded.close();
    while (running.count > 0) await new Promise((resolve) => setTimeout(resolve, 10));
    const verified = await verifyAccessLog(db);
    log(
      `  access log chains ${verified.ok ? 'verify' : `BROKEN: ${JSON.stringify(verified)}`} after the client read ` +
        `(${verified.count} rows)`,
    );
  }
}
