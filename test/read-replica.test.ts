/**
 * DATABASE_READ_URL (issue 15): the shared metrics and the DPO's access-log search read from a
 * read replica, here a role that may only SELECT and CONNECT (perheverkko_reader) on the test
 * database, its sessions read-only. The same pages from an app on the same database without
 * the replica answer the same. PostgreSQL only: PGlite has no replica (the configuration
 * refuses DATABASE_READ_URL without DATABASE_URL, see src/platform/config.test.ts).
 */
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { type Database, openDatabase, READ_APPLICATION_NAME } from '../src/platform/db/index.ts';
import { ping } from '../src/platform/db/migrate.ts';
import type { App } from '../src/platform/http/server.ts';
import { startTestApp, type TestApp, testAppConfig } from './app.ts';
import { ENGINES } from './databases.ts';
import { browserFormEntries } from './form-data.ts';

const postgres = ENGINES.includes('postgres');
if (!postgres) console.warn('SKIP: the read-replica tests need PostgreSQL (TEST_DATABASE_URL is not set).');

const THIS_YEAR = new Date().getFullYear();

/** The rows of the DPO page's result table (the page around them has a new CSRF token each time). */
const resultRows = (html: string) => html.match(/<tbody[\s\S]*?<\/tbody>/g) ?? [];

