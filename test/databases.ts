import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type Database, type Engine, openDatabase } from '../src/platform/db/index.ts';
import { migrate } from '../src/platform/db/migrate.ts';

const ci = process.env.CI === 'true';
const postgresUrl = process.env.TEST_DATABASE_URL;

if (!postgresUrl) {
  if (ci)
    throw new Error(
      'CI=true but TEST_DATABASE_URL is not set: the PostgreSQL tests cannot be skipped in CI.',
    );
  console.warn('SKIP: TEST_DATABASE_URL is not set, so the integration tests run on PGlite only.');
}

/** The engines the integration tests run on: PGlite always, PostgreSQL when TEST_DATABASE_URL is set. */
export const ENGINES: Engine[] = postgresUrl ? ['pglite', 'postgres'] : ['pglite'];

const created: string[] = [];

/** A fresh, migrated database of the given engine: in-memory PGlite, or a new PostgreSQL database. */
export async function freshDatabase(engine: Engine): Promise<Database> {
  if (engine === 'pglite') {
    const database = await openDatabase({ engine: 'pglite', dataDir: null });
    await migrate(database);
    return database;
  }
  const { url, drop } = await createPostgresDatabase();
  const database = await openDatabase({ engine: 'postgres', url, poolSize: 4 });
  await migrate(database);
  const close = database.close.bind(database);
  return {
    ...database,
    engine: database.engine,
    db: database.db,
    execScript: database.execScript,
    listen: database.listen,
    async close() {
      await close();
      await drop();
    },
  };
}

/** A new, empty PostgreSQL database on the TEST_DATABASE_URL server, and how to drop it. */
async function createPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  if (!postgresUrl) throw new Error('TEST_DATABASE_URL is not set');
  const name = `perheverkko_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  created.push(name);
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: postgresUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name}`);
      await c.end();
    },
  };
}

/**
 * The configuration of a process (the CLI) on a fresh, empty database of the engine: PGlite
 * in a new DATA_DIR, or a new PostgreSQL database as DATABASE_URL.
 */
export async function freshDatabaseEnv(
  engine: Engine,
): Promise<{ env: Record<string, string>; drop(): Promise<void> }> {
  if (engine === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'perheverkko-test-'));
    return { env: { DATA_DIR: dir }, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const { url, drop } = await createPostgresDatabase();
  return { env: { DATABASE_URL: url }, drop };
}
