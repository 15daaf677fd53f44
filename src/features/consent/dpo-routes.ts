/**
 * The data-protection officer's consent pages: /:lang/staff/access-log/consents — the search of
 * consents and disclosure events, its CSV export (.csv), and the review of a statutory
 * disclosure (…/statutory/:id/review). Registered by consentRoutes (routes.ts).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { createElement } from 'react';
import type { ErrorCode, Lang } from '../../i18n/index.ts';
import { organizationName, staffActor, staffOnly } from '../../platform/auth/guard.ts';
import type { DB } from '../../platform/db/types.ts';
import { AppError } from '../../platform/errors.ts';
import { csrfToken } from '../../platform/http/csrf.ts';
import { helsinkiDate } from '../../platform/working-days.ts';
import { reviewStatutory } from './consent.ts';
import { dpoCsv, readDpoFilters } from './csv.ts';
import { posted } from './forms.ts';
import { DPO_CONSENTS_PATH, DpoConsentsPage } from './pages/DpoConsentsPage.tsx';
import { dpoView } from './pages.ts';
import { doneText, hidden, idParams, langOf, langParams, send } from './route-kit.ts';

export async function dpoConsentRoutes(
  app: FastifyInstance,
  { db, now }: { db: Kysely<DB>; now: () => Date },
) {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const DPO = staffOnly('dpo');

  /** The DPO's page; a review posted without its note comes back with the problem beside it. */
  async function dpoPage(
    request: FastifyRequest,
    reply: FastifyReply,
    lang: Lang,
    raw: Record<string, unknown>,
    reviewProblem?: { id: string; code: ErrorCode },
  ) {
    const actor = staffActor(request);
    const filters = readDpoFilters(raw);
    const view = await dpoView(db, actor, filters, lang);
    return send(
      reply,
      filters.problems.length > 0 || reviewProblem ? 400 : 200,
      createElement(DpoConsentsPage, {
        lang,
        actor,
        organizationName: await organizationName(db, actor.organizationId),
        csrf: csrfToken(reply),
        flash: doneText(lang, raw.done),
        values: filters.values,
        problems: filters.problems,
        consents: view.consents,
        events: view.events,
        statutory: view.statutory,
        query: filters.query,
        ...(reviewProblem ? { reviewProblem } : {}),
      }),
    );
  }

  typed.get(
    `/:lang${DPO_CONSENTS_PATH}`,
    { schema: { ...hidden, params: langParams }, preHandler: DPO },
    async (request, reply) =>
      dpoPage(request, reply, langOf(request.params), (request.query ?? {}) as Record<string, unknown>),
  );

  typed.get(
    `/:lang${DPO_CONSENTS_PATH}.csv`,
    { schema: { ...hidden, params: langParams }, preHandler: DPO },
    async (request, reply) => {
      const lang = langOf(request.params);
      const filters = readDpoFilters((request.query ?? {}) as Record<string, unknown>);
      if (filters.problems.length > 0) throw new AppError('request.invalid', 400, {}, filters.problems);
      const csv = await dpoCsv(db, staffActor(request), filters, lang);
      const day = helsinkiDate(now());
      return reply
        .header('cache-control', 'no-store')
        .header('content-disposition', `attachment; filename="${filters.values.kind}-${day}.csv"`)
        .type('text/csv; charset=utf-8')
        .send(csv);
    },
  );

  typed.post(
    `/:lang${DPO_CONSENTS_PATH}/statutory/:id/review`,
    { schema: { ...hidden, params: idParams }, preHandler: DPO },
    async (request, reply) => {
      const lang = langOf(request.params);
      const values = posted(request.body);
      const note = (typeof values.note === 'string' ? values.note : '').trim().slice(0, 1000);
      if (note.length === 0)
        return dpoPage(
          request,
          reply,
          lang,
          {},
          { id: request.params.id, code: 'consent.review_note_required' },
        );
      await reviewStatutory(db, staffActor(request), request.params.id, note);
      return reply.redirect(`/${lang}${DPO_CONSENTS_PATH}?done=reviewed#dpo-statutory`, 303);
    },
  );
}
