/**
 * The organiser's use cases of "Yhdessä aika" (capability 8): start a meeting for a contact,
 * take a family's request, add and remove participants, set the place and duration, propose
 * 3–6 times, lock a time, send the calendar invitations, change the time or place after them
 * (a new REQUEST, SEQUENCE + 1), cancel (a CANCEL). What they read is in views.ts.
 *
 * Each is one transaction through the door (withAccess with the meetings' policy): the access
 * is logged, the change, its event and its mail (the outbox) are written together or not at
 * all. A step the state machine (model.ts) does not allow is a coded 409, a form made from an
 * older version of the meeting (version) is 409 meeting.stale, bad input a 400 with the field;
 * nothing changes in any of them. A retried create (the same id) creates nothing twice.
 */
import { randomUUID } from 'node:crypto';
import { withAccess } from '../../platform/access/door.ts';
import type { StaffActor } from '../../platform/auth/actor.ts';
import type { Lang3, MeetingState, MeetingVoteAnswer } from '../../platform/db/types.ts';
import { AppError, type FieldProblem } from '../../platform/errors.ts';
import { hasForbiddenCharacters } from '../../platform/text.ts';
import { statusLinkKey, statusToken } from '../contacts/index.ts';
import type { MeetingsDeps } from './deps.ts';
import { enqueueMeetingMail, type MailMeeting } from './invitations.ts';
import {
  checkPlace,
  checkSlots,
  helsinkiInstant,
  MAX_DURATION,
  type MeetingAction,
  MIN_DURATION,
  mayDo,
  nextState,
} from './model.ts';
import { meetingRef, newMeetingRef } from './policy.ts';
import { familyPollToken, participantPollToken, pollTokenHash } from './poll.ts';
import {
  contactOfMeeting,
  insertMeeting,
  insertMeetingEvent,
  insertParticipant,
  lockContact,
  lockMeeting,
  type MeetingRow,
  markParticipantRemoved,
  meetingById,
  type ParticipantRow,
  participantById,
  participantsOf,
  registryPeople,
  replaceSlots,
  resetPartstats,
  setInvitedSequence,
  slotsOf,
  staffPerson,
  updateMeeting,
  videoServiceOf,
} from './queries/core.ts';

export type { MeetingsDeps };

type Trx = Parameters<Parameters<typeof withAccess>[4]>[0];

const clock = (deps: MeetingsDeps) => (deps.now ? deps.now() : new Date());

/**
 * The organiser address of the invitations, where calendar replies come: MEETING_REPLY_ADDRESS
 * (config.inboundMail.replyAddress), else yhdessa-aika@<the site's host>.
 */
export function meetingReplyAddress(deps: Pick<MeetingsDeps, 'config' | 'publicUrl'>): string {
  const configured = deps.config.inboundMail?.replyAddress;
  if (configured) return configured;
  let host = 'perheverkko.invalid';
  try {
    host = new URL(deps.publicUrl).hostname || host;
  } catch {
    // the default stays
  }
  if (host === 'localhost' || /^[0-9.]+$/.test(host) || !host.includes('.')) host = 'perheverkko.invalid';
  return `yhdessa-aika@${host}`;
}

// ---------------------------------------------------------------- errors

const conflict = (state: MeetingState) => new AppError('meeting.transition_not_allowed', 409, { state });
const stale = () => new AppError('meeting.stale', 409);
const fieldError = (field: string, code: FieldProblem['code'], params?: Record<string, string | number>) =>
  new AppError(code, 400, params ?? {}, [{ field, code, ...(params ? { params } : {}) }]);

/** The meeting, for a step of the state machine from the version the form was made from. */
async function forStep(trx: Trx, id: string, action: MeetingAction, version: number | undefined) {
  const meeting = await meetingById(trx, id);
  if (!meeting) throw new AppError('meeting.not_found', 404);
  if (!mayDo(meeting.state, action)) throw conflict(meeting.state);
  if (version !== undefined && version !== meeting.version) throw stale();
  return meeting;
}

/**
 * One organiser's step on a meeting, through the door ('update'): the meeting as it is now —
 * allowed from its state (model.ts), still at the form's version — to `work`, one transaction.
 */
