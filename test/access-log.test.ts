import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConfiguredDatabase } from '../src/bootstrap.ts';
import { runCli } from '../src/cli.ts';
import { prepareCatalogue } from '../src/features/catalogue/index.ts';
import { clientId, seedDemoUsers, staffUserId } from '../src/features/identity/demo.ts';
import {
  clientRecord,
  removeExpiredAccessLog,
  verifyAccessLog,
  withAccess,
} from '../src/platform/access/index.ts';
import type { ClientActor, StaffActor } from '../src/platform/auth/actor.ts';
import { loadConfig } from '../src/platform/config.ts';
import type { Database } from '../src/platform/db/index.ts';
import { AppError } from '../src/platform/errors.ts';
import { stableUuid } from '../src/platform/ids.ts';
import { startTestApp, type TestApp } from './app.ts';
import { validContact } from './contact-fixtures.ts';
import { ENGINES, freshDatabase, freshDatabaseEnv } from './databases.ts';

const ASIAKAS = clientId('asiakas');
const PS_REGION = stableUuid('region', 'pohjois-savo');
const PS_ORG = stableUuid('organization', 'pohjois-savo/pohjois-savon-hyvinvointialue');

const counsellor: StaffActor = {
  kind: 'staff',
  userId: staffUserId('neuvoja'),
  regionId: PS_REGION,
  organizationId: PS_ORG,
  name: 'Noora Neuvoja',
  roles: [{ organizationId: PS_ORG, role: 'counsellor' }],
  sessionId: 's',
};
const receiver: StaffActor = {
  ...counsellor,
  userId: staffUserId('vastaanottaja'),
  name: 'Ville Vastaanottaja',
  roles: [{ organizationId: PS_ORG, role: 'receiving_worker' }],
};
const client: ClientActor = {
  kind: 'client',
  clientId: ASIAKAS,
  regionId: PS_REGION,
  name: 'Aino Asiakas',
  sessionId: 's',
};
/** Aino's record kept by the wellbeing services county (the generic client record, issue 11). */
const record = clientRecord(ASIAKAS, PS_ORG);

