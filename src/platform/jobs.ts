/**
 * Scheduled jobs that run once per due time across every process on one database (issue 15,
 * docs/jobs.md, decision 0018). Each job has a row in scheduled_job (migration 0026): when it
 * is next due, who holds it and until when (the lease), and how its last run went.
 *
 * A process claims a due job with one conditional UPDATE (due, and no live lease) that sets
 * the lease and returns the row; under READ COMMITTED a second UPDATE of the same row waits for
 * the first and re-checks its WHERE against the new row, so one process wins each due time and
 * the others get no row. The job then runs outside any transaction of the scheduler (its own
 * transactions are short; on PGlite a held transaction blocks the whole process), the lease is
 * renewed while it runs, and the run is recorded with the next due time. A process that dies
 * mid-run leaves its lease to run out, and the job is claimed again after it. A run that throws
 * is tried again after a backoff (30 s, doubling, at most an hour or the job's period), with
 * the error's name and code only: messages may carry personal data.
 *
 * The due times follow the database's clock, the same for every process; the job itself gets
 * the application's clock (tests fix it).
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { type Kysely, sql } from 'kysely';
import type { Logger } from 'pino';
import type { DB } from './db/types.ts';
import { dayAfter, helsinkiDate, helsinkiMinutes } from './working-days.ts';

/** Every `everyMs` (the first run one period after the job is first registered), or daily at a time in Helsinki. */
export type JobSchedule = { everyMs: number } | { dailyAt: `${number}:${number}` };

/** What a job reports of a run: counts only (what was removed, sent), never personal data. */
export type JobCounts = Record<string, number>;

export interface ScheduledJob {
  /** its key in scheduled_job and in `npm run cli -- run-job <name>`: lower case and dashes */
  name: string;
  schedule: JobSchedule;
  /**
   * Does the work at the application's `now`. It must be safe to run again after a crash part
   * way: each of its transactions leaves a mark (reminded, expired) that the next run skips.
   */
  run(now: Date): Promise<JobCounts | undefined>;
  /** how long a claim holds before another process may take the job over (default 5 minutes); renewed while it runs */
  leaseMs?: number;
}

export interface SchedulerOptions {
  db: Kysely<DB>;
  logger: Logger;
  jobs: readonly ScheduledJob[];
  /** how often the process looks for due jobs (default: the shortest period, at most 30 s) */
  tickMs?: number;
  /** the backoff after a failed run: base × 2^(failures before), at most maxMs and the job's period */
  retry?: { baseMs?: number; maxMs?: number };
  /** the clock handed to the jobs (the application's; tests fix it) */
  now?: () => Date;
  /** who claims, as scheduled_job.locked_by shows it (default: host, process id and a random part) */
  owner?: string;
}

/** How one attempt at a job ended. */
export type JobRun =
  | { name: string; outcome: 'done'; counts: JobCounts | undefined; nextDueAt: Date }
  | { name: string; outcome: 'failed'; error: string }
  /** not due, or held by another process (its lease has not run out) */
  | { name: string; outcome: 'not-claimed' };

export interface Scheduler {
  readonly jobs: readonly ScheduledJob[];
  /** writes each job's row (first due one period from now) and starts looking every tick */
  start(): Promise<void>;
  /** stops looking; waits for a run in progress */
  stop(): Promise<void>;
  /** claims and runs every job due now, one after another (what the timer does) */
  tick(): Promise<JobRun[]>;
  /** claims one job whether due or not (unless another process holds it) and runs it: the CLI */
  runNow(name: string): Promise<JobRun>;
}

export const DEFAULT_LEASE_MS = 5 * 60_000;
const DEFAULT_TICK_MS = 30_000;
const DEFAULT_RETRY = { baseMs: 30_000, maxMs: 60 * 60_000 };
const JOB_NAME = /^[a-z][a-z0-9-]{0,62}$/;

