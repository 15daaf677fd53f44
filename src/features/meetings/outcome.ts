/**
 * A meeting's outcome (issue 12): during or after the meeting its organiser — or a counsellor
 * of the contact's team — records the agenda, the agreements (who does what by when) and the
 * follow-up date, as a record entry of the contact (uniform recording: type 'meeting', content
 * {meetingId, agenda, agreements, followUpOn}). The first record marks the meeting held
 * (model.ts 'record': invited → held); a correction is the entry's next version with a reason
 * (entries are never changed in place); 'follow_up' marks it followed up with a short note.
 * Every change goes through the door ('update' of the meeting) with the page's version: a stale
 * page or a state that does not allow it is a coded 409, bad input a coded 400 beside the
 * field, and in either case nothing changed.
 */
import type { Kysely } from 'kysely';
import { withAccess } from '../../platform/access/door.ts';
import type { StaffActor } from '../../platform/auth/actor.ts';
import type { DB, MeetingState } from '../../platform/db/types.ts';
import { AppError, type FieldProblem } from '../../platform/errors.ts';
import { hasForbiddenCharacters } from '../../platform/text.ts';
import { formatFinnishDate, helsinkiDate, helsinkiMinutes } from '../../platform/working-days.ts';
import { mayDo, nextState } from './model.ts';
import { meetingRef } from './policy.ts';
import {
  activeParticipants,
  insertMeetingEvent,
  insertNotesEntry,
  insertNotesVersion,
  lockMeetingForNotes,
  lockNotesEntry,
  meetingForNotes,
  type NotesVersionRow,
  notesVersions,
  type ParticipantRow,
  updateMeetingOutcome,
} from './queries/outcome.ts';

export interface OutcomeDeps {
  db: Kysely<DB>;
  now?: () => Date;
}

const nowOf = (deps: OutcomeDeps) => deps.now?.() ?? new Date();

/** How many agreements the form offers (and the notes may hold). */
export const MAX_AGREEMENTS = 8;
export const NOTES_LIMITS = { agenda: 4000, what: 500, who: 200, reason: 1000, note: 1000 } as const;

/** An agreement row as the form posts it: a participant's id or 'other' with a name typed. */
export interface AgreementInput {
  who: string;
  whoText: string;
  what: string;
  by: string;
}

export interface NotesInput {
  /** the meeting's version the page was made from */
  version: number;
  agenda: string;
  agreements: AgreementInput[];
  followUpOn: string;
  /** a correction's reason (required once the notes exist) */
  reason: string;
}

/** An agreement as the notes keep it: who by name (and their participant, when one). */
export interface Agreement {
  whoParticipantId: string | null;
  whoKind: 'family' | 'staff' | 'external' | 'other';
  who: string;
  what: string;
  /** YYYY-MM-DD, or null */
  by: string | null;
}

export interface NotesContent {
  meetingId: string;
  agenda: string;
  agreements: Agreement[];
  followUpOn: string;
}

