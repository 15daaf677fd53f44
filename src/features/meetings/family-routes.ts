/**
 * The family's Yhdessä aika pages under its private status page (the status link is the key):
 *
 *   GET  <status page>/meeting/request     the request form (what, who, e-mail: all optional)
 *   POST <status page>/meeting/request     303 to the status page (#meetings) with a notice;
 *                                          problems 400 beside their fields, a closed contact or
 *                                          an open meeting 409 on the form, nothing changed
 *   GET  <status page>/meeting/:id/calendar the family's own .ics of a meeting whose time is set
 *
 * and the status page's panel itself (familyMeetingPort), which app.ts gives the contact pages.
 * Like the status page, these answers are secrets: not cached, no referrer, not indexed.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createElement, type ReactNode } from 'react';
import { errorMessage, LANGS, type Lang } from '../../i18n/index.ts';
import { AppError } from '../../platform/errors.ts';
import { csrfToken } from '../../platform/http/csrf.ts';
import { UUID_PATTERN } from '../../platform/ids.ts';
import { renderPage } from '../../ui/Layout.tsx';
import { statusPath } from '../contacts/index.ts';
import {
  type FamilyMeetingDeps,
  type FamilyRequestInput,
  familyMeetingCalendar,
  familyMeetings,
  requestMeeting,
} from './family.ts';
import { FamilyMeetingPanel } from './pages/FamilyMeetingPanel.tsx';
import { FamilyMeetingRequestPage } from './pages/FamilyMeetingRequestPage.tsx';
import { pollPath } from './poll.ts';

const html = 'text/html; charset=utf-8';
const hidden = { schema: { hide: true } };
/** what a re-rendered form keeps of one field at most (the checks say what is too long) */
const KEEP = 5_000;
const one = (v: unknown): string => (typeof v === 'string' ? v : '').slice(0, KEEP);

export const requestPath = (lang: Lang, token: string) => `${statusPath(lang, token)}/meeting/request`;
export const calendarPath = (lang: Lang, token: string, meetingId: string) =>
  `${statusPath(lang, token)}/meeting/${meetingId}/calendar`;

/** The query parameter of the status page's notice after a request. */
const NOTICE = 'meeting';

function privateHeaders(reply: FastifyReply) {
  reply
    .header('cache-control', 'no-store')
    .header('x-robots-tag', 'noindex, nofollow')
    .header('referrer-policy', 'no-referrer');
}

/**
 * The Yhdessä aika part of the status page, for the contact pages (app.ts wires it as a port:
 * contacts does not import meetings). Nothing when the link is wrong or there is nothing to show.
 */
export function familyMeetingPort(deps: FamilyMeetingDeps) {
  return async (token: string, lang: Lang, _csrf: string, notice: string): Promise<ReactNode> => {
    const found = await familyMeetings(deps, token);
    if (!found) return null;
    return createElement(FamilyMeetingPanel, {
      lang,
      meetings: found.meetings,
      requestHref: found.mayRequest ? requestPath(lang, token) : null,
      calendarHref: (meetingId) => calendarPath(lang, token, meetingId),
      pollHref: (pollToken) => pollPath(lang, pollToken),
      requested: notice === 'requested',
    });
  };
}

export async function familyMeetingRoutes(app: FastifyInstance, { deps }: { deps: FamilyMeetingDeps }) {
  function page(
    reply: FastifyReply,
    lang: Lang,
    token: string,
    values: FamilyRequestInput,
    problems: { field: string; text: string }[] = [],
    status = 200,
    formProblem?: string,
  ) {
    privateHeaders(reply);
    return reply
      .status(status)
      .type(html)
      .send(
        renderPage(
          createElement(FamilyMeetingRequestPage, {
            lang,
            paths: Object.fromEntries(LANGS.map((l) => [l, requestPath(l, token)])) as Record<Lang, string>,
            action: requestPath(lang, token),
            back: `${statusPath(lang, token)}#meetings`,
            csrf: csrfToken(reply),
            values,
            problems,
            formProblem,
          }),
        ),
      );
  }

  /** A wrong link, or a request that may not be made at all: the status page's "not found". */
  const notFound = () => new AppError('meeting.not_found', 404);

  async function showForm(reply: FastifyReply, lang: Lang, token: string) {
    const found = await familyMeetings(deps, token);
    if (!found) throw notFound();
    const values = { requestId: randomUUID(), topic: '', who: '', email: '' };
    if (!found.mayRequest) {
      // the page says why instead of a form that would be refused
      const code = found.closed ? 'meeting.request_contact_closed' : 'meeting.request_already_open';
      return page(reply, lang, token, values, [], 409, errorMessage(lang, code));
    }
    return page(reply, lang, token, values);
  }

  async function send(request: FastifyRequest, reply: FastifyReply, lang: Lang, token: string) {
    const raw = (request.body ?? {}) as Record<string, unknown>;
    const given = one(raw.requestId);
    const values: FamilyRequestInput = {
      // a forged id is only a lost retry protection: use a new one
      requestId: UUID_PATTERN.test(given) ? given.toLowerCase() : randomUUID(),
      topic: one(raw.topic),
      who: one(raw.who),
      email: one(raw.email),
    };
    try {
      await requestMeeting(deps, token, values, lang);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      if (error.fields.length > 0) {
        const problems = error.fields.map((p) => ({
          field: p.field,
          text: errorMessage(lang, p.code, p.params),
        }));
        return page(reply, lang, token, values, problems, 400);
      }
      if (error.status === 409)
        return page(reply, lang, token, values, [], 409, errorMessage(lang, error.code));
      throw error;
    }
    return reply.redirect(`${statusPath(lang, token)}?${NOTICE}=requested#meetings`, 303);
  }

  async function calendar(reply: FastifyReply, lang: Lang, token: string, meetingId: string) {
    privateHeaders(reply);
    if (!UUID_PATTERN.test(meetingId)) throw notFound();
    const ics = await familyMeetingCalendar(deps, token, meetingId.toLowerCase(), lang);
    if (ics === null) throw notFound();
    return reply
      .type('text/calendar; charset=utf-8')
      .header('content-disposition', 'attachment; filename="yhdessa-aika.ics"')
      .send(ics);
  }

  for (const lang of LANGS) {
    const form = requestPath(lang, ':token');
    app.get<{ Params: { token: string } }>(form, hidden, (request, reply) =>
      showForm(reply, lang, request.params.token),
    );
    app.post<{ Params: { token: string } }>(
      form,
      // the texts are checked for control characters by the request's own checks, beside the field
      { ...hidden, config: { rateLimit: app.rateLimits.publicPost, inputRule: 'form' } },
      (request, reply) => send(request, reply, lang, request.params.token),
    );
    app.get<{ Params: { token: string; id: string } }>(
      `${statusPath(lang, ':token')}/meeting/:id/calendar`,
      hidden,
      (request, reply) => calendar(reply, lang, request.params.token, request.params.id),
    );
  }
}
