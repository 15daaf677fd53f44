import { afterAll, describe, expect, it } from 'vitest';
import { openPreparedDatabase } from '../src/bootstrap.ts';
import { loadConfig } from '../src/platform/config.ts';
import type { Database } from '../src/platform/db/index.ts';
import { createLogger } from '../src/platform/logger.ts';
import { freshDatabaseEnv } from './databases.ts';

/**
 * Two app processes started at once on a new PostgreSQL database (docs/operations.md,
 * "Several processes"): the second waits for the first's migrations and demo seed instead of
 * failing on a duplicate key. Two handles with their own pools stand in for the two processes.
 */
describe.skipIf(!process.env.TEST_DATABASE_URL)('starting at once on a new database', () => {
  const opened: Database[] = [];
  let drop: (() => Promise<void>) | undefined;
  afterAll(async () => {
    for (const database of opened) await database.close();
    await drop?.();
  });

  it('migrates and seeds once, and both processes start', async () => {
    const fresh = await freshDatabaseEnv('postgres');
    drop = fresh.drop;
    const config = loadConfig({ ...fresh.env, NODE_ENV: 'development', DEMO_MODE: 'true' });
    const logger = createLogger('silent');
    const results = await Promise.allSettled([
      openPreparedDatabase(config, logger),
      openPreparedDatabase(config, logger),
      openPreparedDatabase(config, logger),
    ]);
    for (const result of results) if (result.status === 'fulfilled') opened.push(result.value);
    expect(results.map((r) => (r.status === 'rejected' ? String(r.reason) : 'ok'))).toEqual([
      'ok',
      'ok',
      'ok',
    ]);
    const [first] = opened;
    if (!first) throw new Error('no database');
    const migrations = await first.db
      .selectFrom('schema_migration')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    const names = await first.db.selectFrom('schema_migration').select('name').distinct().execute();
    expect(Number(migrations.n)).toBe(names.length);
    const regions = await first.db.selectFrom('region').select('code').execute();
    expect(regions.length).toBeGreaterThan(0);
    expect(new Set(regions.map((r) => r.code)).size).toBe(regions.length);
  }, 240_000);
});
