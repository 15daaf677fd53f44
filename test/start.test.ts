import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = new URL('..', import.meta.url).pathname;
const TSX = join(ROOT, 'node_modules/.bin/tsx');

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

function start(env: Record<string, string>) {
  const child = spawn(TSX, ['src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'info', NODE_ENV: 'development', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => {
    output += String(d);
  });
  child.stderr?.on('data', (d) => {
    output += String(d);
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function waitReady(port: number, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error('the server exited');
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health/ready`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('not ready in 30 s');
}

describe('npm start', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('starts on an empty DATA_DIR, serves, logs no search words, and stops cleanly on SIGTERM', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pv-start-'));
    dirs.push(dataDir);
    const port = await freePort();
    const server = start({ DATA_DIR: dataDir, PORT: String(port), SEED_DEMO: 'false', HOST: '127.0.0.1' });
    await waitReady(port, server.child);
    expect(existsSync(join(dataDir, 'pglite.lock'))).toBe(true);

    const page = await fetch(`http://127.0.0.1:${port}/fi/services?q=lapsemme%20ei%20nuku%20yhtään`);
    expect(page.status).toBe(200);
    // a second process on the same folder is refused with a clear message
    const second = start({ DATA_DIR: dataDir, PORT: String(await freePort()), SEED_DEMO: 'false' });
    expect(await second.exited).toBe(1);
    expect(second.output()).toContain('is in use by another process');

    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    // the lock is the kernel's and went with the process; the file stays (never removed), emptied
    expect(readFileSync(join(dataDir, 'pglite.lock'), 'utf8')).toBe('');
    const logs = server.output();
    expect(logs).toContain('"route":"/:lang/services"');
    expect(logs).not.toContain('nuku');
    expect(logs).not.toContain('lapsemme');
    expect(logs).toContain('shutting down');
  }, 90_000);

  it('refuses to start with a bad setting and names it', async () => {
    const server = start({ PORT: 'eighty', SEED_DEMO: 'perhaps' });
    expect(await server.exited).toBe(1);
    expect(server.output()).toContain('PORT');
    expect(server.output()).toContain('"eighty"');
    expect(server.output()).toContain('SEED_DEMO');
  }, 30_000);

  it('refuses to start in production without the identity providers, keys and database, naming each', async () => {
    const server = start({ NODE_ENV: 'production', PUBLIC_URL: 'http://perheverkko.example.fi' });
    expect(await server.exited).toBe(1);
    for (const name of [
      'DATABASE_URL',
      'STAFF_OIDC_ISSUER',
      'STAFF_OIDC_CLIENT_ID',
      'STAFF_OIDC_CLIENT_SECRET',
      'CLIENT_OIDC_ISSUER',
      'CLIENT_OIDC_CLIENT_ID',
      'CLIENT_OIDC_CLIENT_SECRET',
      'PERSONAL_DATA_KEY',
    ]) {
      expect(server.output()).toContain(`${name}: required when NODE_ENV=production`);
    }
    expect(server.output()).toContain('PUBLIC_URL: must be https');
  }, 30_000);
});
