/**
 * The data-protection officer's search of the access log for one worker must not read the
 * region's whole log (docs/scale.md, "Measured growth curves": without an index on the worker
 * it counted every row of the region, 0.1 s at a region-year and seconds at 100). The plan of
 * each statement the search sends is checked on a log of 20,000 rows.
 */
import { randomUUID } from 'node:crypto';
import { CompiledQuery, type KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchAccessLog } from '../src/features/access-log/queries.ts';
import type { Database } from '../src/platform/db/index.ts';
import { ENGINES, freshDatabase } from './databases.ts';

const ROWS = 20_000;
const WORKERS = 20;

describe.each(ENGINES)("the DPO's access-log search for one worker on %s", (engine) => {
  let database: Database;
  const regionId = randomUUID();
  const workers = Array.from({ length: WORKERS }, () => randomUUID());

  beforeAll(async () => {
    database = await freshDatabase(engine);
    // rows written straight (the chain is not what is tested here): 20 workers in turn
    await database.db.executeQuery(
      CompiledQuery.raw(
        `INSERT INTO access_log (id, shard, seq, at, actor_kind, staff_user_id, actor_name, region_id, action,
           resource_type, resource_id, prev_hash, hash)
         SELECT i, i % 8, i, now() - i * interval '1 minute', 'staff', ($2::uuid[])[1 + i % ${WORKERS}],
           'Neuvoja', $1::uuid, 'read', 'contact', i::text, repeat('0', 64), repeat('0', 64)
         FROM generate_series(1, ${ROWS}) AS i`,
        [regionId, workers],
      ),
    );
    await database.execScript('ANALYZE access_log');
  });
  afterAll(async () => {
    await database?.close();
  });

  it("counts the worker's rows through the index on the worker, and reads no whole table", async () => {
    const sent: CompiledQuery[] = [];
    const plugin: KyselyPlugin = {
      transformQuery: ({ node, queryId }) => {
        sent.push(database.db.getExecutor().compileQuery(node, queryId));
        return node;
      },
      transformResult: async ({ result }) => result,
    };
    const found = await searchAccessLog(
      database.db.withPlugin(plugin),
      regionId,
      { user: workers[3] },
      { offset: 0, limit: 50 },
    );
    expect(found.total).toBe(ROWS / WORKERS);
    expect(sent).toHaveLength(2);
    for (const statement of sent) {
      const plan = (
        await database.db.executeQuery<Record<string, string>>(
          CompiledQuery.raw(`EXPLAIN ${statement.sql}`, [...statement.parameters]),
        )
      ).rows
        .map((row) => Object.values(row)[0])
        .join('\n');
      // the page stops at 50 rows whichever index it walks back; the count must not read the region's log
      if (/count\(\*\)/.test(statement.sql)) expect(plan, plan).toContain('access_log_staff_user_idx');
      expect(plan, plan).not.toMatch(/Seq Scan on access_log/);
    }
  });
});
