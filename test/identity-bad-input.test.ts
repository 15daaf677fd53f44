/**
 * Bad `next` values (where to go after signing in) against every sign-in entry: the sign-in
 * page, the demo sign-in form, and the start of an OpenID Connect sign-in through to its
 * callback. Fixed nasty values (line and paragraph separators, CR LF, NUL, other sites,
 * `//` and `/\`, dot segments that climb out, non-ASCII) and generated ones (fast-check, a
 * fixed and printed seed; FC_SEED replays another).
 *
 * Never a 5xx; the browser is only ever sent to a path on this site that is a valid header
 * value; and no session row is left behind that the browser never got a cookie for.
 */
import fc from 'fast-check';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppConfig, buildApp } from '../src/app.ts';
import { prepareCatalogue } from '../src/features/catalogue/index.ts';
import { seedDemoUsers } from '../src/features/identity/demo.ts';
import { safeReturnPath } from '../src/features/identity/sign-in.ts';
import type { Database } from '../src/platform/db/index.ts';
import type { App } from '../src/platform/http/server.ts';
import { testAppConfig } from './app.ts';
import { freshDatabase } from './databases.ts';
import {
  addStaffUserOfProvider,
  signInAtProvider,
  startTestProvider,
  type TestProvider,
} from './oidc-provider.ts';

const SEED = Number(process.env.FC_SEED ?? 20_261_206);
console.log(`identity-bad-input: fast-check seed ${SEED} (FC_SEED=<n> to replay another)`);

const APP = 'http://app.test';

/** Values of `next` that must never reach a Location header as they are. */
const NASTY = [
  '/fi/%E2%80%A8',
  '/fi/\u2028',
  '/fi/\u2029x',
  '/fi/%0D%0ASet-Cookie:%20x=y',
  '/fi/\r\nSet-Cookie: x=y',
  '/fi/\n',
  '/fi/%00',
  '/fi/\u0000',
  '/fi/\u0085',
  '/fi/\t',
  '/fi/\u007f',
  '/fi/ä?q=ö#å',
  '/fi/日本',
  '/fi/\ud800',
  '//evil.example/fi',
  '/\\evil.example',
  '/fi/\\evil',
  '/fi/../..//evil.example',
  '/fi/%2e%2e/%2e%2e//evil.example',
  '/fi/..%2f..%2f/evil.example',
  'https://evil.example/fi',
  'javascript:alert(1)',
  ' /fi',
  '/fi ',
  '',
  'x'.repeat(5000),
  `/fi/${'a'.repeat(600)}`,
];

/** A query value as a browser would send it (a lone surrogate becomes U+FFFD). */
const enc = (value: string) => encodeURIComponent(value.replace(/[\ud800-\udfff]/gu, '\ufffd'));

