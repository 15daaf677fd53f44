/**
 * The one contact point and the shared regional queue (capabilities 2, 3, 4 and 10): a
 * contact's life from the public form (or a counsellor's phone log) to its outcome. Every read
 * and write of a contact goes through the door (withAccess: the contacts' policy, policy.ts, and
 * the access log, in one transaction with the work), and its SQL stands in queries.ts;
 * notifications go to the outbox and live events are published in that same transaction, so
 * they exist exactly when the change is committed. The intake is intake.ts, the status link
 * status-link.ts, the state machine state.ts.
 */
import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import { withAccess } from '../../platform/access/index.ts';
import type { StaffActor } from '../../platform/auth/actor.ts';
import type {
  ContactEventKind,
  ContactOutcome,
  ContactState,
  DB,
  RecordEntryType,
  Urgency,
} from '../../platform/db/types.ts';
import { AppError } from '../../platform/errors.ts';
import { publish } from '../../platform/events.ts';
import { enqueue } from '../../platform/outbox.ts';
import { contactPointCounsellors } from './contact-point.ts';
import { type ContactsDeps, nowOf } from './deps.ts';
import { contactRef, partOfContact } from './policy.ts';
import {
  addEntry,
  addEntryVersion,
  addEvent,
  contactWithEvents,
  type EntryView,
  entriesOf,
  entryContact,
  lockContactRow,
  lockEntry,
  staffEmail,
  statusRow,
  touch,
} from './queries.ts';
import type { QueueItem } from './queue.ts';
import type { MappingContent, OutcomeContent } from './schema.ts';
import { CONTACT_EVENTS, canTransition, checkVersion, requireTransition, type Transition } from './state.ts';
import { statusHolder, statusPath, statusToken } from './status-link.ts';

export { contactPointCounsellors, contactPointOf } from './contact-point.ts';
export type { ContactsDeps } from './deps.ts';
export { forgetContactRegions, type Intake, type Submitted, submitContact } from './intake.ts';
export type { ContactActor } from './policy.ts';
export type { EntryView } from './queries.ts';
export {
  FIRST_LINE_LENGTH,
  firstLine,
  QUEUE_LIMIT,
  type QueueFilters,
  type QueueItem,
  readQueue,
} from './queue.ts';
export { CONTACT_EVENTS, canTransition, TRANSITIONS, type Transition } from './state.ts';
export {
  statusHolder,
  statusLinkKey,
  statusPath,
  statusToken,
  TOKEN_PATTERN,
  tokenHash,
} from './status-link.ts';

// ---------------------------------------------------------------- the family's status page

export interface StatusView {
  reference: string;
  state: ContactState;
  /** what the family's answers signalled (the emergency numbers stay in view) */
  urgency: Urgency;
  /** the family's own words, as sent */
  ownMessage: { text: string; at: Date } | null;
  receivedAt: Date;
  respondBy: string;
  language: 'fi' | 'sv' | 'en';
  replyChannel: string;
  outcome: ContactOutcome | null;
  closedAt: Date | null;
  regionId: string;
  messages: { id: string; from: 'family' | 'counsellor'; text: string; at: Date; author: string | null }[];
}

export async function readStatus(deps: ContactsDeps, token: string): Promise<StatusView> {
  const holder = await statusHolder(deps.db, token);
  if (!holder) throw new AppError('contact.status_not_found', 404);
  return withAccess(
    deps.db,
    holder,
    'read',
    partOfContact('contact_status', holder.contactId),
    async (trx) => {
      const c = await statusRow(trx, holder.contactId);
      const messages = await entriesOf(trx, holder.contactId, ['message']);
      const [first] = await entriesOf(trx, holder.contactId, ['contact']);
      return {
        reference: c.reference,
        state: c.state,
        urgency: c.urgency,
        ownMessage:
          first && typeof first.content.message === 'string'
            ? { text: first.content.message, at: first.createdAt }
            : null,
        receivedAt: new Date(c.received_at),
        respondBy: c.respond_by,
        language: c.language,
        replyChannel: c.reply_channel,
        outcome: c.outcome,
        closedAt: c.closed_at ? new Date(c.closed_at) : null,
        regionId: c.region_id,
        messages: messages.map((m) => {
          const content = m.content as { from?: string; text?: string };
          const fromFamily = content.from === 'family';
          return {
            id: m.id,
            from: fromFamily ? ('family' as const) : ('counsellor' as const),
            text: String(content.text ?? ''),
            at: m.createdAt,
            author: fromFamily ? null : firstName(m.authorName),
          };
        }),
      };
    },
    { now: nowOf(deps) },
  );
}

