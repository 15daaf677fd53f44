import { z } from 'zod';
import type { ErrorCode } from '../../i18n/index.ts';
import type { FieldProblem } from '../../platform/errors.ts';

/**
 * The catalogue administration forms as the browser posts them (urlencoded strings; a
 * checkbox group is a string or an array), parsed into typed input. Messages are error codes
 * ('admin.*'), so each problem lands next to its field in the page's language.
 */
type Raw = Record<string, unknown>;

const text = (max: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? v.trim() : v === undefined ? '' : v),
    z.string().max(max, { message: 'admin.too_long' }),
  );
const required = (max: number) => text(max).pipe(z.string().min(1, { message: 'admin.required' }));
const optional = (max: number) => text(max).transform((v) => (v === '' ? null : v));
const many = z.preprocess(
  (v) => (Array.isArray(v) ? v.map(String) : typeof v === 'string' && v !== '' ? [v] : []),
  z.array(z.string().max(100)).max(200),
);
const email = optional(200).refine((v) => v === null || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v), {
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

const localized = (name: string, max: number, fiRequired = true) => ({
  [`${name}_fi`]: fiRequired ? required(max) : optional(max),
  [`${name}_sv`]: optional(max),
  [`${name}_en`]: optional(max),
});

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
  .object({
    ...localized('name', 200),
    ...localized('summary', 500),
    ...localized('description', 5000),
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
    phones: text(2000),
    hours: text(2000),
    email,
    url,
  })
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
    field: issue.path.map(String).join('.') || 'body',
    code: (issue.message.startsWith('admin.') ? issue.message : 'admin.invalid_choice') as ErrorCode,
    params: (issue.message === 'admin.too_long'
      ? { max: Number((issue as { maximum?: number }).maximum) }
      : {}) as Record<string, number>,
  }));
}

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

/** "MO,TU,WE,TH,FR 08:00-16:00: ajanvarauksella" → a schedule line, or null when malformed. */
export function parseHoursLine(
  line: string,
): { byday: string; opensAt: string; closesAt: string; description: string | null } | null {
  const m =
    /^((?:MO|TU|WE|TH|FR|SA|SU)(?:,(?:MO|TU|WE|TH|FR|SA|SU))*)\s+([01]\d|2[0-3]):([0-5]\d)\s*-\s*([01]\d|2[0-4]):([0-5]\d)(?:\s*:\s*(.+))?$/i.exec(
      line.trim(),
    );
  if (!m) return null;
  const opensAt = `${m[2]}:${m[3]}`;
  const closesAt = `${m[4]}:${m[5]}`;
  if (closesAt <= opensAt) return null;
  return { byday: (m[1] ?? '').toUpperCase(), opensAt, closesAt, description: m[6]?.trim() || null };
}

/** "017 123 4567: ajanvaraus" → a phone line, or null when malformed. */
export function parsePhoneLine(line: string): { number: string; description: string | null } | null {
  const m = /^(\+?[0-9 ()-]{5,30}?)\s*(?::\s*(.+))?$/.exec(line.trim());
  if (!m?.[1]) return null;
  return { number: m[1].trim(), description: m[2]?.trim() || null };
}

export const lines = (s: string) =>
  s
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
