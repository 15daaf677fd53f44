/**
 * The consultation API (/api/consultations/…): send one, the counsellors' queue, the
 * requester's own list, one consultation with its thread, and each step. Refusals: 404 for what
 * the actor may not see, a coded 400 with the fields for bad input, a coded 409 for a step the
 * state machine does not allow from the current state or a stale version (nothing changes).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { staffActor, staffOnly } from '../../platform/auth/guard.ts';
import { badRequest } from '../../platform/errors.ts';
import type { AccessQuestion } from '../../platform/feature.ts';
import {
  actOnConsultation,
  type ConsultationDeps,
  consultationQueue,
  myConsultations,
  readConsultation,
  sendConsultation,
  withdrawConsultationConsent,
} from './consultations.ts';
import { consentWithdrawalFromInput, consultationFromInput, STEP_NAMES, stepFromInput } from './input.ts';
import type { SectionView } from './policy.ts';

const tags = ['Consultations'];

/** The question of a section (the navigation asks the same). */
export const sectionQuestion = (view: SectionView): AccessQuestion => ({
  action: 'read',
  resource: { type: 'consultation_section', id: null, view },
});
export const REQUESTERS = staffOnly(sectionQuestion('send'));
export const COUNSELLORS = staffOnly(sectionQuestion('queue'));

const idParams = z.object({ id: z.uuid() });
const fields = z.record(z.string(), z.unknown());

const listItem = z.object({
  id: z.string(),
  kind: z.enum(['consultation', 'cowork']),
  identified: z.boolean(),
  state: z.string(),
  respondBy: z.string(),
  overdue: z.boolean(),
  createdAt: z.date(),
  updatedAt: z.date(),
  coworkAt: z.date().nullable(),
  unread: z.boolean(),
  requesterOrganization: z.record(z.string(), z.string()),
  claimedByName: z.string().nullable(),
});

function versionOf(raw: Record<string, unknown>): number | undefined {
  const v = raw.version;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^[1-9]\d{0,8}$/.test(v) ? Number(v) : NaN;
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

export async function consultationApiRoutes(root: FastifyInstance, { deps }: { deps: ConsultationDeps }) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const now = () => deps.now?.() ?? new Date();

  app.post(
    '/api/consultations',
    {
      preHandler: REQUESTERS,
      schema: {
        summary:
          'Send a consultation or co-work request (kind, about: anonymous|identified, question, consent fields, coworkAt, coworkPlace, unitId, notIdentifying, consultationId)',
        tags,
        body: fields,
        response: { 201: z.object({ id: z.string() }) },
      },
    },
    async (request, reply) => {
      const parsed = consultationFromInput(request.body, now());
      if (!parsed.ok) throw badRequest(parsed.problems);
      const result = await sendConsultation(deps.db, staffActor(request), parsed.value, { now: now() });
      reply.code(201);
      return result;
    },
  );

  app.get(
    '/api/consultations/queue',
    {
      preHandler: COUNSELLORS,
      schema: {
        summary: "The region's open consultations (the counsellors' shared queue), oldest promise first",
        tags,
        response: { 200: z.object({ items: z.array(listItem) }) },
      },
    },
    async (request) => ({ items: await consultationQueue(deps.db, staffActor(request), { now: now() }) }),
  );

  app.get(
    '/api/consultations/mine',
    {
      preHandler: REQUESTERS,
      schema: {
        summary: "The actor's own consultation requests, newest first",
        tags,
        response: { 200: z.object({ items: z.array(listItem) }) },
      },
    },
    async (request) => ({ items: await myConsultations(deps.db, staffActor(request), { now: now() }) }),
  );

  app.get(
    '/api/consultations/:id',
    {
      preHandler: REQUESTERS,
      schema: {
        summary: 'One consultation with its thread and the steps the actor may take',
        tags,
        params: idParams,
      },
    },
    async (request) => readConsultation(deps.db, staffActor(request), request.params.id, { now: now() }),
  );

  app.post(
    '/api/consultations/:id/consent-withdrawal',
    {
      preHandler: REQUESTERS,
      schema: {
        summary:
          "The family's withdrawal of the consent an identified consultation carries, recorded by its requester (body: channel, reason)",
        tags,
        params: idParams,
        body: fields.optional(),
        response: { 200: z.object({ ok: z.boolean() }) },
      },
    },
    async (request) => {
      const parsed = consentWithdrawalFromInput(request.body ?? {});
      if (!parsed.ok) throw badRequest(parsed.problems);
      await withdrawConsultationConsent(deps.db, staffActor(request), request.params.id, parsed.value, {
        now: now(),
      });
      return { ok: true };
    },
  );

  for (const step of STEP_NAMES) {
    app.post(
      `/api/consultations/:id/${step}`,
      {
        preHandler: REQUESTERS,
        schema: {
          summary: `Consultation step: ${step} (body: body, answerKind, callAt, outcome, version)`,
          tags,
          params: idParams,
          body: fields.optional(),
          response: { 200: z.object({ ok: z.boolean() }) },
        },
      },
      async (request) => {
        const raw = request.body ?? {};
        const parsed = stepFromInput(step, raw, now());
        if (!parsed.ok) throw badRequest(parsed.problems);
        await actOnConsultation(deps, staffActor(request), request.params.id, parsed.value, versionOf(raw));
        return { ok: true };
      },
    );
  }
}
