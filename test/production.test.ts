import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppConfig, buildApp } from '../src/app.ts';
import { prepareCatalogue } from '../src/features/catalogue/index.ts';
import { seedDemoUsers } from '../src/features/identity/demo.ts';
import type { Database } from '../src/platform/db/index.ts';
import type { App } from '../src/platform/http/server.ts';
import { startTestApp, type TestApp, testAppConfig } from './app.ts';
import { freshDatabase } from './databases.ts';

describe('with NODE_ENV=production', () => {
  let database: Database;
  let app: App;
  beforeAll(async () => {
    database = await freshDatabase('pglite');
    await prepareCatalogue(database.db, { seedDemo: true });
    // even with demo users in the database, production offers no way to use them
    await seedDemoUsers(database.db);
    const config: AppConfig = {
      nodeEnv: 'production',
      publicUrl: 'https://perheverkko.example.fi',
      demoMode: false,
      session: { idleMinutes: 30, absoluteHours: 12, secureCookies: true },
    };
    app = await buildApp(config, database, pino({ level: 'silent' }));
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  it('the demo routes do not exist', async () => {
    expect((await app.inject('/api/dev/users')).statusCode).toBe(404);
    const session = await app.inject({
      method: 'POST',
      url: '/api/dev/session',
      payload: { username: 'neuvoja' },
    });
    expect(session.statusCode).toBe(404);
    expect(session.headers['set-cookie']).toBeUndefined();
    const demo = await app.inject({
      method: 'POST',
      url: '/fi/sign-in/demo',
      headers: { 'content-type': 'application/json' },
      payload: { username: 'neuvoja' },
    });
    expect(demo.statusCode).toBe(404);
  });

  it('the sign-in page lists no demo users', async () => {
    const res = await app.inject('/en/sign-in');
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('data-qa="demo-users"');
    expect(res.body).not.toContain('Noora Neuvoja');
  });

  it('cookies are Secure, HttpOnly and SameSite=Lax', async () => {
    const res = await app.inject('/en/sign-in');
    const cookies = [res.headers['set-cookie']].flat().filter(Boolean) as string[];
    expect(cookies.length).toBeGreaterThan(0);
    for (const c of cookies) {
      expect(c).toContain('Secure');
      expect(c).toContain('HttpOnly');
      expect(c).toContain('SameSite=Lax');
    }
  });
});

describe('rate limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('pglite', { seedDemo: true });
    await t.app.close();
    // the same database, the default limits (the test configuration raises them)
    t.app = await buildApp(
      { ...testAppConfig, rateLimits: undefined },
      t.database,
      pino({ level: 'silent' }),
    );
  });
  afterAll(async () => t?.close());

  it('signing in more than 10 times a minute from one address is answered 429 with a translated message', async () => {
    const attempt = () =>
      t.app.inject({ method: 'POST', url: '/api/dev/session?lang=en', payload: { username: 'neuvoja' } });
    for (let i = 0; i < 10; i++) expect((await attempt()).statusCode).toBe(200);
    const refused = await attempt();
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({
      error: {
        code: 'http.rate_limited',
        message: 'Too many requests in a short time. Wait a moment and try again.',
      },
    });
  });
});
