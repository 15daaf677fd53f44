/**
 * The public pages of the one contact point: "Pyydä neuvoa" (the form), the private status
 * page and the emergency page, in fi, sv and en. Server-rendered, no JavaScript: a form post
 * answers 303 to the status page (a reload does not send again; the idempotency key makes a
 * double send the same contact) or the same form again, with everything typed kept and the
 * problems beside their fields.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createElement, Fragment, type ReactNode } from 'react';
import { errorMessage, LANGS, type Lang, translations } from '../../i18n/index.ts';
import { AppError, type FieldProblem } from '../../platform/errors.ts';
import { csrfToken } from '../../platform/http/csrf.ts';
import { zodProblems } from '../../platform/http/validation.ts';
import { UUID_PATTERN } from '../../platform/ids.ts';
import { helsinkiDate, respondByDate } from '../../platform/working-days.ts';
import { ASK_PATHS, EMERGENCY_PATHS, type PageAccount, renderPage } from '../../ui/Layout.tsx';
import { catalogueOptions } from '../catalogue/index.ts';
import {
  addFamilyMessage,
  type ContactsDeps,
  readStatus,
  type StatusView,
  statusPath,
  submitContact,
} from './contacts.ts';
import { dutyDaysFrom } from './duty.ts';
import { type AskValues, emptyAskValues, PublicAskPage } from './pages/PublicAskPage.tsx';
import { PublicEmergencyPage } from './pages/PublicEmergencyPage.tsx';
import type { PageProblem, UrgencyPromiseView } from './pages/PublicParts.tsx';
import {
  type AppointmentRequestForm,
  calendarPath,
  type FamilyHandoffView,
  PublicStatusNotFoundPage,
  PublicStatusPage,
  requestPath,
} from './pages/PublicStatusPage.tsx';
import { contactPromise, type PromiseRules, promiseRulesOf } from './promise.ts';
import type { ContactRouteOptions } from './routes.ts';
import { contactInputSchema, messageSchema } from './schema.ts';

const html = 'text/html; charset=utf-8';
const hidden = { schema: { hide: true } };
/** what a re-rendered form keeps of one field at most (the schema says what is too long) */
const KEEP = 20_000;
const DEFAULT_WORKING_DAYS = 3;

/** The fields in the order the form shows them: the error summary lists problems in this order. */
const FIELD_ORDER = [
  'contacter',
  'safety',
  'message',
  'topics',
  'childAges',
  'municipality',
  'name',
  'replyChannel',
  'phone',
  'email',
  'reachTime',
  'language',
];

const one = (v: unknown): string =>
  (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '').slice(0, KEEP);
const many = (v: unknown): string[] =>
  (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x) => typeof x === 'string').slice(0, 100);

/** What the form sent, as strings. */
export function askValuesOf(raw: Record<string, unknown>, lang: Lang): AskValues {
  return {
    idempotencyKey: one(raw.idempotencyKey),
    contacter: one(raw.contacter),
    safety: one(raw.safety),
    message: one(raw.message),
    topics: many(raw.topics),
    childAges: one(raw.childAges),
    municipality: one(raw.municipality),
    name: one(raw.name),
    replyChannel: one(raw.replyChannel),
    phone: one(raw.phone),
    email: one(raw.email),
    reachTime: one(raw.reachTime) || 'any',
    language: one(raw.language) || lang,
  };
}

const AGE_WORDS = new Set(['ja', 'sekä', 'och', 'and', 'v', 'v.', 'år', 'y', 'vuotta', 'years']);

/**
 * "2 ja 5", "2, 5", "3 v ja 7 v", "2 och 5", "2 and 5" → [2, 5]; empty → []; anything that is
 * not whole numbers → null (the field's problem). The range 0–17 is the schema's to check.
 */
export function parseChildAges(text: string): number[] | null {
  const words = text
    .trim()
    .toLowerCase()
    .split(/[\s,;/&+]+/)
    .filter((w) => w && !AGE_WORDS.has(w));
  const ages: number[] = [];
  for (const word of words) {
    const m = /^(\d{1,2})(?:-?v\.?|-?år|y)?$/.exec(word);
    if (!m) return null;
    ages.push(Number(m[1]));
  }
  return ages;
}

