import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { LANGS, type Lang } from '../../../i18n/index.ts';
import type { LocalizedText } from '../../../platform/db/types.ts';
import { stableUuid } from '../../../platform/ids.ts';
import { SEED_DIR } from '../seed.ts';

/**
 * What the PTV export and import share: the service classes of our service types
 * (data/seed/reference/ptv-service-classes.csv), PTV's code lists (standards/ptv/codelists),
 * the names of PTV's fields and codes, and the ids we derive. See docs/ptv.md.
 */

export const STANDARDS_DIR = new URL('../../../../standards/ptv/', import.meta.url).pathname;
export const SERVICE_CLASS_URI = 'http://uri.suomi.fi/codelist/ptv/ptvserclass2/code/';
export const TARGET_GROUP_URI = 'http://uri.suomi.fi/codelist/ptv/ptvkohderyhmat/code/';

export interface PtvCode {
  code: string;
  uri: string;
  parent: string | null;
  name: LocalizedText;
}

export interface PtvMapping {
  /** our service type code → its PTV service classes (P codes) */
  classesOf: ReadonlyMap<string, string[]>;
  serviceClasses: ReadonlyMap<string, PtvCode>;
  targetGroups: ReadonlyMap<string, PtvCode>;
}

let cached: PtvMapping | undefined;

export function loadPtvMapping(): PtvMapping {
  if (cached) return cached;
  const rows = parse(readFileSync(join(SEED_DIR, 'reference/ptv-service-classes.csv'), 'utf8'), {
    columns: true,
    skip_empty_lines: true,
  }) as { service_type: string; service_classes: string }[];
  const codes = (file: string) =>
    new Map(
      (JSON.parse(readFileSync(join(STANDARDS_DIR, 'codelists', file), 'utf8')) as PtvCode[]).map((c) => [
        c.code,
        c,
      ]),
    );
  cached = {
    classesOf: new Map(rows.map((r) => [r.service_type, r.service_classes.split(/\s+/).filter(Boolean)])),
    serviceClasses: codes('ptvserclass2.json'),
    targetGroups: codes('ptvkohderyhmat.json'),
  };
  return cached;
}

/** The P code of a service class given as a code, a ptvserclass2 URI, or an old ptvl URI we cannot read (null). */
export function serviceClassCode(value: { code?: unknown; uri?: unknown } | string): string | null {
  const text =
    typeof value === 'string'
      ? value
      : typeof value.code === 'string' && value.code
        ? value.code
        : typeof value.uri === 'string'
          ? value.uri
          : '';
  const m = text.match(/(?:^|\/code\/)(P\d{1,2}(?:\.\d{1,2})?)$/);
  return m ? (m[1] as string) : null;
}

// ---------------------------------------------------------------- texts

export interface PtvText {
  type?: string;
  language: string;
  value: string;
}

/** A LocalizedText as PTV's list of language items (fi, sv, en), with a type when given. */
export function ptvTexts(text: LocalizedText | null | undefined, type?: string): PtvText[] {
  if (!text) return [];
  return LANGS.filter((l) => text[l]?.trim()).map((language) =>
    type
      ? { type, language, value: text[language] as string }
      : { language, value: text[language] as string },
  );
}

/** PTV's language items (of one type, when given) as a LocalizedText; null when there is no Finnish. */
export function fromPtvTexts(items: unknown, type?: string): { text: LocalizedText | null; other: string[] } {
  const out: Partial<Record<Lang, string>> = {};
  const other: string[] = [];
  if (!Array.isArray(items)) return { text: null, other };
  for (const item of items as Partial<PtvText>[]) {
    if (!item || typeof item.value !== 'string' || !item.value.trim()) continue;
    if (type && item.type !== type) continue;
    const lang = item.language as Lang;
    if (!LANGS.includes(lang)) {
      other.push(String(item.language));
      continue;
    }
    out[lang] ??= item.value;
  }
  if (!out.fi) return { text: null, other };
  return {
    text: { fi: out.fi, ...(out.sv ? { sv: out.sv } : {}), ...(out.en ? { en: out.en } : {}) },
    other,
  };
}

// ---------------------------------------------------------------- channels and days

/** The e-channels we export, one per channel kind of a service that has it, with a sourceId of that kind. */
export const E_CHANNEL_KINDS = ['eservice', 'chat', 'video'] as const;
export type EChannelKind = (typeof E_CHANNEL_KINDS)[number];
export const E_CHANNEL_NAMES: Record<EChannelKind, LocalizedText> = {
  eservice: { fi: 'Sähköinen asiointi', sv: 'E-tjänst', en: 'E-service' },
  chat: { fi: 'Chat', sv: 'Chatt', en: 'Chat' },
  video: { fi: 'Videoyhteys', sv: 'Videosamtal', en: 'Video call' },
};
export const PHONE_CHANNEL_NAME: LocalizedText = {
  fi: 'Puhelinpalvelu',
  sv: 'Telefontjänst',
  en: 'Phone service',
};

export const WEB_PAGE_NAME: LocalizedText = { fi: 'Verkkosivu', sv: 'Webbsida', en: 'Web page' };
export const webPageChannelId = (serviceId: string) => stableUuid('ptv_web_page_channel', serviceId);
export const phoneChannelId = (serviceId: string) => stableUuid('ptv_phone_channel', serviceId);
export const eChannelId = (serviceId: string, kind: EChannelKind) =>
  stableUuid(`ptv_e_channel:${kind}`, serviceId);
/**
 * sourceId of the channels we derive from a service: "perheverkko.<kind>.<service id>"; kind
 * "contact" is a phone channel that only carries the numbers of a service without a phone
 * service (and without a location, e-channel or web page to carry them).
 */
export const channelSourceId = (kind: string, serviceId: string) => `perheverkko.${kind}.${serviceId}`;
export const SOURCE_ID = /^perheverkko\.(phone|contact|web|eservice|chat|video)\.[0-9a-f-]{36}$/;

export const DAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export const DAY_NAMES = [
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
  'Sunday',
] as const;

/** "MO,TU,WE,FR" → runs of consecutive days: [["MO","WE"],["FR","FR"]] */
export function dayRuns(byday: string): [number, number][] {
  const days = byday
    .split(',')
    .map((d) => DAYS.indexOf(d.trim() as (typeof DAYS)[number]))
    .filter((i) => i >= 0)
    .sort((a, b) => a - b);
  const runs: [number, number][] = [];
  for (const d of days) {
    const last = runs.at(-1);
    if (last && d === last[1] + 1) last[1] = d;
    else runs.push([d, d]);
  }
  return runs;
}

/** Phone numbers compare by their digits, a leading 0 and +358 alike. */
export function phoneDigits(number: string): string {
  const digits = number.replace(/[^\d+]/g, '');
  if (digits.startsWith('+358')) return `0${digits.slice(4)}`;
  return digits.replace(/\+/g, '');
}