/** The family sees their counsellor's first name only. */
function firstName(name: string): string {
  return name.split(/\s+/)[0] ?? name;
}

/** The family writes to their counsellor from the status page. messageId makes a retry harmless. */
export async function addFamilyMessage(
  deps: ContactsDeps,
  token: string,
  messageId: string,
  text: string,
): Promise<{ created: boolean }> {
  const holder = await statusHolder(deps.db, token);
  if (!holder) throw new AppError('contact.status_not_found', 404);
  const now = nowOf(deps);
  return withAccess(
    deps.db,
    holder,
    'create',
    partOfContact('contact_message', holder.contactId, messageId),
    async (trx) => {
      const c = await lockContact(trx, holder.contactId);
      // a closed contact's messages would go unread: the family is offered a new contact instead
      if (c.state === 'closed') throw new AppError('contact.closed', 409, { state: c.state });
      const created = await addEntry(trx, {
        id: messageId,
        contactId: c.id,
        type: 'message',
        serviceTask: await serviceTaskOf(trx, c.region_id),
        registry: c.registry_organization_id,
        content: { from: 'family', text },
        author: { kind: 'family', name: c.contact_name ?? 'family' },
        at: now,
      });
      if (!created) return { created };
      await addEvent(trx, c.id, now, 'message_from_family', c.state, c.state, null, null);
      await touch(trx, c.id, now);
      await publish(trx, CONTACT_EVENTS, { type: 'message', contactId: c.id, regionId: c.region_id });
      if (c.assigned_to) {
        const email = await staffEmail(trx, c.assigned_to);
        if (email)
          await enqueue(trx, {
            channel: 'email',
            recipient: email,
            template: 'staff_new_message',
            language: 'fi',
            params: { reference: c.reference, contactUrl: `${deps.publicUrl}/fi/staff/contacts/${c.id}` },
          });
      }
      return { created };
    },
    { now },
  );
}

// ---------------------------------------------------------------- one contact, for staff

export interface ContactDetail extends QueueItem {
  /** the family's private status page (path), for the counsellor to give out on the phone */
  statusPath: string;
  language: 'fi' | 'sv' | 'en';
  anonymous: boolean;
  contactName: string | null;
  phone: string | null;
  email: string | null;
  reachTime: string;
  outcome: ContactOutcome | null;
  closedAt: Date | null;
  loggedBy: string | null;
  entries: EntryView[];
  events: {
    at: Date;
    kind: ContactEventKind;
    from: ContactState | null;
    to: ContactState;
    actorName: string;
    note: string | null;
  }[];
}

export async function readContact(
  deps: ContactsDeps,
  actor: StaffActor,
  contactId: string,
): Promise<ContactDetail> {
  return withAccess(
    deps.db,
    actor,
    'read',
    contactRef(contactId),
    async (trx) => {
      const [{ contact: c, events }, entries] = await Promise.all([
        contactWithEvents(trx, contactId),
        entriesOf(trx, contactId),
      ]);
      return {
        id: c.id,
        reference: c.reference,
        state: c.state,
        channel: c.channel,
        contacter: c.contacter,
        municipalityCode: c.municipality_code,
        childAges: c.child_ages.map(Number),
        topics: c.topics,
        urgency: c.urgency,
        safety: c.safety,
        replyChannel: c.reply_channel,
        firstLine: null, // the page shows the family's words whole
        receivedAt: new Date(c.received_at),
        respondBy: c.respond_by,
        firstResponseAt: c.first_response_at ? new Date(c.first_response_at) : null,
        assignedTo: c.assigned_to,
        assignedName: c.assigned_name,
        version: c.version,
        statusPath: statusPath(c.language, statusToken(deps.statusKey, c.id)),
        language: c.language,
        anonymous: c.anonymous,
        contactName: c.contact_name,
        phone: c.phone,
        email: c.email,
        reachTime: c.reach_time,
        outcome: c.outcome,
        closedAt: c.closed_at ? new Date(c.closed_at) : null,
        loggedBy: c.logged_by,
        entries,
        events: events.map((e) => ({
          at: new Date(e.at),
          kind: e.kind,
          from: e.from_state,
          to: e.to_state,
          actorName: e.actor_name,
          note: e.note,
        })),
      };
    },
    { now: nowOf(deps) },
  );
}

