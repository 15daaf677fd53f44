import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { Database } from './index.ts';

export const MIGRATIONS_DIR = new URL('../../../migrations/', import.meta.url).pathname;

/**
 * Applies the numbered SQL files in migrations/ that have not run yet, each in its own
 * transaction, in order. Forward-only: a migration is never edited after it has landed.
 */
export async function migrate(database: Database, dir = MIGRATIONS_DIR): Promise<string[]> {
  return withSetupLock(database, () => migrateNow(database, dir));
}

/** A number of our own for PostgreSQL's advisory lock that setting up the database holds. */
const SETUP_LOCK = 7_401_935_202;

/**
 * Runs `work` (migrations, the demo seed) while holding the database's setup lock: processes
 * started at once on a new PostgreSQL database take turns, so the second finds the first's
 * work done instead of failing on a duplicate key. The lock is a session's, held on a
 * connection of its own while `work` uses the others, and ends with the session if the process
 * dies. PGlite is one process (its DATA_DIR is locked): nothing to wait for.
 */
export async function withSetupLock<T>(database: Database, work: () => Promise<T>): Promise<T> {
  if (database.engine !== 'postgres') return work();
  return database.db.connection().execute(async (connection) => {
    await sql`SELECT pg_advisory_lock(${SETUP_LOCK})`.execute(connection);
    try {
      return await work();
    } finally {
      await sql`SELECT pg_advisory_unlock(${SETUP_LOCK})`.execute(connection);
    }
  });
}

async function migrateNow(database: Database, dir: string): Promise<string[]> {
  await database.execScript(
    'CREATE TABLE IF NOT EXISTS schema_migration (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
  );
  const done = new Set(
    (await database.db.selectFrom('schema_migration').select('name').execute()).map((r) => r.name),
  );
  const files = readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort();
  const applied: string[] = [];
  for (const file of files) {
    if (done.has(file)) continue;
    const script = readFileSync(join(dir, file), 'utf8');
    await database.execScript(
      `BEGIN;\n${script}\n;INSERT INTO schema_migration (name) VALUES ('${file}');\nCOMMIT;`,
    );
    applied.push(file);
  }
  return applied;
}

/**
 * True when the database answers a query (readiness): with a read replica (DATABASE_READ_URL)
 * both must answer, since the metrics and the DPO's log search would fail without it.
 */
export async function ping(database: Database): Promise<boolean> {
  const answers = async (db: Database['db']) => {
    try {
      await sql`select 1`.execute(db);
      return true;
    } catch {
      return false;
    }
  };
  const [primary, read] = await Promise.all([
    answers(database.db),
    database.read ? answers(database.read) : true,
  ]);
  return primary && read;
}
