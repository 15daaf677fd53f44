/**
 * The shared metrics' definitions on a small hand-made data set (METRICS.md): each figure the
 * report gives, with the small-count rules applied, against the figures worked out by hand; the
 * working-day buckets across Easter and Christmas; the refresh folding in what changed.
 */
import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareCatalogue } from '../../src/features/catalogue/index.ts';
import { seedDemoUsers, staffUserId } from '../../src/features/identity/demo.ts';
import { refreshMetrics } from '../../src/features/metrics/refresh.ts';
import { buildMetricsReport } from '../../src/features/metrics/report.ts';
import type { Database } from '../../src/platform/db/index.ts';
import type { DB } from '../../src/platform/db/types.ts';
import { type Shown, shownText } from '../../src/platform/suppression.ts';
import { ENGINES, freshDatabase } from '../databases.ts';

const KUOPIO = '297';
const IISALMI = '140';
const NOW = new Date('2026-06-15T07:00:00Z');

const text = (figure: Shown) => shownText(figure, (v) => String(Math.round(v * 1000) / 1000));

/** A contact as the summaries read it (Helsinki wall-clock times: UTC+2 in winter, +3 in summer). */
interface Made {
  municipality: string | null;
  receivedAt: string;
  respondBy: string;
  firstResponseAt: string | null;
  closedAt?: string | null;
  outcome?: string | null;
  channel?: string;
  contacter?: string;
  language?: string;
  email?: string | null;
  topics?: string[];
  childAges?: number[];
}

async function context(db: Kysely<DB>) {
  const region = await db
    .selectFrom('region')
    .select('id')
    .where('code', '=', 'pohjois-savo')
    .executeTakeFirstOrThrow();
  // the contact point: the wellbeing services county
  const organization = await db
    .selectFrom('organization')
    .select('id')
    .where('region_id', '=', region.id)
    .where('kind', '=', 'region')
    .executeTakeFirstOrThrow();
  return { regionId: region.id, organizationId: organization.id };
}

async function makeContact(db: Kysely<DB>, c: Made): Promise<string> {
  const { regionId, organizationId } = await context(db);
  const id = randomUUID();
  const closed = c.closedAt ?? null;
  const counsellor = staffUserId('neuvoja');
  await db
    .insertInto('contact')
    .values({
      id,
      reference: `PV-T-${id.slice(0, 8)}`,
      region_id: regionId,
      registry_organization_id: organizationId,
      idempotency_key: randomUUID(),
      request_hash: 'x',
      status_token_hash: randomUUID(),
      channel: c.channel ?? 'web',
      contacter: c.contacter ?? 'parent',
      municipality_code: c.municipality,
      child_ages: c.childAges ?? [4],
      topics: c.topics ?? ['UNI'],
      language: c.language ?? 'fi',
      anonymous: c.email == null,
      reply_channel: 'status_page',
      email: c.email ?? null,
      urgency: 'normal',
      state: closed ? 'closed' : 'in_progress',
      assigned_to: counsellor,
      assigned_at: new Date(c.receivedAt),
      received_at: new Date(c.receivedAt),
      respond_by: c.respondBy,
      first_response_at: c.firstResponseAt ? new Date(c.firstResponseAt) : null,
      closed_at: closed ? new Date(closed) : null,
      outcome: closed ? (c.outcome ?? 'resolved_one_contact') : null,
      updated_at: new Date(closed ?? c.receivedAt),
    } as never)
    .execute();
  return id;
}

