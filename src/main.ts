import { join } from 'node:path';
import { buildApp } from './app.ts';
import { openPreparedDatabase } from './bootstrap.ts';
import { ConfigError, loadConfig } from './platform/config.ts';
import { startBackupResponder } from './platform/db/backup.ts';
import { createLogger } from './platform/logger.ts';

async function main() {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  // a new DATA_DIR of the demo starts from the template made at npm install (decision 0019)
  const database = await openPreparedDatabase(config, logger);
  // Without an SMTP server (demo mode), e-mails are written as .eml files under DATA_DIR/mail.
  const mail = { ...config.mail, dir: config.mail.smtpUrl ? undefined : join(config.dataDir, 'mail') };
  // links in e-mails and sign-in redirects: PUBLIC_URL, else this machine at the port served
  const links = config.publicUrl ? {} : { linkBaseUrl: `http://localhost:${config.port}` };
  const app = await buildApp({ ...config, ...links, mail }, database, logger);
  // `npm run cli -- backup <file>` asks this process for the embedded database's backup (decision 0017)
  const backups =
    database.engine === 'pglite' ? startBackupResponder(database, config.dataDir, logger) : null;

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    await app.close(); // stops accepting connections and waits for requests in flight
    await backups?.stop();
    await database.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));

  await app.listen({ host: config.host, port: config.port });
  logger.info(
    {
      engine: database.engine,
      readReplica: database.read !== undefined,
      port: config.port,
      // since the process started (performance.now()'s origin), module loading included
      ready_ms: Math.round(performance.now()),
    },
    `Perheverkko is ready at http://localhost:${config.port}`,
  );
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
  }
  process.exit(1);
});
