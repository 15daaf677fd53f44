/**
 * The notes of a meeting, for its organiser and the contact's counsellors (staff workspace):
 *
 *   GET  /:lang/staff/meetings/:id/notes      the notes page (agenda, agreements, follow-up)
 *   POST /:lang/staff/meetings/:id/notes      record (invited → held) or correct (a new version
 *                                             with a reason): 303 back with a notice; problems
 *                                             400 beside their fields; a stale page or a state
 *                                             that does not allow it 409 on the page
 *   POST /:lang/staff/meetings/:id/follow-up  held → followed up with a short note
 *
 * The door decides who may (the meetings policy: a counsellor of the contact's registry in its
 * region); anyone else gets "not found", as for a meeting that does not exist.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createElement } from 'react';
import { errorMessage, isLang, type Lang, translations } from '../../i18n/index.ts';
import { organizationName, staffActor, staffOnly } from '../../platform/auth/guard.ts';
import { AppError, type FieldProblem } from '../../platform/errors.ts';
import { csrfToken } from '../../platform/http/csrf.ts';
import { UUID_PATTERN } from '../../platform/ids.ts';
import type { FormValues } from '../../ui/forms.tsx';
import { renderPage } from '../../ui/Layout.tsx';
import {
  type AgreementInput,
  MAX_AGREEMENTS,
  markFollowedUp,
  notesView,
  type OutcomeDeps,
  recordNotes,
} from './outcome.ts';
import { NotesPage, notesPath } from './pages/NotesPage.tsx';
import { meetingListRef } from './policy.ts';

const HTML = 'text/html; charset=utf-8';
const hidden = { schema: { hide: true } };
const KEEP = 10_000;
const one = (v: unknown): string => (typeof v === 'string' ? v : '').slice(0, KEEP);

type Params = { Params: { lang: string; id: string } };
type Done = 'saved' | 'corrected' | 'followed_up';

function paramsOf(request: FastifyRequest<Params>): { lang: Lang; id: string } {
  const { lang, id } = request.params;
  if (!isLang(lang) || !UUID_PATTERN.test(id)) throw new AppError('http.not_found', 404);
  return { lang, id: id.toLowerCase() };
}

/** The notes form's posted fields as the page keeps them, and as the use case reads them. */
function notesForm(body: Record<string, unknown>) {
  const values: FormValues = {};
  const agreements: AgreementInput[] = [];
  for (let i = 0; i < MAX_AGREEMENTS; i++) {
    const row = {
      who: one(body[`who-${i}`]),
      whoText: one(body[`whoText-${i}`]),
      what: one(body[`what-${i}`]),
      by: one(body[`by-${i}`]),
    };
    agreements.push(row);
    values[`who-${i}`] = row.who;
    values[`whoText-${i}`] = row.whoText;
    values[`what-${i}`] = row.what;
    values[`by-${i}`] = row.by;
  }
  for (const name of ['agenda', 'followUpOn', 'reason']) values[name] = one(body[name]);
  return {
    values,
    input: {
      version: Number.parseInt(one(body.version), 10) || 0,
      agenda: one(body.agenda),
      agreements,
      followUpOn: one(body.followUpOn),
      reason: one(body.reason),
    },
  };
}

export async function outcomeRoutes(app: FastifyInstance, { deps }: { deps: OutcomeDeps }) {
  // the section is theirs at all (a counsellor); the door decides each meeting
  const COUNSELLOR = staffOnly({ action: 'read', resource: meetingListRef('region') });

  async function page(
    request: FastifyRequest<Params>,
    reply: FastifyReply,
    extra: {
      status?: number;
      done?: Done;
      again?: { form: 'notes' | 'followup'; values: FormValues; problems: { field: string; text: string }[] };
    } = {},
  ) {
    const { lang, id } = paramsOf(request);
    const actor = staffActor(request);
    const view = await notesView(deps, actor, id);
    const tn = translations(lang).meetingsFamily.notes;
    const flash = extra.done
      ? { saved: tn.saved, corrected: tn.corrected, followed_up: tn.followedUp }[extra.done]
      : undefined;
    return reply
      .header('cache-control', 'no-store')
      .status(extra.status ?? 200)
      .type(HTML)
      .send(
        renderPage(
          createElement(NotesPage, {
            lang,
            actor,
            organizationName: await organizationName(deps.db, actor.organizationId),
            csrf: csrfToken(reply),
            flash,
            view,
            again: extra.again,
          }),
        ),
      );
  }

  /** A refusal of the use case on the page: fields beside them (400), the rest at the top (409). */
  function again(
    request: FastifyRequest<Params>,
    reply: FastifyReply,
    form: 'notes' | 'followup',
    values: FormValues,
    error: unknown,
  ) {
    if (!(error instanceof AppError) || (error.status !== 400 && error.status !== 409)) throw error;
    const { lang } = paramsOf(request);
    const problems: FieldProblem[] =
      error.fields.length > 0
        ? error.fields
        : [{ field: form === 'notes' ? 'agenda' : 'note', code: error.code, params: error.params }];
    return page(request, reply, {
      status: error.status,
      again: {
        form,
        values,
        problems: problems.map((p) => ({ field: p.field, text: errorMessage(lang, p.code, p.params) })),
      },
    });
  }

  const done = (request: FastifyRequest<Params>) => {
    const q = (request.query ?? {}) as Record<string, unknown>;
    return ['saved', 'corrected', 'followed_up'].includes(String(q.done)) ? (q.done as Done) : undefined;
  };

  app.get<Params>(
    '/:lang/staff/meetings/:id/notes',
    { ...hidden, preHandler: COUNSELLOR },
    (request, reply) => page(request, reply, { done: done(request) }),
  );

  app.post<Params>(
    '/:lang/staff/meetings/:id/notes',
    { ...hidden, preHandler: COUNSELLOR, config: { inputRule: 'form' } },
    async (request, reply) => {
      const { lang, id } = paramsOf(request);
      const { values, input } = notesForm((request.body ?? {}) as Record<string, unknown>);
      try {
        const result = await recordNotes(deps, staffActor(request), id, input);
        return reply.redirect(`${notesPath(lang, id)}?done=${result.corrected ? 'corrected' : 'saved'}`, 303);
      } catch (error) {
        return again(request, reply, 'notes', values, error);
      }
    },
  );

  app.post<Params>(
    '/:lang/staff/meetings/:id/follow-up',
    { ...hidden, preHandler: COUNSELLOR, config: { inputRule: 'form' } },
    async (request, reply) => {
      const { lang, id } = paramsOf(request);
      const body = (request.body ?? {}) as Record<string, unknown>;
      const values: FormValues = { note: one(body.note) };
      try {
        await markFollowedUp(deps, staffActor(request), id, {
          version: Number.parseInt(one(body.version), 10) || 0,
          note: one(body.note),
        });
        return reply.redirect(`${notesPath(lang, id)}?done=followed_up`, 303);
      } catch (error) {
        return again(request, reply, 'followup', values, error);
      }
    },
  );
}
