/**
 * The SQL of a meeting's outcome: its notes (agenda, agreements, follow-up date) kept as a
 * record entry of the contact (type 'meeting', one entry per meeting whose id is the meeting's;
 * a correction is its next version), the follow-up, and the follow-up reminder job. Every
 * function takes the transaction the door opened for the access, but reminderCandidates, which
 * finds the meetings to ask the door about (ids and dates, no client data shown to anyone).
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { StaffActor } from '../../../platform/auth/actor.ts';
import type { DB, Lang3, LocalizedText, MeetingState } from '../../../platform/db/types.ts';

/** The meeting, locked for a change of its notes or follow-up. */
export async function lockMeetingForNotes(trx: Transaction<DB>, meetingId: string) {
  return trx
    .selectFrom('meeting')
    .select([
      'id',
      'state',
      'version',
      'contact_id',
      'region_id',
      'registry_organization_id',
      'starts_at',
      'follow_up_on',
    ])
    .where('id', '=', meetingId)
    .forUpdate()
    .executeTakeFirst();
}

/** What the notes page shows of the meeting (the organiser's view: its participants by name). */
export async function meetingForNotes(trx: Transaction<DB>, meetingId: string) {
  const meeting = await trx
    .selectFrom('meeting as m')
    .leftJoin('staff_user as s', 's.id', 'm.organizer_id')
    .select([
      'm.id',
      'm.state',
      'm.version',
      'm.starts_at',
      'm.ends_at',
      'm.follow_up_on',
      'm.follow_up_reminded_at',
      's.name as organizer_name',
    ])
    .where('m.id', '=', meetingId)
    .executeTakeFirst();
  if (!meeting) return undefined;
  const followedUp = await trx
    .selectFrom('meeting_event')
    .select(['at', 'detail'])
    .where('meeting_id', '=', meetingId)
    .where('kind', '=', 'followed_up')
    .orderBy('at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return { ...meeting, followedUp };
}

export interface ParticipantRow {
  id: string;
  kind: 'family' | 'staff' | 'external';
  name: string;
  organizationName: string | null;
}

/** The meeting's participants who were not removed (whom an agreement may name). */
export async function activeParticipants(trx: Transaction<DB>, meetingId: string): Promise<ParticipantRow[]> {
  const rows = await trx
    .selectFrom('meeting_participant')
    .select(['id', 'kind', 'name', 'organization_name'])
    .where('meeting_id', '=', meetingId)
    .where('removed_at', 'is', null)
    .orderBy('added_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: r.id, kind: r.kind, name: r.name, organizationName: r.organization_name }));
}

/** The meeting's notes entry, locked for its correction; undefined before the first record. */
export async function lockNotesEntry(trx: Transaction<DB>, meetingId: string) {
  return trx
    .selectFrom('record_entry')
    .select(['id', 'current_version'])
    .where('id', '=', meetingId)
    .where('type', '=', 'meeting')
    .forUpdate()
    .executeTakeFirst();
}

export interface NotesVersionRow {
  version: number;
  content: Record<string, unknown>;
  reason: string | null;
  at: Date;
  authorName: string;
}

/** Every version of the meeting's notes, oldest first. */
export async function notesVersions(trx: Transaction<DB>, meetingId: string): Promise<NotesVersionRow[]> {
  const rows = await trx
    .selectFrom('record_entry_version as v')
    .innerJoin('record_entry as r', 'r.id', 'v.entry_id')
    .select(['v.version', 'v.content', 'v.reason', 'v.at', 'v.author_name'])
    .where('r.id', '=', meetingId)
    .where('r.type', '=', 'meeting')
    .orderBy('v.version')
    .execute();
  return rows.map((r) => ({
    version: r.version,
    content: r.content as Record<string, unknown>,
    reason: r.reason,
    at: new Date(r.at),
    authorName: r.author_name,
  }));
}

/** The service-task class the region records its family counselling under. */
async function serviceTaskOf(trx: Transaction<DB>, regionId: string): Promise<string> {
  const r = await trx
    .selectFrom('region')
    .select('contact_service_task')
    .where('id', '=', regionId)
    .executeTakeFirstOrThrow();
  return r.contact_service_task;
}

/** The notes' first version: the record entry (its id the meeting's) of the meeting's contact. */
export async function insertNotesEntry(
  trx: Transaction<DB>,
  entry: {
    meetingId: string;
    contactId: string;
    regionId: string;
    registryOrganizationId: string;
    content: Record<string, unknown>;
    staff: StaffActor;
    at: Date;
  },
): Promise<void> {
  await trx
    .insertInto('record_entry')
    .values({
      id: entry.meetingId,
      contact_id: entry.contactId,
      type: 'meeting',
      service_task_code: await serviceTaskOf(trx, entry.regionId),
      registry_organization_id: entry.registryOrganizationId,
      created_at: entry.at,
    })
    .execute();
  await insertNotesVersion(trx, { ...entry, version: 1, reason: null });
}

/** A version of the notes (the first, or a correction with its reason), made the current one. */
export async function insertNotesVersion(
  trx: Transaction<DB>,
  v: {
    meetingId: string;
    version: number;
    content: Record<string, unknown>;
    reason: string | null;
    staff: StaffActor;
    at: Date;
  },
): Promise<void> {
  await trx
    .insertInto('record_entry_version')
    .values({
      entry_id: v.meetingId,
      version: v.version,
      content: JSON.stringify(v.content),
      reason: v.reason,
      at: v.at,
      author_kind: 'staff',
      staff_user_id: v.staff.userId,
      author_name: v.staff.name,
    })
    .execute();
  await trx
    .updateTable('record_entry')
    .set({ current_version: v.version })
    .where('id', '=', v.meetingId)
    .execute();
}

/**
 * The meeting after its notes or its follow-up: the new state, the follow-up date (a new date
 * is reminded of again), one version more. False when the page's version is no longer the
 * meeting's (someone changed it meanwhile): nothing changed.
 */
export async function updateMeetingOutcome(
  trx: Transaction<DB>,
  meetingId: string,
  expectedVersion: number,
  change: { state: MeetingState; followUpOn?: string; resetReminder?: boolean; at: Date },
): Promise<boolean> {
  const result = await trx
    .updateTable('meeting')
    .set({
      state: change.state,
      ...(change.followUpOn !== undefined ? { follow_up_on: change.followUpOn } : {}),
      ...(change.resetReminder ? { follow_up_reminded_at: null } : {}),
      updated_at: change.at,
      version: sql<number>`version + 1`,
    })
    .where('id', '=', meetingId)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function insertMeetingEvent(
  trx: Transaction<DB>,
  event: {
    meetingId: string;
    at: Date;
    kind: string;
    actorKind: 'staff' | 'system';
    staffUserId: string | null;
    detail: Record<string, unknown>;
  },
): Promise<void> {
  await trx
    .insertInto('meeting_event')
    .values({
      id: crypto.randomUUID(),
      meeting_id: event.meetingId,
      at: event.at,
      kind: event.kind,
      actor_kind: event.actorKind,
      staff_user_id: event.staffUserId,
      detail: sql`${JSON.stringify(event.detail)}::jsonb`,
    })
    .execute();
}

// ---------------------------------------------------------------- the reminder job

/**
 * Held meetings not yet reminded whose follow-up date is between `from` and `to` (YYYY-MM-DD):
 * the job decides which are due in working days and asks the door about each.
 */
export async function reminderCandidates(db: Kysely<DB>, from: string, to: string) {
  return db
    .selectFrom('meeting')
    .select(['id', 'region_id', 'follow_up_on'])
    .where('state', '=', 'held')
    .where('follow_up_reminded_at', 'is', null)
    .where('follow_up_on', '>=', from)
    .where('follow_up_on', '<=', to)
    .orderBy('follow_up_on')
    .execute();
}

/**
 * The meeting, locked for its reminder while it still waits for one; undefined when another
 * process has it (SKIP LOCKED) or has already reminded.
 */
export async function lockForReminder(trx: Transaction<DB>, meetingId: string) {
  return trx
    .selectFrom('meeting')
    .select(['id', 'follow_up_on', 'organizer_id'])
    .where('id', '=', meetingId)
    .where('state', '=', 'held')
    .where('follow_up_reminded_at', 'is', null)
    .forUpdate()
    .skipLocked()
    .executeTakeFirst();
}

export interface ReminderRecipient {
  email: string;
  language: Lang3;
  kind: 'organizer' | 'family' | 'staff' | 'external';
}

/** Who is reminded: the organiser and every participant still in the meeting with an e-mail. */
export async function reminderRecipients(
  trx: Transaction<DB>,
  meetingId: string,
): Promise<{ recipients: ReminderRecipient[]; organizer: string; organization: LocalizedText | null }> {
  const organizer = await trx
    .selectFrom('meeting as m')
    .innerJoin('staff_user as s', 's.id', 'm.organizer_id')
    .innerJoin('organization as o', 'o.id', 's.organization_id')
    .select(['s.name', 's.email', 'o.name as organization_name'])
    .where('m.id', '=', meetingId)
    .executeTakeFirst();
  const participants = await trx
    .selectFrom('meeting_participant')
    .select(['kind', 'email', 'language'])
    .where('meeting_id', '=', meetingId)
    .where('removed_at', 'is', null)
    .where('email', 'is not', null)
    .orderBy('added_at')
    .execute();
  const recipients: ReminderRecipient[] = [];
  if (organizer?.email) recipients.push({ email: organizer.email, language: 'fi', kind: 'organizer' });
  for (const p of participants)
    if (p.email) recipients.push({ email: p.email, language: p.language, kind: p.kind });
  return {
    recipients,
    organizer: organizer?.name ?? '',
    organization: (organizer?.organization_name as LocalizedText | undefined) ?? null,
  };
}

/** Marks the meeting reminded, once: false when it already was. */
export async function markReminded(trx: Transaction<DB>, meetingId: string, at: Date): Promise<boolean> {
  const result = await trx
    .updateTable('meeting')
    .set({ follow_up_reminded_at: at })
    .where('id', '=', meetingId)
    .where('follow_up_reminded_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
