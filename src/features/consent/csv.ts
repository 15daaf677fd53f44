/**
 * The data-protection officer's consent search: its filters from the query string (what the
 * form shows again, and what is wrong), and the export as CSV through the product's one CSV
 * writer (platform/csv.ts), which neutralises every cell a spreadsheet would read as a formula.
 */
import type { Kysely } from 'kysely';
import type { Lang } from '../../i18n/index.ts';
import type { StaffActor } from '../../platform/auth/actor.ts';
import { type CsvColumn, toCsv } from '../../platform/csv.ts';
import type { DB } from '../../platform/db/types.ts';
import type { FieldProblem } from '../../platform/errors.ts';
import { parseDay } from './forms.ts';
import type { DpoConsentRow, DpoEventRow, DpoFilters } from './pages/DpoConsentsPage.tsx';
import { dpoView, type ReadFilters } from './pages.ts';

export type { ReadFilters } from './pages.ts';

const text = (v: unknown) => (typeof v === 'string' ? v.slice(0, 60).trim() : '');
const STATUSES = ['active', 'pending_co_grantors', 'withdrawn', 'superseded', 'suspended'];
const DECISIONS = ['permit', 'deny'];
const BASES = [
  'same_registry',
  'statutory',
  'consent',
  'deny_directive',
  'no_consent',
  'no_care_relationship',
  'turvakielto',
];

/** The filters of the search; nothing chosen searches the last 30 days of consents. */
export function readDpoFilters(raw: Record<string, unknown>): ReadFilters {
  const values: DpoFilters = {
    kind: text(raw.kind) === 'events' ? 'events' : 'consents',
    from: text(raw.from),
    to: text(raw.to),
    status: STATUSES.includes(text(raw.status)) ? text(raw.status) : '',
    decision: DECISIONS.includes(text(raw.decision)) ? text(raw.decision) : '',
    basis: BASES.includes(text(raw.basis)) ? text(raw.basis) : '',
  };
  const problems: FieldProblem[] = [];
  const from = values.from ? parseDay(values.from) : undefined;
  const to = values.to ? parseDay(values.to) : undefined;
  if (from === null) problems.push({ field: 'from', code: 'consent.date_invalid' });
  if (to === null) problems.push({ field: 'to', code: 'consent.date_invalid' });
  // the form shows dates as the date picker wants them
  if (from) values.from = from;
  if (to) values.to = to;
  const query = new URLSearchParams(
    Object.entries(values).filter(([k, v]) => v !== '' && !(k === 'kind' && v === 'consents')),
  ).toString();
  return { values, problems, query, from: from ?? undefined, to: to ?? undefined };
}

const CONSENT_COLUMNS: CsvColumn<keyof DpoConsentRow | 'recorded_at'>[] = [
  { key: 'id', header: 'id' },
  { key: 'recorded_at', header: 'recorded_at' },
  { key: 'subject', header: 'subject' },
  { key: 'grantorKind', header: 'grantor_kind' },
  { key: 'decision', header: 'decision' },
  { key: 'status', header: 'status' },
  { key: 'recipients', header: 'recipients' },
  { key: 'categories', header: 'categories' },
  { key: 'channel', header: 'channel' },
  { key: 'validUntil', header: 'valid_until' },
];

const EVENT_COLUMNS: CsvColumn<keyof DpoEventRow | 'time'>[] = [
  { key: 'id', header: 'id' },
  { key: 'time', header: 'time' },
  { key: 'reference', header: 'reference' },
  { key: 'actor', header: 'actor' },
  { key: 'role', header: 'role' },
  { key: 'from', header: 'from_organization' },
  { key: 'to', header: 'to_organization' },
  { key: 'items', header: 'items' },
  { key: 'decision', header: 'decision' },
  { key: 'basis', header: 'basis' },
];

export function consentsCsv(rows: DpoConsentRow[]): string {
  return toCsv(
    rows.map((r) => ({ ...r, recorded_at: r.recordedAt.toISOString(), categories: r.categories.join(' ') })),
    CONSENT_COLUMNS,
  );
}

export function eventsCsv(rows: DpoEventRow[]): string {
  return toCsv(
    rows.map((r) => ({ ...r, time: r.at.toISOString(), items: r.items.join(' ') })),
    EVENT_COLUMNS,
  );
}

/** The search's rows as CSV (the same search as the page, through the door). */
export async function dpoCsv(db: Kysely<DB>, actor: StaffActor, filters: ReadFilters, lang: Lang) {
  const view = await dpoView(db, actor, filters, lang, { export: true });
  return filters.values.kind === 'events' ? eventsCsv(view.events ?? []) : consentsCsv(view.consents ?? []);
}
