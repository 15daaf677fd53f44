/**
 * The handoffs' SQL: every read and write of handoff, handoff_event and handoff_family_request
 * (client data) stands here (and in policy.ts's facts loader), called from inside the door's
 * transaction (withAccess / access) — except the two lookups that say which handoffs there are
 * to ask the door about (expiryCandidates, handoffIdsOf), which read no client data.
 */

import { type Insertable, type Kysely, sql, type Transaction } from 'kysely';
import type { StaffActor } from '../../platform/auth/actor.ts';
import type { DB, HandoffState } from '../../platform/db/types.ts';
import { helsinkiDate } from '../../platform/working-days.ts';
import { mayDiscloseSql } from '../consent/queries/facts.ts';

/** The open states: the loop is not closed yet. */
export const OPEN_STATES: readonly HandoffState[] = [
  'requested',
  'accepted',
  'appointment_set',
  'first_visit_held',
];

// ---------------------------------------------------------------- creating

/** A handoff already made with this id (a retried request). */
export async function existingHandoff(trx: Transaction<DB>, handoffId: string) {
  return trx
    .selectFrom('handoff')
    .select(['id', 'contact_id', 'respond_by'])
    .where('id', '=', handoffId)
    .executeTakeFirst();
}

/** The target service, active and of the contact's region, with its organisation's e-mail. */
export async function targetService(trx: Transaction<DB>, serviceId: string, regionId: string) {
  return trx
    .selectFrom('service')
    .innerJoin('organization', 'organization.id', 'service.organization_id')
    .select(['service.id', 'service.organization_id', 'service.name', 'organization.email as org_email'])
    .where('service.id', '=', serviceId)
    .where('service.region_id', '=', regionId)
    .where('service.status', '=', 'active')
    .executeTakeFirst();
}

/** The target unit: active, of the service's organisation, and of this service (or of none). */
export async function targetUnit(
  trx: Transaction<DB>,
  unitId: string,
  organizationId: string,
  serviceId: string,
) {
  return (
    trx
      .selectFrom('unit')
      .select(['id', 'email'])
      .where('id', '=', unitId)
      .where('organization_id', '=', organizationId)
      // a unit of this service (or of none): not another service's unit of the organisation
      .where((eb) => eb.or([eb('service_id', 'is', null), eb('service_id', '=', serviceId)]))
      .where('active', '=', true)
      .executeTakeFirst()
  );
}

/** An open handoff of the contact to the same service, if there is one. */
export async function openHandoffTo(trx: Transaction<DB>, contactId: string, serviceId: string) {
  return trx
    .selectFrom('handoff')
    .select('id')
    .where('contact_id', '=', contactId)
    .where('target_service_id', '=', serviceId)
    .where('state', 'in', OPEN_STATES)
    .executeTakeFirst();
}

/** How many working days the region gives a receiving unit to answer. */
export async function responseWorkingDays(trx: Transaction<DB>, regionId: string): Promise<number> {
  const region = await trx
    .selectFrom('region')
    .select('handoff_response_working_days')
    .where('id', '=', regionId)
    .executeTakeFirstOrThrow();
  return region.handoff_response_working_days;
}

export async function insertHandoff(trx: Transaction<DB>, values: Insertable<DB['handoff']>) {
  await trx.insertInto('handoff').values(values).execute();
}

