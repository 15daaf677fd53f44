/**
 * Reading the metrics: sums over the summary tables of a region and a run of months, and the
 * few figures counted live from small sets (feedback, consultations, meetings, what is past its
 * promise now). Every statement returns counts only.
 */
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { DB, LocalizedText } from '../../../platform/db/types.ts';

type Db = Kysely<DB>;

const HELSINKI = 'Europe/Helsinki';

export interface Span {
  regionId: string;
  /** 'YYYY-MM-01' of the first and the last month, inclusive */
  from: string;
  to: string;
  /** a municipality's code, or null for the whole region */
  municipality: string | null;
}

const inMonths = (span: Span) =>
  sql`region_id = ${span.regionId} AND month BETWEEN ${span.from}::date AND ${span.to}::date`;
const inMunicipality = (span: Span): RawBuilder<unknown> =>
  span.municipality === null ? sql`true` : sql`municipality_code = ${span.municipality}`;
/** The instants the period begins and ends at (Helsinki midnight). */
const periodStart = (span: Span) => sql`(${span.from}::date::timestamp AT TIME ZONE ${HELSINKI})`;
const periodEnd = (span: Span) =>
  sql`((${span.to}::date + interval '1 month')::timestamp AT TIME ZONE ${HELSINKI})`;

const int = (v: unknown): number => Number(v ?? 0);

export interface ContactSums {
  contacts: number;
  promiseDue: number;
  promiseMet: number;
  responseNone: number;
}

/** Contacts by one dimension (municipality over the whole region; the others in the municipality). */
export async function contactsBy(
  db: Db,
  span: Span,
  dimension: 'municipality_code' | 'channel' | 'contacter' | 'language',
): Promise<Map<string, ContactSums>> {
  const where = dimension === 'municipality_code' ? sql`true` : inMunicipality(span);
  const { rows } = await sql<{ key: string; contacts: string; due: string; met: string; none: string }>`
    SELECT ${sql.ref(dimension)} AS key, sum(contacts) AS contacts, sum(promise_due) AS due,
      sum(promise_met) AS met, sum(response_none) AS none
    FROM metric_contact_month WHERE ${inMonths(span)} AND ${where}
    GROUP BY 1`.execute(db);
  return new Map(
    rows.map((r) => [
      r.key,
      {
        contacts: int(r.contacts),
        promiseDue: int(r.due),
        promiseMet: int(r.met),
        responseNone: int(r.none),
      },
    ]),
  );
}

/** Working days to the first response → contacts (in the municipality when one is chosen). */
export async function responseHistogram(db: Db, span: Span): Promise<Map<number, number>> {
  const { rows } = await sql<{ days: number; n: string }>`
    SELECT u.days, sum(u.n) AS n
    FROM metric_contact_month, unnest(response_days, response_counts) AS u(days, n)
    WHERE ${inMonths(span)} AND ${inMunicipality(span)}
    GROUP BY u.days`.execute(db);
  return new Map(rows.map((r) => [Number(r.days), int(r.n)]));
}

/** Topics and age groups of contacts. */
export async function facets(
  db: Db,
  span: Span,
): Promise<{ facet: 'topic' | 'age'; value: string; contacts: number }[]> {
  const { rows } = await sql<{ facet: 'topic' | 'age'; value: string; contacts: string }>`
    SELECT facet, value, sum(contacts) AS contacts FROM metric_contact_facet_month
    WHERE ${inMonths(span)} AND ${inMunicipality(span)}
    GROUP BY facet, value`.execute(db);
  return rows.map((r) => ({ facet: r.facet, value: r.value, contacts: int(r.contacts) }));
}

/** Closed contacts and those one contact was enough for, by municipality (the whole region). */
export async function closedByMunicipality(
  db: Db,
  span: Span,
): Promise<Map<string, { closed: number; oneContact: number }>> {
  const { rows } = await sql<{ key: string; closed: string; one: string }>`
    SELECT municipality_code AS key, sum(closed) AS closed, sum(one_contact) AS one
    FROM metric_closed_month WHERE ${inMonths(span)} GROUP BY 1`.execute(db);
  return new Map(rows.map((r) => [r.key, { closed: int(r.closed), oneContact: int(r.one) }]));
}

export interface HandoffSums {
  started: number;
  accepted: number;
  declined: number;
  expired: number;
  finalOutcome: number;
}

/**
 * Handoffs by the receiving service, by decline reason, and across borders (in the
 * municipality), or by the family's municipality (over the whole region).
 */
