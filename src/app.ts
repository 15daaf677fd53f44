import type { Logger } from 'pino';
import { accessLogRoutes } from './features/access-log/routes.ts';
import { adminRoutes } from './features/admin/routes.ts';
import { hsdsRoutes } from './features/catalogue/hsds-routes.ts';
import { cataloguePageRoutes } from './features/catalogue/routes.ts';
import { CONSENT_TEMPLATES, renderConsentTemplate } from './features/consent/consent.ts';
import { staffConsentPort, statusConsentPort } from './features/consent/pages.ts';
import { consentRoutes } from './features/consent/routes.ts';
import { clientContacts } from './features/contacts/client-contacts.ts';
import { statusLinkKey } from './features/contacts/contacts.ts';
import { renderContactTemplate } from './features/contacts/notifications.ts';
import { contactPublicPages } from './features/contacts/public-pages.ts';
import { contactApiRoutes } from './features/contacts/routes.ts';
import { contactStaffPages } from './features/contacts/staff-pages.ts';
import { familyCalendar, familyHandoffs, requestAppointmentChange } from './features/handoffs/family.ts';
import { HANDOFF_TEMPLATES, renderHandoffTemplate } from './features/handoffs/notifications.ts';
import { handoffPages } from './features/handoffs/pages.ts';
import { handoffApiRoutes } from './features/handoffs/routes.ts';
import { staffWaiting } from './features/handoffs/waiting.ts';
import { devRoutes, identityRoutes } from './features/identity/routes.ts';
import { matchingRoutes } from './features/matching/index.ts';
import { networkRoutes } from './features/network/index.ts';
import { siteInfoRoutes } from './features/site-info/index.ts';
import type { Lang } from './i18n/index.ts';
import { installRefusalLog } from './platform/access/refusal.ts';
import type { StaffActor } from './platform/auth/actor.ts';
import { OidcClients } from './platform/auth/oidc.ts';
import { personalDataKeys } from './platform/auth/personal-data.ts';
import { installSessions, SESSION_PURGE_MS, startSessionPurge } from './platform/auth/session.ts';
import type { Config } from './platform/config.ts';
import type { Database } from './platform/db/index.ts';
import { ping } from './platform/db/migrate.ts';
import { EventHub } from './platform/events.ts';
import { installCsrf } from './platform/http/csrf.ts';
import { type App, createHttpServer, type RateLimits } from './platform/http/server.ts';
import { fillSiteRegionInPages, installSiteRegions, readSiteRegions } from './platform/http/site-region.ts';
import { installEventStreams } from './platform/http/sse.ts';
import { createMailer, type MailerOptions } from './platform/mail.ts';
import { type OutboxWorker, startOutboxWorker } from './platform/outbox.ts';
import { LoggingSmsGateway, type SmsGateway } from './platform/sms.ts';
import { assetRoutes } from './ui/assets.ts';
import { errorPage } from './ui/error-page.ts';
import { fillSiteRegion, renderPage } from './ui/Layout.tsx';

/** Puts the platform and the features together into one HTTP application. */
export type AppConfig = Pick<Config, 'nodeEnv' | 'publicUrl' | 'demoMode' | 'session'> &
  Partial<Pick<Config, 'oidc' | 'clientRegion' | 'personalDataKey' | 'sites' | 'accessLogRetentionDays'>> & {
    /** requests per minute per IP (tests raise them) */
    rateLimits?: Partial<RateLimits>;
    /** where links point when PUBLIC_URL is not set (development: this machine's port) */
    linkBaseUrl?: string;
    /** outgoing mail; without it nothing is sent (the outbox keeps the messages) */
    mail?: MailerOptions;
    /** the SMS gateway (the national one cannot run here: a logging one by default) */
    sms?: SmsGateway;
    /** how often the outbox worker looks for due messages (ms); 0: only when woken */
    outboxPollMs?: number;
    /** how often ended sessions are removed (ms, default every 5 minutes); 0: never (tests) */
    sessionPurgeMs?: number;
    /** TRUST_PROXY: who may tell the client's address (X-Forwarded-For) */
    trustProxy?: Config['trustProxy'];
    /** METRICS_TOKEN: the bearer token of /metrics */
    metricsToken?: string;
    /** the clock of the contact point (tests fix it, as eVaka's tests fix theirs) */
    now?: () => Date;
  };

