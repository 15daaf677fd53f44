import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataDirLockedError, openDatabase } from '../src/platform/db/index.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import { registeredRoutes } from '../src/platform/http/server.ts';
import { startTestApp, type TestApp } from './app.ts';
import { ENGINES } from './databases.ts';

const ROOT = join(import.meta.dirname, '..');

describe.each(ENGINES)('the platform on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(engine, { seedDemo: false });
  });
  afterAll(async () => t?.close());

  it('runs each migration once: a second run applies nothing', async () => {
    expect(await migrate(t.database)).toEqual([]);
  });

  it('starts with reference data and an empty catalogue when SEED_DEMO=false', async () => {
    const municipalities = await t.database.db.selectFrom('municipality').select('code').execute();
    expect(municipalities).toHaveLength(42);
    const services = await t.database.db.selectFrom('service').select('id').execute();
    expect(services).toHaveLength(0);
    const taxonomies = await t.database.db.selectFrom('taxonomy').select('code').orderBy('code').execute();
    expect(taxonomies.map((x) => x.code)).toEqual(['channel', 'perheverkko_text', 'service_type', 'topic']);
  });

  it('answers liveness, readiness and metrics', async () => {
    expect((await t.app.inject('/health/live')).json()).toEqual({ status: 'ok' });
    expect((await t.app.inject('/health/ready')).statusCode).toBe(200);
    const metrics = await t.app.inject('/metrics');
    expect(metrics.statusCode).toBe(200);
    expect(metrics.body).toContain('http_request_duration_seconds');
  });

  it('describes every API route in /api/openapi.json', async () => {
    const res = await t.app.inject('/api/openapi.json');
    expect(res.statusCode).toBe(200);
    const doc = res.json() as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe('3.1.0');
    const apiRoutes = registeredRoutes(t.app).filter(
      (r) => r.url.startsWith('/api/') && r.url !== '/api/openapi.json',
    );
    expect(apiRoutes.length).toBeGreaterThan(0);
    for (const route of apiRoutes) {
      const path = route.url.replace(/:(\w+)/g, '{$1}');
      expect(
        Object.keys(doc.paths),
        `${route.method} ${route.url} is missing from the OpenAPI description`,
      ).toContain(path);
    }
  });

  it('sends / to the Finnish home page', async () => {
    const res = await t.app.inject('/');
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/fi');
  });

  it('sets a strict content security policy without inline script', async () => {
    const res = await t.app.inject('/fi');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('answers an unknown page with a helpful 404 page in the language of the path', async () => {
    const res = await t.app.inject({ url: '/sv/finns-inte', headers: { accept: 'text/html' } });
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain('Sidan hittades inte');
    expect(res.body).toContain('href="/sv/services"');
  });

  it('answers an unknown language or a malformed id with 404, not 400 or 500', async () => {
    expect((await t.app.inject({ url: '/de', headers: { accept: 'text/html' } })).statusCode).toBe(404);
    expect(
      (await t.app.inject({ url: '/fi/services/123', headers: { accept: 'text/html' } })).statusCode,
    ).toBe(404);
    const missing = await t.app.inject({
      url: '/en/services/00000000-0000-4000-8000-000000000000',
      headers: { accept: 'text/html' },
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toContain('Page not found');
  });

  it('answers an unknown API path with a JSON error with a code and a translated message', async () => {
    const res = await t.app.inject({ url: '/api/nothing?lang=sv' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({
      error: { code: 'http.not_found', message: 'Adressen hittades inte.' },
    });
  });
});

describe('the embedded database folder', () => {
  it('refuses a second process on the same DATA_DIR, naming the other process', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pv-lock-'));
    // another process that has the folder open (test/data-dir-lock-child.ts)
    const child = spawn(join(ROOT, 'node_modules/.bin/tsx'), ['test/data-dir-lock-child.ts', dir, 'other'], {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    try {
      const holding = new Promise<void>((resolve) => {
        let out = '';
        child.stdout?.on('data', (chunk) => {
          out += String(chunk);
          if (out.includes('ready\n') && !out.includes('go-sent')) {
            out += 'go-sent';
            child.stdin?.write('go\n');
          }
          if (out.includes('holding')) resolve();
        });
      });
      await holding;
      await expect(openDatabase({ engine: 'pglite', dataDir: dir })).rejects.toBeInstanceOf(
        DataDirLockedError,
      );
      // the pid of the other process (tsx runs the script in a process of its own under child.pid)
      const refusal = await openDatabase({ engine: 'pglite', dataDir: dir }).catch((e: Error) => e.message);
      expect(refusal).toMatch(/is in use by another process \(pid \d+\)/);
      expect(refusal).not.toContain(`(pid ${process.pid})`);
    } finally {
      child.stdin?.write('release\n');
      await new Promise((resolve) => child.once('exit', resolve));
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('takes over a lock left by a process that no longer runs, and releases it on close', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pv-lock-'));
    try {
      writeFileSync(join(dir, 'pglite.lock'), '999999');
      const database = await openDatabase({ engine: 'pglite', dataDir: dir });
      await database.close();
      const again = await openDatabase({ engine: 'pglite', dataDir: dir });
      await again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('when the database fails', () => {
  it('a page answers with a calm error page and a reference, never a stack trace', async () => {
    const t = await startTestApp('pglite', { seedDemo: false });
    await t.database.close();
    const res = await t.app.inject({ url: '/fi/services?q=neuvola', headers: { accept: 'text/html' } });
    expect(res.statusCode).toBe(500);
    expect(res.body).toContain('Jotain meni vikaan');
    expect(res.body).toContain('Mitään tallentamaasi ei ole menetetty.');
    expect(res.body).toMatch(/Virhetunnus: [0-9a-f-]{36}/);
    expect(res.body).not.toMatch(/at .*\.ts:\d+/);
    const api = await t.app.inject({ url: '/api/hsds/services?lang=en' });
    expect(api.statusCode).toBe(500);
    expect(api.json()).toMatchObject({
      error: { code: 'http.internal', message: 'An error occurred in the service.' },
    });
    expect((await t.app.inject('/health/ready')).statusCode).toBe(503);
    await t.app.close();
  });
});