export async function handoffsBy(
  db: Db,
  span: Span,
  dimension: 'service_id' | 'decline_reason' | 'cross_border' | 'municipality_code',
): Promise<Map<string, HandoffSums>> {
  const where = dimension === 'municipality_code' ? sql`true` : inMunicipality(span);
  const { rows } = await sql<{
    key: string;
    started: string;
    accepted: string;
    declined: string;
    expired: string;
    final: string;
  }>`
    SELECT ${sql.ref(dimension)}::text AS key, sum(started) AS started, sum(accepted) AS accepted,
      sum(declined) AS declined, sum(expired) AS expired, sum(final_outcome) AS final
    FROM metric_handoff_month WHERE ${inMonths(span)} AND ${where}
    GROUP BY 1`.execute(db);
  return new Map(
    rows.map((r) => [
      r.key,
      {
        started: int(r.started),
        accepted: int(r.accepted),
        declined: int(r.declined),
        expired: int(r.expired),
        finalOutcome: int(r.final),
      },
    ]),
  );
}

/** Working days to acceptance, or from the handoff to the first visit held → handoffs. */
export async function handoffHistogram(
  db: Db,
  span: Span,
  which: 'accept' | 'visit',
): Promise<Map<number, number>> {
  const days = sql.ref(`${which}_days`);
  const counts = sql.ref(`${which}_counts`);
  const { rows } = await sql<{ days: number; n: string }>`
    SELECT u.days, sum(u.n) AS n
    FROM metric_handoff_month, unnest(${days}, ${counts}) AS u(days, n)
    WHERE ${inMonths(span)} AND ${inMunicipality(span)}
    GROUP BY u.days`.execute(db);
  return new Map(rows.map((r) => [Number(r.days), int(r.n)]));
}

export async function crossBorderMethods(db: Db, span: Span): Promise<Map<string, number>> {
  const { rows } = await sql<{ key: string; n: string }>`
    SELECT method_code AS key, sum(handoffs) AS n FROM metric_cross_border_method_month
    WHERE ${inMonths(span)} AND ${inMunicipality(span)} GROUP BY 1`.execute(db);
  return new Map(rows.map((r) => [r.key, int(r.n)]));
}

/**
 * Unique families contacting in the months `mask` of `year` (January = bit 0), by municipality
 * (the whole region): exact, from the months each family contacted in.
 */
export async function familiesByMunicipality(
  db: Db,
  regionId: string,
  year: number,
  mask: number,
): Promise<Map<string, number>> {
  const { rows } = await sql<{ key: string; n: string }>`
    SELECT municipality_code AS key, sum(families) AS n FROM metric_family_year
    WHERE region_id = ${regionId} AND year = ${year} AND (months & ${mask}) <> 0
    GROUP BY 1`.execute(db);
  return new Map(rows.map((r) => [r.key, int(r.n)]));
}

/** The latest year with children 0–17 for the region's municipalities, and its counts. */
export async function latestPopulation(
  db: Db,
  regionId: string,
): Promise<{
  year: number;
  source: 'statfin_11re' | 'plain_csv' | 'estimate';
  children: Map<string, number>;
} | null> {
  const { rows } = await sql<{ year: number; code: string; children: number; source: string }>`
    SELECT p.year, p.municipality_code AS code, p.children, p.source
    FROM population p JOIN municipality m ON m.code = p.municipality_code
    WHERE m.region_id = ${regionId} AND p.year = (
      SELECT max(p2.year) FROM population p2 JOIN municipality m2 ON m2.code = p2.municipality_code
      WHERE m2.region_id = ${regionId})`.execute(db);
  const first = rows[0];
  if (!first) return null;
  // a year mixed from sources reads as its weakest: an estimate anywhere makes it an estimate
  const sources = new Set(rows.map((r) => r.source));
  const source = sources.has('estimate')
    ? 'estimate'
    : sources.has('plain_csv')
      ? 'plain_csv'
      : 'statfin_11re';
  return {
    year: Number(first.year),
    source,
    children: new Map(rows.map((r) => [r.code, Number(r.children)])),
  };
}

/** Feedback answers of the period (by the month the contact closed), in the municipality. */
export async function feedbackCounts(
  db: Db,
  span: Span,
): Promise<{ gotHelp: Map<string, number>; ease: Map<string, number> }> {
  const { rows } = await sql<{ got_help: string; ease: number | null; n: string }>`
    SELECT got_help, ease, count(*) AS n FROM feedback
    WHERE ${inMonths(span)} AND ${inMunicipality(span)}
    GROUP BY got_help, ease`.execute(db);
  const gotHelp = new Map<string, number>();
  const ease = new Map<string, number>();
  for (const r of rows) {
    gotHelp.set(r.got_help, (gotHelp.get(r.got_help) ?? 0) + int(r.n));
    const key = r.ease === null ? '' : String(r.ease);
    ease.set(key, (ease.get(key) ?? 0) + int(r.n));
  }
  return { gotHelp, ease };
}

