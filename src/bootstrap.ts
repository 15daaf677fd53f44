import type { Logger } from 'pino';
import { prepareCatalogue } from './features/catalogue/index.ts';
import { seedDemoUsers } from './features/identity/demo.ts';
import { prepareNetwork } from './features/network/index.ts';
import { preparePopulation } from './features/population/index.ts';
import type { Config } from './platform/config.ts';
import { type Database, openDatabase } from './platform/db/index.ts';
import { migrate } from './platform/db/migrate.ts';
import { voikkoStatus } from './platform/voikko.ts';

/**
 * Opens the database the configuration names (PGlite in DATA_DIR, or DATABASE_URL, with
 * DATABASE_READ_URL's read replica beside it) and migrates it.
 */
export async function openConfiguredDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir'> & Partial<Pick<Config, 'databaseReadUrl'>>,
): Promise<Database> {
  const database = config.databaseUrl
    ? await openDatabase({
        engine: 'postgres',
        url: config.databaseUrl,
        ...(config.databaseReadUrl ? { readUrl: config.databaseReadUrl } : {}),
      })
    : await openDatabase({ engine: 'pglite', dataDir: config.dataDir });
  try {
    await migrate(database);
    return database;
  } catch (error) {
    await database.close();
    throw error;
  }
}

export async function prepareDatabase(
  database: Database,
  config: Pick<Config, 'seedDemo' | 'demoMode'>,
  logger: Logger,
) {
  const { seeded } = await prepareCatalogue(database.db, { seedDemo: config.seedDemo });
  if (seeded > 0) logger.info({ services: seeded }, 'demo region seeded');
  const search = voikkoStatus();
  if (search.morphology === 'voikko') logger.info({ search }, 'search: Finnish morphology by Voikko');
  else
    logger.warn(
      { search },
      'search: Voikko is not available, the Finnish search uses the snowball stemmer alone (docs/search.md)',
    );
  if (config.seedDemo && config.demoMode) await seedDemoUsers(database.db);
  await prepareNetwork(database.db, { seedDemo: config.seedDemo });
  // the demo region's child population: an estimate, labelled as one
  await preparePopulation(database.db, { seedDemo: config.seedDemo });
}
