/**
 * What a unit and a professional of the network registry look like at the edges, and how
 * their fields are read. Three edges share one set of rules:
 * - the JSON API (camelCase bodies, validated by zod: types and ranges);
 * - the staff pages' forms and the CSV files (text cells, read by the parsers below; a form's
 *   field names are the CSV columns, so a problem names the same field everywhere);
 * - then, for all three, the region's rules in network.ts (organisation, service,
 *   municipalities, languages, methods, unique codes).
 * Every problem is a field and an error code ('network.*'), translated in i18n.
 */
import { z } from 'zod';
import type { ErrorCode } from '../../i18n/index.ts';
import type { LocalizedText } from '../../platform/db/types.ts';
import { isEmailAddress } from '../../platform/email.ts';
import type { FieldProblem } from '../../platform/errors.ts';
import { SERVICE_LANGUAGES } from '../catalogue/index.ts';

/** The languages a unit or a professional may work in (the catalogue's service languages). */
export const NETWORK_LANGUAGES = SERVICE_LANGUAGES;

/** A unit's or a professional's code: stable, for CSV import (upsert by code). */
export const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{1,59}$/;
const MUNICIPALITY_PATTERN = /^[0-9]{3}$/;

export const LIMITS = {
  name: 200,
  title: 100,
  email: 254,
  slots: 1000,
  waitDays: 365,
  fteMin: 0.1,
  fteMax: 1.5,
  listItems: 100,
} as const;

/** The CSV columns (and form fields) of units; `active` may be left out. */
export const UNIT_COLUMNS = [
  'code',
  'organization',
  'name_fi',
  'name_sv',
  'name_en',
  'service_id',
  'municipality_code',
  'municipalities_served',
  'languages',
  'remote_possible',
  'free_slots_per_week',
  'wait_days',
  'email',
] as const;
export const PROFESSIONAL_COLUMNS = [
  'code',
  'unit_code',
  'name',
  'title',
  'fte',
  'languages',
  'methods',
  'remote_possible',
] as const;
/** Optional columns: left out, an update keeps the record's value and a new record is in use. */
export const OPTIONAL_COLUMNS = ['active'] as const;

/** A unit as written: references (organisation, service) by id or by name, resolved in network.ts. */
export interface UnitInput {
  code: string;
  /** the organisation's id, or its name in any language */
  organization: string;
  name: LocalizedText;
  /** the catalogue service's id, or its name in any language; null: none */
  service: string | null;
  municipalityCode: string;
  municipalitiesServed: string[];
  languages: string[];
  remotePossible: boolean;
  freeSlotsPerWeek: number;
  /** working days; null when not known */
  waitDays: number | null;
  email: string | null;
  /** null: keep (an update) or in use (a new unit) */
  active: boolean | null;
}

export interface ProfessionalInput {
  code: string;
  /** the unit's id or code */
  unit: string;
  name: string;
  title: string | null;
  fte: number;
  languages: string[];
  methods: string[];
  remotePossible: boolean;
  active: boolean | null;
}

export interface CapacityInput {
  freeSlotsPerWeek: number;
  waitDays: number | null;
}

// ---------------------------------------------------------------- the JSON API

const nameText = z
  .string({ error: 'network.required' })
  .trim()
  .min(1, { error: 'network.required' })
  .max(LIMITS.name, { error: 'network.too_long' });
const optionalName = z
  .string()
  .trim()
  .max(LIMITS.name, { error: 'network.too_long' })
  .nullable()
  .optional()
  .transform((v) => v || undefined);
const code = z.string({ error: 'network.required' }).regex(CODE_PATTERN, { error: 'network.invalid_code' });
const codeList = (max: number) =>
  z.array(z.string().max(60, { error: 'network.too_long' })).max(max, { error: 'network.too_long' });
const slots = z
  .number({ error: 'network.invalid_slots' })
  .int({ error: 'network.invalid_slots' })
  .min(0, { error: 'network.invalid_slots' })
  .max(LIMITS.slots, { error: 'network.invalid_slots' });
const waitDays = z
  .number({ error: 'network.invalid_wait' })
  .int({ error: 'network.invalid_wait' })
  .min(0, { error: 'network.invalid_wait' })
  .max(LIMITS.waitDays, { error: 'network.invalid_wait' })
  .nullable();