const countLog = async (database: Database) =>
  Number(
    (
      await database.db
        .selectFrom('access_log')
        .select(sql<string>`count(*)`.as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

/** A database that refuses the statement: the error PostgreSQL raised. */
async function refused(run: Promise<unknown>): Promise<string> {
  try {
    await run;
  } catch (error) {
    return String((error as Error).message);
  }
  throw new Error('the database accepted the statement');
}

describe.each(ENGINES)('the access policy and the access log on %s', (engine) => {
  let database: Database;
  beforeAll(async () => {
    database = await freshDatabase(engine);
    await prepareCatalogue(database.db, { seedDemo: true });
    await seedDemoUsers(database.db);
    await database.db
      .insertInto('care_relationship')
      .values({
        id: stableUuid('care', 'neuvoja-asiakas'),
        staff_user_id: counsellor.userId,
        client_id: ASIAKAS,
        organization_id: PS_ORG,
        kind: 'assigned_contact',
        ended_at: null,
      })
      .execute();
  });
  afterAll(async () => database?.close());

  it('an authorised read writes exactly one log row, in the same transaction', async () => {
    const before = await countLog(database);
    const value = await withAccess(database.db, counsellor, 'read', record, async (trx) => {
      // inside the transaction, the row is not there yet; it is appended when the work is done
      const rows = await trx.selectFrom('access_log').select('id').execute();
      return rows.length;
    });
    expect(value).toBe(before);
    expect(await countLog(database)).toBe(before + 1);
    const row = await database.db
      .selectFrom('access_log')
      .selectAll()
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      actor_name: 'Noora Neuvoja',
      role: 'counsellor',
      client_id: ASIAKAS,
      action: 'read',
      resource_type: 'client_record',
      resource_id: ASIAKAS,
      break_glass: false,
      region_id: PS_REGION,
      organization_name: 'Pohjois-Savon hyvinvointialue',
    });
  });

  it('when the work fails, neither its writes nor the log row remain', async () => {
    const before = await countLog(database);
    const unitId = stableUuid('unit', 'rolled-back');
    await expect(
      withAccess(database.db, counsellor, 'update', record, async (trx) => {
        await trx
          .insertInto('unit')
          .values({ id: unitId, organization_id: PS_ORG, name: JSON.stringify({ fi: 'Kokeilu' }) })
          .execute();
        throw new Error('the work failed');
      }),
    ).rejects.toThrow('the work failed');
    expect(await countLog(database)).toBe(before);
    expect(await database.db.selectFrom('unit').select('id').where('id', '=', unitId).execute()).toEqual([]);
  });

  it('a worker without a care relationship gets "not found", runs nothing, and the refusal is logged', async () => {
    const before = await countLog(database);
    let ran = false;
    const error = await withAccess(database.db, receiver, 'read', record, async () => {
      ran = true;
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ status: 404, code: 'access.not_found' });
    expect(ran).toBe(false);
    const row = await database.db
      .selectFrom('access_log')
      .selectAll()
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(await countLog(database)).toBe(before + 1);
    expect(row).toMatchObject({ action: 'denied', actor_name: 'Ville Vastaanottaja', client_id: ASIAKAS });
  });

  it('the facts: a relationship with another client, or one that has ended, opens nothing', async () => {
    // the client's region and the worker's relationships with this client come in one query
    // (client-record-policy.ts): each of its conditions is needed
    const other = stableUuid('client', 'access-log/other');
    await database.db
      .insertInto('client')
      .values({ id: other, region_id: PS_REGION, issuer: 'test', subject: 'other', name: 'Olli Muu' })
      .execute();
    const relationship = (name: string, clientId: string, endedAt: Date | null) => ({
      id: stableUuid('care', name),
      staff_user_id: receiver.userId,
      client_id: clientId,
      organization_id: PS_ORG,
      kind: 'assigned_contact' as const,
      ended_at: endedAt,
    });
    const ids = [stableUuid('care', 'receiver-other'), stableUuid('care', 'receiver-ended')];
    await database.db
      .insertInto('care_relationship')
      .values([
        relationship('receiver-other', other, null),
        relationship('receiver-ended', ASIAKAS, new Date(Date.now() - 86_400_000)),
      ])
      .execute();
    try {
      const read = () => withAccess(database.db, receiver, 'read', record, async () => 'read');
      expect(await read().catch((e: unknown) => e)).toBeInstanceOf(AppError);
      expect(
        await withAccess(database.db, receiver, 'read', clientRecord(other, PS_ORG), async () => 'read'),
      ).toBe('read');
      // one ended and one current relationship with the same client: the current one counts
      ids.push(stableUuid('care', 'receiver-current'));
      await database.db
        .insertInto('care_relationship')
        .values(relationship('receiver-current', ASIAKAS, null))
        .execute();
      expect(await read()).toBe('read');
    } finally {
      await database.db.deleteFrom('care_relationship').where('id', 'in', ids).execute();
    }
  });

  it('breaking the glass with a reason reads, and the row is marked', async () => {
    const reason = 'Lastensuojeluilmoitus, kiireellinen arvio';
    await withAccess(
      database.db,
      receiver,
      'read',
      clientRecord(ASIAKAS, PS_ORG, { breakGlass: true }),
      async () => 1,
      { reason },
    );
    const row = await database.db
      .selectFrom('access_log')
      .selectAll()
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ action: 'read', break_glass: true, reason, role: 'receiving_worker' });
  });

  it('breaking the glass without a proper reason is refused with 400', async () => {
    await expect(
      withAccess(
        database.db,
        receiver,
        'read',
        clientRecord(ASIAKAS, PS_ORG, { breakGlass: true }),
        async () => 1,
        { reason: 'hätä' },
      ),
    ).rejects.toMatchObject({ status: 400, code: 'access.break_glass_reason_too_short' });
  });

  it('a client reads their own data, logged too', async () => {
    await withAccess(database.db, client, 'read', record, async () => 1);
    const row = await database.db
      .selectFrom('access_log')
      .selectAll()
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      actor_kind: 'client',
      actor_client_id: ASIAKAS,
      role: 'client',
      action: 'read',
    });
  });

  it('concurrent writers do not fork the chain', async () => {
    await Promise.all(
      Array.from({ length: 8 }, () => withAccess(database.db, counsellor, 'read', record, async () => 1)),
    );
    expect(await verifyAccessLog(database.db)).toMatchObject({ ok: true });
  });

  it('the database refuses UPDATE, DELETE and TRUNCATE of the log', async () => {
    expect(
      await refused(
        database.db.updateTable('access_log').set({ reason: 'changed' }).where('id', '=', '1').execute(),
      ),
    ).toMatch(/append-only/);
    expect(await refused(database.db.deleteFrom('access_log').where('id', '=', '1').execute())).toMatch(
      /append-only/,
    );
    expect(await refused(sql`TRUNCATE access_log`.execute(database.db))).toMatch(/append-only/);
  });

  it('verification passes on an intact chain', async () => {
    const result = await verifyAccessLog(database.db);
    expect(result).toMatchObject({ ok: true, count: await countLog(database) });
  });

  it('retention removes only old rows, logs the removal, and verification still passes', async () => {
    const total = await countLog(database);
    // Every row so far is "old" when the job runs a year from now with a retention of 30 days.
    const later = new Date(Date.now() + 365 * 86_400_000);
    const report = await removeExpiredAccessLog(database.db, later, 30);
    expect(report.removed).toBe(total);
    const rows = await database.db.selectFrom('access_log').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: 'retention', actor_kind: 'system' });
    expect(rows[0]?.reason).toMatch(
      /^removed rows older than .* \(kept 30 days\): chain \d rows 1-\d+, last hash [0-9a-f]{64}/,
    );
    await withAccess(database.db, counsellor, 'read', record, async () => 1);
    expect(await verifyAccessLog(database.db)).toMatchObject({ ok: true, count: 2 });
    // a second run with nothing old removes nothing
    expect((await removeExpiredAccessLog(database.db, new Date(), 30)).removed).toBe(0);
  });

  it('a row altered directly in the database is found and named', async () => {
    const target = await database.db
      .selectFrom('access_log')
      .selectAll()
      .orderBy('id')
      .executeTakeFirstOrThrow();
    await sql`ALTER TABLE access_log DISABLE TRIGGER access_log_append_only`.execute(database.db);
    await sql`UPDATE access_log SET actor_name = 'Someone Else' WHERE id = ${target.id}`.execute(database.db);
    await sql`ALTER TABLE access_log ENABLE TRIGGER access_log_append_only`.execute(database.db);
    const result = await verifyAccessLog(database.db);
    expect(result).toMatchObject({ ok: false, row: { id: String(target.id) } });
  });
});

