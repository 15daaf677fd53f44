import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import rateLimit, { type RateLimitOptions, type RateLimitPluginOptions } from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import Fastify, {
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  LogController,
} from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import { type ErrorCode, errorMessage, isLang, type Lang, langFromAcceptLanguage } from '../../i18n/index.ts';
import { AppError, type ErrorStatus, type FieldProblem } from '../errors.ts';
import { voikkoStatus } from '../voikko.ts';
import { installCompression } from './compression.ts';
import { installInputRule } from './input-rule.ts';
import type { RateLimitStoreClass } from './rate-limit-store.ts';
import { issuesToProblems } from './validation.ts';

export type App = FastifyInstance;

/** What a page-rendering layer provides so the platform can answer errors with a helpful page. */
export type ErrorPageRenderer = (input: {
  lang: Lang;
  status: number;
  code: ErrorCode;
  message: string;
  reference: string;
  /** who asked and where (a signed-in worker on a staff path gets the staff frame) */
  request: FastifyRequest;
  reply: FastifyReply;
}) => string;

/**
 * How long /health/ready waits for the database: one that does not answer at all (a broken
 * network, a failover to an address not yet up) would otherwise hang the check for as long as
 * TCP waits, minutes, and a balancer could take that for a slow "ready" (issue 15). The check
 * waits for a connection of the pool like any request, so a process whose connections are all
 * busy for longer than this also says 503: it is overloaded (2 s did that in a burst of 185
 * concurrent contacts on a 2-CPU machine; 4 s stays under a balancer's usual 5 s).
 */
export const READY_TIMEOUT_MS = 4000;

/** The check's answer, or false (not ready) when it takes longer than READY_TIMEOUT_MS. */
async function withinReadyTimeout(check: Promise<boolean>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), READY_TIMEOUT_MS);
  });
  try {
    return await Promise.race([check.catch(() => false), late]);
  } finally {
    clearTimeout(timer);
  }
}

export interface HttpOptions {
  logger: Logger;
  production: boolean;
  renderErrorPage: ErrorPageRenderer;
  isReady: () => Promise<boolean>;
  /** requests per minute and client IP; defaults in DEFAULT_RATE_LIMITS */
  rateLimits?: Partial<RateLimits>;
  /**
   * Where the rate-limit counters live: the app gives the database's (rate-limit-store.ts), so
   * that every process counts against one limit; without it this process's memory.
   */
  rateLimitStore?: RateLimitStoreClass;
  /**
   * Origins a form may lead to besides our own: the identity providers, because sign-out
   * (a form post) redirects to their end-session endpoint and CSP form-action covers redirects.
   */
  formActionOrigins?: string[];
  /**
   * Who may say who the client is in X-Forwarded-For (TRUST_PROXY, Fastify's trustProxy): the
   * rate limits count per request.ip. Default false: the connection's address.
   */
  trustProxy?: boolean | number | string[];
  /** /metrics answers only `Authorization: Bearer <metricsToken>`; unset: 404 in production */
  metricsToken?: string;
}

/** Requests per minute per client IP, by kind of route. */
export interface RateLimits {
  /** starting and finishing a sign-in, demo sign-in, sign-out */
  signIn: number;
  /** POSTs that anyone may send (contact forms, feedback) */
  publicPost: number;
}
export const DEFAULT_RATE_LIMITS: RateLimits = { signIn: 10, publicPost: 20 };

declare module 'fastify' {
  interface FastifyInstance {
    /** the route option of each rate limit: `{ config: { rateLimit: app.rateLimits.signIn } }` */
    rateLimits: Record<keyof RateLimits, RateLimitOptions>;
  }
}

const routeLists = new WeakMap<FastifyInstance, { method: string; url: string; hidden: boolean }[]>();

/** Every route registered on the app (for the tests that keep the OpenAPI description whole). */
export function registeredRoutes(app: FastifyInstance) {
  return routeLists.get(app) ?? [];
}