/** One step of the loop, in the handoff's history (staff null: the system). */
export async function addEvent(
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

// ---------------------------------------------------------------- the steps of the loop

/** The handoff, locked for a step. */
export async function lockHandoff(trx: Transaction<DB>, handoffId: string) {
  return trx
    .selectFrom('handoff')
    .selectAll()
    .where('id', '=', handoffId)
    .forUpdate()
    .executeTakeFirstOrThrow();
}

export async function updateHandoff(
  trx: Transaction<DB>,
  handoffId: string,
  changes: Record<string, unknown>,
  now: Date,
): Promise<void> {
  await trx
    .updateTable('handoff')
    .set({ ...changes, updated_at: now, version: sql`version + 1` })
    .where('id', '=', handoffId)
    .execute();
}

/** The appointment as the family's message tells it, with the unit (or service) and its phone. */
export async function appointmentOf(trx: Transaction<DB>, handoffId: string) {
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
  return { ...h, phone: phone?.number ?? null };
}

export async function staffEmail(trx: Transaction<DB>, staffUserId: string): Promise<string | null> {
  const staff = await trx
    .selectFrom('staff_user')
    .select('email')
    .where('id', '=', staffUserId)
    .executeTakeFirst();
  return staff?.email ?? null;
}

// ---------------------------------------------------------------- the lists and one handoff

export type HandoffListKind = 'inbox' | 'mine' | 'overdue' | 'contact';

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

export type ListRow = Awaited<ReturnType<ReturnType<typeof baseList>['execute']>>[number];

/**
 * A list of the actor's region: a receiving unit's inbox (addressed to the actor's unit or,
 * without a unit, to their organisation), a sender's own handoffs, the overdue ones of the
 * managers' organisations, or one contact's handoffs (the counsellors' organisations').
 */
export async function listRows(
  trx: Transaction<DB>,
  actor: StaffActor,
  kind: HandoffListKind,
  contactId: string | undefined,
  now: Date,
): Promise<ListRow[]> {
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
          ? eb.or([eb('handoff.target_unit_id', 'is', null), eb('handoff.target_unit_id', '=', actor.unitId)])
          : eb('handoff.target_unit_id', 'is', null),
      )
      .where('handoff.state', 'in', OPEN_STATES)
      // consent inside the query: another registry's inbox holds only what may cross to it
      .where(
        mayDiscloseSql(
          {
            contactId: 'handoff.contact_id',
            sourceOrganizationId: 'handoff.sender_organization_id',
            recipientOrganizationId: 'handoff.target_organization_id',
          },
          'handoff_summary',
          now,
        ),
      );
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
    const counsellorOrgs = actor.roles.filter((r) => r.role === 'counsellor').map((r) => r.organizationId);
    if (!contactId || counsellorOrgs.length === 0) return [];
    query = query
      .where('handoff.contact_id', '=', contactId)
      .where('handoff.sender_organization_id', 'in', counsellorOrgs);
  }
  return query.orderBy('handoff.created_at', 'desc').limit(200).execute();
}

/** One handoff with its free texts and the family's contact details, its history and requests. */
export async function handoffRows(trx: Transaction<DB>, handoffId: string) {
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
  return { row, events, requests };
}

// ---------------------------------------------------------------- the expiry job

/** The handoffs still waiting for an answer after their promised date (ids and dates only). */
export async function expiryCandidates(db: Kysely<DB>, today: string) {
  return db
    .selectFrom('handoff')
    .select(['id', 'respond_by', 'state', 'region_id'])
    .where('state', '=', 'requested')
    .where('respond_by', '<', today)
    .execute();
}

/** Locks the handoff if it is still waiting for an answer; false when it no longer is. */
export async function lockRequested(trx: Transaction<DB>, handoffId: string): Promise<boolean> {
  const row = await trx
    .selectFrom('handoff')
    .select('id')
    .where('id', '=', handoffId)
    .where('state', '=', 'requested')
    .forUpdate()
    .executeTakeFirst();
  return row !== undefined;
}

export async function markExpired(trx: Transaction<DB>, handoffId: string, now: Date): Promise<boolean> {
  const updated = await trx
    .updateTable('handoff')
    .set({ state: 'expired', updated_at: now, version: sql`version + 1` })
    .where('id', '=', handoffId)
    .where('state', '=', 'requested')
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) > 0;
}

// ---------------------------------------------------------------- the family's side

