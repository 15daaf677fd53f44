/**
 * The consent pages' forms as posted, turned into the services' input: required fields, days
 * (2027-05-31 from a date picker, or 31.5.2027 typed), choices from fixed lists. Each problem is
 * named by its form field and carries a translated code; the services check the rest (custody,
 * registries, periods) and their problems come back to the same fields.
 */
import type { ErrorCode } from '../../i18n/index.ts';
import { type Lang, translations } from '../../i18n/index.ts';
import { AppError, type FieldProblem } from '../../platform/errors.ts';
import { UUID_PATTERN } from '../../platform/ids.ts';
import type { FormValues } from '../../ui/forms.tsx';
import {
  CATEGORIES,
  type Category as ConsentCategory,
  PURPOSES,
  type PurposeCode,
  STATUTORY_BASES,
  type StatutoryBasis,
} from './model.ts';

export type Parsed<T> = { ok: true; value: T } | { ok: false; problems: FieldProblem[] };

/** What a form posted (the CSRF token left out), bounded, to parse and to show again. */
export function posted(body: unknown): FormValues {
  const out: FormValues = {};
  if (!body || typeof body !== 'object') return out;
  for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
    if (k === '_csrf') continue;
    out[k] = Array.isArray(v)
      ? v.slice(0, 50).map((x) => String(x).slice(0, 4000))
      : String(v ?? '').slice(0, 4000);
  }
  return out;
}