async function makeHandoff(
  db: Kysely<DB>,
  contactId: string,
  state: 'accepted' | 'declined',
  createdAt: string,
  acceptedAt: string | null,
): Promise<void> {
  const { regionId, organizationId } = await context(db);
  const unit = await db
    .selectFrom('unit')
    .select(['id', 'service_id', 'organization_id'])
    .where('code', '=', 'perheneuvola-varkaus')
    .executeTakeFirstOrThrow();
  const id = randomUUID();
  const sender = staffUserId('neuvoja');
  await db
    .insertInto('handoff')
    .values({
      id,
      contact_id: contactId,
      region_id: regionId,
      sender_staff_user_id: sender,
      sender_organization_id: organizationId,
      target_service_id: unit.service_id as string,
      target_organization_id: unit.organization_id,
      target_unit_id: unit.id,
      summary: 'x',
      family_agreement: 'verbal',
      family_agreement_at: new Date(createdAt),
      state,
      respond_by: '2026-03-10',
      decline_reason: state === 'declined' ? 'no_capacity' : null,
      decline_text: state === 'declined' ? 'täynnä' : null,
      created_at: new Date(createdAt),
      updated_at: new Date(acceptedAt ?? createdAt),
    } as never)
    .execute();
  await db
    .insertInto('handoff_event')
    .values({
      handoff_id: id,
      at: new Date(createdAt),
      from_state: null,
      to_state: 'requested',
      actor_name: 'x',
    } as never)
    .execute();
  if (acceptedAt)
    await db
      .insertInto('handoff_event')
      .values({
        handoff_id: id,
        at: new Date(acceptedAt),
        from_state: 'requested',
        to_state: state,
        actor_name: 'x',
      } as never)
      .execute();
}