// ---------------------------------------------------------------- work on a contact

async function lockContact(trx: Transaction<DB>, contactId: string) {
  const c = await lockContactRow(trx, contactId);
  if (!c) throw new AppError('contact.not_found', 404);
  return c;
}

async function serviceTaskOf(trx: Transaction<DB>, regionId: string): Promise<string> {
  const r = await trx
    .selectFrom('region')
    .select('contact_service_task')
    .where('id', '=', regionId)
    .executeTakeFirstOrThrow();
  return r.contact_service_task;
}

/**
 * One step of a contact's life, the same for every use case: through the door (policy + log),
 * the contact locked, the step checked against TRANSITIONS and the page's version.
 */
async function changeContact(
  deps: ContactsDeps,
  actor: StaffActor,
  contactId: string,
  step: {
    transition: Transition;
    resource: 'contact' | 'contact_assignment';
    expectedVersion: number | undefined;
    reason?: string;
  },
  work: (trx: Transaction<DB>, c: LockedContact, now: Date) => Promise<void>,
): Promise<void> {
  const now = nowOf(deps);
  await withAccess(
    deps.db,
    actor,
    'update',
    contactRef(contactId, step.resource),
    async (trx) => {
      const c = await lockContact(trx, contactId);
      requireTransition(c.state, step.transition);
      checkVersion(c.version, step.expectedVersion);
      await work(trx, c, now);
    },
    { reason: step.reason, now },
  );
}

type LockedContact = Awaited<ReturnType<typeof lockContact>>;

/** A counsellor takes a new contact from the queue. */
export async function claimContact(
  deps: ContactsDeps,
  actor: StaffActor,
  contactId: string,
  expectedVersion?: number,
): Promise<void> {
  await changeContact(
    deps,
    actor,
    contactId,
    { transition: 'claim', resource: 'contact', expectedVersion },
    async (trx, c, now) => {
      await touch(trx, contactId, now, { state: 'assigned', assigned_to: actor.userId, assigned_at: now });
      await addEvent(trx, contactId, now, 'claimed', c.state, 'assigned', actor, null);
      await publish(trx, CONTACT_EVENTS, { type: 'claimed', contactId, regionId: c.region_id });
    },
  );
}

/** A manager (or a counsellor) gives a contact to a counsellor of the contact point. */
export async function assignContact(
  deps: ContactsDeps,
  actor: StaffActor,
  contactId: string,
  staffUserId: string,
  expectedVersion?: number,
): Promise<void> {
  await changeContact(
    deps,
    actor,
    contactId,
    { transition: 'assign', resource: 'contact_assignment', expectedVersion },
    async (trx, c, now) => {
      const counsellors = await contactPointCounsellors(trx, c.region_id);
      const assignee = counsellors.find((s) => s.id === staffUserId);
      if (!assignee)
        throw new AppError('request.invalid', 400, {}, [
          { field: 'staffUserId', code: 'contact.assignee_not_counsellor' },
        ]);
      const to: ContactState = c.state === 'in_progress' ? 'in_progress' : 'assigned';
      await touch(trx, contactId, now, { state: to, assigned_to: staffUserId, assigned_at: now });
      await addEvent(trx, contactId, now, 'assigned', c.state, to, actor, assignee.name);
      await publish(trx, CONTACT_EVENTS, { type: 'assigned', contactId, regionId: c.region_id });
      const email = await staffEmail(trx, staffUserId);
      if (email && staffUserId !== actor.userId)
        await enqueue(trx, {
          channel: 'email',
          recipient: email,
          template: 'staff_assigned',
          language: 'fi',
          params: { reference: c.reference, contactUrl: `${deps.publicUrl}/fi/staff/contacts/${contactId}` },
        });
    },
  );
}

