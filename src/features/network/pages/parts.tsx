import { format, type Lang, translations } from '../../../i18n/index.ts';
import type { LocalizedText } from '../../../platform/db/types.ts';
import { pick } from '../../../ui/Layout.tsx';
import type { MethodView, UnitView } from '../queries.ts';

/** Where the network's pages live (after /:lang). */
export const NETWORK_PATH = '/staff/network';
export const unitPath = (id: string) => `${NETWORK_PATH}/units/${id}`;
export const professionalPath = (id: string) => `${NETWORK_PATH}/professionals/${id}`;
export const IMPORT_PATH = `${NETWORK_PATH}/import`;

/** FTE in the page's language: 2,6 in Finnish and Swedish, 2.6 in English. */
export const fteText = (lang: Lang, n: number) => (lang === 'en' ? String(n) : String(n).replace('.', ','));

export function capacityText(lang: Lang, u: Pick<UnitView, 'freeSlotsPerWeek'>) {
  return format(translations(lang).network.common.slotsPerWeek, { n: u.freeSlotsPerWeek });
}

export function waitText(lang: Lang, u: Pick<UnitView, 'waitDays'>) {
  const tc = translations(lang).network.common;
  return u.waitDays === null ? tc.waitUnknown : format(tc.waitDays, { n: u.waitDays });
}

/**
 * A method's name. No Swedish names are known for the methods, so the Swedish name is the
 * Finnish one: it is marked lang="fi" for screen readers.
 */
export function MethodName({ method, lang }: { method: MethodView | undefined; lang: Lang }) {
  if (!method) return null;
  const t = pick(method.name, lang);
  const finnish = t.lang === 'fi' || (lang !== 'fi' && method.name[lang] === method.name.fi);
  return finnish && lang !== 'fi' ? <span lang="fi">{t.value}</span> : t.value;
}

export function methodLabel(method: MethodView, lang: Lang): string {
  return pick(method.name, lang).value;
}

/** "fi, sv" as language names of the page's language. */
export function languagesText(lang: Lang, codes: string[]) {
  const names = translations(lang).lang as Record<string, string>;
  return codes.map((c) => names[c] ?? c).join(', ');
}

export function municipalityNames(
  lang: Lang,
  codes: string[],
  municipalities: Map<string, LocalizedText>,
): string {
  return codes
    .map((c) => pick(municipalities.get(c), lang).value || c)
    .sort((a, b) => a.localeCompare(b, lang))
    .join(', ');
}