/** A scheduler over the given jobs; nothing runs before `start` (or `tick`). */
export function createScheduler(options: SchedulerOptions): Scheduler {
  const { db, logger, jobs } = options;
  const byName = new Map<string, ScheduledJob>();
  for (const job of jobs) {
    if (!JOB_NAME.test(job.name)) throw new Error(`a job name is lower case and dashes: ${job.name}`);
    if (byName.has(job.name)) throw new Error(`two jobs named ${job.name}`);
    if ('everyMs' in job.schedule && !(job.schedule.everyMs > 0))
      throw new Error(`the period of ${job.name} must be positive`);
    if ('dailyAt' in job.schedule) minutesOf(job.schedule.dailyAt);
    byName.set(job.name, job);
  }
  const owner = options.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const retry = { ...DEFAULT_RETRY, ...options.retry };
  const periods = jobs.flatMap((job) => ('everyMs' in job.schedule ? [job.schedule.everyMs] : []));
  const tickMs = options.tickMs ?? Math.min(DEFAULT_TICK_MS, ...periods);
  let timer: NodeJS.Timeout | undefined;
  let ticking: Promise<unknown> | undefined;

  async function attempt(job: ScheduledJob, force: boolean): Promise<JobRun> {
    const leaseMs = job.leaseMs ?? DEFAULT_LEASE_MS;
    const token = `${owner}:${randomUUID().slice(0, 8)}`;
    const claimed = await db
      .updateTable('scheduled_job')
      .set({
        locked_by: token,
        lease_until: sql`now() + ${leaseMs}::float8 * interval '1 millisecond'`,
        last_started_at: sql`now()`,
        run_count: sql`run_count + 1`,
      })
      .where('name', '=', job.name)
      .where(force ? sql<boolean>`true` : sql<boolean>`next_due_at <= now()`)
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', sql<Date>`now()`)]))
      .returning(['next_due_at as slot', sql<Date>`now()`.as('startedAt')])
      .executeTakeFirst();
    if (!claimed) return { name: job.name, outcome: 'not-claimed' };
    // renewed while it runs: a slow run is not taken over, a dead process's is
    const renew = setInterval(
      () => {
        db.updateTable('scheduled_job')
          .set({ lease_until: sql`now() + ${leaseMs}::float8 * interval '1 millisecond'` })
          .where('name', '=', job.name)
          .where('locked_by', '=', token)
          .execute()
          .catch((error: unknown) =>
            logger.warn({ job: job.name, error: errorCode(error) }, 'job lease renewal failed'),
          );
      },
      Math.max(10, Math.floor(leaseMs / 3)),
    );
    renew.unref();
    try {
      const counts = await job.run(options.now?.() ?? new Date());
      const nextDueAt = nextDue(job.schedule, new Date(claimed.slot), new Date(claimed.startedAt));
      const done = await db
        .updateTable('scheduled_job')
        .set({
          next_due_at: nextDueAt,
          locked_by: null,
          lease_until: null,
          last_finished_at: sql`now()`,
          last_error: null,
          failures: 0,
        })
        .where('name', '=', job.name)
        .where('locked_by', '=', token)
        .executeTakeFirst();
      if (Number(done.numUpdatedRows) === 0)
        logger.warn({ job: job.name }, 'scheduled job finished after its lease was taken over');
      if (counts && Object.values(counts).some((n) => n > 0))
        logger.info({ job: job.name, ...counts }, 'scheduled job done');
      return { name: job.name, outcome: 'done', counts, nextDueAt };
    } catch (error) {
      const code = errorCode(error);
      const maxMs = Math.min(retry.maxMs, 'everyMs' in job.schedule ? job.schedule.everyMs : retry.maxMs);
      await db
        .updateTable('scheduled_job')
        .set({
          next_due_at: sql`now() + least(${maxMs}::float8, ${retry.baseMs}::float8 * power(2, least(failures, 30))) * interval '1 millisecond'`,
          locked_by: null,
          lease_until: null,
          last_finished_at: sql`now()`,
          last_error: code,
          failures: sql`failures + 1`,
        })
        .where('name', '=', job.name)
        .where('locked_by', '=', token)
        .execute();
      logger.warn({ job: job.name, error: code }, 'scheduled job failed; it is tried again');
      return { name: job.name, outcome: 'failed', error: code };
    } finally {
      clearInterval(renew);
    }
  }

  async function tick(): Promise<JobRun[]> {
    if (byName.size === 0) return [];
    const due = await db
      .selectFrom('scheduled_job')
      .select('name')
      .where('name', 'in', [...byName.keys()])
      .where('next_due_at', '<=', sql<Date>`now()`)
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', sql<Date>`now()`)]))
      .orderBy('next_due_at')
      .execute();
    const runs: JobRun[] = [];
    for (const { name } of due) runs.push(await attempt(byName.get(name) as ScheduledJob, false));
    return runs;
  }

  return {
    jobs,
    async start() {
      await registerJobs(db, jobs);
      if (timer || byName.size === 0) return;
      timer = setInterval(() => {
        if (ticking) return;
        ticking = tick()
          .catch((error: unknown) => logger.warn({ error: errorCode(error) }, 'scheduled jobs: tick failed'))
          .finally(() => {
            ticking = undefined;
          });
      }, tickMs);
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
      timer = undefined;
      await ticking;
    },
    tick,
    async runNow(name) {
      const job = byName.get(name);
      if (!job) throw new Error(`no job named ${name}`);
      await registerJobs(db, [job]);
      return attempt(job, true);
    },
  };
}

