/**
 * The family's side of "Yhdessä aika" (issue 12), with the contact's private status link: it
 * asks for a meeting from its status page, and follows its meetings there — the request
 * waiting for an organiser, its own poll link, the time and place agreed (with a calendar file
 * of its own), and after the meeting the agenda, the agreements and the follow-up date. Every
 * read and write goes through the door as the status-link holder (the meetings policy lets
 * the holder read its contact's meetings, ask for one, and answer for the family's
 * participant). Nothing of the other participants is shown: no names of their e-mails.
 */
import { randomUUID } from 'node:crypto';
import ical from 'ical-generator';
import type { Kysely } from 'kysely';
import { type Lang, translations } from '../../i18n/index.ts';
import { type StatusLinkHolder, withAccess } from '../../platform/access/door.ts';
import type { DB, LocalizedText, MeetingState } from '../../platform/db/types.ts';
import { isEmailAddress } from '../../platform/email.ts';
import { AppError, type FieldProblem } from '../../platform/errors.ts';
import { hasForbiddenCharacters } from '../../platform/text.ts';
import { statusHolder } from '../contacts/index.ts';
import { OPEN_STATES } from './model.ts';
import { meetingListRef, meetingRef, newMeetingRef } from './policy.ts';
import { familyPollToken, pollTokenHash } from './poll.ts';
import {
  contactClosed,
  type FamilyMeetingRow,
  familyMeetingView,
  insertFamilyRequest,
  lockContactForRequest,
  meetingById,
  meetingIdsOfContact,
  openMeetingOfContact,
} from './queries/family.ts';

export interface FamilyMeetingDeps {
  db: Kysely<DB>;
  now?: () => Date;
}

const nowOf = (deps: FamilyMeetingDeps) => deps.now?.() ?? new Date();

/** How many of a contact's meetings the status page lists (newest first). */
export const FAMILY_MEETINGS_LIMIT = 10;

/** The longest texts of the family's request. */
export const REQUEST_LIMITS = { topic: 2000, who: 500 } as const;

/** The holder of a status link, or "not found" (a wrong token looks like a missing page). */
async function holderOf(db: Kysely<DB>, token: string): Promise<StatusLinkHolder> {
  const holder = await statusHolder(db, token);
  if (!holder) throw new AppError('meeting.not_found', 404);
  return holder;
}

// ---------------------------------------------------------------- the request

export interface FamilyRequestInput {
  /** the form's id: a retried post is the same meeting */
  requestId: string;
  topic: string;
  who: string;
  email: string;
}

/** The request's fields checked; every problem at once, beside its field. */
export function requestProblems(input: FamilyRequestInput): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const text = (field: 'topic' | 'who', value: string) => {
    if (value.length > REQUEST_LIMITS[field])
      problems.push({ field, code: 'request.too_long', params: { max: REQUEST_LIMITS[field] } });
    else if (hasForbiddenCharacters(value, { multiLine: field === 'topic' }))
      problems.push({ field, code: 'request.control_characters' });
  };
  text('topic', input.topic);
  text('who', input.who);
  const email = input.email.trim();
  if (email && !isEmailAddress(email)) problems.push({ field: 'email', code: 'meeting.email_invalid' });
  return problems;
}

/**
 * The family asks for a Yhdessä aika: a meeting in state 'requested' (no organiser yet) with
 * the family as its participant, which the region's counsellors see among the requests.
 * Not when the contact is closed, nor when a request or meeting of it is still open (409,
 * nothing changed); a retried post of the same form creates nothing twice.
 */
export async function requestMeeting(
  deps: FamilyMeetingDeps,
  token: string,
  input: FamilyRequestInput,
  lang: Lang,
): Promise<{ created: boolean; meetingId: string }> {
  const problems = requestProblems(input);
  if (problems.length > 0) throw new AppError('request.invalid', 400, {}, problems);
  const holder = await holderOf(deps.db, token);
  const at = nowOf(deps);
  const meetingId = input.requestId;
  return withAccess(
    deps.db,
    holder,
    'create',
    newMeetingRef(meetingId, holder.contactId),
    async (trx) => {
      const contact = await lockContactForRequest(trx, holder.contactId);
      if (!contact) throw new AppError('meeting.not_found', 404);
      const earlier = await meetingById(trx, meetingId);
      if (earlier) {
        // the same form posted again: the meeting it made; another contact's id: not found
        if (earlier.contact_id !== holder.contactId) throw new AppError('meeting.not_found', 404);
        return { created: false, meetingId };
      }
      if (contact.state === 'closed') throw new AppError('meeting.request_contact_closed', 409);
      if (await openMeetingOfContact(trx, holder.contactId, OPEN_STATES))
        throw new AppError('meeting.request_already_open', 409);
      const participantId = randomUUID();
      const t = translations(lang).meetingsFamily;
      const topic = input.topic.trim();
      const who = input.who.trim();
      const requestText = [topic, who ? `${t.request.whoPrefix}${who}` : ''].filter(Boolean).join('\n\n');
      await insertFamilyRequest(trx, {
        meetingId,
        participantId,
        regionId: contact.region_id,
        contactId: contact.id,
        registryOrganizationId: contact.registry_organization_id,
        requestText: requestText || null,
        icalUid: `${meetingId}@perheverkko`,
        familyName:
          contact.contact_name?.trim().slice(0, 200) ||
          translations(contact.language).meetingsFamily.panel.familyWho,
        // in lower case, as every participant's: a calendar reply's attendee is compared so
        email: input.email.trim().toLowerCase() || null,
        language: contact.language,
        pollTokenHash: pollTokenHash(familyPollToken(token, participantId)),
        at,
      });
      return { created: true, meetingId };
    },
    { now: at },
  );
}

