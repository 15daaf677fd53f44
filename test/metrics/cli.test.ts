/**
 * `npm run cli -- metrics refresh`: brings every region's summaries up to date on the server's
 * database, and says how many months it recomputed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openConfiguredDatabase } from '../../src/bootstrap.ts';
import { runCli } from '../../src/cli.ts';
import { prepareCatalogue } from '../../src/features/catalogue/index.ts';
import { loadConfig } from '../../src/platform/config.ts';

describe('npm run cli -- metrics refresh', () => {
  it('refreshes every region and records when', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pv-metrics-'));
    const env = { DATA_DIR: dir, LOG_LEVEL: 'silent' };
    try {
      const database = await openConfiguredDatabase(loadConfig(env));
      await prepareCatalogue(database.db, { seedDemo: true });
      await database.close();
      const out: string[] = [];
      const err: string[] = [];
      const code = await runCli(['metrics', 'refresh'], {
        out: (l) => out.push(l),
        err: (l) => err.push(l),
        env,
      });
      expect(err).toEqual([]);
      expect(code).toBe(0);
      expect(out.join('\n')).toMatch(/^the metrics are up to date: \d+ month\(s\) recomputed$/);
      const after = await openConfiguredDatabase(loadConfig(env));
      try {
        const refreshed = await after.db
          .selectFrom('metric_refresh' as never)
          .selectAll()
          .execute();
        const regions = await after.db.selectFrom('region').select('id').execute();
        expect(refreshed.length).toBe(regions.length);
      } finally {
        await after.close();
      }
      // a wrong word is a usage error
      const bad = await runCli(['metrics', 'refrsh'], { out: () => {}, err: (l) => err.push(l), env });
      expect(bad).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
