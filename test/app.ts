import pino from 'pino';
import { type AppConfig, buildApp } from '../src/app.ts';
import { prepareCatalogue } from '../src/features/catalogue/index.ts';
import { seedDemoUsers } from '../src/features/identity/demo.ts';
import { prepareNetwork } from '../src/features/network/index.ts';
import { preparePopulation } from '../src/features/population/index.ts';
import type { Database, Engine } from '../src/platform/db/index.ts';
import type { App } from '../src/platform/http/server.ts';
import { freshDatabase } from './databases.ts';

/** The configuration of tests: demo mode, sessions as in development. */
/** The address of the Pirkanmaa region's site in the tests (REGION_HOSTS). */
export const PIRKANMAA_HOST = 'perheverkko.pirkanmaa.test';

export const testAppConfig: AppConfig = {
  nodeEnv: 'test',
  publicUrl: undefined,
  demoMode: true,
  session: { idleMinutes: 30, absoluteHours: 12, secureCookies: false },
  // tests sign in far more often than a person; the rate-limit test uses the defaults
  rateLimits: { signIn: 10_000, publicPost: 10_000 },
  // the other demo region at its own address; any other host is North Savo's site
  sites: { hosts: { [PIRKANMAA_HOST]: 'pirkanmaa' }, defaultRegion: 'pohjois-savo' },
};

export interface TestApp {
  app: App;
  database: Database;
  close(): Promise<void>;
}

/** The whole application on a fresh database of the engine, with or without the demo region. */
export async function startTestApp(
  engine: Engine,
  {
    seedDemo,
    config,
    readReplica,
  }: {
    seedDemo: boolean;
    config?: Partial<AppConfig>;
    /** PostgreSQL only: the metrics and the DPO's log search read as a SELECT-only role (freshDatabase) */
    readReplica?: boolean;
  },
): Promise<TestApp> {
  const database = await freshDatabase(engine, readReplica ? { readReplica } : {});
  await prepareCatalogue(database.db, { seedDemo });
  if (seedDemo) await seedDemoUsers(database.db);
  await prepareNetwork(database.db, { seedDemo });
  await preparePopulation(database.db, { seedDemo });
  const app = await buildApp({ ...testAppConfig, ...config }, database, pino({ level: 'silent' }));
  return {
    app,
    database,
    async close() {
      await app.close();
      await database.close();
    },
  };
}