/** The form's strings → the contact input the schema checks (the same as the JSON API's). */
function contactInput(v: AskValues, lang: Lang): { input: Record<string, unknown>; agesInvalid: boolean } {
  const ages = parseChildAges(v.childAges);
  return {
    input: {
      idempotencyKey: v.idempotencyKey,
      contacter: v.contacter || undefined,
      municipality: v.municipality || null,
      childAges: ages ?? [],
      topics: v.topics,
      message: v.message,
      name: v.name,
      replyChannel: v.replyChannel || undefined,
      phone: v.phone,
      email: v.email,
      reachTime: v.reachTime || undefined,
      language: v.language || lang,
      safety: v.safety || undefined,
    },
    agesInvalid: ages === null,
  };
}

/** Valid stand-ins for fields that already have a problem (see crossFieldProblems). */
const STAND_INS: Record<string, unknown> = {
  idempotencyKey: '00000000-0000-4000-8000-000000000000',
  contacter: 'parent',
  municipality: null,
  childAges: [],
  topics: [],
  message: 'x',
  name: null,
  reachTime: 'any',
  language: 'fi',
  safety: 'none',
};

/**
 * The schema checks the fields that depend on each other (a phone number when the answer is a
 * call) only when every field passes. So that a family sees every problem at once, not one
 * round after another, the input is checked again with stand-ins for the fields already wrong.
 */
function crossFieldProblems(input: Record<string, unknown>, problems: FieldProblem[]): FieldProblem[] {
  const wrong = new Set(problems.map((p) => p.field.split('.')[0] ?? p.field));
  const repaired = { ...input };
  for (const field of wrong) if (field in STAND_INS) repaired[field] = STAND_INS[field];
  const again = contactInputSchema.safeParse(repaired);
  return again.success
    ? []
    : zodProblems(again.error).filter((p) => !wrong.has(p.field.split('.')[0] ?? p.field));
}

/** Field problems → one message per field, in the page's language, in the form's order. */
function pageProblems(lang: Lang, problems: FieldProblem[], values: AskValues): PageProblem[] {
  const ta = translations(lang).contactPublic.ask;
  const out: PageProblem[] = [];
  for (const p of problems) {
    const field = p.field.split('.')[0] ?? p.field;
    if (out.some((x) => x.field === field)) continue;
    let text = errorMessage(lang, p.code, p.params);
    if (field === 'contacter' && !values.contacter) text = ta.chooseContacter;
    if (field === 'replyChannel' && !values.replyChannel) text = ta.chooseReplyChannel;
    out.push({ field: FIELD_ORDER.includes(field) ? field : 'message', text });
  }
  const rank = (field: string) => FIELD_ORDER.indexOf(field);
  return out.sort((a, b) => rank(a.field) - rank(b.field));
}

interface RegionInfo {
  id: string | null;
  workingDays: number;
  socialPhone: string | null;
  promiseRules: PromiseRules;
}

/** What the pages say of a region: its first-response promise and social emergency number. */
async function regionInfo(deps: ContactsDeps, by: { code: string } | { id: string }): Promise<RegionInfo> {
  const query = deps.db
    .selectFrom('region')
    .select(['id', 'first_response_working_days', 'social_emergency_phone', 'contact_promise']);
  const row = await ('code' in by
    ? query.where('code', '=', by.code)
    : query.where('id', '=', by.id)
  ).executeTakeFirst();
  return {
    id: row?.id ?? null,
    workingDays: row?.first_response_working_days ?? DEFAULT_WORKING_DAYS,
    socialPhone: row?.social_emergency_phone?.trim() || null,
    promiseRules: promiseRulesOf(row?.contact_promise),
  };
}

/**
 * What the status page says of an open urgent or emergency contact not yet answered: its
 * promised day (as given when it was sent) and, when nobody is at work now, when the next
 * counsellor is on duty.
 */