/** The ids of a contact's handoffs, oldest first (each is then read through the door). */
export async function handoffIdsOf(db: Kysely<DB>, contactId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('handoff')
    .select('id')
    .where('contact_id', '=', contactId)
    .orderBy('created_at')
    .execute();
  return rows.map((r) => r.id);
}

/** One handoff as the family sees it: the service, the unit, the appointment, how to reach them. */
export async function familyViewRows(trx: Transaction<DB>, id: string) {
  const h = await trx
    .selectFrom('handoff')
    .innerJoin('service', 'service.id', 'handoff.target_service_id')
    .innerJoin('organization', 'organization.id', 'handoff.target_organization_id')
    .leftJoin('unit', 'unit.id', 'handoff.target_unit_id')
    .select([
      'handoff.id',
      'handoff.state',
      'handoff.target_service_id',
      'handoff.target_organization_id',
      'service.name as service_name',
      'service.email as service_email',
      'organization.name as organization_name',
      'organization.email as organization_email',
      'unit.name as unit_name',
      'unit.email as unit_email',
      'unit.municipality_code as unit_municipality',
      'handoff.appointment_at',
      'handoff.appointment_place',
      'handoff.appointment_with',
      'handoff.updated_at',
    ])
    .where('handoff.id', '=', id)
    .executeTakeFirstOrThrow();
  const phones = await trx
    .selectFrom('phone')
    .select(['number', 'description'])
    .where((eb) =>
      eb.or([
        eb('service_id', '=', h.target_service_id),
        eb.and([eb('service_id', 'is', null), eb('organization_id', '=', h.target_organization_id)]),
      ]),
    )
    // the service's own numbers first
    .orderBy((eb) => eb.case().when('service_id', 'is', null).then(1).else(0).end())
    .orderBy('position')
    .limit(3)
    .execute();
  const locations = await trx
    .selectFrom('service_at_location')
    .innerJoin('location', 'location.id', 'service_at_location.location_id')
    .select(['location.street', 'location.postal_code', 'location.city', 'location.municipality_code'])
    .where('service_at_location.service_id', '=', h.target_service_id)
    .where('location.retired_at', 'is', null)
    .orderBy('location.id')
    .execute();
  const requests = await trx
    .selectFrom('handoff_family_request')
    .select(['kind', 'text', 'created_at'])
    .where('handoff_id', '=', id)
    .orderBy('created_at')
    .execute();
  return { h, phones, locations, requests };
}

/** The handoff's version (a moved appointment replaces the one a calendar imported before). */
export async function handoffVersion(trx: Transaction<DB>, id: string): Promise<number> {
  const { version } = await trx
    .selectFrom('handoff')
    .select('version')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return version;
}

/** The handoff a family's request is about, locked, with whom to tell. */
export async function lockForFamilyRequest(trx: Transaction<DB>, handoffId: string) {
  return trx
    .selectFrom('handoff')
    .leftJoin('unit', 'unit.id', 'handoff.target_unit_id')
    .innerJoin('organization', 'organization.id', 'handoff.target_organization_id')
    .innerJoin('staff_user', 'staff_user.id', 'handoff.sender_staff_user_id')
    .select([
      'handoff.id',
      'handoff.state',
      'handoff.region_id',
      'handoff.appointment_at',
      'unit.email as unit_email',
      'organization.email as organization_email',
      'staff_user.email as sender_email',
    ])
    .where('handoff.id', '=', handoffId)
    .forUpdate('handoff')
    .executeTakeFirstOrThrow();
}

/** A family request already made with this id (a retried post). */
export async function existingFamilyRequest(trx: Transaction<DB>, requestId: string) {
  return trx
    .selectFrom('handoff_family_request')
    .select('handoff_id')
    .where('id', '=', requestId)
    .executeTakeFirst();
}

export async function insertFamilyRequest(
  trx: Transaction<DB>,
  values: Insertable<DB['handoff_family_request']>,
): Promise<void> {
  await trx.insertInto('handoff_family_request').values(values).execute();
}