/** The language of a request: a page's first path segment, an API's `lang` or Accept-Language. */
export function requestLang(request: FastifyRequest): Lang {
  const first = request.url.split('/')[1]?.split('?')[0];
  if (isLang(first)) return first;
  const q = (request.query as Record<string, unknown> | undefined)?.lang;
  if (isLang(q)) return q;
  return langFromAcceptLanguage(request.headers['accept-language']);
}

const isApi = (request: FastifyRequest) => request.url.startsWith('/api/') || request.url === '/api';

export function sendError(
  request: FastifyRequest,
  reply: FastifyReply,
  status: ErrorStatus,
  code: ErrorCode,
  params: Record<string, string | number> = {},
  fields: FieldProblem[] = [],
  render: ErrorPageRenderer,
) {
  const lang = requestLang(request);
  const message = errorMessage(lang, code, params);
  if (isApi(request) || !request.headers.accept?.includes('html')) {
    return reply.status(status).send({
      error: {
        code,
        message,
        reference: request.id,
        fields: fields.map((f) => ({
          field: f.field,
          code: f.code,
          message: errorMessage(lang, f.code, f.params),
        })),
      },
    });
  }
  return reply
    .status(status)
    .type('text/html; charset=utf-8')
    .send(render({ lang, status, code, message, reference: request.id, request, reply }));
}

/**
 * TRUST_PROXY as Fastify takes it. A hop count becomes a function that believes the last
 * `hops` addresses of X-Forwarded-For: Fastify itself ignores a bare number (it cannot tell
 * the proxy from a client that sent the header itself), so a hop count is for a server that
 * only the load balancer can reach; a list of the proxies' addresses is safe anywhere.
 */
function trustProxyOption(
  value: boolean | number | string[],
): boolean | string[] | ((address: string, hop: number) => boolean) {
  return typeof value === 'number' ? (_address, hop) => hop < value : value;
}

/** Whether an Authorization header is `Bearer <token>`, compared in constant time. */
function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer ([\x21-\x7e]+)$/.exec(header ?? '');
  if (!match) return false;
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(match[1] as string), digest(token));
}

/**
 * The one place where the web layer is set up: security headers and CSP, body parsing,
 * schema validation, OpenAPI, errors with codes, health and metrics.
 */
