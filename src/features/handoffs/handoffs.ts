/**
 * The warm handoff (saattaen vaihtaminen, capability 6): a counsellor hands a family over to a
 * service and stays responsible until the receiving unit has accepted and set a first
 * appointment. A closed loop: every change is a transition of one table (TRANSITIONS), with
 * who, when and why in handoff_event; notifications go through the outbox in the same
 * transaction; every read and write through accessHandoff (policy + access log).
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import { accessHandoff, appendAccessLog, type HandoffSide } from '../../platform/access/index.ts';
import type { StaffActor } from '../../platform/auth/actor.ts';
import type { DB, DeclineReason, HandoffState, LocalizedText } from '../../platform/db/types.ts';
import { AppError } from '../../platform/errors.ts';
import { publish } from '../../platform/events.ts';
import { enqueue } from '../../platform/outbox.ts';
import { addWorkingDays, helsinkiDate, isOverdue, respondByDate } from '../../platform/working-days.ts';
import {
  type ContactsDeps,
  closeContactByHandoff,
  contactForHandoff,
  notifyFamilyOfAppointment,
  notifyFamilyOfNews,
  recordHandoffEntry,
} from '../contacts/index.ts';
import { type FieldRule, forAudience, MANAGER_VIEW } from './audience.ts';

export const HANDOFF_EVENTS = 'handoff_events';

/** The open states: the loop is not closed yet. */
export const OPEN_STATES: readonly HandoffState[] = [
  'requested',
  'accepted',
  'appointment_set',
  'first_visit_held',
];

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
  return accessHandoff(
    deps.db,
    actor,
    {
      handoffId: null,
      contactId: input.contactId,
      action: 'create',
      resource: { type: 'handoff', id: input.handoffId },
    },
    async (trx) => {
      const existing = await trx
        .selectFrom('handoff')
        .select(['id', 'contact_id', 'respond_by'])
        .where('id', '=', input.handoffId)
        .executeTakeFirst();
      if (existing) {
        if (existing.contact_id !== input.contactId) throw new AppError('handoff.not_found', 404);
        return { id: existing.id, created: false, respondBy: existing.respond_by };
      }
      const contact = await contactForHandoff(trx, input.contactId);
      if (contact.state === 'closed') throw new AppError('handoff.contact_closed', 409);
      const target = await trx
        .selectFrom('service')
        .innerJoin('organization', 'organization.id', 'service.organization_id')
        .select(['service.id', 'service.organization_id', 'service.name', 'organization.email as org_email'])
        .where('service.id', '=', input.targetServiceId)
        .where('service.region_id', '=', contact.region_id)
        .where('service.status', '=', 'active')
        .executeTakeFirst();
      if (!target)
        throw new AppError('request.invalid', 400, {}, [
          { field: 'targetServiceId', code: 'handoff.target_unknown' },
        ]);
      let unitEmail: string | null = null;
      if (input.targetUnitId) {
        const unit = await trx
          .selectFrom('unit')
          .select(['id', 'email'])
          .where('id', '=', input.targetUnitId)
          .where('organization_id', '=', target.organization_id)
          // a unit of this service (or of none): not another service's unit of the organisation
          .where((eb) => eb.or([eb('service_id', 'is', null), eb('service_id', '=', input.targetServiceId)]))
          .where('active', '=', true)
          .executeTakeFirst();
        if (!unit)
          throw new AppError('request.invalid', 400, {}, [
            { field: 'targetUnitId', code: 'handoff.target_unknown' },
          ]);
        unitEmail = unit.email;
      }
      const open = await trx
        .selectFrom('handoff')
        .select('id')
        .where('contact_id', '=', input.contactId)
        .where('target_service_id', '=', input.targetServiceId)
        .where('state', 'in', OPEN_STATES)
        .executeTakeFirst();
      if (open) throw new AppError('handoff.open_exists', 409);
      const region = await trx
        .selectFrom('region')
        .select('handoff_response_working_days')
        .where('id', '=', contact.region_id)
        .executeTakeFirstOrThrow();
      const respondBy = respondByDate(now, region.handoff_response_working_days);
      await trx
        .insertInto('handoff')
        .values({
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
        })
        .execute();
      await addEvent(trx, input.handoffId, now, null, 'requested', actor, null);
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
    now,
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
  return accessHandoff(
    deps.db,
    actor,
    {
      handoffId,
      action: 'update',
      resource: { type: 'handoff', id: handoffId },
      reason: 'text' in input ? input.text : undefined,
    },
    async (trx, side) => {
      const h = await trx
        .selectFrom('handoff')
        .selectAll()
        .where('id', '=', handoffId)
        .forUpdate()
        .executeTakeFirstOrThrow();
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
      await trx
        .updateTable('handoff')
        .set({ ...changes, updated_at: now, version: sql`version + 1` })
        .where('id', '=', handoffId)
        .execute();
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
    now,
  );
}

/** What the family's appointment message says: when, where, with whom, the unit and its phone. */
async function appointmentNotice(trx: Transaction<DB>, handoffId: string): Promise<Record<string, unknown>> {
  const h = await trx
    .selectFrom('handoff')
    .innerJoin('service', 'service.id', 'handoff.target_service_id')
    .leftJoin('unit', 'unit.id', 'handoff.target_unit_id')
    .select([
      'handoff.appointment_at',
      'handoff.appointment_place',
      'handoff.appointment_with',
      'handoff.target_service_id',
      'service.name as service_name',
      'unit.name as unit_name',
    ])
    .where('handoff.id', '=', handoffId)
    .executeTakeFirstOrThrow();
  const phone = await trx
    .selectFrom('phone')
    .select('number')
    .where('service_id', '=', h.target_service_id)
    .orderBy('position')
    .executeTakeFirst();
  return {
    appointmentAt: h.appointment_at ? new Date(h.appointment_at).toISOString() : null,
    place: h.appointment_place,
    with: h.appointment_with ?? null,
    unitName: h.unit_name ?? h.service_name,
    phone: phone?.number ?? null,
  };
}

async function notifySender(
  deps: ContactsDeps,
  trx: Transaction<DB>,
  senderId: string,
  handoffId: string,
  state: HandoffState,
): Promise<void> {
  const sender = await trx
    .selectFrom('staff_user')
    .select('email')
    .where('id', '=', senderId)
    .executeTakeFirst();
  if (!sender?.email) return;
  await enqueue(trx, {
    channel: 'email',
    recipient: sender.email,
    template: 'handoff_answered',
    language: 'fi',
    params: { state, url: `${deps.publicUrl}/fi/staff/handoffs/${handoffId}` },
  });
}

async function addEvent(
  trx: Transaction<DB>,
  handoffId: string,
  at: Date,
  from: HandoffState | null,
  to: HandoffState,
  staff: StaffActor | null,
  reason: string | null,
): Promise<void> {
  await trx
    .insertInto('handoff_event')
    .values({
      handoff_id: handoffId,
      at,
      from_state: from,
      to_state: to,
      staff_user_id: staff?.userId ?? null,
      actor_name: staff?.name ?? 'system',
      reason,
    })
    .execute();
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

export type HandoffListKind = 'inbox' | 'mine' | 'overdue' | 'contact';

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
  return accessHandoff(
    deps.db,
    actor,
    {
      handoffId: null,
      action: 'read',
      resource: { type: 'handoff_list', id: contactId ? `contact:${contactId}` : kind },
    },
    async (trx) => {
      let query = baseList(trx).where('handoff.region_id', '=', actor.regionId);
      if (kind === 'inbox') {
        const orgs = actor.roles
          .filter((r) => r.role === 'receiving_worker' || r.role === 'counsellor')
          .map((r) => r.organizationId);
        if (orgs.length === 0) return [];
        query = query
          .where('handoff.target_organization_id', 'in', orgs)
          .where((eb) =>
            actor.unitId
              ? eb.or([
                  eb('handoff.target_unit_id', 'is', null),
                  eb('handoff.target_unit_id', '=', actor.unitId),
                ])
              : eb('handoff.target_unit_id', 'is', null),
          )
          .where('handoff.state', 'in', OPEN_STATES);
      } else if (kind === 'mine') {
        query = query.where('handoff.sender_staff_user_id', '=', actor.userId);
      } else if (kind === 'overdue') {
        const orgs = actor.roles.filter((r) => r.role === 'manager').map((r) => r.organizationId);
        if (orgs.length === 0) return [];
        query = query
          .where((eb) =>
            eb.or([
              eb('handoff.sender_organization_id', 'in', orgs),
              eb('handoff.target_organization_id', 'in', orgs),
            ]),
          )
          .where('handoff.state', '=', 'requested')
          .where('handoff.respond_by', '<', helsinkiDate(now));
      } else {
        const counsellorOrgs = actor.roles
          .filter((r) => r.role === 'counsellor')
          .map((r) => r.organizationId);
        if (!contactId || counsellorOrgs.length === 0) return [];
        query = query
          .where('handoff.contact_id', '=', contactId)
          .where('handoff.sender_organization_id', 'in', counsellorOrgs);
      }
      const rows = await query.orderBy('handoff.created_at', 'desc').limit(200).execute();
      return rows.map((r) => toListItem(r, now));
    },
    now,
  );
}

function baseList(trx: Transaction<DB>) {
  return trx
    .selectFrom('handoff')
    .innerJoin('contact', 'contact.id', 'handoff.contact_id')
    .innerJoin('service', 'service.id', 'handoff.target_service_id')
    .innerJoin('organization', 'organization.id', 'handoff.target_organization_id')
    .innerJoin('staff_user', 'staff_user.id', 'handoff.sender_staff_user_id')
    .leftJoin('unit', 'unit.id', 'handoff.target_unit_id')
    .select([
      'handoff.id',
      'handoff.state',
      'handoff.contact_id',
      'contact.reference',
      'contact.municipality_code',
      'contact.child_ages',
      'contact.topics',
      'contact.urgency',
      'handoff.target_service_id',
      'service.name as service_name',
      'organization.name as organization_name',
      'unit.name as unit_name',
      'staff_user.name as sender_name',
      'handoff.created_at',
      'handoff.respond_by',
      'handoff.appointment_at',
      'handoff.version',
      // the family's latest request not yet answered by a change of the handoff
      (eb) =>
        eb
          .selectFrom('handoff_family_request')
          .select('handoff_family_request.kind')
          .whereRef('handoff_family_request.handoff_id', '=', 'handoff.id')
          .whereRef('handoff_family_request.created_at', '>', 'handoff.updated_at')
          .orderBy('handoff_family_request.created_at', 'desc')
          .limit(1)
          .as('family_request'),
    ]);
}

type ListRow = Awaited<ReturnType<ReturnType<typeof baseList>['execute']>>[number];

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
  const detail = await accessHandoff(
    deps.db,
    actor,
    { handoffId, action: 'read', resource: { type: 'handoff', id: handoffId } },
    async (trx, side) => {
      const row = await baseList(trx)
        .select([
          'handoff.summary',
          'handoff.family_agreement',
          'handoff.appointment_place',
          'handoff.appointment_with',
          'handoff.updated_at',
          'handoff.decline_reason',
          'handoff.decline_text',
          'handoff.match_reasons',
          'contact.contact_name',
          'contact.phone',
          'contact.email',
          'contact.language',
          'contact.reply_channel',
          'contact.reach_time',
        ])
        .where('handoff.id', '=', handoffId)
        .executeTakeFirstOrThrow();
      const events = await trx
        .selectFrom('handoff_event')
        .selectAll()
        .where('handoff_id', '=', handoffId)
        .orderBy('id')
        .execute();
      const requests = await trx
        .selectFrom('handoff_family_request')
        .select(['kind', 'text', 'created_at', 'appointment_at'])
        .where('handoff_id', '=', handoffId)
        .orderBy('created_at', 'desc')
        .execute();
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
    now,
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
  const candidates = await db
    .selectFrom('handoff')
    .select(['id', 'respond_by', 'state', 'region_id'])
    .where('state', '=', 'requested')
    .where('respond_by', '<', today)
    .execute();
  let expired = 0;
  for (const h of candidates) {
    if (addWorkingDays(h.respond_by, EXPIRE_AFTER_WORKING_DAYS) >= today) continue;
    await db.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable('handoff')
        .set({ state: 'expired', updated_at: now, version: sql`version + 1` })
        .where('id', '=', h.id)
        .where('state', '=', 'requested')
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0) return;
      await addEvent(trx, h.id, now, 'requested', 'expired', null, `no answer by ${h.respond_by}`);
      const c = await trx
        .selectFrom('handoff')
        .innerJoin('contact', 'contact.id', 'handoff.contact_id')
        .select(['contact.client_id', 'handoff.sender_organization_id'])
        .where('handoff.id', '=', h.id)
        .executeTakeFirstOrThrow();
      await appendAccessLog(
        trx,
        {
          actorKind: 'system',
          staffUserId: null,
          actorClientId: null,
          actorName: 'handoff expiry job',
          organizationId: null,
          organizationName: null,
          role: null,
          regionId: h.region_id,
          clientId: c.client_id,
          action: 'update',
          resourceType: 'handoff',
          resourceId: h.id,
          reason: `expired: no answer by ${h.respond_by}`,
          breakGlass: false,
          registryOrganizationId: c.sender_organization_id,
        },
        now,
      );
      await publish(trx, HANDOFF_EVENTS, { type: 'expired', handoffId: h.id, regionId: h.region_id });
      expired++;
    });
  }
  return expired;
}
