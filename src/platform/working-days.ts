import Holidays from 'date-holidays';

/**
 * Finnish working days, in Europe/Helsinki. A day is 'YYYY-MM-DD' (a calendar day, as the
 * `date` columns are read). Not working: Saturdays, Sundays, every public holiday
 * (date-holidays type 'public': New Year's Day, Epiphany, Good Friday, Easter, Labour Day,
 * Ascension, Pentecost, Midsummer Day, All Saints' Day, Independence Day, Christmas Day,
 * Boxing Day), and two eves that are days off by custom and collective agreements:
 * juhannusaatto (Midsummer Eve, the Friday of 19–25 June) and jouluaatto (24 December).
 *
 * date-holidays lists those two eves as type 'bank', together with uudenvuodenaatto
 * (31 December), which is an ordinary working day. So the eves are picked by date, not by
 * type: a 'bank' day is a day off when it is 24 December or falls in June. Observances
 * (Mother's Day, Father's Day) are Sundays anyway. Finland moves no holiday that falls on a
 * weekend: Independence Day on a Sunday gives no Monday off.
 */

const TIME_ZONE = 'Europe/Helsinki';
const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 24 * 60 * 60 * 1000;

const holidays = new Holidays('FI');
/** The days off (holidays and the two eves) of each year asked about. */
const daysOffByYear = new Map<number, ReadonlySet<string>>();

function daysOff(year: number): ReadonlySet<string> {
  let days = daysOffByYear.get(year);
  if (!days) {
    days = new Set(
      holidays
        .getHolidays(year)
        .filter((h) => h.type === 'public' || (h.type === 'bank' && isEveOff(h.date.slice(0, 10))))
        // h.date is the local calendar day of Finland: 'YYYY-MM-DD 00:00:00'
        .map((h) => h.date.slice(0, 10)),
    );
    daysOffByYear.set(year, days);
  }
  return days;
}

/** Midsummer Eve (a Friday in June) and Christmas Eve; not New Year's Eve. */
function isEveOff(day: string): boolean {
  return day.slice(5) === '12-24' || day.slice(5, 7) === '06';
}

/** 'YYYY-MM-DD' as milliseconds at UTC midnight; throws a RangeError on anything else. */
function dayToUtc(day: string): number {
  const match = DAY_PATTERN.exec(day);
  if (match) {
    const [year, month, date] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const ms = Date.UTC(year, month - 1, date);
    const check = new Date(ms);
    if (check.getUTCFullYear() === year && check.getUTCMonth() === month - 1 && check.getUTCDate() === date)
      return ms;
  }
  throw new RangeError(`not a calendar day 'YYYY-MM-DD': "${day}"`);
}

function utcToDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function nextDay(day: string): string {
  return utcToDay(dayToUtc(day) + DAY_MS);
}

const helsinkiParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar day in Helsinki of an instant, 'YYYY-MM-DD' (summer time included). */
export function helsinkiDate(instant: Date): string {
  if (Number.isNaN(instant.getTime())) throw new RangeError('not a valid instant');
  const parts = helsinkiParts.formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year').padStart(4, '0')}-${part('month')}-${part('day')}`;
}

const helsinkiClock = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** The time of day in Helsinki of an instant, in minutes after midnight (summer time included). */
export function helsinkiMinutes(instant: Date): number {
  if (Number.isNaN(instant.getTime())) throw new RangeError('not a valid instant');
  const parts = helsinkiClock.formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return part('hour') * 60 + part('minute');
}

/** The calendar day after `day`, 'YYYY-MM-DD'. */
export function dayAfter(day: string): string {
  return nextDay(day);
}

export function isWorkingDay(day: string): boolean {
  const weekday = new Date(dayToUtc(day)).getUTCDay();
  if (weekday === 0 || weekday === 6) return false;
  return !daysOff(Number(day.slice(0, 4))).has(day);
}

/**
 * The nth working day after `day`. n = 0 gives `day` itself when it is a working day, else
 * the next working day.
 */
export function addWorkingDays(day: string, n: number): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`working days must be a whole number ≥ 0: ${n}`);
  let current = day;
  dayToUtc(current); // validates
  if (n === 0) {
    while (!isWorkingDay(current)) current = nextDay(current);
    return current;
  }
  let left = n;
  while (left > 0) {
    current = nextDay(current);
    if (isWorkingDay(current)) left--;
  }
  return current;
}

/**
 * The promised day of a first response: the `workingDays`-th working day after the Helsinki
 * day of receipt, whatever the hour or the day of receipt (received Thursday 26.11.2026 with 3
 * gives Tuesday 1.12.2026; received on a Saturday with 1, the Tuesday after).
 */
export function respondByDate(receivedAt: Date, workingDays: number): string {
  return addWorkingDays(helsinkiDate(receivedAt), workingDays);
}

/** The working days after `fromDay` up to and including `toDay`; 0 when toDay ≤ fromDay. */
export function workingDaysBetween(fromDay: string, toDay: string): number {
  const end = dayToUtc(toDay);
  let ms = dayToUtc(fromDay) + DAY_MS;
  let count = 0;
  for (; ms <= end; ms += DAY_MS) if (isWorkingDay(utcToDay(ms))) count++;
  return count;
}

/** A promise to respond by `respondBy` is broken once it is the next day in Helsinki. */
export function isOverdue(respondBy: string, now: Date): boolean {
  dayToUtc(respondBy);
  return helsinkiDate(now) > respondBy;
}

/** '2026-12-01' → '1.12.2026', as dates are written in Finnish (and in Finland's Swedish). */
export function formatFinnishDate(day: string): string {
  dayToUtc(day);
  const [year, month, date] = day.split('-').map(Number);
  return `${date}.${month}.${year}`;
}