export async function createHttpServer(options: HttpOptions): Promise<App> {
  const app = Fastify({
    loggerInstance: options.logger,
    // our own onResponse line logs the route pattern, never the URL with its query
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: () => randomUUID(),
    trustProxy: trustProxyOption(options.trustProxy ?? false),
    bodyLimit: 1024 * 1024,
    routerOptions: { maxParamLength: 200 },
    // What the router refuses before any route (a path parameter longer than maxParamLength, a
    // broken %-escape) is answered like every other error: coded and translated, a page or JSON.
    frameworkErrors: (error, request, reply) =>
      error.code === 'FST_ERR_MAX_PARAM_LENGTH'
        ? sendError(request, reply, 404, 'http.not_found', {}, [], options.renderErrorPage)
        : sendError(request, reply, 400, 'request.invalid', {}, [], options.renderErrorPage),
  });
  const routes: { method: string; url: string; hidden: boolean }[] = [];
  routeLists.set(app as unknown as FastifyInstance, routes);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') routes.push({ method, url: route.url, hidden: Boolean(route.schema?.hide) });
    }
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'", ...(options.formActionOrigins ?? [])],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        ...(options.production ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    hsts: options.production,
  });
  // br or gzip for pages, JSON, CSS, JS, SVG and CSV above 1 kB; before every route, since the
  // plugin hooks into each route as it is added (compression.ts; docs/operations.md)
  await installCompression(app as unknown as FastifyInstance);
  // Rate limits per route kind (opt-in per route), answered 429 with a translated message.
  // The counters live in the database when the app gives its store (shared by every process
  // on it, docs/operations.md), otherwise in this process's memory.
  await app.register(rateLimit, {
    global: false,
    ...(options.rateLimitStore ? { store: options.rateLimitStore as RateLimitPluginOptions['store'] } : {}),
    errorResponseBuilder: () => new AppError('http.rate_limited', 429),
  });
  const limits = { ...DEFAULT_RATE_LIMITS, ...options.rateLimits };
  app.decorate('rateLimits', {
    signIn: { max: limits.signIn, timeWindow: '1 minute' },
    publicPost: { max: limits.publicPost, timeWindow: '1 minute' },
  });
  await app.register(formbody);
  installInputRule(app as unknown as FastifyInstance);
  // Answers of the API carry personal data (contacts, handoffs, the status link) unless a route
  // says otherwise by setting its own Cache-Control: no shared or browser cache keeps them.
  app.addHook('onSend', async (request, reply) => {
    if (isApi(request) && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Perheverkko API',
        version: '0.1.0',
        description:
          'The API of Perheverkko: the region-wide family-centre service catalogue as Open Referral HSDS 3.0 (/api/hsds), plus health and metrics.',
      },
    },
    transform: jsonSchemaTransform,
  });

  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by route',
    labelNames: ['method', 'route', 'status_code'],
    buckets: [0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const errors = new Counter({
    name: 'http_server_errors_total',
    help: 'Responses with status 500 or more',
    registers: [registry],
  });

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const seconds = reply.elapsedTime / 1000;
    duration.observe({ method: request.method, route, status_code: reply.statusCode }, seconds);
    if (reply.statusCode >= 500) errors.inc();
    // The route pattern only: a query string can hold a family's own words.
    request.log.info(
      { method: request.method, route, status: reply.statusCode, ms: Math.round(reply.elapsedTime) },
      'request',
    );
  });

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof AppError) {
      return sendError(
        request,
        reply,
        error.status,
        error.code,
        error.params,
        error.fields,
        options.renderErrorPage,
      );
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const fields = issuesToProblems(
        error.validation.map((v) => ({
          ...(v.params as Record<string, unknown>),
          message: v.message,
          code: v.keyword,
          path: v.instancePath.split('/').filter(Boolean),
        })),
      );
      return sendError(request, reply, 400, 'request.invalid', {}, fields, options.renderErrorPage);
    }
    const e = error as { statusCode?: number; code?: string };
    if (e.code?.startsWith('FST_CSRF_')) {
      return sendError(request, reply, 403, 'http.csrf', {}, [], options.renderErrorPage);
    }
    if (e.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError) {
      return sendError(request, reply, 400, 'http.bad_json', {}, [], options.renderErrorPage);
    }
    if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
      const status =
        ([400, 401, 403, 404, 409, 413, 415, 429] as const).find((s) => s === e.statusCode) ?? 400;
      return sendError(request, reply, status, 'request.invalid', {}, [], options.renderErrorPage);
    }
    request.log.error(
      {
        err: {
          type: (error as Error).name,
          message: (error as Error).message,
          stack: (error as Error).stack,
        },
      },
      'unhandled error',
    );
    return sendError(request, reply, 500, 'http.internal', {}, [], options.renderErrorPage);
  });

  app.setNotFoundHandler((request, reply) =>
    sendError(request, reply, 404, 'http.not_found', {}, [], options.renderErrorPage),
  );

  const typed = app.withTypeProvider<ZodTypeProvider>();
  typed.get('/health/live', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  typed.get('/health/ready', { schema: { hide: true } }, async (_request, reply) => {
    const ready = await withinReadyTimeout(options.isReady());
    // which morphology the search uses: Voikko, or the snowball stemmer alone (docs/search.md)
    return reply
      .status(ready ? 200 : 503)
      .send({ status: ready ? 'ok' : 'unavailable', search: { morphology: voikkoStatus().morphology } });
  });
  // METRICS_TOKEN: a bearer token; without one, open in development and absent in production.
  const metricsToken = options.metricsToken;
  typed.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    if (metricsToken !== undefined) {
      if (!bearerMatches(request.headers.authorization, metricsToken)) {
        reply.header('www-authenticate', 'Bearer realm="metrics"');
        throw new AppError('http.metrics_token', 401);
      }
    } else if (options.production) {
      throw new AppError('http.not_found', 404);
    }
    return reply.type(registry.contentType).send(await registry.metrics());
  });
  typed.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  return app as unknown as App;
}
