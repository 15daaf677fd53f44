/**
 * Scheduled jobs across processes (issue 15, src/platform/jobs.ts, docs/jobs.md): two schedulers
 * on one database — on PostgreSQL each with its own pool, as two processes have; on PGlite two
 * on the one handle a process has — run each due job once per due time, however many ticks meet;
 * a dead process's lease runs out and the job is taken over; a failed run is tried again with
 * its error kept by name and code; the application registers its five jobs; and the reminder
 * job that fails part way sends each e-mail once when it is retried.
 */
import { createHash, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { scheduledJobs } from '../src/app.ts';
import { staffUserId } from '../src/features/identity/demo.ts';
import {
  FAMILY_REMINDER_TEMPLATE,
  followUpReminderJob,
  REMINDER_TEMPLATE,
} from '../src/features/meetings/reminders.ts';
import { ConfigError, loadConfig } from '../src/platform/config.ts';
import { type Database, openDatabase } from '../src/platform/db/index.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import {
  createScheduler,
  errorCode,
  nextDue,
  nextHelsinkiTime,
  type ScheduledJob,
} from '../src/platform/jobs.ts';
import { startTestApp, testAppConfig } from './app.ts';
import { call, validContact } from './contact-fixtures.ts';
import { ENGINES, freshDatabase, freshDatabaseEnv } from './databases.ts';

const logger = pino({ level: 'silent' });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('due times', () => {
  const every = { everyMs: 60_000 };
  it('a period counts from the due time, missed times are not made up', () => {
    const slot = new Date('2026-12-07T10:00:00Z');
    expect(nextDue(every, slot, new Date('2026-12-07T10:00:05Z'))).toEqual(new Date('2026-12-07T10:01:00Z'));
    expect(nextDue(every, slot, new Date('2026-12-07T10:05:30Z'))).toEqual(new Date('2026-12-07T10:06:00Z'));
    // a run before its time (the CLI's run-job) leaves the due time where it was
    expect(nextDue(every, slot, new Date('2026-12-07T09:59:00Z'))).toEqual(slot);
  });

  it('a daily time is Helsinki’s, in winter and in summer', () => {
    const at230 = 2 * 60 + 30;
    // winter: EET, UTC+2
    expect(nextHelsinkiTime(new Date('2026-12-07T12:00:00Z'), at230)).toEqual(
      new Date('2026-12-08T00:30:00Z'),
    );
    expect(nextHelsinkiTime(new Date('2026-12-07T00:00:00Z'), at230)).toEqual(
      new Date('2026-12-07T00:30:00Z'),
    );
    // summer: EEST, UTC+3
    expect(nextHelsinkiTime(new Date('2027-06-15T12:00:00Z'), at230)).toEqual(
      new Date('2027-06-15T23:30:00Z'),
    );
    // the night summer time begins (28.3.2027): 02:30 is still EET
    expect(nextHelsinkiTime(new Date('2027-03-27T12:00:00Z'), at230)).toEqual(
      new Date('2027-03-28T00:30:00Z'),
    );
    expect(
      nextDue({ dailyAt: '02:30' }, new Date('2027-03-28T00:30:00Z'), new Date('2027-03-28T00:30:01Z')),
    ).toEqual(new Date('2027-03-28T23:30:00Z'));
  });

  it('an error is kept by its name and code, never its message', () => {
    const error = Object.assign(new Error('Sanna Salainen, 010101-123N'), { code: 'contact.bad' });
    expect(errorCode(error)).toBe('Error:contact.bad');
    expect(errorCode(new TypeError('Sanna Salainen'))).toBe('TypeError');
    expect(errorCode('Sanna')).toBe('unknown');
  });
});

describe('JOBS', () => {
  it('JOBS=off turns the scheduled jobs off for a process; on by default; anything else is refused', () => {
    expect(loadConfig({}).jobs).toBe(true);
    expect(loadConfig({ JOBS: 'off' }).jobs).toBe(false);
    expect(() => loadConfig({ JOBS: 'no' })).toThrow(ConfigError);
  });
});

/** Two handles on one database, as two processes have (PGlite: one handle, as one process has). */
async function twoHandles(engine: (typeof ENGINES)[number]) {
  if (engine === 'pglite') {
    const database = await freshDatabase('pglite');
    return { a: database, b: database, close: () => database.close() };
  }
  const { env, drop } = await freshDatabaseEnv('postgres');
  const url = env.DATABASE_URL as string;
  const a = await openDatabase({ engine: 'postgres', url, poolSize: 4 });
  await migrate(a);
  const b = await openDatabase({ engine: 'postgres', url, poolSize: 4 });
  return {
    a,
    b,
    close: async () => {
      await a.close();
      await b.close();
      await drop();
    },
  };
}

