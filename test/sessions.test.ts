/**
 * What a session keeps, and how long (issue 10, finding 4): an identity provider may put the
 * personal identity code, the name and the e-mail address in the ID token itself; none of it
 * may rest in the database in clear. Ended sessions are removed by a job (in the server, and
 * `npm run cli -- purge-sessions`), not only when their cookie comes back.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Kysely, sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppConfig, buildApp } from '../src/app.ts';
import { openConfiguredDatabase } from '../src/bootstrap.ts';
import { runCli } from '../src/cli.ts';
import { prepareCatalogue } from '../src/features/catalogue/index.ts';
import { clientId, seedDemoUsers } from '../src/features/identity/demo.ts';
import { createSession, purgeEndedSessions } from '../src/platform/auth/session.ts';
import { loadConfig } from '../src/platform/config.ts';
import type { Database } from '../src/platform/db/index.ts';
import type { DB } from '../src/platform/db/types.ts';
import type { App } from '../src/platform/http/server.ts';
import { testAppConfig } from './app.ts';
import { ENGINES, freshDatabase } from './databases.ts';
import { signInAtProvider, startTestProvider, type TestProvider } from './oidc-provider.ts';

const APP = 'http://app.test';
const PIC = '131052-308T';
const CLIENT = {
  given_name: 'Kerttu',
  family_name: 'Koekäyttäjä',
  name: 'Kerttu Koekäyttäjä',
  email: 'kerttu.koe@example.fi',
  personal_identity_code: PIC,
};
const POLICY = { idleMinutes: 30, absoluteHours: 12, secureCookies: false };

type Cookies = Record<string, string>;
const cookiesOf = (res: { cookies: { name: string; value: string }[] }, jar: Cookies = {}): Cookies => {
  for (const c of res.cookies) jar[c.name] = c.value;
  return jar;
};

/** Every row of every table of the database, as JSON text. */
async function everyRow(db: Kysely<DB>): Promise<string[]> {
  const tables = await sql<{ name: string }>`
    SELECT table_name AS name FROM information_schema.tables
    WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`.execute(db);
  const rows: string[] = [];
  for (const { name } of tables.rows) {
    const found = await sql<{
      j: string;
    }>`SELECT row_to_json(t)::text AS j FROM ${sql.table(name)} t`.execute(db);
    for (const r of found.rows) rows.push(`${name}: ${r.j}`);
  }
  return rows;
}

/** The JSON payloads of the JWTs in a text (an ID token stored as it came). */
const jwtPayloads = (text: string) =>
  [...text.matchAll(/eyJ[A-Za-z0-9_-]+\.(eyJ[A-Za-z0-9_-]+)\.[A-Za-z0-9_-]*/g)].map((m) =>
    Buffer.from(m[1] as string, 'base64url').toString('utf8'),
  );

describe.each(ENGINES)('sessions on %s', (engine) => {
  let database: Database;
  let app: App;
  let idp: TestProvider;
  const key = randomBytes(32);

  beforeAll(async () => {
    idp = await startTestProvider({ 'client-1': CLIENT }, APP, ['staff', 'client'], { idTokenClaims: true });
    database = await freshDatabase(engine);
    await prepareCatalogue(database.db, { seedDemo: true });
    await seedDemoUsers(database.db);
    const config: AppConfig = {
      ...testAppConfig,
      publicUrl: APP,
      oidc: { client: { issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret } },
      personalDataKey: key,
      clientRegion: 'pohjois-savo',
    };
    app = await buildApp(config, database, pino({ level: 'silent' }));
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
    await idp?.close();
  });

  async function signIn() {
    const start = await app.inject({ url: '/auth/client/login?lang=en' });
    expect(start.statusCode).toBe(302);
    const jar = cookiesOf(start);
    const back = await signInAtProvider(String(start.headers.location), 'client-1', APP);
    const res = await app.inject({ url: `${back.pathname}${back.search}`, cookies: jar });
    expect(res.statusCode).toBe(302);
    return cookiesOf(res, jar);
  }

  it('signing in with an ID token that carries the personal identity code, name and e-mail leaves none of them in the database in clear', async () => {
    await signIn();
    const rows = await everyRow(database.db);
    expect(rows.some((r) => r.startsWith('session: '))).toBe(true);
    const all = rows.join('\n');
    for (const secret of [PIC, CLIENT.email]) expect(all).not.toContain(secret);
    // nor an ID token kept as it came (its claims are only base64url-encoded)
    for (const payload of jwtPayloads(all)) {
      expect(payload).not.toContain(PIC);
      expect(payload).not.toContain(CLIENT.email);
    }
    const sessions = rows.filter((r) => r.startsWith('session: ')).join('\n');
    expect(sessions).not.toContain(CLIENT.family_name);
    expect(sessions).not.toMatch(/eyJ[A-Za-z0-9_-]+\./);
  });

  it('sign-out still ends the session at the provider with the ID token as the hint', async () => {
    const jar = await signIn();
    const page = await app.inject({ url: '/en/sign-in', cookies: jar });
    const csrf = page.body.match(/name="_csrf" value="([^"]+)"/)?.[1] ?? '';
    const res = await app.inject({
      method: 'POST',
      url: '/auth/sign-out',
      cookies: cookiesOf(page, { ...jar }),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrf, lang: 'en' }).toString(),
    });
    expect(res.statusCode).toBe(303);
    const to = new URL(String(res.headers.location));
    expect(to.origin).toBe(idp.issuer);
    const hint = to.searchParams.get('id_token_hint') ?? '';
    expect(JSON.parse(Buffer.from(hint.split('.')[1] ?? '', 'base64url').toString('utf8'))).toMatchObject({
      sub: 'client-1',
      iss: idp.issuer,
    });
  });

  it('the purge removes sessions past the idle or the absolute timeout and expired sign-ins, and keeps live ones', async () => {
    await database.db.deleteFrom('session').execute();
    const now = new Date();
    const make = async (lastSeenMinutesAgo: number, createdHoursAgo: number) => {
      await createSession(database.db, { kind: 'client', clientId: clientId('asiakas') });
      await database.db
        .updateTable('session')
        .set({
          last_seen_at: new Date(now.getTime() - lastSeenMinutesAgo * 60_000),
          created_at: new Date(now.getTime() - createdHoursAgo * 3_600_000),
        })
        .where('created_at', '>', new Date(now.getTime() - 60_000))
        .execute();
    };
    await make(5, 1); // live
    await make(31, 1); // idle too long
    await make(1, 13); // past the absolute limit
    await app.inject({ url: '/auth/client/login?lang=en' }); // a sign-in in progress
    await database.db
      .updateTable('oidc_login')
      .set({ created_at: new Date(now.getTime() - 11 * 60_000) })
      .execute();
    const result = await purgeEndedSessions(database.db, POLICY, now);
    expect(result).toEqual({ sessions: 2, signIns: expect.any(Number) });
    expect(result.signIns).toBeGreaterThanOrEqual(1);
    expect(await database.db.selectFrom('session').select('id').execute()).toHaveLength(1);
    expect(await database.db.selectFrom('oidc_login').select('state').execute()).toHaveLength(0);
  });
});

