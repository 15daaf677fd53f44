import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import ical, {
  ICalAttendeeRole,
  ICalAttendeeStatus,
  type ICalCalendar,
  ICalCalendarMethod,
  ICalEventStatus,
} from 'ical-generator';
import { DateTime } from 'luxon';
import nodeIcal from 'node-ical';

/**
 * Calendar invitations (iCalendar, RFC 5545 with the iTIP methods of RFC 5546): a meeting
 * goes out as METHOD:REQUEST, a change as a new REQUEST with the same UID and a higher
 * SEQUENCE, a cancellation as METHOD:CANCEL; a calendar client answers with METHOD:REPLY.
 *
 * Times are instants (Date, UTC) and are written as Europe/Helsinki wall-clock time with
 * TZID and a VTIMEZONE, through a zoned Luxon DateTime: ical-generator formats a plain Date
 * with the server's own clock when a timezone is set, so a server on UTC would send a
 * meeting 2–3 hours off. The timezone is set on the event, not on the calendar (a calendar
 * timezone would also drop the Z from DTSTAMP), and the VTIMEZONE is only the component
 * (a whole embedded VCALENDAR breaks ical.js). See docs/decisions/0011-calendar-invitations.md.
 */

export const CALENDAR_TIMEZONE = 'Europe/Helsinki';
const PRODUCT_ID = '//Perheverkko//Perheverkko//FI';

export type PartStat = 'ACCEPTED' | 'TENTATIVE' | 'DECLINED' | 'NEEDS-ACTION';
const PARTSTATS: readonly PartStat[] = ['ACCEPTED', 'TENTATIVE', 'DECLINED', 'NEEDS-ACTION'];

export interface CalendarPerson {
  name?: string | null;
  email: string;
}

export interface InvitationInput {
  method: 'REQUEST' | 'CANCEL';
  /** stable per meeting, e.g. `${meetingId}@perheverkko` */
  uid: string;
  /** 0 first, +1 on every change (a cancellation too) */
  sequence: number;
  /** DTSTAMP: when this version was made (now) */
  stamp: Date;
  /** instants; written as Europe/Helsinki local time with TZID + VTIMEZONE */
  start: Date;
  end: Date;
  /** texts already translated; control and bidi characters are taken out */
  summary: string;
  description: string;
  location?: string | null;
  url?: string | null;
  organizer: { name: string; email: string };
  /** only the recipient's own view decides who is listed */
  attendees: CalendarPerson[];
}

export interface ReplyInput {
  uid: string;
  sequence: number;
  stamp: Date;
  start: Date;
  end: Date;
  summary?: string;
  organizer: { name: string; email: string };
  /** the one who answers */
  attendee: CalendarPerson;
  partstat: PartStat;
}

/** One answer read from a METHOD:REPLY calendar: the attendee's address is lowercased. */
export interface CalendarReply {
  uid: string;
  sequence: number;
  attendee: string;
  partstat: PartStat;
  /**
   * The From address of the mail it came in (lowercased), set by platform/inbound-mail.ts.
   * Mail can be forged: a handler records an answer only for an attendee of that UID, and may
   * refuse one whose sender is not the attendee.
   */
  sender?: string | null;
}

/** What the application does with a reply (the meetings feature provides it). */
export type CalendarReplyHandler = (reply: CalendarReply) => Promise<void>;

export class CalendarError extends Error {
  constructor(
    public readonly code: 'calendar.invalid_time' | 'calendar.invalid_address' | 'calendar.invalid_uid',
    message: string,
  ) {
    super(message);
    this.name = 'CalendarError';
  }
}

