import type { Lang } from '../../i18n/index.ts';

const ZONE = 'Europe/Helsinki';
const parts = new Intl.DateTimeFormat('en-GB', {
  timeZone: ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});

function wallClock(date: Date) {
  const p = Object.fromEntries(parts.formatToParts(date).map((x) => [x.type, x.value]));
  return {
    year: Number(p.year),
    month: Number(p.month),
    day: Number(p.day),
    hour: Number(p.hour),
    minute: Number(p.minute),
    second: Number(p.second),
  };
}

const timeWord: Record<Lang, string> = { fi: 'klo', sv: 'kl.', en: 'at' };

/** "26.11.2026 klo 14.05" (sv "kl. 14.05", en "at 14:05"), in Europe/Helsinki. */
export function formatDateTime(date: Date, lang: Lang): string {
  const w = wallClock(date);
  const sep = lang === 'en' ? ':' : '.';
  return `${w.day}.${w.month}.${w.year} ${timeWord[lang]} ${w.hour}${sep}${String(w.minute).padStart(2, '0')}`;
}

/** The instant a day starts in Helsinki (00:00 local time, summer time or not). */
export function startOfHelsinkiDay(year: number, month: number, day: number): Date {
  const asUtc = Date.UTC(year, month - 1, day);
  let t = asUtc;
  for (let i = 0; i < 2; i++) {
    const w = wallClock(new Date(t));
    const offset = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - t;
    t = asUtc - offset;
  }
  return new Date(t);
}

/**
 * A date typed as 26.11.2026 (the Finnish way) or sent by <input type="date"> as 2026-11-26;
 * undefined when empty, null when it is not a date.
 */
export function parseDate(text: string): { year: number; month: number; day: number } | undefined | null {
  const value = text.trim();
  if (value === '') return undefined;
  const m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(value) ?? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return null;
  const [a, b, c] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [year, month, day] = value.includes('-') ? [a, b, c] : [c, b, a];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day)
    return null;
  return { year, month, day };
}

/** For <input type="date">: 2026-11-26. */
export const isoDate = (d: { year: number; month: number; day: number }) =>
  `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
