/**
 * The consent pages (docs/consent.md):
 * - /:lang/my/consents — a signed-in client's consents (self and the children in custody), with
 *   …/requests/:id/answer, …/requests/:id/narrow, …/:directiveId/withdraw (a confirmation) and
 *   …/:directiveId/confirm (a consent a worker recorded, confirmed at strong sign-in);
 * - <status page>/consent/:id/answer, …/narrow, …/withdraw — the same answers with the status
 *   link (the consent part of the status page itself is rendered through a port, see pages.ts);
 * - /:lang/staff/contacts/:id/consent — the counsellor's consent page and its six forms
 *   (…/persons, …/requests, …/record, …/withdrawals, …/statutory, …/capacity);
 * - /:lang/staff/access-log/consents (and .csv) — the data-protection officer's search and
 *   export, and …/statutory/:id/review (dpo-routes.ts).
 * Server-rendered; a change is a form post with the CSRF token answered by a redirect (303)
 * with a notice, or the same page again: 400 with the problems beside their fields, 409 when
 * the request was already answered or the consent is no longer valid (nothing changed). Every
 * read and write goes through the consent services and so through the door; what the user may
 * not see is "not found".
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { createElement } from 'react';
import { errorMessage, LANGS, type Lang, translations } from '../../i18n/index.ts';
import type { StatusLinkHolder } from '../../platform/access/door.ts';
import { Refusal } from '../../platform/access/refusal.ts';
import type { ClientActor } from '../../platform/auth/actor.ts';
import { organizationName, signInUrl, staffActor, staffOnly } from '../../platform/auth/guard.ts';
import type { DB } from '../../platform/db/types.ts';
import { AppError, type FieldProblem } from '../../platform/errors.ts';
import { csrfToken } from '../../platform/http/csrf.ts';
import { UUID_PATTERN } from '../../platform/ids.ts';
import { helsinkiDate } from '../../platform/working-days.ts';
import type { FormValues } from '../../ui/forms.tsx';
import { statusHolder, statusPath } from '../contacts/index.ts';
import {
  addPerson,
  answerRequest,
  confirmConsent,
  draftConsentRequest,
  recordCapacity,
  recordConsent,
  recordStatutoryDisclosure,
  withdrawConsent,
} from './consent.ts';
import { dpoConsentRoutes } from './dpo-routes.ts';
import {
  capacityFromForm,
  narrowFromForm,
  type Parsed,
  personFromForm,
  posted,
  problemsOf,
  recordFromForm,
  requestFromForm,
  staffWithdrawalFromForm,
  statutoryFromForm,
  withdrawFromForm,
} from './forms.ts';
import { REFUSED_NOTICES } from './pages/ConsentParts.tsx';
import { type FamilyFrame, NarrowRequestPage, WithdrawPage } from './pages/FamilyConsentPages.tsx';
import { MY_CONSENTS_PATH, MyConsentsPage } from './pages/MyConsentsPage.tsx';
import { STAFF_FORMS, StaffConsentPage, type StaffForm } from './pages/StaffConsentPage.tsx';
import { consentPagePath } from './pages/StaffConsentPanel.tsx';
import {
  type ConsentActor,
  familyDirective,
  familyRequest,
  myConsentsView,
  staffConsentView,
} from './pages.ts';
import {
  type DoneKey,
  doneQuery,
  doneText,
  hidden,
  idParams,
  langOf,
  langParams,
  send,
} from './route-kit.ts';

/** The family's notice after an answer: a success, or "nothing was changed". */
function familyNotice(lang: Lang, done: unknown) {
  const text = doneText(lang, done);
  return text ? { text, refused: REFUSED_NOTICES.includes(String(done)) } : undefined;
}

/** The status link's pages are secrets: not cached, no referrer, not indexed. */
function privateHeaders(reply: FastifyReply) {
  reply.header('x-robots-tag', 'noindex, nofollow').header('referrer-policy', 'no-referrer');
}

