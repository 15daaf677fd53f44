/**
 * The metrics' SQL: folding contacts and handoffs into the summary tables (migration 0020) and
 * reading the summaries back. The summaries hold counts only; these statements are the only
 * place the metrics read client data, always as aggregates of a region.
 *
 * Months and days are Europe/Helsinki's. Working days come from `work_calendar`
 * (refresh.ts fills it from src/platform/working-days.ts), so the figures count them as the
 * contact clock does.
 */
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../../platform/db/types.ts';

type Db = Kysely<DB>;

/** 'YYYY-MM-01' of a month. */
export type MonthStart = string;

const HELSINKI = 'Europe/Helsinki';

/** The Helsinki calendar day of a timestamp column, as SQL. */
const dayOf = (column: string) => sql.raw(`(${column} AT TIME ZONE '${HELSINKI}')::date`);
/** The Helsinki month (its first day) of a timestamp column, as SQL. */
const monthOf = (column: string) =>
  sql.raw(`date_trunc('month', ${column} AT TIME ZONE '${HELSINKI}')::date`);

/** The first and last day the calendar holds (null when empty). */
export async function calendarSpan(db: Db): Promise<{ first: string; last: string } | null> {
  const { rows } = await sql<{ first: string | null; last: string | null }>`
    SELECT min(day)::text AS first, max(day)::text AS last FROM work_calendar`.execute(db);
  const row = rows[0];
  return row?.first && row.last ? { first: row.first, last: row.last } : null;
}

export async function insertCalendar(
  db: Db,
  days: readonly { day: string; working: boolean; index: number }[],
): Promise<void> {
  for (let i = 0; i < days.length; i += 2000) {
    const chunk = days.slice(i, i + 2000);
    await sql`
      INSERT INTO work_calendar (day, working, working_index)
      SELECT d::date, w, x
      FROM unnest(${chunk.map((c) => c.day)}::text[], ${chunk.map((c) => c.working)}::boolean[],
                  ${chunk.map((c) => c.index)}::integer[]) AS u(d, w, x)
      ON CONFLICT (day) DO NOTHING`.execute(db);
  }
}

/** The Helsinki day of the region's first contact (null: none yet); an index answers it. */
export async function firstContactDay(db: Db, regionId: string): Promise<string | null> {
  const { rows } = await sql<{ first: string | null }>`
    SELECT ${dayOf('min(received_at)')}::text AS first FROM contact WHERE region_id = ${regionId}`.execute(
    db,
  );
  return rows[0]?.first ?? null;
}

export async function lastRefresh(
  db: Db,
  regionId: string,
): Promise<{ refreshedAt: Date; watermark: Date } | null> {
  const { rows } = await sql<{ refreshed_at: Date; watermark: Date }>`
    SELECT refreshed_at, watermark FROM metric_refresh WHERE region_id = ${regionId}`.execute(db);
  const row = rows[0];
  return row ? { refreshedAt: new Date(row.refreshed_at), watermark: new Date(row.watermark) } : null;
}

/**
 * The months whose summaries a change after `since` touches: the months received and closed
 * of the contacts changed, and the months started of the handoffs changed (null: every month
 * with data, for the first refresh).
 */
export async function dirtyMonths(db: Db, regionId: string, since: Date | null): Promise<MonthStart[]> {
  const after = since ?? new Date(0);
  const { rows } = await sql<{ month: string }>`
    SELECT DISTINCT m::text AS month FROM (
      SELECT ${monthOf('received_at')} AS m FROM contact
        WHERE region_id = ${regionId} AND updated_at > ${after}
      UNION
      SELECT ${monthOf('closed_at')} FROM contact
        WHERE region_id = ${regionId} AND updated_at > ${after} AND closed_at IS NOT NULL
      UNION
      SELECT ${monthOf('created_at')} FROM handoff
        WHERE region_id = ${regionId} AND updated_at > ${after}
    ) s ORDER BY 1`.execute(db);
  return rows.map((r) => r.month);
}