/** What a Location header may be: a path on this site, printable ASCII only. */
function expectSafeLocation(location: unknown, label: string) {
  expect(typeof location, label).toBe('string');
  const value = location as string;
  expect(value, label).toMatch(/^\/(?:fi|sv|en)(?:[/?#][\x21-\x7e]*)?$/);
  expect(value.startsWith('//'), label).toBe(false);
  expect(value.includes('\\'), label).toBe(false);
  expect(new URL(value, APP).origin, label).toBe(APP);
}

/** Generated `next` values: paths with any characters, especially the dangerous ones. */
const dangerous = fc.constantFrom(
  '\u2028',
  '\u2029',
  '\r',
  '\n',
  '\u0000',
  '\u0085',
  '\\',
  '//',
  '%0d%0a',
  '%E2%80%A8',
  '%00',
  '..',
  '%2e%2e',
  'ä',
  '\ud800',
  ' ',
  '"',
  '<',
);
const nextValues = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc
    .tuple(
      fc.constantFrom('/fi', '/sv', '/en', '/fi/', '//', '/', ''),
      fc.array(fc.oneof(dangerous, fc.string({ unit: 'grapheme', maxLength: 8 })), { maxLength: 6 }),
    )
    .map(([head, parts]) => head + parts.join('')),
);

describe('safeReturnPath', () => {
  it('keeps a path on this site, percent-encoded, and refuses everything else', () => {
    expect(safeReturnPath('/fi/staff?tab=1#top')).toBe('/fi/staff?tab=1#top');
    expect(safeReturnPath('/sv')).toBe('/sv');
    expect(safeReturnPath('/fi/ä')).toBe('/fi/%C3%A4');
    for (const value of NASTY.filter((v) => v !== '/fi/ä?q=ö#å' && v !== '/fi/日本')) {
      const kept = safeReturnPath(value);
      if (kept !== null) expectSafeLocation(kept, JSON.stringify(value));
    }
    for (const value of ['/fi/\u2028', '/fi/\r\nx', '/fi/\u0000', '//evil', '/\\evil', '/fi/\\x']) {
      expect(safeReturnPath(value), JSON.stringify(value)).toBeNull();
    }
    fc.assert(
      fc.property(nextValues, (value) => {
        const kept = safeReturnPath(value);
        if (kept !== null) expectSafeLocation(kept, JSON.stringify(value));
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });
});

describe('bad `next` values at every sign-in entry', () => {
  let database: Database;
  let app: App;
  let idp: TestProvider;

  beforeAll(async () => {
    idp = await startTestProvider({ 'staff-1': { name: 'Sanna Sosiaalityöntekijä' } }, APP);
    database = await freshDatabase('pglite');
    await prepareCatalogue(database.db, { seedDemo: true });
    await seedDemoUsers(database.db);
    await addStaffUserOfProvider(database.db, {
      issuer: idp.issuer,
      subject: 'staff-1',
      name: 'Sanna Sosiaalityöntekijä',
      email: null,
    });
    const config: AppConfig = {
      ...testAppConfig,
      publicUrl: APP,
      oidc: { staff: { issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret } },
    };
    app = await buildApp(config, database, pino({ level: 'silent' }));
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
    await idp?.close();
  });

  const count = async (table: 'session' | 'oidc_login') =>
    Number(
      (
        await database.db
          .selectFrom(table)
          .select((e) => e.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  /** The sign-in page's CSRF token and cookie, for the demo form. */
  async function formToken() {
    const page = await app.inject({ url: '/en/sign-in' });
    const token = page.body.match(/name="_csrf" value="([^"]+)"/)?.[1] ?? '';
    const cookies = Object.fromEntries(page.cookies.map((c) => [c.name, c.value]));
    return { token, cookies };
  }

  async function demoSignIn(next: string, form: { token: string; cookies: Record<string, string> }) {
    const before = await count('session');
    const res = await app.inject({
      method: 'POST',
      url: '/en/sign-in/demo',
      cookies: form.cookies,
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      payload: new URLSearchParams({ _csrf: form.token, username: 'asiakas', next }).toString(),
    });
    const label = `demo sign-in, next=${JSON.stringify(next.slice(0, 80))}`;
    expect(res.statusCode, label).toBeLessThan(500);
    const gotCookie = res.cookies.some((c) => c.name === 'pv_session');
    // a session row exists only for a cookie the browser got
    expect(await count('session'), label).toBe(before + (gotCookie ? 1 : 0));
    if (res.statusCode === 303) expectSafeLocation(res.headers.location, label);
    return res;
  }

  it('the sign-in page never answers 500 and offers only a safe `next`', async () => {
    for (const next of NASTY) {
      const res = await app.inject({
        url: `/en/sign-in?next=${enc(next)}`,
        headers: { accept: 'text/html' },
      });
      const label = `sign-in page, next=${JSON.stringify(next.slice(0, 80))}`;
      expect(res.statusCode, label).toBeLessThan(500);
      const offered = res.body.match(/name="next" value="([^"]*)"/)?.[1];
      if (offered !== undefined) expectSafeLocation(offered.replaceAll('&amp;', '&'), label);
    }
  });

  it('the demo sign-in: fixed nasty values, no 500, no orphan session row', async () => {
    const form = await formToken();
    for (const next of NASTY) await demoSignIn(next, form);
  });

  it('the demo sign-in: generated values, no 500, no orphan session row', async () => {
    const form = await formToken();
    await fc.assert(
      fc.asyncProperty(nextValues, async (next) => {
        await demoSignIn(next, form);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('the OpenID Connect sign-in: started and finished with nasty values, no 500, no orphan row, a safe landing', async () => {
    for (const next of NASTY) {
      const label = `OIDC sign-in, next=${JSON.stringify(next.slice(0, 80))}`;
      const logins = await count('oidc_login');
      const start = await app.inject({ url: `/auth/staff/login?lang=en&next=${enc(next)}` });
      expect(start.statusCode, label).toBeLessThan(500);
      if (start.statusCode !== 302) {
        expect(await count('oidc_login'), label).toBe(logins);
        continue;
      }
      const kept = await database.db
        .selectFrom('oidc_login')
        .select('return_to')
        .where('state', '=', new URL(String(start.headers.location)).searchParams.get('state') ?? '')
        .executeTakeFirstOrThrow();
      if (kept.return_to !== null) expectSafeLocation(kept.return_to, label);
      const jar = Object.fromEntries(start.cookies.map((c) => [c.name, c.value]));
      const back = await signInAtProvider(String(start.headers.location), 'staff-1', APP);
      const sessions = await count('session');
      const res = await app.inject({ url: `${back.pathname}${back.search}`, cookies: jar });
      expect(res.statusCode, label).toBe(302);
      expectSafeLocation(res.headers.location, label);
      expect(
        res.cookies.some((c) => c.name === 'pv_session'),
        label,
      ).toBe(true);
      expect(await count('session'), label).toBe(sessions + 1);
    }
  });

  it('the OpenID Connect start: generated values never answer 500 and keep only a safe `next`', async () => {
    await fc.assert(
      fc.asyncProperty(nextValues, async (next) => {
        const label = `OIDC start, next=${JSON.stringify(next.slice(0, 80))}`;
        const start = await app.inject({ url: `/auth/staff/login?lang=en&next=${enc(next)}` });
        expect(start.statusCode, label).toBeLessThan(500);
        if (start.statusCode !== 302) return;
        const kept = await database.db
          .selectFrom('oidc_login')
          .select('return_to')
          .where('state', '=', new URL(String(start.headers.location)).searchParams.get('state') ?? '')
          .executeTakeFirstOrThrow();
        if (kept.return_to !== null) expectSafeLocation(kept.return_to, label);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});
