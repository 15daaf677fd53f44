import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { createElement } from 'react';
import { z } from 'zod';
import { isLang, type Lang } from '../../i18n/index.ts';
import { Refusal } from '../../platform/access/index.ts';
import { organizationName, signInUrl, staffActor, staffOnly } from '../../platform/auth/guard.ts';
import { type CsvColumn, toCsv } from '../../platform/csv.ts';
import type { DB } from '../../platform/db/types.ts';
import { AppError, type FieldProblem } from '../../platform/errors.ts';
import { csrfToken } from '../../platform/http/csrf.ts';
import { renderPage } from '../../ui/Layout.tsx';
import { exportRegionAccessLog, myAccessLog, searchRegionAccessLog } from './access-log.ts';
import { isoDate, parseDate, startOfHelsinkiDay } from './format.ts';
import { DpoAccessLogPage, type DpoFormValues } from './pages/DpoAccessLogPage.tsx';
import { MyAccessLogPage } from './pages/MyAccessLogPage.tsx';
import { ACCESS_LOG_EXPORT_QUESTION, ACCESS_LOG_SEARCH_QUESTION } from './policy.ts';
import type { AccessLogFilters, AccessLogView } from './queries.ts';

const html = 'text/html; charset=utf-8';
const langParam = z.object({ lang: z.string() });
const hidden = { hide: true };

function pageLang(params: { lang: string }): Lang {
  if (!isLang(params.lang)) throw new AppError('http.not_found', 404);
  return params.lang;
}

const one = (v: unknown) => (typeof v === 'string' ? v.slice(0, 200).trim() : '');
const pageNumber = (v: unknown) => {
  const n = Number(one(v) || '1');
  return Number.isInteger(n) && n >= 1 && n <= 100_000 ? n : 1;
};

/** The filters of the DPO's search from the query string: what the form shows, and what is wrong. */
function readFilters(raw: Record<string, unknown>): {
  values: DpoFormValues;
  filters: AccessLogFilters;
  problems: FieldProblem[];
  query: string;
} {
  const values = { client: one(raw.client), user: one(raw.user), from: one(raw.from), to: one(raw.to) };
  const problems: FieldProblem[] = [];
  const from = parseDate(values.from);
  const to = parseDate(values.to);
  if (from === null) problems.push({ field: 'from', code: 'access.invalid_date' });
  if (to === null) problems.push({ field: 'to', code: 'access.invalid_date' });
  const filters: AccessLogFilters = {
    client: values.client || undefined,
    user: values.user || undefined,
    from: from ? startOfHelsinkiDay(from.year, from.month, from.day) : undefined,
    // the whole "to" day is included
    until: to ? startOfHelsinkiDay(to.year, to.month, to.day + 1) : undefined,
  };
  // dates go back to the form as type=date wants them
  const shown = { ...values, from: from ? isoDate(from) : values.from, to: to ? isoDate(to) : values.to };
  const query = new URLSearchParams(Object.entries(shown).filter(([, v]) => v !== '')).toString();
  return { values: shown, filters, problems, query };
}

const CSV_COLUMNS: CsvColumn<keyof AccessLogView | 'time'>[] = [
  { key: 'id', header: 'id' },
  { key: 'time', header: 'time' },
  { key: 'actorKind', header: 'actor_kind' },
  { key: 'actorName', header: 'actor_name' },
  { key: 'organizationName', header: 'organization' },
  { key: 'role', header: 'role' },
  { key: 'clientId', header: 'client_id' },
  { key: 'clientName', header: 'client_name' },
  { key: 'action', header: 'action' },
  { key: 'resourceType', header: 'resource_type' },
  { key: 'resourceId', header: 'resource_id' },
  { key: 'reason', header: 'reason' },
  { key: 'breakGlass', header: 'break_glass' },
];

function accessLogCsv(rows: AccessLogView[]): string {
  return toCsv(
    rows.map((r) => ({ ...r, time: r.at.toISOString(), breakGlass: r.breakGlass ? 'true' : 'false' })),
    CSV_COLUMNS,
  );
}

/** The client's "who has read my data" page and the data-protection officer's search and export. */
export async function accessLogRoutes(
  app: FastifyInstance,
  {
    db,
    readDb,
  }: {
    db: Kysely<DB> /** the DPO's search and export read here (a replica), logged on db */;
    readDb?: Kysely<DB>;
  },
) {
  const read = readDb ?? db;
  const typed = app.withTypeProvider<ZodTypeProvider>();

  // 703/2023 §11: a client has the right to know who has accessed or processed their data.
  typed.get('/:lang/my/access-log', { schema: { ...hidden, params: langParam } }, async (request, reply) => {
    const lang = pageLang(request.params);
    const actor = request.actor;
    if (actor.kind === 'anonymous') return reply.redirect(signInUrl(request), 302);
    if (actor.kind !== 'client') throw new Refusal('not_client');
    const page = pageNumber((request.query as Record<string, unknown> | undefined)?.page);
    const { rows, total } = await myAccessLog(db, actor, page);
    reply.header('cache-control', 'no-store');
    return reply
      .type(html)
      .send(
        renderPage(
          createElement(MyAccessLogPage, { lang, rows, total, page, actor, csrfToken: csrfToken(reply) }),
        ),
      );
  });

  typed.get(
    '/:lang/staff/access-log',
    { schema: { ...hidden, params: langParam }, preHandler: staffOnly(ACCESS_LOG_SEARCH_QUESTION) },
    async (request, reply) => {
      const lang = pageLang(request.params);
      const actor = staffActor(request);
      const raw = (request.query ?? {}) as Record<string, unknown>;
      const { values, filters, problems, query } = readFilters(raw);
      const page = pageNumber(raw.page);
      const result =
        problems.length === 0 ? await searchRegionAccessLog(db, actor, filters, page, read) : null;
      reply.header('cache-control', 'no-store');
      return reply
        .status(problems.length === 0 ? 200 : 400)
        .type(html)
        .send(
          renderPage(
            createElement(DpoAccessLogPage, {
              lang,
              actor,
              organizationName: await organizationName(read, actor.organizationId),
              csrf: csrfToken(reply),
              values,
              problems,
              result,
              page,
              query,
            }),
          ),
        );
    },
  );

  typed.get(
    '/:lang/staff/access-log.csv',
    { schema: { ...hidden, params: langParam }, preHandler: staffOnly(ACCESS_LOG_EXPORT_QUESTION) },
    async (request: FastifyRequest<{ Params: { lang: string } }>, reply) => {
      pageLang(request.params);
      const actor = staffActor(request);
      const { filters, problems } = readFilters((request.query ?? {}) as Record<string, unknown>);
      if (problems.length > 0) throw new AppError('request.invalid', 400, {}, problems);
      const rows = await exportRegionAccessLog(db, actor, filters, read);
      const day = new Date().toISOString().slice(0, 10);
      return reply
        .header('cache-control', 'no-store')
        .header('content-disposition', `attachment; filename="access-log-${day}.csv"`)
        .type('text/csv; charset=utf-8')
        .send(accessLogCsv(rows));
    },
  );
}