// ---------------------------------------------------------------- the panel

export interface FamilyAgreement {
  /** the family itself: named in the family's words, not as the organiser wrote it */
  family: boolean;
  who: string;
  what: string;
  /** YYYY-MM-DD */
  by: string | null;
}

export interface FamilyMeeting {
  id: string;
  state: MeetingState;
  requestText: string | null;
  organizer: { name: string; organization: LocalizedText | null } | null;
  startsAt: Date | null;
  endsAt: Date | null;
  place: { kind: 'address'; address: string } | { kind: 'remote'; url: string } | null;
  /** the family's own poll link's token: the poll while it is open, the answer to the invitation */
  pollToken: string | null;
  /** a calendar file of its own, once the time is agreed and the meeting is ahead */
  calendar: boolean;
  notes: { agenda: string; agreements: FamilyAgreement[]; followUpOn: string | null } | null;
  followUpOn: string | null;
  followedUpAt: Date | null;
}

const AHEAD: readonly MeetingState[] = ['time_locked', 'invited'];

function familyMeeting(row: FamilyMeetingRow, token: string): FamilyMeeting {
  const place =
    row.placeKind === 'address' && row.placeAddress
      ? { kind: 'address' as const, address: row.placeAddress }
      : row.placeKind === 'remote' && row.remoteUrl
        ? { kind: 'remote' as const, url: row.remoteUrl }
        : null;
  return {
    id: row.id,
    state: row.state,
    requestText: row.requestText,
    organizer: row.organizerName ? { name: row.organizerName, organization: row.organizationName } : null,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    place,
    pollToken:
      (row.state === 'proposed' || row.state === 'invited') && row.familyParticipantId
        ? familyPollToken(token, row.familyParticipantId)
        : null,
    calendar: AHEAD.includes(row.state) && row.startsAt !== null,
    notes: notesOf(row.notes),
    followUpOn: row.followUpOn,
    followedUpAt: row.followedUpAt,
  };
}

/** The notes' content as the family reads it (the who, what and by of each agreement). */
export function notesOf(content: Record<string, unknown> | null): FamilyMeeting['notes'] {
  if (!content) return null;
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  const agreements = Array.isArray(content.agreements) ? content.agreements : [];
  return {
    agenda: str(content.agenda),
    agreements: agreements.map((a) => {
      const item = (a ?? {}) as Record<string, unknown>;
      return {
        family: item.whoKind === 'family',
        who: str(item.who),
        what: str(item.what),
        by: str(item.by) || null,
      };
    }),
    followUpOn: str(content.followUpOn) || null,
  };
}

/**
 * The status link's contact's meetings, newest first (one read of the list through the door),
 * and whether the family may ask for a new one now: its contact not closed, none open.
 * null: no such status link.
 */
export async function familyMeetings(
  deps: FamilyMeetingDeps,
  token: string,
): Promise<{ meetings: FamilyMeeting[]; closed: boolean; mayRequest: boolean } | null> {
  const holder = await statusHolder(deps.db, token);
  if (!holder) return null;
  return withAccess(
    deps.db,
    holder,
    'read',
    meetingListRef('contact', holder.contactId),
    async (trx) => {
      const meetings: FamilyMeeting[] = [];
      for (const id of await meetingIdsOfContact(trx, holder.contactId, FAMILY_MEETINGS_LIMIT)) {
        const row = await familyMeetingView(trx, id);
        if (row) meetings.push(familyMeeting(row, token));
      }
      const closed = await contactClosed(trx, holder.contactId);
      const open = meetings.some((m) => OPEN_STATES.includes(m.state));
      return { meetings, closed, mayRequest: !closed && !open };
    },
    { now: nowOf(deps) },
  );
}

// ---------------------------------------------------------------- the calendar file

/**
 * The family's own calendar file of one meeting, once its time is agreed: the meeting's UID and
 * SEQUENCE (so an invitation by e-mail and this file are the same event), no attendees listed.
 * The instants are written in UTC, so the server's own zone cannot shift them.
 */
export async function familyMeetingCalendar(
  deps: FamilyMeetingDeps,
  token: string,
  meetingId: string,
  lang: Lang,
): Promise<string | null> {
  const holder = await holderOf(deps.db, token);
  const row = await withAccess(
    deps.db,
    holder,
    'read',
    meetingRef(meetingId),
    (trx) => familyMeetingView(trx, meetingId),
    { now: nowOf(deps), reason: 'calendar file' },
  );
  if (!row || !AHEAD.includes(row.state) || !row.startsAt || !row.endsAt) return null;
  const meeting = familyMeeting(row, token);
  const t = translations(lang);
  const calendar = ical({
    prodId: { company: 'Perheverkko', product: 'Perheverkko', language: lang.toUpperCase() },
    name: t.site.name,
  });
  const organization = meeting.organizer?.organization;
  calendar.createEvent({
    id: row.icalUid,
    sequence: row.icalSequence,
    stamp: row.updatedAt,
    start: row.startsAt,
    end: row.endsAt,
    summary: t.meetingsFamily.panel.title,
    location: meeting.place?.kind === 'address' ? meeting.place.address : null,
    url: meeting.place?.kind === 'remote' ? meeting.place.url : null,
    description: [
      meeting.place?.kind === 'remote' ? `${t.meetingsFamily.panel.remote}: ${meeting.place.url}` : null,
      meeting.organizer
        ? `${t.meetingsFamily.panel.organizer}: ${meeting.organizer.name}${
            organization ? `, ${organization[lang] || organization.fi}` : ''
          }`
        : null,
    ]
      .filter(Boolean)
      .join('\n'),
  });
  return calendar.toString();
}