/**
 * Consultations requested in the period, and those whose first answer (a counsellor's answer,
 * call, acceptance or decline) came by their promised day, of those answered or past the day.
 */
export async function consultationCounts(
  db: Db,
  span: Span,
  today: string,
): Promise<{ requests: number; due: number; met: number }> {
  const { rows } = await sql<{ requests: string; due: string; met: string }>`
    SELECT count(*) AS requests,
      count(*) FILTER (WHERE first_answer IS NOT NULL OR respond_by < ${today}::date) AS due,
      count(*) FILTER (WHERE (first_answer AT TIME ZONE ${HELSINKI})::date <= respond_by) AS met
    FROM (
      SELECT c.respond_by, (SELECT min(m.created_at) FROM consultation_message m
        WHERE m.consultation_id = c.id AND m.side = 'counsellor') AS first_answer
      FROM consultation c
      WHERE c.region_id = ${span.regionId} AND c.created_at >= ${periodStart(span)} AND c.created_at < ${periodEnd(span)}
    ) x`.execute(db);
  const r = rows[0];
  return { requests: int(r?.requests), due: int(r?.due), met: int(r?.met) };
}

/**
 * Yhdessä aika meetings held in the period (in the municipality: the contact's), and the working
 * days from the meeting's request to the meeting → meetings.
 */
export async function meetingsHeld(db: Db, span: Span): Promise<{ held: number; days: Map<number, number> }> {
  const { rows } = await sql<{ days: number | null; n: string }>`
    SELECT held.working_index - asked.working_index AS days, count(*) AS n
    FROM meeting m
    JOIN contact c ON c.id = m.contact_id
    JOIN work_calendar asked ON asked.day = (
      (SELECT min(e.at) FROM meeting_event e WHERE e.meeting_id = m.id) AT TIME ZONE ${HELSINKI})::date
    JOIN work_calendar held ON held.day = (m.starts_at AT TIME ZONE ${HELSINKI})::date
    WHERE m.region_id = ${span.regionId} AND m.state IN ('held', 'followed_up')
      AND m.starts_at >= ${periodStart(span)} AND m.starts_at < ${periodEnd(span)}
      AND ${span.municipality === null ? sql`true` : sql`c.municipality_code = ${span.municipality}`}
    GROUP BY 1`.execute(db);
  const days = new Map(rows.map((r) => [Math.max(0, Number(r.days ?? 0)), int(r.n)]));
  return { held: [...days.values()].reduce((a, b) => a + b, 0), days };
}

/** Open contacts and handoffs past their promise at the last refresh (in the municipality). */
export async function pastPromise(
  db: Db,
  regionId: string,
  municipality: string | null,
): Promise<{ contacts: number; handoffs: number }> {
  const { rows } = await sql<{ contacts: string | null; handoffs: string | null }>`
    SELECT sum(contacts) AS contacts, sum(handoffs) AS handoffs FROM metric_past_promise
    WHERE region_id = ${regionId}
      AND ${municipality === null ? sql`true` : sql`municipality_code = ${municipality}`}`.execute(db);
  return { contacts: int(rows[0]?.contacts), handoffs: int(rows[0]?.handoffs) };
}

/** Names for the report's keys: the region, its municipalities, services, topics and methods. */
export async function names(
  db: Db,
  regionId: string,
  serviceIds: readonly string[],
): Promise<{
  region: LocalizedText | null;
  municipalities: Map<string, LocalizedText>;
  services: Map<string, LocalizedText>;
  topics: Map<string, LocalizedText>;
  methods: Map<string, LocalizedText>;
}> {
  const region = await db.selectFrom('region').select('name').where('id', '=', regionId).executeTakeFirst();
  const municipalities = await db
    .selectFrom('municipality')
    .select(['code', 'name'])
    .where('region_id', '=', regionId)
    .orderBy('code')
    .execute();
  const services =
    serviceIds.length === 0
      ? []
      : await db
          .selectFrom('service')
          .select(['id', 'name'])
          .where('id', 'in', [...serviceIds])
          .execute();
  const topics = await db
    .selectFrom('taxonomy_term')
    .innerJoin('taxonomy', 'taxonomy.id', 'taxonomy_term.taxonomy_id')
    .select(['taxonomy_term.code', 'taxonomy_term.name'])
    .where('taxonomy.code', '=', 'topic')
    .execute();
  const methods = await db.selectFrom('method').select(['code', 'name']).execute();
  return {
    region: (region?.name as LocalizedText | undefined) ?? null,
    municipalities: new Map(municipalities.map((m) => [m.code, m.name as LocalizedText])),
    services: new Map(services.map((s) => [s.id, s.name as LocalizedText])),
    topics: new Map(topics.map((t) => [t.code, t.name as LocalizedText])),
    methods: new Map(methods.map((m) => [m.code, m.name as LocalizedText])),
  };
}
