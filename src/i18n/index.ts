import { en } from './en.ts';
import { fi, type Translations } from './fi.ts';
import { sv } from './sv.ts';

export const LANGS = ['fi', 'sv', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export type { Translations };

const byLang: Record<Lang, Translations> = { fi, sv, en };

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGS as readonly string[]).includes(value);
}

export function translations(lang: Lang): Translations {
  return byLang[lang];
}

/** Fills {name} placeholders. */
export function format(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) =>
    key in params ? String(params[key]) : whole,
  );
}

export type ErrorCode = keyof Translations['errors'];

export function errorMessage(
  lang: Lang,
  code: ErrorCode,
  params: Record<string, string | number> = {},
): string {
  return format(byLang[lang].errors[code], params);
}

/** Picks fi, sv or en from an Accept-Language header; Finnish when nothing fits. */
export function langFromAcceptLanguage(header: string | undefined): Lang {
  if (!header) return 'fi';
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.find((p) => p.trim().startsWith('q='));
      return { tag: tag.trim().slice(0, 2).toLowerCase(), q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .filter((x) => Number.isFinite(x.q))
    .sort((a, b) => b.q - a.q);
  return (ranked.find((x) => isLang(x.tag))?.tag as Lang | undefined) ?? 'fi';
}

const dateFormats: Record<Lang, Intl.DateTimeFormat> = {
  fi: new Intl.DateTimeFormat('fi-FI', {
    timeZone: 'Europe/Helsinki',
    day: 'numeric',
    month: 'numeric',
    year: 'numeric',
  }),
  sv: new Intl.DateTimeFormat('sv-FI', {
    timeZone: 'Europe/Helsinki',
    day: 'numeric',
    month: 'numeric',
    year: 'numeric',
  }),
  en: new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Helsinki',
    day: 'numeric',
    month: 'numeric',
    year: 'numeric',
  }),
};

/** 26.11.2026 in every language (the Finnish convention), in Europe/Helsinki. */
export function formatDate(date: Date, lang: Lang): string {
  const parts = dateFormats[lang].formatToParts(date);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${Number(get('day'))}.${Number(get('month'))}.${get('year')}`;
}