/** Takes the region's refresh lock for this transaction; false when another refresh holds it. */
export async function tryRefreshLock(db: Db, regionId: string): Promise<boolean> {
  const { rows } = await sql<{ locked: boolean }>`
    SELECT pg_try_advisory_xact_lock(hashtext('metric_refresh'), hashtext(${regionId})) AS locked`.execute(
    db,
  );
  return rows[0]?.locked === true;
}

/**
 * Recomputes every summary of one month (by received, closed and started) from the records.
 * `today`: the Helsinki day of the refresh (a promise whose day has passed is due).
 */
export async function recomputeMonth(
  db: Db,
  regionId: string,
  month: MonthStart,
  today: string,
): Promise<void> {
  const from = sql`(${month}::date::timestamp AT TIME ZONE ${HELSINKI})`;
  const to = sql`((${month}::date + interval '1 month')::timestamp AT TIME ZONE ${HELSINKI})`;
  for (const table of [
    'metric_contact_month',
    'metric_contact_facet_month',
    'metric_closed_month',
    'metric_handoff_month',
    'metric_cross_border_method_month',
  ]) {
    await sql`DELETE FROM ${sql.table(table)} WHERE region_id = ${regionId} AND month = ${month}::date`.execute(
      db,
    );
  }

  // contacts received in the month: the promise and the time to the first response
  await sql`
    INSERT INTO metric_contact_month (region_id, month, municipality_code, channel, contacter, language,
      contacts, promise_due, promise_met, response_days, response_counts, response_none)
    SELECT ${regionId}, ${month}::date, muni, channel, contacter, language,
      sum(n)::int, sum(due)::int, sum(met)::int,
      coalesce(array_agg(days ORDER BY days) FILTER (WHERE days IS NOT NULL), '{}'),
      coalesce(array_agg(n ORDER BY days) FILTER (WHERE days IS NOT NULL), '{}'),
      coalesce(sum(n) FILTER (WHERE days IS NULL), 0)::int
    FROM (
      SELECT coalesce(c.municipality_code, '') AS muni, c.channel, c.contacter, c.language,
        fr.working_index - rc.working_index AS days,
        count(*)::int AS n,
        count(*) FILTER (WHERE c.first_response_at IS NOT NULL OR c.respond_by < ${today}::date)::int AS due,
        count(*) FILTER (WHERE ${dayOf('c.first_response_at')} <= c.respond_by)::int AS met
      FROM contact c
      JOIN work_calendar rc ON rc.day = ${dayOf('c.received_at')}
      LEFT JOIN work_calendar fr ON fr.day = ${dayOf('c.first_response_at')}
      WHERE c.region_id = ${regionId} AND c.received_at >= ${from} AND c.received_at < ${to}
      GROUP BY 1, 2, 3, 4, 5
    ) g
    GROUP BY muni, channel, contacter, language`.execute(db);

  // the many-valued breakdowns: topics and the children's age groups
  await sql`
    INSERT INTO metric_contact_facet_month (region_id, month, municipality_code, facet, value, contacts)
    SELECT ${regionId}, ${month}::date, muni, facet, value, count(*)::int FROM (
      SELECT coalesce(c.municipality_code, '') AS muni, 'topic' AS facet, t.topic AS value
      FROM contact c CROSS JOIN LATERAL unnest(c.topics) AS t(topic)
      WHERE c.region_id = ${regionId} AND c.received_at >= ${from} AND c.received_at < ${to}
      UNION ALL
      SELECT coalesce(c.municipality_code, ''), 'age', g.age_group
      FROM contact c CROSS JOIN LATERAL (
        SELECT DISTINCT CASE WHEN a <= 6 THEN '0-6' WHEN a <= 12 THEN '7-12' ELSE '13-17' END AS age_group
        FROM unnest(c.child_ages) AS a WHERE a BETWEEN 0 AND 17
        UNION ALL SELECT '' WHERE cardinality(c.child_ages) = 0
      ) g
      WHERE c.region_id = ${regionId} AND c.received_at >= ${from} AND c.received_at < ${to}
    ) f GROUP BY muni, facet, value`.execute(db);

  // contacts closed in the month: one contact was enough (resolved, no handoff)
  await sql`
    INSERT INTO metric_closed_month (region_id, month, municipality_code, closed, one_contact)
    SELECT ${regionId}, ${month}::date, coalesce(c.municipality_code, ''), count(*)::int,
      count(*) FILTER (WHERE c.outcome = 'resolved_one_contact'
        AND NOT EXISTS (SELECT 1 FROM handoff h WHERE h.contact_id = c.id))::int
    FROM contact c
    WHERE c.region_id = ${regionId} AND c.closed_at >= ${from} AND c.closed_at < ${to}
    GROUP BY 3`.execute(db);

  // handoffs started in the month
  await sql`
    INSERT INTO metric_handoff_month (region_id, month, municipality_code, service_id, cross_border,
      decline_reason, started, accepted, declined, expired, final_outcome,
      accept_days, accept_counts, visit_days, visit_counts)
    SELECT ${regionId}, ${month}::date, muni, service_id, cross_border, decline_reason,
      sum(n)::int, sum(accepted)::int, sum(declined)::int, sum(expired)::int, sum(final)::int,
      coalesce(array_agg(accept_days ORDER BY accept_days) FILTER (WHERE accept_days IS NOT NULL), '{}'),
      coalesce(array_agg(accept_n ORDER BY accept_days) FILTER (WHERE accept_days IS NOT NULL), '{}'),
      '{}', '{}'
    FROM (
      SELECT muni, service_id, cross_border, decline_reason, accept_days,
        count(*)::int AS n, count(*) FILTER (WHERE is_accepted)::int AS accepted,
        count(*) FILTER (WHERE state = 'declined')::int AS declined,
        count(*) FILTER (WHERE state = 'expired')::int AS expired,
        count(*) FILTER (WHERE state IN ('completed', 'declined', 'expired', 'cancelled'))::int AS final,
        count(*) FILTER (WHERE accept_days IS NOT NULL)::int AS accept_n
      FROM (
        SELECT coalesce(c.municipality_code, '') AS muni, h.target_service_id AS service_id,
          coalesce(u.municipality_code <> c.municipality_code, false) AS cross_border,
          coalesce(h.decline_reason, '') AS decline_reason, h.state,
          h.state IN ('accepted', 'appointment_set', 'first_visit_held', 'completed') AS is_accepted,
          (SELECT ac.working_index - st.working_index FROM handoff_event e
             JOIN work_calendar ac ON ac.day = ${dayOf('e.at')}
             WHERE e.handoff_id = h.id AND e.to_state IN ('accepted', 'appointment_set')
             ORDER BY e.id LIMIT 1) AS accept_days
        FROM handoff h
        JOIN contact c ON c.id = h.contact_id
        JOIN work_calendar st ON st.day = ${dayOf('h.created_at')}
        LEFT JOIN unit u ON u.id = h.target_unit_id
        WHERE h.region_id = ${regionId} AND h.created_at >= ${from} AND h.created_at < ${to}
      ) x
      GROUP BY 1, 2, 3, 4, 5
    ) g
    GROUP BY muni, service_id, cross_border, decline_reason`.execute(db);

  // the first visit held after the handoff: working days from the start to the appointment
  await sql`
    UPDATE metric_handoff_month m SET visit_days = v.days, visit_counts = v.counts
    FROM (
      SELECT muni, service_id, cross_border, decline_reason,
        array_agg(days ORDER BY days) AS days, array_agg(n ORDER BY days) AS counts
      FROM (
        SELECT coalesce(c.municipality_code, '') AS muni, h.target_service_id AS service_id,
          coalesce(u.municipality_code <> c.municipality_code, false) AS cross_border,
          coalesce(h.decline_reason, '') AS decline_reason,
          greatest(ap.working_index - st.working_index, 0) AS days, count(*)::int AS n
        FROM handoff h
        JOIN contact c ON c.id = h.contact_id
        JOIN work_calendar st ON st.day = ${dayOf('h.created_at')}
        JOIN work_calendar ap ON ap.day = ${dayOf('h.appointment_at')}
        LEFT JOIN unit u ON u.id = h.target_unit_id
        WHERE h.region_id = ${regionId} AND h.created_at >= ${from} AND h.created_at < ${to}
          AND h.state IN ('first_visit_held', 'completed')
        GROUP BY 1, 2, 3, 4, 5
      ) d GROUP BY 1, 2, 3, 4
    ) v
    WHERE m.region_id = ${regionId} AND m.month = ${month}::date AND m.municipality_code = v.muni
      AND m.service_id = v.service_id AND m.cross_border = v.cross_border
      AND m.decline_reason = v.decline_reason`.execute(db);

  // expertise across borders: by the methods of the receiving unit's professionals
  await sql`
    INSERT INTO metric_cross_border_method_month (region_id, month, municipality_code, method_code, handoffs)
    SELECT ${regionId}, ${month}::date, muni, method_code, count(*)::int FROM (
      SELECT coalesce(c.municipality_code, '') AS muni, coalesce(m.method_code, '') AS method_code
      FROM handoff h
      JOIN contact c ON c.id = h.contact_id
      JOIN unit u ON u.id = h.target_unit_id AND u.municipality_code <> c.municipality_code
      LEFT JOIN LATERAL (
        SELECT DISTINCT pm.method_code FROM professional p
        JOIN professional_method pm ON pm.professional_id = p.id
        WHERE p.unit_id = u.id AND p.active
      ) m ON true
      WHERE h.region_id = ${regionId} AND h.created_at >= ${from} AND h.created_at < ${to}
    ) x GROUP BY muni, method_code`.execute(db);
}

