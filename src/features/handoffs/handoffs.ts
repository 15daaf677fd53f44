/**
 * The warm handoff (saattaen vaihtaminen, capability 6): a counsellor hands a family over to a
 * service and stays responsible until the receiving unit has accepted and set a first
 * appointment. A closed loop: every change is a transition of one table (TRANSITIONS), with
 * who, when and why in handoff_event; notifications go through the outbox in the same
 * transaction; every read and write through the door (withAccess: the policy in policy.ts and
 * the access log), its SQL in queries.ts.
 */
import type { Kysely, Transaction } from 'kysely';
import { translations } from '../../i18n/index.ts';
import { access, type SystemActor, withAccess } from '../../platform/access/index.ts';
import type { StaffActor } from '../../platform/auth/actor.ts';
import type { DB, DeclineReason, HandoffState, LocalizedText } from '../../platform/db/types.ts';
import { AppError } from '../../platform/errors.ts';
import { publish } from '../../platform/events.ts';
import { enqueue } from '../../platform/outbox.ts';
import { addWorkingDays, helsinkiDate, isOverdue, respondByDate } from '../../platform/working-days.ts';
import { recordHandoffAgreement } from '../consent/consent.ts';
import { addDays } from '../consent/model.ts';
import {
  type ContactsDeps,
  closeContactByHandoff,
  contactForHandoff,
  notifyFamilyOfAppointment,
  notifyFamilyOfNews,
  recordHandoffEntry,
} from '../contacts/index.ts';
import { type FieldRule, forAudience, MANAGER_VIEW } from './audience.ts';
import { type HandoffSide, sideOf } from './policy.ts';
import {
  addEvent,
  appointmentOf,
  existingHandoff,
  expiryCandidates,
  type HandoffListKind,
  handoffRows,
  insertHandoff,
  type ListRow,
  listRows,
  lockHandoff,
  lockRequested,
  markExpired,
  openHandoffTo,
  responseWorkingDays,
  staffEmail,
  targetService,
  targetUnit,
  updateHandoff,
} from './queries.ts';

export { OPEN_STATES } from './queries.ts';
export type { HandoffListKind, HandoffSide };

export const HANDOFF_EVENTS = 'handoff_events';

/**
 * Every allowed change, who may make it (the side from the policy), and from which states.
 * Anything not in this table is refused with handoff.transition_not_allowed and changes nothing.
 */
export const TRANSITIONS = {
  accept: { side: 'receiver', from: ['requested'], to: 'accepted' },
  set_appointment: {
    side: 'receiver',
    from: ['requested', 'accepted', 'appointment_set'],
    to: 'appointment_set',
  },
  first_visit_held: { side: 'receiver', from: ['appointment_set'], to: 'first_visit_held' },
  complete: { side: 'receiver', from: ['first_visit_held'], to: 'completed' },
  decline: { side: 'receiver', from: ['requested', 'accepted'], to: 'declined' },
  cancel: { side: 'sender', from: ['requested', 'accepted', 'appointment_set'], to: 'cancelled' },
  expire: { side: 'system', from: ['requested'], to: 'expired' },
} as const satisfies Record<
  string,
  { side: HandoffSide | 'system'; from: readonly HandoffState[]; to: HandoffState }
>;

export type HandoffTransition = keyof typeof TRANSITIONS;

export function canTransition(state: HandoffState, transition: HandoffTransition): boolean {
  return (TRANSITIONS[transition].from as readonly HandoffState[]).includes(state);
}

/** How long the family's agreement recorded on the handoff form lets the receiver read the summary. */
export const AGREEMENT_VALID_DAYS = 183;

/** Unanswered this many working days after the promise, a handoff expires (the expiry job). */
export const EXPIRE_AFTER_WORKING_DAYS = 10;

const nowOf = (deps: ContactsDeps) => (deps.now ? deps.now() : new Date());

export interface NewHandoff {
  /** made by the form or the client: a retried request creates nothing twice */
  handoffId: string;
  contactId: string;
  targetServiceId: string;
  targetUnitId?: string | null;
  summary: string;
  familyAgreement: 'verbal' | 'written';
  /** the explanation of the suggestion chosen (matching), kept as shown */
  matchReasons?: { code: string; text: string }[] | null;
}