describe.each(ENGINES)('shared metrics on a hand-made data set (%s)', (engine) => {
  let database: Database;
  let db: Kysely<DB>;
  let regionId: string;

  beforeAll(async () => {
    database = await freshDatabase(engine);
    db = database.db;
    await prepareCatalogue(db, { seedDemo: true });
    await seedDemoUsers(db);
    const { prepareNetwork } = await import('../../src/features/network/index.ts');
    await prepareNetwork(db, { seedDemo: true });
    regionId = (await context(db)).regionId;

    // Kuopio, March 2026: 25 web contacts of parents received Monday 2.3. at 10.00, promised by 5.3.
    // 20 answered the same day, 3 on 4.3. (2 working days), 2 on 10.3. (6: past the promise).
    // 15 closed as resolved in March (one contact enough), 10 guided onward. Five of them share
    // one e-mail address: one family.
    const kuopio: string[] = [];
    for (let i = 0; i < 25; i++) {
      const answered =
        i < 20 ? '2026-03-02T10:30:00Z' : i < 23 ? '2026-03-04T09:00:00Z' : '2026-03-10T09:00:00Z';
      kuopio.push(
        await makeContact(db, {
          municipality: KUOPIO,
          receivedAt: '2026-03-02T08:00:00Z',
          respondBy: '2026-03-05',
          firstResponseAt: answered,
          closedAt: '2026-03-20T10:00:00Z',
          outcome: i < 15 ? 'resolved_one_contact' : 'guided_onward',
          email: i < 5 ? 'sama.perhe@example.fi' : null,
          topics: i < 10 ? ['UNI', 'KOULU'] : ['UNI'],
          childAges: i < 12 ? [4] : [15],
        }),
      );
    }
    // Iisalmi, April: 3 phone contacts of young people in Swedish, answered the next working day
    for (let i = 0; i < 3; i++)
      await makeContact(db, {
        municipality: IISALMI,
        receivedAt: '2026-04-14T07:00:00Z',
        respondBy: '2026-04-17',
        firstResponseAt: '2026-04-15T07:00:00Z',
        closedAt: '2026-04-16T07:00:00Z',
        channel: 'phone',
        contacter: 'young_person',
        language: 'sv',
      });
    // handoffs of the guided-onward Kuopio contacts to Varkaus (another municipality):
    // 20 accepted on the next working day, 5 declined for no capacity
    // (to the ten guided onward, 15–24: two or three each)
    for (let i = 0; i < 25; i++) {
      const contact = kuopio[15 + (i % 10)] as string;
      if (i < 20) await makeHandoff(db, contact, 'accepted', '2026-03-03T08:00:00Z', '2026-03-04T08:00:00Z');
      else await makeHandoff(db, contact, 'declined', '2026-03-03T08:00:00Z', '2026-03-03T12:00:00Z');
    }
    // feedback of March: 20 yes, 4 partly, 1 no
    const answers = [...Array(20).fill('yes'), ...Array(4).fill('partly'), 'no'];
    for (const gotHelp of answers)
      await db
        .insertInto('feedback')
        .values({
          id: randomUUID(),
          region_id: regionId,
          month: '2026-03-01',
          municipality_code: KUOPIO,
          channel: 'web',
          got_help: gotHelp,
          ease: 4,
          language: 'fi',
        } as never)
        .execute();
    // children 0–17 in 2025
    await db
      .insertInto('population')
      .values([
        {
          municipality_code: KUOPIO,
          year: 2025,
          children: 21000,
          source: 'plain_csv',
          imported_at: NOW,
          imported_by: 't',
        },
        {
          municipality_code: IISALMI,
          year: 2025,
          children: 3500,
          source: 'plain_csv',
          imported_at: NOW,
          imported_by: 't',
        },
      ] as never)
      .execute();
    await refreshMetrics(db, regionId, NOW);
  }, 120_000);

  afterAll(async () => {
    await database?.close();
  });

  const report = (municipality: string | null = null) =>
    buildMetricsReport(db, { regionId, from: '2026-01', to: '2026-06', municipality, lang: 'fi' }, NOW);

  it('counts contacts by municipality, hiding Iisalmi (3) and, so that 3 cannot be worked out, Kuopio', async () => {
    const r = await report();
    expect(text(r.contacts.total)).toBe('28');
    const rows = new Map(r.contacts.byMunicipality.rows.map((row) => [row.key, text(row.count)]));
    expect(rows.get(IISALMI)).toBe('<5');
    expect(rows.get(KUOPIO)).toBe('..');
    // every other municipality of the region: nobody
    expect([...rows].filter(([key]) => key !== KUOPIO && key !== IISALMI).every(([, v]) => v === '0')).toBe(
      true,
    );
    expect(rows.size).toBeGreaterThan(10);
    expect(text(r.contacts.byMunicipality.total)).toBe('28');
  });

  it('breaks contacts down by channel, contacter, language, topic and age group', async () => {
    const r = await report();
    const of = (b: { rows: { key: string; count: Shown }[] }) =>
      Object.fromEntries(b.rows.map((x) => [x.key, text(x.count)]));
    expect(of(r.contacts.byChannel)).toEqual({ web: '..', phone: '<5', walk_in: '0' });
    expect(of(r.contacts.byContacter)).toMatchObject({ parent: '..', young_person: '<5', professional: '0' });
    expect(of(r.contacts.byLanguage)).toMatchObject({ fi: '..', sv: '<5', en: '0' });
    expect(of(r.contacts.byTopic)).toMatchObject({ UNI: '28', KOULU: '10' });
    expect(of(r.contacts.byAgeGroup)).toMatchObject({ '0-6': '15', '13-17': '13', '7-12': '0' });
  });

  it('gives the share first answered within the promise, by municipality, with the 90 % target', async () => {
    const r = await report();
    expect(r.withinPromise.target).toBe(0.9);
    // Iisalmi's 3 of 3 is small; Kuopio's 23 of 25 is withheld with it (else 3 = 26 − 23)
    const iisalmi = r.withinPromise.rows.find((row) => row.key === IISALMI);
    expect(iisalmi && text(iisalmi.rate)).toBe('<5');
    const kuopio = r.withinPromise.rows.find((row) => row.key === KUOPIO);
    expect(kuopio && text(kuopio.rate)).toBe('..');
    // the region: 26 of 28
    expect(text(r.withinPromise.total.rate)).toBe(String(Math.round((26 / 28) * 1000) / 1000));
  });

  it('buckets the time to the first response in working days and gives its median', async () => {
    const r = await report();
    const buckets = Object.fromEntries(r.timeToFirstResponse.buckets.map((b) => [b.key, text(b.count)]));
    // same day 20; 1 day: Iisalmi's 3; 2 days: 3; more than 3: 2 (6 days)
    expect(buckets).toEqual({ '0': '20', '1': '<5', '2': '<5', '3': '0', more: '<5', none: '0' });
    expect(text(r.timeToFirstResponse.median)).toBe('0');
    expect(text(r.timeToFirstResponse.n)).toBe('28');
  });

  it('one contact was enough: resolved without a handoff ÷ closed, by the month closed', async () => {
    const r = await report();
    const kuopio = r.oneContactEnough.rows.find((row) => row.key === KUOPIO);
    // Kuopio 15 of 25 (withheld beside Iisalmi's 3 of 3); the region 18 of 28
    expect(kuopio && text(kuopio.numerator)).toBe('..');
    expect(text(r.oneContactEnough.total.denominator)).toBe('28');
    expect(text(r.oneContactEnough.total.rate)).toBe(String(Math.round((18 / 28) * 1000) / 1000));
  });

  it('counts unique families per 1,000 children, naming the population year', async () => {
    const r = await report();
    expect(r.perThousand.populationYear).toBe(2025);
    expect(r.perThousand.wholeYear).toBe(false);
    const kuopio = r.perThousand.rows.find((row) => row.key === KUOPIO);
    // 25 contacts, five of them one family: 21 families ÷ 21,000 × 1,000 = 1.0 (Iisalmi's 3
    // families are hidden, so Kuopio's are withheld with them)
    expect(kuopio && text(kuopio.families)).toBe('..');
    expect(text(r.perThousand.region.families)).toBe('24');
    expect(text(r.perThousand.region.perThousand)).toBe(
      String(Math.round((24 / 24500) * 1000 * 1000) / 1000),
    );
    // only Kuopio chosen: its own families are shown as the region's breakdown does not apply
    const march = await buildMetricsReport(
      db,
      { regionId, from: '2026-03', to: '2026-03', municipality: null, lang: 'fi' },
      NOW,
    );
    expect(text(march.perThousand.region.families)).toBe('21');
  });

  it('gives handoff acceptance, time to acceptance, closed loop, decline reasons and expertise across borders', async () => {
    const r = await report();
    expect(text(r.handoffs.byService.total)).toBe('25');
    expect(text(r.handoffs.acceptance.total.rate)).toBe('0.8');
    expect(text(r.handoffs.timeToAcceptance.median)).toBe('1');
    expect(text(r.handoffs.closedLoop.rate)).toBe('0.2'); // only the 5 declined are final
    const reasons = Object.fromEntries(r.handoffs.declineReasons.rows.map((x) => [x.key, text(x.count)]));
    expect(reasons.no_capacity).toBe('5');
    expect(text(r.handoffs.crossBorderShare.rate)).toBe('1');
  });

  it('gives "one contact got me help" and the feedback response rate', async () => {
    const r = await report();
    expect(text(r.feedback.gotHelpRate.rate)).toBe('0.8');
    const got = Object.fromEntries(r.feedback.gotHelp.rows.map((x) => [x.key, text(x.count)]));
    expect(got).toEqual({ yes: '20', partly: '<5', no: '<5' });
    // 25 answers of 28 contacts closed in the period
    expect(text(r.feedback.responseRate.rate)).toBe(String(Math.round((25 / 28) * 1000) / 1000));
  });

  it('counts what is past its promise today', async () => {
    const r = await report();
    expect(text(r.pastPromiseToday.contacts)).toBe('0');
    // nothing held: no median (not "0 working days")
    expect(r.meetings.bookedToHeld.median).toEqual({ shown: false, reason: 'denominator' });
    expect(text(r.meetings.bookedToHeld.n)).toBe('0');
  });

  it('folds a change into the figures at the next refresh', async () => {
    await makeContact(db, {
      municipality: KUOPIO,
      receivedAt: '2026-05-05T08:00:00Z',
      respondBy: '2026-05-08',
      firstResponseAt: null,
    });
    expect(text((await report()).contacts.total)).toBe('28');
    const result = await refreshMetrics(db, regionId, new Date(NOW.getTime() + 60_000));
    expect(result.ran).toBe(true);
    expect(text((await report()).contacts.total)).toBe('29');
    // unanswered: in the "not yet" bucket, and past its promised day (8.5.) today
    const r = await report();
    const none = r.timeToFirstResponse.buckets.find((b) => b.key === 'none');
    expect(none && text(none.count)).toBe('<5');
    expect(text(r.pastPromiseToday.contacts)).toBe('<5');
  });
});

