/**
 * The shared metrics' page, API, CSV and refresh (capability 13 of issue 13). The region is
 * always the actor's own (never from the query); the municipality must be one of that region's.
 * The period is whole months within one calendar year, not in the future (Europe/Helsinki).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { createElement } from 'react';
import { z } from 'zod';
import { format, isLang, type Lang, translations } from '../../i18n/index.ts';
import { permitted } from '../../platform/access/door.ts';
import type { StaffActor } from '../../platform/auth/actor.ts';
import { organizationName, staffActor, staffOnly } from '../../platform/auth/guard.ts';
import type { DB } from '../../platform/db/types.ts';
import { AppError, type FieldProblem } from '../../platform/errors.ts';
import { csrfToken } from '../../platform/http/csrf.ts';
import { helsinkiDate } from '../../platform/working-days.ts';
import { pick, renderPage } from '../../ui/Layout.tsx';
import { catalogueOptions } from '../catalogue/index.ts';
import { metricsCsv, metricsCsvName } from './csv.ts';
import type { MetricsQuery, MetricsReport } from './model.ts';
import { METRICS_PATH, type MetricsFormValues, MetricsPage, timeText } from './pages/MetricsPage.tsx';
import { METRICS_EXPORT, METRICS_READ, METRICS_REFRESH } from './policy.ts';

const html = 'text/html; charset=utf-8';
const langParam = z.object({ lang: z.string() });
const hidden = { hide: true };
/** A query value of the API as sent: one string, or several (refused by readPeriod). */
const apiParam = z.union([z.string().max(40), z.array(z.string().max(40)).max(4)]).optional();
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export type BuildReport = (db: Kysely<DB>, query: MetricsQuery, now: Date) => Promise<MetricsReport>;
export type RefreshMetrics = (db: Kysely<DB>, regionId: string, now: Date) => Promise<unknown>;

export interface MetricsRouteDeps {
  /** the primary: the refresh writes here */
  db: Kysely<DB>;
  /** the reads of the page, the API and the CSV (DATABASE_READ_URL's replica, or the primary) */
  readDb?: Kysely<DB>;
  now?: () => Date;
  build: BuildReport;
  refresh: RefreshMetrics;
}

function pageLang(params: { lang: string }): Lang {
  if (!isLang(params.lang)) throw new AppError('http.not_found', 404);
  return params.lang;
}

const text = (v: unknown) => (typeof v === 'string' ? v.slice(0, 40).trim() : '');

/** The region's municipalities, named in the page's language, in its alphabetical order. */
async function regionMunicipalities(db: Kysely<DB>, actor: StaffActor, lang: Lang) {
  const options = await catalogueOptions(db);
  const collator = new Intl.Collator(lang);
  return options.municipalities
    .filter((m) => m.regionId === actor.regionId)
    .map((m) => ({ code: m.code, name: pick(m.name, lang).value }))
    .sort((a, b) => collator.compare(a.name, b.name));
}

/**
 * The period and municipality asked for: what the form shows again, what is wrong (beside the
 * field), and the query for the report when nothing is.
 */
export function readPeriod(
  raw: Record<string, unknown>,
  now: Date,
  municipalities: readonly string[],
): {
  values: MetricsFormValues;
  problems: FieldProblem[];
  period: { from: string; to: string; municipality: string | null } | null;
} {
  const thisMonth = helsinkiDate(now).slice(0, 7);
  const thisYear = thisMonth.slice(0, 4);
  let from = text(raw.from);
  let to = text(raw.to);
  const municipality = text(raw.municipality);
  // defaults: this year from January to this month; a lone month fills the other from its year
  if (!from && !to) {
    from = `${thisYear}-01`;
    to = thisMonth;
  } else if (!from && MONTH.test(to)) {
    from = `${to.slice(0, 4)}-01`;
  } else if (!to && MONTH.test(from)) {
    to = from.slice(0, 4) === thisYear ? thisMonth : `${from.slice(0, 4)}-12`;
  }
  const values = { from, to, municipality };
  const problems: FieldProblem[] = [];
  const validMonth = (m: string) => MONTH.test(m) && Number(m.slice(0, 4)) >= 2000;
  // a field given twice (?municipality=297&municipality=749) is refused, not read as left empty
  const twice = (name: keyof MetricsFormValues) => Array.isArray(raw[name]);
  for (const field of ['from', 'to'] as const) {
    const m = values[field];
    if (twice(field) || !validMonth(m)) problems.push({ field, code: 'metrics.month_invalid' });
    else if (m > thisMonth) problems.push({ field, code: 'metrics.period_future' });
  }
  if (problems.length === 0 && (to < from || to.slice(0, 4) !== from.slice(0, 4)))
    problems.push({ field: 'to', code: 'metrics.period_invalid' });
  if (twice('municipality') || (municipality && !municipalities.includes(municipality)))
    problems.push({ field: 'municipality', code: 'metrics.unknown_municipality' });
  return {
    values,
    problems,
    period: problems.length === 0 ? { from, to, municipality: municipality || null } : null,
  };
}

const queryString = (v: MetricsFormValues) =>
  new URLSearchParams(Object.entries(v).filter(([, x]) => x !== '')).toString();