export type WorkEntry =
  | { type: 'mapping'; content: MappingContent }
  | { type: 'advice'; content: { text: string } }
  | { type: 'message'; content: { text: string } };

/**
 * Records a mapping, advice or a message to the family. A new contact is claimed by whoever
 * records first; the first record moves it to "in progress"; advice or a message is the first
 * response. entryId makes a retried form post harmless.
 */
export async function recordEntry(
  deps: ContactsDeps,
  actor: StaffActor,
  contactId: string,
  entryId: string,
  entry: WorkEntry,
  expectedVersion?: number,
): Promise<{ created: boolean }> {
  const now = nowOf(deps);
  return withAccess(
    deps.db,
    actor,
    'create',
    partOfContact('record_entry', contactId, entryId),
    async (trx) => {
      const c = await lockContact(trx, contactId);
      const existing = await entryContact(trx, entryId);
      if (existing) {
        if (existing.contact_id !== contactId) throw new AppError('contact.entry_not_found', 404);
        return { created: false };
      }
      if (c.state === 'new') {
        await touch(trx, contactId, now, { state: 'assigned', assigned_to: actor.userId, assigned_at: now });
        await addEvent(trx, contactId, now, 'claimed', 'new', 'assigned', actor, null);
        c.state = 'assigned';
      } else {
        requireTransition(c.state, 'record');
        checkVersion(c.version, expectedVersion);
      }
      const content =
        entry.type === 'message' ? { from: 'counsellor', text: entry.content.text } : entry.content;
      await addEntry(trx, {
        id: entryId,
        contactId,
        type: entry.type,
        serviceTask: await serviceTaskOf(trx, c.region_id),
        registry: c.registry_organization_id,
        content,
        author: { kind: 'staff', staff: actor },
        at: now,
      });
      const changes: Record<string, unknown> = {};
      if (c.state === 'assigned') {
        changes.state = 'in_progress';
        await addEvent(trx, contactId, now, 'started', 'assigned', 'in_progress', actor, null);
      }
      if (!c.first_response_at && entry.type !== 'mapping') changes.first_response_at = now;
      await touch(trx, contactId, now, changes);
      if (entry.type === 'message') await notifyFamily(deps, trx, c, 'family_new_message');
      await publish(trx, CONTACT_EVENTS, { type: 'entry', contactId, regionId: c.region_id });
      return { created: true };
    },
    { now },
  );
}

async function notifyFamily(
  deps: ContactsDeps,
  trx: Transaction<DB>,
  c: {
    id: string;
    reference: string;
    language: 'fi' | 'sv' | 'en';
    email: string | null;
    phone: string | null;
    reply_channel: string;
  },
  template: 'family_new_message' | 'family_closed' | 'family_appointment_set',
  extra: Record<string, unknown> = {},
): Promise<void> {
  const statusUrl = `${deps.publicUrl}${statusPath(c.language, statusToken(deps.statusKey, c.id))}`;
  const params = { ...extra, reference: c.reference, statusUrl };
  if (c.email) {
    await enqueue(trx, { channel: 'email', recipient: c.email, template, language: c.language, params });
  } else if (c.phone && c.reply_channel !== 'status_page') {
    // the template may say it shorter for a phone (one or two SMS parts)
    const sms = { ...params, sms: true };
    await enqueue(trx, { channel: 'sms', recipient: c.phone, template, language: c.language, params: sms });
  }
}