describe.each(ENGINES)('scheduled jobs on %s', (engine) => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  async function setUp(job: ScheduledJob, retry?: { baseMs?: number; maxMs?: number }) {
    const handles = await twoHandles(engine);
    close = handles.close;
    const schedulers = [handles.a, handles.b].map((database, i) =>
      createScheduler({
        db: database.db,
        logger,
        jobs: [job],
        owner: `process-${i}`,
        ...(retry ? { retry } : {}),
      }),
    );
    for (const s of schedulers) await s.start();
    // the timers are not what is tested: the test ticks itself
    for (const s of schedulers) await s.stop();
    const db = handles.a.db;
    const makeDue = () =>
      db
        .updateTable('scheduled_job')
        .set({ next_due_at: sql`now() - interval '1 second'` })
        .where('name', '=', job.name)
        .execute();
    const row = () =>
      db.selectFrom('scheduled_job').selectAll().where('name', '=', job.name).executeTakeFirstOrThrow();
    /** ten ticks at once, five from each process */
    const tickTogether = async () =>
      (await Promise.all(schedulers.flatMap((s) => Array.from({ length: 5 }, () => s.tick())))).flat();
    return { schedulers, db, makeDue, row, tickTogether };
  }

  it('two processes ticking together run a due job exactly once per due time', async () => {
    let runs = 0;
    const job: ScheduledJob = {
      name: 'count',
      schedule: { everyMs: 60_000 },
      run: async () => {
        runs++;
        await sleep(30); // a run takes a while: the other ticks arrive meanwhile
        return { runs };
      },
    };
    const { makeDue, row, tickTogether } = await setUp(job);
    // first due one period after it was registered: nothing runs now
    expect((await tickTogether()).filter((r) => r.outcome === 'done')).toHaveLength(0);
    expect(runs).toBe(0);
    for (const slot of [1, 2, 3]) {
      await makeDue();
      const done = (await tickTogether()).filter((r) => r.outcome === 'done');
      expect(done, `slot ${slot}`).toHaveLength(1);
      expect(runs).toBe(slot);
      // and not again until its next time
      expect((await tickTogether()).filter((r) => r.outcome === 'done')).toHaveLength(0);
    }
    const after = await row();
    expect(after.run_count).toBe(3);
    expect(after.locked_by).toBeNull();
    expect(after.last_error).toBeNull();
    expect(new Date(after.next_due_at).getTime()).toBeGreaterThan(Date.now() + 50_000);
  });

  it('the job of a process that died is taken over when its lease runs out, not before', async () => {
    let runs = 0;
    const job: ScheduledJob = {
      name: 'take-over',
      schedule: { everyMs: 60_000 },
      run: async () => {
        runs++;
        return undefined;
      },
    };
    const { db, row, tickTogether } = await setUp(job);
    // what a process killed mid-run leaves: the job claimed, its lease running
    await db
      .updateTable('scheduled_job')
      .set({
        next_due_at: sql`now() - interval '1 minute'`,
        locked_by: 'dead-process',
        lease_until: sql`now() + interval '400 milliseconds'`,
      })
      .where('name', '=', job.name)
      .execute();
    expect((await tickTogether()).every((r) => r.outcome === 'not-claimed')).toBe(true);
    expect(runs).toBe(0);
    await sleep(600);
    expect((await tickTogether()).filter((r) => r.outcome === 'done')).toHaveLength(1);
    expect(runs).toBe(1);
    expect((await row()).locked_by).toBeNull();
  });

  it('a run longer than its lease keeps it (renewed), so nobody else runs it meanwhile', async () => {
    let runs = 0;
    const job: ScheduledJob = {
      name: 'slow',
      schedule: { everyMs: 60_000 },
      leaseMs: 200,
      run: async () => {
        runs++;
        await sleep(900);
        return undefined;
      },
    };
    const { schedulers, makeDue } = await setUp(job);
    await makeDue();
    const [a, b] = schedulers as [(typeof schedulers)[0], (typeof schedulers)[0]];
    const first = a.tick();
    let finished = false;
    void first.then(() => {
      finished = true;
    });
    // the others start once the first has the job (under load their claim could otherwise win)
    while (runs === 0 && !finished) await sleep(10);
    while (!finished) {
      await Promise.all([b.tick(), a.tick()]);
      await sleep(100);
    }
    expect((await first).map((r) => r.outcome)).toEqual(['done']);
    expect(runs).toBe(1);
  });

  it('a run that throws is retried at the next tick after a backoff, its error kept by name and code', async () => {
    let runs = 0;
    const job: ScheduledJob = {
      name: 'flaky',
      schedule: { everyMs: 3_600_000 },
      run: async () => {
        runs++;
        if (runs <= 2) throw Object.assign(new Error('Sanna Salainen 010101-123N'), { code: 'test.boom' });
        return { done: 1 };
      },
    };
    const { row, makeDue, tickTogether } = await setUp(job, { baseMs: 2_000, maxMs: 60_000 });
    await makeDue();
    expect((await tickTogether()).filter((r) => r.outcome !== 'not-claimed')).toEqual([
      { name: 'flaky', outcome: 'failed', error: 'Error:test.boom' },
    ]);
    let failed = await row();
    expect(failed).toMatchObject({ last_error: 'Error:test.boom', failures: 1, locked_by: null });
    expect(JSON.stringify(failed)).not.toContain('Salainen');
    // the first retry after 2 s, the next after 4 s: backoff doubles
    const wait = (r: typeof failed) =>
      new Date(r.next_due_at).getTime() - new Date(r.last_finished_at as Date).getTime();
    expect(wait(failed)).toBeGreaterThan(1_900);
    expect(wait(failed)).toBeLessThan(2_100);
    expect((await tickTogether()).filter((r) => r.outcome !== 'not-claimed')).toHaveLength(0);
    await sleep(2_100);
    expect((await tickTogether()).filter((r) => r.outcome === 'failed')).toHaveLength(1);
    failed = await row();
    expect(failed.failures).toBe(2);
    expect(wait(failed)).toBeGreaterThan(3_900);
    expect(wait(failed)).toBeLessThan(4_100);
    await makeDue();
    expect((await tickTogether()).filter((r) => r.outcome === 'done')).toHaveLength(1);
    expect(await row()).toMatchObject({ last_error: null, failures: 0, run_count: 3 });
    expect(runs).toBe(3);
  });
});