export const unitBodySchema = z
  .object({
    code,
    organizationId: z.uuid(),
    name: z.object({ fi: nameText, sv: optionalName, en: optionalName }).strict(),
    serviceId: z.uuid().nullable().optional(),
    municipalityCode: z
      .string({ error: 'network.required' })
      .regex(MUNICIPALITY_PATTERN, { error: 'network.unknown_municipality' }),
    municipalitiesServed: codeList(LIMITS.listItems).min(1, { error: 'network.choose_one' }),
    languages: codeList(20).min(1, { error: 'network.choose_one' }),
    remotePossible: z.boolean().optional(),
    freeSlotsPerWeek: slots,
    waitDays: waitDays.optional(),
    email: z
      .string()
      .max(LIMITS.email, { error: 'network.too_long' })
      .refine(isEmailAddress, { error: 'network.invalid_email' })
      .nullable()
      .optional(),
    active: z.boolean().optional(),
  })
  .strict();
export type UnitBody = z.infer<typeof unitBodySchema>;

export const professionalBodySchema = z
  .object({
    code,
    unitId: z.uuid(),
    name: nameText,
    title: z.string().trim().max(LIMITS.title, { error: 'network.too_long' }).nullable().optional(),
    fte: z
      .number({ error: 'network.invalid_fte' })
      .min(LIMITS.fteMin, { error: 'network.invalid_fte' })
      .max(LIMITS.fteMax, { error: 'network.invalid_fte' }),
    languages: codeList(20).min(1, { error: 'network.choose_one' }),
    methods: codeList(LIMITS.listItems).optional(),
    remotePossible: z.boolean().optional(),
    active: z.boolean().optional(),
  })
  .strict();
export type ProfessionalBody = z.infer<typeof professionalBodySchema>;

export const capacityBodySchema = z
  .object({ freeSlotsPerWeek: slots, waitDays: waitDays.optional() })
  .strict();

export function unitFromBody(b: UnitBody): UnitInput {
  return {
    code: b.code,
    organization: b.organizationId,
    name: { fi: b.name.fi, ...(b.name.sv ? { sv: b.name.sv } : {}), ...(b.name.en ? { en: b.name.en } : {}) },
    service: b.serviceId ?? null,
    municipalityCode: b.municipalityCode,
    municipalitiesServed: b.municipalitiesServed,
    languages: b.languages,
    remotePossible: b.remotePossible ?? false,
    freeSlotsPerWeek: b.freeSlotsPerWeek,
    waitDays: b.waitDays ?? null,
    email: b.email ?? null,
    active: b.active ?? null,
  };
}

export function professionalFromBody(b: ProfessionalBody): ProfessionalInput {
  return {
    code: b.code,
    unit: b.unitId,
    name: b.name,
    title: b.title || null,
    fte: Math.round(b.fte * 100) / 100,
    languages: b.languages,
    methods: (b.methods ?? []).map((m) => m.toUpperCase()),
    remotePossible: b.remotePossible ?? false,
    active: b.active ?? null,
  };
}

/** The API's name of a field the registry's rules name by its CSV column. */
const API_FIELDS: Record<string, string> = {
  organization: 'organizationId',
  name_fi: 'name.fi',
  name_sv: 'name.sv',
  name_en: 'name.en',
  service_id: 'serviceId',
  municipality_code: 'municipalityCode',
  municipalities_served: 'municipalitiesServed',
  remote_possible: 'remotePossible',
  free_slots_per_week: 'freeSlotsPerWeek',
  wait_days: 'waitDays',
  unit_code: 'unitId',
};
export const apiField = (column: string) => API_FIELDS[column] ?? column;

// ---------------------------------------------------------------- text cells (forms and CSV)

type Parsed<T> =
  | { ok: true; value: T }
  | { ok: false; code: ErrorCode; params?: Record<string, string | number> };
const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = (code: ErrorCode, params?: Record<string, string | number>): Parsed<never> => ({
  ok: false,
  code,
  params,
});

/** A cell or a form value as trimmed text (the first of a repeated form field). */
export function cellText(v: unknown): string {
  const first = Array.isArray(v) ? v[0] : v;
  return first === undefined || first === null ? '' : String(first).trim();
}

/** A list cell ("297 749 204"), or a group of checkboxes (repeated fields): unique, in order. */
export function cellList(v: unknown): string[] {
  const parts = (Array.isArray(v) ? v : [v]).flatMap((x) =>
    x === undefined || x === null ? [] : String(x).split(/[\s,;]+/),
  );
  return [...new Set(parts.map((p) => p.trim()).filter(Boolean))];
}

