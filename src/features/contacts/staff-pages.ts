/**
 * The counsellors' pages: the shared regional queue (live), my work, one contact (mapping,
 * advice, messages, outcome, corrections), logging a call or a walk-in, and the duty roster.
 * Server-rendered; every change is a plain form post with the CSRF token, answered with a
 * redirect back (303) and a flash, or with the same page again: 400 with the problems beside
 * their fields, 409 with what happened at the top. Every contact read and write goes through
 * contacts.ts, and so through the access policy and its log.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { createElement, type ReactNode } from 'react';
import { renderToString } from 'react-dom/server';
import { z } from 'zod';
import { isLang, type Lang, translations } from '../../i18n/index.ts';
import { Refusal } from '../../platform/access/index.ts';
import type { StaffActor } from '../../platform/auth/actor.ts';
import { organizationName, staffActor, staffOnly } from '../../platform/auth/guard.ts';
import type { Urgency } from '../../platform/db/types.ts';
import { AppError, type FieldProblem } from '../../platform/errors.ts';
import { csrfToken } from '../../platform/http/csrf.ts';
import { UUID_PATTERN } from '../../platform/ids.ts';
import { helsinkiDate } from '../../platform/working-days.ts';
import { defineAsset } from '../../ui/assets.ts';
import { renderPage } from '../../ui/Layout.tsx';
import { catalogueOptions } from '../catalogue/index.ts';
import {
  assignContact,
  claimContact,
  closeContact,
  contactPointCounsellors,
  correctEntry,
  readContact,
  readQueue,
  recordEntry,
  reopenContact,
  submitContact,
  type WorkEntry,
} from './contacts.ts';
import { type FormAgain, StaffContactPage, type WorkForm } from './pages/StaffContactPage.tsx';
import {
  entryTextFromForm,
  loggedContactFromForm,
  mappingFromForm,
  outcomeFromForm,
  type Parsed,
  reasonFromForm,
} from './pages/StaffForms.tsx';
import { NEW_CONTACT_PATH, newContactValues, StaffNewContactPage } from './pages/StaffNewContactPage.tsx';
import { conflictMessage, type FormValues } from './pages/StaffParts.tsx';
import {
  filterQuery,
  type QueueFiltersForm,
  type QueueKind,
  QueueList,
  queuePath,
  StaffQueuePage,
} from './pages/StaffQueuePage.tsx';
import { ROSTER_DAYS, type RosterAgain, StaffRosterPage } from './pages/StaffRosterPage.tsx';
import { mayKeepRoster, onDutyToday, readRoster, saveRosterDay } from './roster.ts';
import type { ContactRouteOptions } from './routes.ts';
import { URGENCIES } from './schema.ts';
import { regionServices, serviceNames, serviceTaskNames } from './staff-views.ts';
import { mappingTopicSuggestions } from './topic-suggestions.ts';

const HTML = 'text/html; charset=utf-8';
const COUNSELLOR = staffOnly('counsellor');
const QUEUE_ROLES = staffOnly('counsellor', 'manager');
const MANAGER = staffOnly('manager');

/** The queue's live script, its address changing with its content (so it can be cached for good). */
const LIVE_SCRIPT = defineAsset('/assets/queue-live.js', new URL('../../ui/queue-live.js', import.meta.url));
export const LIVE_SCRIPT_URL = LIVE_SCRIPT.url;

