import type { Logger } from 'pino';
import { feature as accessLog } from './features/access-log/index.ts';
import { feature as admin } from './features/admin/index.ts';
import { feature as catalogue } from './features/catalogue/index.ts';
import {
  feature as consent,
  consentsToConfirm,
  staffConsentPort,
  statusConsentPort,
} from './features/consent/index.ts';
import { feature as consultations, openConsultationCount } from './features/consultations/index.ts';
import {
  type ContactsFeatureDeps,
  clientContacts,
  feature as contacts,
  createContactsDeps,
} from './features/contacts/index.ts';
import { feature as feedback, feedbackPort } from './features/feedback/index.ts';
import {
  familyCalendar,
  familyHandoffs,
  feature as handoffs,
  requestAppointmentChange,
  staffWaiting,
} from './features/handoffs/index.ts';
import { feature as identity } from './features/identity/index.ts';
import { feature as matching } from './features/matching/index.ts';
import {
  familyMeetingPort,
  meetingReplyHandler,
  meetingRequestCount,
  feature as meetings,
} from './features/meetings/index.ts';
import { feature as metrics } from './features/metrics/index.ts';
import { feature as network } from './features/network/index.ts';
import { feature as population } from './features/population/index.ts';
import { feature as siteInfo } from './features/site-info/index.ts';
import { feature as surveys } from './features/surveys/index.ts';
import { clientRecordPolicy } from './platform/access/client-record-policy.ts';
import type { Policy } from './platform/access/door.ts';
import { installRefusalLog } from './platform/access/refusal.ts';
import { removeExpiredAccessLog } from './platform/access/retention.ts';
import type { ClientActor, StaffActor } from './platform/auth/actor.ts';
import { staffWorkspacePolicy } from './platform/auth/guard.ts';
import { installSessions, SESSION_PURGE_MS, sessionPurgeJob } from './platform/auth/session.ts';
import type { Config } from './platform/config.ts';
import { type Database, readDatabase } from './platform/db/index.ts';
import { ping } from './platform/db/migrate.ts';
import { EventHub } from './platform/events.ts';
import {
  type Feature,
  type FeatureConfig,
  type JobDeps,
  navigationFor,
  outboxRenderer,
  type PlatformDeps,
  setStaffNavigation,
} from './platform/feature.ts';
import { installCsrf } from './platform/http/csrf.ts';
import { databaseRateLimitStore } from './platform/http/rate-limit-store.ts';
import { type App, createHttpServer, type RateLimits } from './platform/http/server.ts';
import { fillSiteRegionInPages, installSiteRegions, readSiteRegions } from './platform/http/site-region.ts';
import { installEventStreams } from './platform/http/sse.ts';
import { startInboundMail } from './platform/inbound-mail.ts';
import { createScheduler, type ScheduledJob } from './platform/jobs.ts';
import { createMailer, type MailerOptions } from './platform/mail.ts';
import { type OutboxWorker, startOutboxWorker } from './platform/outbox.ts';
import { LoggingSmsGateway, type SmsGateway } from './platform/sms.ts';
import { assetRoutes } from './ui/assets.ts';
import { errorPage } from './ui/error-page.ts';
import { fillSiteRegion, renderPage } from './ui/Layout.tsx';

/**
 * What every feature's `register` is given: the platform, the contact point's shared deps (the
 * handoffs work on its contacts), and the ports by which one feature's page shows another's
 * part without importing it (contacts ↔ handoffs and consent would be a cycle).
 */
export interface AppDeps extends PlatformDeps {
  contacts: ContactsFeatureDeps['contacts'];
  ports: ContactsFeatureDeps['ports'] & {
    myContacts: (actor: ClientActor) => Promise<Awaited<ReturnType<typeof clientContacts>>>;
    consentsToConfirm: (actor: ClientActor) => Promise<number>;
    waiting: (actor: StaffActor) => Promise<HomeWaiting>;
  };
}

