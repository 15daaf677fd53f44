import { z } from 'zod';
import type { ErrorCode } from '../../i18n/index.ts';
import { isEmailAddress } from '../../platform/email.ts';
import type { FieldProblem } from '../../platform/errors.ts';

/**
 * The catalogue administration forms as the browser posts them (urlencoded strings; a
 * checkbox group is a string or an array), parsed into typed input. Messages are error codes
 * ('admin.*'), so each problem lands next to its field in the page's language.
 */
type Raw = Record<string, unknown>;

/** Line breaks as the browser sends them (CRLF) are stored as LF; outer whitespace goes. */
const text = (max: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? v.replace(/\r\n?/g, '\n').trim() : v === undefined ? '' : v),
    z.string().max(max, { message: 'admin.too_long' }),
  );
const required = (max: number) => text(max).pipe(z.string().min(1, { message: 'admin.required' }));
const optional = (max: number) => text(max).transform((v) => (v === '' ? null : v));
const many = z.preprocess(
  (v) => (Array.isArray(v) ? v.map(String) : typeof v === 'string' && v !== '' ? [v] : []),
  z.array(z.string().max(100)).max(200),
);
const email = optional(200).refine((v) => v === null || isEmailAddress(v), {
  message: 'admin.invalid_email',
});
const url = optional(500).refine((v) => v === null || /^https?:\/\/[^\s]+\.[^\s]+$/.test(v), {
  message: 'admin.invalid_url',
});
const uuid = required(40).refine((v) => /^[0-9a-f-]{36}$/i.test(v), { message: 'admin.invalid_choice' });
const age = optional(3).refine((v) => v === null || (/^\d{1,2}$/.test(v) && Number(v) <= 25), {
  message: 'admin.invalid_age',
});
const coordinate = optional(20).refine((v) => v === null || Number.isFinite(Number(v.replace(',', '.'))), {
  message: 'admin.invalid_number',
});

/**
 * A text in Finnish, Swedish and English: the fields `${name}_fi`, `_sv` and `_en` (one
 * `Localized` fieldset in the form). Finnish is required unless said; an empty language is
 * null.
 */
const localized = <N extends string>(name: N, max: number, fiRequired = true) =>
  ({
    [`${name}_fi`]: fiRequired ? required(max) : optional(max),
    [`${name}_sv`]: optional(max),
    [`${name}_en`]: optional(max),
  }) as Record<`${N}_fi`, z.ZodType<string | null>> & Record<`${N}_sv` | `${N}_en`, z.ZodType<string | null>>;

/** At most this many phone numbers or opening-hours entries on a service. */
export const MAX_ROWS = 20;
/** Rows the form shows empty after the filled ones, for adding without JavaScript. */
export const EMPTY_ROWS = 2;
export const ROW_LISTS = ['phones', 'hours'] as const;
export type RowList = (typeof ROW_LISTS)[number];

/**
 * The repeated rows of a service form (`phones_1_number`, `phones_1_description_fi`, …,
 * `hours_2_when`, `hours_2_note_sv`) gathered as lists, row n at index n − 1, so that a
 * problem's path (list, index, field) names its input again (see formProblems).
 */
function gatherRows(raw: unknown): unknown {
  if (!raw || typeof raw !== 'object') return raw;
  const out: Record<string, unknown> = { ...(raw as Raw) };
  for (const list of ROW_LISTS) {
    const rows: Record<string, unknown>[] = [];
    for (const [key, value] of Object.entries(raw as Raw)) {
      const m = new RegExp(`^${list}_(\\d{1,2})_([a-z_]+)$`).exec(key);
      const n = Number(m?.[1]);
      if (!m?.[2] || n < 1 || n > MAX_ROWS) continue;
      for (let i = rows.length; i < n; i++) rows.push({});
      (rows[n - 1] as Record<string, unknown>)[m[2]] = value;
    }
    out[list] = rows;
  }
  return out;
}

const phoneRow = z.object({ number: optional(40), ...localized('description', 200, false) });
const hoursRow = z.object({ when: optional(200), ...localized('note', 200, false) });
export type PhoneRow = z.infer<typeof phoneRow>;
export type HoursRow = z.infer<typeof hoursRow>;

export const SERVICE_STATUSES = ['active', 'temporarily closed', 'inactive', 'defunct'] as const;
export const RETIRED_STATUSES = ['inactive', 'defunct'] as const;
export const ORGANIZATION_KINDS = [
  'region',
  'municipality',
  'joint_authority',
  'ngo',
  'parish',
  'company',
] as const;