export async function buildApp(config: AppConfig, database: Database, logger: Logger): Promise<App> {
  const app = await createHttpServer({
    logger,
    production: config.nodeEnv === 'production',
    trustProxy: config.trustProxy,
    metricsToken: config.metricsToken,
    isReady: () => ping(database),
    rateLimits: config.rateLimits,
    formActionOrigins: [config.oidc?.staff, config.oidc?.client].flatMap((issuer) =>
      issuer ? [new URL(issuer.issuer).origin] : [],
    ),
    renderErrorPage: (input) => renderPage(errorPage(input)),
  });
  await installSessions(app, { db: database.db, policy: config.session });
  const purgeMs = config.sessionPurgeMs ?? SESSION_PURGE_MS;
  if (purgeMs > 0) {
    const stopPurge = startSessionPurge(database.db, config.session, {
      periodMs: purgeMs,
      onError: (error) => logger.warn({ error: (error as Error).name }, 'session purge failed'),
      onPurged: ({ sessions, signIns }) => {
        if (sessions + signIns > 0) logger.info({ sessions, signIns }, 'ended sessions removed');
      },
    });
    app.addHook('onClose', stopPurge);
  }
  // the region of each address (REGION_HOSTS, DEFAULT_REGION): pickers, catalogue, header, notices
  const sites = config.sites ?? { hosts: {}, defaultRegion: 'pohjois-savo' };
  installSiteRegions(app, sites, await readSiteRegions(database.db, sites));
  fillSiteRegionInPages(app, fillSiteRegion);
  await installCsrf(app, { secureCookies: config.session.secureCookies });
  installRefusalLog(app, database.db);
  if (config.demoMode) await app.register(devRoutes, { db: database.db, policy: config.session });
  const publicUrl = (config.publicUrl ?? config.linkBaseUrl ?? 'http://localhost:3000').replace(/\/$/, '');
  await app.register(identityRoutes, {
    db: database.db,
    policy: config.session,
    oidc: new OidcClients(config.oidc ?? {}, {
      publicUrl,
      secureCookies: config.session.secureCookies,
      // plain http only to a development or test provider (127.0.0.1 in the tests)
      allowInsecureHttp: config.nodeEnv !== 'production',
    }),
    demoMode: config.demoMode,
    clientRegion: config.clientRegion ?? 'pohjois-savo',
    personalDataKeys: config.personalDataKey ? personalDataKeys(config.personalDataKey) : undefined,
    publicUrl,
    // the client's own contacts on their page (contacts is made below; asked only on a request)
    myContacts: (actor) => clientContacts(contacts, actor),
  });
  await app.register(cataloguePageRoutes, { db: database.db });
  await app.register(adminRoutes, {
    db: database.db,
    // the staff home's counts waiting, from the contacts and handoffs (contacts is made below;
    // the home asks only when a request comes)
    waiting: (actor: StaffActor) => staffWaiting(contacts, actor),
  });
  await app.register(hsdsRoutes, { db: database.db, publicUrl: config.publicUrl });
  await app.register(accessLogRoutes, { db: database.db });
  await app.register(siteInfoRoutes, {
    db: database.db,
    settings: {
      accessLogRetentionDays: config.accessLogRetentionDays ?? 730,
      sessionIdleMinutes: config.session.idleMinutes,
      sessionAbsoluteHours: config.session.absoluteHours,
    },
  });

  await app.register(assetRoutes);
  installEventStreams(app);
  const hub = new EventHub(database, { onError: (error) => logger.warn({ err: error }, 'event hub') });
  const contacts = {
    db: database.db,
    statusKey: await statusLinkKey(database.db, config.personalDataKey),
    publicUrl,
    defaultRegionCode: config.clientRegion ?? 'pohjois-savo',
    now: config.now,
  };
  await app.register(contactApiRoutes, { deps: contacts, hub });
  await app.register(matchingRoutes, { db: database.db });
  await app.register(contactPublicPages, {
    deps: contacts,
    hub,
    familyHandoffs: (token: string) => familyHandoffs(contacts, token),
    familyCalendar: (token: string, lang: Lang) => familyCalendar(contacts, token, lang),
    familyRequest: (token, input) => requestAppointmentChange(contacts, token, input),
    consentPanel: statusConsentPort(database.db, config.now),
  });
  await app.register(contactStaffPages, {
    deps: contacts,
    hub,
    consentPanel: staffConsentPort(database.db, config.now),
  });
  await app.register(consentRoutes, { db: database.db, now: config.now });
  await app.register(networkRoutes, { db: database.db });
  await app.register(handoffApiRoutes, { deps: contacts });
  await app.register(handoffPages, { deps: contacts, db: database.db });

  let worker: OutboxWorker | undefined;
  if (config.mail) {
    const mailer = createMailer(config.mail);
    worker = startOutboxWorker({
      db: database.db,
      mailer,
      sms: config.sms ?? new LoggingSmsGateway(logger),
      // each feature renders its own templates
      render: (template, language, params) =>
        (HANDOFF_TEMPLATES.includes(template)
          ? renderHandoffTemplate
          : CONSENT_TEMPLATES.includes(template)
            ? renderConsentTemplate
            : renderContactTemplate)(template, language, params),
      logger,
      pollMs: config.outboxPollMs ?? 5000,
      listen: (wake) => database.listen('outbox', wake),
    });
    app.addHook('onClose', async () => {
      await worker?.stop();
      mailer.close();
    });
  }
  app.addHook('onClose', async () => {
    await hub.close();
  });
  await app.ready();
  return app;
}