describe.skipIf(!postgres)('the metrics and the DPO log search on a read replica (PostgreSQL)', () => {
  let t: TestApp;
  /** the same database without DATABASE_READ_URL: everything on the primary */
  let primaryApp: App;
  const cookies: Record<string, string> = {};
  const get = (app: App, url: string, who: string) =>
    app.inject({ url, headers: { cookie: cookies[who] as string } });
  const accessLogReads = async () =>
    Number(
      (
        await t.database.db
          .selectFrom('access_log')
          .select(sql<string>`count(*)`.as('n'))
          .where('resource_type', '=', 'access_log')
          .executeTakeFirstOrThrow()
      ).n,
    );

  /** the last statement of each connection of the read pool (pg_stat_activity, seen from the primary) */
  const readPoolQueries = async () =>
    (
      await sql<{ query: string }>`
        select query from pg_stat_activity
        where application_name = ${READ_APPLICATION_NAME} and datname = current_database()`.execute(
        t.database.db,
      )
    ).rows.map((r) => r.query);

  beforeAll(async () => {
    t = await startTestApp('postgres', { seedDemo: true, readReplica: true });
    const { read: _read, ...primaryOnly } = t.database;
    primaryApp = await buildApp(testAppConfig, primaryOnly as Database, pino({ level: 'silent' }));
    for (const u of ['esihenkilo', 'tietosuoja', 'neuvoja']) {
      const res = await t.app.inject({ method: 'POST', url: '/api/dev/session', payload: { username: u } });
      expect(res.statusCode, u).toBe(200);
      cookies[u] = String(res.headers['set-cookie']).split(';')[0] as string;
    }
    // a refusal of the counsellor: a row in the region's log under her name
    expect((await get(t.app, '/fi/staff/access-log', 'neuvoja')).statusCode).toBe(404);
  });
  afterAll(async () => {
    await primaryApp?.close();
    await t?.close();
  });

  it('the read instance is a read-only session of the SELECT-only role', async () => {
    const read = t.database.read;
    expect(read).toBeDefined();
    if (!read) return;
    const who = await sql<{ user: string; ro: string }>`
      select current_user as "user", current_setting('default_transaction_read_only') as ro`.execute(read);
    expect(who.rows[0]).toEqual({ user: 'perheverkko_reader', ro: 'on' });
    // a write fails loudly: read-only even where the role could write (a temporary table)
    await expect(sql`create temporary table read_replica_probe (i int)`.execute(read)).rejects.toThrow(
      /read-only transaction/,
    );
    await expect(read.deleteFrom('session').where('id', '=', 'none').execute()).rejects.toThrow(
      /read-only transaction|permission denied/,
    );
    // the primary is still the primary
    const primary = await sql<{ user: string }>`select current_user as "user"`.execute(t.database.db);
    expect(primary.rows[0]?.user).not.toBe('perheverkko_reader');
  });

  it('the metrics page, API and CSV answer 200 with the same content as from the primary', async () => {
    const query = `from=${THIS_YEAR}-01&to=${THIS_YEAR}-${String(new Date().getMonth() + 1).padStart(2, '0')}`;
    // the first view refreshes the region (a write, on the primary) and reads that report from the primary
    const first = await get(t.app, `/api/metrics?${query}`, 'esihenkilo');
    expect(first.statusCode).toBe(200);
    const fromReplica = await get(t.app, `/api/metrics?${query}`, 'esihenkilo');
    const fromPrimary = await get(primaryApp, `/api/metrics?${query}`, 'esihenkilo');
    expect(fromReplica.statusCode).toBe(200);
    expect(fromReplica.json()).toEqual(fromPrimary.json());
    expect(fromReplica.json()).toEqual(first.json());
    expect((await readPoolQueries()).some((q) => q.includes('metric_'))).toBe(true);
    for (const lang of ['fi', 'sv', 'en']) {
      const page = await get(t.app, `/${lang}/staff/metrics?${query}`, 'esihenkilo');
      expect(page.statusCode, lang).toBe(200);
      expect(page.body).toContain('data-qa="nav-metrics"');
    }
    const csv = await get(t.app, `/fi/staff/metrics/export.csv?${query}`, 'esihenkilo');
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toBe(
      (await get(primaryApp, `/fi/staff/metrics/export.csv?${query}`, 'esihenkilo')).body,
    );
    // the refresh writes, so it goes to the primary and still works (the form with its CSRF token)
    const page = await get(t.app, `/fi/staff/metrics?${query}`, 'esihenkilo');
    const csrfCookie = String(page.headers['set-cookie'] ?? '').split(';')[0] as string;
    const entries = browserFormEntries(page.body, (f) =>
      f.attrs.some((a) => a.name === 'data-qa' && a.value === 'metrics-refresh'),
    );
    const refresh = await t.app.inject({
      method: 'POST',
      url: '/fi/staff/metrics/refresh',
      headers: {
        cookie: `${cookies.esihenkilo}; ${csrfCookie}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: new URLSearchParams(entries).toString(),
    });
    expect(refresh.statusCode, refresh.body).toBe(303);
    expect((await get(t.app, String(refresh.headers.location), 'esihenkilo')).statusCode).toBe(200);
  });

  it("the DPO's search and export answer the same, and each is still logged on the primary", async () => {
    const before = await accessLogReads();
    const fromReplica = await get(t.app, '/fi/staff/access-log?user=Noora', 'tietosuoja');
    expect(fromReplica.statusCode).toBe(200);
    expect(fromReplica.body).toContain('Noora');
    expect(await accessLogReads()).toBe(before + 1);
    const fromPrimary = await get(primaryApp, '/fi/staff/access-log?user=Noora', 'tietosuoja');
    expect(fromPrimary.statusCode).toBe(200);
    expect(await accessLogReads()).toBe(before + 2);
    expect(resultRows(fromReplica.body).length).toBeGreaterThan(0);
    expect((await readPoolQueries()).some((q) => q.includes('"access_log"'))).toBe(true);
    expect(resultRows(fromReplica.body)).toEqual(resultRows(fromPrimary.body));

    const csv = await get(t.app, '/fi/staff/access-log.csv?user=Noora', 'tietosuoja');
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain('Noora');
    expect(csv.body).toBe((await get(primaryApp, '/fi/staff/access-log.csv?user=Noora', 'tietosuoja')).body);
    const exports = await t.database.db
      .selectFrom('access_log')
      .select(['action', 'reason'])
      .where('resource_type', '=', 'access_log')
      .orderBy('id', 'desc')
      .limit(2)
      .execute();
    expect(exports).toEqual([
      { action: 'export', reason: 'search user=Noora' },
      { action: 'export', reason: 'search user=Noora' },
    ]);
    // a bad date is still a 400 beside its field, not a 500
    expect((await get(t.app, '/fi/staff/access-log?from=31.2.2026', 'tietosuoja')).statusCode).toBe(400);
  });

  it('/health/ready answers 200 while both answer, 503 when the read database does not', async () => {
    expect((await t.app.inject({ url: '/health/ready' })).statusCode).toBe(200);
    const url = process.env.TEST_DATABASE_URL as string;
    // a read database nobody answers at (port 1)
    const broken = await openDatabase({
      engine: 'postgres',
      url,
      poolSize: 1,
      readUrl: 'postgres://nobody:none@127.0.0.1:1/none',
    });
    try {
      expect(await ping({ ...broken, read: undefined } as unknown as Database)).toBe(true);
      expect(await ping(broken)).toBe(false);
      const app = await buildApp(
        { ...testAppConfig, sessionPurgeMs: 0, outboxPollMs: 0 },
        { ...t.database, read: broken.read } as Database,
        pino({ level: 'silent' }),
      );
      try {
        const res = await app.inject({ url: '/health/ready' });
        expect(res.statusCode).toBe(503);
        expect(res.json()).toMatchObject({ status: 'unavailable' });
      } finally {
        await app.close();
      }
    } finally {
      await broken.close();
    }
  });
});