describe.each(ENGINES)('a row removed behind the database trigger on %s', (engine) => {
  let database: Database;
  beforeAll(async () => {
    database = await freshDatabase(engine);
    await prepareCatalogue(database.db, { seedDemo: false });
    await seedDemoUsers(database.db);
  });
  afterAll(async () => database?.close());

  it('is found as a gap in its chain', async () => {
    for (let i = 0; i < 3; i++) await withAccess(database.db, client, 'read', record, async () => 1);
    const middle = await database.db
      .selectFrom('access_log')
      .selectAll()
      .orderBy('id')
      .offset(1)
      .executeTakeFirstOrThrow();
    await sql`ALTER TABLE access_log DISABLE TRIGGER access_log_append_only`.execute(database.db);
    await sql`DELETE FROM access_log WHERE id = ${middle.id}`.execute(database.db);
    await sql`ALTER TABLE access_log ENABLE TRIGGER access_log_append_only`.execute(database.db);
    const result = await verifyAccessLog(database.db);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.row).toMatchObject({ shard: middle.shard, seq: String(middle.seq) });
      expect(result.problem).toMatch(/missing/);
    }
  });
});

describe.each(ENGINES)('npm run cli -- verify-access-log and access-log-retention on %s', (engine) => {
  let env: Record<string, string>;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ env, drop } = await freshDatabaseEnv(engine));
  });
  afterAll(async () => drop?.());

  async function cli(...argv: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l), env });
    return { code, out: out.join('\n'), err: err.join('\n') };
  }
  async function withDatabase(use: (database: Database) => Promise<void>) {
    const database = await openConfiguredDatabase(loadConfig(env));
    try {
      await use(database);
    } finally {
      await database.close();
    }
  }

  it('says the log is intact with the count, and exits 0', async () => {
    await withDatabase(async (database) => {
      await prepareCatalogue(database.db, { seedDemo: true });
      await seedDemoUsers(database.db);
      for (let i = 0; i < 3; i++) await withAccess(database.db, client, 'read', record, async () => 1);
    });
    expect(await cli('verify-access-log')).toMatchObject({
      code: 0,
      out: 'the access log is intact: 3 rows',
    });
  });

  it('names the first tampered row and exits 1', async () => {
    await withDatabase(async (database) => {
      await sql`ALTER TABLE access_log DISABLE TRIGGER access_log_append_only`.execute(database.db);
      await sql`UPDATE access_log SET reason = 'nothing to see' WHERE id = 2`.execute(database.db);
      await sql`ALTER TABLE access_log ENABLE TRIGGER access_log_append_only`.execute(database.db);
    });
    const result = await cli('verify-access-log');
    expect(result.code).toBe(1);
    expect(result.err).toMatch(
      /tampered with at row 2 \(\d{4}-\d\d-\d\dT[\d:.]+Z, chain \d row \d+\): its content does not match its hash/,
    );
  });

  it('retention with nothing old removes nothing and says so', async () => {
    const result = await cli('access-log-retention');
    expect(result).toMatchObject({ code: 0 });
    expect(result.out).toMatch(/^no access-log rows older than/);
  });
});