/** An invitation or a cancellation: one VCALENDAR with one VEVENT, CRLF lines, folded. */
export function buildInvitation(input: InvitationInput): string {
  const calendar = newCalendar(
    input.method === 'CANCEL' ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
  );
  const { start, end } = zonedTimes(input.start, input.end);
  calendar.createEvent({
    id: checkedUid(input.uid),
    sequence: checkedSequence(input.sequence),
    stamp: checkedInstant(input.stamp),
    start,
    end,
    timezone: CALENDAR_TIMEZONE,
    summary: cleanText(input.summary),
    description: cleanText(input.description),
    location: optionalText(input.location),
    url: optionalUrl(input.url),
    organizer: {
      name: cleanName(input.organizer.name, input.organizer.email),
      email: checkedEmail(input.organizer.email),
    },
    attendees: input.attendees.map((person) => ({
      name: cleanName(person.name, person.email),
      email: checkedEmail(person.email),
      role: ICalAttendeeRole.REQ,
      status: ICalAttendeeStatus.NEEDSACTION,
      rsvp: true,
    })),
    status: input.method === 'CANCEL' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
  });
  return calendar.toString();
}

/** What a calendar client sends back to the organiser (METHOD:REPLY, one ATTENDEE); for tests and tools. */
export function buildReply(input: ReplyInput): string {
  const calendar = newCalendar(ICalCalendarMethod.REPLY);
  const { start, end } = zonedTimes(input.start, input.end);
  calendar.createEvent({
    id: checkedUid(input.uid),
    sequence: checkedSequence(input.sequence),
    stamp: checkedInstant(input.stamp),
    start,
    end,
    timezone: CALENDAR_TIMEZONE,
    summary: cleanText(input.summary ?? ''),
    organizer: {
      name: cleanName(input.organizer.name, input.organizer.email),
      email: checkedEmail(input.organizer.email),
    },
    attendees: [
      {
        name: cleanName(input.attendee.name, input.attendee.email),
        email: checkedEmail(input.attendee.email),
        status: input.partstat as ICalAttendeeStatus,
      },
    ],
  });
  return calendar.toString();
}

/**
 * The answers in a METHOD:REPLY calendar (one per VEVENT and ATTENDEE). Anything else — another
 * method, junk, a reply without UID or with an unknown PARTSTAT — gives no answer; never throws.
 */
export function parseCalendarReplies(ics: string): CalendarReply[] {
  if (typeof ics !== 'string' || ics.length === 0 || ics.length > MAX_ICS_CHARS) return [];
  let parsed: nodeIcal.CalendarResponse;
  try {
    parsed = nodeIcal.sync.parseICS(ics);
  } catch {
    return [];
  }
  if (!parsed || typeof parsed !== 'object') return [];
  const calendarMethod = methodOf(parsed.vcalendar?.method);
  const replies: CalendarReply[] = [];
  for (const [key, component] of Object.entries(parsed)) {
    if (key === 'vcalendar' || !component || typeof component !== 'object') continue;
    const event = component as Partial<nodeIcal.VEvent> & { type?: string };
    if (event.type !== 'VEVENT') continue;
    const method = calendarMethod ?? methodOf(event.method);
    if (method !== 'REPLY') continue;
    const uid = typeof event.uid === 'string' ? event.uid.trim() : '';
    if (!uid || uid.length > 255) continue;
    const sequence = sequenceOf(event.sequence);
    if (sequence === null) continue;
    const attendees =
      event.attendee === undefined ? [] : Array.isArray(event.attendee) ? event.attendee : [event.attendee];
    for (const attendee of attendees) {
      const answer = attendeeAnswer(attendee);
      if (answer) replies.push({ uid, sequence, ...answer });
    }
  }
  return replies;
}

/** A reply larger than this is not a reply. */
const MAX_ICS_CHARS = 256 * 1024;

function newCalendar(method: ICalCalendarMethod): ICalCalendar {
  // the generator writes the VTIMEZONE of each event's TZID; the calendar itself has no
  // timezone name (that would drop the Z from DTSTAMP and add X-WR-TIMEZONE)
  return ical({
    prodId: PRODUCT_ID,
    method,
    timezone: { name: null as unknown as string, generator: getVtimezoneComponent },
  });
}

function zonedTimes(start: Date, end: Date): { start: DateTime; end: DateTime } {
  const from = checkedInstant(start);
  const to = checkedInstant(end);
  if (to.getTime() <= from.getTime())
    throw new CalendarError('calendar.invalid_time', 'the end is not after the start');
  return {
    start: DateTime.fromJSDate(from, { zone: CALENDAR_TIMEZONE }),
    end: DateTime.fromJSDate(to, { zone: CALENDAR_TIMEZONE }),
  };
}