/**
 * Writes a row for each job that has none, first due one period from now (as the timers before
 * ran first after one period) or at its next daily time; a shorter period than the row's brings
 * its due time nearer. Safe to run from several processes at once.
 */
export async function registerJobs(db: Kysely<DB>, jobs: readonly ScheduledJob[]): Promise<void> {
  for (const job of jobs) {
    const first =
      'everyMs' in job.schedule
        ? sql<Date>`now() + ${job.schedule.everyMs}::float8 * interval '1 millisecond'`
        : nextHelsinkiTime(new Date(), minutesOf(job.schedule.dailyAt));
    await db
      .insertInto('scheduled_job')
      .values({ name: job.name, next_due_at: first })
      .onConflict((oc) =>
        oc.column('name').doUpdateSet({
          next_due_at: sql`least(scheduled_job.next_due_at, excluded.next_due_at)`,
        }),
      )
      .execute();
  }
}

/** One job's row as an operator sees it (`npm run cli -- jobs`). */
export interface JobStatus {
  name: string;
  nextDueAt: Date;
  lastStartedAt: Date | null;
  lastFinishedAt: Date | null;
  lastError: string | null;
  failures: number;
  runCount: number;
  lockedBy: string | null;
  leaseUntil: Date | null;
}

/** Every job's row, by name. */
export async function jobStatus(db: Kysely<DB>): Promise<JobStatus[]> {
  const rows = await db.selectFrom('scheduled_job').selectAll().orderBy('name').execute();
  return rows.map((r) => ({
    name: r.name,
    nextDueAt: r.next_due_at,
    lastStartedAt: r.last_started_at,
    lastFinishedAt: r.last_finished_at,
    lastError: r.last_error,
    failures: r.failures,
    runCount: r.run_count,
    lockedBy: r.locked_by,
    leaseUntil: r.lease_until,
  }));
}

/** A schedule in words: "every 15 min", "daily 02:30 Europe/Helsinki". */
export function describeSchedule(schedule: JobSchedule): string {
  if ('dailyAt' in schedule) return `daily ${schedule.dailyAt} Europe/Helsinki`;
  const ms = schedule.everyMs;
  if (ms % 3_600_000 === 0) return `every ${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `every ${ms / 60_000} min`;
  return `every ${ms / 1000} s`;
}

/**
 * The due time after a run that started at `startedAt` for the due time `slot`: the next of the
 * job's times after the start (missed ones are not made up, and a run before its time — the
 * CLI's — leaves the due time where it was).
 */
export function nextDue(schedule: JobSchedule, slot: Date, startedAt: Date): Date {
  if (slot.getTime() > startedAt.getTime()) return slot;
  if ('dailyAt' in schedule) return nextHelsinkiTime(startedAt, minutesOf(schedule.dailyAt));
  const period = schedule.everyMs;
  const periods = Math.floor((startedAt.getTime() - slot.getTime()) / period) + 1;
  return new Date(slot.getTime() + periods * period);
}

/** The first instant after `after` when the clock in Helsinki shows `minutes` after midnight. */
export function nextHelsinkiTime(after: Date, minutes: number): Date {
  let day = helsinkiDate(after);
  for (let i = 0; i < 3; i++) {
    const at = helsinkiInstant(day, minutes);
    if (at.getTime() > after.getTime()) return at;
    day = dayAfter(day);
  }
  throw new Error('no Helsinki time found'); // unreachable: a day has every time once or twice
}

/** The instant of a Helsinki day and time (EET +2 or EEST +3; a time in the spring gap comes an hour later). */
function helsinkiInstant(day: string, minutes: number): Date {
  let ms = Date.parse(`${day}T00:00:00Z`) + (minutes - 120) * 60_000;
  for (let i = 0; i < 2; i++) {
    let diff = helsinkiMinutes(new Date(ms)) - minutes;
    if (diff > 720) diff -= 1440;
    if (diff < -720) diff += 1440;
    ms -= diff * 60_000;
  }
  return new Date(ms);
}

function minutesOf(time: string): number {
  const m = /^(\d{2}):(\d{2})$/.exec(time);
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) throw new Error(`not a time of day (HH:MM): ${time}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** What is kept of an error: its name and code (a domain code, or PostgreSQL's SQLSTATE), never its message. */
export function errorCode(error: unknown): string {
  if (!(error instanceof Error)) return 'unknown';
  const code = (error as { code?: unknown }).code;
  const safe = (s: string) => s.replace(/[^\w.:-]/g, '').slice(0, 60);
  return typeof code === 'string' || typeof code === 'number'
    ? `${safe(error.name)}:${safe(String(code))}`
    : safe(error.name) || 'Error';
}