/** What the staff home counts: the queue and handoffs, consultations and meeting requests. */
type HomeWaiting = Awaited<ReturnType<typeof staffWaiting>> & {
  consultations: number | null;
  meetingRequests: number | null;
};

/**
 * The features, in the order they are registered: each brings its routes, the policies it
 * registered with the door, its outbox templates and its staff navigation entries
 * (src/platform/feature.ts).
 */
export const FEATURES: readonly Feature<AppDeps>[] = [
  identity,
  catalogue,
  admin,
  accessLog,
  siteInfo,
  contacts,
  matching,
  consent,
  network,
  handoffs,
  meetings,
  consultations,
  population,
  feedback,
  surveys,
  metrics,
];

/** The platform's own policies: the generic client record and the staff workspace itself. */
export const PLATFORM_POLICIES: readonly Policy<unknown>[] = [clientRecordPolicy, staffWorkspacePolicy];

/** Puts the platform and the features together into one HTTP application. */
export type AppConfig = FeatureConfig & {
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
  /** JOBS=off: this process runs no scheduled jobs (others on the database do; docs/jobs.md) */
  jobs?: boolean;
  /** how often the scheduler looks for due jobs (ms; default the shortest period, at most 30 s) */
  jobTickMs?: number;
  /** TRUST_PROXY: who may tell the client's address (X-Forwarded-For) */
  trustProxy?: Config['trustProxy'];
  /** METRICS_TOKEN: the bearer token of /metrics */
  metricsToken?: string;
  /** the clock of the contact point (tests fix it, as eVaka's tests fix theirs) */
  now?: () => Date;
};

/**
 * Every scheduled job of the application: the platform's (ended sessions removed, access-log
 * retention daily at 02:30 in Helsinki) and the features' (src/platform/feature.ts). The server
 * runs them (buildApp); `npm run cli -- jobs` and `run-job` list and run them.
 */
export function scheduledJobs(deps: JobDeps, options: { sessionPurgeMs?: number } = {}): ScheduledJob[] {
  const purgeMs = options.sessionPurgeMs ?? SESSION_PURGE_MS;
  const retentionDays = deps.config.accessLogRetentionDays;
  return [
    ...(purgeMs > 0 ? [sessionPurgeJob(deps.db, deps.config.session, purgeMs)] : []),
    ...(retentionDays
      ? [
          {
            name: 'access-log-retention',
            schedule: { dailyAt: '02:30' },
            // one transaction that holds every chain's head: give it time before a take-over
            leaseMs: 30 * 60_000,
            run: async (now: Date) => ({
              removed: (await removeExpiredAccessLog(deps.db, now, retentionDays)).removed,
            }),
          } satisfies ScheduledJob,
        ]
      : []),
    ...FEATURES.flatMap((feature) => feature.jobs?.(deps) ?? []),
  ];
}