/** A correction: a new version of a mapping, advice or outcome, with its reason. */
export async function correctEntry(
  deps: ContactsDeps,
  actor: StaffActor,
  contactId: string,
  entryId: string,
  content: Record<string, unknown>,
  reason: string,
  expectedEntryVersion?: number,
): Promise<{ version: number }> {
  const now = nowOf(deps);
  return withAccess(
    deps.db,
    actor,
    'update',
    partOfContact('record_entry', contactId, entryId),
    async (trx) => {
      const entry = await lockEntry(trx, contactId, entryId);
      if (!entry) throw new AppError('contact.entry_not_found', 404);
      if (!['mapping', 'advice', 'outcome'].includes(entry.type))
        throw new AppError('contact.entry_not_correctable', 409);
      if (expectedEntryVersion !== undefined && expectedEntryVersion !== entry.current_version)
        throw new AppError('contact.stale', 409);
      const contact = await lockContact(trx, contactId);
      if (entry.type === 'outcome') {
        const target = typeof content.targetServiceId === 'string' ? content.targetServiceId : null;
        if (target) await checkTargetService(trx, target, contact.region_id);
      }
      const version = entry.current_version + 1;
      await addEntryVersion(trx, {
        entryId,
        version,
        content,
        reason,
        at: now,
        author: { kind: 'staff', staff: actor },
      });
      // the contact's outcome column follows the current version of its outcome entry
      const outcome = entry.type === 'outcome' && contact.state === 'closed' ? content.outcome : undefined;
      await touch(trx, contactId, now, typeof outcome === 'string' ? { outcome } : {});
      await publish(trx, CONTACT_EVENTS, { type: 'entry', contactId, regionId: contact.region_id });
      return { version };
    },
    { reason, now },
  );
}

/** The entry type a correction must match (used by routes to pick the schema). */
export async function entryTypeOf(
  deps: ContactsDeps,
  actor: StaffActor,
  contactId: string,
  entryId: string,
): Promise<RecordEntryType> {
  const detail = await readContact(deps, actor, contactId);
  const entry = detail.entries.find((e) => e.id === entryId);
  if (!entry) throw new AppError('contact.entry_not_found', 404);
  return entry.type;
}

/** Closes a contact with its outcome (and an optional last message to the family). */
export async function closeContact(
  deps: ContactsDeps,
  actor: StaffActor,
  contactId: string,
  outcome: OutcomeContent,
  expectedVersion?: number,
): Promise<void> {
  await changeContact(
    deps,
    actor,
    contactId,
    { transition: 'close', resource: 'contact', expectedVersion },
    async (trx, c, now) => {
      if (outcome.targetServiceId) await checkTargetService(trx, outcome.targetServiceId, c.region_id);
      const serviceTask = await serviceTaskOf(trx, c.region_id);
      const { messageToFamily, ...recorded } = outcome;
      await addEntry(trx, {
        id: randomUUID(),
        contactId,
        type: 'outcome',
        serviceTask,
        registry: c.registry_organization_id,
        content: recorded,
        author: { kind: 'staff', staff: actor },
        at: now,
      });
      if (messageToFamily) {
        await addEntry(trx, {
          id: randomUUID(),
          contactId,
          type: 'message',
          serviceTask,
          registry: c.registry_organization_id,
          content: { from: 'counsellor', text: messageToFamily },
          author: { kind: 'staff', staff: actor },
          at: now,
        });
      }
      await touch(trx, contactId, now, {
        state: 'closed',
        outcome: outcome.outcome,
        closed_at: now,
        ...(c.first_response_at ? {} : { first_response_at: now }),
      });
      await addEvent(trx, contactId, now, 'closed', c.state, 'closed', actor, outcome.outcome);
      await notifyFamily(deps, trx, c, 'family_closed');
      await publish(trx, CONTACT_EVENTS, { type: 'closed', contactId, regionId: c.region_id });
    },
  );
}

async function checkTargetService(trx: Transaction<DB>, serviceId: string, regionId: string): Promise<void> {
  const service = await trx
    .selectFrom('service')
    .innerJoin('organization', 'organization.id', 'service.organization_id')
    .select('service.id')
    .where('service.id', '=', serviceId)
    .where('organization.region_id', '=', regionId)
    .executeTakeFirst();
  if (!service)
    throw new AppError('request.invalid', 400, {}, [
      { field: 'targetServiceId', code: 'contact.target_service_unknown' },
    ]);
}

/** Opens a closed contact again (the family came back about the same matter), with a reason. */
export async function reopenContact(
  deps: ContactsDeps,
  actor: StaffActor,
  contactId: string,
  reason: string,
  expectedVersion?: number,
): Promise<void> {
  await changeContact(
    deps,
    actor,
    contactId,
    { transition: 'reopen', resource: 'contact', expectedVersion, reason },
    async (trx, c, now) => {
      await touch(trx, contactId, now, {
        state: 'in_progress',
        outcome: null,
        closed_at: null,
        assigned_to: c.assigned_to ?? actor.userId,
      });
      await addEvent(trx, contactId, now, 'reopened', 'closed', 'in_progress', actor, reason);
      await publish(trx, CONTACT_EVENTS, { type: 'reopened', contactId, regionId: c.region_id });
    },
  );
}

