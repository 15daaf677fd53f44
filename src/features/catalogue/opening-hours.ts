import type { Lang } from '../../i18n/index.ts';
import { daysText, timeText } from './pages/format.ts';

/**
 * Opening hours as people in Finland write them, read into the canonical form the catalogue
 * stores (HSDS: byday "MO,TU,WE,TH,FR", opens_at "08:00", closes_at "16:00"), and written
 * back the way the page's language writes them, which reads back to the same.
 *
 * Read: days in Finnish, Swedish or English, short or long ("ma", "ma.", "maanantai",
 * "maanantaisin", "må", "måndag", "Mon", "MO"), ranges with a hyphen or a dash ("ma–pe",
 * "ma - pe", a range may go over the weekend: "pe–ma"), lists ("ma, ke, pe", "ti ja to",
 * "ti och to"), "arkisin" / "vardagar" / "weekdays" and "päivittäin" / "dagligen" / "daily";
 * then optionally "klo", "kl." or "at"; then the times, hours alone or with minutes after
 * "." or ":" ("8–16", "8.00-16.00", "08:30 – 12"). Times are those of HSDS (00:00–23:59, as the
 * import takes them), so "24" is not a time: what closes at midnight closes at 23.59.
 */
export interface OpeningHours {
  byday: string;
  opensAt: string;
  closesAt: string;
}

export const DAY_CODES = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;

/** Each day's names in Finnish, Swedish and English: a word is the day it begins. */
const DAY_NAMES: readonly string[][] = [
  ['maanantai', 'måndag', 'monday'],
  ['tiistai', 'tisdag', 'tuesday'],
  ['keskiviikko', 'onsdag', 'wednesday'],
  ['torstai', 'torsdag', 'thursday'],
  ['perjantai', 'fredag', 'friday'],
  ['lauantai', 'lördag', 'saturday'],
  ['sunnuntai', 'söndag', 'sunday'],
];
const WEEKDAYS = new Set(['arkisin', 'arkipäivisin', 'arkipäivinä', 'vardagar', 'vardag', 'weekdays']);
const EVERY_DAY = new Set(['päivittäin', 'joka päivä', 'dagligen', 'alla dagar', 'daily', 'every day']);
/** "maanantaisin" (on Mondays), "måndagar", "mondays": the plural or adverb endings. */
const ENDINGS = ['isin', 'sin', 'ar', 's'];

/** The index (0 = Monday) of one day word, or -1. */
function dayIndex(word: string): number {
  const w = word.replace(/\.$/, '');
  if (w.length < 2 || !/^\p{L}+$/u.test(w)) return -1;
  const candidates = [w, ...ENDINGS.filter((e) => w.endsWith(e)).map((e) => w.slice(0, -e.length))];
  for (const c of candidates) {
    if (c.length < 2) continue;
    const i = DAY_NAMES.findIndex((names) => names.some((n) => n.startsWith(c)));
    if (i >= 0) return i;
  }
  return -1;
}

/** "ma-pe, la" → [0,1,2,3,4,5], or null when a part is not a day. */
function readDays(text: string): number[] | null {
  const t = text.trim();
  if (WEEKDAYS.has(t)) return [0, 1, 2, 3, 4];
  if (EVERY_DAY.has(t)) return [0, 1, 2, 3, 4, 5, 6];
  const parts = t
    .replace(/\s*-\s*/g, '-')
    .split(/\s*(?:,|&|\/|\s(?:ja|och|and)\s|\s)\s*/)
    .filter(Boolean);
  if (parts.length === 0) return null;
  const days = new Set<number>();
  for (const part of parts) {
    if (WEEKDAYS.has(part)) {
      for (const d of [0, 1, 2, 3, 4]) days.add(d);
      continue;
    }
    const [from, to, ...rest] = part.split('-');
    if (rest.length > 0 || from === undefined) return null;
    const a = dayIndex(from);
    if (a < 0) return null;
    if (to === undefined) {
      days.add(a);
      continue;
    }
    const b = dayIndex(to);
    if (b < 0 || b === a) return null;
    for (let d = a; ; d = (d + 1) % 7) {
      days.add(d);
      if (d === b) break;
    }
  }
  return [...days].sort((x, y) => x - y);
}

/** "8" → "08:00", "8.30" / "8:30" → "08:30"; null when not a time of day (00:00–23:59). */
function readTime(text: string): string | null {
  const m = /^(\d{1,2})(?:[.:](\d{2}))?$/.exec(text);
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2] ?? '0');
  if (h > 23 || min > 59) return null;
  return `${String(h).padStart(2, '0')}:${String(min).padStart(2, '0')}`;
}

const TIME = String.raw`\d{1,2}(?:[.:]\d{2})?`;
const CLOCK = String.raw`(?:klo|kl|at)\.?`;
const LINE = new RegExp(
  String.raw`^(.+?)[\s,]+(?:${CLOCK}\s*)?(${TIME})\s*-\s*(?:${CLOCK}\s*)?(${TIME})(?:\s*(?:h|uhr))?$`,
  'u',
);

/** One opening-hours entry as typed, in canonical form; null when it cannot be read. */
export function parseOpeningHours(input: string): OpeningHours | null {
  const text = input
    .normalize('NFC')
    .toLocaleLowerCase('fi')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
  if (text.length > 200) return null;
  const m = LINE.exec(text);
  if (!m) return null;
  const days = readDays(m[1] ?? '');
  const opensAt = readTime(m[2] ?? '');
  const closesAt = readTime(m[3] ?? '');
  if (!days || !opensAt || !closesAt || closesAt <= opensAt) return null;
  return { byday: days.map((d) => DAY_CODES[d]).join(','), opensAt, closesAt };
}

/** The entry as the page's language writes it: "ma–pe 8.00–16.00", "Mon–Fri 8:00–16:00". */
export function openingHoursText(lang: Lang, h: OpeningHours): string {
  return `${daysText(lang, h.byday)} ${timeText(lang, h.opensAt)}–${timeText(lang, h.closesAt)}`;
}