/** 26.11.2026, 26.11.26 is not a date; 2026-11-26 (a date field) is. Null: not a real date. */
export function parseDay(text: string): string | null {
  const t = text.trim();
  let y: number;
  let m: number;
  let d: number;
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  const fi = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(t);
  if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (fi) [d, m, y] = [Number(fi[1]), Number(fi[2]), Number(fi[3])];
  else return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 2000 || y > 2999 || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

/** The agreement rows that hold anything (a row left empty is no agreement). */
export const filledAgreements = (rows: readonly AgreementInput[]) =>
  rows.filter((r) => (r.who && r.who !== 'other') || r.whoText.trim() || r.what.trim() || r.by.trim());

function textProblem(
  field: string,
  value: string,
  max: number,
  multiLine: boolean,
  required?: FieldProblem['code'],
): FieldProblem | null {
  if (required && value.trim() === '') return { field, code: required };
  if (value.length > max) return { field, code: 'request.too_long', params: { max } };
  if (hasForbiddenCharacters(value, { multiLine })) return { field, code: 'request.control_characters' };
  return null;
}

/**
 * The notes checked against the meeting: every problem at once, each beside its field (the
 * agreement rows' fields are what-0, who-0, by-0, …), and the content to keep when none.
 */
export function checkNotes(
  input: NotesInput,
  meeting: { id: string; startsAt: Date | null },
  participants: readonly ParticipantRow[],
  correction: boolean,
): { problems: FieldProblem[]; content: NotesContent | null } {
  const problems: FieldProblem[] = [];
  const push = (p: FieldProblem | null) => {
    if (p) problems.push(p);
  };
  push(textProblem('agenda', input.agenda, NOTES_LIMITS.agenda, true, 'meeting.agenda_required'));
  const rows = input.agreements.slice(0, MAX_AGREEMENTS);
  if (
    input.agreements.length > MAX_AGREEMENTS &&
    filledAgreements(input.agreements.slice(MAX_AGREEMENTS)).length
  )
    push({ field: 'agenda', code: 'meeting.agreements_too_many', params: { max: MAX_AGREEMENTS } });
  const agreements: Agreement[] = [];
  rows.forEach((row, i) => {
    if (filledAgreements([row]).length === 0) return;
    const whatProblem = textProblem(
      `what-${i}`,
      row.what,
      NOTES_LIMITS.what,
      true,
      'meeting.agreement_what_required',
    );
    push(whatProblem);
    const participant =
      row.who && row.who !== 'other' ? participants.find((p) => p.id === row.who) : undefined;
    let who: Pick<Agreement, 'whoParticipantId' | 'whoKind' | 'who'> | null = null;
    if (row.who && row.who !== 'other') {
      if (!participant) push({ field: `who-${i}`, code: 'meeting.agreement_who_unknown' });
      else
        who = {
          whoParticipantId: participant.id,
          whoKind: participant.kind,
          who: participant.organizationName
            ? `${participant.name} (${participant.organizationName})`
            : participant.name,
        };
    } else {
      const p = textProblem(
        `who-${i}`,
        row.whoText,
        NOTES_LIMITS.who,
        false,
        'meeting.agreement_who_required',
      );
      push(p);
      if (!p) who = { whoParticipantId: null, whoKind: 'other', who: row.whoText.trim() };
    }
    const by = row.by.trim() ? parseDay(row.by) : null;
    if (row.by.trim() && by === null) push({ field: `by-${i}`, code: 'meeting.agreement_date_invalid' });
    if (who && !whatProblem) agreements.push({ ...who, what: row.what.trim(), by });
  });
  const followUpOn = parseDay(input.followUpOn);
  const meetingDay = meeting.startsAt ? helsinkiDate(meeting.startsAt) : null;
  if (followUpOn === null) push({ field: 'followUpOn', code: 'meeting.follow_up_invalid' });
  else if (meetingDay && followUpOn < meetingDay)
    push({
      field: 'followUpOn',
      code: 'meeting.follow_up_before_meeting',
      params: { date: formatFinnishDate(meetingDay) },
    });
  if (correction)
    push(
      textProblem('reason', input.reason, NOTES_LIMITS.reason, true, 'meeting.correction_reason_required'),
    );
  if (problems.length > 0 || followUpOn === null) return { problems, content: null };
  return {
    problems,
    content: { meetingId: meeting.id, agenda: input.agenda.trim(), agreements, followUpOn },
  };
}

/** "26.11.2026 9.00" in Helsinki (an error message's time, the same in every language). */
export function helsinkiTime(at: Date): string {
  const minutes = helsinkiMinutes(at);
  return `${formatFinnishDate(helsinkiDate(at))} ${Math.floor(minutes / 60)}.${String(minutes % 60).padStart(2, '0')}`;
}

/** The same JSON, whatever the order of its keys (jsonb keeps them in its own order). */
const canonical = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(canonical)
    : value !== null && typeof value === 'object'
      ? Object.fromEntries(
          Object.entries(value as Record<string, unknown>)
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
            .map(([k, v]) => [k, canonical(v)]),
        )
      : value;
const sameContent = (a: unknown, b: unknown) => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));

/**
 * Records the meeting's notes, or corrects them (a new version with its reason). The first
 * record marks the meeting held. A retried post of the same notes changes nothing (the page's
 * version is then stale, but what it asked is already there).
 */
