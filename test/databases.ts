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

/** The read-only role of the read-replica tests: SELECT only (and CONNECT), on the databases that ask for it. */
export const READER_ROLE = 'perheverkko_reader';
const READER_PASSWORD = 'perheverkko_reader';

/**
 * A fresh, migrated database of the given engine: in-memory PGlite, or a new PostgreSQL database.
 * readReplica (PostgreSQL only): `read` through DATABASE_READ_URL's pool as READER_ROLE, which
 * may only SELECT and CONNECT, standing in for a replica.
 */
export async function freshDatabase(
  engine: Engine,
  options: { readReplica?: boolean } = {},
): Promise<Database> {
  if (options.readReplica && engine !== 'postgres') throw new Error('a read replica needs PostgreSQL');
  if (engine === 'pglite') {
    const database = await openDatabase({ engine: 'pglite', dataDir: null });
    await migrate(database);
    return database;
  }
  const { url, drop } = await createPostgresDatabase();
  const readUrl = options.readReplica ? readerUrl(url) : undefined;
  // the read pool connects at its first query, after the grants below
  const database = await openDatabase({
    engine: 'postgres',
    url,
    poolSize: 4,
    ...(readUrl ? { readUrl } : {}),
  });
  await migrate(database);
  if (readUrl) await grantReader(database, new URL(url).pathname.slice(1));
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

/** The database's address as READER_ROLE. */
export function readerUrl(url: string): string {
  const reader = new URL(url);
  reader.username = READER_ROLE;
  reader.password = READER_PASSWORD;
  return reader.toString();
}

/** READER_ROLE (made once per server) may connect to the database and SELECT from its tables, nothing else. */
async function grantReader(database: Database, name: string) {
  await database.execScript(`
    DO $$ BEGIN
      CREATE ROLE ${READER_ROLE} LOGIN PASSWORD '${READER_PASSWORD}';
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
    END $$;
    GRANT CONNECT ON DATABASE ${name} TO ${READER_ROLE};
    GRANT USAGE ON SCHEMA public TO ${READER_ROLE};
    GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${READER_ROLE};
  `);
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
