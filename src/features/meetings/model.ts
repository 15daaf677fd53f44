/**
 * The rules of a "Yhdessä aika" meeting, pure (no database, no clock): its state machine, and
 * finding the common time from the participants' answers to the proposed times.
 *
 * States (one column, migration 0016):
 *   requested   the family asked from its status page; no organiser yet
 *   proposed    an organiser has it: participants are added, 3–6 times proposed, the poll is open
 *   time_locked the organiser chose one of the times; invitations not yet sent
 *   invited     the calendar invitations are out (a change sends a new REQUEST, SEQUENCE + 1)
 *   held        the meeting took place: agenda, agreements and follow-up date recorded
 *   followed_up the follow-up was done
 *   cancelled   from any state before held (a CANCEL goes to those invited)
 */
import type { MeetingState, MeetingVoteAnswer } from '../../platform/db/types.ts';

export type MeetingAction =
  /** a counsellor takes the family's request as its organiser */
  | 'organise'
  /** the organiser proposes (or replaces) the times and opens the poll */
  | 'propose'
  /** participants are added or removed; the place and duration are set */
  | 'edit'
  /** a participant answers the poll */
  | 'vote'
  /** the organiser chooses the time */
  | 'lock'
  /** the invitations go out */
  | 'invite'
  /** the time or place changes after the invitations (a new REQUEST, SEQUENCE + 1) */
  | 'reschedule'
  /** a participant accepts, declines or tentatively accepts the invitation */
  | 'reply'
  /** the agenda, agreements and follow-up date are recorded: the meeting was held */
  | 'record'
  /** the follow-up is done */
  | 'follow_up'
  | 'cancel';

/** From each state, the actions allowed and the state they lead to. */
const TRANSITIONS: Record<MeetingState, Partial<Record<MeetingAction, MeetingState>>> = {
  requested: { organise: 'proposed', cancel: 'cancelled' },
  proposed: {
    propose: 'proposed',
    edit: 'proposed',
    vote: 'proposed',
    lock: 'time_locked',
    cancel: 'cancelled',
  },
  time_locked: {
    edit: 'time_locked',
    // back to the poll: the organiser proposes new times before anyone is invited
    propose: 'proposed',
    lock: 'time_locked',
    invite: 'invited',
    cancel: 'cancelled',
  },
  invited: {
    edit: 'invited',
    reschedule: 'invited',
    reply: 'invited',
    record: 'held',
    cancel: 'cancelled',
  },
  // a correction of the notes is a new version of the record entry, the state stays
  held: { record: 'held', follow_up: 'followed_up' },
  followed_up: {},
  cancelled: {},
};

/** The state an action leads to, or null when it is not allowed from this state. */
export function nextState(state: MeetingState, action: MeetingAction): MeetingState | null {
  return TRANSITIONS[state][action] ?? null;
}

export function mayDo(state: MeetingState, action: MeetingAction): boolean {
  return nextState(state, action) !== null;
}

/** Every action, for tests and the docs. */
export const MEETING_ACTIONS: readonly MeetingAction[] = [
  'organise',
  'propose',
  'edit',
  'vote',
  'lock',
  'invite',
  'reschedule',
  'reply',
  'record',
  'follow_up',
  'cancel',
];

export const MEETING_STATES: readonly MeetingState[] = [
  'requested',
  'proposed',
  'time_locked',
  'invited',
  'held',
  'followed_up',
  'cancelled',
];

/** States in which the meeting is still ahead (shown to participants, counted as open). */
export const OPEN_STATES: readonly MeetingState[] = ['requested', 'proposed', 'time_locked', 'invited'];

/** How many times an organiser proposes. */
export const MIN_SLOTS = 3;
export const MAX_SLOTS = 6;

export interface SlotTally {
  slotId: string;
  startsAt: Date;
  yes: number;
  ifNeedBe: number;
  no: number;
  /** participants who have not answered this time */
  unanswered: number;
  /** everyone answered yes or if need be */
  everyoneCan: boolean;
}

/**
 * The common time: each proposed time tallied, and the best one — the time the most
 * participants can come to (yes or if need be) with the fewest "no"s, then the most plain
 * "yes"es, then the earliest. `answers` are the active participants' answers; a participant
 * with no answer for a time counts as unanswered, not as no.
 */
export function commonTime(
  slots: readonly { id: string; startsAt: Date }[],
  participantIds: readonly string[],
  answers: readonly { participantId: string; slotId: string; answer: MeetingVoteAnswer }[],
): { tallies: SlotTally[]; best: string | null } {
  const active = new Set(participantIds);
  const bySlot = new Map<string, SlotTally>();
  for (const slot of slots)
    bySlot.set(slot.id, {
      slotId: slot.id,
      startsAt: slot.startsAt,
      yes: 0,
      ifNeedBe: 0,
      no: 0,
      unanswered: active.size,
      everyoneCan: false,
    });
  for (const a of answers) {
    const tally = bySlot.get(a.slotId);
    if (!tally || !active.has(a.participantId)) continue;
    tally.unanswered -= 1;
    if (a.answer === 'yes') tally.yes += 1;
    else if (a.answer === 'if_need_be') tally.ifNeedBe += 1;
    else tally.no += 1;
  }
  const tallies = [...bySlot.values()];
  for (const t of tallies) t.everyoneCan = active.size > 0 && t.yes + t.ifNeedBe === active.size;
  const ranked = [...tallies].sort(
    (a, b) =>
      b.yes + b.ifNeedBe - (a.yes + a.ifNeedBe) ||
      a.no - b.no ||
      b.yes - a.yes ||
      a.startsAt.getTime() - b.startsAt.getTime(),
  );
  const top = ranked[0];
  return { tallies, best: top && top.yes + top.ifNeedBe > 0 ? top.slotId : null };
}