async function organiserStep<T>(
  deps: MeetingsDeps,
  actor: StaffActor,
  id: string,
  action: MeetingAction,
  version: number | undefined,
  now: Date,
  work: (trx: Trx, meeting: MeetingRow) => Promise<T>,
): Promise<T> {
  return withAccess(
    deps.db,
    actor,
    'update',
    meetingRef(id),
    async (trx) => work(trx, await forStep(trx, id, action, version)),
    { now },
  );
}

async function change(trx: Trx, meeting: MeetingRow, patch: Parameters<typeof updateMeeting>[3], now: Date) {
  if (!(await updateMeeting(trx, meeting.id, meeting.version, patch, now))) throw stale();
}

async function event(
  trx: Trx,
  meetingId: string,
  actor: StaffActor,
  kind: string,
  now: Date,
  detail: Record<string, unknown> = {},
) {
  await insertMeetingEvent(trx, {
    id: randomUUID(),
    meeting_id: meetingId,
    at: now,
    kind,
    actor_kind: 'staff',
    staff_user_id: actor.userId,
    participant_id: null,
    detail: JSON.stringify(detail) as never,
  });
}

/** The meeting as its mail tells it (the organiser by name and organisation). */
async function mailMeeting(trx: Trx, deps: MeetingsDeps, meeting: MeetingRow): Promise<MailMeeting> {
  const organizer = meeting.organizer_id ? await staffPerson(trx, meeting.organizer_id) : undefined;
  return {
    uid: meeting.ical_uid,
    sequence: meeting.ical_sequence,
    startsAt: meeting.starts_at,
    endsAt: meeting.ends_at,
    placeKind: meeting.place_kind,
    address: meeting.place_address,
    remoteUrl: meeting.remote_url,
    organizer: { name: organizer?.name ?? '', organization: organizer?.organizationName ?? { fi: '' } },
    replyAddress: meetingReplyAddress(deps),
  };
}

/**
 * A participant's private poll link: made from the installation's key and the participant's id,
 * so it is the same in every mail (a poll mail's link still opens after the invitation) and
 * needs no keeping; only its hash is stored, to find the participant. The family's is made from
 * its status link (family.ts), so that the status page can show it.
 */
async function participantToken(
  trx: Trx,
  deps: MeetingsDeps,
  contactId: string,
  participant: Pick<ParticipantRow, 'id' | 'kind'>,
): Promise<string> {
  // in the transaction: PGlite has one connection, a query beside it would wait for good
  const key = await statusLinkKey(trx, deps.config.personalDataKey);
  return participant.kind === 'family'
    ? familyPollToken(statusToken(key, contactId), participant.id)
    : participantPollToken(key, participant.id);
}

/** One participant's mail of the meeting, with their own lasting link. */
async function mailTo(
  trx: Trx,
  deps: MeetingsDeps,
  template: Parameters<typeof enqueueMeetingMail>[1],
  mail: MailMeeting,
  meeting: Pick<MeetingRow, 'contact_id'>,
  participant: ParticipantRow,
  now: Date,
  options: { update?: boolean } = {},
) {
  const token =
    template === 'meeting.cancellation'
      ? null
      : await participantToken(trx, deps, meeting.contact_id, participant);
  await enqueueMeetingMail(trx, template, mail, participant, deps.publicUrl, now, { ...options, token });
}

/** Invitations (REQUEST) to these participants at the meeting's current sequence. */
async function invite(
  trx: Trx,
  deps: MeetingsDeps,
  meeting: MeetingRow,
  participants: readonly ParticipantRow[],
  now: Date,
  update: boolean,
) {
  const mail = await mailMeeting(trx, deps, meeting);
  const invited = participants.filter((p) => p.email && p.removed_at === null);
  for (const p of invited) await mailTo(trx, deps, 'meeting.invitation', mail, meeting, p, now, { update });
  await setInvitedSequence(
    trx,
    invited.map((p) => p.id),
    meeting.ical_sequence,
  );
  return invited.length;
}

// ---------------------------------------------------------------- start and take

export interface StartInput {
  meetingId: string;
  contactId: string;
  durationMinutes: number;
}

