/**
 * The warm handoff's staff pages (saattaen vaihtaminen):
 * - /:lang/staff/contacts/:id/suggestions — "where would this family get the best help?" for a
 *   contact (counsellor), with a "hand over to this service" form per suggestion, posted to
 *   /:lang/staff/contacts/:id/handoffs;
 * - /:lang/staff/handoffs — the inbox (receiving workers), my handoffs (counsellors), the overdue
 *   ones (managers);
 * - /:lang/staff/handoffs/:id — one handoff, with a form for each step the actor's side may take
 *   (posted to …/accept, …/appointment, …/first-visit, …/complete, …/decline, …/cancel);
 * - /assets/handoffs.css — these pages' own stylesheet (on top of site.css, out of the public
 *   pages' weight budget), its address changing with its content.
 * Server-rendered; every change is a plain form post with the CSRF token, answered with a
 * redirect (303) and a flash, or with the same page again: 400 with the problems beside their
 * fields, 409 with what happened at the top (nothing changed). Every read and write goes
 * through handoffs.ts and contacts (the access policy and its log); what the actor may not see
 * is "not found".
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { createElement } from 'react';
import { z } from 'zod';
import { isLang, type Lang, translations } from '../../i18n/index.ts';
import { permitted } from '../../platform/access/index.ts';
import { organizationName, staffActor, staffOnly } from '../../platform/auth/guard.ts';
import type { DB } from '../../platform/db/types.ts';
import { AppError } from '../../platform/errors.ts';
import { csrfToken } from '../../platform/http/csrf.ts';
import { UUID_PATTERN } from '../../platform/ids.ts';
import { renderPage } from '../../ui/Layout.tsx';
import { catalogueOptions } from '../catalogue/index.ts';
import { type ContactsDeps, type FormValues, label, readContact } from '../contacts/index.ts';
import { type SuggestionView, suggestionsFor } from '../matching/index.ts';
import { readMethods, readUnits, type UnitView } from '../network/index.ts';
import { createHandoff, listHandoffs, readHandoff, transitionHandoff } from './handoffs.ts';
import {
  formFields,
  handoverFromForm,
  type SituationQuery,
  STEPS,
  type Step,
  situationOf,
  situationSearch,
  stepFromForm,
  summaryOf,
} from './pages/HandoffForms.tsx';
import { HandoffListPage, type ListKind } from './pages/HandoffListPage.tsx';
import { HandoffPage, type StepAgain } from './pages/HandoffPage.tsx';
import { HANDOFFS_PATH, handoffConflict, handoffPath } from './pages/HandoffParts.tsx';
import { type HandoverAgain, SuggestionsPage } from './pages/SuggestionsPage.tsx';

const HTML = 'text/html; charset=utf-8';
const hidden = { hide: true };
const COUNSELLOR = staffOnly('counsellor');
const ANY_SIDE = staffOnly('counsellor', 'receiving_worker', 'manager');

const text = z.string().max(200).optional();
const codes = z.union([z.string().max(60), z.array(z.string().max(60)).max(100)]).optional();
const langParams = z.object({ lang: z.string() });
const idParams = z.object({ lang: z.string(), id: z.string() });
const situationQuery = z.object({
  adjust: text,
  municipality: text,
  ages: text,
  topics: codes,
  language: text,
  remote: text,
  methods: codes,
  done: text,
});
const doneQuery = z.object({ done: text });

function langOf(params: { lang: string; id?: string }): Lang {
  if (!isLang(params.lang)) throw new AppError('http.not_found', 404);
  if (params.id !== undefined && !UUID_PATTERN.test(params.id)) throw new AppError('http.not_found', 404);
  return params.lang;
}

/** What a form posted, as typed (the CSRF token left out), to show again after a problem. */
function posted(request: FastifyRequest): FormValues {
  const body = request.body;
  const out: FormValues = {};
  if (!body || typeof body !== 'object') return out;
  for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
    if (k === '_csrf') continue;
    out[k] = Array.isArray(v)
      ? v.slice(0, 100).map((x) => String(x).slice(0, 20_000))
      : String(v ?? '').slice(0, 20_000);
  }
  return out;
}

const first = (values: FormValues, name: string): string => {
  const v = values[name];
  return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
};

/** The version a form was made from; nothing (no check) when it is missing or malformed. */
function versionOf(values: FormValues): number | undefined {
  const v = first(values, 'version');
  return /^[1-9][0-9]{0,8}$/.test(v) ? Number(v) : undefined;
}