/** Recomputes the unique families of a year (by municipality and the months they contacted in). */
export async function recomputeFamilies(db: Db, regionId: string, year: number): Promise<void> {
  const from = sql`(make_date(${year}, 1, 1)::timestamp AT TIME ZONE ${HELSINKI})`;
  const to = sql`(make_date(${year} + 1, 1, 1)::timestamp AT TIME ZONE ${HELSINKI})`;
  await sql`DELETE FROM metric_family_year WHERE region_id = ${regionId} AND year = ${year}`.execute(db);
  await sql`
    INSERT INTO metric_family_year (region_id, year, municipality_code, months, families)
    SELECT ${regionId}, ${year}, muni, months, count(*)::int FROM (
      SELECT coalesce(municipality_code, '') AS muni,
        coalesce(client_id::text, 'e:' || lower(email), 'p:' || regexp_replace(phone, '[^0-9+]', '', 'g'),
                 'c:' || id::text) AS family,
        bit_or(1 << (extract(month FROM received_at AT TIME ZONE ${HELSINKI})::int - 1)) AS months
      FROM contact
      WHERE region_id = ${regionId} AND received_at >= ${from} AND received_at < ${to}
      GROUP BY 1, 2
    ) f GROUP BY muni, months`.execute(db);
}

/** Counts what is past its promise now (open contacts unanswered, handoffs unanswered). */
export async function recomputePastPromise(db: Db, regionId: string, today: string): Promise<void> {
  await sql`DELETE FROM metric_past_promise WHERE region_id = ${regionId}`.execute(db);
  await sql`
    INSERT INTO metric_past_promise (region_id, municipality_code, contacts, handoffs)
    SELECT ${regionId}, muni, sum(contacts)::int, sum(handoffs)::int FROM (
      SELECT coalesce(municipality_code, '') AS muni, count(*) AS contacts, 0 AS handoffs
      FROM contact
      WHERE region_id = ${regionId} AND state <> 'closed' AND first_response_at IS NULL
        AND respond_by < ${today}::date
      GROUP BY 1
      UNION ALL
      SELECT coalesce(c.municipality_code, ''), 0, count(*)
      FROM handoff h JOIN contact c ON c.id = h.contact_id
      WHERE h.region_id = ${regionId} AND h.state = 'requested' AND h.respond_by < ${today}::date
      GROUP BY 1
    ) x GROUP BY muni`.execute(db);
}

export async function markRefreshed(
  db: Db,
  regionId: string,
  refreshedAt: Date,
  watermark: Date,
): Promise<void> {
  await sql`
    INSERT INTO metric_refresh (region_id, refreshed_at, watermark) VALUES (${regionId}, ${refreshedAt}, ${watermark})
    ON CONFLICT (region_id) DO UPDATE SET refreshed_at = excluded.refreshed_at, watermark = excluded.watermark`.execute(
    db,
  );
}