/** A counsellor starts a Yhdessä aika for a contact: they organise it, the poll is next. */
export async function startMeeting(
  deps: MeetingsDeps,
  actor: StaffActor,
  input: StartInput,
): Promise<{ id: string; created: boolean }> {
  const { meetingId, contactId, durationMinutes } = input;
  if (!Number.isInteger(durationMinutes) || durationMinutes < MIN_DURATION || durationMinutes > MAX_DURATION)
    throw fieldError('duration', 'meeting.duration_range');
  const now = clock(deps);
  return withAccess(
    deps.db,
    actor,
    'create',
    newMeetingRef(meetingId, contactId),
    async (trx) => {
      // the same form twice at once: the second waits, then finds the first's meeting
      await lockContact(trx, contactId);
      const existing = await meetingById(trx, meetingId);
      if (existing) {
        // the same form posted again: nothing twice
        if (existing.contact_id !== contactId) throw new AppError('meeting.not_found', 404);
        return { id: existing.id, created: false };
      }
      const contact = await contactOfMeeting(trx, contactId);
      if (!contact) throw new AppError('meeting.not_found', 404);
      await insertMeeting(trx, {
        id: meetingId,
        region_id: contact.regionId,
        contact_id: contactId,
        registry_organization_id: contact.registryOrganizationId,
        state: 'proposed',
        requested_by: 'staff',
        organizer_id: actor.userId,
        duration_minutes: durationMinutes,
        ical_uid: `${meetingId}@perheverkko`,
        created_at: now,
        updated_at: now,
      });
      await event(trx, meetingId, actor, 'organised', now);
      return { id: meetingId, created: true };
    },
    { now },
  );
}

/** A counsellor takes a family's request as its organiser. */
export async function organiseMeeting(deps: MeetingsDeps, actor: StaffActor, id: string, version?: number) {
  const now = clock(deps);
  await organiserStep(deps, actor, id, 'organise', version, now, async (trx, meeting) => {
    await change(
      trx,
      meeting,
      { state: nextState(meeting.state, 'organise') ?? 'proposed', organizer_id: actor.userId },
      now,
    );
    await event(trx, id, actor, 'organised', now);
  });
}

// ---------------------------------------------------------------- participants

export type ParticipantInput =
  /** from the network registry: 'professional:<id>' or 'staff:<id>' */
  | { source: 'registry'; ref: string; language: Lang3 }
  | { source: 'external'; name: string; organizationName: string; email: string; language: Lang3 }
  | { source: 'family'; name: string; email: string | null; language: Lang3 };

