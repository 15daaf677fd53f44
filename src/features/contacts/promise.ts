/**
 * The first-response promise by urgency (issue 10, finding 1): what a family is told when it
 * sends, and what the queue holds the contact point to. A pure function of the urgency, the
 * instant of sending, the region's rules (office hours included) and the duty roster; `now` is
 * the instant passed in, never read from a clock here. Days and times are Helsinki's.
 *
 * - normal: the region's `first_response_working_days` working days after the day of receipt;
 * - urgent: the same day when received on a duty day before `urgentSameDayUntil`, otherwise the
 *   next duty day ("the same or next working day");
 * - emergency: the service cannot answer at once, so the page sends the family to 112 and the
 *   social emergency service now; the counsellor on duty is alerted at once (duty-alert.ts) and
 *   answers today while the office is open, otherwise on the next duty day.
 *
 * A duty day is a day the roster names a counsellor on (phone or queue), whatever the weekday
 * (a region may staff a Saturday). The roster is planned some weeks ahead: after its last
 * planned day, and whenever it plans nothing from today on, Finnish working days are duty days.
 * Outside office hours the promise says when the next counsellor is on duty.
 */
import { z } from 'zod';
import type { Urgency } from '../../platform/db/types.ts';
import {
  dayAfter,
  helsinkiDate,
  helsinkiMinutes,
  isWorkingDay,
  respondByDate,
} from '../../platform/working-days.ts';

const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;
const clock = z.string().regex(CLOCK, { error: 'region.promise_clock_invalid' });

/**
 * The region's promise rules (`region.contact_promise`, jsonb): missing keys take the
 * defaults, so `{}` is the demo region's and a good start for any region.
 */
export const promiseRulesSchema = z
  .object({
    /** when the counsellors on duty are at work, on duty days */
    officeHours: z
      .object({ opens: clock.default('08:00'), closes: clock.default('16:00') })
      .default({ opens: '08:00', closes: '16:00' }),
    /** an urgent contact received on a duty day before this is answered the same day */
    urgentSameDayUntil: clock.default('14:00'),
    /** whether urgent contacts, too, alert the counsellor on duty at once (emergencies always do) */
    alertUrgent: z.boolean().default(false),
  })
  .refine((r) => r.officeHours.opens < r.officeHours.closes, {
    error: 'region.promise_office_hours_invalid',
    path: ['officeHours'],
  });

export type PromiseRules = z.infer<typeof promiseRulesSchema>;

export const DEFAULT_PROMISE_RULES: PromiseRules = promiseRulesSchema.parse({});

/** A region's stored rules; a value that does not validate falls back to the defaults as a whole. */
export function promiseRulesOf(stored: unknown): PromiseRules {
  const parsed = promiseRulesSchema.safeParse(stored ?? {});
  return parsed.success ? parsed.data : DEFAULT_PROMISE_RULES;
}

export interface PromiseInput {
  urgency: Urgency;
  /** the instant the contact was sent (received) */
  sentAt: Date;
  rules: PromiseRules;
  /** the region's normal promise, in working days */
  normalWorkingDays: number;
  /** the days ('YYYY-MM-DD') the roster names at least one counsellor on duty, from today on */
  dutyDays: ReadonlySet<string>;
}

export interface ContactPromise {
  urgency: Urgency;
  /** the day the first response is promised by, 'YYYY-MM-DD' */
  respondBy: string;
  /** a counsellor is at work now: office hours of a duty day */
  staffedNow: boolean;
  /** when nobody is at work now: the day and time the next counsellor is on duty */
  nextDuty: { day: string; from: string } | null;
  /** whether the counsellor on duty is alerted at once (by e-mail and SMS) */
  alertDuty: boolean;
}

/** How far ahead a duty day is looked for: past any run of holidays and weekends. */
const LOOK_AHEAD_DAYS = 60;

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export function contactPromise(input: PromiseInput): ContactPromise {
  const { urgency, sentAt, rules } = input;
  const today = helsinkiDate(sentAt);
  const minutes = helsinkiMinutes(sentAt);
  const isDutyDay = dutyDayRule(input.dutyDays, today);
  const opens = minutesOf(rules.officeHours.opens);
  const closes = minutesOf(rules.officeHours.closes);

  const dutyToday = isDutyDay(today);
  const staffedNow = dutyToday && minutes >= opens && minutes < closes;
  const nextDutyDay = nextDay(today, isDutyDay);
  const nextDuty = staffedNow
    ? null
    : dutyToday && minutes < opens
      ? { day: today, from: rules.officeHours.opens }
      : { day: nextDutyDay, from: rules.officeHours.opens };

  let respondBy: string;
  if (urgency === 'normal') respondBy = respondByDate(sentAt, input.normalWorkingDays);
  else if (urgency === 'urgent')
    respondBy = dutyToday && minutes < minutesOf(rules.urgentSameDayUntil) ? today : nextDutyDay;
  else respondBy = dutyToday && minutes < closes ? today : nextDutyDay;

  return {
    urgency,
    respondBy,
    staffedNow,
    nextDuty,
    alertDuty: urgency === 'emergency' || (urgency === 'urgent' && rules.alertUrgent),
  };
}

/**
 * Whether a day is a duty day: the roster decides the days it plans (from today up to its last
 * planned day); beyond them, or when it plans nothing, working days are duty days.
 */
function dutyDayRule(dutyDays: ReadonlySet<string>, today: string): (day: string) => boolean {
  let lastPlanned: string | null = null;
  for (const day of dutyDays)
    if (day >= today && (lastPlanned === null || day > lastPlanned)) lastPlanned = day;
  return (day) => (lastPlanned !== null && day <= lastPlanned ? dutyDays.has(day) : isWorkingDay(day));
}

function nextDay(from: string, isDutyDay: (day: string) => boolean): string {
  let day = from;
  for (let i = 0; i < LOOK_AHEAD_DAYS; i++) {
    day = dayAfter(day);
    if (isDutyDay(day)) return day;
  }
  return day;
}
