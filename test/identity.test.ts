import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './app.ts';
import { ENGINES } from './databases.ts';

describe.each(ENGINES)('demo mode on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(engine, { seedDemo: true });
  });
  afterAll(async () => t?.close());

  it('lists the demo users with their organisation and roles', async () => {
    const res = await t.app.inject('/api/dev/users');
    expect(res.statusCode).toBe(200);
    const users = res.json() as { username: string; roles: string[]; organization: string | null }[];
    expect(users.find((u) => u.username === 'neuvoja')).toMatchObject({
      roles: ['counsellor'],
      organization: 'Pohjois-Savon hyvinvointialue',
    });
    expect(users.find((u) => u.username === 'asiakas')).toMatchObject({
      roles: ['client'],
      organization: null,
    });
  });

  it('signs a demo user in with an HttpOnly, SameSite=Lax session cookie', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/dev/session',
      payload: { username: 'neuvoja' },
    });
    expect(res.statusCode).toBe(200);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^pv_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
  });

  it('refuses an unknown demo user with a code and a message', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/dev/session?lang=en',
      payload: { username: 'nobody' },
    });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({
      error: { code: 'auth.unknown_demo_user', message: 'There is no demo user nobody.' },
    });
  });
});

describe('CSRF protection', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('pglite', { seedDemo: true });
  });
  afterAll(async () => t?.close());

  it('refuses a form post without the page token', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/dev/session?lang=en',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'username=neuvoja',
    });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ error: { code: 'http.csrf' } });
  });

  it('refuses a JSON call from another origin', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/dev/session',
      headers: { origin: 'https://evil.example' },
      payload: { username: 'neuvoja' },
    });
    expect(res.statusCode).toBe(403);
  });

  it('accepts a JSON call from our own origin', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/dev/session',
      headers: { origin: 'http://localhost:80', host: 'localhost:80' },
      payload: { username: 'neuvoja' },
    });
    expect(res.statusCode).toBe(200);
  });
});

describe('a failed sign-in', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('pglite', { seedDemo: false });
  });
  afterAll(async () => t?.close());

  it('says that signing in did not work and offers to sign in again', async () => {
    const res = await t.app.inject({
      url: '/auth/callback/staff?code=x&state=y',
      headers: { accept: 'text/html', 'accept-language': 'sv' },
    });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
    expect(res.body).toContain('Det lyckades inte');
    expect(res.body).toContain('href="/sv/sign-in"');
    expect(res.body).not.toContain('Kontrollera sökvillkoren');
  });
});