const EMAIL = /^[^\s@<>"(),;:]{1,64}@[^\s@<>"(),;:]+\.[^\s@<>"(),;:]{2,}$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to find them
const UNSAFE = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

function checkName(
  value: string,
  field: string,
  code: 'meeting.name_required' | 'meeting.organization_required',
) {
  const v = value.trim();
  if (v === '' || v.length > 200 || UNSAFE.test(v)) throw fieldError(field, code);
  return v;
}

/**
 * A participant's address, checked and in lower case. Never the organiser address itself: the
 * invitations would go to the reply listener, and a reply "from" it would answer for them.
 */
function checkEmail(value: string, replyAddress: string, field = 'email'): string {
  const v = value.trim().toLowerCase();
  if (v.length > 254 || !EMAIL.test(v) || v === replyAddress.trim().toLowerCase())
    throw fieldError(field, 'meeting.email_invalid');
  return v;
}

/** Who the input names, checked: what the participant row will say. */
async function participantOf(trx: Trx, regionId: string, input: ParticipantInput, replyAddress: string) {
  const address = (value: string, field = 'email') => checkEmail(value, replyAddress, field);
  if (input.source === 'external') {
    return {
      kind: 'external' as const,
      staff_user_id: null,
      professional_id: null,
      organization_id: null,
      name: checkName(input.name, 'name', 'meeting.name_required'),
      organization_name: checkName(
        input.organizationName,
        'organizationName',
        'meeting.organization_required',
      ),
      email: address(input.email),
    };
  }
  if (input.source === 'family') {
    return {
      kind: 'family' as const,
      staff_user_id: null,
      professional_id: null,
      organization_id: null,
      name: checkName(input.name, 'familyName', 'meeting.name_required'),
      organization_name: null,
      email: input.email && input.email.trim() !== '' ? address(input.email, 'familyEmail') : null,
    };
  }
  const [kind, id] = input.ref.split(':');
  const { professionals, staff } = await registryPeople(trx, regionId);
  if (kind === 'professional') {
    const p = professionals.find((x) => x.id === id);
    if (p)
      return {
        kind: 'staff' as const,
        staff_user_id: p.staff_user_id,
        professional_id: p.id,
        organization_id: p.organization_id,
        name: p.name,
        organization_name: `${p.organization_name.fi}, ${p.unit_name.fi}`.slice(0, 200),
        email: (p.own_email ?? p.unit_email)?.toLowerCase() ?? null,
      };
  }
  if (kind === 'staff') {
    const s = staff.find((x) => x.id === id);
    if (s)
      return {
        kind: 'staff' as const,
        staff_user_id: s.id,
        professional_id: null,
        organization_id: s.organization_id,
        name: s.name,
        organization_name: s.organization_name.fi.slice(0, 200),
        email: s.email?.toLowerCase() ?? null,
      };
  }
  throw fieldError('registry', 'meeting.registry_unknown');
}

/**
 * Adds a participant (participantId: the form's, so a retry adds nobody twice). While the poll
 * is open and times are proposed they get the poll's mail; after the invitations, the current
 * invitation. Someone already asked (the same person or address) is a 409.
 */
export async function addParticipant(
  deps: MeetingsDeps,
  actor: StaffActor,
  id: string,
  participantId: string,
  input: ParticipantInput,
  version?: number,
): Promise<{ created: boolean }> {
  const now = clock(deps);
  return withAccess(
    deps.db,
    actor,
    'update',
    meetingRef(id),
    async (trx) => {
      // the same form twice at once: the second waits, then finds the participant added
      await lockMeeting(trx, id);
      const all = await participantsOf(trx, id, true);
      if (all.some((p) => p.id === participantId)) return { created: false };
      // an id already taken by another meeting's participant (a tampered form): nothing added
      if (await participantById(trx, participantId)) throw new AppError('meeting.participant_exists', 409);
      const meeting = await forStep(trx, id, 'edit', version);
      const row = await participantOf(trx, meeting.region_id, input, meetingReplyAddress(deps));
      const active = all.filter((p) => p.removed_at === null);
      if (row.kind === 'family' && active.some((p) => p.kind === 'family'))
        throw new AppError('meeting.family_exists', 409);
      const same = active.some(
        (p) =>
          (row.email !== null && p.email === row.email) ||
          (row.professional_id !== null && p.professional_id === row.professional_id) ||
          (row.staff_user_id !== null && p.staff_user_id === row.staff_user_id),
      );
      if (same) throw new AppError('meeting.participant_exists', 409);
      const participant: ParticipantRow = {
        ...row,
        id: participantId,
        meeting_id: id,
        language: input.language,
        poll_token_hash: pollTokenHash(
          await participantToken(trx, deps, meeting.contact_id, { id: participantId, kind: row.kind }),
        ),
        partstat: 'NEEDS-ACTION',
        partstat_at: null,
        invited_sequence: null,
        added_at: now,
        removed_at: null,
      };
      await insertParticipant(trx, participant);
      await change(trx, meeting, {}, now);
      if (meeting.state === 'proposed' && (await slotsOf(trx, id)).length > 0)
        await mailTo(
          trx,
          deps,
          'meeting.poll',
          await mailMeeting(trx, deps, meeting),
          meeting,
          participant,
          now,
        );
      if (meeting.state === 'invited') await invite(trx, deps, meeting, [participant], now, false);
      await event(trx, id, actor, 'participant_added', now, { participantId, kind: participant.kind });
      return { created: true };
    },
    { now },
  );
}

/** Removes a participant: their link stops working; one invited gets a cancellation. */
export async function removeParticipant(
  deps: MeetingsDeps,
  actor: StaffActor,
  id: string,
  participantId: string,
  version?: number,
) {
  const now = clock(deps);
  await organiserStep(deps, actor, id, 'edit', version, now, async (trx, meeting) => {
    const p = (await participantsOf(trx, id)).find((x) => x.id === participantId);
    if (!p) throw new AppError('meeting.participant_not_found', 404);
    await markParticipantRemoved(trx, participantId, now);
    await change(trx, meeting, {}, now);
    if (meeting.state === 'invited' && p.invited_sequence !== null)
      await mailTo(trx, deps, 'meeting.cancellation', await mailMeeting(trx, deps, meeting), meeting, p, now);
    await event(trx, id, actor, 'participant_removed', now, { participantId });
  });
}

// ---------------------------------------------------------------- place, times, lock

export interface PlaceForm {
  placeKind: string;
  address: string;
  remoteUrl: string;
  durationMinutes: number;
}

/**
 * The place and duration. After the invitations this is a change of the meeting: a new
 * REQUEST (SEQUENCE + 1) to everyone invited.
 */
export async function setPlace(
  deps: MeetingsDeps,
  actor: StaffActor,
  id: string,
  form: PlaceForm,
  version?: number,
): Promise<{ rescheduled: boolean }> {
  const now = clock(deps);
  return withAccess(
    deps.db,
    actor,
    'update',
    meetingRef(id),
    async (trx) => {
      const current = await meetingById(trx, id);
      if (!current) throw new AppError('meeting.not_found', 404);
      const action: MeetingAction = current.state === 'invited' ? 'reschedule' : 'edit';
      const meeting = await forStep(trx, id, action, version);
      const d = form.durationMinutes;
      if (!Number.isInteger(d) || d < MIN_DURATION || d > MAX_DURATION)
        throw fieldError('duration', 'meeting.duration_range');
      const video = await videoServiceOf(trx, meeting.region_id);
      const place = checkPlace(form.placeKind, form.address, form.remoteUrl, video);
      if (!place.ok) throw fieldError(place.field, place.code, { prefix: video ?? '' });
      const patch = {
        place_kind: place.place.kind,
        place_address: place.place.kind === 'address' ? place.place.address : null,
        remote_url: place.place.kind === 'remote' ? place.place.remoteUrl : null,
        duration_minutes: d,
        ...(meeting.starts_at ? { ends_at: new Date(meeting.starts_at.getTime() + d * 60_000) } : {}),
      };
      if (action === 'reschedule') {
        const updated = { ...meeting, ...patch, ical_sequence: meeting.ical_sequence + 1 };
        await change(trx, meeting, { ...patch, ical_sequence: updated.ical_sequence }, now);
        const count = await invite(trx, deps, updated, await participantsOf(trx, id), now, true);
        await event(trx, id, actor, 'updated', now, {
          sequence: updated.ical_sequence,
          invited: count,
          what: 'place',
        });
        return { rescheduled: true };
      }
      await change(trx, meeting, patch, now);
      await event(trx, id, actor, 'place_set', now, { placeKind: place.place.kind });
      return { rescheduled: false };
    },
    { now },
  );
}

/**
 * Proposes the times (3–6, in the future, as datetime-local values in Helsinki time) and opens
 * the poll: the old times and their answers go, everyone with an e-mail gets the poll's mail.
 * From a locked time this goes back to the poll.
 */
export async function proposeTimes(
  deps: MeetingsDeps,
  actor: StaffActor,
  id: string,
  values: readonly string[],
  version?: number,
) {
  const now = clock(deps);
  await organiserStep(deps, actor, id, 'propose', version, now, async (trx, meeting) => {
    const checked = checkSlots(values, meeting.duration_minutes, now);
    if (!checked.ok) {
      const first = checked.problems[0];
      throw new AppError(
        first?.code ?? 'meeting.slots_count',
        400,
        {},
        checked.problems.map((p) => ({ field: p.field, code: p.code })),
      );
    }
    await change(
      trx,
      meeting,
      { state: 'proposed', locked_slot_id: null, starts_at: null, ends_at: null },
      now,
    );
    await replaceSlots(
      trx,
      id,
      checked.starts.map((s) => ({
        id: randomUUID(),
        startsAt: s,
        endsAt: new Date(s.getTime() + meeting.duration_minutes * 60_000),
      })),
    );
    const mail = await mailMeeting(trx, deps, meeting);
    for (const p of await participantsOf(trx, id))
      await mailTo(trx, deps, 'meeting.poll', mail, meeting, p, now);
    await event(trx, id, actor, 'proposed', now, { slots: checked.starts.length });
  });
}

/** Locks one of the proposed times (the place must be set first). */
export async function lockTime(
  deps: MeetingsDeps,
  actor: StaffActor,
  id: string,
  slotId: string,
  version?: number,
) {
  const now = clock(deps);
  await organiserStep(deps, actor, id, 'lock', version, now, async (trx, meeting) => {
    const slot = (await slotsOf(trx, id)).find((s) => s.id === slotId);
    if (!slot) throw fieldError('slot', 'meeting.slot_invalid');
    if (slot.starts_at.getTime() <= now.getTime()) throw fieldError('slot', 'meeting.slot_past');
    if (meeting.place_kind === null) throw new AppError('meeting.place_missing', 409);
    await change(
      trx,
      meeting,
      {
        state: 'time_locked',
        locked_slot_id: slot.id,
        starts_at: slot.starts_at,
        ends_at: new Date(slot.starts_at.getTime() + meeting.duration_minutes * 60_000),
      },
      now,
    );
    await event(trx, id, actor, 'locked', now, { slotId });
  });
}

/** Sends the calendar invitations: each participant with an e-mail gets their own REQUEST. */
export async function sendInvitations(deps: MeetingsDeps, actor: StaffActor, id: string, version?: number) {
  const now = clock(deps);
  return organiserStep(deps, actor, id, 'invite', version, now, async (trx, meeting) => {
    if (!meeting.starts_at || meeting.starts_at.getTime() <= now.getTime())
      throw new AppError('meeting.slot_past', 409);
    const participants = await participantsOf(trx, id);
    if (!participants.some((p) => p.email)) throw new AppError('meeting.no_invitees', 409);
    await change(trx, meeting, { state: 'invited' }, now);
    const count = await invite(trx, deps, meeting, participants, now, false);
    await event(trx, id, actor, 'invited', now, { sequence: meeting.ical_sequence, invited: count });
    return { invited: count };
  });
}

/** Moves the meeting after the invitations: a new REQUEST (SEQUENCE + 1), the answers reset. */
export async function rescheduleMeeting(
  deps: MeetingsDeps,
  actor: StaffActor,
  id: string,
  startValue: string,
  version?: number,
) {
  const now = clock(deps);
  await organiserStep(deps, actor, id, 'reschedule', version, now, async (trx, meeting) => {
    const start = helsinkiInstant(startValue);
    if (!(start instanceof Date)) throw fieldError('start', 'meeting.slot_invalid');
    if (start.getTime() <= now.getTime()) throw fieldError('start', 'meeting.slot_past');
    if (meeting.starts_at && start.getTime() === meeting.starts_at.getTime())
      throw fieldError('start', 'meeting.same_time');
    const updated = {
      ...meeting,
      starts_at: start,
      ends_at: new Date(start.getTime() + meeting.duration_minutes * 60_000),
      ical_sequence: meeting.ical_sequence + 1,
    };
    await change(
      trx,
      meeting,
      { starts_at: updated.starts_at, ends_at: updated.ends_at, ical_sequence: updated.ical_sequence },
      now,
    );
    await resetPartstats(trx, id);
    const count = await invite(trx, deps, updated, await participantsOf(trx, id), now, true);
    await event(trx, id, actor, 'updated', now, {
      sequence: updated.ical_sequence,
      invited: count,
      what: 'time',
    });
  });
}

/**
 * Cancels the meeting. Those invited get a CANCEL (SEQUENCE + 1); the reason is kept in the
 * meeting (the family's record), never in the mail.
 */
export async function cancelMeeting(
  deps: MeetingsDeps,
  actor: StaffActor,
  id: string,
  reason: string,
  version?: number,
) {
  const now = clock(deps);
  const why = reason.trim();
  if (why.length > 1000) throw fieldError('reason', 'meeting.reason_too_long');
  // a NUL PostgreSQL cannot keep, or another control character: no 500, the field says it
  if (hasForbiddenCharacters(why, { multiLine: true }))
    throw fieldError('reason', 'request.control_characters');
  await organiserStep(deps, actor, id, 'cancel', version, now, async (trx, meeting) => {
    const wasInvited = meeting.state === 'invited';
    const sequence = wasInvited ? meeting.ical_sequence + 1 : meeting.ical_sequence;
    await change(
      trx,
      meeting,
      { state: 'cancelled', cancel_reason: why === '' ? null : why, ical_sequence: sequence },
      now,
    );
    let count = 0;
    if (wasInvited) {
      const mail = await mailMeeting(trx, deps, { ...meeting, ical_sequence: sequence });
      for (const p of await participantsOf(trx, id)) {
        if (p.invited_sequence === null || !p.email) continue;
        await mailTo(trx, deps, 'meeting.cancellation', mail, meeting, p, now);
        count += 1;
      }
    }
    await event(trx, id, actor, 'cancelled', now, { cancelled: count });
  });
}

export type { MeetingVoteAnswer };
