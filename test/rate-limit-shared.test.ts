/**
 * Rate limits shared between processes (issue 15): the counters live in the database
 * (rate_limit_counter, platform/http/rate-limit-store.ts), so two app instances on one
 * PostgreSQL database — each with its own connection pool, as two processes have — refuse a
 * client at the same count as one instance would; on PGlite (one process) the limit works as
 * before. The refusal is the same 429 with its code, translated message and Retry-After.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { prepareCatalogue } from '../src/features/catalogue/index.ts';
import { purgeEndedSessions } from '../src/platform/auth/session.ts';
import { type Database, type Engine, openDatabase } from '../src/platform/db/index.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import { rateLimitKey } from '../src/platform/http/rate-limit-store.ts';
import type { App } from '../src/platform/http/server.ts';
import { testAppConfig } from './app.ts';
import { ENGINES } from './databases.ts';

const LIMIT = 4;

/** One database and the handles two processes would have on it (PGlite: the one process's). */
async function sharedDatabase(
  engine: Engine,
): Promise<{ first: Database; second: Database; close(): Promise<void> }> {
  if (engine === 'pglite') {
    const database = await openDatabase({ engine: 'pglite', dataDir: null });
    await migrate(database);
    return { first: database, second: database, close: () => database.close() };
  }
  const admin = process.env.TEST_DATABASE_URL as string;
  const name = `perheverkko_test_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const first = await openDatabase({ engine: 'postgres', url: url.toString(), poolSize: 4 });
  await migrate(first);
  const second = await openDatabase({ engine: 'postgres', url: url.toString(), poolSize: 4 });
  return {
    first,
    second,
    async close() {
      await first.close();
      await second.close();
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name}`);
      await c.end();
    },
  };
}

const invalidContact = { region: 'pohjois-savo', message: '' };

const post = (app: App, remoteAddress: string) =>
  app.inject({
    method: 'POST',
    url: '/api/contacts',
    headers: { 'content-type': 'application/json', 'accept-language': 'sv' },
    payload: invalidContact,
    remoteAddress,
  });

describe.each(ENGINES)('rate limits shared through the database (%s)', (engine) => {
  let shared: Awaited<ReturnType<typeof sharedDatabase>>;
  let a: App;
  let b: App;
  beforeAll(async () => {
    shared = await sharedDatabase(engine);
    await prepareCatalogue(shared.first.db, { seedDemo: false });
    const config = { ...testAppConfig, rateLimits: { signIn: LIMIT, publicPost: LIMIT } };
    a = await buildApp(config, shared.first, pino({ level: 'silent' }));
    b = await buildApp(config, shared.second, pino({ level: 'silent' }));
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await shared?.close();
  });

  it('requests split across two instances are refused at the limit, exactly as on one', async () => {
    const client = '198.51.100.7';
    for (let i = 0; i < LIMIT; i++) {
      const res = await post(i % 2 === 0 ? a : b, client);
      expect(res.statusCode, `request ${i + 1}`).toBe(400);
    }
    for (const app of [a, b]) {
      const over = await post(app, client);
      expect(over.statusCode).toBe(429);
      const error = (over.json() as { error: { code: string; message: string } }).error;
      expect(error.code).toBe('http.rate_limited');
      expect(error.message).not.toBe('http.rate_limited');
      expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(over.headers['retry-after'])).toBeLessThanOrEqual(60);
    }
    // another client has its own count on both
    expect((await post(b, '198.51.100.8')).statusCode).toBe(400);
  });

  it('concurrent requests on both instances let through exactly the limit', async () => {
    const client = '198.51.100.9';
    const answers = await Promise.all(
      Array.from({ length: LIMIT * 3 }, (_, i) => post(i % 2 === 0 ? a : b, client)),
    );
    const codes = answers.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 400)).toHaveLength(LIMIT);
    expect(codes.filter((c) => c === 429)).toHaveLength(LIMIT * 2);
  });

  it('the same instance alone keeps the limit (one process)', async () => {
    const client = '198.51.100.10';
    for (let i = 0; i < LIMIT; i++) expect((await post(a, client)).statusCode).toBe(400);
    expect((await post(a, client)).statusCode).toBe(429);
  });

  it('stores no address in clear, and the purge removes ended windows', async () => {
    const rows = await shared.first.db.selectFrom('rate_limit_counter').selectAll().execute();
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.key).not.toContain('198.51.100');
      expect(row.name).toBe('POST /api/contacts');
    }
    expect(rows.map((r) => r.key)).toContain(rateLimitKey('198.51.100.7'));
    await purgeEndedSessions(shared.first.db, { idleMinutes: 30, absoluteHours: 12 });
    expect(await shared.first.db.selectFrom('rate_limit_counter').selectAll().execute()).toHaveLength(
      rows.length,
    );
    await purgeEndedSessions(
      shared.first.db,
      { idleMinutes: 30, absoluteHours: 12 },
      new Date(Date.now() + 2 * 60_000),
    );
    expect(await shared.first.db.selectFrom('rate_limit_counter').selectAll().execute()).toHaveLength(0);
    // a client whose window was removed starts a new one
    expect((await post(b, '198.51.100.7')).statusCode).toBe(400);
  });

  it('a window that has ended starts anew at one', async () => {
    const client = '198.51.100.11';
    for (let i = 0; i <= LIMIT; i++) await post(a, client);
    expect((await post(b, client)).statusCode).toBe(429);
    // the window ended (moved into the past as time passing would)
    await shared.first.db
      .updateTable('rate_limit_counter')
      .set({ window_end: new Date(Date.now() - 1000) })
      .where('key', '=', rateLimitKey(client))
      .execute();
    expect((await post(b, client)).statusCode).toBe(400);
    const row = await shared.first.db
      .selectFrom('rate_limit_counter')
      .select('count')
      .where('key', '=', rateLimitKey(client))
      .executeTakeFirstOrThrow();
    expect(row.count).toBe(1);
  });
});