export async function consentRoutes(
  app: FastifyInstance,
  { db, now = () => new Date() }: { db: Kysely<DB>; now?: () => Date },
) {
  const typed = app.withTypeProvider<ZodTypeProvider>();

  // ---------------------------------------------------------------- the family: signed in or with the link

  /**
   * The family's two pages (narrow a request, withdraw a consent) and the answers, for both ways
   * in. `who` says who asks and where the pages live.
   */
  interface Family {
    actor: ConsentActor;
    /** the address the family's pages are under (My consents, or the status page) */
    base: string;
    /** where to go back to, and after an answer */
    back: string;
    paths: (tail: string) => Record<Lang, string>;
    clientActor?: ClientActor;
    private: boolean;
    /** the query parameter the page after an answer reads its notice from */
    doneParam: 'done' | 'consent';
  }

  const frameOf = (family: Family, reply: FastifyReply, tail: string): FamilyFrame => ({
    paths: family.paths(tail),
    back: family.back,
    actor: family.clientActor,
    csrf: csrfToken(reply),
    private: family.private,
  });

  async function narrowPage(
    reply: FastifyReply,
    lang: Lang,
    family: Family,
    requestId: string,
    values: FormValues,
    problems: FieldProblem[],
    status = 200,
  ) {
    const request = await familyRequest(db, family.actor, requestId, lang);
    const tail = `/${requestId}/narrow`;
    return send(
      reply,
      status,
      createElement(NarrowRequestPage, {
        lang,
        frame: frameOf(family, reply, tail),
        request,
        action: `${family.base}/${requestId}/answer`,
        values,
        problems,
      }),
    );
  }

  async function withdrawPage(
    reply: FastifyReply,
    lang: Lang,
    family: Family,
    directiveId: string,
    values: FormValues,
    problems: FieldProblem[],
    status = 200,
  ) {
    const directive = await familyDirective(db, family.actor, directiveId, lang);
    const tail = `/${directiveId}/withdraw`;
    return send(
      reply,
      status,
      createElement(WithdrawPage, {
        lang,
        frame: frameOf(family, reply, tail),
        directive,
        action: `${family.base}${tail}`,
        values,
        problems,
      }),
    );
  }

  /** accept, decline or narrow: 303 back with a notice; a closed request is 409 beside the answer. */
  async function answer(reply: FastifyReply, lang: Lang, family: Family, requestId: string, body: unknown) {
    const values = posted(body);
    const kind = typeof values.answer === 'string' ? values.answer : '';
    if (kind !== 'accept' && kind !== 'decline' && kind !== 'narrow')
      throw new AppError('request.invalid', 400);
    let narrowed: Parsed<{ categories: string[]; recipientOrganizationIds: string[]; validUntil?: string }> =
      {
        ok: true,
        value: { categories: [], recipientOrganizationIds: [] },
      };
    if (kind === 'narrow') {
      narrowed = narrowFromForm(values);
      if (!narrowed.ok) return narrowPage(reply, lang, family, requestId, values, narrowed.problems, 400);
    }
    try {
      await answerRequest(db, family.actor, requestId, {
        answer: kind,
        lang,
        ...(kind === 'narrow' && narrowed.ok ? narrowed.value : {}),
      } as Parameters<typeof answerRequest>[3]);
    } catch (error) {
      const problems = problemsOf(error, kind === 'narrow' ? 'categories' : 'answer');
      if (!problems) throw error;
      if (kind === 'narrow') {
        const status = (error as AppError).status;
        return narrowPage(reply, lang, family, requestId, values, problems, status);
      }
      // accept or decline refused: back, with what happened (nothing changed)
      const code = (error as AppError).code;
      return reply.redirect(
        withDone(family, code === 'consent.request_not_open' ? 'closed' : 'notEntitled'),
        303,
      );
    }
    const done = kind === 'accept' ? 'accepted' : kind === 'decline' ? 'declined' : 'narrowed';
    return reply.redirect(withDone(family, done), 303);
  }

  async function withdraw(
    reply: FastifyReply,
    lang: Lang,
    family: Family,
    directiveId: string,
    body: unknown,
  ) {
    const values = posted(body);
    const parsed = withdrawFromForm(values);
    if (!parsed.ok) return withdrawPage(reply, lang, family, directiveId, values, parsed.problems, 400);
    try {
      await withdrawConsent(db, family.actor, directiveId, {
        channel: family.private ? 'status_link' : 'strong_identification',
        reason: parsed.value.reason,
      } as Parameters<typeof withdrawConsent>[3]);
    } catch (error) {
      const problems = problemsOf(error, 'reason');
      if (!problems) throw error;
      return withdrawPage(reply, lang, family, directiveId, values, problems, (error as AppError).status);
    }
    return reply.redirect(withDone(family, 'withdrawn'), 303);
  }

  // signed in: My consents
  const myFamily = (request: FastifyRequest, lang: Lang): Family => {
    const actor = request.actor;
    if (actor.kind !== 'client') throw new Refusal('not_client');
    const base = `/${lang}${MY_CONSENTS_PATH}`;
    return {
      actor,
      clientActor: actor,
      base,
      back: base,
      paths: (tail) =>
        Object.fromEntries(LANGS.map((l) => [l, `/${l}${MY_CONSENTS_PATH}${tail}`])) as Record<Lang, string>,
      private: false,
      doneParam: 'done',
    };
  };
  /** a signed-out visitor goes to sign in and comes back */
  const signedIn = async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.actor.kind === 'anonymous') return reply.redirect(signInUrl(request), 302);
    if (request.actor.kind !== 'client') throw new Refusal('not_client');
  };

  /** My consents, with a notice after an answer (or a problem: 409 when nothing was changed). */
  async function myConsentsPage(
    request: FastifyRequest,
    reply: FastifyReply,
    lang: Lang,
    status: number,
    flash: { text: string; refused: boolean } | undefined,
  ) {
    const family = myFamily(request, lang);
    const persons = await myConsentsView(db, family.clientActor as ClientActor, lang, now());
    return send(
      reply,
      status,
      createElement(MyConsentsPage, {
        lang,
        actor: family.clientActor as ClientActor,
        csrfToken: csrfToken(reply),
        persons,
        flash,
      }),
    );
  }

  typed.get(
    `/:lang${MY_CONSENTS_PATH}`,
    { schema: { ...hidden, params: langParams, querystring: doneQuery }, preHandler: signedIn },
    async (request, reply) => {
      const lang = langOf(request.params);
      return myConsentsPage(request, reply, lang, 200, familyNotice(lang, request.query.done));
    },
  );
  /**
   * The client confirms, signed in strongly, a consent a worker recorded for them: back with a
   * notice; a consent not theirs is "not found", one no longer in force (or confirmed already)
   * is 409 on the page, nothing changed.
   */
  typed.post(
    `/:lang${MY_CONSENTS_PATH}/:id/confirm`,
    { schema: { ...hidden, params: idParams }, preHandler: signedIn },
    async (request, reply) => {
      const lang = langOf(request.params);
      const client = myFamily(request, lang).clientActor as ClientActor;
      try {
        await confirmConsent(db, client, request.params.id.toLowerCase(), { now: now() });
      } catch (error) {
        if (!(error instanceof AppError) || error.status !== 409) throw error;
        return myConsentsPage(request, reply, lang, 409, {
          text: errorMessage(lang, error.code),
          refused: true,
        });
      }
      return reply.redirect(`/${lang}${MY_CONSENTS_PATH}?done=confirmed`, 303);
    },
  );
  typed.get(
    `/:lang${MY_CONSENTS_PATH}/requests/:id/narrow`,
    { schema: { ...hidden, params: idParams }, preHandler: signedIn },
    async (request, reply) => {
      const lang = langOf(request.params);
      const family = { ...myFamily(request, lang) };
      family.base = `${family.base}/requests`;
      family.paths = (tail) =>
        Object.fromEntries(LANGS.map((l) => [l, `/${l}${MY_CONSENTS_PATH}/requests${tail}`])) as Record<
          Lang,
          string
        >;
      return narrowPage(reply, lang, family, request.params.id, {}, []);
    },
  );
  typed.post(
    `/:lang${MY_CONSENTS_PATH}/requests/:id/answer`,
    { schema: { ...hidden, params: idParams }, preHandler: signedIn },
    async (request, reply) => {
      const lang = langOf(request.params);
      const family = { ...myFamily(request, lang) };
      family.base = `${family.base}/requests`;
      family.paths = (tail) =>
        Object.fromEntries(LANGS.map((l) => [l, `/${l}${MY_CONSENTS_PATH}/requests${tail}`])) as Record<
          Lang,
          string
        >;
      return answer(reply, lang, family, request.params.id, request.body);
    },
  );
  typed.get(
    `/:lang${MY_CONSENTS_PATH}/:id/withdraw`,
    { schema: { ...hidden, params: idParams }, preHandler: signedIn },
    async (request, reply) => {
      const lang = langOf(request.params);
      return withdrawPage(reply, lang, myFamily(request, lang), request.params.id, {}, []);
    },
  );
  typed.post(
    `/:lang${MY_CONSENTS_PATH}/:id/withdraw`,
    { schema: { ...hidden, params: idParams }, preHandler: signedIn },
    async (request, reply) => {
      const lang = langOf(request.params);
      return withdraw(reply, lang, myFamily(request, lang), request.params.id, request.body);
    },
  );

  // with the status link
  for (const lang of LANGS) {
    const path = `${statusPath(lang, ':token')}/consent/:id`;
    const linkFamily = async (token: string): Promise<Family | null> => {
      const holder: StatusLinkHolder | null = await statusHolder(db, token);
      if (!holder) return null;
      const page = statusPath(lang, token);
      return {
        actor: holder,
        base: `${page}/consent`,
        back: `${page}#consent`,
        paths: (tail) =>
          Object.fromEntries(LANGS.map((l) => [l, `${statusPath(l, token)}/consent${tail}`])) as Record<
            Lang,
            string
          >,
        private: true,
        doneParam: 'consent',
      };
    };
    type P = { Params: { token: string; id: string } };
    const withFamily =
      (
        run: (
          reply: FastifyReply,
          family: Family,
          id: string,
          request: FastifyRequest<P>,
        ) => Promise<unknown>,
      ) =>
      async (request: FastifyRequest<P>, reply: FastifyReply) => {
        privateHeaders(reply);
        const family = UUID_PATTERN.test(request.params.id) ? await linkFamily(request.params.token) : null;
        if (!family) throw new AppError('consent.not_found', 404);
        return run(reply, family, request.params.id.toLowerCase(), request);
      };
    app.get<P>(
      `${path}/narrow`,
      { schema: hidden },
      withFamily((reply, family, id) => narrowPage(reply, lang, family, id, {}, [])),
    );
    app.post<P>(
      `${path}/answer`,
      { schema: hidden, config: { rateLimit: app.rateLimits.publicPost } },
      withFamily((reply, family, id, request) => answer(reply, lang, family, id, request.body)),
    );
    app.get<P>(
      `${path}/withdraw`,
      { schema: hidden },
      withFamily((reply, family, id) => withdrawPage(reply, lang, family, id, {}, [])),
    );
    app.post<P>(
      `${path}/withdraw`,
      { schema: hidden, config: { rateLimit: app.rateLimits.publicPost } },
      withFamily((reply, family, id, request) => withdraw(reply, lang, family, id, request.body)),
    );
  }

  // ---------------------------------------------------------------- the counsellor

  const COUNSELLOR = staffOnly('counsellor');

  async function staffPage(
    request: FastifyRequest,
    reply: FastifyReply,
    lang: Lang,
    contactId: string,
    extra: {
      status?: number;
      flash?: string;
      again?: { form: StaffForm; values: FormValues; problems: FieldProblem[] };
    } = {},
  ) {
    const actor = staffActor(request);
    const view = await staffConsentView(db, actor, contactId, lang);
    return send(
      reply,
      extra.status ?? 200,
      createElement(StaffConsentPage, {
        lang,
        actor,
        organizationName: await organizationName(db, actor.organizationId),
        csrf: csrfToken(reply),
        flash: extra.flash,
        contactId,
        ...view,
        noticeText: translations(lang).consentPages.notice.text,
        again: extra.again,
        today: helsinkiDate(now()),
      }),
    );
  }

  typed.get(
    '/:lang/staff/contacts/:id/consent',
    { schema: { ...hidden, params: idParams, querystring: doneQuery }, preHandler: COUNSELLOR },
    async (request, reply) => {
      const lang = langOf(request.params);
      return staffPage(request, reply, lang, request.params.id, {
        flash: doneText(lang, request.query.done),
      });
    },
  );

  const STAFF_POSTS: Record<
    StaffForm,
    {
      path: string;
      done: DoneKey;
      run: (
        actor: ReturnType<typeof staffActor>,
        contactId: string,
        values: FormValues,
      ) => Promise<Parsed<unknown>>;
    }
  > = {
    person: {
      path: 'persons',
      done: 'person',
      run: async (actor, contactId, values) => {
        const parsed = personFromForm(values);
        if (parsed.ok) await addPerson(db, actor, contactId, parsed.value as Parameters<typeof addPerson>[3]);
        return parsed;
      },
    },
    request: {
      path: 'requests',
      done: 'request',
      run: async (actor, contactId, values) => {
        const parsed = requestFromForm(values);
        if (parsed.ok)
          await draftConsentRequest(
            db,
            actor,
            contactId,
            parsed.value as Parameters<typeof draftConsentRequest>[3],
          );
        return parsed;
      },
    },
    record: {
      path: 'record',
      done: 'recorded',
      run: async (actor, contactId, values) => {
        const parsed = recordFromForm(values);
        if (parsed.ok)
          await recordConsent(db, actor, contactId, parsed.value as Parameters<typeof recordConsent>[3]);
        return parsed;
      },
    },
    statutory: {
      path: 'statutory',
      done: 'statutory',
      run: async (actor, contactId, values) => {
        const parsed = statutoryFromForm(values);
        if (parsed.ok)
          await recordStatutoryDisclosure(
            db,
            actor,
            contactId,
            parsed.value as Parameters<typeof recordStatutoryDisclosure>[3],
          );
        return parsed;
      },
    },
    withdrawal: {
      path: 'withdrawals',
      done: 'withdrawalRecorded',
      run: async (actor, contactId, values) => {
        const parsed = staffWithdrawalFromForm(values);
        if (parsed.ok) {
          const { directiveId, ...input } = parsed.value;
          await withdrawConsent(db, actor, directiveId, { ...input, contactId });
        }
        return parsed;
      },
    },
    capacity: {
      path: 'capacity',
      done: 'capacity',
      run: async (actor, _contactId, values) => {
        const parsed = capacityFromForm(values);
        if (parsed.ok) {
          const { personId, ...input } = parsed.value;
          await recordCapacity(db, actor, personId, input as Parameters<typeof recordCapacity>[3]);
        }
        return parsed;
      },
    },
  };

  for (const form of STAFF_FORMS) {
    const { path, done, run } = STAFF_POSTS[form];
    typed.post(
      `/:lang/staff/contacts/:id/consent/${path}`,
      { schema: { ...hidden, params: idParams }, preHandler: COUNSELLOR },
      async (request, reply) => {
        const lang = langOf(request.params);
        const contactId = request.params.id;
        const values = posted(request.body);
        let parsed: Parsed<unknown>;
        try {
          parsed = await run(staffActor(request), contactId, values);
        } catch (error) {
          const problems = problemsOf(error, Object.keys(values)[0] ?? 'name');
          if (!problems) throw error;
          return staffPage(request, reply, lang, contactId, {
            status: (error as AppError).status,
            again: { form, values, problems },
          });
        }
        if (!parsed.ok)
          return staffPage(request, reply, lang, contactId, {
            status: 400,
            again: { form, values, problems: parsed.problems },
          });
        return reply.redirect(`${consentPagePath(lang, contactId)}?done=${done}`, 303);
      },
    );
  }

  await dpoConsentRoutes(app, { db, now });
}

/** Where the family goes after an answer: back, with the notice's key before the fragment. */
function withDone(family: { back: string; doneParam: string }, done: string): string {
  const [path = '', fragment] = family.back.split('#');
  const sep = path.includes('?') ? '&' : '?';
  return `${path}${sep}${family.doneParam}=${done}${fragment ? `#${fragment}` : ''}`;
}