// ---------------------------------------------------------------- for the warm handoff (issue 6)

/** The contact a handoff is made from, locked, inside the handoff's transaction. */
export async function contactForHandoff(trx: Transaction<DB>, contactId: string) {
  return lockContact(trx, contactId);
}

/**
 * A handoff reached its first appointment: responsibility passed to the receiving unit, so the
 * contact closes as "guided onward" to that service (a record entry and an event, as always).
 */
export async function closeContactByHandoff(
  trx: Transaction<DB>,
  contactId: string,
  targetServiceId: string,
  staff: StaffActor,
  now: Date,
): Promise<void> {
  const c = await lockContact(trx, contactId);
  if (!canTransition(c.state, 'close')) return;
  await addEntry(trx, {
    id: randomUUID(),
    contactId,
    type: 'outcome',
    serviceTask: await serviceTaskOf(trx, c.region_id),
    registry: c.registry_organization_id,
    content: { outcome: 'guided_onward', targetServiceId, note: null, visits: null },
    author: { kind: 'staff', staff },
    at: now,
  });
  await touch(trx, contactId, now, {
    state: 'closed',
    outcome: 'guided_onward',
    closed_at: now,
    ...(c.first_response_at ? {} : { first_response_at: now }),
  });
  await addEvent(trx, contactId, now, 'closed', c.state, 'closed', staff, 'guided_onward (handoff)');
  await publish(trx, CONTACT_EVENTS, { type: 'closed', contactId, regionId: c.region_id });
}

/** Adds the handoff's record entry to its contact (uniform recording). */
export async function recordHandoffEntry(
  trx: Transaction<DB>,
  contactId: string,
  entryId: string,
  content: Record<string, unknown>,
  staff: StaffActor,
  now: Date,
): Promise<void> {
  const c = await lockContact(trx, contactId);
  // like any record (recordEntry): a new contact is claimed by whoever records first, and the
  // first record starts the work; else the contact would stay unclaimed in the queue and the
  // appointment could not close it (close is from assigned or in progress only)
  if (c.state === 'new') {
    await touch(trx, contactId, now, { state: 'assigned', assigned_to: staff.userId, assigned_at: now });
    await addEvent(trx, contactId, now, 'claimed', 'new', 'assigned', staff, null);
    c.state = 'assigned';
  }
  await addEntry(trx, {
    id: entryId,
    contactId,
    type: 'handoff',
    serviceTask: await serviceTaskOf(trx, c.region_id),
    registry: c.registry_organization_id,
    content,
    author: { kind: 'staff', staff },
    at: now,
  });
  if (c.state === 'assigned') {
    await touch(trx, contactId, now, { state: 'in_progress' });
    await addEvent(trx, contactId, now, 'started', 'assigned', 'in_progress', staff, null);
  } else await touch(trx, contactId, now);
  await publish(trx, CONTACT_EVENTS, { type: 'entry', contactId, regionId: c.region_id });
}

/** Tells the family (by e-mail or SMS, as they chose) that their status page has news. */
export async function notifyFamilyOfNews(
  deps: ContactsDeps,
  trx: Transaction<DB>,
  contactId: string,
): Promise<void> {
  const c = await lockContact(trx, contactId);
  await notifyFamily(deps, trx, c, 'family_new_message');
}

/**
 * Tells the family their first appointment (after a handoff): its own e-mail or SMS, with the
 * time in the subject, the place, how to reach the unit and the calendar file's address.
 */
export async function notifyFamilyOfAppointment(
  deps: ContactsDeps,
  trx: Transaction<DB>,
  contactId: string,
  appointment: Record<string, unknown>,
): Promise<void> {
  const c = await lockContact(trx, contactId);
  await notifyFamily(deps, trx, c, 'family_appointment_set', appointment);
}
