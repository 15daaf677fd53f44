/**
 * The respondent's pages, /{lang}/survey/{token} (fi, sv, en): no sign-in, no JavaScript. The
 * token is the survey's public link or one invitation's; GET shows the form (or why it cannot be
 * answered), POST saves one anonymous response and redirects to the thank-you (303), or shows the
 * form again: 400 with the problems beside their questions, 409 survey.closed outside the survey's
 * days, 409 survey.already_answered for a used invitation. Rate-limited like the contact form.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { createElement } from 'react';
import { z } from 'zod';
import { errorMessage, isLang, type Lang } from '../../i18n/index.ts';
import { AppError } from '../../platform/errors.ts';
import { csrfToken } from '../../platform/http/csrf.ts';
import { renderPage } from '../../ui/Layout.tsx';
import { AnswerPage, type AnswerPageProps } from './pages/AnswerPage.tsx';
import { answerSurvey, type SurveyDeps, surveyForAnswering } from './surveys.ts';

const HTML = 'text/html; charset=utf-8';
const hidden = { hide: true };
const TOKEN = /^[A-Za-z0-9_-]{20,64}$/;
const params = z.object({ lang: z.string(), token: z.string() });
const query = z.object({ done: z.string().max(5).optional() });

export async function surveyPublicPages(root: FastifyInstance, { deps }: { deps: SurveyDeps }) {
  const app = root.withTypeProvider<ZodTypeProvider>();

  function send(reply: FastifyReply, props: Omit<AnswerPageProps, 'csrf'>, status = 200) {
    reply
      .header('cache-control', 'no-store')
      .header('x-robots-tag', 'noindex, nofollow')
      .header('referrer-policy', 'no-referrer');
    return reply
      .status(status)
      .type(HTML)
      .send(renderPage(createElement(AnswerPage, { ...props, csrf: csrfToken(reply) })));
  }

  function langOf(p: { lang: string }): Lang {
    if (!isLang(p.lang)) throw new AppError('http.not_found', 404);
    return p.lang;
  }

  /** The page of a link, with what a post left (values, problems, a refusal). */
  async function page(
    reply: FastifyReply,
    lang: Lang,
    token: string,
    extra: Pick<AnswerPageProps, 'values' | 'problems' | 'conflict'> & {
      status?: number;
      thanks?: boolean;
    } = {},
  ) {
    if (!TOKEN.test(token)) return send(reply, { lang, token: '', state: 'not_found' }, 404);
    let view: Awaited<ReturnType<typeof surveyForAnswering>>;
    try {
      view = await surveyForAnswering(deps, token);
    } catch (error) {
      if (error instanceof AppError && error.status === 404)
        return send(reply, { lang, token: '', state: 'not_found' }, 404);
      throw error;
    }
    const state: AnswerPageProps['state'] = extra.thanks
      ? 'thanks'
      : view.used
        ? 'used'
        : view.openness === 'open'
          ? 'form'
          : view.openness;
    const { status, thanks: _thanks, ...rest } = extra;
    return send(
      reply,
      { lang, token, state, survey: view.survey, questions: view.questions, ...rest },
      status,
    );
  }

  app.get(
    '/:lang/survey/:token',
    { schema: { ...hidden, params, querystring: query } },
    async (request, reply) => {
      const lang = langOf(request.params);
      return page(reply, lang, request.params.token, { thanks: request.query.done === '1' });
    },
  );

  app.post(
    '/:lang/survey/:token',
    { schema: { ...hidden, params }, config: { rateLimit: app.rateLimits.publicPost } },
    async (request, reply) => {
      const lang = langOf(request.params);
      const token = request.params.token;
      if (!TOKEN.test(token)) return send(reply, { lang, token: '', state: 'not_found' }, 404);
      const body = (request.body && typeof request.body === 'object' ? request.body : {}) as Record<
        string,
        unknown
      >;
      try {
        await answerSurvey(deps, token, lang, body);
        return reply.redirect(`/${lang}/survey/${token}?done=1`, 303);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        if (error.status === 404) return send(reply, { lang, token: '', state: 'not_found' }, 404);
        if (error.status === 400 && error.fields.length > 0) {
          const values: Record<string, string | string[]> = {};
          for (const [k, v] of Object.entries(body))
            if (k.startsWith('q-'))
              values[k] = Array.isArray(v)
                ? v.slice(0, 20).map((x) => String(x).slice(0, 5000))
                : String(v ?? '').slice(0, 5000);
          return page(reply, lang, token, { status: 400, values, problems: error.fields });
        }
        if (error.status === 409)
          return page(reply, lang, token, {
            status: 409,
            conflict: errorMessage(lang, error.code, error.params),
          });
        throw error;
      }
    },
  );
}
