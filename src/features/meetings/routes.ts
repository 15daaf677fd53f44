/**
 * The routes of "Yhdessä aika" (server-rendered, forms without JavaScript):
 * Staff (the region's counsellors):
 * - GET  /:lang/staff/meetings — the section: families' requests, my meetings, the others;
 * - GET  /:lang/staff/meetings/new?contact=<id> — start one for a contact; POST /:lang/staff/meetings;
 * - GET  /:lang/staff/meetings/:id — one meeting; its forms post to …/:id/organise,
 *   …/participants, …/participants/remove, …/place, …/times, …/lock, …/invite, …/reschedule,
 *   …/cancel.
 * The participant's private link (no sign-in, not indexed, no referrer, not cached):
 * - GET  /fi/yhdessa-aika/:token, /sv/tillsammans-tid/:token, /en/together-time/:token;
 * - POST …/:token/answers (the poll), …/:token/reply (accept, tentative, decline).
 * Every change answers 303 to its page with a notice, or the page again: 400 with the problems
 * beside their fields, 409 with what happened at the top; nothing changed. What the actor may
 * not see is 404; an expired link 410.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { createElement } from 'react';
import { z } from 'zod';
import { errorMessage, isLang, LANGS, type Lang, translations } from '../../i18n/index.ts';
import { can } from '../../platform/access/door.ts';
import { organizationName, staffActor, staffOnly } from '../../platform/auth/guard.ts';
import type { Lang3 } from '../../platform/db/types.ts';
import { AppError } from '../../platform/errors.ts';
import { csrfToken } from '../../platform/http/csrf.ts';
import { UUID_PATTERN } from '../../platform/ids.ts';
import type { FormValues } from '../../ui/forms.tsx';
import { renderPage } from '../../ui/Layout.tsx';
import {
  addParticipant,
  cancelMeeting,
  lockTime,
  type MeetingsDeps,
  organiseMeeting,
  type ParticipantInput,
  proposeTimes,
  removeParticipant,
  rescheduleMeeting,
  sendInvitations,
  setPlace,
  startMeeting,
} from './meetings.ts';
import { MeetingListPage } from './pages/MeetingListPage.tsx';
import { type FormAgain, type MeetingFormId, MeetingPage, SLOT_FIELDS } from './pages/MeetingPage.tsx';
import { MEETINGS_PATH, meetingConflict, meetingPath, NEW_MEETING_PATH } from './pages/MeetingParts.tsx';
import { NewMeetingPage } from './pages/NewMeetingPage.tsx';
import { PollGonePage, PollNotFoundPage, PollPage } from './pages/PollPage.tsx';
import { newMeetingRef } from './policy.ts';
import { answerPoll, POLL_PATHS, PollLinkGone, pollPath, readPoll, replyToInvitation } from './poll.ts';
import { listMeetings, readMeeting, registryChoices } from './views.ts';

const HTML = 'text/html; charset=utf-8';
const hidden = { hide: true };
const asForm = { inputRule: 'form' as const };
const COUNSELLOR = staffOnly('counsellor');
const langParams = z.object({ lang: z.string() });
const idParams = z.object({ lang: z.string(), id: z.string() });
const doneQuery = z.object({ done: z.string().max(20).optional() });
const newQuery = z.object({ contact: z.string().max(60).optional() });
const tokenParams = z.object({ token: z.string().max(100) });
const pollQuery = z.object({ saved: z.string().max(10).optional(), replied: z.string().max(10).optional() });

function langOf(params: { lang: string; id?: string }): Lang {
  if (!isLang(params.lang)) throw new AppError('http.not_found', 404);
  if (params.id !== undefined && !UUID_PATTERN.test(params.id)) throw new AppError('meeting.not_found', 404);
  return params.lang;
}

/** What a form posted, as typed (the CSRF token left out), to show again after a problem. */
function posted(request: FastifyRequest): FormValues {
  const out: FormValues = {};
  const body = request.body;
  if (!body || typeof body !== 'object') return out;
  for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
    if (k === '_csrf') continue;
    out[k] = Array.isArray(v) ? String(v[0] ?? '').slice(0, 5000) : String(v ?? '').slice(0, 5000);
  }
  return out;
}

const value = (values: FormValues, name: string) => {
  const v = values[name];
  return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
};

/** The version a form was made from; undefined (no check) when it is missing or malformed. */
function versionOf(values: FormValues): number | undefined {
  const v = value(values, 'version');
  return /^[1-9][0-9]{0,8}$/.test(v) ? Number(v) : undefined;
}

