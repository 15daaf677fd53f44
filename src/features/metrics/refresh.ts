/**
 * Keeping the metrics' summary tables fresh (docs/metrics.md "How the figures stay fresh").
 *
 * A refresh recomputes, in one transaction per region, the months whose contacts or handoffs
 * changed since the last refresh (found through the (region_id, updated_at) indexes), plus the
 * last two months always (an unanswered contact becomes "past its promise" without changing),
 * the unique families of those months' years, and what is past its promise now. It runs every
 * five minutes as a scheduled job (once across processes: src/platform/jobs.ts), after a
 * manager's "update now" (an advisory lock lets one refresh of a region run at a time), and from
 * the CLI. The watermark stays five minutes behind the refresh's start, so a
 * transaction that committed late is folded in by the next one.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/types.ts';
import type { ScheduledJob } from '../../platform/jobs.ts';
import { helsinkiDate, isWorkingDay } from '../../platform/working-days.ts';
import {
  calendarSpan,
  dirtyMonths,
  firstContactDay,
  insertCalendar,
  lastRefresh,
  markRefreshed,
  recomputeFamilies,
  recomputeMonth,
  recomputePastPromise,
  tryRefreshLock,
} from './queries/refresh.ts';

/** How far behind its start a refresh sets the watermark (late commits are not missed). */
const WATERMARK_MARGIN_MS = 5 * 60 * 1000;
/** The first day of the working-day calendar: its running index counts from here. */
const CALENDAR_EPOCH = '2000-01-01';

export interface RefreshResult {
  /** the months recomputed */
  months: number;
  /** false when another process was refreshing the region at the same time */
  ran: boolean;
}

/** Brings one region's summaries up to date. */
export async function refreshMetrics(db: Kysely<DB>, regionId: string, now: Date): Promise<RefreshResult> {
  const today = helsinkiDate(now);
  return db.transaction().execute(async (trx) => {
    if (!(await tryRefreshLock(trx, regionId))) return { months: 0, ran: false };
    const firstDay = await firstContactDay(trx, regionId);
    // appointments may lie ahead: the calendar reaches two years past today
    await ensureCalendar(trx, `${Number(today.slice(0, 4)) + 1}-12-31`);
    const previous = await lastRefresh(trx, regionId);
    const months = new Set(await dirtyMonths(trx, regionId, previous?.watermark ?? null));
    // the current and the previous month always: unanswered contacts fall past their promise
    const thisMonth = `${today.slice(0, 7)}-01`;
    months.add(thisMonth);
    months.add(monthBefore(thisMonth));
    const first = firstDay ? `${firstDay.slice(0, 7)}-01` : thisMonth;
    const chosen = [...months].filter((m) => m >= first && m <= thisMonth).sort();
    for (const month of chosen) await recomputeMonth(trx, regionId, month, today);
    for (const year of new Set(chosen.map((m) => Number(m.slice(0, 4))))) {
      await recomputeFamilies(trx, regionId, year);
    }
    await recomputePastPromise(trx, regionId, today);
    await markRefreshed(trx, regionId, now, new Date(now.getTime() - WATERMARK_MARGIN_MS));
    return { months: chosen.length, ran: true };
  });
}

/**
 * Refreshes a region that has never been refreshed (its first page view after the start of a
 * new installation), so that nobody sees empty figures for five minutes; else nothing.
 */
export async function refreshIfNever(db: Kysely<DB>, regionId: string, now: Date): Promise<boolean> {
  if (await lastRefresh(db, regionId)) return false;
  await refreshMetrics(db, regionId, now);
  return true;
}

/** Every region's summaries, one transaction each (the scheduled job and the CLI). */
export async function refreshAllRegions(db: Kysely<DB>, now: Date): Promise<number> {
  const regions = await db.selectFrom('region').select('id').execute();
  let months = 0;
  for (const region of regions) months += (await refreshMetrics(db, region.id, now)).months;
  return months;
}

/** How often the summaries are refreshed. */
export const METRICS_REFRESH_MS = 5 * 60 * 1000;

/** The scheduled job (src/platform/jobs.ts): every five minutes, once across processes. */
export function metricsRefreshJob(db: Kysely<DB>): ScheduledJob {
  return {
    name: 'metrics-refresh',
    schedule: { everyMs: METRICS_REFRESH_MS },
    run: async (now) => ({ months: await refreshAllRegions(db, now) }),
  };
}

/** Fills the working-day calendar from its epoch up to the end of the year after `until`. */
async function ensureCalendar(db: Kysely<DB>, until: string): Promise<void> {
  const last = `${Number(until.slice(0, 4)) + 1}-12-31`;
  const span = await calendarSpan(db);
  if (span && span.last >= last) return;
  const days: { day: string; working: boolean; index: number }[] = [];
  let index = 0;
  for (let ms = Date.parse(`${CALENDAR_EPOCH}T00:00:00Z`); ; ms += 86_400_000) {
    const day = new Date(ms).toISOString().slice(0, 10);
    const working = isWorkingDay(day);
    if (working) index++;
    if (!span || day > span.last) days.push({ day, working, index });
    if (day >= last) break;
  }
  await insertCalendar(db, days);
}

function monthBefore(monthStart: string): string {
  const year = Number(monthStart.slice(0, 4));
  const month = Number(monthStart.slice(5, 7));
  return month === 1 ? `${year - 1}-12-01` : `${year}-${String(month - 1).padStart(2, '0')}-01`;
}