export const serviceForm = z
  .preprocess(
    gatherRows,
    z.object({
      ...localized('name', 200),
      ...localized('summary', 500),
      ...localized('description', 5000),
      ...localized('applicationProcess', 2000, false),
      ...localized('fees', 1000, false),
      ...localized('eligibility', 1000, false),
      organizationId: uuid,
      status: z.enum(SERVICE_STATUSES, { message: 'admin.invalid_choice' }),
      serviceTypes: many,
      topics: many,
      minAge: age,
      maxAge: age,
      channels: many.pipe(z.array(z.string()).min(1, { message: 'admin.choose_one' })),
      languages: many.pipe(z.array(z.string()).min(1, { message: 'admin.choose_one' })),
      areaScope: z.enum(['region', 'municipalities'], { message: 'admin.invalid_choice' }),
      municipalities: many,
      locations: many,
      phones: z.array(phoneRow).max(MAX_ROWS),
      hours: z.array(hoursRow).max(MAX_ROWS),
      email,
      url,
    }),
  )
  .superRefine((v, ctx) => {
    if (v.minAge !== null && v.maxAge !== null && Number(v.minAge) > Number(v.maxAge))
      ctx.addIssue({ code: 'custom', path: ['maxAge'], message: 'admin.age_order' });
    if (v.areaScope === 'municipalities' && v.municipalities.length === 0)
      ctx.addIssue({ code: 'custom', path: ['municipalities'], message: 'admin.choose_municipalities' });
  });
export type ServiceForm = z.infer<typeof serviceForm>;

export const organizationForm = z.object({
  ...localized('name', 200),
  ...localized('description', 5000),
  kind: z.enum(ORGANIZATION_KINDS, { message: 'admin.invalid_choice' }),
  municipalityCode: optional(3),
  email,
  website: url,
  phone: optional(40).refine((v) => v === null || /^\+?[0-9 ()-]{5,30}$/.test(v), {
    message: 'admin.invalid_phone',
  }),
});
export type OrganizationForm = z.infer<typeof organizationForm>;

export const locationForm = z
  .object({
    ...localized('name', 200),
    ...localized('city', 100),
    ...localized('transportation', 1000, false),
    ...localized('accessibility', 1000, false),
    organizationId: uuid,
    street: required(200),
    postalCode: required(5).refine((v) => /^\d{5}$/.test(v), { message: 'admin.invalid_postal_code' }),
    municipalityCode: required(3),
    latitude: coordinate,
    longitude: coordinate,
  })
  .superRefine((v, ctx) => {
    const lat = v.latitude === null ? null : Number(v.latitude.replace(',', '.'));
    const lon = v.longitude === null ? null : Number(v.longitude.replace(',', '.'));
    const both = lat !== null && lon !== null;
    if ((lat === null) !== (lon === null) || (both && (lat < 59 || lat > 71 || lon < 19 || lon > 32)))
      ctx.addIssue({ code: 'custom', path: ['latitude'], message: 'admin.invalid_coordinates' });
  });
export type LocationForm = z.infer<typeof locationForm>;

export const retireForm = z.object({ status: z.enum(RETIRED_STATUSES).optional() });

/** The form's problems as field problems; a message that is one of ours is the code. */
export function formProblems(error: z.ZodError): FieldProblem[] {
  return error.issues.map((issue) => ({
    field: fieldOfPath(issue.path),
    code: (issue.message.startsWith('admin.') ? issue.message : 'admin.invalid_choice') as ErrorCode,
    params: (issue.message === 'admin.too_long'
      ? { max: Number((issue as { maximum?: number }).maximum) }
      : {}) as Record<string, number>,
  }));
}

/** The input a problem's path names: ['phones', 0, 'number'] is phones_1_number. */
export function fieldOfPath(path: readonly PropertyKey[]): string {
  const [list, index, field] = path;
  if (typeof index === 'number' && typeof field === 'string') return `${String(list)}_${index + 1}_${field}`;
  return path.map(String).join('.') || 'body';
}

export const rowField = (list: RowList, n: number, field: string) => `${list}_${n}_${field}`;

export type FormValues = Record<string, string | string[]>;

/** What the user sent, as typed, to fill the form again after an error. */
export function formValues(raw: Raw): FormValues {
  const out: FormValues = {};
  for (const [k, v] of Object.entries(raw)) {
    if (k === '_csrf') continue;
    out[k] = Array.isArray(v) ? v.map((x) => String(x).slice(0, 5000)) : String(v ?? '').slice(0, 5000);
  }
  return out;
}

/** A phone number as people write it: digits, spaces, brackets, hyphens, a leading +. */
export const isPhoneNumber = (v: string) => /^\+?[0-9 ()-]{5,30}$/.test(v);
