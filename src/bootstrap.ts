import { sql } from 'kysely';
import type { Logger } from 'pino';
import { prepareCatalogue } from './features/catalogue/index.ts';
import { analyserVersion } from './features/catalogue/lemmas.ts';
import { seedDemoUsers } from './features/identity/demo.ts';
import { prepareNetwork } from './features/network/index.ts';
import { preparePopulation } from './features/population/index.ts';
import type { Config } from './platform/config.ts';
import { type Database, isNewDataDir, openDatabase } from './platform/db/index.ts';
import { migrate, withSetupLock } from './platform/db/migrate.ts';
import {
  demoTemplateFile,
  demoTemplateKey,
  demoTemplatePath,
  readPgliteTemplate,
  saveDemoTemplate,
  type WalRange,
  withoutSpareWal,
} from './platform/db/pglite-template.ts';
import { voikkoStatus } from './platform/voikko.ts';

/**
 * Opens the database the configuration names (PGlite in DATA_DIR, or DATABASE_URL, with
 * DATABASE_READ_URL's read replica beside it) and migrates it. `templateFile`: the template of
 * our own a new DATA_DIR starts from instead of the empty one (PGlite only).
 */
export async function openConfiguredDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir'> & Partial<Pick<Config, 'databaseReadUrl'>>,
  templateFile?: string,
): Promise<Database> {
  const database = config.databaseUrl
    ? await openDatabase({
        engine: 'postgres',
        url: config.databaseUrl,
        ...(config.databaseReadUrl ? { readUrl: config.databaseReadUrl } : {}),
      })
    : await openDatabase({
        engine: 'pglite',
        dataDir: config.dataDir,
        ...(templateFile ? { templateFile } : {}),
      });
  try {
    await migrate(database);
    return database;
  } catch (error) {
    await database.close();
    throw error;
  }
}

/**
 * The database `npm start` serves from, migrated and prepared. A new DATA_DIR of a demo start
 * begins from the demo template made at `npm install` when its key matches this checkout: it is
 * already migrated and seeded, so preparing it again would change nothing (decision 0019).
 * Otherwise (PostgreSQL, an existing DATA_DIR, no demo, a missing or stale template) the
 * migrations and prepareDatabase run as they always did.
 */
export async function openPreparedDatabase(config: Config, logger: Logger): Promise<Database> {
  const template =
    !config.databaseUrl && isDemoStart(config) && isNewDataDir(config.dataDir)
      ? demoTemplatePath(demoTemplateKey(analyserVersion()))
      : undefined;
  const database = await openConfiguredDatabase(config, template);
  try {
    if (template) {
      // app_secret is random at creation (migration 0007): this DATA_DIR's own, never the template's
      await sql`UPDATE app_secret SET value = replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', '')`.execute(
        database.db,
      );
      logger.info('demo region loaded from the template made at npm install');
      logSearch(logger);
    } else {
      // several processes started at once take turns (the demo seed is written once)
      await withSetupLock(database, () => prepareDatabase(database, config, logger));
    }
    return database;
  } catch (error) {
    await database.close();
    throw error;
  }
}

const isDemoStart = (config: Pick<Config, 'seedDemo' | 'demoMode'>) => config.seedDemo && config.demoMode;

function logSearch(logger: Logger) {
  const search = voikkoStatus();
  if (search.morphology === 'voikko') logger.info({ search }, 'search: Finnish morphology by Voikko');
  else
    logger.warn(
      { search },
      'search: Voikko is not available, the Finnish search uses the snowball stemmer alone (docs/search.md)',
    );
}

export async function prepareDatabase(
  database: Database,
  config: Pick<Config, 'seedDemo' | 'demoMode'>,
  logger: Logger,
) {
  const { seeded } = await prepareCatalogue(database.db, { seedDemo: config.seedDemo });
  if (seeded > 0) logger.info({ services: seeded }, 'demo region seeded');
  logSearch(logger);
  if (isDemoStart(config)) await seedDemoUsers(database.db);
  await prepareNetwork(database.db, { seedDemo: config.seedDemo });
  // the demo region's child population: an estimate, labelled as one
  await preparePopulation(database.db, { seedDemo: config.seedDemo });
}

/**
 * Makes the demo template for this checkout (npm install's prepare-embedded-db), unless it is
 * there already: an in-memory cluster from the empty template, migrated and prepared as a demo
 * start prepares a new DATA_DIR, then dumped. Returns its file and whether it was made now.
 */
export async function writeDemoTemplate(logger: Logger): Promise<{ file: string; made: boolean }> {
  const key = demoTemplateKey(analyserVersion());
  if (demoTemplatePath(key)) return { file: demoTemplateFile(key), made: false };
  const empty = readPgliteTemplate();
  const database = await openDatabase({
    engine: 'pglite',
    dataDir: null,
    ...(empty ? { loadDataDir: empty } : {}),
  });
  try {
    await migrate(database);
    await prepareDatabase(database, { seedDemo: true, demoMode: true }, logger);
    const archive = await (database.dumpDataDir as () => Promise<Blob>)();
    // dumpDataDir checkpoints first: the segments from that checkpoint's redo to the end of WAL
    const { rows } = await sql<WalRange>`
      SELECT (SELECT redo_wal_file FROM pg_control_checkpoint()) AS first,
        pg_walfile_name(pg_current_wal_insert_lsn()) AS last`.execute(database.db);
    const whole = Buffer.from(await archive.arrayBuffer());
    // (no range read: every segment is kept, as every name lies between these two)
    const range = rows[0] ?? { first: '', last: 'G' };
    return { file: saveDemoTemplate(key, withoutSpareWal(whole, range)), made: true };
  } finally {
    await database.close();
  }
}
