/**
 * Backup and restore on both engines: a region with contacts is backed up, restored into a
 * fresh database, and every contact is found there with the access log's chain intact.
 * PGlite: `npm run cli -- backup` / `restore` (src/platform/db/backup.ts, decision 0017), also
 * while the server runs. PostgreSQL: pg_dump --format=custom and pg_restore, as
 * docs/operations.md tells the operator.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { openConfiguredDatabase, prepareDatabase } from '../src/bootstrap.ts';
import { runCli } from '../src/cli.ts';
import { BACKUP_FOLDER, startBackupResponder } from '../src/platform/db/backup.ts';
import type { Database } from '../src/platform/db/index.ts';
import type { App } from '../src/platform/http/server.ts';
import { testAppConfig } from './app.ts';
import { call, countRows, signIn, validContact } from './contact-fixtures.ts';
import { freshDatabaseEnv } from './databases.ts';

const ROOT = join(import.meta.dirname, '..');
const silent = pino({ level: 'silent' });
const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});
function folder(prefix: string) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  folders.push(dir);
  return dir;
}

async function cli(argv: string[], env: Record<string, string>) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l), env });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** The server's database on env (DATA_DIR or DATABASE_URL) with the demo region and its app. */
async function startServer(env: Record<string, string>): Promise<{ database: Database; app: App }> {
  const database = await openConfiguredDatabase({
    databaseUrl: env.DATABASE_URL,
    dataDir: env.DATA_DIR ?? '',
  });
  await prepareDatabase(database, { seedDemo: true, demoMode: true }, silent);
  const app = await buildApp(testAppConfig, database, silent);
  return { database, app };
}

/** Families' contacts through the public form, and a counsellor who reads them (logged reads). */
async function makeContacts(app: App, count: number) {
  for (let i = 0; i < count; i++) {
    const res = await call(app, {
      method: 'POST',
      url: '/api/contacts',
      payload: validContact({ message: `Perhe ${i} tarvitsee apua: lapsi ei nuku.` }),
    });
    expect(res.statusCode, res.body).toBe(201);
  }
  const cookie = await signIn(app, 'neuvoja');
  const queue = await call(app, { url: '/api/contacts/queue', cookie });
  expect(queue.statusCode, queue.body).toBe(200);
}

