/**
 * The contact API (/api/contacts/…, /api/roster): the public intake and status link, and the
 * counsellors' queue and work. Every input is a schema; every contact read or write goes
 * through contacts.ts and so through the access policy and its log.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { withAccess } from '../../platform/access/index.ts';
import { staffActor, staffOnly } from '../../platform/auth/guard.ts';
import { AppError } from '../../platform/errors.ts';
import type { EventHub } from '../../platform/events.ts';
import { sendEventStream } from '../../platform/http/sse.ts';
import {
  addFamilyMessage,
  assignContact,
  CONTACT_EVENTS,
  type ContactsDeps,
  claimContact,
  closeContact,
  contactPointCounsellors,
  correctEntry,
  entryTypeOf,
  readContact,
  readQueue,
  readStatus,
  recordEntry,
  reopenContact,
  statusPath,
  submitContact,
} from './contacts.ts';
import { queueRef } from './policy.ts';
import { readRoster, saveRosterDay } from './roster.ts';
import {
  adviceSchema,
  contactInputSchema,
  correctionReasonSchema,
  ENTRY_SCHEMAS,
  loggedContactInputSchema,
  mappingSchema,
  messageSchema,
  outcomeSchema,
  problemsOf,
  URGENCIES,
} from './schema.ts';

const tags = ['Contacts'];
const COUNSELLOR = staffOnly('counsellor');
const QUEUE_ROLES = staffOnly('counsellor', 'manager');

const idParams = z.object({ id: z.uuid() });
const tokenParams = z.object({ token: z.string().max(100) });
const version = z.number().int().min(1).optional();

const submitted = z.object({
  reference: z.string(),
  statusUrl: z.string(),
  respondBy: z
    .string()
    .describe(
      'the promised first-response day, YYYY-MM-DD (Europe/Helsinki), by urgency (docs/contacts.md): an emergency cannot be answered at once, call 112',
    ),
  urgency: z.enum(URGENCIES),
  created: z.boolean().describe('false when this was a retry of a contact already received'),
});

const queueItem = z.object({
  id: z.string(),
  reference: z.string(),
  state: z.string(),
  channel: z.string(),
  contacter: z.string(),
  municipalityCode: z.string().nullable(),
  childAges: z.array(z.number()),
  topics: z.array(z.string()),
  urgency: z.string(),
  safety: z.string(),
  replyChannel: z.string(),
  receivedAt: z.date(),
  respondBy: z.string(),
  firstResponseAt: z.date().nullable(),
  assignedTo: z.string().nullable(),
  assignedName: z.string().nullable(),
  version: z.number(),
});

const entryBody = z.discriminatedUnion('type', [
  z.object({ entryId: z.uuid(), type: z.literal('mapping'), content: mappingSchema, version }),
  z.object({ entryId: z.uuid(), type: z.literal('advice'), content: adviceSchema, version }),
  z.object({ entryId: z.uuid(), type: z.literal('message'), content: messageSchema, version }),
]);

export interface ContactRouteOptions {
  deps: ContactsDeps;
  hub: EventHub;
}

export async function contactApiRoutes(root: FastifyInstance, { deps, hub }: ContactRouteOptions) {
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.post(
    '/api/contacts',
    {
      config: { rateLimit: app.rateLimits.publicPost },
      schema: {
        summary: 'Ask for advice: the one contact point (no sign-in; anonymous allowed)',
        description:
          'A retry with the same idempotencyKey and content answers 200 with the same reference; the same key with other content answers 409. A 201 or 200 means the contact is committed.',
        tags,
        body: contactInputSchema,
        response: { 200: submitted, 201: submitted },
      },
    },
    async (request, reply) => {
      // the contact goes to the region of the address it was sent to (REGION_HOSTS)
      const siteDeps = { ...deps, defaultRegionCode: request.siteRegion.code };
      const result = await submitContact(siteDeps, request.actor, request.body);
      reply.code(result.created ? 201 : 200);
      return {
        reference: result.reference,
        statusUrl: `${deps.publicUrl}${statusPath(result.language, result.statusToken)}`,
        respondBy: result.respondBy,
        urgency: result.urgency,
        created: result.created,
      };
    },
  );

  app.get(
    '/api/contacts/status/:token',
    {
      schema: {
        summary: "The sender's status link: state, promised date and messages",
        tags,
        params: tokenParams,
      },
    },
    async (request) => readStatus(deps, request.params.token),
  );

  app.post(
    '/api/contacts/status/:token/messages',
    {
      config: { rateLimit: app.rateLimits.publicPost },
      schema: {
        summary: 'The sender writes to the counsellor (messageId makes a retry harmless)',
        tags,
        params: tokenParams,
        body: z.object({ messageId: z.uuid(), text: messageSchema.shape.text }).strict(),
        response: { 200: z.object({ created: z.boolean() }), 201: z.object({ created: z.boolean() }) },
      },
    },
    async (request, reply) => {
      const result = await addFamilyMessage(
        deps,
        request.params.token,
        request.body.messageId,
        request.body.text,
      );
      reply.code(result.created ? 201 : 200);
      return result;
    },
  );

  app.get(
    '/api/contacts/queue',
    {
      preHandler: QUEUE_ROLES,
      schema: {
        summary: "The region's shared queue of open contacts (most urgent, then oldest, first)",
        tags,
        querystring: z
          .object({
            municipality: z
              .string()
              .regex(/^[0-9]{3}$/)
              .optional(),
            urgency: z.enum(URGENCIES).optional(),
            show: z.enum(['all', 'unassigned', 'mine']).optional(),
          })
          .strict(),
        response: { 200: z.object({ total: z.number(), items: z.array(queueItem) }) },
      },
    },
    async (request) => readQueue(deps, staffActor(request), request.query),
  );

  app.get(
    '/api/contacts/events',
    {
      preHandler: QUEUE_ROLES,
      schema: {
        summary: 'Server-sent events: the queue changed (ids and kinds only)',
        tags,
        produces: ['text/event-stream'],
      },
    },
    async (request, reply) => {
      const actor = staffActor(request);
      // the same policy as the queue itself (and one log row for the stream)
      await withAccess(deps.db, actor, 'read', queueRef('events'), async () => undefined);
      await sendEventStream(request, reply, {
        hub,
        channel: CONTACT_EVENTS,
        filter: (payload) => payload.regionId === actor.regionId,
        toEvent: (payload) => ({
          event: 'queue',
          data: { type: String(payload.type ?? ''), contactId: String(payload.contactId ?? '') },
        }),
      });
    },
  );

  app.get(
    '/api/contacts/counsellors',
    {
      preHandler: QUEUE_ROLES,
      schema: {
        summary: "The contact point's counsellors (whom a contact can be assigned to)",
        tags,
        response: { 200: z.object({ counsellors: z.array(z.object({ id: z.string(), name: z.string() })) }) },
      },
    },
    async (request) => ({
      counsellors: await contactPointCounsellors(deps.db, staffActor(request).regionId),
    }),
  );

  app.post(
    '/api/contacts/logged',
    {
      preHandler: COUNSELLOR,
      schema: {
        summary: 'A counsellor logs a phone call or a walk-in into the queue (assigned to them)',
        tags,
        body: z.object({ contact: contactInputSchema, intake: loggedContactInputSchema }).strict(),
        response: { 200: submitted, 201: submitted },
      },
    },
    async (request, reply) => {
      const actor = staffActor(request);
      const result = await submitContact(deps, actor, request.body.contact, {
        channel: request.body.intake.channel,
        urgency: request.body.intake.urgency,
        staff: actor,
      });
      reply.code(result.created ? 201 : 200);
      return {
        reference: result.reference,
        statusUrl: `${deps.publicUrl}${statusPath(result.language, result.statusToken)}`,
        respondBy: result.respondBy,
        urgency: result.urgency,
        created: result.created,
      };
    },
  );

  app.get(
    '/api/contacts/:id',
    {
      preHandler: COUNSELLOR,
      schema: {
        summary: 'One contact with its record entries (all versions) and history',
        tags,
        params: idParams,
      },
    },
    async (request) => readContact(deps, staffActor(request), request.params.id),
  );

  app.post(
    '/api/contacts/:id/claim',
    {
      preHandler: COUNSELLOR,
      schema: {
        summary: 'Take a new contact from the queue',
        tags,
        params: idParams,
        body: z.object({ version }).strict().optional(),
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await claimContact(deps, staffActor(request), request.params.id, request.body?.version);
      reply.code(204);
      return null;
    },
  );

  app.post(
    '/api/contacts/:id/assign',
    {
      preHandler: QUEUE_ROLES,
      schema: {
        summary: 'Give a contact to a counsellor of the contact point',
        tags,
        params: idParams,
        body: z.object({ staffUserId: z.uuid(), version }).strict(),
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await assignContact(
        deps,
        staffActor(request),
        request.params.id,
        request.body.staffUserId,
        request.body.version,
      );
      reply.code(204);
      return null;
    },
  );

  app.post(
    '/api/contacts/:id/entries',
    {
      preHandler: COUNSELLOR,
      schema: {
        summary: 'Record a situation mapping, advice given, or a message to the family',
        tags,
        params: idParams,
        body: entryBody,
        response: { 200: z.object({ created: z.boolean() }), 201: z.object({ created: z.boolean() }) },
      },
    },
    async (request, reply) => {
      const { entryId, version: expected, ...entry } = request.body;
      const result = await recordEntry(
        deps,
        staffActor(request),
        request.params.id,
        entryId,
        entry,
        expected,
      );
      reply.code(result.created ? 201 : 200);
      return result;
    },
  );

  app.post(
    '/api/contacts/:id/entries/:entryId/versions',
    {
      preHandler: COUNSELLOR,
      schema: {
        summary: 'Correct an entry: a new version with its reason (nothing is deleted)',
        tags,
        params: z.object({ id: z.uuid(), entryId: z.uuid() }),
        body: z
          .object({ content: z.record(z.string(), z.unknown()), reason: correctionReasonSchema, version })
          .strict(),
        response: { 201: z.object({ version: z.number() }) },
      },
    },
    async (request, reply) => {
      const actor = staffActor(request);
      const type = await entryTypeOf(deps, actor, request.params.id, request.params.entryId);
      const schema = ENTRY_SCHEMAS[type as keyof typeof ENTRY_SCHEMAS];
      if (!schema) throw new AppError('contact.entry_not_correctable', 409);
      const parsed = schema.safeParse(request.body.content);
      if (!parsed.success)
        throw new AppError(
          'request.invalid',
          400,
          {},
          problemsOf(parsed.error).map((p) => ({ ...p, field: `content.${p.field}` })),
        );
      const result = await correctEntry(
        deps,
        actor,
        request.params.id,
        request.params.entryId,
        parsed.data as Record<string, unknown>,
        request.body.reason,
        request.body.version,
      );
      reply.code(201);
      return result;
    },
  );

  app.post(
    '/api/contacts/:id/close',
    {
      preHandler: COUNSELLOR,
      schema: {
        summary: 'Close a contact with its outcome (and an optional last message to the family)',
        tags,
        params: idParams,
        body: z.object({ outcome: outcomeSchema, version }).strict(),
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await closeContact(
        deps,
        staffActor(request),
        request.params.id,
        request.body.outcome,
        request.body.version,
      );
      reply.code(204);
      return null;
    },
  );

  app.post(
    '/api/contacts/:id/reopen',
    {
      preHandler: COUNSELLOR,
      schema: {
        summary: 'Open a closed contact again, with a reason',
        tags,
        params: idParams,
        body: z.object({ reason: correctionReasonSchema, version }).strict(),
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await reopenContact(
        deps,
        staffActor(request),
        request.params.id,
        request.body.reason,
        request.body.version,
      );
      reply.code(204);
      return null;
    },
  );

  const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'roster.invalid_day' });

  app.get(
    '/api/roster',
    {
      preHandler: QUEUE_ROLES,
      schema: {
        summary: 'The duty roster: who answers the phone and works the queue, per day',
        tags,
        querystring: z
          .object({ from: day.optional(), days: z.coerce.number().int().min(1).max(62).optional() })
          .strict(),
      },
    },
    async (request) => readRoster(deps.db, staffActor(request), request.query.from, request.query.days),
  );

  app.put(
    '/api/roster/:day',
    {
      preHandler: staffOnly('manager'),
      schema: {
        summary: "Set one day's duties (a manager of the contact point)",
        tags,
        params: z.object({ day }),
        body: z.object({ phone: z.array(z.uuid()).max(20), queue: z.array(z.uuid()).max(50) }).strict(),
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await saveRosterDay(deps.db, staffActor(request), request.params.day, request.body);
      reply.code(204);
      return null;
    },
  );
}
