/**
 * The feedback's pages: the family's form under its status link (posted without JavaScript;
 * the form itself stands on the status page, through the port feedbackPort), and the managers'
 * list of the region's comments (/{lang}/staff/feedback).
 *
 * A post with problems comes back on a page of its own with the answers as typed (400);
 * an answer saved — or a contact that has already answered: the same post sent twice — goes
 * back to the status page's thanks (303). An open contact: 409 with the reason.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { createElement, type ReactNode } from 'react';
import { z } from 'zod';
import { errorMessage, isLang, LANGS, type Lang } from '../../i18n/index.ts';
import { organizationName, staffActor, staffOnly } from '../../platform/auth/guard.ts';
import { AppError } from '../../platform/errors.ts';
import { csrfToken } from '../../platform/http/csrf.ts';
import { renderPage } from '../../ui/Layout.tsx';
import { statusPath } from '../contacts/index.ts';
import { type FeedbackDeps, feedbackGiven, giveFeedback, readComments } from './feedback.ts';
import { parseAnswer, parsePeriod } from './model.ts';
import { COMMENTS_PATH, FeedbackCommentsPage } from './pages/FeedbackCommentsPage.tsx';
import type { FeedbackValues } from './pages/FeedbackForm.tsx';
import { FeedbackPage } from './pages/FeedbackPage.tsx';
import { FeedbackPanel } from './pages/FeedbackPanel.tsx';
import { COMMENTS_READ } from './policy.ts';

const HTML = 'text/html; charset=utf-8';
const hidden = { schema: { hide: true } };
/** what a re-rendered form keeps of one field at most (the model says what is too long) */
const KEEP = 5_000;
const one = (v: unknown): string => (typeof v === 'string' ? v : '').slice(0, KEEP);

/** The form's address under the status link. */
export const feedbackPath = (lang: Lang, token: string) => `${statusPath(lang, token)}/feedback`;
/** The status page at its feedback part (plain: the plain-language form). */
const statusAt = (lang: Lang, token: string, query: string) =>
  `${statusPath(lang, token)}${query ? `?${query}` : ''}#feedback`;

function privateHeaders(reply: FastifyReply) {
  reply
    .header('cache-control', 'no-store')
    .header('x-robots-tag', 'noindex, nofollow')
    .header('referrer-policy', 'no-referrer');
}

/**
 * The feedback part of a closed contact's status page, for the contact pages (app.ts wires it
 * as a port: contacts does not import feedback). Nothing for a wrong link.
 */
export function feedbackPort(deps: FeedbackDeps) {
  return async (
    token: string,
    lang: Lang,
    csrf: string,
    query: { notice: string; plain: boolean },
  ): Promise<ReactNode> => {
    const given = await feedbackGiven(deps, token);
    if (given === null) return null;
    return createElement(FeedbackPanel, {
      lang,
      given,
      thanked: query.notice === 'thanks',
      plain: query.plain,
      action: feedbackPath(lang, token),
      plainHref: statusAt(lang, token, 'selko=1'),
      standardHref: statusAt(lang, token, ''),
      csrf,
    });
  };
}

export async function feedbackPages(root: FastifyInstance, { deps }: { deps: FeedbackDeps }) {
  const app = root.withTypeProvider<ZodTypeProvider>();

  function page(
    reply: FastifyReply,
    lang: Lang,
    token: string,
    plain: boolean,
    values: FeedbackValues,
    status: number,
    problems: {
      field: string;
      code: Parameters<typeof errorMessage>[1];
      params?: Record<string, string | number>;
    }[],
    formProblem?: string,
  ) {
    privateHeaders(reply);
    return reply
      .status(status)
      .type(HTML)
      .send(
        renderPage(
          createElement(FeedbackPage, {
            lang,
            plain,
            paths: Object.fromEntries(LANGS.map((l) => [l, statusAt(l, token, '')])) as Record<Lang, string>,
            action: feedbackPath(lang, token),
            back: statusAt(lang, token, plain ? 'selko=1' : ''),
            csrf: csrfToken(reply),
            values,
            problems,
            formProblem,
          }),
        ),
      );
  }

  async function send(request: FastifyRequest, reply: FastifyReply, lang: Lang, token: string) {
    const raw = (request.body ?? {}) as Record<string, unknown>;
    const plain = lang === 'fi' && one(raw.selko) === '1';
    const values = { gotHelp: one(raw.gotHelp), ease: one(raw.ease), comment: one(raw.comment) };
    const parsed = parseAnswer({
      gotHelp: values.gotHelp,
      ease: values.ease,
      // the whole comment, not the kept part: a too long one is a problem, not cut short; a
      // comment sent twice (not a string) is a problem beside the field, never dropped silently
      comment: raw.comment,
    });
    if (!parsed.ok) return page(reply, lang, token, plain, values, 400, parsed.problems);
    try {
      await giveFeedback(deps, token, parsed.value, { language: lang, plain });
    } catch (error) {
      if (error instanceof AppError && error.code === 'feedback.not_closed') {
        return page(reply, lang, token, plain, values, 409, [], errorMessage(lang, 'feedback.not_closed'));
      }
      // the same answer sent twice (a reload, a double click): the thanks, as the first time
      if (!(error instanceof AppError && error.code === 'feedback.already_given')) throw error;
    }
    return reply.redirect(statusAt(lang, token, plain ? 'feedback=thanks&selko=1' : 'feedback=thanks'), 303);
  }

  for (const lang of LANGS) {
    const path = feedbackPath(lang, ':token');
    // the form stands on the status page: a link to this address (another language's) goes there
    app.get<{ Params: { token: string } }>(path, hidden, (request, reply) => {
      privateHeaders(reply);
      return reply.redirect(statusAt(lang, request.params.token, ''), 303);
    });
    app.post<{ Params: { token: string } }>(
      path,
      // the model takes control and bidi characters out of the comment instead of refusing it
      { ...hidden, config: { rateLimit: app.rateLimits.publicPost, inputRule: 'form' } },
      (request, reply) => send(request, reply, lang, request.params.token),
    );
  }

  // ------------------------------------------------------------------ the managers' comments

  app.get(
    `/:lang${COMMENTS_PATH}`,
    {
      schema: {
        hide: true,
        params: z.object({ lang: z.string() }),
        querystring: z.object({
          page: z.string().max(10).optional(),
          from: z.string().max(20).optional(),
          to: z.string().max(20).optional(),
        }),
      },
      preHandler: staffOnly(COMMENTS_READ),
    },
    async (request, reply) => {
      const lang = request.params.lang;
      if (!isLang(lang)) throw new AppError('http.not_found', 404);
      const actor = staffActor(request);
      const period = parsePeriod(request.query);
      // a period the page never links to is the whole history rather than an error page
      const { from, to } = period.ok ? period.value : { from: null, to: null };
      const pageNo = Math.min(Math.max(1, Number.parseInt(request.query.page ?? '1', 10) || 1), 100_000);
      const result = await readComments(deps, actor, { from, to }, pageNo);
      const search = new URLSearchParams();
      if (from) search.set('from', from.slice(0, 7));
      if (to) search.set('to', to.slice(0, 7));
      reply.header('cache-control', 'no-store');
      return reply.type(HTML).send(
        renderPage(
          createElement(FeedbackCommentsPage, {
            lang,
            actor,
            organizationName: await organizationName(deps.db, actor.organizationId),
            csrf: csrfToken(reply),
            result,
            search,
          }),
        ),
      );
    },
  );
}