/** What must come back from a backup: every contact's id and reference, and the row counts. */
async function snapshot(database: Database) {
  const contacts = await database.db
    .selectFrom('contact')
    .select(['id', 'reference'])
    .orderBy('id')
    .execute();
  const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM access_log`.execute(database.db);
  return { contacts, counts: await countRows(database.db), accessLog: rows[0]?.n };
}

describe('backup and restore of the embedded database (PGlite DATA_DIR)', () => {
  it('a backup made while the server runs is restored into an empty DATA_DIR: every contact, the log chain intact', async () => {
    const dataDir = folder('pv-backup-a-');
    const { database, app } = await startServer({ DATA_DIR: dataDir });
    const responder = startBackupResponder(database, dataDir, silent);
    const file = join(folder('pv-backup-files-'), 'perheverkko.tar.gz');
    let before: Awaited<ReturnType<typeof snapshot>>;
    try {
      await makeContacts(app, 6);
      before = await snapshot(database);
      expect(before.contacts).toHaveLength(6);
      // the server holds DATA_DIR's lock: the command asks it for the backup
      const made = await cli(['backup', file], { DATA_DIR: dataDir });
      expect(made.err).toMatch(/asking it for the backup/);
      expect(made.code, made.err).toBe(0);
      expect(made.out).toMatch(new RegExp(`backup written by the running server \\(pid ${process.pid}\\)`));
      expect(statSync(file).mode & 0o077).toBe(0); // the family's data: the owner's alone
      // the server went on serving; what it writes after the backup is not in it
      await makeContacts(app, 1);
      // nothing of the request is left in DATA_DIR
      expect(readdirSync(join(dataDir, BACKUP_FOLDER)).filter((n) => n !== 'responder.pid')).toEqual([]);
    } finally {
      await responder.stop();
      await app.close();
      await database.close();
    }

    const fresh = folder('pv-backup-b-');
    const restored = await cli(['restore', file], { DATA_DIR: fresh });
    expect(restored.code, restored.err).toBe(0);
    expect(restored.out).toMatch(/restored .* migration\(s\)/);
    const verified = await cli(['verify-access-log'], { DATA_DIR: fresh });
    expect(verified.code, verified.err).toBe(0);
    expect(verified.out).toBe(`the access log is intact: ${before.accessLog} rows`);
    const again = await openConfiguredDatabase({ databaseUrl: undefined, dataDir: fresh });
    try {
      expect(await snapshot(again)).toEqual(before);
    } finally {
      await again.close();
    }
    // a second restore into the same, now full, DATA_DIR is refused and changes nothing
    const twice = await cli(['restore', file], { DATA_DIR: fresh });
    expect(twice.code).toBe(1);
    expect(twice.err).toMatch(/is not empty .*restored only into an empty DATA_DIR/);
  });

  it('npm start’s server makes the backup another process asks for, and keeps running', async () => {
    const dataDir = folder('pv-backup-server-');
    const server = spawn(join(ROOT, 'node_modules/.bin/tsx'), ['src/main.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        DATA_DIR: dataDir,
        PORT: '0',
        HOST: '127.0.0.1',
        SEED_DEMO: 'true',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const ready = new Promise<void>((resolve, reject) => {
      server.stdout?.on('data', (d) => {
        output += String(d);
        if (output.includes('Perheverkko is ready')) resolve();
      });
      server.stderr?.on('data', (d) => {
        output += String(d);
      });
      server.on('exit', () => reject(new Error(`the server exited: ${output}`)));
    });
    const exited = new Promise((resolve) => server.on('exit', resolve));
    const file = join(folder('pv-backup-files-'), 'running.tar.gz');
    try {
      await ready;
      const made = await cli(['backup', file], { DATA_DIR: dataDir });
      expect(made.code, made.err).toBe(0);
      // the pid in DATA_DIR's lock: tsx runs the server in a child process of its own
      expect(made.out).toMatch(/backup written by the running server \(pid \d+\)/);
      expect(output).toContain('backup written on request');
      expect(server.exitCode).toBeNull();
    } finally {
      server.kill('SIGTERM');
      await exited;
    }
    const fresh = folder('pv-backup-server-restored-');
    expect((await cli(['restore', file], { DATA_DIR: fresh })).code).toBe(0);
    const restored = await openConfiguredDatabase({ databaseUrl: undefined, dataDir: fresh });
    try {
      const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM service`.execute(restored.db);
      expect(rows[0]?.n).toBeGreaterThan(10); // the demo region's catalogue
    } finally {
      await restored.close();
    }
    expect((await cli(['verify-access-log'], { DATA_DIR: fresh })).code).toBe(0);
  }, 300_000);

  it('backs up a stopped database directly, and refuses to write over an existing file', async () => {
    const dataDir = folder('pv-backup-c-');
    const { database, app } = await startServer({ DATA_DIR: dataDir });
    await makeContacts(app, 2);
    const before = await snapshot(database);
    await app.close();
    await database.close();
    const file = join(folder('pv-backup-files-'), 'stopped.tar.gz');
    const made = await cli(['backup', file], { DATA_DIR: dataDir });
    expect(made.code, made.err).toBe(0);
    expect(made.out).toMatch(/backup written directly/);
    const over = await cli(['backup', file], { DATA_DIR: dataDir });
    expect(over.code).toBe(1);
    expect(over.err).toMatch(/exists already/);

    const fresh = folder('pv-backup-d-');
    expect((await cli(['restore', file], { DATA_DIR: fresh })).code).toBe(0);
    const again = await openConfiguredDatabase({ databaseUrl: undefined, dataDir: fresh });
    try {
      expect(await snapshot(again)).toEqual(before);
    } finally {
      await again.close();
    }
  });

  it('says at once why it cannot copy a database held by a process that takes no backup requests', async () => {
    const dataDir = folder('pv-backup-e-');
    // a process holding the lock without the responder: a CLI command, or an older server
    const database = await openConfiguredDatabase({ databaseUrl: undefined, dataDir });
    try {
      const started = Date.now();
      const res = await cli(['backup', join(folder('pv-backup-files-'), 'x.tar.gz')], { DATA_DIR: dataDir });
      expect(res.code).toBe(1);
      expect(res.err).toMatch(/in use by process \d+, which does not take backup requests/);
      expect(res.err).toMatch(/cannot be copied from outside/);
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      await database.close();
    }
  });

  it('refuses what is not a backup, an empty DATA_DIR to back up, and a backup without a file name', async () => {
    const files = folder('pv-backup-files-');
    const notGzip = join(files, 'notes.txt');
    writeFileSync(notGzip, 'not a backup');
    const fresh = folder('pv-backup-f-');
    const res = await cli(['restore', notGzip], { DATA_DIR: fresh });
    expect(res.code).toBe(1);
    expect(res.err).toMatch(/not a backup of the embedded database/);
    expect(existsSync(join(fresh, 'pglite'))).toBe(false);
    const missing = await cli(['restore', join(files, 'nothing.tar.gz')], { DATA_DIR: fresh });
    expect(missing.err).toMatch(/there is no file/);
    const empty = folder('pv-backup-g-');
    const nothing = await cli(['backup', join(files, 'y.tar.gz')], { DATA_DIR: empty });
    expect(nothing.code).toBe(1);
    expect(nothing.err).toMatch(/there is no embedded database/);
    const nowhere = await cli(['backup', join(files, 'no-such-folder', 'z.tar.gz')], { DATA_DIR: empty });
    expect(nowhere.err).toMatch(/there is no folder .*no-such-folder to write the backup in/);
    const usage = await cli(['backup'], { DATA_DIR: empty });
    expect(usage.code).toBe(1);
    expect(usage.err).toMatch(/usage: backup <file>/);
    const postgres = await cli(['backup', 'x'], { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
    expect(postgres.err).toMatch(/pg_dump --format=custom/);
  });
});

