/**
 * The consultation pages of the staff workspace:
 * - /:lang/staff/consultations — the counsellors' queue ("Konsultaatiot");
 * - /:lang/staff/my-consultations — the requester's own ("Omat konsultaatiot");
 * - /:lang/staff/my-consultations/new — the form (GET) and sending it (POST);
 * - /:lang/staff/consultations/:id — one consultation, with a form per step the actor may take,
 *   posted to …/claim, …/answer, …/accept, …/decline, …/reply, …/close.
 * Server-rendered; every change is a form post with the CSRF token, answered with a redirect
 * (303) and a flash, or with the same page again: 400 with the problems beside their fields,
 * 409 with what happened at the top (nothing changed). What the actor may not see is "not found".
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { createElement } from 'react';
import { z } from 'zod';
import { errorMessage, isLang, type Lang, translations } from '../../i18n/index.ts';
import { organizationName, staffActor } from '../../platform/auth/guard.ts';
import { AppError } from '../../platform/errors.ts';
import { csrfToken } from '../../platform/http/csrf.ts';
import { UUID_PATTERN } from '../../platform/ids.ts';
import type { FormValues } from '../../ui/forms.tsx';
import { renderPage } from '../../ui/Layout.tsx';
import {
  actOnConsultation,
  type ConsultationDeps,
  consultationQueue,
  counsellingUnits,
  myConsultations,
  readConsultation,
  sendConsultation,
  withdrawConsultationConsent,
} from './consultations.ts';
import { consentWithdrawalFromInput, consultationFromInput, STEP_NAMES, stepFromInput } from './input.ts';
import { ConsultationPage, type StepAgain } from './pages/ConsultationPage.tsx';
import { consultationPath, MINE_PATH, NEW_PATH, QUEUE_PATH } from './pages/ConsultationParts.tsx';
import { MinePage, QueuePage } from './pages/ListPages.tsx';
import { NewConsultationPage } from './pages/NewConsultationPage.tsx';
import { COUNSELLORS, REQUESTERS } from './routes.ts';

const HTML = 'text/html; charset=utf-8';
const hidden = { hide: true };
const asForm = { inputRule: 'form' as const };
const langParams = z.object({ lang: z.string() });
const idParams = z.object({ lang: z.string(), id: z.string() });
const doneQuery = z.object({ done: z.string().max(20).optional() });

function langOf(params: { lang: string; id?: string }): Lang {
  if (!isLang(params.lang)) throw new AppError('http.not_found', 404);
  if (params.id !== undefined && !UUID_PATTERN.test(params.id)) throw new AppError('http.not_found', 404);
  return params.lang;
}

/** What a form posted, as typed (the CSRF token left out), to show again after a problem. */
function posted(request: FastifyRequest): FormValues {
  const out: FormValues = {};
  const body = request.body;
  if (!body || typeof body !== 'object') return out;
  for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
    if (k === '_csrf') continue;
    out[k] = Array.isArray(v)
      ? v.slice(0, 20).map((x) => String(x).slice(0, 20_000))
      : String(v ?? '').slice(0, 20_000);
  }
  return out;
}

const isCode = (error: unknown, status: number): error is AppError =>
  error instanceof AppError && error.status === status;

type DoneKey = keyof ReturnType<typeof translations>['consultations']['done'];
function doneText(lang: Lang, done: string | undefined): string | undefined {
  const texts = translations(lang).consultations.done;
  return done && Object.hasOwn(texts, done) ? texts[done as DoneKey] : undefined;
}