async function urgencyPromiseView(
  deps: ContactsDeps,
  view: StatusView,
  region: RegionInfo,
  now: Date,
): Promise<UrgencyPromiseView | null> {
  if (view.state === 'closed' || view.urgency === 'normal' || !region.id) return null;
  // once a counsellor has written, the promise is kept: the messages say the rest
  if (view.messages.some((m) => m.from === 'counsellor')) return null;
  const today = helsinkiDate(now);
  const promise = contactPromise({
    urgency: view.urgency,
    sentAt: now,
    rules: region.promiseRules,
    normalWorkingDays: region.workingDays,
    dutyDays: await dutyDaysFrom(deps.db, region.id, today),
  });
  return { urgency: view.urgency, respondBy: view.respondBy, today, nextDuty: promise.nextDuty };
}

/** The status page is a secret: not kept by caches, not sent on as a referrer, not indexed. */
function privateHeaders(reply: FastifyReply) {
  reply
    .header('cache-control', 'no-store')
    .header('x-robots-tag', 'noindex, nofollow')
    .header('referrer-policy', 'no-referrer');
}

/**
 * What the status page asks of the handoff feature (wired by app.ts: contacts cannot import
 * handoffs): where the family's handoffs stand, their appointments as an .ics file, and their
 * request to move or cancel the first appointment.
 */
export interface FamilyHandoffPorts {
  familyHandoffs?: (token: string) => Promise<FamilyHandoffView[]>;
  familyCalendar?: (token: string, lang: Lang) => Promise<string | null>;
  familyRequest?: (
    token: string,
    input: { requestId: string; handoffId: string; kind: 'change' | 'cancel'; text: string },
  ) => Promise<{ created: boolean }>;
  /** the consent part of the page: its requests and consents (?consent=… the notice after an answer) */
  consentPanel?: (token: string, lang: Lang, csrf: string, notice: string) => Promise<ReactNode>;
  /** the Yhdessä aika part of the page: the family's meetings and its request (?meeting=… the notice) */
  meetingPanel?: (token: string, lang: Lang, csrf: string, notice: string) => Promise<ReactNode>;
  /**
   * the feedback part of a closed contact's page: the form, or thanks once answered
   * (?feedback=… the notice after an answer, ?selko=1 the plain-language Finnish form)
   */
  feedbackPanel?: (
    token: string,
    lang: Lang,
    csrf: string,
    query: { notice: string; plain: boolean },
  ) => Promise<ReactNode>;
}