/** pg_dump and pg_restore: on PATH, or in the newest /usr/lib/postgresql/<version>/bin (as .ci/run finds it). */
function postgresTool(name: 'pg_dump' | 'pg_restore'): string | undefined {
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    const versions = existsSync('/usr/lib/postgresql')
      ? readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a))
      : [];
    for (const version of versions) {
      const path = `/usr/lib/postgresql/${version}/bin/${name}`;
      if (existsSync(path)) return path;
    }
    return undefined;
  }
}

const postgresUrl = process.env.TEST_DATABASE_URL;
const pgDump = postgresTool('pg_dump');
const pgRestore = postgresTool('pg_restore');
const postgresReady = Boolean(postgresUrl && pgDump && pgRestore);
if (postgresUrl && !postgresReady) {
  const message = 'pg_dump or pg_restore is not installed (Debian: postgresql-client)';
  if (process.env.CI === 'true')
    throw new Error(`CI=true: ${message}; the PostgreSQL backup test cannot be skipped`);
  console.warn(`SKIP: ${message}, so the PostgreSQL backup test does not run.`);
}

describe.skipIf(!postgresReady)('backup and restore of PostgreSQL (pg_dump, pg_restore)', () => {
  it('a custom-format dump restored into a new database has every contact and an intact log chain', async () => {
    const source = await freshDatabaseEnv('postgres');
    const target = await freshDatabaseEnv('postgres');
    const file = join(folder('pv-pgdump-'), 'perheverkko.dump');
    try {
      const { database, app } = await startServer(source.env);
      let before: Awaited<ReturnType<typeof snapshot>>;
      try {
        await makeContacts(app, 6);
        before = await snapshot(database);
        // as docs/operations.md: pg_dump --format=custom while the server runs (one snapshot)
        execFileSync(pgDump as string, [
          '--format=custom',
          `--file=${file}`,
          source.env.DATABASE_URL as string,
        ]);
      } finally {
        await app.close();
        await database.close();
      }
      execFileSync(pgRestore as string, [
        '--exit-on-error',
        '--no-owner',
        `--dbname=${target.env.DATABASE_URL}`,
        file,
      ]);
      const verified = await cli(['verify-access-log'], target.env);
      expect(verified.code, verified.err).toBe(0);
      expect(verified.out).toBe(`the access log is intact: ${before.accessLog} rows`);
      const restored = await openConfiguredDatabase({ databaseUrl: target.env.DATABASE_URL, dataDir: '' });
      try {
        expect(await snapshot(restored)).toEqual(before);
      } finally {
        await restored.close();
      }
    } finally {
      await source.drop();
      await target.drop();
    }
  });
});
