import pino from 'pino';
import { buildApp } from '../src/app.ts';
import { prepareCatalogue } from '../src/features/catalogue/index.ts';
import type { Database, Engine } from '../src/platform/db/index.ts';
import type { App } from '../src/platform/http/server.ts';
import { freshDatabase } from './databases.ts';

export interface TestApp {
  app: App;
  database: Database;
  close(): Promise<void>;
}

/** The whole application on a fresh database of the engine, with or without the demo region. */
export async function startTestApp(engine: Engine, { seedDemo }: { seedDemo: boolean }): Promise<TestApp> {
  const database = await freshDatabase(engine);
  await prepareCatalogue(database.db, { seedDemo });
  const app = await buildApp({ nodeEnv: 'test', publicUrl: undefined }, database, pino({ level: 'silent' }));
  return {
    app,
    database,
    async close() {
      await app.close();
      await database.close();
    },
  };
}
