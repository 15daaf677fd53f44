import { isIP } from 'node:net';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const REGION_CODE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const HOST_NAME =
  /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;

/** "perheverkko.pohjois-savo.fi=pohjois-savo,perheverkko.pirha.fi=pirkanmaa" → host → region code. */
function regionHosts(value: string, ctx: z.RefinementCtx): Record<string, string> {
  const hosts: Record<string, string> = {};
  for (const pair of value
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [host = '', region = '', ...rest] = pair.split('=').map((p) => p.trim());
    const name = host.toLowerCase();
    if (rest.length > 0 || !HOST_NAME.test(name) || !REGION_CODE.test(region)) {
      ctx.addIssue({
        code: 'custom',
        message: `"${pair}" is not host=region-code (a host name, no scheme or port)`,
      });
    } else if (name in hosts) {
      ctx.addIssue({ code: 'custom', message: `the host ${name} is given twice` });
    } else {
      hosts[name] = region;
    }
  }
  return hosts;
}

const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  /** a read replica for the metrics and the DPO's access-log search; only with DATABASE_URL */
  DATABASE_READ_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  SEED_DEMO: bool.default(true),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PUBLIC_URL: z.string().url().optional(),
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 7)
    .default(12),
  STAFF_OIDC_ISSUER: z.string().url().optional(),
  STAFF_OIDC_CLIENT_ID: z.string().min(1).optional(),
  STAFF_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  CLIENT_OIDC_ISSUER: z.string().url().optional(),
  CLIENT_OIDC_CLIENT_ID: z.string().min(1).optional(),
  CLIENT_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  /** the region whose residents sign in as clients (a region code of data/reference) */
  CLIENT_REGION: z.string().min(1).default('pohjois-savo'),
  /** the region of each address: host=region pairs, comma-separated (platform/http/site-region.ts) */
  REGION_HOSTS: z
    .string()
    .transform((value, ctx) => regionHosts(value, ctx))
    .optional(),
  /** the region served at any address REGION_HOSTS does not name */
  DEFAULT_REGION: z
    .string()
    .regex(REGION_CODE, 'must be a region code like pohjois-savo')
    .default('pohjois-savo'),
  PERSONAL_DATA_KEY: z
    .string()
    .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes, base64-encoded')
    .optional(),
  /** access-log rows older than this many days are removed by the retention job (two years) */
  ACCESS_LOG_RETENTION_DAYS: z.coerce.number().int().min(1).max(36_500).default(730),
  /** off: this process runs no scheduled jobs (docs/jobs.md) */
  JOBS: z.enum(['on', 'off']).default('on'),
  /** the outgoing mail server: smtp://[user:pass@]host[:port] or smtps://… */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^/]/, 'must start with smtp:// or smtps:// and name a host')
    .optional(),
  /** the bearer token of /metrics (issue 10, finding 12) */
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters (openssl rand -hex 32)').optional(),
  /** which peers may say who the client is in X-Forwarded-For (issue 10, finding 13); see parseTrustProxy */
  TRUST_PROXY: z.string().default('false'),
  /** the From of every e-mail */
  MAIL_FROM: z
    .string()
    .regex(
      /^(?:[^<>@\s]+@[^<>@\s]+|[^<>]*<[^<>@\s]+@[^<>@\s]+>)$/,
      'must be an address: name@domain or Name <name@domain>',
    )
    .default('Perheverkko <no-reply@perheverkko.invalid>'),
  /** the organiser address of calendar invitations, where calendar replies come (platform/inbound-mail.ts) */
  MEETING_REPLY_ADDRESS: z
    .string()
    .regex(/^[^<>@\s"]+@[^<>@\s"]+\.[^<>@\s"]+$/, 'must be a bare address: name@domain')
    .transform((v) => v.toLowerCase())
    .optional(),
  /** the port of the inbound SMTP listener for calendar replies; unset: no listener */
  INBOUND_SMTP_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** the address it listens on (behind the region's mail relay: loopback or the relay's network) */
  INBOUND_SMTP_HOST: z.string().min(1).default('127.0.0.1'),
  /** the largest message it accepts, in bytes */
  INBOUND_SMTP_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(50 * 1024 * 1024)
    .default(2 * 1024 * 1024),
});

