import { format, type Lang, translations } from '../../../i18n/index.ts';

export function ageText(lang: Lang, min: number | null, max: number | null): string {
  const t = translations(lang).catalogue;
  if (min !== null && max !== null) return format(t.ages, { min, max });
  if (min !== null) return format(t.agesFrom, { min });
  if (max !== null) return format(t.agesTo, { max });
  return t.allAges;
}

/** "08:00" → "8.00" (the Finnish and Finland-Swedish way); English keeps "8:00". */
export function timeText(lang: Lang, hhmm: string): string {
  const [h = '0', m = '00'] = hhmm.split(':');
  return `${Number(h)}${lang === 'en' ? ':' : '.'}${m}`;
}

const DAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;

/** "MO,TU,WE,TH,FR" → "ma–pe"; runs of consecutive days shortened. */
export function daysText(lang: Lang, byday: string): string {
  const t = translations(lang).day;
  const idx = byday
    .split(',')
    .map((d) => DAYS.indexOf(d as (typeof DAYS)[number]))
    .filter((i) => i >= 0)
    .sort();
  const parts: string[] = [];
  let i = 0;
  while (i < idx.length) {
    let j = i;
    while (j + 1 < idx.length && (idx[j + 1] ?? 0) === (idx[j] ?? 0) + 1) j++;
    const from = t[DAYS[idx[i] ?? 0] ?? 'MO'];
    const to = t[DAYS[idx[j] ?? 0] ?? 'MO'];
    parts.push(j - i >= 2 ? `${from}–${to}` : j > i ? `${from}, ${to}` : from);
    i = j + 1;
  }
  return parts.join(', ');
}

export function countText(lang: Lang, count: number): string {
  const t = translations(lang).catalogue.results;
  return count === 1 ? t.one : format(t.other, { count });
}

export function municipalityName(lang: Lang, name: { fi: string; sv?: string }): string {
  return lang === 'sv' ? (name.sv ?? name.fi) : name.fi;
}
