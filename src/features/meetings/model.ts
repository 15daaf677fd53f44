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

// ---------------------------------------------------------------- times and places (pure)

/** A proposed time's and a meeting's length, in minutes (the table's check). */
export const MIN_DURATION = 15;
export const MAX_DURATION = 480;
/** A participant's private link stops working this long after the meeting ended. */
export const LINK_DAYS_AFTER = 30;

const LOCAL_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;
const HELSINKI_PARTS = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Helsinki',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** An instant as a datetime-local field shows it in Helsinki: "2026-11-26T09:00". */
export function helsinkiLocal(instant: Date): string {
  const parts = HELSINKI_PARTS.formatToParts(instant);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}`;
}

/**
 * A datetime-local value ("2026-11-26T09:00", Helsinki wall clock) as an instant. 'invalid':
 * not such a value (or 30 February); 'missing': a wall-clock time that does not exist (the
 * hour skipped when summer time begins). The repeated hour in October is the later instant.
 */
export function helsinkiInstant(value: string): Date | 'invalid' | 'missing' {
  const m = LOCAL_PATTERN.exec(value.trim());
  if (!m) return 'invalid';
  const [year, month, day, hour, minute] = m.slice(1).map(Number) as [number, number, number, number, number];
  if (hour > 23 || minute > 59 || month < 1 || month > 12) return 'invalid';
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  const check = new Date(asUtc);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return 'invalid';
  // Helsinki is UTC+2 or UTC+3: the candidates whose Helsinki clock reads the value
  const wanted = value.trim();
  const matches = [3, 2]
    .map((h) => new Date(asUtc - h * 3_600_000))
    .filter((d) => helsinkiLocal(d) === wanted);
  if (matches.length === 0) return 'missing';
  return matches[matches.length - 1] as Date;
}

/** A problem of a proposed set of times: the field ('start<n>', or 'starts') and its code. */
export interface SlotProblem {
  field: string;
  code:
    | 'meeting.slots_count'
    | 'meeting.slot_invalid'
    | 'meeting.slot_past'
    | 'meeting.slot_duplicate'
    | 'meeting.duration_range';
}

/**
 * The organiser's times as typed (empty fields left out): 3–6 of them, each a real Helsinki
 * time in the future and none twice, with a duration of 15–480 minutes. The fields are named
 * start1…start6 as on the page.
 */
export function checkSlots(
  values: readonly string[],
  durationMinutes: number,
  now: Date,
): { ok: true; starts: Date[] } | { ok: false; problems: SlotProblem[] } {
  const problems: SlotProblem[] = [];
  if (!Number.isInteger(durationMinutes) || durationMinutes < MIN_DURATION || durationMinutes > MAX_DURATION)
    problems.push({ field: 'duration', code: 'meeting.duration_range' });
  const starts: Date[] = [];
  const seen = new Set<number>();
  values.forEach((value, i) => {
    if (value.trim() === '') return;
    const field = `start${i + 1}`;
    const at = helsinkiInstant(value);
    if (!(at instanceof Date)) problems.push({ field, code: 'meeting.slot_invalid' });
    else if (at.getTime() <= now.getTime()) problems.push({ field, code: 'meeting.slot_past' });
    else if (seen.has(at.getTime())) problems.push({ field, code: 'meeting.slot_duplicate' });
    else {
      seen.add(at.getTime());
      starts.push(at);
    }
  });
  const given = values.filter((v) => v.trim() !== '').length;
  if (given < MIN_SLOTS || given > MAX_SLOTS) problems.push({ field: 'starts', code: 'meeting.slots_count' });
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, starts: starts.sort((a, b) => a.getTime() - b.getTime()) };
}

// C0/C1 controls and the bidirectional formatting characters (Trojan Source)
// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to find them
const UNSAFE_TEXT = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

export type PlaceInput = { kind: 'address'; address: string } | { kind: 'remote'; remoteUrl: string };

/**
 * The meeting's place: a street address (free text, one line, at most 300 characters, no
 * control or bidi characters) or a remote link that starts with the region's video service
 * (none: only addresses). A link that carries anything after the service's address is still
 * the service's: the organiser is told not to put the family's data in it.
 */
export function checkPlace(
  kind: string,
  address: string,
  remoteUrl: string,
  videoServiceUrl: string | null,
):
  | { ok: true; place: PlaceInput }
  | {
      ok: false;
      field: string;
      code:
        | 'meeting.place_required'
        | 'meeting.address_invalid'
        | 'meeting.remote_url_invalid'
        | 'meeting.no_video_service';
    } {
  if (kind === 'address') {
    const a = address.trim();
    if (a === '' || a.length > 300 || UNSAFE_TEXT.test(a))
      return { ok: false, field: 'address', code: 'meeting.address_invalid' };
    return { ok: true, place: { kind: 'address', address: a } };
  }
  if (kind === 'remote') {
    if (videoServiceUrl === null) return { ok: false, field: 'placeKind', code: 'meeting.no_video_service' };
    const url = remoteUrl.trim();
    let parsed: URL | null = null;
    try {
      parsed = new URL(url);
    } catch {
      parsed = null;
    }
    const ok =
      parsed !== null &&
      url.length <= 500 &&
      !UNSAFE_TEXT.test(url) &&
      !/\s/.test(url) &&
      parsed.protocol === 'https:' &&
      parsed.username === '' &&
      parsed.password === '' &&
      url.startsWith(videoServiceUrl);
    return ok
      ? { ok: true, place: { kind: 'remote', remoteUrl: url } }
      : { ok: false, field: 'remoteUrl', code: 'meeting.remote_url_invalid' };
  }
  return { ok: false, field: 'placeKind', code: 'meeting.place_required' };
}

/**
 * Whether a participant's private link still opens the meeting: not after it was cancelled,
 * nor 30 days after it ended (or after its last proposed time, when none was chosen).
 */
export function linkExpired(
  state: MeetingState,
  endsAt: Date | null,
  lastSlotEndsAt: Date | null,
  now: Date,
): boolean {
  if (state === 'cancelled') return true;
  const end = endsAt ?? lastSlotEndsAt;
  return end !== null && now.getTime() > end.getTime() + LINK_DAYS_AFTER * 86_400_000;
}