const langOfValue = (v: string, fallback: Lang): Lang3 => (isLang(v) ? v : fallback);

const isStatus = (error: unknown, status: number): error is AppError =>
  error instanceof AppError && error.status === status;

type DoneKey = keyof ReturnType<typeof translations>['meetings']['done'];
function doneText(lang: Lang, done: string | undefined): string | undefined {
  const texts = translations(lang).meetings.done;
  return done && Object.hasOwn(texts, done) ? texts[done as DoneKey] : undefined;
}

/** The steps of the meeting page: each form's id (for its problems) and what it does. */
const STEPS = [
  'organise',
  'participants',
  'participants/remove',
  'place',
  'times',
  'lock',
  'invite',
  'reschedule',
  'cancel',
] as const;
type Step = (typeof STEPS)[number];

export async function meetingRoutes(root: FastifyInstance, { deps }: { deps: MeetingsDeps }) {
  const app = root.withTypeProvider<ZodTypeProvider>();

  /** The frame of every staff page: who, their organisation, the form token; never cached. */
  async function frame(request: FastifyRequest, reply: FastifyReply) {
    const actor = staffActor(request);
    reply.header('cache-control', 'no-store');
    return {
      actor,
      organizationName: await organizationName(deps.db, actor.organizationId),
      csrf: csrfToken(reply),
    };
  }

  // ---------------------------------------------------------------- the section

  app.get(
    `/:lang${MEETINGS_PATH}`,
    { schema: { ...hidden, params: langParams, querystring: doneQuery }, preHandler: COUNSELLOR },
    async (request, reply) => {
      const lang = langOf(request.params);
      const f = await frame(request, reply);
      const lists = await listMeetings(deps, f.actor);
      return reply.type(HTML).send(
        renderPage(
          createElement(MeetingListPage, {
            lang,
            ...f,
            ...lists,
            flash: doneText(lang, request.query.done),
          }),
        ),
      );
    },
  );

  // ---------------------------------------------------------------- start one

  async function newPage(
    request: FastifyRequest,
    reply: FastifyReply,
    lang: Lang,
    contactId: string,
    values: FormValues,
    problems: FormAgain['problems'],
    status = 200,
  ) {
    const f = await frame(request, reply);
    const meetingId = UUID_PATTERN.test(value(values, 'meetingId'))
      ? value(values, 'meetingId')
      : randomUUID();
    // the door decides whether this contact is theirs to start one for (no log: nothing is read)
    if (
      !UUID_PATTERN.test(contactId) ||
      !(await can(deps.db, f.actor, 'create', newMeetingRef(meetingId, contactId)))
    )
      throw new AppError('meeting.not_found', 404);
    return reply
      .status(status)
      .type(HTML)
      .send(
        renderPage(createElement(NewMeetingPage, { lang, ...f, contactId, meetingId, values, problems })),
      );
  }

  app.get(
    `/:lang${NEW_MEETING_PATH}`,
    { schema: { ...hidden, params: langParams, querystring: newQuery }, preHandler: COUNSELLOR },
    async (request, reply) => {
      const lang = langOf(request.params);
      return newPage(request, reply, lang, request.query.contact ?? '', { duration: '90' }, []);
    },
  );

  app.post(
    `/:lang${MEETINGS_PATH}`,
    { schema: { ...hidden, params: langParams }, config: asForm, preHandler: COUNSELLOR },
    async (request, reply) => {
      const lang = langOf(request.params);
      const values = posted(request);
      const contactId = value(values, 'contactId');
      if (!UUID_PATTERN.test(contactId)) throw new AppError('meeting.not_found', 404);
      if (!UUID_PATTERN.test(value(values, 'meetingId'))) values.meetingId = randomUUID();
      const duration = value(values, 'duration').trim();
      const minutes = /^\d{1,4}$/.test(duration) ? Number(duration) : Number.NaN;
      try {
        const { id } = await startMeeting(deps, staffActor(request), {
          meetingId: value(values, 'meetingId').toLowerCase(),
          contactId: contactId.toLowerCase(),
          durationMinutes: minutes,
        });
        return reply.redirect(`/${lang}${meetingPath(id)}?done=created`, 303);
      } catch (error) {
        if (isStatus(error, 400) && error.fields.length > 0)
          return newPage(request, reply, lang, contactId, values, error.fields, 400);
        throw error;
      }
    },
  );

  // ---------------------------------------------------------------- one meeting

  async function meetingPage(
    request: FastifyRequest,
    reply: FastifyReply,
    lang: Lang,
    id: string,
    extra: { status?: number; again?: FormAgain; conflict?: string; flash?: string } = {},
  ) {
    const f = await frame(request, reply);
    const meeting = await readMeeting(deps, f.actor, id);
    const registry = await registryChoices(deps, f.actor, lang);
    return reply
      .status(extra.status ?? 200)
      .type(HTML)
      .send(
        renderPage(
          createElement(MeetingPage, {
            lang,
            ...f,
            meeting,
            registry,
            newParticipantId: randomUUID(),
            ...extra,
          }),
        ),
      );
  }

  app.get(
    `/:lang${MEETINGS_PATH}/:id`,
    { schema: { ...hidden, params: idParams, querystring: doneQuery }, preHandler: COUNSELLOR },
    async (request, reply) => {
      const lang = langOf(request.params);
      return meetingPage(request, reply, lang, request.params.id.toLowerCase(), {
        flash: doneText(lang, request.query.done),
      });
    },
  );

  /** Which form of the page a step's problems belong to. */
  function formOf(step: Step, values: FormValues): MeetingFormId {
    if (step === 'participants') {
      const source = value(values, 'source');
      return source === 'external' ? 'external' : source === 'family' ? 'family' : 'registry';
    }
    if (step === 'organise' || step === 'participants/remove') return 'lock';
    return step;
  }

  async function act(
    step: Step,
    deps: MeetingsDeps,
    request: FastifyRequest,
    id: string,
    values: FormValues,
    lang: Lang,
  ) {
    const actor = staffActor(request);
    const version = versionOf(values);
    switch (step) {
      case 'organise':
        await organiseMeeting(deps, actor, id, version);
        return 'taken';
      case 'participants': {
        const source = value(values, 'source');
        const language = langOfValue(value(values, 'language'), lang);
        const input: ParticipantInput =
          source === 'external'
            ? {
                source,
                name: value(values, 'name'),
                organizationName: value(values, 'organizationName'),
                email: value(values, 'email'),
                language,
              }
            : source === 'family'
              ? { source, name: value(values, 'familyName'), email: value(values, 'familyEmail'), language }
              : { source: 'registry', ref: value(values, 'registry'), language };
        const participantId = UUID_PATTERN.test(value(values, 'participantId'))
          ? value(values, 'participantId').toLowerCase()
          : randomUUID();
        await addParticipant(deps, actor, id, participantId, input, version);
        return 'added';
      }
      case 'participants/remove': {
        const participantId = value(values, 'participantId');
        if (!UUID_PATTERN.test(participantId)) throw new AppError('meeting.participant_not_found', 404);
        await removeParticipant(deps, actor, id, participantId.toLowerCase(), version);
        return 'removed';
      }
      case 'place': {
        const duration = value(values, 'duration').trim();
        const { rescheduled } = await setPlace(
          deps,
          actor,
          id,
          {
            placeKind: value(values, 'placeKind'),
            address: value(values, 'address'),
            remoteUrl: value(values, 'remoteUrl'),
            durationMinutes: /^\d{1,4}$/.test(duration) ? Number(duration) : Number.NaN,
          },
          version,
        );
        return rescheduled ? 'rescheduled' : 'place';
      }
      case 'times':
        await proposeTimes(
          deps,
          actor,
          id,
          SLOT_FIELDS.map((name) => value(values, name)),
          version,
        );
        return 'proposed';
      case 'lock': {
        const slotId = value(values, 'slotId');
        if (!UUID_PATTERN.test(slotId))
          throw new AppError('meeting.slot_invalid', 400, {}, [
            { field: 'slot', code: 'meeting.slot_invalid' },
          ]);
        await lockTime(deps, actor, id, slotId.toLowerCase(), version);
        return 'locked';
      }
      case 'invite':
        await sendInvitations(deps, actor, id, version);
        return 'invited';
      case 'reschedule':
        await rescheduleMeeting(deps, actor, id, value(values, 'start'), version);
        return 'rescheduled';
      case 'cancel':
        await cancelMeeting(deps, actor, id, value(values, 'reason'), version);
        return 'cancelled';
    }
  }

  for (const step of STEPS) {
    app.post(
      `/:lang${MEETINGS_PATH}/:id/${step}`,
      { schema: { ...hidden, params: idParams }, config: asForm, preHandler: COUNSELLOR },
      async (request, reply) => {
        const lang = langOf(request.params);
        const id = request.params.id.toLowerCase();
        const values = posted(request);
        try {
          const done = await act(step, deps, request, id, values, lang);
          return reply.redirect(`/${lang}${meetingPath(id)}?done=${done}`, 303);
        } catch (error) {
          if (isStatus(error, 409))
            return meetingPage(request, reply, lang, id, {
              status: 409,
              conflict: meetingConflict(lang, error.code, error.params),
            });
          if (isStatus(error, 400))
            return meetingPage(request, reply, lang, id, {
              status: 400,
              again: {
                form: formOf(step, values),
                values,
                problems:
                  error.fields.length > 0
                    ? error.fields
                    : [{ field: 'slot', text: errorMessage(lang, error.code, error.params) }],
              },
            });
          throw error;
        }
      },
    );
  }

  // ---------------------------------------------------------------- the private poll link

  const pollPaths = (token: string) =>
    Object.fromEntries(LANGS.map((l) => [l, pollPath(l, token)])) as Record<Lang, string>;

  /** The link is a secret: not kept by caches, not sent on as a referrer, not indexed. */
  function privateHeaders(reply: FastifyReply) {
    reply
      .header('cache-control', 'no-store')
      .header('x-robots-tag', 'noindex, nofollow')
      .header('referrer-policy', 'no-referrer');
  }

  async function pollPage(
    reply: FastifyReply,
    lang: Lang,
    token: string,
    extra: {
      status?: number;
      notice?: string;
      conflict?: string;
      again?: { values: FormValues; problems: FormAgain['problems'] };
    } = {},
  ) {
    privateHeaders(reply);
    const paths = pollPaths(token);
    try {
      const poll = await readPoll(deps, token);
      return reply
        .status(extra.status ?? 200)
        .type(HTML)
        .send(renderPage(createElement(PollPage, { lang, paths, csrf: csrfToken(reply), poll, ...extra })));
    } catch (error) {
      return pollRefusal(reply, lang, token, error);
    }
  }

  function pollRefusal(reply: FastifyReply, lang: Lang, token: string, error: unknown) {
    privateHeaders(reply);
    const paths = pollPaths(token);
    if (error instanceof PollLinkGone)
      return reply
        .status(410)
        .type(HTML)
        .send(renderPage(createElement(PollGonePage, { lang, paths, cancelled: error.cancelled })));
    if (isStatus(error, 404))
      return reply
        .status(404)
        .type(HTML)
        .send(renderPage(createElement(PollNotFoundPage, { lang, paths })));
    throw error;
  }

  for (const lang of LANGS) {
    const base = `/${lang}/${POLL_PATHS[lang]}/:token`;
    app.get(
      base,
      { schema: { ...hidden, params: tokenParams, querystring: pollQuery } },
      async (request, reply) => {
        const tp = translations(lang).meetings.poll;
        const notice =
          request.query.saved === '1' ? tp.saved : request.query.replied === '1' ? tp.replied : undefined;
        return pollPage(reply, lang, request.params.token, notice ? { notice } : {});
      },
    );
    app.post(
      `${base}/answers`,
      {
        schema: { ...hidden, params: tokenParams },
        config: { rateLimit: app.rateLimits.publicPost, ...asForm },
      },
      async (request, reply) => {
        const token = request.params.token;
        const values = posted(request);
        const answers: Record<string, string> = {};
        for (const [k, v] of Object.entries(values))
          if (k.startsWith('slot-')) answers[k.slice(5).toLowerCase()] = Array.isArray(v) ? (v[0] ?? '') : v;
        try {
          await answerPoll(deps, token, answers);
          return reply.redirect(`${pollPath(lang, token)}?saved=1`, 303);
        } catch (error) {
          if (isStatus(error, 409))
            return pollPage(reply, lang, token, {
              status: 409,
              conflict: meetingConflict(lang, error.code, error.params),
            });
          if (isStatus(error, 400))
            return pollPage(reply, lang, token, { status: 400, again: { values, problems: error.fields } });
          return pollRefusal(reply, lang, token, error);
        }
      },
    );
    app.post(
      `${base}/reply`,
      {
        schema: { ...hidden, params: tokenParams },
        config: { rateLimit: app.rateLimits.publicPost, ...asForm },
      },
      async (request, reply) => {
        const token = request.params.token;
        const values = posted(request);
        try {
          await replyToInvitation(deps, token, value(values, 'partstat'));
          return reply.redirect(`${pollPath(lang, token)}?replied=1#invitation`, 303);
        } catch (error) {
          if (isStatus(error, 409) || isStatus(error, 400))
            return pollPage(reply, lang, token, {
              status: error instanceof AppError ? error.status : 400,
              conflict: meetingConflict(lang, (error as AppError).code, (error as AppError).params),
            });
          return pollRefusal(reply, lang, token, error);
        }
      },
    );
  }
}