const TRUE = new Set(['true', '1', 'yes', 'y', 'kyllä', 'k', 'ja', 'x', 'on']);
const FALSE = new Set(['false', '0', 'no', 'n', 'ei', 'e', 'nej', 'off']);

const parse = {
  code(v: unknown): Parsed<string> {
    const s = cellText(v);
    if (!s) return bad('network.required');
    return CODE_PATTERN.test(s) ? ok(s) : bad('network.invalid_code');
  },
  required(v: unknown, max: number): Parsed<string> {
    const s = cellText(v);
    if (!s) return bad('network.required');
    return s.length > max ? bad('network.too_long', { max }) : ok(s);
  },
  optional(v: unknown, max: number): Parsed<string | null> {
    const s = cellText(v);
    return s.length > max ? bad('network.too_long', { max }) : ok(s || null);
  },
  email(v: unknown): Parsed<string | null> {
    const s = cellText(v);
    if (!s) return ok(null);
    if (s.length > LIMITS.email) return bad('network.too_long', { max: LIMITS.email });
    return isEmailAddress(s) ? ok(s) : bad('network.invalid_email');
  },
  /** empty: the default */
  boolean<D extends boolean | null>(v: unknown, empty: D): Parsed<boolean | D> {
    const s = cellText(v).toLowerCase();
    if (!s) return ok(empty);
    if (TRUE.has(s)) return ok(true);
    if (FALSE.has(s)) return ok(false);
    return bad('network.invalid_boolean');
  },
  integer(v: unknown, max: number, code: ErrorCode, optional: boolean): Parsed<number | null> {
    const s = cellText(v);
    if (!s) return optional ? ok(null) : bad(code);
    if (!/^\d{1,4}$/.test(s)) return bad(code);
    const n = Number(s);
    return n > max ? bad(code) : ok(n);
  },
  fte(v: unknown): Parsed<number> {
    const s = cellText(v).replace(',', '.');
    if (!/^\d{1,2}(\.\d+)?$/.test(s)) return bad('network.invalid_fte');
    const n = Math.round(Number(s) * 100) / 100;
    return n < LIMITS.fteMin || n > LIMITS.fteMax ? bad('network.invalid_fte') : ok(n);
  },
  municipality(v: unknown): Parsed<string> {
    const s = cellText(v);
    if (!s) return bad('network.required');
    return MUNICIPALITY_PATTERN.test(s) ? ok(s) : bad('network.unknown_municipality', { value: s });
  },
  list(v: unknown, { min, max }: { min: number; max: number }): Parsed<string[]> {
    const list = cellList(v);
    if (list.length < min) return bad('network.choose_one');
    if (list.length > max || list.some((x) => x.length > 60)) return bad('network.too_long', { max });
    return ok(list);
  },
};

/** Reads text cells into a value, collecting each field's problem. */
class Reader {
  readonly problems: FieldProblem[] = [];
  constructor(private readonly raw: Record<string, unknown>) {}
  get(field: string) {
    return this.raw[field];
  }
  has(field: string) {
    return Object.hasOwn(this.raw, field);
  }
  take<T>(field: string, result: Parsed<T>, fallback: T): T {
    if (result.ok) return result.value;
    this.problems.push({ field, code: result.code, ...(result.params ? { params: result.params } : {}) });
    return fallback;
  }
}

export type TextResult<T> = { value: T; problems: FieldProblem[] };

/**
 * A unit from text cells (a CSV row or a form post; field names are the CSV columns). The
 * value is complete only when there are no problems.
 */
export function unitFromText(raw: Record<string, unknown>): TextResult<UnitInput> {
  const r = new Reader(raw);
  const nameSv = r.take('name_sv', parse.optional(r.get('name_sv'), LIMITS.name), null);
  const nameEn = r.take('name_en', parse.optional(r.get('name_en'), LIMITS.name), null);
  const value: UnitInput = {
    code: r.take('code', parse.code(r.get('code')), ''),
    organization: r.take('organization', parse.required(r.get('organization'), LIMITS.name), ''),
    name: {
      fi: r.take('name_fi', parse.required(r.get('name_fi'), LIMITS.name), ''),
      ...(nameSv ? { sv: nameSv } : {}),
      ...(nameEn ? { en: nameEn } : {}),
    },
    service: r.take('service_id', parse.optional(r.get('service_id'), LIMITS.name), null),
    municipalityCode: r.take('municipality_code', parse.municipality(r.get('municipality_code')), ''),
    municipalitiesServed: r.take(
      'municipalities_served',
      parse.list(r.get('municipalities_served'), { min: 1, max: LIMITS.listItems }),
      [],
    ),
    languages: r.take('languages', parse.list(r.get('languages'), { min: 1, max: 20 }), []),
    remotePossible: r.take('remote_possible', parse.boolean(r.get('remote_possible'), false), false),
    freeSlotsPerWeek:
      r.take(
        'free_slots_per_week',
        parse.integer(r.get('free_slots_per_week'), LIMITS.slots, 'network.invalid_slots', false),
        0,
      ) ?? 0,
    waitDays: r.take(
      'wait_days',
      parse.integer(r.get('wait_days'), LIMITS.waitDays, 'network.invalid_wait', true),
      null,
    ),
    email: r.take('email', parse.email(r.get('email')), null),
    active: r.has('active') ? r.take('active', parse.boolean(r.get('active'), null), null) : null,
  };
  return { value, problems: r.problems };
}