describe.each(ENGINES)('working days of the metrics across Easter and Christmas (%s)', (engine) => {
  let database: Database;
  let db: Kysely<DB>;

  beforeAll(async () => {
    database = await freshDatabase(engine);
    db = database.db;
    await prepareCatalogue(db, { seedDemo: true });
    await seedDemoUsers(db);
  }, 120_000);

  afterAll(async () => {
    await database?.close();
  });

  it('counts Good Friday, Easter Monday, Christmas Eve, Christmas and Boxing Day as days off', async () => {
    const { regionId } = await context(db);
    // Thursday 2.4.2026 → Tuesday 7.4.2026: Good Friday 3.4., the weekend, Easter Monday 6.4.: 1 day
    await makeContact(db, {
      municipality: KUOPIO,
      receivedAt: '2026-04-02T09:00:00Z',
      respondBy: '2026-04-10',
      firstResponseAt: '2026-04-07T09:00:00Z',
    });
    // Tuesday 23.12.2025 → Monday 29.12.2025: Christmas Eve, Christmas, Boxing Day, weekend: 1 day
    await makeContact(db, {
      municipality: KUOPIO,
      receivedAt: '2025-12-23T09:00:00Z',
      respondBy: '2025-12-31',
      firstResponseAt: '2025-12-29T09:00:00Z',
    });
    // Wednesday 31.12.2025 (New Year's Eve is a working day) → Friday 2.1.2026: 1 day (1.1. off)
    await makeContact(db, {
      municipality: KUOPIO,
      receivedAt: '2025-12-31T09:00:00Z',
      respondBy: '2026-01-07',
      firstResponseAt: '2026-01-02T09:00:00Z',
    });
    await refreshMetrics(db, regionId, NOW);
    const { rows } = await sql<{ month: string; days: number[] }>`
      SELECT month::text AS month, response_days AS days FROM metric_contact_month
      WHERE region_id = ${regionId} ORDER BY month`.execute(db);
    expect(rows.map((r) => [r.month, r.days.map(Number)])).toEqual([
      ['2025-12-01', [1]],
      ['2026-04-01', [1]],
    ]);
  });
});

describe('per 1,000 children without a population', () => {
  it('gives no rate, not "<5", when the region has no population figures', async () => {
    const database = await freshDatabase('pglite');
    try {
      const db = database.db;
      await prepareCatalogue(db, { seedDemo: true });
      await seedDemoUsers(db);
      const { regionId } = await context(db);
      await makeContact(db, {
        municipality: KUOPIO,
        receivedAt: '2026-03-02T08:00:00Z',
        respondBy: '2026-03-05',
        firstResponseAt: null,
      });
      await refreshMetrics(db, regionId, NOW);
      const r = await buildMetricsReport(
        db,
        { regionId, from: '2026-01', to: '2026-06', municipality: null, lang: 'fi' },
        NOW,
      );
      expect(r.perThousand.populationYear).toBeNull();
      expect(text(r.perThousand.region.families)).toBe('<5');
      expect(text(r.perThousand.region.perThousand)).toBe('..');
      expect(r.perThousand.rows.every((row) => text(row.perThousand) === '..')).toBe(true);
    } finally {
      await database.close();
    }
  }, 120_000);
});