/** What production cannot run without: named, all at once, when missing. */
const REQUIRED_IN_PRODUCTION = [
  'DATABASE_URL',
  'PUBLIC_URL',
  'STAFF_OIDC_ISSUER',
  'STAFF_OIDC_CLIENT_ID',
  'STAFF_OIDC_CLIENT_SECRET',
  'CLIENT_OIDC_ISSUER',
  'CLIENT_OIDC_CLIENT_ID',
  'CLIENT_OIDC_CLIENT_SECRET',
  'PERSONAL_DATA_KEY',
  'SMTP_URL',
  // the organiser address of calendar invitations: replies must reach a mailbox the region watches
  'MEETING_REPLY_ADDRESS',
] as const;

/**
 * Fastify's trustProxy: false (the connection's address is the client), true (any peer's
 * X-Forwarded-For is believed: never in production), a number of proxy hops in front of the
 * server, or the addresses and CIDR ranges of the trusted proxies (and proxy-addr's names
 * loopback, linklocal, uniquelocal).
 */
export type TrustProxy = boolean | number | string[];

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** TRUST_PROXY as text to its value, or the problem with it. */
export function parseTrustProxy(text: string): { value: TrustProxy } | { problem: string } {
  const value = text.trim();
  if (value === 'false') return { value: false };
  if (value === 'true') return { value: true };
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    return hops >= 1 && hops <= 20 ? { value: hops } : { problem: 'a hop count must be 1–20' };
  }
  const items = value.split(',').map((item) => item.trim());
  for (const item of items) {
    if (PROXY_NAMES.has(item)) continue;
    const [address = '', prefix, ...rest] = item.split('/');
    const family = isIP(address);
    const bits = family === 4 ? 32 : 128;
    const prefixOk = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= bits);
    if (family === 0 || !prefixOk || rest.length > 0) {
      return {
        problem: `"${item}" is not an IP address or CIDR range; give false, a hop count, or a comma list of addresses and ranges`,
      };
    }
  }
  return { value: items };
}

/** An OpenID Connect provider and our registration there. */
export interface OidcIssuerConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
}

export type Config = {
  nodeEnv: 'development' | 'production' | 'test';
  host: string;
  port: number;
  dataDir: string;
  databaseUrl: string | undefined;
  /** DATABASE_READ_URL: where the metrics and the DPO's log search read (a replica); unset: the primary */
  databaseReadUrl: string | undefined;
  seedDemo: boolean;
  logLevel: string;
  publicUrl: string | undefined;
  /** demo users and sign-in without an identity provider: never in production */
  demoMode: boolean;
  session: { idleMinutes: number; absoluteHours: number; secureCookies: boolean };
  /** the identity providers that are configured (staff: the region's; clients: Suomi.fi) */
  oidc: { staff?: OidcIssuerConfig; client?: OidcIssuerConfig };
  /** the region clients belong to */
  clientRegion: string;
  /** the region each address serves (host name → region code), and the region of any other address */
  sites: { hosts: Record<string, string>; defaultRegion: string };
  /** 32 bytes: HMAC and AES-256-GCM key for personal identity codes */
  personalDataKey: Buffer | undefined;
  /** access-log rows older than this are removed by the retention job */
  accessLogRetentionDays: number;
  /** JOBS=off: this process runs no scheduled jobs (another process does) */
  jobs: boolean;
  /** outgoing e-mail: the SMTP server (none: not sent, see platform/mail.ts) and the From */
  mail: { smtpUrl: string | undefined; from: string };
  /** calendar replies: the organiser address, and the SMTP listener (port unset: none) */
  inboundMail: { replyAddress: string; port: number | undefined; host: string; maxBytes: number };
  /** /metrics answers only `Authorization: Bearer <this>`; unset: open, except 404 in production */
  metricsToken: string | undefined;
  /** who may tell the client's address in X-Forwarded-For (rate limits, logs) */
  trustProxy: TrustProxy;
};

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** A bad value as an error message may show it: keys hidden, the password of a URL masked. */
function shown(name: string, value: string | undefined): string {
  if (value === undefined) return '';
  if (name === 'PERSONAL_DATA_KEY' || name.endsWith('_SECRET') || name.endsWith('_TOKEN')) return '(hidden)';
  return value.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/@:]*:)[^/@]*@/i, '$1***@');
}