export function professionalFromText(raw: Record<string, unknown>): TextResult<ProfessionalInput> {
  const r = new Reader(raw);
  const value: ProfessionalInput = {
    code: r.take('code', parse.code(r.get('code')), ''),
    unit: r.take('unit_code', parse.required(r.get('unit_code'), 60), ''),
    name: r.take('name', parse.required(r.get('name'), LIMITS.name), ''),
    title: r.take('title', parse.optional(r.get('title'), LIMITS.title), null),
    fte: r.take('fte', parse.fte(r.get('fte')), 1),
    languages: r.take('languages', parse.list(r.get('languages'), { min: 1, max: 20 }), []),
    methods: r
      .take('methods', parse.list(r.get('methods'), { min: 0, max: LIMITS.listItems }), [])
      .map((m) => m.toUpperCase()),
    remotePossible: r.take('remote_possible', parse.boolean(r.get('remote_possible'), false), false),
    active: r.has('active') ? r.take('active', parse.boolean(r.get('active'), null), null) : null,
  };
  return { value, problems: r.problems };
}

export function capacityFromText(raw: Record<string, unknown>): TextResult<CapacityInput> {
  const r = new Reader(raw);
  const value: CapacityInput = {
    freeSlotsPerWeek:
      r.take(
        'free_slots_per_week',
        parse.integer(r.get('free_slots_per_week'), LIMITS.slots, 'network.invalid_slots', false),
        0,
      ) ?? 0,
    waitDays: r.take(
      'wait_days',
      parse.integer(r.get('wait_days'), LIMITS.waitDays, 'network.invalid_wait', true),
      null,
    ),
  };
  return { value, problems: r.problems };
}

// ---------------------------------------------------------------- API responses

const localized = z.object({ fi: z.string(), sv: z.string().optional(), en: z.string().optional() });

export const methodSchema = z.object({
  code: z.string(),
  name: localized,
  description: localized.nullable(),
});

export const professionalSchema = z.object({
  id: z.string(),
  code: z.string(),
  unitId: z.string(),
  staffUserId: z.string().nullable(),
  name: z.string(),
  title: z.string().nullable(),
  fte: z.number(),
  languages: z.array(z.string()),
  methods: z.array(z.string()),
  remotePossible: z.boolean(),
  active: z.boolean(),
  updatedAt: z.string(),
});

export const unitSchema = z.object({
  id: z.string(),
  code: z.string().nullable(),
  organization: z.object({ id: z.string(), name: localized }),
  name: localized,
  service: z.object({ id: z.string(), name: localized }).nullable(),
  municipalityCode: z.string().nullable(),
  municipalitiesServed: z.array(z.string()),
  languages: z.array(z.string()),
  remotePossible: z.boolean(),
  freeSlotsPerWeek: z.number(),
  waitDays: z.number().nullable().describe('working days to a first appointment; null when not known'),
  email: z.string().nullable(),
  active: z.boolean(),
  professionalCount: z.number().describe('active professionals'),
  fte: z.number().describe('the active professionals’ FTE together'),
  methods: z.array(z.string()).describe('the methods of the active professionals'),
  updatedAt: z.string(),
});
export const unitWithProfessionalsSchema = unitSchema.extend({ professionals: z.array(professionalSchema) });

const countsSchema = z.object({ created: z.number(), updated: z.number(), unchanged: z.number() });
export const importReportSchema = z.object({ units: countsSchema, professionals: countsSchema });
export const importBodySchema = z
  .object({
    units: z.string().max(900_000).optional().describe('the contents of units.csv'),
    professionals: z.string().max(900_000).optional().describe('the contents of professionals.csv'),
  })
  .strict();