export async function recordNotes(
  deps: OutcomeDeps,
  actor: StaffActor,
  meetingId: string,
  input: NotesInput,
): Promise<{ corrected: boolean; changed: boolean }> {
  const at = nowOf(deps);
  return withAccess(
    deps.db,
    actor,
    'update',
    meetingRef(meetingId),
    async (trx) => {
      const meeting = await lockMeetingForNotes(trx, meetingId);
      if (!meeting) throw new AppError('meeting.not_found', 404);
      const entry = await lockNotesEntry(trx, meetingId);
      const correction = entry !== undefined;
      const startsAt = meeting.starts_at ? new Date(meeting.starts_at) : null;
      // a retried post of the first notes finds them there: no reason asked of it
      const { problems, content } = checkNotes(
        input,
        { id: meetingId, startsAt },
        await activeParticipants(trx, meetingId),
        correction && meeting.version === input.version,
      );
      if (problems.length > 0 || !content) throw new AppError('request.invalid', 400, {}, problems);
      if (meeting.version !== input.version) {
        // the same notes posted again: already there
        const [current] = entry ? (await notesVersions(trx, meetingId)).slice(-1) : [];
        if (current && sameContent(current.content, content))
          return { corrected: correction, changed: false };
        throw new AppError('meeting.notes_stale', 409);
      }
      const to = nextState(meeting.state, 'record');
      if (to === null) throw new AppError('meeting.notes_not_allowed', 409);
      if (startsAt && at < startsAt)
        throw new AppError('meeting.notes_before_meeting', 409, { when: helsinkiTime(startsAt) });
      if (entry) {
        await insertNotesVersion(trx, {
          meetingId,
          version: entry.current_version + 1,
          content: { ...content },
          reason: input.reason.trim(),
          staff: actor,
          at,
        });
      } else {
        await insertNotesEntry(trx, {
          meetingId,
          contactId: meeting.contact_id,
          regionId: meeting.region_id,
          registryOrganizationId: meeting.registry_organization_id,
          content: { ...content },
          staff: actor,
          at,
        });
      }
      const changed = await updateMeetingOutcome(trx, meetingId, input.version, {
        state: to,
        followUpOn: content.followUpOn,
        // a new follow-up date is reminded of again
        resetReminder: meeting.follow_up_on !== content.followUpOn,
        at,
      });
      if (!changed) throw new AppError('meeting.notes_stale', 409);
      const event = (kind: string, detail: Record<string, unknown>) =>
        insertMeetingEvent(trx, {
          meetingId,
          at,
          kind,
          actorKind: 'staff',
          staffUserId: actor.userId,
          detail,
        });
      if (meeting.state !== to) await event('held', { from: meeting.state });
      await event(correction ? 'notes_corrected' : 'notes_recorded', {
        version: correction ? (entry?.current_version ?? 0) + 1 : 1,
        agreements: content.agreements.length,
      });
      return { corrected: correction, changed: true };
    },
    { now: at, reason: 'meeting notes' },
  );
}

/** Marks a held meeting followed up, with a short note (held → followed_up). */
export async function markFollowedUp(
  deps: OutcomeDeps,
  actor: StaffActor,
  meetingId: string,
  input: { version: number; note: string },
): Promise<void> {
  const at = nowOf(deps);
  const problem = textProblem('note', input.note, NOTES_LIMITS.note, true, 'meeting.follow_up_note_required');
  if (problem) throw new AppError('request.invalid', 400, {}, [problem]);
  await withAccess(
    deps.db,
    actor,
    'update',
    meetingRef(meetingId),
    async (trx) => {
      const meeting = await lockMeetingForNotes(trx, meetingId);
      if (!meeting) throw new AppError('meeting.not_found', 404);
      if (!mayDo(meeting.state, 'follow_up')) throw new AppError('meeting.follow_up_not_allowed', 409);
      if (meeting.version !== input.version) throw new AppError('meeting.notes_stale', 409);
      const changed = await updateMeetingOutcome(trx, meetingId, input.version, { state: 'followed_up', at });
      if (!changed) throw new AppError('meeting.notes_stale', 409);
      await insertMeetingEvent(trx, {
        meetingId,
        at,
        kind: 'followed_up',
        actorKind: 'staff',
        staffUserId: actor.userId,
        detail: { note: input.note.trim() },
      });
    },
    { now: at, reason: 'meeting follow-up' },
  );
}

export interface NotesView {
  id: string;
  state: MeetingState;
  version: number;
  startsAt: Date | null;
  endsAt: Date | null;
  followUpOn: string | null;
  remindedAt: Date | null;
  followedUp: { at: Date; note: string } | null;
  participants: ParticipantRow[];
  versions: NotesVersionRow[];
  /** what the page may offer: record (or correct) the notes, mark the follow-up */
  mayRecord: boolean;
  mayFollowUp: boolean;
}

/** What the notes page shows: one read of the meeting through the door. */
export async function notesView(deps: OutcomeDeps, actor: StaffActor, meetingId: string): Promise<NotesView> {
  return withAccess(
    deps.db,
    actor,
    'read',
    meetingRef(meetingId),
    async (trx) => {
      const m = await meetingForNotes(trx, meetingId);
      if (!m) throw new AppError('meeting.not_found', 404);
      const detail = (m.followedUp?.detail ?? {}) as Record<string, unknown>;
      return {
        id: m.id,
        state: m.state,
        version: m.version,
        startsAt: m.starts_at ? new Date(m.starts_at) : null,
        endsAt: m.ends_at ? new Date(m.ends_at) : null,
        followUpOn: m.follow_up_on,
        remindedAt: m.follow_up_reminded_at ? new Date(m.follow_up_reminded_at) : null,
        followedUp: m.followedUp
          ? { at: new Date(m.followedUp.at), note: typeof detail.note === 'string' ? detail.note : '' }
          : null,
        participants: await activeParticipants(trx, meetingId),
        versions: await notesVersions(trx, meetingId),
        mayRecord: mayDo(m.state, 'record'),
        mayFollowUp: mayDo(m.state, 'follow_up'),
      };
    },
    { now: nowOf(deps) },
  );
}