describe.each(ENGINES)('the application’s jobs on %s', (engine) => {
  // a whole application starts: on a machine shared with other work that takes a minute or more
  it('the five jobs are registered at start, none due before its period', async () => {
    const names = scheduledJobs({
      db: undefined as never,
      config: { ...testAppConfig, accessLogRetentionDays: 730 },
      logger,
      publicUrl: 'http://localhost',
    }).map((job) => job.name);
    expect(names.sort()).toEqual([
      'access-log-retention',
      'handoff-expiry',
      'meeting-follow-up-reminders',
      'metrics-refresh',
      'session-purge',
    ]);
    const started = Date.now();
    const on = await startTestApp(engine, { seedDemo: false, config: { accessLogRetentionDays: 730 } });
    try {
      const rows = await on.database.db.selectFrom('scheduled_job').selectAll().orderBy('name').execute();
      expect(rows.map((r) => r.name)).toEqual([...names].sort());
      for (const r of rows)
        expect(new Date(r.next_due_at).getTime(), r.name).toBeGreaterThan(started + 60_000);
      expect(rows.every((r) => r.run_count === 0)).toBe(true);
    } finally {
      await on.close();
    }
  }, 300_000);

  it('a process with JOBS=off registers and runs none', async () => {
    const off = await startTestApp(engine, { seedDemo: false, config: { jobs: false } });
    try {
      expect(await off.database.db.selectFrom('scheduled_job').select('name').execute()).toEqual([]);
    } finally {
      await off.close();
    }
  }, 300_000);
});

