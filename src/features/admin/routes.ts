import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { createElement } from 'react';
import { z } from 'zod';
import { isLang, type Lang, translations } from '../../i18n/index.ts';
import type { StaffActor } from '../../platform/auth/actor.ts';
import { organizationName, staffActor, staffOnly, WORKSPACE } from '../../platform/auth/guard.ts';
import type { DB } from '../../platform/db/types.ts';
import { AppError, type FieldProblem } from '../../platform/errors.ts';
import { csrfToken } from '../../platform/http/csrf.ts';
import { UUID_PATTERN } from '../../platform/ids.ts';
import { renderPage } from '../../ui/Layout.tsx';
import { catalogueOptions } from '../catalogue/index.ts';
import {
  locationOfRegion,
  locationValues,
  newServiceRows,
  organizationOfRegion,
  organizationValues,
  restoreService,
  retireService,
  saveLocation,
  saveOrganization,
  saveService,
  serviceOfRegion,
  serviceValues,
  setEntityRetired,
} from './admin.ts';
import { type AdminEntity, AdminListPage, entityPath } from './pages/AdminListPage.tsx';
import { EditPage } from './pages/EditPage.tsx';
import { StaffHomePage, type StaffWaiting } from './pages/StaffHomePage.tsx';
import { CATALOGUE_ADMIN_QUESTION } from './policy.ts';
import {
  choosableLocations,
  choosableOrganizations,
  locationsForAdmin,
  organizationsForAdmin,
  servicesForAdmin,
  versionsOf,
} from './queries.ts';
import {
  type FormValues,
  formProblems,
  formValues,
  locationForm,
  organizationForm,
  serviceForm,
} from './schema.ts';

const html = 'text/html; charset=utf-8';
const PAGE_SIZE = 25;
// the same question as the navigation entry (policy.ts): the page and its link agree
const EDITORS = CATALOGUE_ADMIN_QUESTION;
const ENTITIES: AdminEntity[] = ['services', 'organizations', 'locations'];
const entityType = { services: 'service', organizations: 'organization', locations: 'location' } as const;

const langParam = z.object({ lang: z.string() });
const idParam = z.object({ lang: z.string(), id: z.string() });
const listQuery = z.object({
  q: z.string().max(200).optional(),
  retired: z.string().max(5).optional(),
  page: z.coerce.number().int().min(1).max(10_000).optional(),
  done: z.string().max(20).optional(),
});

function lang(params: { lang: string; id?: string }): Lang {
  if (!isLang(params.lang)) throw new AppError('http.not_found', 404);
  if (params.id !== undefined && !UUID_PATTERN.test(params.id)) throw new AppError('http.not_found', 404);
  return params.lang;
}

const flashText = (l: Lang, done: string | undefined) => {
  const tf = translations(l).admin.form;
  return done === 'saved'
    ? tf.saved
    : done === 'created'
      ? tf.created
      : done === 'retired'
        ? tf.retiredDone
        : done === 'restored'
          ? tf.restoredDone
          : undefined;
};