const isConflict = (error: unknown): error is AppError => error instanceof AppError && error.status === 409;
const isFieldProblem = (error: unknown): error is AppError =>
  error instanceof AppError && error.status === 400 && error.fields.length > 0;

type DoneKey = keyof ReturnType<typeof translations>['handoffs']['done'];
function doneText(lang: Lang, done: string | undefined): string | undefined {
  const texts = translations(lang).handoffs.done;
  return done && Object.hasOwn(texts, done) ? texts[done as DoneKey] : undefined;
}

export async function handoffPages(
  root: FastifyInstance,
  { deps, db = deps.db }: { deps: ContactsDeps; db?: Kysely<DB> },
) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const now = () => (deps.now ? deps.now() : new Date());

  /** The frame of every page: who, their organisation, the form token; never cached (client data). */
  async function frame(request: FastifyRequest, reply: FastifyReply) {
    const actor = staffActor(request);
    reply.header('cache-control', 'no-store');
    return {
      actor,
      organizationName: await organizationName(db, actor.organizationId),
      csrf: csrfToken(reply),
    };
  }

  // ---------------------------------------------------------------- the suggestions of a contact

  async function suggestionsView(
    request: FastifyRequest,
    reply: FastifyReply,
    lang: Lang,
    id: string,
    query: SituationQuery,
    extra: { status?: number; again?: HandoverAgain; conflict?: string; flash?: string } = {},
  ) {
    const f = await frame(request, reply);
    const contact = await readContact(deps, f.actor, id);
    const [options, methods] = await Promise.all([catalogueOptions(db), readMethods(db)]);
    const form = situationOf(contact, query, {
      municipalities: new Set(
        options.municipalities.filter((m) => m.regionId === f.actor.regionId).map((m) => m.code),
      ),
      topics: new Set(options.topics.map((x) => x.code)),
      methods: new Set(methods.map((m) => m.code)),
    });
    let suggestions: SuggestionView[] | null = null;
    if (form.situation) {
      try {
        suggestions = await suggestionsFor(db, f.actor.regionId, form.situation, lang, now());
      } catch (error) {
        if (!isFieldProblem(error)) throw error;
        form.problems.push(...error.fields.map((p) => ({ ...p, field: p.field.split('.')[0] ?? p.field })));
      }
    }
    const serviceIds = (suggestions ?? []).map((s) => s.service.id);
    const units = new Map<string, UnitView[]>();
    if (serviceIds.length > 0)
      for (const u of await readUnits(db, { regionId: f.actor.regionId, serviceIds })) {
        if (!u.service) continue;
        units.set(u.service.id, [...(units.get(u.service.id) ?? []), u]);
      }
    const handoffs = await listHandoffs(deps, f.actor, 'contact', id);
    let conflict = extra.conflict;
    let again = extra.again;
    // a form for a service no longer suggested: its problems at the top
    if (again && !serviceIds.includes(again.serviceId)) {
      conflict = again.problems.map((p) => handoffConflict(lang, p.code, p.params ?? {})).join(' ');
      again = undefined;
    }
    return reply
      .status(extra.status ?? 200)
      .type(HTML)
      .send(
        renderPage(
          createElement(SuggestionsPage, {
            lang,
            ...f,
            flash: extra.flash,
            contact,
            form,
            search: situationSearch(form),
            options,
            methods,
            suggestions,
            units,
            handoffs,
            handoffIds: new Map(serviceIds.map((sid) => [sid, randomUUID()])),
            summary: summaryOf(contact),
            again,
            conflict,
            now: now(),
          }),
        ),
      );
  }

  app.get(
    '/:lang/staff/contacts/:id/suggestions',
    { schema: { ...hidden, params: idParams, querystring: situationQuery }, preHandler: COUNSELLOR },
    async (request, reply) => {
      const lang = langOf(request.params);
      return suggestionsView(request, reply, lang, request.params.id, request.query);
    },
  );

  app.post(
    '/:lang/staff/contacts/:id/handoffs',
    { schema: { ...hidden, params: idParams, querystring: situationQuery }, preHandler: COUNSELLOR },
    async (request, reply) => {
      const lang = langOf(request.params);
      const id = request.params.id;
      const values = posted(request);
      // a form shown again keeps its id, so sending it twice still makes one handoff
      if (!UUID_PATTERN.test(first(values, 'handoffId'))) values.handoffId = randomUUID();
      values.handoffId = first(values, 'handoffId').toLowerCase();
      const serviceId = first(values, 'targetServiceId');
      const refused = (status: number, problems: AppError['fields'], conflict?: string) =>
        suggestionsView(request, reply, lang, id, request.query, {
          status,
          conflict,
          again: problems.length > 0 ? { serviceId, values, problems } : undefined,
        });
      const parsed = handoverFromForm(values, id);
      if (!parsed.ok) return refused(400, parsed.problems);
      try {
        const result = await createHandoff(deps, staffActor(request), parsed.value);
        return reply.redirect(`/${lang}${handoffPath(result.id)}?done=created`, 303);
      } catch (error) {
        if (isConflict(error)) return refused(409, [], handoffConflict(lang, error.code, error.params));
        if (isFieldProblem(error)) return refused(400, formFields(error.fields));
        throw error;
      }
    },
  );

  // ---------------------------------------------------------------- the lists

  app.get(
    `/:lang${HANDOFFS_PATH}`,
    { schema: { ...hidden, params: langParams, querystring: doneQuery }, preHandler: ANY_SIDE },
    async (request, reply) => {
      const lang = langOf(request.params);
      const f = await frame(request, reply);
      // the lists that are the actor's own, as the policy tells (policy.ts)
      const kinds = (['inbox', 'mine', 'overdue'] as const satisfies readonly ListKind[]).filter((view) =>
        permitted(f.actor, 'read', { type: 'handoff_list', id: null, view }),
      );
      const lists = [];
      for (const kind of kinds) lists.push({ kind, items: await listHandoffs(deps, f.actor, kind) });
      const options = await catalogueOptions(db);
      return reply.type(HTML).send(
        renderPage(
          createElement(HandoffListPage, {
            lang,
            ...f,
            flash: doneText(lang, request.query.done),
            lists,
            topicName: new Map(options.topics.map((x) => [x.code, label(x.name, lang)])),
          }),
        ),
      );
    },
  );

  // ---------------------------------------------------------------- one handoff and its steps

  async function handoffView(
    request: FastifyRequest,
    reply: FastifyReply,
    lang: Lang,
    id: string,
    extra: { status?: number; again?: StepAgain; conflict?: string; flash?: string } = {},
  ) {
    const f = await frame(request, reply);
    const handoff = await readHandoff(deps, f.actor, id);
    const options = await catalogueOptions(db);
    return reply
      .status(extra.status ?? 200)
      .type(HTML)
      .send(
        renderPage(
          createElement(HandoffPage, {
            lang,
            ...f,
            handoff,
            topicName: new Map(options.topics.map((x) => [x.code, label(x.name, lang)])),
            municipalityName: new Map(options.municipalities.map((m) => [m.code, label(m.name, lang)])),
            ...extra,
          }),
        ),
      );
  }

  app.get(
    `/:lang${HANDOFFS_PATH}/:id`,
    { schema: { ...hidden, params: idParams, querystring: doneQuery }, preHandler: ANY_SIDE },
    async (request, reply) => {
      const lang = langOf(request.params);
      return handoffView(request, reply, lang, request.params.id, {
        flash: doneText(lang, request.query.done),
      });
    },
  );

  for (const step of STEPS) {
    app.post(
      `/:lang${HANDOFFS_PATH}/:id/${step}`,
      { schema: { ...hidden, params: idParams }, preHandler: ANY_SIDE },
      async (request, reply) => {
        const lang = langOf(request.params);
        const id = request.params.id;
        const values = posted(request);
        const parsed = stepFromForm(step as Step, values);
        if (!parsed.ok)
          return handoffView(request, reply, lang, id, {
            status: 400,
            again: { step, values, problems: parsed.problems },
          });
        try {
          await transitionHandoff(deps, staffActor(request), id, parsed.value, versionOf(values));
        } catch (error) {
          if (isConflict(error))
            return handoffView(request, reply, lang, id, {
              status: 409,
              conflict: handoffConflict(lang, error.code, error.params),
            });
          if (isFieldProblem(error))
            return handoffView(request, reply, lang, id, {
              status: 400,
              again: { step, values, problems: formFields(error.fields) },
            });
          throw error;
        }
        return reply.redirect(`/${lang}${handoffPath(id)}?done=${step}`, 303);
      },
    );
  }
}