export async function consultationPages(root: FastifyInstance, { deps }: { deps: ConsultationDeps }) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const now = () => deps.now?.() ?? new Date();

  /** The frame of every page: who, their organisation, the form token; never cached (client data). */
  async function frame(request: FastifyRequest, reply: FastifyReply) {
    const actor = staffActor(request);
    reply.header('cache-control', 'no-store');
    return {
      actor,
      organizationName: await organizationName(deps.db, actor.organizationId),
      csrf: csrfToken(reply),
    };
  }

  app.get(
    `/:lang${QUEUE_PATH}`,
    { schema: { ...hidden, params: langParams, querystring: doneQuery }, preHandler: COUNSELLORS },
    async (request, reply) => {
      const lang = langOf(request.params);
      const f = await frame(request, reply);
      const items = await consultationQueue(deps.db, f.actor, { now: now() });
      return reply.type(HTML).send(renderPage(createElement(QueuePage, { lang, ...f, items })));
    },
  );

  app.get(
    `/:lang${MINE_PATH}`,
    { schema: { ...hidden, params: langParams, querystring: doneQuery }, preHandler: REQUESTERS },
    async (request, reply) => {
      const lang = langOf(request.params);
      const f = await frame(request, reply);
      const items = await myConsultations(deps.db, f.actor, { now: now() });
      return reply
        .type(HTML)
        .send(
          renderPage(
            createElement(MinePage, { lang, ...f, items, flash: doneText(lang, request.query.done) }),
          ),
        );
    },
  );

  async function newForm(
    request: FastifyRequest,
    reply: FastifyReply,
    lang: Lang,
    values: FormValues,
    problems: StepAgain['problems'],
    status = 200,
  ) {
    const f = await frame(request, reply);
    const units = await counsellingUnits(deps.db, f.actor);
    return reply
      .status(status)
      .type(HTML)
      .send(renderPage(createElement(NewConsultationPage, { lang, ...f, values, problems, units })));
  }

  app.get(
    `/:lang${NEW_PATH}`,
    { schema: { ...hidden, params: langParams }, preHandler: REQUESTERS },
    async (request, reply) => {
      const lang = langOf(request.params);
      return newForm(
        request,
        reply,
        lang,
        { kind: 'consultation', about: 'anonymous', consultationId: randomUUID() },
        [],
      );
    },
  );

  app.post(
    `/:lang${NEW_PATH}`,
    { schema: { ...hidden, params: langParams }, config: asForm, preHandler: REQUESTERS },
    async (request, reply) => {
      const lang = langOf(request.params);
      const values = posted(request);
      if (!UUID_PATTERN.test(String(values.consultationId ?? ''))) values.consultationId = randomUUID();
      const parsed = consultationFromInput(values, now());
      if (!parsed.ok) return newForm(request, reply, lang, values, parsed.problems, 400);
      try {
        const { id } = await sendConsultation(deps.db, staffActor(request), parsed.value, { now: now() });
        return reply.redirect(`/${lang}${consultationPath(id)}?done=sent`, 303);
      } catch (error) {
        if (isCode(error, 400) && error.fields.length > 0)
          return newForm(request, reply, lang, values, error.fields, 400);
        throw error;
      }
    },
  );

  async function consultationView(
    request: FastifyRequest,
    reply: FastifyReply,
    lang: Lang,
    id: string,
    extra: { status?: number; again?: StepAgain; conflict?: string; flash?: string } = {},
  ) {
    const f = await frame(request, reply);
    const consultation = await readConsultation(deps.db, f.actor, id, { now: now() });
    return reply
      .status(extra.status ?? 200)
      .type(HTML)
      .send(renderPage(createElement(ConsultationPage, { lang, ...f, consultation, ...extra })));
  }

  app.get(
    `/:lang${QUEUE_PATH}/:id`,
    { schema: { ...hidden, params: idParams, querystring: doneQuery }, preHandler: REQUESTERS },
    async (request, reply) => {
      const lang = langOf(request.params);
      const done = request.query.done;
      const flash = done === 'sent' ? translations(lang).consultations.done.sent : doneText(lang, done);
      return consultationView(request, reply, lang, request.params.id, { flash });
    },
  );

  // the family withdraws the consent the consultation carries, through its requester
  app.post(
    `/:lang${QUEUE_PATH}/:id/consent-withdrawal`,
    { schema: { ...hidden, params: idParams }, config: asForm, preHandler: REQUESTERS },
    async (request, reply) => {
      const lang = langOf(request.params);
      const id = request.params.id;
      const values = posted(request);
      const parsed = consentWithdrawalFromInput(values);
      if (!parsed.ok)
        return consultationView(request, reply, lang, id, {
          status: 400,
          again: { step: 'consent-withdrawal', values, problems: parsed.problems },
        });
      try {
        await withdrawConsultationConsent(deps.db, staffActor(request), id, parsed.value, { now: now() });
      } catch (error) {
        if (isCode(error, 409))
          return consultationView(request, reply, lang, id, {
            status: 409,
            conflict: errorMessage(lang, error.code, error.params),
          });
        throw error;
      }
      return reply.redirect(`/${lang}${consultationPath(id)}?done=consent-withdrawal`, 303);
    },
  );

  for (const step of STEP_NAMES) {
    app.post(
      `/:lang${QUEUE_PATH}/:id/${step}`,
      { schema: { ...hidden, params: idParams }, config: asForm, preHandler: REQUESTERS },
      async (request, reply) => {
        const lang = langOf(request.params);
        const id = request.params.id;
        const values = posted(request);
        const parsed = stepFromInput(step, values, now());
        if (!parsed.ok)
          return consultationView(request, reply, lang, id, {
            status: 400,
            again: { step, values, problems: parsed.problems },
          });
        const version = /^[1-9]\d{0,8}$/.test(String(values.version ?? ''))
          ? Number(values.version)
          : undefined;
        try {
          await actOnConsultation(deps, staffActor(request), id, parsed.value, version);
        } catch (error) {
          if (isCode(error, 409))
            return consultationView(request, reply, lang, id, {
              status: 409,
              conflict: errorMessage(lang, error.code, {
                ...error.params,
                ...(typeof error.params.state === 'string'
                  ? {
                      state:
                        translations(lang).consultations.state[
                          error.params.state as keyof ReturnType<
                            typeof translations
                          >['consultations']['state']
                        ] ?? error.params.state,
                    }
                  : {}),
              }),
            });
          throw error;
        }
        return reply.redirect(`/${lang}${consultationPath(id)}?done=${step}`, 303);
      },
    );
  }
}
