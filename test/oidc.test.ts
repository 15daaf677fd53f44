import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppConfig, buildApp } from '../src/app.ts';
import { prepareCatalogue } from '../src/features/catalogue/index.ts';
import { seedDemoUsers } from '../src/features/identity/demo.ts';
import {
  decryptPersonalCode,
  personalCodeHmac,
  personalDataKeys,
} from '../src/platform/auth/personal-data.ts';
import { actorOfSession, sessionId } from '../src/platform/auth/session.ts';
import type { Database } from '../src/platform/db/index.ts';
import type { App } from '../src/platform/http/server.ts';
import { testAppConfig } from './app.ts';
import { ENGINES, freshDatabase } from './databases.ts';
import {
  addStaffUserOfProvider,
  signInAtProvider,
  startTestProvider,
  type TestProvider,
} from './oidc-provider.ts';

const APP = 'http://app.test';
const PIC = '010203A123B';
const STAFF = { name: 'Sanna Sosiaalityöntekijä', email: 'sanna.sos@example.fi' };
const CLIENT = {
  given_name: 'Kalle',
  family_name: 'Kansalainen',
  name: 'Kalle Kansalainen',
  email: 'kalle.k@example.fi',
};

type Cookies = Record<string, string>;
const cookiesOf = (res: { cookies: { name: string; value: string }[] }, jar: Cookies = {}): Cookies => {
  for (const c of res.cookies) jar[c.name] = c.value;
  return jar;
};