const one = (values: FormValues, name: string): string => {
  const v = values[name];
  return (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')).trim();
};
const many = (values: FormValues, name: string): string[] => {
  const v = values[name];
  return [...new Set((Array.isArray(v) ? v : v ? [v] : []).map((x) => x.trim()).filter(Boolean))];
};

/** A day as YYYY-MM-DD from 2027-05-31 or 31.5.2027; null when it is not a day of the calendar. */
export function parseDay(text: string): string | null {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const fi = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text);
  const [y, m, d] = iso
    ? [Number(iso[1]), Number(iso[2]), Number(iso[3])]
    : fi
      ? [Number(fi[3]), Number(fi[2]), Number(fi[1])]
      : [0, 0, 0];
  if (y < 1900 || y > 2200) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** A small reader that collects problems as it goes. */
class Reader {
  problems: FieldProblem[] = [];
  constructor(private readonly values: FormValues) {}
  private problem(field: string, code: ErrorCode) {
    if (!this.problems.some((p) => p.field === field)) this.problems.push({ field, code });
  }
  text(name: string, { required = false, max = 2000 } = {}): string {
    const v = one(this.values, name);
    if (required && v === '') this.problem(name, 'consent.field_required');
    if (v.length > max) this.problems.push({ field: name, code: 'request.too_long', params: { max } });
    return v;
  }
  day(name: string, { required = false } = {}): string | undefined {
    const v = one(this.values, name);
    if (v === '') {
      if (required) this.problem(name, 'consent.field_required');
      return undefined;
    }
    const day = parseDay(v);
    if (day === null) this.problem(name, 'consent.date_invalid');
    return day ?? undefined;
  }
  choice<T extends string>(name: string, allowed: readonly T[], { required = true } = {}): T | undefined {
    const v = one(this.values, name);
    if (v === '') {
      if (required) this.problem(name, 'consent.choose_one');
      return undefined;
    }
    if (!(allowed as readonly string[]).includes(v)) {
      this.problem(name, 'request.invalid_value');
      return undefined;
    }
    return v as T;
  }
  choices<T extends string>(name: string, allowed: readonly T[] | null, { required = true } = {}): T[] {
    const vs = many(this.values, name);
    if (required && vs.length === 0) this.problem(name, 'consent.choose_at_least_one');
    const ok =
      allowed === null
        ? vs.every((v) => UUID_PATTERN.test(v))
        : vs.every((v) => (allowed as readonly string[]).includes(v));
    if (!ok) this.problem(name, allowed === null ? 'request.invalid_id' : 'request.invalid_value');
    return (ok ? vs.map((v) => (allowed === null ? v.toLowerCase() : v)) : []) as T[];
  }
  id(name: string, { required = true } = {}): string | undefined {
    const v = one(this.values, name);
    if (v === '') {
      if (required) this.problem(name, 'consent.choose_one');
      return undefined;
    }
    if (!UUID_PATTERN.test(v)) {
      this.problem(name, 'request.invalid_id');
      return undefined;
    }
    return v.toLowerCase();
  }
  done<T>(value: () => T): Parsed<T> {
    return this.problems.length > 0 ? { ok: false, problems: this.problems } : { ok: true, value: value() };
  }
}

// ---------------------------------------------------------------- the family's answers

export interface NarrowInput {
  categories: ConsentCategory[];
  recipientOrganizationIds: string[];
  validUntil?: string;
}

export function narrowFromForm(values: FormValues): Parsed<NarrowInput> {
  const r = new Reader(values);
  const categories = r.choices('categories', CATEGORIES);
  const recipientOrganizationIds = r.choices<string>('recipientOrganizationIds', null);
  const validUntil = r.day('validUntil');
  return r.done(() => ({ categories, recipientOrganizationIds, validUntil }));
}

export function withdrawFromForm(values: FormValues): Parsed<{ reason?: string }> {
  const r = new Reader(values);
  const reason = r.text('reason', { max: 500 });
  return r.done(() => ({ reason: reason || undefined }));
}

// ---------------------------------------------------------------- the counsellor's forms

export interface PersonForm {
  name: string;
  birthDate?: string;
  role: 'child' | 'guardian' | 'other';
  guardianOfPersonIds?: string[];
  guardianPersonIds?: string[];
  custody?: 'joint' | 'sole' | 'task_split';
}

export function personFromForm(values: FormValues): Parsed<PersonForm> {
  const r = new Reader(values);
  const name = r.text('name', { required: true, max: 100 });
  const role = r.choice('role', ['child', 'guardian', 'other'] as const);
  const birthDate = r.day('birthDate', { required: role === 'child' });
  const guardianOfPersonIds = r.choices<string>('guardianOfPersonIds', null, { required: false });
  const guardianPersonIds = r.choices<string>('guardianPersonIds', null, { required: false });
  const custody = r.choice('custody', ['joint', 'sole', 'task_split'] as const, { required: false });
  // a child's guardians, or the children a guardian has custody of (the other list is left out)
  const child = role === 'child';
  return r.done(() => ({
    name,
    role: role ?? 'other',
    birthDate,
    guardianOfPersonIds: !child && guardianOfPersonIds.length > 0 ? guardianOfPersonIds : undefined,
    guardianPersonIds: child && guardianPersonIds.length > 0 ? guardianPersonIds : undefined,
    custody: custody ?? 'joint',
  }));
}

export interface RequestForm {
  subjectPersonIds: string[];
  recipientOrganizationIds: string[];
  categories: ConsentCategory[];
  purposeCode: PurposeCode;
  purposeText: string;
  validUntil: string;
  answerBy?: Date;
}

export function requestFromForm(values: FormValues): Parsed<RequestForm> {
  const r = new Reader(values);
  const subjectPersonIds = r.choices<string>('subjectPersonIds', null);
  const recipientOrganizationIds = r.choices<string>('recipientOrganizationIds', null);
  const categories = r.choices('categories', CATEGORIES);
  const purposeCode = r.choice('purposeCode', PURPOSES);
  const purposeText = r.text('purposeText', { max: 500 });
  const validUntil = r.day('validUntil', { required: true });
  const answerBy = r.day('answerBy');
  return r.done(() => ({
    subjectPersonIds,
    recipientOrganizationIds,
    categories,
    purposeCode: purposeCode as PurposeCode,
    purposeText,
    validUntil: validUntil as string,
    // the end of that day in Helsinki (at most three hours off around the day's end)
    answerBy: answerBy ? new Date(`${answerBy}T21:59:59Z`) : undefined,
  }));
}

export const RECORD_CHANNELS = ['face_to_face', 'phone', 'video', 'paper'] as const;

export interface RecordForm {
  subjectPersonId: string;
  grantorPersonId: string;
  decision: 'permit' | 'deny';
  recipientOrganizationIds: string[];
  categories: ConsentCategory[];
  purposeCode: PurposeCode;
  purposeText: string;
  validFrom: string;
  validUntil: string;
  channel: (typeof RECORD_CHANNELS)[number];
  identityCheck: string;
  noticeText: string;
  witness?: string;
  toldHowToWithdraw: true;
}

/** The standard notice texts a worker may have read out (any of the three languages). */
export function standardNotices(): string[] {
  return (['fi', 'sv', 'en'] as Lang[]).map((l) => translations(l).consentPages.notice.text);
}

export function recordFromForm(values: FormValues): Parsed<RecordForm> {
  const r = new Reader(values);
  const subjectPersonId = r.id('subjectPersonId');
  const grantorPersonId = r.id('grantorPersonId');
  const decision = r.choice('decision', ['permit', 'deny'] as const);
  const recipientOrganizationIds = r.choices<string>('recipientOrganizationIds', null);
  const categories = r.choices('categories', CATEGORIES);
  const purposeCode = r.choice('purposeCode', PURPOSES);
  const purposeText = r.text('purposeText', { max: 500 });
  const validFrom = r.day('validFrom', { required: true });
  const validUntil = r.day('validUntil', { required: true });
  const channel = r.choice('channel', RECORD_CHANNELS);
  const identityCheck = r.text('identityCheck', { required: true, max: 300 });
  const witness = r.text('witness', { max: 200 });
  const noticeText = one(values, 'noticeText');
  if (!standardNotices().includes(noticeText))
    r.problems.push({ field: 'noticeText', code: 'consent.notice_changed' });
  const told = many(values, 'toldHowToWithdraw').includes('yes');
  if (!told) r.problems.push({ field: 'toldHowToWithdraw', code: 'consent.told_how_to_withdraw' });
  return r.done(() => ({
    subjectPersonId: subjectPersonId as string,
    grantorPersonId: grantorPersonId as string,
    decision: decision as 'permit' | 'deny',
    recipientOrganizationIds,
    categories,
    purposeCode: purposeCode as PurposeCode,
    purposeText,
    validFrom: validFrom as string,
    validUntil: validUntil as string,
    channel: channel as RecordForm['channel'],
    identityCheck,
    noticeText,
    witness: witness || undefined,
    toldHowToWithdraw: true as const,
  }));
}

export interface StatutoryForm {
  basis: StatutoryBasis;
  justification: string;
  items: ConsentCategory[];
  recipientOrganizationId: string;
  validUntil: Date;
  noticeDeferredReason?: string;
}

export function statutoryFromForm(values: FormValues): Parsed<StatutoryForm> {
  const r = new Reader(values);
  const basis = r.choice('basis', STATUTORY_BASES);
  const justification = r.text('justification', { required: true, max: 2000 });
  const items = r.choices('items', CATEGORIES);
  const recipientOrganizationId = r.id('recipientOrganizationId');
  const validUntil = r.day('validUntil', { required: true });
  const noticeDeferredReason = r.text('noticeDeferredReason', { max: 500 });
  return r.done(() => ({
    basis: basis as StatutoryBasis,
    justification,
    items,
    recipientOrganizationId: recipientOrganizationId as string,
    validUntil: new Date(`${validUntil}T21:59:59Z`),
    noticeDeferredReason: noticeDeferredReason || undefined,
  }));
}

/** The family's withdrawal told to the counsellor (by phone, face to face, video or on paper). */
export interface StaffWithdrawalForm {
  directiveId: string;
  channel: (typeof RECORD_CHANNELS)[number];
  reason?: string;
}

export function staffWithdrawalFromForm(values: FormValues): Parsed<StaffWithdrawalForm> {
  const r = new Reader(values);
  const directiveId = r.id('directiveId');
  const channel = r.choice('channel', RECORD_CHANNELS);
  const reason = r.text('reason', { max: 500 });
  return r.done(() => ({
    directiveId: directiveId as string,
    channel: channel as StaffWithdrawalForm['channel'],
    reason: reason || undefined,
  }));
}

export interface CapacityForm {
  personId: string;
  capable: boolean;
  categories: ConsentCategory[];
  basis: string;
  reviewDate: string | null;
}

export function capacityFromForm(values: FormValues): Parsed<CapacityForm> {
  const r = new Reader(values);
  const personId = r.id('personId');
  const capable = r.choice('capable', ['yes', 'no'] as const);
  const categories = r.choices('categories', CATEGORIES);
  const basis = r.text('capacityBasis', { required: true, max: 2000 });
  const reviewDate = r.day('reviewDate');
  return r.done(() => ({
    personId: personId as string,
    capable: capable === 'yes',
    categories,
    basis,
    reviewDate: reviewDate ?? null,
  }));
}

/**
 * A service's refusal as the form's problems: its field problems by form field, and a refusal
 * without fields (a 409, or a 400 about the whole) beside the field it is most about.
 */
export function problemsOf(error: unknown, fallbackField: string): FieldProblem[] | null {
  if (!(error instanceof AppError) || (error.status !== 400 && error.status !== 409)) return null;
  if (error.fields.length > 0) {
    return error.fields.map((p) => ({
      ...p,
      field: (p.field.split('.')[0] ?? p.field).replace(/^body\./, ''),
    }));
  }
  const field = FIELD_OF_CODE[error.code] ?? fallbackField;
  return [{ field, code: error.code, params: error.params }];
}

const FIELD_OF_CODE: Partial<Record<ErrorCode, string>> = {
  'consent.no_custody': 'grantorPersonId',
  'consent.minor_capable_decides': 'grantorPersonId',
  'consent.period_ends_before_start': 'validUntil',
  'consent.unknown_registry': 'recipientOrganizationIds',
  'consent.recipient_is_source': 'recipientOrganizationIds',
  'consent.justification_too_short': 'justification',
  'consent.statutory_too_long': 'validUntil',
  'consent.told_how_to_withdraw': 'toldHowToWithdraw',
  'consent.not_active': 'directiveId',
};