function checkedInstant(value: Date): Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new CalendarError('calendar.invalid_time', 'not a valid instant');
  }
  return value;
}

function checkedSequence(value: number): number {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new CalendarError('calendar.invalid_time', 'SEQUENCE must be 0 or more');
  return value;
}

// a UID goes into a content line as is: printable ASCII without spaces only
const UID_PATTERN = /^[\x21-\x7e]{1,255}$/;
function checkedUid(uid: string): string {
  if (!UID_PATTERN.test(uid))
    throw new CalendarError('calendar.invalid_uid', 'the UID is empty or has characters a UID cannot have');
  return uid;
}

// an address goes into a mailto: URI and a mail header: no spaces, quotes, brackets or controls
const EMAIL_PATTERN = /^[^\s<>"'(),;:@[\]\\]+@[^\s<>"'(),;:@[\]\\]+\.[^\s<>"'(),;:@[\]\\]+$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to find them
const HAS_CONTROL = /[\x00-\x1f\x7f-\x9f]/;
const isEmail = (text: string) => text.length <= 254 && EMAIL_PATTERN.test(text) && !HAS_CONTROL.test(text);

function checkedEmail(email: string): string {
  const trimmed = email.trim();
  if (!isEmail(trimmed)) {
    throw new CalendarError('calendar.invalid_address', 'not an e-mail address');
  }
  return trimmed;
}

// C0/C1 controls (but tab and line breaks), and the bidirectional formatting characters
// that can make a text read differently from what it is (Trojan Source, CVE-2021-42574)
// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to remove them
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]/g;
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** A text for SUMMARY, DESCRIPTION or LOCATION: without controls and bidi marks, lines as \n. */
export function cleanText(text: string): string {
  return String(text)
    .replace(/\r\n?/g, '\n')
    .replace(/\t/g, ' ')
    .replace(CONTROL, '')
    .replace(BIDI, '')
    .trim();
}

function optionalText(text: string | null | undefined): string | null {
  if (text === null || text === undefined) return null;
  const cleaned = cleanText(text);
  return cleaned === '' ? null : cleaned;
}

function optionalUrl(url: string | null | undefined): string | null {
  if (url === null || url === undefined || url.trim() === '') return null;
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    throw new CalendarError('calendar.invalid_address', 'not a URL');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new CalendarError('calendar.invalid_address', 'only http and https links');
  }
  return parsed.toString();
}

/** A CN parameter: one line, no double quotes (a quoted parameter value cannot hold one). */
function cleanName(name: string | null | undefined, email: string): string {
  const cleaned = cleanText(name ?? '')
    .replace(/\s+/g, ' ')
    .replace(/"/g, "'");
  return cleaned === '' ? email.trim() : cleaned;
}

function methodOf(value: unknown): string | null {
  if (typeof value === 'string') return value.trim().toUpperCase();
  if (value && typeof value === 'object' && 'val' in value && typeof value.val === 'string') {
    return value.val.trim().toUpperCase();
  }
  return null;
}

function sequenceOf(value: unknown): number | null {
  if (value === undefined || value === null || value === '') return 0;
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  if (!/^\d{1,9}$/.test(text)) return null;
  return Number(text);
}

function attendeeAnswer(attendee: unknown): { attendee: string; partstat: PartStat } | null {
  let value: unknown = attendee;
  let params: Record<string, unknown> = {};
  if (attendee && typeof attendee === 'object' && 'val' in attendee) {
    value = (attendee as { val: unknown }).val;
    const p = (attendee as { params?: unknown }).params;
    if (p && typeof p === 'object') params = p as Record<string, unknown>;
  }
  if (typeof value !== 'string') return null;
  const address = value
    .trim()
    .replace(/^mailto:/i, '')
    .trim()
    .toLowerCase();
  if (!isEmail(address)) return null;
  const partstat = typeof params.PARTSTAT === 'string' ? params.PARTSTAT.trim().toUpperCase() : '';
  if (!(PARTSTATS as readonly string[]).includes(partstat)) return null;
  return { attendee: address, partstat: partstat as PartStat };
}
