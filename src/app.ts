import type { Logger } from 'pino';
import { createElement } from 'react';
import { hsdsRoutes } from './features/catalogue/hsds-routes.ts';
import { cataloguePageRoutes } from './features/catalogue/routes.ts';
import { devRoutes } from './features/identity/routes.ts';
import { installSessions } from './platform/auth/session.ts';
import type { Config } from './platform/config.ts';
import type { Database } from './platform/db/index.ts';
import { ping } from './platform/db/migrate.ts';
import { installCsrf } from './platform/http/csrf.ts';
import { type App, createHttpServer } from './platform/http/server.ts';
import { ErrorPage, renderPage } from './ui/Layout.tsx';

/** Puts the platform and the features together into one HTTP application. */
export type AppConfig = Pick<Config, 'nodeEnv' | 'publicUrl' | 'demoMode' | 'session'>;

export async function buildApp(config: AppConfig, database: Database, logger: Logger): Promise<App> {
  const app = await createHttpServer({
    logger,
    production: config.nodeEnv === 'production',
    isReady: () => ping(database),
    renderErrorPage: ({ lang, status, message, reference }) =>
      renderPage(createElement(ErrorPage, { lang, status, message, reference })),
  });
  await installSessions(app, { db: database.db, policy: config.session });
  await installCsrf(app, { secureCookies: config.session.secureCookies });
  if (config.demoMode) await app.register(devRoutes, { db: database.db, policy: config.session });
  await app.register(cataloguePageRoutes, { db: database.db });
  await app.register(hsdsRoutes, { db: database.db, publicUrl: config.publicUrl });
  await app.ready();
  return app;
}