describe.each(ENGINES)('the follow-up reminder job on %s', (engine) => {
  /** Friday 12.3.2027 at 8.00 in Helsinki; the follow-ups are on Tuesday 16.3. (two working days) */
  const FRIDAY = new Date('2027-03-12T06:00:00Z');
  const STARTS = new Date('2027-03-02T08:00:00Z');

  /** A held meeting of the contact, its follow-up on 16.3., with one outside participant by e-mail. */
  async function heldMeeting(database: Database, contact: { id: string; region_id: string }, email: string) {
    const db = database.db;
    const organizer = await db
      .selectFrom('staff_user')
      .select(['id', 'organization_id'])
      .where('id', '=', staffUserId('neuvoja'))
      .executeTakeFirstOrThrow();
    const id = randomUUID();
    const slotId = randomUUID();
    await db
      .insertInto('meeting')
      .values({
        id,
        region_id: contact.region_id,
        contact_id: contact.id,
        registry_organization_id: organizer.organization_id as string,
        state: 'requested',
        requested_by: 'staff',
        ical_uid: `${id}@perheverkko.test`,
        created_at: STARTS,
        updated_at: STARTS,
      })
      .execute();
    await db
      .insertInto('meeting_slot')
      .values({
        id: slotId,
        meeting_id: id,
        starts_at: STARTS,
        ends_at: new Date(STARTS.getTime() + 3_600_000),
      })
      .execute();
    await db
      .updateTable('meeting')
      .set({
        state: 'held',
        organizer_id: organizer.id,
        locked_slot_id: slotId,
        starts_at: STARTS,
        ends_at: new Date(STARTS.getTime() + 3_600_000),
        place_kind: 'address',
        place_address: 'Puijonkatu 12 B',
        follow_up_on: '2027-03-16',
      })
      .where('id', '=', id)
      .execute();
    await db
      .insertInto('meeting_participant')
      .values({
        id: randomUUID(),
        meeting_id: id,
        kind: 'external',
        name: 'Riitta Rehtori',
        organization_name: 'Jynkän koulu',
        email,
        poll_token_hash: randomUUID(),
        added_at: STARTS,
      })
      .execute();
    return id;
  }

  it('a run that fails after some meetings is retried, and each reminder e-mail is enqueued exactly once', async () => {
    const { app, database, close } = await startTestApp(engine, {
      seedDemo: true,
      config: { jobs: false, now: () => FRIDAY },
    });
    try {
      const sent = await call(app, { method: 'POST', url: '/api/contacts', payload: validContact() });
      expect(sent.statusCode, sent.body).toBe(201);
      const token = (sent.json() as { statusUrl: string }).statusUrl.split('/').pop() as string;
      const contact = await database.db
        .selectFrom('contact')
        .select(['id', 'region_id'])
        .where('status_token_hash', '=', createHash('sha256').update(token).digest('hex'))
        .executeTakeFirstOrThrow();
      const emails = ['a@koulu.example.fi', 'b@koulu.example.fi', 'c@koulu.example.fi', 'd@koulu.example.fi'];
      for (const email of emails) await heldMeeting(database, contact, email);
      // the fault: the second meeting's transaction fails at its last statement (the event row),
      // once — a sequence is not rolled back with the transaction, so the retry passes
      await database.execScript(`
        CREATE SEQUENCE test_fault;
        CREATE FUNCTION test_fail_second() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF nextval('test_fault') = 2 THEN RAISE EXCEPTION 'injected fault' USING ERRCODE = 'P0001'; END IF;
          RETURN NEW;
        END $$;
        CREATE TRIGGER test_fail_second BEFORE INSERT ON meeting_event
          FOR EACH ROW EXECUTE FUNCTION test_fail_second();
      `);
      const job = followUpReminderJob(database.db, { publicUrl: 'https://perheverkko.example.fi' });
      // two processes' schedulers on the database, the retry at once
      const schedulers = [0, 1].map((i) =>
        createScheduler({
          db: database.db,
          logger,
          jobs: [job],
          owner: `p${i}`,
          now: () => FRIDAY,
          retry: { baseMs: 0 },
        }),
      );
      for (const s of schedulers) await s.start();
      for (const s of schedulers) await s.stop();
      await database.db
        .updateTable('scheduled_job')
        .set({ next_due_at: sql`now() - interval '1 second'` })
        .execute();
      const tickBoth = async () => (await Promise.all(schedulers.map((s) => s.tick()))).flat();
      const first = await tickBoth();
      expect(first.filter((r) => r.outcome !== 'not-claimed')).toEqual([
        { name: 'meeting-follow-up-reminders', outcome: 'failed', error: 'error:P0001' },
      ]);
      const reminders = () =>
        database.db
          .selectFrom('outbox')
          .select(['recipient', 'template'])
          .where('template', 'in', [REMINDER_TEMPLATE, FAMILY_REMINDER_TEMPLATE])
          .execute();
      // one meeting committed with its e-mails, the one that failed rolled back with its
      const afterFailure = (await reminders()).filter((r) => emails.includes(r.recipient ?? ''));
      expect(afterFailure).toHaveLength(1);
      const retry = (await tickBoth()).filter((r) => r.outcome !== 'not-claimed');
      expect(retry).toMatchObject([{ outcome: 'done', counts: { reminded: 3 } }]);
      expect(await tickBoth()).toEqual([]);
      const all = await reminders();
      for (const email of emails)
        expect(
          all.filter((r) => r.recipient === email),
          email,
        ).toHaveLength(1);
      // the organiser's reminders too: one per meeting, whether or not the organiser has an address
      const organizer = all.filter((r) => !emails.includes(r.recipient ?? ''));
      expect([0, emails.length]).toContain(organizer.length);
      const events = await database.db
        .selectFrom('meeting_event')
        .select('meeting_id')
        .where('kind', '=', 'reminded')
        .execute();
      expect(new Set(events.map((e) => e.meeting_id)).size).toBe(emails.length);
      expect(events).toHaveLength(emails.length);
    } finally {
      await close();
    }
  }, 300_000);
});