export async function contactPublicPages(
  app: FastifyInstance,
  {
    deps,
    familyHandoffs,
    familyCalendar,
    familyRequest,
    consentPanel,
    meetingPanel,
    feedbackPanel,
  }: ContactRouteOptions & FamilyHandoffPorts,
) {
  const now = () => (deps.now ? deps.now() : new Date());

  /** The signed-in user for the header, with the page's own form token. */
  const accountOf = (request: FastifyRequest, csrf: string): PageAccount | undefined =>
    request.actor.kind === 'anonymous' ? undefined : { actor: request.actor, csrfToken: csrf };

  // ------------------------------------------------------------------ Pyydä neuvoa

  async function askPage(
    request: FastifyRequest,
    reply: FastifyReply,
    lang: Lang,
    values: AskValues,
    problems: PageProblem[] = [],
    status = 200,
    formProblem?: string,
  ) {
    const [options, region] = await Promise.all([
      catalogueOptions(deps.db),
      regionInfo(deps, { code: request.siteRegion.code }),
    ]);
    const sentAt = now();
    const today = helsinkiDate(sentAt);
    const dutyDays = region.id ? await dutyDaysFrom(deps.db, region.id, today) : new Set<string>();
    const promiseOf = (urgency: 'urgent' | 'emergency') => {
      const p = contactPromise({
        urgency,
        sentAt,
        rules: region.promiseRules,
        normalWorkingDays: region.workingDays,
        dutyDays,
      });
      return { respondBy: p.respondBy, nextDuty: p.nextDuty };
    };
    const csrf = csrfToken(reply);
    return reply
      .status(status)
      .type(html)
      .send(
        renderPage(
          createElement(PublicAskPage, {
            lang,
            options,
            regionId: region.id,
            values,
            problems,
            formProblem,
            csrf,
            respondBy: respondByDate(sentAt, region.workingDays),
            workingDays: region.workingDays,
            urgentPromise: promiseOf('urgent'),
            emergencyPromise: promiseOf('emergency'),
            today,
            socialPhone: region.socialPhone,
            account: accountOf(request, csrf),
          }),
        ),
      );
  }

  async function sendAsk(request: FastifyRequest, reply: FastifyReply, lang: Lang) {
    const raw = (request.body ?? {}) as Record<string, unknown>;
    const values = askValuesOf(typeof raw === 'object' ? raw : {}, lang);
    const ta = translations(lang).contactPublic.ask;
    const { input, agesInvalid } = contactInput(values, lang);
    const parsed = contactInputSchema.safeParse(input);
    const problems: FieldProblem[] = [];
    if (agesInvalid) problems.push({ field: 'childAges', code: 'contact.age_invalid' });
    if (!parsed.success) problems.push(...zodProblems(parsed.error));
    if (problems.length > 0) problems.push(...crossFieldProblems(input, problems));
    // a missing or forged key: a new one, and "send again" (nothing was stored)
    const expired = problems.some((p) => p.field === 'idempotencyKey');
    const fieldProblems = problems.filter((p) => p.field !== 'idempotencyKey');
    if (!parsed.success || problems.length > 0) {
      return askPage(
        request,
        reply,
        lang,
        expired ? { ...values, idempotencyKey: randomUUID() } : values,
        pageProblems(lang, fieldProblems, values),
        400,
        expired ? ta.expired : undefined,
      );
    }
    try {
      // without a municipality the contact goes to the region of the site it was sent on
      const siteDeps = { ...deps, defaultRegionCode: request.siteRegion.code };
      const result = await submitContact(siteDeps, request.actor, parsed.data);
      const urgency = result.urgency === 'normal' ? '' : `&urgency=${result.urgency}`;
      return reply.redirect(`${statusPath(lang, result.statusToken)}?sent=1${urgency}`, 303);
    } catch (error) {
      if (error instanceof AppError && error.code === 'contact.idempotency_key_reused') {
        return askPage(request, reply, lang, { ...values, idempotencyKey: randomUUID() }, [], 409, ta.reused);
      }
      if (error instanceof AppError && error.fields.length > 0) {
        return askPage(request, reply, lang, values, pageProblems(lang, error.fields, values), 400);
      }
      throw error;
    }
  }

  for (const lang of LANGS) {
    app.get(ASK_PATHS[lang], hidden, (request, reply) =>
      // a signed-in client's name is filled in for them (issue 10, finding 19); they may clear it
      askPage(request, reply, lang, {
        ...emptyAskValues(lang, randomUUID()),
        name: request.actor.kind === 'client' ? request.actor.name : '',
      }),
    );
    app.post(
      ASK_PATHS[lang],
      // the form's schema applies the input rule itself and shows it in the form
      { ...hidden, config: { rateLimit: app.rateLimits.publicPost, inputRule: 'form' } },
      (request, reply) => sendAsk(request, reply, lang),
    );
  }

  // ------------------------------------------------------------------ the status page

  const statusPaths = (token: string) =>
    Object.fromEntries(LANGS.map((l) => [l, statusPath(l, token)])) as Record<Lang, string>;

  async function statusPage(
    request: FastifyRequest,
    reply: FastifyReply,
    lang: Lang,
    token: string,
    form: { messageId: string; text: string; problems: PageProblem[]; status: number } | null,
    known?: StatusView,
    appointmentForm?: AppointmentRequestForm & { status: number },
  ) {
    privateHeaders(reply);
    const csrf = csrfToken(reply);
    let view: StatusView;
    try {
      view = known ?? (await readStatus(deps, token));
    } catch (error) {
      if (!(error instanceof AppError) || error.status !== 404) throw error;
      return reply
        .status(404)
        .type(html)
        .send(
          renderPage(createElement(PublicStatusNotFoundPage, { lang, account: accountOf(request, csrf) })),
        );
    }
    const query = (request.query ?? {}) as Record<string, unknown>;
    const region = await regionInfo(deps, { id: view.regionId });
    const handoffs = familyHandoffs ? await familyHandoffs(token) : [];
    const consent = consentPanel ? await consentPanel(token, lang, csrf, one(query.consent)) : null;
    const meetings = meetingPanel ? await meetingPanel(token, lang, csrf, one(query.meeting)) : null;
    const feedback =
      feedbackPanel && view.state === 'closed'
        ? await feedbackPanel(token, lang, csrf, {
            notice: one(query.feedback),
            plain: one(query.selko) === '1',
          })
        : null;
    const promise = await urgencyPromiseView(deps, view, region, now());
    return reply
      .status(appointmentForm?.status ?? form?.status ?? 200)
      .type(html)
      .send(
        renderPage(
          createElement(PublicStatusPage, {
            lang,
            view,
            paths: statusPaths(token),
            privateUrl: `${deps.publicUrl}${statusPath(lang, token)}`,
            sent: one(query.sent) === '1',
            urgency: view.urgency === 'normal' ? null : view.urgency,
            handoffs,
            // the meetings' part stands before the consents' (one slot of the page for both)
            consent: meetings ? createElement(Fragment, null, meetings, consent) : consent,
            feedback,
            request: appointmentForm ?? { requestId: randomUUID(), kind: '', text: '', problems: [] },
            requestSent: one(query.request) === '1',
            messageSent: one(query.message) === '1',
            csrf,
            messageId: form?.messageId ?? randomUUID(),
            text: form?.text ?? '',
            problems: form?.problems ?? [],
            socialPhone: region.socialPhone,
            account: accountOf(request, csrf),
            promise,
          }),
        ),
      );
  }

  async function sendMessage(request: FastifyRequest, reply: FastifyReply, lang: Lang, token: string) {
    const raw = (request.body ?? {}) as Record<string, unknown>;
    const given = one(raw.messageId);
    // a forged id is only a lost retry protection: use a new one
    const messageId = UUID_PATTERN.test(given) ? given.toLowerCase() : randomUUID();
    const text = one(raw.text);
    let view: StatusView;
    try {
      view = await readStatus(deps, token);
    } catch (error) {
      if (!(error instanceof AppError) || error.status !== 404) throw error;
      return statusPage(request, reply, lang, token, null);
    }
    if (view.state === 'closed') {
      const problems = [
        { field: 'messages', text: translations(lang).contactPublic.status.closedNoMessages },
      ];
      return statusPage(request, reply, lang, token, { messageId, text, problems, status: 409 }, view);
    }
    const parsed = messageSchema.shape.text.safeParse(text);
    if (!parsed.success) {
      const problems = zodProblems(parsed.error)
        .slice(0, 1)
        .map((p) => ({ field: 'text', text: errorMessage(lang, p.code, p.params) }));
      return statusPage(request, reply, lang, token, { messageId, text, problems, status: 400 }, view);
    }
    await addFamilyMessage(deps, token, messageId, parsed.data);
    return reply.redirect(`${statusPath(lang, token)}?message=1#messages`, 303);
  }

  /**
   * The family asks to move or cancel their first appointment (a form without JavaScript, with
   * the page's CSRF token). Problems re-render the page with the form as typed; success answers
   * 303 to the page with a notice.
   */
  async function sendAppointmentRequest(
    request: FastifyRequest,
    reply: FastifyReply,
    lang: Lang,
    token: string,
  ) {
    if (!familyRequest) return statusPage(request, reply, lang, token, null);
    const raw = (request.body ?? {}) as Record<string, unknown>;
    const given = one(raw.requestId);
    const requestId = UUID_PATTERN.test(given) ? given.toLowerCase() : randomUUID();
    const kind = one(raw.kind);
    const text = one(raw.text);
    const handoffId = one(raw.handoff);
    const problems: PageProblem[] = [];
    if (kind !== 'change' && kind !== 'cancel')
      problems.push({ field: 'kind', text: errorMessage(lang, 'handoff.request_kind_required') });
    const parsed = text.trim() === '' ? null : messageSchema.shape.text.safeParse(text);
    if (parsed && !parsed.success) {
      const [p] = zodProblems(parsed.error);
      if (p) problems.push({ field: 'requestText', text: errorMessage(lang, p.code, p.params) });
    } else if (parsed === null && kind === 'change') {
      problems.push({ field: 'requestText', text: errorMessage(lang, 'handoff.request_text_required') });
    }
    const again = (status: number, found: PageProblem[]) =>
      statusPage(request, reply, lang, token, null, undefined, {
        requestId,
        kind,
        text,
        problems: found,
        status,
      });
    if (problems.length > 0) return again(400, problems);
    // an id that is not one of this family's handoffs is "not found", as any other
    if (!UUID_PATTERN.test(handoffId)) return notFound(request, reply, lang);
    try {
      await familyRequest(token, {
        requestId,
        handoffId: handoffId.toLowerCase(),
        kind: kind as 'change' | 'cancel',
        text: parsed?.success ? parsed.data : '',
      });
    } catch (error) {
      if (error instanceof AppError && error.code === 'handoff.request_not_open')
        return again(409, [{ field: 'kind', text: errorMessage(lang, 'handoff.request_not_open') }]);
      if (error instanceof AppError && error.status === 404) return notFound(request, reply, lang);
      throw error;
    }
    return reply.redirect(`${statusPath(lang, token)}?request=1#appointment-request`, 303);
  }

  /** The friendly "no such status page" in the page's language (404). */
  function notFound(request: FastifyRequest, reply: FastifyReply, lang: Lang) {
    privateHeaders(reply);
    const csrf = csrfToken(reply);
    return reply
      .status(404)
      .type(html)
      .send(renderPage(createElement(PublicStatusNotFoundPage, { lang, account: accountOf(request, csrf) })));
  }

  /** The family's appointments as an iCalendar file: the same token, the same secrecy as the page. */
  async function calendarFile(request: FastifyRequest, reply: FastifyReply, lang: Lang, token: string) {
    privateHeaders(reply);
    let ics: string | null = null;
    try {
      ics = familyCalendar ? await familyCalendar(token, lang) : null;
    } catch (error) {
      if (!(error instanceof AppError) || error.status !== 404) throw error;
    }
    if (ics === null) return notFound(request, reply, lang);
    return reply
      .type('text/calendar; charset=utf-8')
      .header('content-disposition', 'attachment; filename="perheverkko.ics"')
      .send(ics);
  }

  for (const lang of LANGS) {
    const path = statusPath(lang, ':token');
    app.get<{ Params: { token: string } }>(path, hidden, (request, reply) =>
      statusPage(request, reply, lang, request.params.token, null),
    );
    app.get<{ Params: { token: string } }>(calendarPath(path), hidden, (request, reply) =>
      calendarFile(request, reply, lang, request.params.token),
    );
    app.post<{ Params: { token: string } }>(
      requestPath(path),
      // the message's schema refuses control characters and shows it in the form; the other
      // fields are compared with fixed values or UUIDs
      { ...hidden, config: { rateLimit: app.rateLimits.publicPost, inputRule: 'form' } },
      (request, reply) => sendAppointmentRequest(request, reply, lang, request.params.token),
    );
    app.post<{ Params: { token: string } }>(
      path,
      { ...hidden, config: { rateLimit: app.rateLimits.publicPost } },
      (request, reply) => sendMessage(request, reply, lang, request.params.token),
    );
  }

  // ------------------------------------------------------------------ the emergency page

  for (const lang of LANGS) {
    app.get(EMERGENCY_PATHS[lang], hidden, async (request, reply) => {
      const region = await regionInfo(deps, { code: request.siteRegion.code });
      const account =
        request.actor.kind === 'anonymous'
          ? undefined
          : { actor: request.actor, csrfToken: csrfToken(reply) };
      return reply.type(html).send(
        renderPage(
          createElement(PublicEmergencyPage, {
            lang,
            socialPhone: region.socialPhone,
            workingDays: region.workingDays,
            account,
          }),
        ),
      );
    });
  }
}