/** Staff workspace home and catalogue administration: pages for a region's catalogue editors. */
export async function adminRoutes(
  app: FastifyInstance,
  { db, waiting }: { db: Kysely<DB>; waiting?: (actor: StaffActor) => Promise<StaffWaiting> },
) {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const hidden = { hide: true };

  async function frame(request: FastifyRequest, reply: FastifyReply) {
    const actor = staffActor(request);
    return {
      actor,
      organizationName: await organizationName(db, actor.organizationId),
      csrf: csrfToken(reply),
    };
  }

  typed.get(
    '/:lang/staff',
    { schema: { ...hidden, params: langParam }, preHandler: staffOnly(WORKSPACE) },
    async (request, reply) => {
      const l = lang(request.params);
      const f = await frame(request, reply);
      // what waits for the user: the home lists its counts (client data, so never cached)
      const counts = waiting ? await waiting(f.actor) : undefined;
      reply.header('cache-control', 'no-store');
      return reply
        .type(html)
        .send(renderPage(createElement(StaffHomePage, { lang: l, ...f, waiting: counts })));
    },
  );

  // The services list lives at /:lang/staff/catalogue (the catalogue's first tab); its
  // entity-shaped address answers too, so /staff/catalogue/services/… can be walked up.
  typed.get(
    '/:lang/staff/catalogue/services',
    { schema: { ...hidden, params: langParam }, preHandler: staffOnly(EDITORS) },
    async (request, reply) => {
      const l = lang(request.params);
      const search = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
      return reply.redirect(`/${l}${entityPath('services')}${search}`, 302);
    },
  );

  for (const entity of ENTITIES) {
    const base = `/:lang/staff/catalogue/${entity}`;
    const editors = { preHandler: staffOnly(EDITORS) };

    typed.get(
      `/:lang${entityPath(entity)}`,
      { schema: { ...hidden, params: langParam, querystring: listQuery }, ...editors },
      async (request, reply) => {
        const l = lang(request.params);
        const f = await frame(request, reply);
        const q = request.query.q?.trim() ?? '';
        const page = request.query.page ?? 1;
        const filter = {
          regionId: f.actor.regionId,
          lang: l,
          q,
          includeRetired: request.query.retired === '1',
          page,
          pageSize: PAGE_SIZE,
        };
        const list =
          entity === 'services'
            ? await servicesForAdmin(db, filter)
            : entity === 'organizations'
              ? await organizationsForAdmin(db, filter)
              : await locationsForAdmin(db, filter);
        const search = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
        return reply.type(html).send(
          renderPage(
            createElement(AdminListPage, {
              lang: l,
              ...f,
              flash: flashText(l, request.query.done),
              entity,
              q,
              includeRetired: filter.includeRetired,
              page,
              pageSize: PAGE_SIZE,
              rows: list.rows,
              total: list.total,
              search,
            }),
          ),
        );
      },
    );

    /** The edit page of a record (id) or a new one, with the values and problems to show. */
    async function editPage(
      request: FastifyRequest,
      reply: FastifyReply,
      l: Lang,
      id: string | null,
      given: { values: FormValues; problems: FieldProblem[]; status: number } | null,
      done?: string,
    ) {
      const f = await frame(request, reply);
      const options = await catalogueOptions(db);
      let values: FormValues = given?.values ?? {};
      let retired = false;
      if (id) {
        if (entity === 'services') {
          const s = await serviceOfRegion(db, f.actor, id);
          retired = s.status === 'inactive' || s.status === 'defunct';
          if (!given) values = serviceValues(s, options, l);
        } else if (entity === 'organizations') {
          const o = await organizationOfRegion(db, f.actor, id);
          retired = o.retiredAt !== null;
          if (!given) values = organizationValues(o.record);
        } else {
          const x = await locationOfRegion(db, f.actor, id);
          retired = x.retiredAt !== null;
          if (!given) values = locationValues(x.record);
        }
      } else if (!given) {
        values =
          entity === 'services'
            ? {
                status: 'active',
                areaScope: 'region',
                channels: ['visit'],
                languages: ['fi'],
                ...newServiceRows(),
              }
            : entity === 'organizations'
              ? { kind: 'ngo' }
              : {};
      }
      const [orgs, locs, versions] = await Promise.all([
        choosableOrganizations(db, f.actor.regionId),
        entity === 'services' ? choosableLocations(db, f.actor.regionId) : Promise.resolve([]),
        id ? versionsOf(db, entityType[entity], id) : Promise.resolve([]),
      ]);
      return reply
        .status(given?.status ?? 200)
        .type(html)
        .send(
          renderPage(
            createElement(EditPage, {
              lang: l,
              ...f,
              flash: flashText(l, done),
              entity,
              id,
              retired,
              values,
              problems: given?.problems ?? [],
              versions,
              options,
              organizations: orgs.map((o) => ({ id: o.id, name: o.name, retired: o.retired_at !== null })),
              locations: locs.map((o) => ({ id: o.id, name: o.name, retired: o.retired_at !== null })),
            }),
          ),
        );
    }

    /** Validates and saves; on a problem the same page again with 400, values kept. */
    async function save(request: FastifyRequest, reply: FastifyReply, l: Lang, id: string | null) {
      const actor = staffActor(request);
      const raw = (request.body ?? {}) as Record<string, unknown>;
      const schema =
        entity === 'services' ? serviceForm : entity === 'organizations' ? organizationForm : locationForm;
      const parsed = schema.safeParse(raw);
      const values = formValues(raw);
      if (!parsed.success)
        return editPage(request, reply, l, id, { values, problems: formProblems(parsed.error), status: 400 });
      const options = await catalogueOptions(db);
      try {
        const savedId =
          entity === 'services'
            ? await saveService(db, actor, id, parsed.data as never, options)
            : entity === 'organizations'
              ? await saveOrganization(db, actor, id, parsed.data as never, options)
              : await saveLocation(db, actor, id, parsed.data as never, options);
        return reply.redirect(
          `/${l}/staff/catalogue/${entity}/${savedId}?done=${id ? 'saved' : 'created'}`,
          303,
        );
      } catch (error) {
        if (!(error instanceof AppError) || error.fields.length === 0) throw error;
        return editPage(request, reply, l, id, { values, problems: error.fields, status: 400 });
      }
    }

    typed.get(
      `${base}/new`,
      { schema: { ...hidden, params: langParam }, ...editors },
      async (request, reply) => editPage(request, reply, lang(request.params), null, null),
    );
    typed.post(base, { schema: { ...hidden, params: langParam }, ...editors }, async (request, reply) =>
      save(request, reply, lang(request.params), null),
    );
    typed.get(
      `${base}/:id`,
      {
        schema: {
          ...hidden,
          params: idParam,
          querystring: z.object({ done: z.string().max(20).optional() }),
        },
        ...editors,
      },
      async (request, reply) => {
        const l = lang(request.params);
        return editPage(request, reply, l, request.params.id, null, request.query.done);
      },
    );
    typed.post(
      `${base}/:id`,
      { schema: { ...hidden, params: idParam }, ...editors },
      async (request, reply) => save(request, reply, lang(request.params), request.params.id),
    );
    typed.post(
      `${base}/:id/retire`,
      { schema: { ...hidden, params: idParam }, ...editors },
      async (request, reply) => {
        const l = lang(request.params);
        const actor = staffActor(request);
        const id = request.params.id;
        if (entity === 'services') {
          const status =
            (request.body as Record<string, unknown> | undefined)?.status === 'defunct'
              ? 'defunct'
              : 'inactive';
          await retireService(db, actor, id, status);
        } else {
          await setEntityRetired(
            db,
            actor,
            entity === 'organizations' ? 'organization' : 'location',
            id,
            true,
          );
        }
        return reply.redirect(`/${l}/staff/catalogue/${entity}/${id}?done=retired`, 303);
      },
    );
    typed.post(
      `${base}/:id/restore`,
      { schema: { ...hidden, params: idParam }, ...editors },
      async (request, reply) => {
        const l = lang(request.params);
        const actor = staffActor(request);
        const id = request.params.id;
        if (entity === 'services') await restoreService(db, actor, id);
        else
          await setEntityRetired(
            db,
            actor,
            entity === 'organizations' ? 'organization' : 'location',
            id,
            false,
          );
        return reply.redirect(`/${l}/staff/catalogue/${entity}/${id}?done=restored`, 303);
      },
    );
  }
}