describe('the session purge job', () => {
  it('runs periodically in the server', async () => {
    const database = await freshDatabase('pglite');
    await prepareCatalogue(database.db, { seedDemo: true });
    await seedDemoUsers(database.db);
    const app = await buildApp(
      { ...testAppConfig, sessionPurgeMs: 100 },
      database,
      pino({ level: 'silent' }),
    );
    try {
      await createSession(database.db, { kind: 'client', clientId: clientId('asiakas') });
      await database.db
        .updateTable('session')
        .set({ last_seen_at: new Date(Date.now() - 31 * 60_000) })
        .execute();
      const deadline = Date.now() + 10_000;
      let left = 1;
      while (left > 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        left = (await database.db.selectFrom('session').select('id').execute()).length;
      }
      expect(left).toBe(0);
    } finally {
      await app.close();
      await database.close();
    }
  });

  it('runs as `npm run cli -- purge-sessions`', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pv-purge-'));
    const env = { DATA_DIR: dir, LOG_LEVEL: 'silent', SESSION_IDLE_MINUTES: '30' };
    try {
      const database = await openConfiguredDatabase(loadConfig(env));
      try {
        await prepareCatalogue(database.db, { seedDemo: true });
        await seedDemoUsers(database.db);
        await createSession(database.db, { kind: 'client', clientId: clientId('asiakas') });
        await createSession(database.db, { kind: 'client', clientId: clientId('asiakas2') });
        await database.db
          .updateTable('session')
          .set({ last_seen_at: new Date(Date.now() - 31 * 60_000) })
          .where('client_id', '=', clientId('asiakas'))
          .execute();
      } finally {
        await database.close();
      }
      const out: string[] = [];
      const err: string[] = [];
      const code = await runCli(['purge-sessions'], {
        out: (l) => out.push(l),
        err: (l) => err.push(l),
        env,
      });
      expect(err).toEqual([]);
      expect(code).toBe(0);
      expect(out.join('\n')).toMatch(/^removed 1 ended session\(s\) and 0 expired sign-in\(s\)/);
      const after = await openConfiguredDatabase(loadConfig(env));
      try {
        const left = await after.db.selectFrom('session').select('client_id').execute();
        expect(left).toEqual([{ client_id: clientId('asiakas2') }]);
      } finally {
        await after.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('sessions without PERSONAL_DATA_KEY (development)', () => {
  it('keep no ID token at all, and sign-out still ends the session at the provider (by client_id)', async () => {
    const idp = await startTestProvider({ 'client-1': CLIENT }, APP, ['staff', 'client'], {
      idTokenClaims: true,
    });
    const database = await freshDatabase('pglite');
    await prepareCatalogue(database.db, { seedDemo: false });
    const app = await buildApp(
      {
        ...testAppConfig,
        publicUrl: APP,
        oidc: { client: { issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret } },
      },
      database,
      pino({ level: 'silent' }),
    );
    try {
      const start = await app.inject({ url: '/auth/client/login?lang=en' });
      const jar = cookiesOf(start);
      const back = await signInAtProvider(String(start.headers.location), 'client-1', APP);
      cookiesOf(await app.inject({ url: `${back.pathname}${back.search}`, cookies: jar }), jar);
      const session = await database.db.selectFrom('session').selectAll().executeTakeFirstOrThrow();
      expect(session.id_token_sealed).toBeNull();
      const all = (await everyRow(database.db)).join('\n');
      expect(all).not.toContain(PIC);
      expect(jwtPayloads(all)).toEqual([]);
      const page = await app.inject({ url: '/en/sign-in', cookies: jar });
      const csrf = page.body.match(/name="_csrf" value="([^"]+)"/)?.[1] ?? '';
      const res = await app.inject({
        method: 'POST',
        url: '/auth/sign-out',
        cookies: cookiesOf(page, { ...jar }),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: csrf, lang: 'en' }).toString(),
      });
      expect(res.statusCode).toBe(303);
      const to = new URL(String(res.headers.location));
      expect(to.origin).toBe(idp.issuer);
      expect(to.searchParams.get('client_id')).toBe(idp.clientId);
      expect(to.searchParams.get('id_token_hint')).toBeNull();
      expect(to.searchParams.get('post_logout_redirect_uri')).toBe(`${APP}/en`);
    } finally {
      await app.close();
      await database.close();
      await idp.close();
    }
  });
});