/** Hands the family of a contact over to a service (and, when known, one of its units). */
export async function createHandoff(
  deps: ContactsDeps,
  actor: StaffActor,
  input: NewHandoff,
): Promise<{ id: string; created: boolean; respondBy: string }> {
  const now = nowOf(deps);
  return withAccess(
    deps.db,
    actor,
    'create',
    { type: 'handoff', id: input.handoffId, parentId: input.contactId },
    async (trx) => {
      const existing = await existingHandoff(trx, input.handoffId);
      if (existing) {
        if (existing.contact_id !== input.contactId) throw new AppError('handoff.not_found', 404);
        return { id: existing.id, created: false, respondBy: existing.respond_by };
      }
      const contact = await contactForHandoff(trx, input.contactId);
      if (contact.state === 'closed') throw new AppError('handoff.contact_closed', 409);
      const target = await targetService(trx, input.targetServiceId, contact.region_id);
      if (!target)
        throw new AppError('request.invalid', 400, {}, [
          { field: 'targetServiceId', code: 'handoff.target_unknown' },
        ]);
      let unitEmail: string | null = null;
      if (input.targetUnitId) {
        const unit = await targetUnit(trx, input.targetUnitId, target.organization_id, input.targetServiceId);
        if (!unit)
          throw new AppError('request.invalid', 400, {}, [
            { field: 'targetUnitId', code: 'handoff.target_unknown' },
          ]);
        unitEmail = unit.email;
      }
      if (await openHandoffTo(trx, input.contactId, input.targetServiceId))
        throw new AppError('handoff.open_exists', 409);
      const respondBy = respondByDate(now, await responseWorkingDays(trx, contact.region_id));
      await insertHandoff(trx, {
        id: input.handoffId,
        contact_id: input.contactId,
        region_id: contact.region_id,
        sender_staff_user_id: actor.userId,
        sender_organization_id: contact.registry_organization_id,
        target_service_id: input.targetServiceId,
        target_organization_id: target.organization_id,
        target_unit_id: input.targetUnitId ?? null,
        summary: input.summary,
        family_agreement: input.familyAgreement,
        family_agreement_at: now,
        state: 'requested',
        respond_by: respondBy,
        match_reasons: input.matchReasons ? JSON.stringify(input.matchReasons) : null,
        created_at: now,
        updated_at: now,
      });
      await addEvent(trx, input.handoffId, now, null, 'requested', actor, null);
      // to another registry the agreement is the family's consent for the summary (issue 11)
      await recordHandoffAgreement(
        trx,
        actor,
        {
          contactId: input.contactId,
          recipientOrganizationId: target.organization_id,
          kind: input.familyAgreement,
          validUntil: addDays(helsinkiDate(now), AGREEMENT_VALID_DAYS),
          noticeText: translations('fi').handoffs.suggestions.agreementHint,
        },
        now,
      );
      await recordHandoffEntry(
        trx,
        input.contactId,
        input.handoffId,
        {
          handoffId: input.handoffId,
          targetServiceId: input.targetServiceId,
          targetUnitId: input.targetUnitId ?? null,
          summary: input.summary,
          familyAgreement: input.familyAgreement,
        },
        actor,
        now,
      );
      const to = unitEmail ?? target.org_email;
      if (to)
        await enqueue(trx, {
          channel: 'email',
          recipient: to,
          template: 'handoff_requested',
          language: 'fi',
          params: {
            respondBy,
            serviceName: (target.name as LocalizedText).fi,
            url: `${deps.publicUrl}/fi/staff/handoffs/${input.handoffId}`,
          },
        });
      await publish(trx, HANDOFF_EVENTS, {
        type: 'requested',
        handoffId: input.handoffId,
        regionId: contact.region_id,
      });
      return { id: input.handoffId, created: true, respondBy };
    },
    { now },
  );
}

export type TransitionInput =
  | { transition: 'accept' }
  | { transition: 'set_appointment'; appointmentAt: Date; place: string | null; with?: string | null }
  | { transition: 'first_visit_held' }
  | { transition: 'complete' }
  | { transition: 'decline'; reason: DeclineReason; text: string }
  | { transition: 'cancel'; text: string };

/**
 * One step of the loop. The policy tells the actor's side; the table tells whether that side
 * may take this step from the current state. The version guards against a stale page.
 */