/**
 * Issue 10, finding 10: every refusal of a signed-in user leaves a row, and the actor's own
 * data-protection officer sees it — under the actor's region too when the target is another's.
 */
describe('refusals of signed-in users are logged where their own DPO sees them', () => {
  const PIRKANMAA_REGION = stableUuid('region', 'pirkanmaa');
  const PIRKANMAA_ORG = stableUuid('organization', 'pirkanmaa/pirkanmaan-hyvinvointialue');
  let t: TestApp;
  const denials = async (where: { staffUserId?: string; clientId?: string }) =>
    t.database.db
      .selectFrom('access_log')
      .selectAll()
      .where('action', '=', 'denied')
      .$if(where.staffUserId !== undefined, (q) => q.where('staff_user_id', '=', where.staffUserId as string))
      .$if(where.clientId !== undefined, (q) => q.where('actor_client_id', '=', where.clientId as string))
      .orderBy('id')
      .execute();
  const signIn = async (username: string) => {
    const res = await t.app.inject({ method: 'POST', url: '/api/dev/session', payload: { username } });
    return String(res.headers['set-cookie']).split(';')[0] as string;
  };

  beforeAll(async () => {
    t = await startTestApp('pglite', { seedDemo: true });
  });
  afterAll(async () => t?.close());

  it("a route's role check that refuses a staff user writes a row under their region", async () => {
    const cookie = await signIn('esihenkilo');
    const res = await t.app.inject({ url: '/fi/staff/access-log?client=Aino', headers: { cookie } });
    expect(res.statusCode).toBe(404);
    const rows = await denials({ staffUserId: staffUserId('esihenkilo') });
    expect(rows).toEqual([
      expect.objectContaining({
        actor_kind: 'staff',
        actor_name: 'Eero Esihenkilö',
        role: 'manager',
        region_id: PS_REGION,
        action: 'denied',
        resource_type: 'route',
        // the route's pattern, never the URL: a query can hold a family's words
        resource_id: 'GET /:lang/staff/access-log',
        client_id: null,
      }),
    ]);
    expect(rows[0]?.reason).toMatch(/^route refused/);
  });

  it('a client refused a staff route is logged too; a signed-out visitor is not', async () => {
    const cookie = await signIn('asiakas');
    expect((await t.app.inject({ url: '/api/handoffs/inbox', headers: { cookie } })).statusCode).toBe(404);
    expect(await denials({ clientId: clientId('asiakas') })).toEqual([
      expect.objectContaining({
        actor_kind: 'client',
        region_id: PS_REGION,
        resource_id: 'GET /api/handoffs/inbox',
      }),
    ]);
    const before = await countLog(t.database);
    expect((await t.app.inject({ url: '/api/handoffs/inbox' })).statusCode).toBe(302);
    expect(await countLog(t.database)).toBe(before);
  });

  it("a refusal against another region's client is logged under that region and under the actor's", async () => {
    const outsider: StaffActor = {
      kind: 'staff',
      userId: staffUserId('pirkanmaa-toimittaja'),
      regionId: PIRKANMAA_REGION,
      organizationId: PIRKANMAA_ORG,
      name: 'Pirjo Pirkkalainen',
      roles: [{ organizationId: PIRKANMAA_ORG, role: 'counsellor' }],
      sessionId: 's',
    };
    await expect(withAccess(t.database.db, outsider, 'read', record, async () => 1)).rejects.toMatchObject({
      status: 404,
    });
    const rows = (await denials({ staffUserId: outsider.userId })).filter(
      (r) => r.resource_type === 'client_record',
    );
    expect(rows.map((r) => r.region_id).sort()).toEqual([PIRKANMAA_REGION, PS_REGION].sort());
    // the actor's own region learns of the attempt, not who the other region's client is
    expect(rows.find((r) => r.region_id === PIRKANMAA_REGION)?.client_id).toBeNull();
    expect(rows.find((r) => r.region_id === PS_REGION)?.client_id).toBe(ASIAKAS);
  });

  it("a staff user opening another region's contact is logged under both regions", async () => {
    expect(
      (await t.app.inject({ method: 'POST', url: '/api/contacts', payload: validContact() })).statusCode,
    ).toBe(201);
    const contact = (await t.database.db.selectFrom('contact').select('id').executeTakeFirstOrThrow()).id;
    const cookie = await signIn('pirkanmaa-toimittaja');
    expect((await t.app.inject({ url: `/api/contacts/${contact}`, headers: { cookie } })).statusCode).toBe(
      404,
    );
    const rows = await denials({ staffUserId: staffUserId('pirkanmaa-toimittaja') });
    expect(rows.map((r) => r.region_id)).toContain(PIRKANMAA_REGION);
  });
});
