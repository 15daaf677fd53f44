/**
 * Calendar replies by e-mail (METHOD:REPLY to the organiser address, read by the platform's
 * inbound listener, platform/inbound-mail.ts): the meeting by its UID, the participant by the
 * attendee's address — one still in the meeting and invited — and their PARTSTAT set through
 * the door as the system ('calendar reply'), with an event. Ignored, changing nothing: an
 * unknown UID, an address that is not such a participant, a reply whose mail came from another
 * address than the attendee's (mail can be forged), a reply to an older invitation than the
 * participant's last (SEQUENCE), and a meeting no longer waiting for answers.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { type SystemActor, withAccess } from '../../platform/access/door.ts';
import type { CalendarReply, CalendarReplyHandler } from '../../platform/calendar.ts';
import type { DB } from '../../platform/db/types.ts';
import { AppError } from '../../platform/errors.ts';
import { mayDo } from './model.ts';
import { meetingRef } from './policy.ts';
import {
  insertMeetingEvent,
  meetingById,
  meetingByUid,
  participantsOf,
  setPartstat,
} from './queries/core.ts';

export type ReplyOutcome =
  | 'recorded'
  | 'unknown_meeting'
  | 'unknown_attendee'
  | 'sender_mismatch'
  | 'old_sequence'
  | 'not_open';

/** Records one reply; says what it did (the listener logs it, tests read it). */
export async function recordCalendarReply(
  db: Kysely<DB>,
  reply: CalendarReply,
  now: Date = new Date(),
): Promise<ReplyOutcome> {
  const found = await meetingByUid(db, reply.uid);
  if (!found) return 'unknown_meeting';
  const actor: SystemActor = { kind: 'system', name: 'calendar reply', regionId: found.regionId };
  try {
    return await withAccess(
      db,
      actor,
      'update',
      meetingRef(found.id),
      async (trx): Promise<ReplyOutcome> => {
        const meeting = await meetingById(trx, found.id);
        if (!meeting || !mayDo(meeting.state, 'reply')) return 'not_open';
        const attendee = reply.attendee.trim().toLowerCase();
        const participant = (await participantsOf(trx, found.id)).find(
          (p) => p.email === attendee && p.invited_sequence !== null,
        );
        if (!participant || participant.invited_sequence === null) return 'unknown_attendee';
        if (reply.sender && reply.sender.trim().toLowerCase() !== attendee) return 'sender_mismatch';
        if (reply.sequence < participant.invited_sequence) return 'old_sequence';
        await setPartstat(trx, participant.id, reply.partstat, now);
        await insertMeetingEvent(trx, {
          id: randomUUID(),
          meeting_id: found.id,
          at: now,
          kind: 'replied',
          actor_kind: 'system',
          staff_user_id: null,
          participant_id: participant.id,
          detail: JSON.stringify({
            partstat: reply.partstat,
            via: 'email',
            sequence: reply.sequence,
          }) as never,
        });
        return 'recorded';
      },
      { now },
    );
  } catch (error) {
    // the door refused (not found): nothing to record
    if (error instanceof AppError && error.status === 404) return 'unknown_meeting';
    throw error;
  }
}

/** The handler the lead wires to the inbound listener (platform/inbound-mail.ts). */
export function meetingReplyHandler(
  db: Kysely<DB>,
  now: () => Date = () => new Date(),
): CalendarReplyHandler {
  return async (reply) => {
    await recordCalendarReply(db, reply, now());
  };
}