export async function transitionHandoff(
  deps: ContactsDeps,
  actor: StaffActor,
  handoffId: string,
  input: TransitionInput,
  expectedVersion?: number,
): Promise<{ state: HandoffState }> {
  const now = nowOf(deps);
  const rule = TRANSITIONS[input.transition];
  return withAccess(
    deps.db,
    actor,
    'update',
    { type: 'handoff', id: handoffId },
    async (trx, decision) => {
      const side = sideOf(decision);
      const h = await lockHandoff(trx, handoffId);
      if (rule.side !== side) throw new AppError('handoff.transition_not_allowed', 409, { state: h.state });
      if (!canTransition(h.state, input.transition)) {
        const answered = ['declined', 'cancelled', 'expired', 'completed'].includes(h.state);
        throw new AppError(answered ? 'handoff.already_answered' : 'handoff.transition_not_allowed', 409, {
          state: h.state,
        });
      }
      if (expectedVersion !== undefined && expectedVersion !== h.version)
        throw new AppError('handoff.stale', 409);
      const changes: Record<string, unknown> = { state: rule.to };
      if (input.transition === 'set_appointment') {
        if (input.appointmentAt.getTime() < now.getTime() - 60_000)
          throw new AppError('request.invalid', 400, {}, [
            { field: 'appointmentAt', code: 'handoff.appointment_in_past' },
          ]);
        changes.appointment_at = input.appointmentAt;
        changes.appointment_place = input.place;
        changes.appointment_with = input.with ?? null;
      }
      if (input.transition === 'decline') {
        changes.decline_reason = input.reason;
        changes.decline_text = input.text;
      }
      await updateHandoff(trx, handoffId, changes, now);
      await addEvent(trx, handoffId, now, h.state, rule.to, actor, 'text' in input ? input.text : null);
      // The loop closes for the sender when the first appointment is set.
      if (input.transition === 'set_appointment')
        await closeContactByHandoff(trx, h.contact_id, h.target_service_id, actor, now);
      if (input.transition === 'set_appointment')
        await notifyFamilyOfAppointment(deps, trx, h.contact_id, {
          ...(await appointmentNotice(trx, handoffId)),
          moved: h.state === 'appointment_set',
        });
      else if (input.transition === 'decline' || input.transition === 'cancel')
        await notifyFamilyOfNews(deps, trx, h.contact_id);
      if (side === 'receiver') await notifySender(deps, trx, h.sender_staff_user_id, handoffId, rule.to);
      await publish(trx, HANDOFF_EVENTS, { type: rule.to, handoffId, regionId: h.region_id });
      return { state: rule.to };
    },
    { reason: 'text' in input ? input.text : undefined, now },
  );
}

/** What the family's appointment message says: when, where, with whom, the unit and its phone. */
async function appointmentNotice(trx: Transaction<DB>, handoffId: string): Promise<Record<string, unknown>> {
  const h = await appointmentOf(trx, handoffId);
  return {
    appointmentAt: h.appointment_at ? new Date(h.appointment_at).toISOString() : null,
    place: h.appointment_place,
    with: h.appointment_with ?? null,
    unitName: h.unit_name ?? h.service_name,
    phone: h.phone,
  };
}

async function notifySender(
  deps: ContactsDeps,
  trx: Transaction<DB>,
  senderId: string,
  handoffId: string,
  state: HandoffState,
): Promise<void> {
  const email = await staffEmail(trx, senderId);
  if (!email) return;
  await enqueue(trx, {
    channel: 'email',
    recipient: email,
    template: 'handoff_answered',
    language: 'fi',
    params: { state, url: `${deps.publicUrl}/fi/staff/handoffs/${handoffId}` },
  });
}

// ---------------------------------------------------------------- reading

export interface HandoffListItem {
  id: string;
  state: HandoffState;
  contactId: string;
  contactReference: string;
  municipalityCode: string | null;
  childAges: number[];
  topics: string[];
  urgency: string;
  targetServiceId: string;
  targetServiceName: LocalizedText;
  targetOrganizationName: LocalizedText;
  targetUnitName: LocalizedText | null;
  senderName: string;
  createdAt: Date;
  respondBy: string;
  overdue: boolean;
  appointmentAt: Date | null;
  version: number;
  /** the family asked to move or cancel the appointment, and nothing has changed since */
  familyRequest: 'change' | 'cancel' | null;
}

/**
 * The lists: a receiving unit's inbox (addressed to the actor's unit or, without a unit, to
 * their organisation), a sender's own handoffs, the overdue ones of the region (managers), or
 * one contact's handoffs. One access-log row names the list.
 */
export async function listHandoffs(
  deps: ContactsDeps,
  actor: StaffActor,
  kind: HandoffListKind,
  contactId?: string,
): Promise<HandoffListItem[]> {
  const now = nowOf(deps);
  return withAccess(
    deps.db,
    actor,
    'read',
    // the log names the list: its kind, or the contact whose handoffs it is
    { type: 'handoff_list', id: contactId ? `contact:${contactId}` : kind, view: kind },
    async (trx) => (await listRows(trx, actor, kind, contactId, now)).map((r) => toListItem(r, now)),
    { now },
  );
}

function toListItem(r: ListRow, now: Date): HandoffListItem {
  return {
    id: r.id,
    state: r.state,
    contactId: r.contact_id,
    contactReference: r.reference,
    municipalityCode: r.municipality_code,
    childAges: r.child_ages.map(Number),
    topics: r.topics,
    urgency: r.urgency,
    targetServiceId: r.target_service_id,
    targetServiceName: r.service_name,
    targetOrganizationName: r.organization_name,
    targetUnitName: r.unit_name ?? null,
    senderName: r.sender_name,
    createdAt: new Date(r.created_at),
    respondBy: r.respond_by,
    overdue: r.state === 'requested' && isOverdue(r.respond_by, now),
    appointmentAt: r.appointment_at ? new Date(r.appointment_at) : null,
    version: r.version,
    familyRequest: r.family_request ?? null,
  };
}

