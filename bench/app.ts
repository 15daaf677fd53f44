/**
 * The application as the bench runs it: the real `buildApp` in production mode, each region
 * at its own address (REGION_HOSTS), the per-address limit of public posts raised so that it
 * counts requests without refusing them (the load comes from one address; the limit is 20 a
 * minute). run.ts starts it in its own process; app-process.ts in a child process of its own
 * (the two-process figures, scale-out.ts).
 */
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.ts';
import type { Database } from '../src/platform/db/index.ts';
import { createLogger } from '../src/platform/logger.ts';
import { benchHost, SITE_REGION } from './common.ts';

export async function buildBenchApp(database: Database): Promise<FastifyInstance> {
  const regionCodes = (await database.db.selectFrom('region').select('code').execute()).map((r) => r.code);
  return buildApp(
    {
      sites: {
        hosts: Object.fromEntries(regionCodes.map((code) => [benchHost(code), code])),
        defaultRegion: SITE_REGION,
      },
      nodeEnv: 'production',
      publicUrl: undefined,
      demoMode: false,
      session: { idleMinutes: 30, absoluteHours: 12, secureCookies: true },
      rateLimits: { publicPost: 1_000_000_000 },
    },
    database,
    createLogger('silent'),
  );
}
