/**
 * Issue 10, findings 12 and 13: /metrics is not open in production (METRICS_TOKEN, a bearer
 * token), and rate limits see the client behind the region's load balancer (TRUST_PROXY)
 * without believing an X-Forwarded-For from anyone else.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppConfig, buildApp } from '../src/app.ts';
import { prepareCatalogue } from '../src/features/catalogue/index.ts';
import { ConfigError, loadConfig } from '../src/platform/config.ts';
import type { Database } from '../src/platform/db/index.ts';
import type { App } from '../src/platform/http/server.ts';
import { testAppConfig } from './app.ts';
import { freshDatabase } from './databases.ts';

const TOKEN = 'metrics-token-0123456789abcdef';

/** The settings production cannot start without, to test one more. */
const PRODUCTION = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://u:p@db/perheverkko',
  PUBLIC_URL: 'https://perheverkko.example.fi',
  STAFF_OIDC_ISSUER: 'https://idp.example.fi',
  STAFF_OIDC_CLIENT_ID: 'pv',
  STAFF_OIDC_CLIENT_SECRET: 'secret',
  CLIENT_OIDC_ISSUER: 'https://tunnistus.example.fi',
  CLIENT_OIDC_CLIENT_ID: 'pv',
  CLIENT_OIDC_CLIENT_SECRET: 'secret',
  PERSONAL_DATA_KEY: Buffer.alloc(32, 7).toString('base64'),
  SMTP_URL: 'smtp://mail.example.fi:587',
  MEETING_REPLY_ADDRESS: 'yhdessa-aika@example.fi',
};

describe('configuration of METRICS_TOKEN and TRUST_PROXY', () => {
  it('reads TRUST_PROXY as false, a hop count, or a list of addresses and CIDR ranges', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 192.0.2.10,2001:db8::/32' }).trustProxy).toEqual([
      '10.0.0.0/8',
      '192.0.2.10',
      '2001:db8::/32',
    ]);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
  });

  it('refuses TRUST_PROXY=true in production and malformed values anywhere, naming the setting', () => {
    expect(() => loadConfig({ ...PRODUCTION, METRICS_TOKEN: TOKEN, TRUST_PROXY: 'true' })).toThrow(
      /TRUST_PROXY: true is not allowed when NODE_ENV=production/,
    );
    for (const bad of ['yes please', '10.0.0.0/33', '300.1.1.1', '-1', '1.5', '10.0.0.1,', 'http://lb']) {
      expect(() => loadConfig({ TRUST_PROXY: bad }), bad).toThrow(ConfigError);
      expect(() => loadConfig({ TRUST_PROXY: bad }), bad).toThrow(/TRUST_PROXY/);
    }
    expect(loadConfig({ ...PRODUCTION, TRUST_PROXY: '10.1.2.0/24' }).trustProxy).toEqual(['10.1.2.0/24']);
  });

  it('reads METRICS_TOKEN, refuses a short one and never shows it in an error', () => {
    expect(loadConfig({ METRICS_TOKEN: TOKEN }).metricsToken).toBe(TOKEN);
    expect(loadConfig({}).metricsToken).toBeUndefined();
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
    try {
      loadConfig({ METRICS_TOKEN: 'short' });
    } catch (error) {
      expect((error as Error).message).not.toContain('"short"');
    }
  });
});

