import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { createElement } from 'react';
import { z } from 'zod';
import { type ErrorCode, isLang } from '../../i18n/index.ts';
import type { DB } from '../../platform/db/types.ts';
import { AppError, type FieldProblem } from '../../platform/errors.ts';
import { csrfToken } from '../../platform/http/csrf.ts';
import { zodProblems } from '../../platform/http/validation.ts';
import { UUID_PATTERN } from '../../platform/ids.ts';
import { type PageAccount, renderPage } from '../../ui/Layout.tsx';
import {
  catalogueOptions,
  checkFilterValues,
  getOrganizationDetail,
  getServiceDetail,
  regionOptions,
  type SearchResult,
  searchServices,
} from './catalogue.ts';
import { HomePage } from './pages/HomePage.tsx';
import { OrganizationPage } from './pages/OrganizationPage.tsx';
import { type ListFormValues, ServiceListPage } from './pages/ServiceListPage.tsx';
import { ServicePage } from './pages/ServicePage.tsx';
import { cataloguePageQuery, toFilters } from './schema.ts';

export const PAGE_SIZE = 20;

const langParam = z.object({ lang: z.string() });
const langIdParam = z.object({ lang: z.string(), id: z.string() });

/** A page path with an unknown language or a malformed id is a page that does not exist. */
function pagePath(params: { lang: string; id?: string }, notFoundCode: ErrorCode = 'http.not_found') {
  if (!isLang(params.lang)) throw new AppError('http.not_found', 404);
  if (params.id !== undefined && !UUID_PATTERN.test(params.id)) throw new AppError(notFoundCode, 404);
  return { lang: params.lang, id: params.id ?? '' };
}

/** The id of the region's region-wide one-contact counselling service, shown on the home page. */
async function oneContactServiceId(db: Kysely<DB>, regionId: string): Promise<string | null> {
  const row = await db
    .selectFrom('service')
    .innerJoin('service_taxonomy_term', 'service_taxonomy_term.service_id', 'service.id')
    .innerJoin('taxonomy_term', 'taxonomy_term.id', 'service_taxonomy_term.taxonomy_term_id')
    .select('service.id')
    .where('taxonomy_term.code', '=', 'PERHENEUVONTA_OHJAUS')
    .where('service.area_scope', '=', 'region')
    .where('service.region_id', '=', regionId)
    .where('service.status', '=', 'active')
    .orderBy('service.created_at')
    .executeTakeFirst();
  return row?.id ?? null;
}

const html = 'text/html; charset=utf-8';

/**
 * The signed-in user for the page header (name and sign-out), or nothing: signed-out visitors
 * get no CSRF cookie from the public pages.
 */
function pageAccount(request: FastifyRequest, reply: FastifyReply): PageAccount | undefined {
  return request.actor.kind === 'anonymous'
    ? undefined
    : { actor: request.actor, csrfToken: csrfToken(reply) };
}

function formValues(raw: Record<string, unknown>): ListFormValues {
  const one = (v: unknown) =>
    typeof v === 'string' ? v.slice(0, 300) : Array.isArray(v) ? String(v[0] ?? '') : '';
  const many = (v: unknown) => (Array.isArray(v) ? v.map(String) : typeof v === 'string' && v ? [v] : []);
  return {
    q: one(raw.q),
    municipality: one(raw.municipality),
    age: one(raw.age),
    topic: many(raw.topic),
    type: many(raw.type),
    channel: many(raw.channel),
    language: one(raw.language),
  };
}

/** The public catalogue pages: server-rendered HTML that works without JavaScript. */
export async function cataloguePageRoutes(app: FastifyInstance, { db }: { db: Kysely<DB> }) {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const hidden = { hide: true };

  typed.get('/', { schema: hidden }, async (_request, reply) => reply.redirect('/fi'));

  typed.get('/:lang', { schema: { ...hidden, params: langParam } }, async (request, reply) => {
    const { lang } = pagePath(request.params);
    const region = request.siteRegion;
    const [options, oneContact] = await Promise.all([
      catalogueOptions(db).then((all) => regionOptions(all, region.id, lang)),
      oneContactServiceId(db, region.id),
    ]);
    return reply.type(html).send(
      renderPage(
        createElement(HomePage, {
          lang,
          options,
          oneContactServiceId: oneContact,
          account: pageAccount(request, reply),
        }),
      ),
    );
  });

  typed.get('/:lang/services', { schema: { ...hidden, params: langParam } }, async (request, reply) => {
    const { lang } = pagePath(request.params);
    const raw = (request.query ?? {}) as Record<string, unknown>;
    const search = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
    // the site's region only: its municipalities in the picker, its services in the results
    const regionId = request.siteRegion.id;
    const options = regionOptions(await catalogueOptions(db), regionId, lang);
    const parsed = cataloguePageQuery.safeParse(raw);
    let problems: FieldProblem[] = parsed.success ? [] : zodProblems(parsed.error);
    let result: SearchResult | null = null;
    let status = 200;
    if (parsed.success) {
      const filters = { ...toFilters(parsed.data), regionId };
      problems = checkFilterValues(options, filters);
      if (problems.length === 0) {
        try {
          result = await searchServices(db, options, filters, lang, parsed.data.page, PAGE_SIZE);
        } catch (error) {
          if (!(error instanceof AppError) || error.fields.length === 0) throw error;
          problems = error.fields;
          status = error.status;
        }
      }
    }
    if (problems.length > 0 && status === 200) status = 400;
    return reply
      .status(status)
      .type(html)
      .send(
        renderPage(
          createElement(ServiceListPage, {
            lang,
            options,
            values: formValues(raw),
            result,
            problems,
            search,
            account: pageAccount(request, reply),
          }),
        ),
      );
  });

  typed.get('/:lang/services/:id', { schema: { ...hidden, params: langIdParam } }, async (request, reply) => {
    const { lang, id } = pagePath(request.params, 'catalogue.service_not_found');
    const [detail, options] = await Promise.all([getServiceDetail(db, id), catalogueOptions(db)]);
    return reply
      .type(html)
      .send(
        renderPage(
          createElement(ServicePage, { lang, detail, options, account: pageAccount(request, reply) }),
        ),
      );
  });

  typed.get(
    '/:lang/organizations/:id',
    { schema: { ...hidden, params: langIdParam } },
    async (request, reply) => {
      const { lang, id } = pagePath(request.params, 'catalogue.organization_not_found');
      const detail = await getOrganizationDetail(db, id);
      return reply
        .type(html)
        .send(
          renderPage(createElement(OrganizationPage, { lang, detail, account: pageAccount(request, reply) })),
        );
    },
  );
}
