/**
 * The SQL of a meeting's organising (H3's part of "Yhdessä aika"): the meeting, its proposed
 * times, participants, poll answers and events. Called from inside the door's transaction
 * (meetings.ts, poll.ts, replies.ts), except the two look-ups a link or a calendar reply needs
 * to know whom to ask the door about (participantByTokenHash, meetingByUid): they return ids only.
 */
import type { Insertable, Kysely, Selectable, Transaction, Updateable } from 'kysely';
import type {
  DB,
  LocalizedText,
  MeetingEventTable,
  MeetingParticipantTable,
  MeetingPartStat,
  MeetingTable,
  MeetingVoteAnswer,
} from '../../../platform/db/types.ts';

type Db = Kysely<DB> | Transaction<DB>;

export type MeetingRow = Selectable<MeetingTable>;
export type ParticipantRow = Selectable<MeetingParticipantTable>;

export async function insertMeeting(trx: Db, row: Insertable<MeetingTable>): Promise<void> {
  await trx.insertInto('meeting').values(row).execute();
}

export async function meetingById(trx: Db, id: string): Promise<MeetingRow | undefined> {
  return trx.selectFrom('meeting').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Locks the meeting's row to the end of the transaction (a change that reads before it writes). */
export async function lockMeeting(trx: Db, id: string): Promise<void> {
  await trx.selectFrom('meeting').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
}

/** Locks the contact's row to the end of the transaction: one meeting started at a time. */
export async function lockContact(trx: Db, contactId: string): Promise<void> {
  await trx.selectFrom('contact').select('id').where('id', '=', contactId).forUpdate().executeTakeFirst();
}

/** The meeting a calendar UID names: its id and region only (the reply handler then asks the door). */
export async function meetingByUid(
  db: Db,
  uid: string,
): Promise<{ id: string; regionId: string } | undefined> {
  const row = await db
    .selectFrom('meeting')
    .select(['id', 'region_id'])
    .where('ical_uid', '=', uid)
    .executeTakeFirst();
  return row ? { id: row.id, regionId: row.region_id } : undefined;
}

/**
 * Changes the meeting when it is still at `version` (a stale form changes nothing): the
 * version goes up by one. Returns whether the row was changed.
 */
export async function updateMeeting(
  trx: Db,
  id: string,
  version: number,
  patch: Updateable<MeetingTable>,
  now: Date,
): Promise<boolean> {
  const result = await trx
    .updateTable('meeting')
    .set((eb) => ({ ...patch, updated_at: now, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The contact a meeting is made for: where it is kept and how the staff name it. */
export async function contactOfMeeting(
  trx: Db,
  contactId: string,
): Promise<{ regionId: string; registryOrganizationId: string; reference: string } | undefined> {
  const row = await trx
    .selectFrom('contact')
    .select(['region_id', 'registry_organization_id', 'reference'])
    .where('id', '=', contactId)
    .executeTakeFirst();
  return row
    ? {
        regionId: row.region_id,
        registryOrganizationId: row.registry_organization_id,
        reference: row.reference,
      }
    : undefined;
}

/** The region's video service (a remote link must start with it), null when it has none. */
export async function videoServiceOf(trx: Db, regionId: string): Promise<string | null> {
  const row = await trx
    .selectFrom('region')
    .select('video_service_url')
    .where('id', '=', regionId)
    .executeTakeFirst();
  return row?.video_service_url ?? null;
}

/** A staff user as invitations name them: "Noora Neuvoja, Kuopion perheneuvola". */
export async function staffPerson(
  trx: Db,
  staffUserId: string,
): Promise<
  { name: string; email: string | null; organizationId: string; organizationName: LocalizedText } | undefined
> {
  const row = await trx
    .selectFrom('staff_user')
    .innerJoin('organization', 'organization.id', 'staff_user.organization_id')
    .select([
      'staff_user.name',
      'staff_user.email',
      'staff_user.organization_id',
      'organization.name as organization_name',
    ])
    .where('staff_user.id', '=', staffUserId)
    .executeTakeFirst();
  return row
    ? {
        name: row.name,
        email: row.email,
        organizationId: row.organization_id,
        organizationName: row.organization_name,
      }
    : undefined;
}

// ---------------------------------------------------------------- the proposed times

export async function slotsOf(trx: Db, meetingId: string) {
  return trx
    .selectFrom('meeting_slot')
    .select(['id', 'starts_at', 'ends_at'])
    .where('meeting_id', '=', meetingId)
    .orderBy('starts_at')
    .execute();
}

/** New times replace the old ones (and their answers): the poll starts again. */
export async function replaceSlots(
  trx: Db,
  meetingId: string,
  slots: readonly { id: string; startsAt: Date; endsAt: Date }[],
): Promise<void> {
  const old = trx.selectFrom('meeting_slot').select('id').where('meeting_id', '=', meetingId);
  await trx.deleteFrom('meeting_vote').where('slot_id', 'in', old).execute();
  await trx.deleteFrom('meeting_slot').where('meeting_id', '=', meetingId).execute();
  if (slots.length === 0) return;
  await trx
    .insertInto('meeting_slot')
    .values(slots.map((s) => ({ id: s.id, meeting_id: meetingId, starts_at: s.startsAt, ends_at: s.endsAt })))
    .execute();
}

// ---------------------------------------------------------------- participants

export async function participantsOf(trx: Db, meetingId: string, includeRemoved = false) {
  let q = trx.selectFrom('meeting_participant').selectAll().where('meeting_id', '=', meetingId);
  if (!includeRemoved) q = q.where('removed_at', 'is', null);
  return q.orderBy('added_at').orderBy('id').execute();
}

export async function participantById(trx: Db, id: string): Promise<ParticipantRow | undefined> {
  return trx.selectFrom('meeting_participant').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The participant a private link opens: its id and meeting only (then the door is asked). */
export async function participantByTokenHash(
  db: Db,
  hash: string,
): Promise<{ id: string; meetingId: string } | undefined> {
  const row = await db
    .selectFrom('meeting_participant')
    .select(['id', 'meeting_id'])
    .where('poll_token_hash', '=', hash)
    .executeTakeFirst();
  return row ? { id: row.id, meetingId: row.meeting_id } : undefined;
}

export async function insertParticipant(trx: Db, row: Insertable<MeetingParticipantTable>): Promise<void> {
  await trx.insertInto('meeting_participant').values(row).execute();
}

export async function markParticipantRemoved(trx: Db, id: string, now: Date): Promise<void> {
  await trx
    .updateTable('meeting_participant')
    .set({ removed_at: now })
    .where('id', '=', id)
    .where('removed_at', 'is', null)
    .execute();
}

export async function setInvitedSequence(trx: Db, ids: readonly string[], sequence: number): Promise<void> {
  if (ids.length === 0) return;
  await trx
    .updateTable('meeting_participant')
    .set({ invited_sequence: sequence })
    .where('id', 'in', ids)
    .execute();
}

/** Everyone's answer to the invitation goes back to "not answered" when the time changes. */
export async function resetPartstats(trx: Db, meetingId: string): Promise<void> {
  await trx
    .updateTable('meeting_participant')
    .set({ partstat: 'NEEDS-ACTION', partstat_at: null })
    .where('meeting_id', '=', meetingId)
    .where('removed_at', 'is', null)
    .execute();
}

export async function setPartstat(trx: Db, id: string, partstat: MeetingPartStat, now: Date): Promise<void> {
  await trx
    .updateTable('meeting_participant')
    .set({ partstat, partstat_at: now })
    .where('id', '=', id)
    .execute();
}

// ---------------------------------------------------------------- the poll's answers

export async function votesOf(trx: Db, meetingId: string) {
  return trx
    .selectFrom('meeting_vote')
    .innerJoin('meeting_slot', 'meeting_slot.id', 'meeting_vote.slot_id')
    .select(['meeting_vote.participant_id', 'meeting_vote.slot_id', 'meeting_vote.answer'])
    .where('meeting_slot.meeting_id', '=', meetingId)
    .execute();
}

/** A participant's answers, replacing their earlier ones for the same times. */
export async function saveVotes(
  trx: Db,
  participantId: string,
  answers: readonly { slotId: string; answer: MeetingVoteAnswer }[],
  now: Date,
): Promise<void> {
  if (answers.length === 0) return;
  await trx
    .insertInto('meeting_vote')
    .values(
      answers.map((a) => ({
        participant_id: participantId,
        slot_id: a.slotId,
        answer: a.answer,
        answered_at: now,
      })),
    )
    .onConflict((oc) =>
      oc.columns(['participant_id', 'slot_id']).doUpdateSet((eb) => ({
        answer: eb.ref('excluded.answer'),
        answered_at: eb.ref('excluded.answered_at'),
      })),
    )
    .execute();
}

// ---------------------------------------------------------------- events and lists

export async function insertMeetingEvent(trx: Db, row: Insertable<MeetingEventTable>): Promise<void> {
  await trx.insertInto('meeting_event').values(row).execute();
}

export async function eventsOf(trx: Db, meetingId: string) {
  return trx
    .selectFrom('meeting_event')
    .leftJoin('staff_user', 'staff_user.id', 'meeting_event.staff_user_id')
    .select([
      'meeting_event.id',
      'meeting_event.at',
      'meeting_event.kind',
      'meeting_event.actor_kind',
      'staff_user.name as staff_name',
    ])
    .where('meeting_event.meeting_id', '=', meetingId)
    .orderBy('meeting_event.at')
    .orderBy('meeting_event.id')
    .execute();
}

/**
 * The region's meetings kept in the given registries (those the counsellor works in): the
 * newest first, with the contact's reference and the organiser's name, at most `limit`.
 */
export async function meetingsOfRegistries(
  trx: Db,
  regionId: string,
  registryOrganizationIds: readonly string[],
  limit = 200,
) {
  if (registryOrganizationIds.length === 0) return [];
  return trx
    .selectFrom('meeting')
    .innerJoin('contact', 'contact.id', 'meeting.contact_id')
    .leftJoin('staff_user', 'staff_user.id', 'meeting.organizer_id')
    .select([
      'meeting.id',
      'meeting.contact_id',
      'meeting.state',
      'meeting.requested_by',
      'meeting.organizer_id',
      'meeting.starts_at',
      'meeting.created_at',
      'meeting.version',
      'contact.reference',
      'staff_user.name as organizer_name',
    ])
    .where('meeting.region_id', '=', regionId)
    .where('meeting.registry_organization_id', 'in', registryOrganizationIds)
    .orderBy('meeting.created_at', 'desc')
    .limit(limit)
    .execute();
}

/**
 * Who may be asked from the network registry (not client data): the region's professionals
 * with their unit's and organisation's names and an e-mail (their own account's, or the
 * unit's), and the region's active staff users who are not such a professional.
 */
export async function registryPeople(db: Db, regionId: string) {
  const professionals = await db
    .selectFrom('professional')
    .innerJoin('unit', 'unit.id', 'professional.unit_id')
    .innerJoin('organization', 'organization.id', 'unit.organization_id')
    .leftJoin('staff_user', 'staff_user.id', 'professional.staff_user_id')
    .select([
      'professional.id',
      'professional.name',
      'professional.staff_user_id',
      'unit.name as unit_name',
      'unit.email as unit_email',
      'organization.id as organization_id',
      'organization.name as organization_name',
      'staff_user.email as own_email',
    ])
    .where('organization.region_id', '=', regionId)
    .where('professional.active', '=', true)
    .where('unit.active', '=', true)
    .orderBy('professional.name')
    .execute();
  const linked = professionals.map((p) => p.staff_user_id).filter((id): id is string => id !== null);
  let staff = db
    .selectFrom('staff_user')
    .innerJoin('organization', 'organization.id', 'staff_user.organization_id')
    .select([
      'staff_user.id',
      'staff_user.name',
      'staff_user.email',
      'organization.id as organization_id',
      'organization.name as organization_name',
    ])
    .where('staff_user.region_id', '=', regionId)
    .where('staff_user.active', '=', true)
    .where('staff_user.email', 'is not', null);
  if (linked.length > 0) staff = staff.where('staff_user.id', 'not in', linked);
  return { professionals, staff: await staff.orderBy('staff_user.name').execute() };
}