describe('/metrics', () => {
  let database: Database;
  const apps: App[] = [];
  const start = async (config: Partial<AppConfig>) => {
    const app = await buildApp({ ...testAppConfig, ...config }, database, pino({ level: 'silent' }));
    apps.push(app);
    return app;
  };
  beforeAll(async () => {
    database = await freshDatabase('pglite');
    await prepareCatalogue(database.db, { seedDemo: false });
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await database?.close();
  });

  it('with METRICS_TOKEN answers only the bearer of the token', async () => {
    const app = await start({ nodeEnv: 'production', metricsToken: TOKEN });
    const none = await app.inject({ url: '/metrics' });
    expect(none.statusCode).toBe(401);
    expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(none.json()).toMatchObject({ error: { code: 'http.metrics_token' } });
    expect(none.body).not.toContain('http_request_duration_seconds');
    for (const authorization of [
      `Bearer ${TOKEN}x`,
      `Bearer ${TOKEN.slice(1)}`,
      `Basic ${TOKEN}`,
      TOKEN,
      'Bearer',
    ]) {
      const res = await app.inject({ url: '/metrics', headers: { authorization } });
      expect(res.statusCode, authorization).toBe(401);
    }
    const ok = await app.inject({ url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('http_request_duration_seconds');
  });

  it('in production without METRICS_TOKEN is not there at all', async () => {
    const app = await start({ nodeEnv: 'production' });
    const res = await app.inject({ url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toContain('http_request_duration_seconds');
  });

  it('in development without METRICS_TOKEN is open', async () => {
    const app = await start({ nodeEnv: 'development' });
    expect((await app.inject({ url: '/metrics' })).statusCode).toBe(200);
  });
});

describe('rate limits behind the load balancer', () => {
  let database: Database;
  const apps: App[] = [];
  const start = async (config: Partial<AppConfig>) => {
    const app = await buildApp(
      { ...testAppConfig, rateLimits: { signIn: 3, publicPost: 3 }, ...config },
      database,
      pino({ level: 'silent' }),
    );
    apps.push(app);
    return app;
  };
  beforeAll(async () => {
    database = await freshDatabase('pglite');
    await prepareCatalogue(database.db, { seedDemo: false });
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await database?.close();
  });

  /** A rate-limited request (a sign-in start) from a peer, with the X-Forwarded-For it carries. */
  const signInStart = (app: App, remoteAddress: string, forwardedFor?: string) =>
    app.inject({
      url: '/auth/staff/login?lang=en',
      remoteAddress,
      headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {},
    });

  it('gives two clients behind a trusted proxy a bucket each', async () => {
    const app = await start({ trustProxy: ['10.0.0.0/8'] });
    const proxy = '10.1.2.3';
    for (let i = 0; i < 3; i++)
      expect((await signInStart(app, proxy, '203.0.113.1')).statusCode).not.toBe(429);
    expect((await signInStart(app, proxy, '203.0.113.1')).statusCode).toBe(429);
    // another family behind the same load balancer is not blocked by the first one's count
    expect((await signInStart(app, proxy, '203.0.113.2')).statusCode).not.toBe(429);
  });

  it('trusts a hop count of proxies', async () => {
    const app = await start({ trustProxy: 1 });
    for (let i = 0; i < 3; i++) await signInStart(app, '10.9.9.9', '198.51.100.1');
    expect((await signInStart(app, '10.9.9.9', '198.51.100.1')).statusCode).toBe(429);
    expect((await signInStart(app, '10.9.9.9', '198.51.100.2')).statusCode).not.toBe(429);
  });

  it('ignores an X-Forwarded-For from a peer that is not a trusted proxy', async () => {
    const app = await start({ trustProxy: ['10.0.0.0/8'] });
    const stranger = '192.0.2.77';
    for (let i = 0; i < 3; i++) await signInStart(app, stranger, `203.0.113.${10 + i}`);
    // a new forged address every time does not buy a new bucket
    expect((await signInStart(app, stranger, '203.0.113.99')).statusCode).toBe(429);
    expect((await signInStart(app, stranger)).statusCode).toBe(429);
  });

  it('without TRUST_PROXY believes no X-Forwarded-For', async () => {
    const app = await start({});
    for (let i = 0; i < 3; i++) await signInStart(app, '10.1.2.3', `203.0.113.${20 + i}`);
    expect((await signInStart(app, '10.1.2.3', '203.0.113.50')).statusCode).toBe(429);
  });
});