const hidden = { hide: true };
const langParams = z.object({ lang: z.string() });
const idParams = z.object({ lang: z.string(), id: z.string() });
const entryParams = z.object({ lang: z.string(), id: z.string(), entryId: z.string() });
const dayParams = z.object({ lang: z.string(), day: z.string() });
const text = z.string().max(200).optional();
const queueQuery = z.object({
  municipality: text,
  urgency: text,
  show: text,
  fragment: text,
  done: text,
});
const contactQuery = z.object({ done: text, serviceQ: text });
const rosterQuery = z.object({ from: text, done: text });

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function langOf(params: { lang: string; id?: string; entryId?: string }): Lang {
  if (!isLang(params.lang)) throw new AppError('http.not_found', 404);
  for (const id of [params.id, params.entryId])
    if (id !== undefined && !UUID_PATTERN.test(id)) throw new AppError('http.not_found', 404);
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
const all = (values: FormValues, name: string): string[] => {
  const v = values[name];
  return Array.isArray(v) ? v : v ? [v] : [];
};

/** The version a form was made from; nothing (no check) when it is missing or malformed. */
function versionOf(values: FormValues, name = 'version'): number | undefined {
  const v = first(values, name);
  return /^[1-9][0-9]{0,8}$/.test(v) ? Number(v) : undefined;
}

/** The queue's filters from a query or a form: anything unknown is left out. */
function filtersOf(raw: Record<string, unknown>): QueueFiltersForm {
  const s = (v: unknown) => (typeof v === 'string' ? v : '');
  const municipality = s(raw.municipality);
  const urgency = s(raw.urgency);
  const show = s(raw.show);
  return {
    municipality: /^[0-9]{3}$/.test(municipality) ? municipality : '',
    urgency: (URGENCIES as readonly string[]).includes(urgency) ? urgency : '',
    show: ['all', 'unassigned', 'mine'].includes(show) ? show : 'all',
  };
}

const isConflict = (error: unknown): error is AppError => error instanceof AppError && error.status === 409;
const isFieldProblem = (error: unknown): error is AppError =>
  error instanceof AppError && error.status === 400 && error.fields.length > 0;

type DoneKey = keyof ReturnType<typeof translations>['contactStaff']['contact']['done'];
function doneText(lang: Lang, done: string | undefined): string | undefined {
  const texts = translations(lang).contactStaff.contact.done;
  return done && Object.hasOwn(texts, done) ? texts[done as DoneKey] : undefined;
}

/** The consent panel of a contact's page (the consent feature's, wired by app.ts). */
export type ConsentPanelPort = (actor: StaffActor, contactId: string, lang: Lang) => Promise<ReactNode>;

export async function contactStaffPages(
  root: FastifyInstance,
  { deps, consentPanel }: ContactRouteOptions & { consentPanel?: ConsentPanelPort },
) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { db } = deps;
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

  // ---------------------------------------------------------------- the queue and my work

  async function queueView(
    request: FastifyRequest,
    reply: FastifyReply,
    lang: Lang,
    kind: QueueKind,
    filters: QueueFiltersForm,
    extra: { status?: number; notice?: string; flash?: string; fragment?: boolean } = {},
  ) {
    const f = await frame(request, reply);
    const at = now();
    const queue = await readQueue(deps, f.actor, {
      municipality: filters.municipality || undefined,
      urgency: (filters.urgency || undefined) as Urgency | undefined,
      show: kind === 'my-work' ? 'mine' : (filters.show as 'all' | 'unassigned' | 'mine'),
    });
    const [options, counsellors] = await Promise.all([
      catalogueOptions(db),
      contactPointCounsellors(db, f.actor.regionId),
    ]);
    const list = {
      lang,
      kind,
      actor: f.actor,
      csrf: f.csrf,
      items: queue.items,
      total: queue.total,
      filters,
      options,
      counsellors,
      now: at,
    };
    reply.status(extra.status ?? 200).type(HTML);
    if (extra.fragment) return reply.send(renderToString(createElement(QueueList, list)));
    const duty = await onDutyToday(db, f.actor.regionId, at);
    return reply.send(
      renderPage(
        createElement(StaffQueuePage, {
          ...list,
          organizationName: f.organizationName,
          flash: extra.flash,
          notice: extra.notice,
          duty: {
            phone: duty.filter((d) => d.duty === 'phone').map((d) => d.name),
            queue: duty.filter((d) => d.duty === 'queue').map((d) => d.name),
          },
          search: filterQuery(kind, filters),
          liveScript: LIVE_SCRIPT_URL,
        }),
      ),
    );
  }

  for (const kind of ['queue', 'my-work'] as const) {
    app.get(
      `/:lang${queuePath(kind)}`,
      {
        schema: { ...hidden, params: langParams, querystring: queueQuery },
        preHandler: kind === 'queue' ? QUEUE_ROLES : COUNSELLOR,
      },
      async (request, reply) => {
        const lang = langOf(request.params);
        const filters = filtersOf(request.query);
        return queueView(
          request,
          reply,
          lang,
          kind,
          kind === 'my-work' ? { ...filters, show: 'mine' } : filters,
          {
            fragment: request.query.fragment === '1',
            flash: request.query.done === 'assigned' ? doneText(lang, 'assigned') : undefined,
          },
        );
      },
    );
  }

  /** Where a queue action goes back to: the queue or my work (with its filters), or the contact. */
  function backOf(values: FormValues): QueueKind | 'contact' {
    const back = first(values, 'back');
    return back === 'queue' || back === 'my-work' ? back : 'contact';
  }

  // ---------------------------------------------------------------- one contact

  async function contactView(
    request: FastifyRequest,
    reply: FastifyReply,
    lang: Lang,
    id: string,
    extra: {
      status?: number;
      again?: FormAgain;
      conflict?: string;
      flash?: string;
      serviceQuery?: string;
    } = {},
  ) {
    const f = await frame(request, reply);
    const contact = await readContact(deps, f.actor, id);
    const targetIds = contact.entries
      .filter((e) => e.type === 'outcome' || e.type === 'handoff')
      .flatMap((e) => e.versions.map((v) => String(v.content.targetServiceId ?? '')));
    const chosen = extra.again ? all(extra.again.values, 'targetServiceId') : [];
    const serviceQuery = (extra.serviceQuery ?? '').trim().slice(0, 100);
    const [options, counsellors, taskNames, services, names] = await Promise.all([
      catalogueOptions(db),
      contactPointCounsellors(db, f.actor.regionId),
      serviceTaskNames(db),
      regionServices(db, f.actor.regionId, { q: serviceQuery, keep: [...chosen, ...targetIds] }),
      serviceNames(db, targetIds),
    ]);
    // the topics the family's own words suggest for the mapping, from the contact read above
    // (through the access policy and its log): no second read of the contact
    const topicSuggestions =
      contact.state === 'closed' || contact.state === 'new'
        ? []
        : await mappingTopicSuggestions(
            db,
            f.actor.regionId,
            contact,
            new Set(options.topics.map((x) => x.code)),
          );
    return reply
      .status(extra.status ?? 200)
      .type(HTML)
      .send(
        renderPage(
          createElement(StaffContactPage, {
            lang,
            ...f,
            flash: extra.flash,
            contact,
            options,
            topicSuggestions,
            counsellors,
            services,
            serviceQuery,
            serviceNames: names,
            taskNames,
            again: extra.again,
            conflict: extra.conflict,
            now: now(),
            entryIds: { mapping: randomUUID(), advice: randomUUID(), message: randomUUID() },
            consent: consentPanel ? await consentPanel(f.actor, id, lang) : null,
          }),
        ),
      );
  }

  app.get(
    '/:lang/staff/contacts/:id',
    { schema: { ...hidden, params: idParams, querystring: contactQuery }, preHandler: COUNSELLOR },
    async (request, reply) => {
      const lang = langOf(request.params);
      return contactView(request, reply, lang, request.params.id, {
        flash: doneText(lang, request.query.done),
        serviceQuery: request.query.serviceQ,
      });
    },
  );

  /**
   * Runs a change on a contact and answers: 303 back to the contact with a flash; or the
   * contact page again with the form's problems (400) or with what happened (409).
   */
  async function change(
    request: FastifyRequest,
    reply: FastifyReply,
    lang: Lang,
    id: string,
    form: WorkForm,
    done: DoneKey,
    work: (values: FormValues, actor: StaffActor) => Promise<Parsed<unknown> | undefined>,
  ) {
    const values = posted(request);
    try {
      const result = await work(values, staffActor(request));
      if (result && !result.ok)
        return contactView(request, reply, lang, id, {
          status: 400,
          again: { form, values, problems: result.problems },
        });
    } catch (error) {
      if (isConflict(error))
        return contactView(request, reply, lang, id, {
          status: 409,
          conflict: conflictMessage(lang, error.code, error.params),
        });
      if (isFieldProblem(error))
        return contactView(request, reply, lang, id, {
          status: 400,
          again: { form, values, problems: error.fields },
        });
      throw error;
    }
    return reply.redirect(`/${lang}/staff/contacts/${id}?done=${done}`, 303);
  }

  const entryIdOf = (values: FormValues) => {
    const v = first(values, 'entryId');
    return UUID_PATTERN.test(v) ? v.toLowerCase() : randomUUID();
  };

  const record = (kind: 'mapping' | 'advice' | 'message') =>
    app.post(
      `/:lang/staff/contacts/:id/${kind}`,
      { schema: { ...hidden, params: idParams }, preHandler: COUNSELLOR },
      async (request, reply) => {
        const lang = langOf(request.params);
        const id = request.params.id;
        return change(request, reply, lang, id, kind, kind, async (values, actor) => {
          const parsed = kind === 'mapping' ? mappingFromForm(values) : entryTextFromForm(values, kind);
          if (!parsed.ok) return parsed;
          const entry = { type: kind, content: parsed.value } as WorkEntry;
          await recordEntry(deps, actor, id, entryIdOf(values), entry, versionOf(values));
          return undefined;
        });
      },
    );
  record('mapping');
  record('advice');
  record('message');

  app.post(
    '/:lang/staff/contacts/:id/close',
    { schema: { ...hidden, params: idParams }, preHandler: COUNSELLOR },
    async (request, reply) => {
      const lang = langOf(request.params);
      const id = request.params.id;
      return change(request, reply, lang, id, 'close', 'closed', async (values, actor) => {
        const parsed = outcomeFromForm(values, { withMessage: true });
        if (!parsed.ok) return parsed;
        await closeContact(deps, actor, id, parsed.value, versionOf(values));
        return undefined;
      });
    },
  );

  app.post(
    '/:lang/staff/contacts/:id/reopen',
    { schema: { ...hidden, params: idParams }, preHandler: COUNSELLOR },
    async (request, reply) => {
      const lang = langOf(request.params);
      const id = request.params.id;
      return change(request, reply, lang, id, 'reopen', 'reopened', async (values, actor) => {
        const reason = reasonFromForm(values);
        if (!reason.ok) return reason;
        await reopenContact(deps, actor, id, reason.value, versionOf(values));
        return undefined;
      });
    },
  );

  app.post(
    '/:lang/staff/contacts/:id/entries/:entryId/correct',
    { schema: { ...hidden, params: entryParams }, preHandler: COUNSELLOR },
    async (request, reply) => {
      const lang = langOf(request.params);
      const { id, entryId } = request.params;
      return change(request, reply, lang, id, `fix-${entryId}`, 'corrected', async (values, actor) => {
        const entry = (await readContact(deps, actor, id)).entries.find((e) => e.id === entryId);
        if (!entry) throw new AppError('contact.entry_not_found', 404);
        const content =
          entry.type === 'mapping'
            ? mappingFromForm(values)
            : entry.type === 'advice'
              ? entryTextFromForm(values, 'advice')
              : entry.type === 'outcome'
                ? outcomeFromForm(values, { withMessage: false })
                : null;
        if (!content) throw new AppError('contact.entry_not_correctable', 409);
        const reason = reasonFromForm(values);
        const problems: FieldProblem[] = [
          ...(content.ok ? [] : content.problems),
          ...(reason.ok ? [] : reason.problems),
        ];
        if (!content.ok || !reason.ok) return { ok: false, problems };
        await correctEntry(
          deps,
          actor,
          id,
          entryId,
          content.value as Record<string, unknown>,
          reason.value,
          versionOf(values, 'entryVersion'),
        );
        return undefined;
      });
    },
  );

  // Claim and assign are posted from the queue too: a refusal is shown where the user was.
  async function queueAction(
    request: FastifyRequest,
    reply: FastifyReply,
    lang: Lang,
    id: string,
    action: 'claim' | 'assign',
  ) {
    const values = posted(request);
    const back = backOf(values);
    const filters = filtersOf(values);
    const actor = staffActor(request);
    const refused = (status: number, problems: FieldProblem[], conflict?: string) =>
      back === 'contact'
        ? contactView(request, reply, lang, id, {
            status,
            conflict,
            again: problems.length > 0 ? { form: 'assign', values, problems } : undefined,
          })
        : queueView(request, reply, lang, back, back === 'my-work' ? { ...filters, show: 'mine' } : filters, {
            status,
            notice: conflict ?? problems.map((p) => conflictMessage(lang, p.code, p.params ?? {})).join(' '),
          });
    try {
      if (action === 'claim') {
        await claimContact(deps, actor, id, versionOf(values));
        return reply.redirect(`/${lang}/staff/contacts/${id}?done=claimed`, 303);
      }
      const staffUserId = first(values, 'staffUserId');
      if (!UUID_PATTERN.test(staffUserId))
        return refused(400, [{ field: 'staffUserId', code: 'contact.assignee_not_counsellor' }]);
      await assignContact(deps, actor, id, staffUserId.toLowerCase(), versionOf(values));
    } catch (error) {
      if (isConflict(error)) return refused(409, [], conflictMessage(lang, error.code, error.params));
      if (isFieldProblem(error)) return refused(400, error.fields);
      throw error;
    }
    return reply.redirect(
      back === 'contact'
        ? `/${lang}/staff/contacts/${id}?done=assigned`
        : `/${lang}${queuePath(back)}${filterQuery(back, filters, { done: 'assigned' })}`,
      303,
    );
  }

  app.post(
    '/:lang/staff/contacts/:id/claim',
    { schema: { ...hidden, params: idParams }, preHandler: COUNSELLOR },
    async (request, reply) => queueAction(request, reply, langOf(request.params), request.params.id, 'claim'),
  );
  app.post(
    '/:lang/staff/contacts/:id/assign',
    { schema: { ...hidden, params: idParams }, preHandler: QUEUE_ROLES },
    async (request, reply) =>
      queueAction(request, reply, langOf(request.params), request.params.id, 'assign'),
  );

  // ---------------------------------------------------------------- logging a call or a visit

  async function newContactView(
    request: FastifyRequest,
    reply: FastifyReply,
    lang: Lang,
    values: FormValues,
    problems: FieldProblem[] = [],
    status = 200,
    conflict?: string,
  ) {
    const f = await frame(request, reply);
    const options = await catalogueOptions(db);
    return reply
      .status(status)
      .type(HTML)
      .send(
        renderPage(createElement(StaffNewContactPage, { lang, ...f, options, values, problems, conflict })),
      );
  }

  app.get(
    `/:lang${NEW_CONTACT_PATH}`,
    { schema: { ...hidden, params: langParams }, preHandler: COUNSELLOR },
    async (request, reply) => {
      const lang = langOf(request.params);
      return newContactView(request, reply, lang, newContactValues(lang, randomUUID()));
    },
  );

  app.post(
    '/:lang/staff/contacts',
    { schema: { ...hidden, params: langParams }, preHandler: COUNSELLOR },
    async (request, reply) => {
      const lang = langOf(request.params);
      const actor = staffActor(request);
      const values = posted(request);
      // a form shown again keeps its key, so sending it twice still gives one contact
      if (!UUID_PATTERN.test(first(values, 'idempotencyKey'))) values.idempotencyKey = randomUUID();
      const parsed = loggedContactFromForm(values);
      if (!parsed.ok) return newContactView(request, reply, lang, values, parsed.problems, 400);
      try {
        const result = await submitContact(deps, actor, parsed.value.input, {
          ...parsed.value.intake,
          staff: actor,
        });
        return reply.redirect(`/${lang}/staff/contacts/${result.contactId}?done=logged`, 303);
      } catch (error) {
        if (isFieldProblem(error)) return newContactView(request, reply, lang, values, error.fields, 400);
        if (isConflict(error))
          return newContactView(
            request,
            reply,
            lang,
            { ...values, idempotencyKey: randomUUID() },
            [],
            409,
            conflictMessage(lang, error.code, error.params),
          );
        throw error;
      }
    },
  );

  // ---------------------------------------------------------------- the duty roster

  async function rosterView(
    request: FastifyRequest,
    reply: FastifyReply,
    lang: Lang,
    from: string | undefined,
    extra: { status?: number; flash?: string; again?: RosterAgain } = {},
  ) {
    const f = await frame(request, reply);
    const at = now();
    const today = helsinkiDate(at);
    const roster = await readRoster(
      db,
      f.actor,
      from && DAY.test(from) ? from : undefined,
      ROSTER_DAYS,
      at,
    ).catch((error: unknown) => {
      // a day that is not a calendar day (2026-02-31) shows today's fortnight instead
      if (error instanceof AppError && error.status === 400)
        return readRoster(db, f.actor, undefined, ROSTER_DAYS, at);
      throw error;
    });
    return reply
      .status(extra.status ?? 200)
      .type(HTML)
      .send(renderPage(createElement(StaffRosterPage, { lang, ...f, roster, today, ...extra })));
  }

  app.get(
    '/:lang/staff/roster',
    { schema: { ...hidden, params: langParams, querystring: rosterQuery }, preHandler: QUEUE_ROLES },
    async (request, reply) => {
      const lang = langOf(request.params);
      return rosterView(request, reply, lang, request.query.from, {
        flash: request.query.done === 'saved' ? translations(lang).contactStaff.roster.saved : undefined,
      });
    },
  );

  app.post(
    '/:lang/staff/roster/:day',
    { schema: { ...hidden, params: dayParams }, preHandler: MANAGER },
    async (request, reply) => {
      const lang = langOf(request.params);
      const day = request.params.day;
      if (!DAY.test(day)) throw new AppError('http.not_found', 404);
      const values = posted(request);
      const from = DAY.test(first(values, 'from')) ? first(values, 'from') : day;
      const phone = all(values, 'phone');
      const queue = all(values, 'queue');
      const actor = staffActor(request);
      if (!(await mayKeepRoster(db, actor))) throw new Refusal('role');
      const unknown = (list: string[], field: 'phone' | 'queue'): FieldProblem[] =>
        list.some((id) => !UUID_PATTERN.test(id)) ? [{ field, code: 'roster.staff_unknown' }] : [];
      let problems = [...unknown(phone, 'phone'), ...unknown(queue, 'queue')];
      if (problems.length === 0) {
        try {
          await saveRosterDay(db, actor, day, {
            phone: phone.map((id) => id.toLowerCase()),
            queue: queue.map((id) => id.toLowerCase()),
          });
          return reply.redirect(`/${lang}/staff/roster?from=${from}&done=saved#day-${day}`, 303);
        } catch (error) {
          if (!isFieldProblem(error)) throw error;
          if (error.fields.some((p) => p.field === 'day')) throw new AppError('http.not_found', 404);
          problems = error.fields;
        }
      }
      return rosterView(request, reply, lang, from, { status: 400, again: { day, phone, queue, problems } });
    },
  );
}