/** Reads the configuration from environment variables; throws a ConfigError naming each bad value. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const input = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = configSchema.safeParse(input);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map(
        (issue) =>
          `${issue.path.join('.')}: ${issue.message} (got "${shown(String(issue.path[0]), input[String(issue.path[0])])}")`,
      ),
    );
  }
  const c = parsed.data;
  const trustProxy = parseTrustProxy(c.TRUST_PROXY);
  if ('problem' in trustProxy) throw new ConfigError([`TRUST_PROXY: ${trustProxy.problem}`]);
  if (c.NODE_ENV === 'production' && trustProxy.value === true) {
    throw new ConfigError([
      'TRUST_PROXY: true is not allowed when NODE_ENV=production (anyone could choose their address); give the load balancer addresses or the hop count',
    ]);
  }
  if (c.DATABASE_READ_URL && !c.DATABASE_URL) {
    throw new ConfigError([
      'DATABASE_READ_URL: only with DATABASE_URL (PostgreSQL); the embedded database (DATA_DIR) has no read replica, unset DATABASE_READ_URL or set DATABASE_URL',
    ]);
  }
  if (c.NODE_ENV === 'production') {
    const missing: string[] = REQUIRED_IN_PRODUCTION.filter((name) => c[name] === undefined).map(
      (name) => `${name}: required when NODE_ENV=production`,
    );
    if (c.PUBLIC_URL && !c.PUBLIC_URL.startsWith('https://'))
      missing.push(`PUBLIC_URL: must be https:// when NODE_ENV=production (got "${c.PUBLIC_URL}")`);
    if (missing.length > 0) throw new ConfigError(missing);
  }
  const issuer = (issuer?: string, clientId?: string, clientSecret?: string) =>
    issuer && clientId && clientSecret ? { issuer, clientId, clientSecret } : undefined;
  return {
    nodeEnv: c.NODE_ENV,
    host: c.HOST,
    port: c.PORT,
    dataDir: c.DATA_DIR,
    databaseUrl: c.DATABASE_URL,
    databaseReadUrl: c.DATABASE_READ_URL,
    seedDemo: c.SEED_DEMO,
    logLevel: c.LOG_LEVEL,
    publicUrl: c.PUBLIC_URL,
    demoMode: c.NODE_ENV !== 'production',
    session: {
      idleMinutes: c.SESSION_IDLE_MINUTES,
      absoluteHours: c.SESSION_ABSOLUTE_HOURS,
      secureCookies: c.NODE_ENV === 'production',
    },
    oidc: {
      staff: issuer(c.STAFF_OIDC_ISSUER, c.STAFF_OIDC_CLIENT_ID, c.STAFF_OIDC_CLIENT_SECRET),
      client: issuer(c.CLIENT_OIDC_ISSUER, c.CLIENT_OIDC_CLIENT_ID, c.CLIENT_OIDC_CLIENT_SECRET),
    },
    clientRegion: c.CLIENT_REGION,
    sites: { hosts: c.REGION_HOSTS ?? {}, defaultRegion: c.DEFAULT_REGION },
    personalDataKey: c.PERSONAL_DATA_KEY ? Buffer.from(c.PERSONAL_DATA_KEY, 'base64') : undefined,
    accessLogRetentionDays: c.ACCESS_LOG_RETENTION_DAYS,
    jobs: c.JOBS === 'on',
    mail: { smtpUrl: c.SMTP_URL, from: c.MAIL_FROM },
    inboundMail: {
      // development and tests: an address no mail can reach (RFC 2606), never a real one by chance
      replyAddress: c.MEETING_REPLY_ADDRESS ?? 'yhdessa-aika@perheverkko.invalid',
      port: c.INBOUND_SMTP_PORT,
      host: c.INBOUND_SMTP_HOST,
      maxBytes: c.INBOUND_SMTP_MAX_BYTES,
    },
    metricsToken: c.METRICS_TOKEN,
    trustProxy: trustProxy.value,
  };
}