export interface HandoffDetail extends HandoffListItem {
  side: HandoffSide;
  /** null for managers (audience.ts), like every free text and the family's contact details */
  summary: string | null;
  familyAgreement: 'verbal' | 'written';
  appointmentPlace: string | null;
  appointmentWith: string | null;
  declineReason: DeclineReason | null;
  declineText: string | null;
  matchReasons: { code: string; text: string }[] | null;
  /** how to reach the family (the receiving unit books the first appointment); null for managers */
  family: {
    name: string | null;
    phone: string | null;
    email: string | null;
    language: string;
    replyChannel: string;
    reachTime: string;
  } | null;
  events: {
    at: Date;
    from: HandoffState | null;
    to: HandoffState;
    actorName: string;
    reason: string | null;
  }[];
  /** what the family asked from their status page; handled once the handoff changed after it */
  familyRequests: {
    kind: 'change' | 'cancel';
    text: string;
    at: Date;
    appointmentAt: Date | null;
    handled: boolean;
  }[];
}

export async function readHandoff(
  deps: ContactsDeps,
  actor: StaffActor,
  handoffId: string,
): Promise<HandoffDetail> {
  const now = nowOf(deps);
  const detail = await withAccess(
    deps.db,
    actor,
    'read',
    { type: 'handoff', id: handoffId },
    async (trx, decision) => {
      const side = sideOf(decision);
      const { row, events, requests } = await handoffRows(trx, handoffId);
      const updatedAt = new Date(row.updated_at).getTime();
      const reasons =
        typeof row.match_reasons === 'string' ? JSON.parse(row.match_reasons) : row.match_reasons;
      return {
        ...toListItem(row, now),
        side,
        summary: row.summary,
        familyAgreement: row.family_agreement,
        appointmentPlace: row.appointment_place,
        appointmentWith: row.appointment_with ?? null,
        declineReason: row.decline_reason,
        declineText: row.decline_text,
        matchReasons: (reasons as { code: string; text: string }[] | null) ?? null,
        family: {
          name: row.contact_name,
          phone: row.phone,
          email: row.email,
          language: row.language,
          replyChannel: row.reply_channel,
          reachTime: row.reach_time,
        },
        events: events.map((e) => ({
          at: new Date(e.at),
          from: e.from_state,
          to: e.to_state,
          actorName: e.actor_name,
          reason: e.reason,
        })),
        familyRequests: requests.map((r) => ({
          kind: r.kind,
          text: r.text,
          at: new Date(r.created_at),
          appointmentAt: r.appointment_at ? new Date(r.appointment_at) : null,
          handled: new Date(r.created_at).getTime() <= updatedAt,
        })),
      };
    },
    { now },
  );
  // every field of HandoffDetail has its rule: a new field fails the typecheck here until decided
  const rules: Record<keyof HandoffDetail, FieldRule> = MANAGER_VIEW;
  return forAudience(detail, rules);
}

/**
 * The expiry job: a handoff still unanswered EXPIRE_AFTER_WORKING_DAYS working days after its
 * promised date expires (it has long been on the managers' overdue list); the sender sees it in
 * "my handoffs" with a link to new suggestions.
 */
export async function expireHandoffs(db: Kysely<DB>, now = new Date()): Promise<number> {
  const today = helsinkiDate(now);
  const candidates = await expiryCandidates(db, today);
  let expired = 0;
  for (const h of candidates) {
    if (addWorkingDays(h.respond_by, EXPIRE_AFTER_WORKING_DAYS) >= today) continue;
    // the system itself, through the door: its policy allows exactly this update
    const job: SystemActor = { kind: 'system', name: 'handoff expiry job', regionId: h.region_id };
    await db.transaction().execute(async (trx) => {
      // answered meanwhile: nothing to expire, nothing accessed
      if (!(await lockRequested(trx, h.id))) return;
      const decision = await access(
        trx,
        job,
        'update',
        { type: 'handoff', id: h.id },
        `expired: no answer by ${h.respond_by}`,
        now,
      );
      if (!decision.allowed || !(await markExpired(trx, h.id, now))) return;
      await addEvent(trx, h.id, now, 'requested', 'expired', null, `no answer by ${h.respond_by}`);
      await publish(trx, HANDOFF_EVENTS, { type: 'expired', handoffId: h.id, regionId: h.region_id });
      expired++;
    });
  }
  return expired;
}
