/**
 * The manager's survey pages (/:lang/staff/surveys…), behind the section's question (managers
 * and administrators); each survey through the door (another region's: "not found"):
 * - GET  /:lang/staff/surveys                 — the region's surveys and a new survey's form
 * - POST /:lang/staff/surveys                 — a new draft → its page
 * - GET  /:lang/staff/surveys/:id             — the builder
 * - POST /:lang/staff/surveys/:id             — its settings (a draft)
 * - POST …/:id/questions, …/questions/:qid, …/questions/:qid/move, …/questions/:qid/remove
 * - POST …/:id/publish, …/:id/close, …/:id/send
 * - GET  …/:id/preview, …/:id/results, …/:id/results.csv, …/:id/texts.csv
 * Every change is a form post answered with 303 and a flash, or the page again: 400 with the
 * problems beside their fields, 409 with what happened at the top (nothing changed).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { createElement } from 'react';
import { z } from 'zod';
import { errorMessage, format, isLang, type Lang, translations } from '../../i18n/index.ts';
import { organizationName, staffActor, staffOnly } from '../../platform/auth/guard.ts';
import { AppError } from '../../platform/errors.ts';
import { csrfToken } from '../../platform/http/csrf.ts';
import { UUID_PATTERN } from '../../platform/ids.ts';
import { helsinkiDate } from '../../platform/working-days.ts';
import type { FormProblem, FormValues } from '../../ui/forms.tsx';
import { renderPage } from '../../ui/Layout.tsx';
import { resultsCsv, textsCsv } from './csv.ts';
import { field, questionFromInput, recipientsFromInput, settingsFromInput } from './model.ts';
import { PreviewPage } from './pages/AnswerPage.tsx';
import { LIST_PATH, surveyPath } from './pages/parts.tsx';
import { ResultsPage } from './pages/ResultsPage.tsx';
import { type FormAgain, SurveyBuilderPage } from './pages/SurveyBuilderPage.tsx';
import { SurveyListPage } from './pages/SurveyListPage.tsx';
import { SURVEY_SECTION } from './policy.ts';
import {
  addQuestion,
  closeSurvey,
  createSurvey,
  editQuestion,
  listSurveys,
  moveQuestion,
  publishSurvey,
  readResults,
  readSurvey,
  removeQuestion,
  type SurveyDeps,
  saveSettings,
  sendInvitations,
} from './surveys.ts';

const HTML = 'text/html; charset=utf-8';
const hidden = { hide: true };
const MANAGERS = staffOnly(SURVEY_SECTION);
const langParams = z.object({ lang: z.string() });
const idParams = z.object({ lang: z.string(), id: z.string() });
const questionParams = z.object({ lang: z.string(), id: z.string(), qid: z.string() });
const doneQuery = z.object({ done: z.string().max(30).optional(), n: z.string().max(6).optional() });

function langOf(params: { lang: string; id?: string; qid?: string }): Lang {
  if (!isLang(params.lang)) throw new AppError('http.not_found', 404);
  for (const id of [params.id, params.qid])
    if (id !== undefined && !UUID_PATTERN.test(id)) throw new AppError('survey.not_found', 404);
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
      ? v.slice(0, 50).map((x) => String(x).slice(0, 50_000))
      : String(v ?? '').slice(0, 50_000);
  }
  return out;
}

const versionOf = (values: FormValues): number | undefined => {
  const v = field(values, 'version');
  return /^[1-9]\d{0,8}$/.test(v) ? Number(v) : undefined;
};

const isStatus = (error: unknown, status: number): error is AppError =>
  error instanceof AppError && error.status === status;

type DoneKey = keyof ReturnType<typeof translations>['surveys']['done'];
function doneText(lang: Lang, done: string | undefined, n: string | undefined): string | undefined {
  const texts = translations(lang).surveys.done;
  if (!done || !Object.hasOwn(texts, done)) return undefined;
  return format(texts[done as DoneKey], { n: /^\d{1,6}$/.test(n ?? '') ? Number(n) : 0 });
}

export async function surveyPages(root: FastifyInstance, { deps }: { deps: SurveyDeps }) {
  const app = root.withTypeProvider<ZodTypeProvider>();

  /** The frame of every page: who, their organisation, the form token; never cached. */
  async function frame(request: FastifyRequest, reply: FastifyReply) {
    const actor = staffActor(request);
    reply.header('cache-control', 'no-store');
    return {
      actor,
      organizationName: await organizationName(deps.db, actor.organizationId),
      csrf: csrfToken(reply),
    };
  }

  async function listPage(
    request: FastifyRequest,
    reply: FastifyReply,
    lang: Lang,
    values: FormValues,
    problems: readonly FormProblem[],
    status = 200,
  ) {
    const f = await frame(request, reply);
    const surveys = await listSurveys(deps, f.actor);
    return reply
      .status(status)
      .type(HTML)
      .send(renderPage(createElement(SurveyListPage, { lang, ...f, surveys, values, problems })));
  }

  async function builderPage(
    request: FastifyRequest,
    reply: FastifyReply,
    lang: Lang,
    id: string,
    extra: { status?: number; again?: FormAgain; conflict?: string; flash?: string } = {},
  ) {
    const f = await frame(request, reply);
    const view = await readSurvey(deps, f.actor, id);
    return reply
      .status(extra.status ?? 200)
      .type(HTML)
      .send(
        renderPage(
          createElement(SurveyBuilderPage, { lang, ...f, view, publicUrl: deps.publicUrl, ...extra }),
        ),
      );
  }

  /** A builder step: done → 303 with a flash; a coded 400 or 409 → the page again. */
  async function step(
    request: FastifyRequest,
    reply: FastifyReply,
    lang: Lang,
    id: string,
    form: string,
    values: FormValues,
    work: () => Promise<string>,
  ) {
    try {
      const done = await work();
      return reply.redirect(`/${lang}${surveyPath(id)}?${done}`, 303);
    } catch (error) {
      if (isStatus(error, 400) && error.fields.length > 0)
        return builderPage(request, reply, lang, id, {
          status: 400,
          again: { form, values, problems: error.fields },
        });
      if (isStatus(error, 409))
        return builderPage(request, reply, lang, id, {
          status: 409,
          conflict: errorMessage(lang, error.code, error.params),
        });
      throw error;
    }
  }

  app.get(
    `/:lang${LIST_PATH}`,
    { schema: { ...hidden, params: langParams }, preHandler: MANAGERS },
    async (request, reply) => {
      const lang = langOf(request.params);
      const today = helsinkiDate(deps.now?.() ?? new Date());
      return listPage(request, reply, lang, { audience: 'clients', opensOn: today, closesOn: today }, []);
    },
  );

  app.post(
    `/:lang${LIST_PATH}`,
    { schema: { ...hidden, params: langParams }, preHandler: MANAGERS },
    async (request, reply) => {
      const lang = langOf(request.params);
      const values = posted(request);
      const parsed = settingsFromInput(values);
      if (!parsed.ok) return listPage(request, reply, lang, values, parsed.problems, 400);
      const id = await createSurvey(deps, staffActor(request), parsed.value);
      return reply.redirect(`/${lang}${surveyPath(id)}?done=created`, 303);
    },
  );

  app.get(
    `/:lang${LIST_PATH}/:id`,
    { schema: { ...hidden, params: idParams, querystring: doneQuery }, preHandler: MANAGERS },
    async (request, reply) => {
      const lang = langOf(request.params);
      const flash = doneText(lang, request.query.done, request.query.n);
      return builderPage(request, reply, lang, request.params.id, { flash });
    },
  );

  app.post(
    `/:lang${LIST_PATH}/:id`,
    { schema: { ...hidden, params: idParams }, preHandler: MANAGERS },
    async (request, reply) => {
      const lang = langOf(request.params);
      const { id } = request.params;
      const values = posted(request);
      const parsed = settingsFromInput(values);
      if (!parsed.ok)
        return builderPage(request, reply, lang, id, {
          status: 400,
          again: { form: 'settings', values, problems: parsed.problems },
        });
      return step(request, reply, lang, id, 'settings', values, async () => {
        await saveSettings(deps, staffActor(request), id, versionOf(values), parsed.value);
        return 'done=saved';
      });
    },
  );

  app.post(
    `/:lang${LIST_PATH}/:id/questions`,
    { schema: { ...hidden, params: idParams }, preHandler: MANAGERS },
    async (request, reply) => {
      const lang = langOf(request.params);
      const { id } = request.params;
      const values = posted(request);
      const parsed = questionFromInput(values);
      if (!parsed.ok)
        return builderPage(request, reply, lang, id, {
          status: 400,
          again: { form: 'add', values, problems: parsed.problems },
        });
      return step(request, reply, lang, id, 'add', values, async () => {
        await addQuestion(deps, staffActor(request), id, versionOf(values), parsed.value);
        return 'done=questionAdded#questions';
      });
    },
  );

  app.post(
    `/:lang${LIST_PATH}/:id/questions/:qid`,
    { schema: { ...hidden, params: questionParams }, preHandler: MANAGERS },
    async (request, reply) => {
      const lang = langOf(request.params);
      const { id, qid } = request.params;
      const values = posted(request);
      const form = `question-${qid}`;
      const parsed = questionFromInput(values);
      if (!parsed.ok)
        return builderPage(request, reply, lang, id, {
          status: 400,
          again: { form, values, problems: parsed.problems },
        });
      return step(request, reply, lang, id, form, values, async () => {
        await editQuestion(deps, staffActor(request), id, qid, versionOf(values), parsed.value);
        return 'done=questionSaved#questions';
      });
    },
  );

  app.post(
    `/:lang${LIST_PATH}/:id/questions/:qid/move`,
    { schema: { ...hidden, params: questionParams }, preHandler: MANAGERS },
    async (request, reply) => {
      const lang = langOf(request.params);
      const { id, qid } = request.params;
      const values = posted(request);
      const direction = field(values, 'direction') === 'up' ? 'up' : 'down';
      return step(request, reply, lang, id, 'move', values, async () => {
        await moveQuestion(deps, staffActor(request), id, qid, versionOf(values), direction);
        return 'done=questionMoved#questions';
      });
    },
  );

  app.post(
    `/:lang${LIST_PATH}/:id/questions/:qid/remove`,
    { schema: { ...hidden, params: questionParams }, preHandler: MANAGERS },
    async (request, reply) => {
      const lang = langOf(request.params);
      const { id, qid } = request.params;
      const values = posted(request);
      return step(request, reply, lang, id, 'remove', values, async () => {
        await removeQuestion(deps, staffActor(request), id, qid, versionOf(values));
        return 'done=questionRemoved#questions';
      });
    },
  );

  app.post(
    `/:lang${LIST_PATH}/:id/publish`,
    { schema: { ...hidden, params: idParams }, preHandler: MANAGERS },
    async (request, reply) => {
      const lang = langOf(request.params);
      const { id } = request.params;
      const values = posted(request);
      return step(request, reply, lang, id, 'publish', values, async () => {
        await publishSurvey(deps, staffActor(request), id, versionOf(values));
        return 'done=published';
      });
    },
  );

  app.post(
    `/:lang${LIST_PATH}/:id/close`,
    { schema: { ...hidden, params: idParams }, preHandler: MANAGERS },
    async (request, reply) => {
      const lang = langOf(request.params);
      const { id } = request.params;
      const values = posted(request);
      return step(request, reply, lang, id, 'close', values, async () => {
        await closeSurvey(deps, staffActor(request), id, versionOf(values));
        return 'done=closed';
      });
    },
  );

  app.post(
    `/:lang${LIST_PATH}/:id/send`,
    { schema: { ...hidden, params: idParams }, preHandler: MANAGERS },
    async (request, reply) => {
      const lang = langOf(request.params);
      const { id } = request.params;
      const values = posted(request);
      const recipients = recipientsFromInput(field(values, 'addresses'));
      if (!recipients.ok)
        return builderPage(request, reply, lang, id, {
          status: 400,
          again: { form: 'send', values, problems: recipients.problems },
        });
      const language = field(values, 'language');
      return step(request, reply, lang, id, 'send', values, async () => {
        const n = await sendInvitations(deps, staffActor(request), id, {
          network: field(values, 'network') === 'true',
          addresses: recipients.value,
          language: isLang(language) ? language : lang,
        });
        return `done=sent&n=${n}`;
      });
    },
  );

  app.get(
    `/:lang${LIST_PATH}/:id/preview`,
    { schema: { ...hidden, params: idParams }, preHandler: MANAGERS },
    async (request, reply) => {
      const lang = langOf(request.params);
      const f = await frame(request, reply);
      const view = await readSurvey(deps, f.actor, request.params.id);
      return reply
        .type(HTML)
        .send(
          renderPage(
            createElement(PreviewPage, { lang, ...f, survey: view.survey, questions: view.questions }),
          ),
        );
    },
  );

  app.get(
    `/:lang${LIST_PATH}/:id/results`,
    { schema: { ...hidden, params: idParams }, preHandler: MANAGERS },
    async (request, reply) => {
      const lang = langOf(request.params);
      const f = await frame(request, reply);
      const view = await readResults(deps, f.actor, request.params.id);
      return reply.type(HTML).send(renderPage(createElement(ResultsPage, { lang, ...f, view })));
    },
  );

  for (const [file, render] of [
    ['results.csv', resultsCsv],
    ['texts.csv', textsCsv],
  ] as const) {
    app.get(
      `/:lang${LIST_PATH}/:id/${file}`,
      { schema: { ...hidden, params: idParams }, preHandler: MANAGERS },
      async (request, reply) => {
        const lang = langOf(request.params);
        const view = await readResults(deps, staffActor(request), request.params.id, 'export');
        return reply
          .header('cache-control', 'no-store')
          .header(
            'content-disposition',
            `attachment; filename="survey-${file.replace('.csv', '')}-${request.params.id.slice(0, 8)}.csv"`,
          )
          .type('text/csv; charset=utf-8')
          .send(render(view.results, lang));
      },
    );
  }
}