describe.each(ENGINES)('signing in with OpenID Connect on %s', (engine) => {
  let database: Database;
  let app: App;
  let staffIdp: TestProvider;
  let clientIdp: TestProvider;
  let rogueIdp: TestProvider;
  const key = randomBytes(32);
  const logLines: string[] = [];

  const accounts = {
    'staff-1': STAFF,
    'staff-unknown': { name: 'Outi Outsider', email: 'outi@example.fi' },
    'client-1': { ...CLIENT, personal_identity_code: PIC },
  };

  beforeAll(async () => {
    staffIdp = await startTestProvider(accounts, APP);
    clientIdp = await startTestProvider(accounts, APP);
    rogueIdp = await startTestProvider(accounts, APP);
    database = await freshDatabase(engine);
    await prepareCatalogue(database.db, { seedDemo: true });
    await seedDemoUsers(database.db);
    await addStaffUserOfProvider(database.db, {
      issuer: staffIdp.issuer,
      subject: 'staff-1',
      name: STAFF.name,
      email: STAFF.email,
    });
    const config: AppConfig = {
      ...testAppConfig,
      publicUrl: APP,
      oidc: {
        staff: { issuer: staffIdp.issuer, clientId: staffIdp.clientId, clientSecret: staffIdp.clientSecret },
        client: {
          issuer: clientIdp.issuer,
          clientId: clientIdp.clientId,
          clientSecret: clientIdp.clientSecret,
        },
      },
      personalDataKey: key,
      clientRegion: 'pohjois-savo',
    };
    const logs = new Writable({
      write(chunk, _encoding, done) {
        logLines.push(String(chunk));
        done();
      },
    });
    app = await buildApp(config, database, pino({ level: 'debug' }, logs));
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
    await Promise.all([staffIdp?.close(), clientIdp?.close(), rogueIdp?.close()]);
  });

  /** Starts a sign-in at the app: the provider's URL and the browser's cookies. */
  async function startSignIn(kind: 'staff' | 'client', jar: Cookies = {}) {
    const res = await app.inject({ url: `/auth/${kind}/login?lang=en`, cookies: jar });
    expect(res.statusCode).toBe(302);
    return { location: String(res.headers.location), jar: cookiesOf(res, { ...jar }) };
  }

  async function callback(url: URL, jar: Cookies) {
    return app.inject({
      url: `${url.pathname}${url.search}`,
      cookies: jar,
      headers: { accept: 'text/html', 'accept-language': 'en' },
    });
  }

  async function signIn(kind: 'staff' | 'client', login: string, jar: Cookies = {}) {
    const started = await startSignIn(kind, jar);
    const back = await signInAtProvider(started.location, login, APP);
    const res = await callback(back, started.jar);
    return { res, jar: cookiesOf(res, started.jar) };
  }

  const sessionCount = async () =>
    Number(
      (
        await database.db
          .selectFrom('session')
          .select((e) => e.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('sends the browser to the provider with PKCE, state and nonce kept on the server', async () => {
    const { location, jar } = await startSignIn('staff');
    const url = new URL(location);
    expect(url.origin).toBe(staffIdp.issuer);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('redirect_uri')).toBe(`${APP}/auth/callback/staff`);
    const state = url.searchParams.get('state') ?? '';
    const row = await database.db
      .selectFrom('oidc_login')
      .selectAll()
      .where('state', '=', state)
      .executeTakeFirst();
    expect(row?.nonce).toBe(url.searchParams.get('nonce'));
    expect(jar.pv_login).toBeDefined();
    expect(JSON.stringify(row)).not.toContain(jar.pv_login);
  });

  it('a staff user with an account signs in and lands in the staff workspace', async () => {
    const { res, jar } = await signIn('staff', 'staff-1');
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/en/staff');
    expect(jar.pv_session).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const session = await database.db
      .selectFrom('session')
      .selectAll()
      .where('id', '=', sessionId(jar.pv_session ?? ''))
      .executeTakeFirstOrThrow();
    expect(session).toMatchObject({ kind: 'staff', issuer: staffIdp.issuer });
    // kept for logout only sealed: never a JWT readable as it came (see test/sessions.test.ts)
    expect(session.id_token_sealed).toBeTruthy();
    expect(session.id_token_sealed).not.toMatch(/^eyJ/);
    const page = await app.inject({ url: '/en/sign-in', cookies: jar });
    expect(page.body).toContain(`Signed in: ${STAFF.name}`);
  });

  it('a person the provider knows but Perheverkko does not is told to ask the administrator, and gets no session', async () => {
    const before = await sessionCount();
    const { res, jar } = await signIn('staff', 'staff-unknown');
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('You have no user account in Perheverkko. Ask your administrator to add you.');
    expect(jar.pv_session).toBeUndefined();
    expect(await sessionCount()).toBe(before);
  });

  it('a client signs in with Suomi.fi, is created once, and lands on their own page', async () => {
    const first = await signIn('client', 'client-1');
    expect(first.res.statusCode).toBe(302);
    expect(first.res.headers.location).toBe('/en/my');
    const my = await app.inject({ url: '/en/my', cookies: first.jar });
    expect(my.statusCode).toBe(200);
    expect(my.body).toContain('Hello Kalle Kansalainen!');
    expect(my.body).toContain('href="/en/my/access-log"');
    await signIn('client', 'client-1');
    const rows = await database.db
      .selectFrom('client')
      .selectAll()
      .where('issuer', '=', clientIdp.issuer)
      .execute();
    expect(rows).toHaveLength(1);
  });

  it('keeps the personal identity code only as an HMAC and ciphertext, never in clear', async () => {
    await signIn('client', 'client-1');
    const row = await database.db
      .selectFrom('client')
      .selectAll()
      .where('issuer', '=', clientIdp.issuer)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(PIC);
    expect(JSON.stringify(row).toLowerCase()).not.toContain(PIC.toLowerCase());
    const keys = personalDataKeys(key);
    expect(row.personal_identity_code_hmac).toBe(personalCodeHmac(keys, PIC));
    expect(decryptPersonalCode(keys, row.personal_identity_code_encrypted ?? '')).toBe(PIC);
  });

  it('refuses a callback with a state it never issued, with a clear message and no session', async () => {
    const { location, jar } = await startSignIn('staff');
    const back = await signInAtProvider(location, 'staff-1', APP);
    back.searchParams.set('state', 'forged-state');
    const before = await sessionCount();
    const res = await callback(back, jar);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('The sign-in expired or was started in another browser.');
    expect(cookiesOf(res).pv_session).toBeUndefined();
    expect(await sessionCount()).toBe(before);
  });

  it('refuses a callback in another browser than the one that started the sign-in', async () => {
    const { location } = await startSignIn('staff');
    const back = await signInAtProvider(location, 'staff-1', APP);
    const res = await callback(back, { pv_login: randomBytes(32).toString('base64url') });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('started in another browser');
  });

  it('refuses an ID token whose nonce is not the one kept for the sign-in', async () => {
    const { location, jar } = await startSignIn('staff');
    const state = new URL(location).searchParams.get('state') ?? '';
    await database.db
      .updateTable('oidc_login')
      .set({ nonce: 'tampered-nonce' })
      .where('state', '=', state)
      .execute();
    const back = await signInAtProvider(location, 'staff-1', APP);
    const before = await sessionCount();
    const res = await callback(back, jar);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('answer could not be accepted, so you are not signed in.');
    expect(cookiesOf(res).pv_session).toBeUndefined();
    expect(await sessionCount()).toBe(before);
  });

  it('refuses an answer from another issuer than the configured one', async () => {
    const { location, jar } = await startSignIn('staff');
    const rogue = new URL(location);
    const atRogue = new URL(`${rogueIdp.issuer}${rogue.pathname}${rogue.search}`);
    const back = await signInAtProvider(atRogue.href, 'staff-1', APP);
    expect(back.searchParams.get('iss')).toBe(rogueIdp.issuer);
    const res = await callback(back, jar);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('could not be accepted');
    expect(cookiesOf(res).pv_session).toBeUndefined();
  });

  it('a state is used once: replaying the callback is refused', async () => {
    const { location, jar } = await startSignIn('staff');
    const back = await signInAtProvider(location, 'staff-1', APP);
    expect((await callback(back, jar)).statusCode).toBe(302);
    expect((await callback(back, jar)).statusCode).toBe(400);
  });

  it('a new sign-in gets a new session id and removes the old one (no session fixation)', async () => {
    const first = await signIn('staff', 'staff-1');
    const old = first.jar.pv_session ?? '';
    const second = await signIn('staff', 'staff-1', first.jar);
    expect(second.jar.pv_session).not.toBe(old);
    const oldRow = await database.db
      .selectFrom('session')
      .select('id')
      .where('id', '=', sessionId(old))
      .executeTakeFirst();
    expect(oldRow).toBeUndefined();
  });

  it('sign-out ends the session and sends the browser to the provider to end its session too', async () => {
    const { jar } = await signIn('staff', 'staff-1');
    const page = await app.inject({ url: '/en/sign-in', cookies: jar });
    const csrf = page.body.match(/name="_csrf" value="([^"]+)"/)?.[1] ?? '';
    const withCsrf = cookiesOf(page, { ...jar });
    const res = await app.inject({
      method: 'POST',
      url: '/auth/sign-out',
      cookies: withCsrf,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrf, lang: 'en' }).toString(),
    });
    expect(res.statusCode).toBe(303);
    const to = new URL(String(res.headers.location));
    expect(to.origin).toBe(staffIdp.issuer);
    expect(to.pathname).toBe('/session/end');
    expect(to.searchParams.get('id_token_hint')).toBeTruthy();
    expect(to.searchParams.get('post_logout_redirect_uri')).toBe(`${APP}/en`);
    // the old cookie, replayed after sign-out, is nobody
    const replay = await app.inject({ url: '/en/my', cookies: jar });
    expect(replay.statusCode).toBe(302);
    expect(replay.headers.location).toMatch(/^\/en\/sign-in/);
  });

  it('a forged session cookie is nobody', async () => {
    const res = await app.inject({
      url: '/en/my',
      cookies: { pv_session: randomBytes(32).toString('base64url') },
    });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toMatch(/^\/en\/sign-in/);
  });

  it('a session unused longer than the idle timeout is nobody, and is removed', async () => {
    const { jar } = await signIn('client', 'client-1');
    const id = sessionId(jar.pv_session ?? '');
    await database.db
      .updateTable('session')
      .set({ last_seen_at: new Date(Date.now() - 31 * 60_000) })
      .where('id', '=', id)
      .execute();
    const res = await app.inject({ url: '/en/my', cookies: jar });
    expect(res.statusCode).toBe(302);
    expect(
      await database.db.selectFrom('session').select('id').where('id', '=', id).executeTakeFirst(),
    ).toBeUndefined();
  });

  it('a session older than the absolute timeout is nobody however busy it is', async () => {
    const { jar } = await signIn('client', 'client-1');
    const id = sessionId(jar.pv_session ?? '');
    await database.db
      .updateTable('session')
      .set({ created_at: new Date(Date.now() - 13 * 3_600_000) })
      .where('id', '=', id)
      .execute();
    const res = await app.inject({ url: '/en/my', cookies: jar });
    expect(res.statusCode).toBe(302);
  });

  it('the idle and absolute timeouts follow the policy at a given moment', async () => {
    const { jar } = await signIn('client', 'client-1');
    const token = jar.pv_session ?? '';
    const policy = { idleMinutes: 30, absoluteHours: 12, secureCookies: false };
    const now = Date.now();
    expect((await actorOfSession(database.db, token, policy, new Date(now + 29 * 60_000))).kind).toBe(
      'client',
    );
    // touched at +29 min: still alive at +58 min, but not past the absolute limit
    expect(
      (
        await actorOfSession(
          database.db,
          token,
          { ...policy, idleMinutes: 60 * 24 },
          new Date(now + 11 * 3_600_000),
        )
      ).kind,
    ).toBe('client');
    expect(
      (
        await actorOfSession(
          database.db,
          token,
          { ...policy, idleMinutes: 60 * 24 },
          new Date(now + 12 * 3_600_000 + 60_000),
        )
      ).kind,
    ).toBe('anonymous');
  });

  it('logs of whole sign-in flows hold no names, personal identity codes or e-mail addresses', async () => {
    await signIn('staff', 'staff-1');
    await signIn('staff', 'staff-unknown');
    await signIn('client', 'client-1');
    const logs = logLines.join('\n');
    expect(logs).toContain('"route":"/auth/callback/:provider"');
    for (const secret of [
      PIC,
      STAFF.name,
      STAFF.email,
      CLIENT.name,
      CLIENT.email,
      'Outi Outsider',
      'outi@example.fi',
      'Kansalainen',
    ]) {
      expect(logs).not.toContain(secret);
    }
    expect(logs).not.toMatch(/[\w.+-]+@[\w-]+\.[\w.]+/);
  });
});
