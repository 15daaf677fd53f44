/**
 * The SQL of the family's side of "Yhdessä aika": its request from the status page and what its
 * panel there shows. Every function takes the transaction the door (platform/access/door.ts)
 * opened for the access, so none runs without the meetings policy's decision and its log row.
 */
import { sql, type Transaction } from 'kysely';
import type { DB, Lang3, LocalizedText, MeetingState } from '../../../platform/db/types.ts';

/** The contact a family asks from, locked: two requests at once cannot both be the first. */
export async function lockContactForRequest(trx: Transaction<DB>, contactId: string) {
  return trx
    .selectFrom('contact')
    .select(['id', 'state', 'region_id', 'registry_organization_id', 'contact_name', 'language'])
    .where('id', '=', contactId)
    .forUpdate()
    .executeTakeFirst();
}

/** A meeting made earlier with this id (a retried post of the same form). */
export async function meetingById(trx: Transaction<DB>, meetingId: string) {
  return trx
    .selectFrom('meeting')
    .select(['id', 'contact_id', 'state'])
    .where('id', '=', meetingId)
    .executeTakeFirst();
}

/** Whether the contact already has a meeting that is asked for or still ahead. */
export async function openMeetingOfContact(
  trx: Transaction<DB>,
  contactId: string,
  openStates: readonly MeetingState[],
) {
  return trx
    .selectFrom('meeting')
    .select(['id', 'state'])
    .where('contact_id', '=', contactId)
    .where('state', 'in', [...openStates])
    .executeTakeFirst();
}

/** The family's request: the meeting (requested), the family as its participant, the event. */
export async function insertFamilyRequest(
  trx: Transaction<DB>,
  request: {
    meetingId: string;
    participantId: string;
    regionId: string;
    contactId: string;
    registryOrganizationId: string;
    requestText: string | null;
    icalUid: string;
    familyName: string;
    email: string | null;
    language: Lang3;
    pollTokenHash: string;
    at: Date;
  },
): Promise<void> {
  await trx
    .insertInto('meeting')
    .values({
      id: request.meetingId,
      region_id: request.regionId,
      contact_id: request.contactId,
      registry_organization_id: request.registryOrganizationId,
      state: 'requested',
      requested_by: 'family',
      request_text: request.requestText,
      ical_uid: request.icalUid,
      created_at: request.at,
      updated_at: request.at,
    })
    .execute();
  await trx
    .insertInto('meeting_participant')
    .values({
      id: request.participantId,
      meeting_id: request.meetingId,
      kind: 'family',
      name: request.familyName,
      email: request.email,
      language: request.language,
      poll_token_hash: request.pollTokenHash,
      added_at: request.at,
    })
    .execute();
  await trx
    .insertInto('meeting_event')
    .values({
      id: crypto.randomUUID(),
      meeting_id: request.meetingId,
      at: request.at,
      kind: 'requested',
      actor_kind: 'family',
      participant_id: request.participantId,
      detail: sql`${JSON.stringify({ email: request.email !== null })}::jsonb`,
    })
    .execute();
}

/** Whether the contact is closed (the family can no longer ask for a meeting from its page). */
export async function contactClosed(trx: Transaction<DB>, contactId: string): Promise<boolean> {
  const row = await trx.selectFrom('contact').select('state').where('id', '=', contactId).executeTakeFirst();
  return row === undefined || row.state === 'closed';
}

/** The ids of a contact's meetings, newest first (the panel asks the door about each). */
export async function meetingIdsOfContact(trx: Transaction<DB>, contactId: string, limit: number) {
  const rows = await trx
    .selectFrom('meeting')
    .select('id')
    .where('contact_id', '=', contactId)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

export interface FamilyMeetingRow {
  id: string;
  state: MeetingState;
  requestText: string | null;
  organizerName: string | null;
  organizationName: LocalizedText | null;
  startsAt: Date | null;
  endsAt: Date | null;
  placeKind: 'address' | 'remote' | null;
  placeAddress: string | null;
  remoteUrl: string | null;
  icalUid: string;
  icalSequence: number;
  updatedAt: Date;
  followUpOn: string | null;
  /** the family's participant (the poll link is made from its id) */
  familyParticipantId: string | null;
  /** the follow-up's event: when it was marked done */
  followedUpAt: Date | null;
  /** the meeting's notes, their current version: {meetingId, agenda, agreements, followUpOn} */
  notes: Record<string, unknown> | null;
}

/**
 * What the family's panel shows of one meeting of its contact: the state, the organiser and
 * their organisation, the time and place, its own participant, and the notes' current version.
 * Never the other participants.
 */
export async function familyMeetingView(
  trx: Transaction<DB>,
  meetingId: string,
): Promise<FamilyMeetingRow | undefined> {
  const row = await trx
    .selectFrom('meeting as m')
    .leftJoin('staff_user as s', 's.id', 'm.organizer_id')
    .leftJoin('organization as o', 'o.id', 's.organization_id')
    .select([
      'm.id',
      'm.state',
      'm.request_text',
      's.name as organizer_name',
      'o.name as organization_name',
      'm.starts_at',
      'm.ends_at',
      'm.place_kind',
      'm.place_address',
      'm.remote_url',
      'm.ical_uid',
      'm.ical_sequence',
      'm.updated_at',
      'm.follow_up_on',
      (eb) =>
        eb
          .selectFrom('meeting_participant as p')
          .select('p.id')
          .whereRef('p.meeting_id', '=', 'm.id')
          .where('p.kind', '=', 'family')
          .where('p.removed_at', 'is', null)
          .limit(1)
          .as('family_participant_id'),
      (eb) =>
        eb
          .selectFrom('meeting_event as e')
          .select('e.at')
          .whereRef('e.meeting_id', '=', 'm.id')
          .where('e.kind', '=', 'followed_up')
          .orderBy('e.at', 'desc')
          .limit(1)
          .as('followed_up_at'),
    ])
    .where('m.id', '=', meetingId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    state: row.state,
    requestText: row.request_text,
    organizerName: row.organizer_name,
    organizationName: (row.organization_name as LocalizedText | null) ?? null,
    startsAt: row.starts_at ? new Date(row.starts_at) : null,
    endsAt: row.ends_at ? new Date(row.ends_at) : null,
    placeKind: row.place_kind,
    placeAddress: row.place_address,
    remoteUrl: row.remote_url,
    icalUid: row.ical_uid,
    icalSequence: row.ical_sequence,
    updatedAt: new Date(row.updated_at),
    followUpOn: row.follow_up_on,
    familyParticipantId: row.family_participant_id ?? null,
    followedUpAt: row.followed_up_at ? new Date(row.followed_up_at) : null,
    notes: await currentNotes(trx, meetingId),
  };
}

/**
 * The current version of a meeting's notes, if recorded: the record entry of type 'meeting'
 * whose id is the meeting's (one entry per meeting; a correction is its next version).
 */
export async function currentNotes(
  trx: Transaction<DB>,
  meetingId: string,
): Promise<Record<string, unknown> | null> {
  const row = await trx
    .selectFrom('record_entry as r')
    .innerJoin('record_entry_version as v', (join) =>
      join.onRef('v.entry_id', '=', 'r.id').onRef('v.version', '=', 'r.current_version'),
    )
    .select('v.content')
    .where('r.id', '=', meetingId)
    .where('r.type', '=', 'meeting')
    .executeTakeFirst();
  return (row?.content as Record<string, unknown> | undefined) ?? null;
}
