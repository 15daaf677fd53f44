/**
 * The handoff API (/api/handoffs/…): create from a contact, the lists (inbox, mine, overdue,
 * a contact's), one handoff, and each step of the loop. Refusals: 404 for what the actor may
 * not see, a coded 409 for a step the table does not allow (nothing changes).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { staffActor, staffOnly } from '../../platform/auth/guard.ts';
import type { ContactsDeps } from '../contacts/index.ts';
import {
  createHandoff,
  listHandoffs,
  readHandoff,
  type TransitionInput,
  transitionHandoff,
} from './handoffs.ts';
import { type DECLINE_REASONS, handoffInputSchema, transitionBodies } from './schema.ts';

const tags = ['Handoffs'];
const SENDER = staffOnly('counsellor');
const ANY_SIDE = staffOnly('counsellor', 'receiving_worker', 'manager');
const idParams = z.object({ id: z.uuid() });

const listItem = z.object({
  id: z.string(),
  state: z.string(),
  contactId: z.string(),
  contactReference: z.string(),
  municipalityCode: z.string().nullable(),
  childAges: z.array(z.number()),
  topics: z.array(z.string()),
  urgency: z.string(),
  targetServiceId: z.string(),
  targetServiceName: z.record(z.string(), z.string()),
  targetOrganizationName: z.record(z.string(), z.string()),
  targetUnitName: z.record(z.string(), z.string()).nullable(),
  senderName: z.string(),
  createdAt: z.date(),
  respondBy: z.string(),
  overdue: z.boolean(),
  appointmentAt: z.date().nullable(),
  version: z.number(),
  /** the family asked to move ('change') or cancel the appointment, not answered yet */
  familyRequest: z.enum(['change', 'cancel']).nullable(),
});

export async function handoffApiRoutes(root: FastifyInstance, { deps }: { deps: ContactsDeps }) {
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.post(
    '/api/handoffs',
    {
      preHandler: SENDER,
      schema: {
        summary: 'Hand a family over to a service (warm handoff); handoffId makes a retry harmless',
        tags,
        body: handoffInputSchema,
        response: {
          200: z.object({ id: z.string(), created: z.boolean(), respondBy: z.string() }),
          201: z.object({ id: z.string(), created: z.boolean(), respondBy: z.string() }),
        },
      },
    },
    async (request, reply) => {
      const result = await createHandoff(deps, staffActor(request), request.body);
      reply.code(result.created ? 201 : 200);
      return result;
    },
  );

  for (const kind of ['inbox', 'mine', 'overdue'] as const) {
    app.get(
      `/api/handoffs/${kind}`,
      {
        preHandler: ANY_SIDE,
        schema: {
          summary:
            kind === 'inbox'
              ? "The receiving unit's inbox: open handoffs addressed to the actor's unit"
              : kind === 'mine'
                ? "The sender's own handoffs, with their clocks"
                : 'Handoffs not answered by the promised day (managers)',
          tags,
          response: { 200: z.object({ handoffs: z.array(listItem) }) },
        },
      },
      async (request) => ({ handoffs: await listHandoffs(deps, staffActor(request), kind) }),
    );
  }

  app.get(
    '/api/contacts/:id/handoffs',
    {
      preHandler: SENDER,
      schema: {
        summary: "A contact's handoffs",
        tags,
        params: idParams,
        response: { 200: z.object({ handoffs: z.array(listItem) }) },
      },
    },
    async (request) => ({
      handoffs: await listHandoffs(deps, staffActor(request), 'contact', request.params.id),
    }),
  );

  app.get(
    '/api/handoffs/:id',
    {
      preHandler: ANY_SIDE,
      schema: { summary: 'One handoff with its history and how to reach the family', tags, params: idParams },
    },
    async (request) => readHandoff(deps, staffActor(request), request.params.id),
  );

  const steps = {
    accept: 'Accept the handoff (receiving unit)',
    appointment: 'Set (or move) the first appointment (receiving unit); closes the sender’s contact',
    'first-visit': 'Record that the first visit was held (receiving unit)',
    complete: 'Complete the handoff (receiving unit)',
    decline: 'Decline with a reason code and text (receiving unit); returns to the sender',
    cancel: 'Cancel with a reason (sender)',
  } as const;
  for (const [step, summary] of Object.entries(steps) as [keyof typeof steps, string][]) {
    app.post(
      `/api/handoffs/:id/${step}`,
      {
        preHandler: ANY_SIDE,
        schema: {
          summary,
          tags,
          params: idParams,
          body: transitionBodies[step],
          response: { 200: z.object({ state: z.string() }) },
        },
      },
      async (request) => {
        const body = request.body as z.output<(typeof transitionBodies)[typeof step]>;
        return transitionHandoff(
          deps,
          staffActor(request),
          request.params.id,
          toInput(step, body),
          body.version,
        );
      },
    );
  }
}

function toInput(step: string, body: Record<string, unknown>): TransitionInput {
  switch (step) {
    case 'accept':
      return { transition: 'accept' };
    case 'appointment':
      return {
        transition: 'set_appointment',
        appointmentAt: body.appointmentAt as Date,
        place: (body.place as string | null | undefined) ?? null,
        with: (body.with as string | null | undefined)?.trim() || null,
      };
    case 'first-visit':
      return { transition: 'first_visit_held' };
    case 'complete':
      return { transition: 'complete' };
    case 'decline':
      return {
        transition: 'decline',
        reason: body.reason as (typeof DECLINE_REASONS)[number],
        text: body.text as string,
      };
    default:
      return { transition: 'cancel', text: body.text as string };
  }
}
