/**
 * The thesaurus page of the catalogue administration (/:lang/staff/catalogue/thesaurus,
 * docs/thesaurus.md): the region's catalogue editors and administrators try what a query
 * expands to, add, edit and delete the region's own entries and hide or show shipped ones.
 * Plain form posts with the CSRF token, POST-redirect-GET; a refused form answers the same page
 * (400) with the problems beside their fields and what was typed kept; an edit made on an old
 * version answers 409 with the entry as it is now. Others: "not found" (the door, policy.ts).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { createElement } from 'react';
import { z } from 'zod';
import { isLang, type Lang, translations } from '../../i18n/index.ts';
import { organizationName, staffActor, staffOnly } from '../../platform/auth/guard.ts';
import type { DB } from '../../platform/db/types.ts';
import { AppError, type FieldProblem } from '../../platform/errors.ts';
import { csrfToken } from '../../platform/http/csrf.ts';
import { UUID_PATTERN } from '../../platform/ids.ts';
import type { FormValues } from '../../ui/forms.tsx';
import { renderPage } from '../../ui/Layout.tsx';
import {
  catalogueOptions,
  createThesaurusEntry,
  deleteThesaurusEntry,
  expandQuery,
  hiddenThesaurusIds,
  loadThesaurus,
  type OwnThesaurusEntry,
  ownThesaurusEntries,
  ownThesaurusEntry,
  setShippedEntryHidden,
  shippedThesaurusEntries,
  suggestTopics,
  THESAURUS_ENTRY_ID,
  updateThesaurusEntry,
  validateThesaurusEntry,
} from '../catalogue/index.ts';
import {
  THESAURUS_PATH,
  ThesaurusEditPage,
  type ThesaurusFormState,
  type ThesaurusListRow,
  ThesaurusPage,
  type ThesaurusShow,
} from './pages/ThesaurusPage.tsx';
import { CATALOGUE_ADMIN_QUESTION } from './policy.ts';

const html = 'text/html; charset=utf-8';
const hidden = { hide: true };
const PAGE_SIZE = 50;
const MAX_TRY_LENGTH = 2000;

const langParam = z.object({ lang: z.string() });
const idParam = z.object({ lang: z.string(), id: z.string() });
const entryParam = z.object({ lang: z.string(), entryId: z.string() });
const listQuery = z.object({
  q: z.string().max(200).optional(),
  show: z.enum(['all', 'own', 'shipped', 'hidden']).optional(),
  page: z.coerce.number().int().min(1).max(10_000).optional(),
  done: z.string().max(20).optional(),
  try: z.string().max(MAX_TRY_LENGTH).optional(),
  trylang: z.enum(['fi', 'sv', 'en']).optional(),
});
// the form checks its own texts (control and bidi characters beside the field)
const formConfig = { inputRule: 'form' as const };

function lang(params: { lang: string; id?: string }): Lang {
  if (!isLang(params.lang)) throw new AppError('http.not_found', 404);
  if (params.id !== undefined && !UUID_PATTERN.test(params.id)) throw new AppError('http.not_found', 404);
  return params.lang;
}

const textOf = (body: Record<string, unknown>, name: string): string => {
  const v = body[name];
  return typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '';
};
const listOf = (body: Record<string, unknown>, name: string): string[] => {
  const v = body[name];
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter(
    (x): x is string => typeof x === 'string',
  );
};

function formValuesOf(body: Record<string, unknown>): FormValues {
  return {
    kind: textOf(body, 'kind'),
    lang: textOf(body, 'lang'),
    terms: textOf(body, 'terms'),
    topics: listOf(body, 'topics'),
    serviceTypes: listOf(body, 'serviceTypes'),
    source: textOf(body, 'source'),
  };
}

function entryValues(e: OwnThesaurusEntry): FormValues {
  return {
    kind: e.kind,
    lang: e.lang,
    terms: e.terms.join('\n'),
    topics: e.topics,
    serviceTypes: e.serviceTypes,
    source: e.source,
  };
}

const versionOf = (body: Record<string, unknown>): number => {
  const n = Number(textOf(body, 'version'));
  return Number.isInteger(n) && n > 0 ? n : 0;
};

const norm = (s: string) => s.normalize('NFC').toLowerCase();

export async function thesaurusRoutes(app: FastifyInstance, { db }: { db: Kysely<DB> }) {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const editors = { preHandler: staffOnly(CATALOGUE_ADMIN_QUESTION) };

  async function frame(request: FastifyRequest, reply: FastifyReply) {
    const actor = staffActor(request);
    return {
      actor,
      organizationName: await organizationName(db, actor.organizationId),
      csrf: csrfToken(reply),
    };
  }

  async function codes() {
    const options = await catalogueOptions(db);
    return {
      topics: options.topics.map((t) => ({ code: t.code, name: t.name })),
      serviceTypes: options.serviceTypes.map((t) => ({ code: t.code, name: t.name })),
    };
  }

  async function known() {
    const options = await catalogueOptions(db);
    return {
      topics: new Set(options.topics.map((t) => t.code)),
      serviceTypes: new Set(options.serviceTypes.map((t) => t.code)),
    };
  }

  async function listPage(
    request: FastifyRequest,
    reply: FastifyReply,
    l: Lang,
    query: z.infer<typeof listQuery>,
    add: { values: FormValues; problems: FieldProblem[]; status: number } | null,
  ) {
    const f = await frame(request, reply);
    const regionId = f.actor.regionId;
    const named = await codes();
    const [hiddenIds, own] = await Promise.all([
      hiddenThesaurusIds(db, regionId),
      ownThesaurusEntries(db, regionId),
    ]);
    const show: ThesaurusShow = query.show ?? 'all';
    const q = norm(query.q?.trim() ?? '');
    const all: ThesaurusListRow[] = [
      ...own.map((e) => ({
        entry: e,
        origin: 'own' as const,
        updated: { at: e.updatedAt, by: e.updatedBy },
      })),
      ...shippedThesaurusEntries().map((e) => ({
        entry: e,
        origin: hiddenIds.has(e.id) ? ('hidden' as const) : ('shipped' as const),
      })),
    ];
    const topicName = (code: string) => named.topics.find((t) => t.code === code)?.name;
    const rows = all.filter((r) => {
      if (show === 'own' && r.origin !== 'own') return false;
      if (show === 'shipped' && r.origin !== 'shipped') return false;
      if (show === 'hidden' && r.origin !== 'hidden') return false;
      if (!q) return true;
      return (
        r.entry.terms.some((t) => t.includes(q)) ||
        r.entry.topics.some(
          (c) => norm(c).includes(q) || norm(topicName(c)?.[l] ?? topicName(c)?.fi ?? '').includes(q),
        ) ||
        r.entry.serviceTypes.some((c) => norm(c).includes(q))
      );
    });
    const pages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
    const page = Math.min(query.page ?? 1, pages);
    const tryText = query.try?.trim() ?? '';
    const tryLang: Lang = query.trylang ?? l;
    let tried = null;
    if (tryText) {
      const thesaurus = await loadThesaurus(db, regionId);
      tried = {
        expansion: expandQuery(thesaurus, tryText.split(/\s+/).slice(0, 10), tryLang),
        suggestions: suggestTopics(thesaurus, tryText, tryLang),
      };
    }
    const done = query.done ? translations(l).thesaurus.done[query.done] : undefined;
    const addState: ThesaurusFormState = {
      form: {
        lang: l,
        values: add?.values ?? {
          kind: 'phrase',
          lang: l,
          terms: '',
          topics: [],
          serviceTypes: [],
          source: '',
        },
        problems: add?.problems ?? [],
      },
      editing: null,
    };
    const search = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
    reply.header('cache-control', 'no-store');
    return reply
      .status(add?.status ?? 200)
      .type(html)
      .send(
        renderPage(
          createElement(ThesaurusPage, {
            lang: l,
            ...f,
            flash: done,
            rows: rows.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE),
            total: rows.length,
            page,
            pages,
            q: query.q ?? '',
            show,
            search: add ? '' : search,
            tryText,
            tryLang,
            tried,
            add: addState,
            ...named,
          }),
        ),
      );
  }

  async function editPage(
    request: FastifyRequest,
    reply: FastifyReply,
    l: Lang,
    id: string,
    given: { values: FormValues; problems: FieldProblem[]; status: number } | null,
  ) {
    const f = await frame(request, reply);
    const entry = await ownThesaurusEntry(db, f.actor.regionId, id);
    const state: ThesaurusFormState = {
      form: { lang: l, values: given?.values ?? entryValues(entry), problems: given?.problems ?? [] },
      editing: { id, version: entry.version },
    };
    return reply
      .status(given?.status ?? 200)
      .type(html)
      .send(renderPage(createElement(ThesaurusEditPage, { lang: l, ...f, state, ...(await codes()) })));
  }

  const problemsOf = (errors: Record<string, string>): FieldProblem[] =>
    Object.entries(errors).map(([field, code]) => ({ field, code }) as FieldProblem);

  typed.get(
    `/:lang${THESAURUS_PATH}`,
    { schema: { ...hidden, params: langParam, querystring: listQuery }, ...editors },
    async (request, reply) => listPage(request, reply, lang(request.params), request.query, null),
  );

  typed.post(
    `/:lang${THESAURUS_PATH}`,
    { schema: { ...hidden, params: langParam }, config: formConfig, ...editors },
    async (request, reply) => {
      const l = lang(request.params);
      const actor = staffActor(request);
      const body = (request.body ?? {}) as Record<string, unknown>;
      const values = formValuesOf(body);
      const checked = validateThesaurusEntry(
        {
          kind: textOf(body, 'kind'),
          lang: textOf(body, 'lang'),
          terms: textOf(body, 'terms'),
          topics: listOf(body, 'topics'),
          serviceTypes: listOf(body, 'serviceTypes'),
          source: textOf(body, 'source'),
        },
        await known(),
      );
      if (!checked.ok)
        return listPage(request, reply, l, {}, { values, problems: problemsOf(checked.errors), status: 400 });
      await createThesaurusEntry(db, { regionId: actor.regionId, name: actor.name }, checked.value);
      return reply.redirect(`/${l}${THESAURUS_PATH}?show=own&done=created`, 303);
    },
  );

  typed.get(
    `/:lang${THESAURUS_PATH}/:id`,
    { schema: { ...hidden, params: idParam }, ...editors },
    async (request, reply) => editPage(request, reply, lang(request.params), request.params.id, null),
  );

  typed.post(
    `/:lang${THESAURUS_PATH}/:id`,
    { schema: { ...hidden, params: idParam }, config: formConfig, ...editors },
    async (request, reply) => {
      const l = lang(request.params);
      const actor = staffActor(request);
      const id = request.params.id;
      const body = (request.body ?? {}) as Record<string, unknown>;
      const values = formValuesOf(body);
      // another region's entry, or none: "not found" before anything is read of the form
      await ownThesaurusEntry(db, actor.regionId, id);
      const checked = validateThesaurusEntry(
        {
          kind: textOf(body, 'kind'),
          lang: textOf(body, 'lang'),
          terms: textOf(body, 'terms'),
          topics: listOf(body, 'topics'),
          serviceTypes: listOf(body, 'serviceTypes'),
          source: textOf(body, 'source'),
        },
        await known(),
      );
      if (!checked.ok)
        return editPage(request, reply, l, id, { values, problems: problemsOf(checked.errors), status: 400 });
      try {
        await updateThesaurusEntry(
          db,
          { regionId: actor.regionId, name: actor.name },
          id,
          versionOf(body),
          checked.value,
        );
      } catch (error) {
        if (error instanceof AppError && error.code === 'thesaurus.stale')
          return editPage(request, reply, l, id, {
            values: entryValues(await ownThesaurusEntry(db, actor.regionId, id)),
            problems: [{ field: 'terms', code: 'thesaurus.stale' } as FieldProblem],
            status: 409,
          });
        throw error;
      }
      return reply.redirect(`/${l}${THESAURUS_PATH}?show=own&done=saved`, 303);
    },
  );

  typed.post(
    `/:lang${THESAURUS_PATH}/:id/delete`,
    { schema: { ...hidden, params: idParam }, ...editors },
    async (request, reply) => {
      const l = lang(request.params);
      const actor = staffActor(request);
      const id = request.params.id;
      const body = (request.body ?? {}) as Record<string, unknown>;
      try {
        await deleteThesaurusEntry(db, { regionId: actor.regionId, name: actor.name }, id, versionOf(body));
      } catch (error) {
        if (error instanceof AppError && error.code === 'thesaurus.stale')
          return editPage(request, reply, l, id, {
            values: entryValues(await ownThesaurusEntry(db, actor.regionId, id)),
            problems: [{ field: 'terms', code: 'thesaurus.stale' } as FieldProblem],
            status: 409,
          });
        throw error;
      }
      return reply.redirect(`/${l}${THESAURUS_PATH}?show=own&done=deleted`, 303);
    },
  );

  for (const action of ['hide', 'show'] as const) {
    typed.post(
      `/:lang${THESAURUS_PATH}/shipped/:entryId/${action}`,
      { schema: { ...hidden, params: entryParam }, ...editors },
      async (request, reply) => {
        const l = lang(request.params);
        const actor = staffActor(request);
        const entryId = request.params.entryId;
        if (!THESAURUS_ENTRY_ID.test(entryId)) throw new AppError('http.not_found', 404);
        await setShippedEntryHidden(
          db,
          { regionId: actor.regionId, name: actor.name },
          entryId,
          action === 'hide',
        );
        return reply.redirect(
          `/${l}${THESAURUS_PATH}?show=${action === 'hide' ? 'hidden' : 'shipped'}&done=${action === 'hide' ? 'hidden' : 'shown'}`,
          303,
        );
      },
    );
  }
}