export async function metricsRoutes(app: FastifyInstance, deps: MetricsRouteDeps) {
  const { db } = deps;
  const read = deps.readDb ?? db;
  const clock = () => deps.now?.() ?? new Date();
  const typed = app.withTypeProvider<ZodTypeProvider>();

  /** The asked period for the actor's region, or the problems (a 400 for the API and the CSV). */
  async function ask(request: FastifyRequest, lang: Lang, raw: Record<string, unknown>) {
    const actor = staffActor(request);
    const now = clock();
    const municipalities = await regionMunicipalities(read, actor, lang);
    const asked = readPeriod(
      raw,
      now,
      municipalities.map((m) => m.code),
    );
    const query: MetricsQuery | null = asked.period
      ? { regionId: actor.regionId, ...asked.period, lang }
      : null;
    return { actor, now, municipalities, ...asked, query };
  }

  const fail = (problems: FieldProblem[]) =>
    new AppError(problems[0]?.code ?? 'request.invalid', 400, {}, problems);

  typed.get(
    `/:lang${METRICS_PATH}`,
    { schema: { ...hidden, params: langParam }, preHandler: staffOnly(METRICS_READ) },
    async (request, reply) => {
      const lang = pageLang(request.params);
      const raw = (request.query ?? {}) as Record<string, unknown>;
      const a = await ask(request, lang, raw);
      const report = a.query ? await deps.build(read, a.query, a.now) : null;
      const flash =
        report && text(raw.done) === 'refreshed'
          ? format(translations(lang).metrics.refreshed, { time: timeText(report.refreshedAt ?? a.now) })
          : undefined;
      reply.header('cache-control', 'no-store');
      return reply
        .status(a.problems.length === 0 ? 200 : 400)
        .type(html)
        .send(
          renderPage(
            createElement(MetricsPage, {
              lang,
              actor: a.actor,
              organizationName: await organizationName(read, a.actor.organizationId),
              csrf: csrfToken(reply),
              values: a.values,
              problems: a.problems,
              municipalities: a.municipalities,
              report,
              mayRefresh: permitted(a.actor, METRICS_REFRESH.action, METRICS_REFRESH.resource),
              mayExport: permitted(a.actor, METRICS_EXPORT.action, METRICS_EXPORT.resource),
              query: queryString(a.values),
              flash,
            }),
          ),
        );
    },
  );

  typed.get(
    '/api/metrics',
    {
      schema: {
        summary:
          "The network's shared metrics of the actor's region for whole months of one year: every figure with its n, small counts as hidden cells (reason 'small', 'secondary' or 'denominator'); no free text, no contact",
        tags: ['Metrics'],
        // checked by readPeriod (a problem beside its field); a value given twice is refused there
        querystring: z.object({
          from: apiParam.describe('YYYY-MM, the first month (default: January of this year)'),
          to: apiParam.describe('YYYY-MM, the last month of the same year (default: this month)'),
          municipality: apiParam.describe("a municipality's code of the region; empty: the whole region"),
          lang: apiParam.describe('fi, sv or en: the language of the labels (default fi)'),
        }),
      },
      preHandler: staffOnly(METRICS_READ),
    },
    async (request, reply) => {
      const raw = (request.query ?? {}) as Record<string, unknown>;
      const lang = isLang(raw.lang) ? raw.lang : 'fi';
      const a = await ask(request, lang, raw);
      if (!a.query) throw fail(a.problems);
      const report = await deps.build(read, a.query, a.now);
      return reply.header('cache-control', 'no-store').send(report);
    },
  );

  typed.get(
    `/:lang${METRICS_PATH}/export.csv`,
    { schema: { ...hidden, params: langParam }, preHandler: staffOnly(METRICS_EXPORT) },
    async (request: FastifyRequest<{ Params: { lang: string } }>, reply: FastifyReply) => {
      const lang = pageLang(request.params);
      const a = await ask(request, lang, (request.query ?? {}) as Record<string, unknown>);
      if (!a.query) throw fail(a.problems);
      const report = await deps.build(read, a.query, a.now);
      return reply
        .header('cache-control', 'no-store')
        .header('content-disposition', `attachment; filename="${metricsCsvName(report)}"`)
        .type('text/csv; charset=utf-8')
        .send(metricsCsv(report, lang));
    },
  );

  typed.post(
    `/:lang${METRICS_PATH}/refresh`,
    { schema: { ...hidden, params: langParam }, preHandler: staffOnly(METRICS_REFRESH) },
    async (request, reply) => {
      const lang = pageLang(request.params);
      const actor = staffActor(request);
      await deps.refresh(db, actor.regionId, clock());
      // back to the same period (only well-formed values go into the address)
      const body = (request.body ?? {}) as Record<string, unknown>;
      const keep = (name: string, pattern: RegExp) => {
        const v = text(body[name]);
        return pattern.test(v) ? v : '';
      };
      const back = queryString({
        from: keep('from', MONTH),
        to: keep('to', MONTH),
        municipality: keep('municipality', /^\d{3}$/),
      });
      return reply.redirect(`/${lang}${METRICS_PATH}?${back ? `${back}&` : ''}done=refreshed`, 303);
    },
  );
}