export async function buildApp(config: AppConfig, database: Database, logger: Logger): Promise<App> {
  const app = await createHttpServer({
    logger,
    production: config.nodeEnv === 'production',
    trustProxy: config.trustProxy,
    metricsToken: config.metricsToken,
    isReady: () => ping(database),
    rateLimits: config.rateLimits,
    rateLimitStore: databaseRateLimitStore(database.db, { secret: config.personalDataKey }),
    formActionOrigins: [config.oidc?.staff, config.oidc?.client].flatMap((issuer) =>
      issuer ? [new URL(issuer.issuer).origin] : [],
    ),
    renderErrorPage: (input) => renderPage(errorPage(input)),
  });
  await installSessions(app, { db: database.db, policy: config.session });
  // the region of each address (REGION_HOSTS, DEFAULT_REGION): pickers, catalogue, header, notices
  const sites = config.sites ?? { hosts: {}, defaultRegion: 'pohjois-savo' };
  installSiteRegions(app, sites, await readSiteRegions(database.db, sites));
  fillSiteRegionInPages(app, fillSiteRegion);
  await installCsrf(app, { secureCookies: config.session.secureCookies });
  installRefusalLog(app, database.db);
  await app.register(assetRoutes);
  installEventStreams(app);
  const hub = new EventHub(database, { onError: (error) => logger.warn({ err: error }, 'event hub') });
  const platform: PlatformDeps = {
    db: database.db,
    readDb: readDatabase(database),
    config,
    logger,
    hub,
    publicUrl: (config.publicUrl ?? config.linkBaseUrl ?? 'http://localhost:3000').replace(/\/$/, ''),
    now: config.now,
  };
  const contactsDeps = await createContactsDeps(platform);
  const deps: AppDeps = {
    ...platform,
    contacts: contactsDeps,
    // each port is asked only when a request comes
    ports: {
      myContacts: (actor) => clientContacts(contactsDeps, actor),
      consentsToConfirm: (actor) =>
        consentsToConfirm(database.db, actor, { now: config.now?.() ?? new Date() }),
      waiting: async (actor) => {
        // each count from the feature that owns it, for those whose navigation has its list
        const sections = new Set(navigationFor(actor).map((item) => item.section));
        const now = config.now?.() ?? new Date();
        return {
          ...(await staffWaiting(contactsDeps, actor)),
          consultations: sections.has('consultations')
            ? await openConsultationCount(database.db, actor, now)
            : null,
          meetingRequests: sections.has('meetings') ? await meetingRequestCount(platform, actor) : null,
        };
      },
      family: {
        familyHandoffs: (token) => familyHandoffs(contactsDeps, token),
        familyCalendar: (token, lang) => familyCalendar(contactsDeps, token, lang),
        familyRequest: (token, input) => requestAppointmentChange(contactsDeps, token, input),
        consentPanel: statusConsentPort(database.db, config.now),
        meetingPanel: familyMeetingPort({ db: database.db, now: config.now }),
        feedbackPanel: feedbackPort(contactsDeps),
      },
      staffConsentPanel: staffConsentPort(database.db, config.now),
    },
  };
  for (const feature of FEATURES) await feature.register(app, deps);
  setStaffNavigation(FEATURES.flatMap((feature) => feature.nav ?? []));
  // the scheduled jobs: once per due time across every process on the database (docs/jobs.md)
  if (config.jobs !== false) {
    const scheduler = createScheduler({
      db: database.db,
      logger,
      jobs: scheduledJobs(platform, { sessionPurgeMs: config.sessionPurgeMs }),
      ...(config.jobTickMs ? { tickMs: config.jobTickMs } : {}),
      ...(config.now ? { now: config.now } : {}),
    });
    await scheduler.start();
    app.addHook('onClose', () => scheduler.stop());
  }

  let worker: OutboxWorker | undefined;
  if (config.mail) {
    const mailer = createMailer(config.mail);
    worker = startOutboxWorker({
      db: database.db,
      mailer,
      sms: config.sms ?? new LoggingSmsGateway(logger),
      // each feature renders its own templates
      render: outboxRenderer(FEATURES),
      logger,
      pollMs: config.outboxPollMs ?? 5000,
      listen: (wake) => database.listen('outbox', wake),
    });
    app.addHook('onClose', async () => {
      await worker?.stop();
      mailer.close();
    });
  }
  // calendar replies (METHOD:REPLY) mailed to the monitored organiser address: INBOUND_SMTP_PORT
  const inboundMail = config.inboundMail;
  if (inboundMail?.port !== undefined) {
    const inbound = await startInboundMail({
      ...inboundMail,
      port: inboundMail.port,
      logger,
      handler: meetingReplyHandler(database.db, config.now),
    });
    app.addHook('onClose', () => inbound.close());
  }
  app.addHook('onClose', async () => {
    await hub.close();
  });
  await app.ready();
  return app;
}
