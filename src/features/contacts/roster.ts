/**
 * The duty roster of the contact point: who answers the region's phone and who works the
 * queue, day by day. Staff data, not client data: read by the contact point's counsellors and
 * managers, kept by its managers.
 */
import type { Kysely } from 'kysely';
import { can, Refusal } from '../../platform/access/index.ts';
import type { StaffActor } from '../../platform/auth/actor.ts';
import type { DB } from '../../platform/db/types.ts';
import { AppError } from '../../platform/errors.ts';
import { helsinkiDate, isWorkingDay } from '../../platform/working-days.ts';
import { contactPointCounsellors } from './contact-point.ts';
import { ROSTER } from './policy.ts';

export interface RosterDay {
  day: string;
  workingDay: boolean;
  phone: { id: string; name: string }[];
  queue: { id: string; name: string }[];
}

export interface Roster {
  from: string;
  days: RosterDay[];
  counsellors: { id: string; name: string }[];
  canEdit: boolean;
}

/** Calendar days from `from` (default: today in Helsinki), `days` of them (default 14). */
export async function readRoster(
  db: Kysely<DB>,
  actor: StaffActor,
  from?: string,
  days = 14,
  now = new Date(),
): Promise<Roster> {
  const start = from ?? helsinkiDate(now);
  if (!validDay(start))
    throw new AppError('request.invalid', 400, {}, [{ field: 'from', code: 'roster.invalid_day' }]);
  const list = calendarDays(start, days);
  const last = list[list.length - 1] ?? start;
  const [rows, counsellors, canEdit] = await Promise.all([
    db
      .selectFrom('duty_roster')
      .innerJoin('staff_user', 'staff_user.id', 'duty_roster.staff_user_id')
      .select(['duty_roster.day', 'duty_roster.duty', 'staff_user.id', 'staff_user.name'])
      .where('duty_roster.region_id', '=', actor.regionId)
      .where('duty_roster.day', '>=', start)
      .where('duty_roster.day', '<=', last)
      .orderBy('staff_user.name')
      .execute(),
    contactPointCounsellors(db, actor.regionId),
    mayKeepRoster(db, actor),
  ]);
  return {
    from: start,
    counsellors,
    canEdit,
    days: list.map((day) => ({
      day,
      workingDay: isWorkingDay(day),
      phone: rows.filter((r) => r.day === day && r.duty === 'phone').map((r) => ({ id: r.id, name: r.name })),
      queue: rows.filter((r) => r.day === day && r.duty === 'queue').map((r) => ({ id: r.id, name: r.name })),
    })),
  };
}

/** Replaces one day's duties; everyone named must be a counsellor of the contact point. */
export async function saveRosterDay(
  db: Kysely<DB>,
  actor: StaffActor,
  day: string,
  duties: { phone: string[]; queue: string[] },
): Promise<void> {
  if (!(await mayKeepRoster(db, actor))) throw new Refusal('role');
  if (!validDay(day))
    throw new AppError('request.invalid', 400, {}, [{ field: 'day', code: 'roster.invalid_day' }]);
  const counsellors = new Set((await contactPointCounsellors(db, actor.regionId)).map((c) => c.id));
  const problems = [
    ...duties.phone
      .filter((id) => !counsellors.has(id))
      .map(() => ({ field: 'phone', code: 'roster.staff_unknown' as const })),
    ...duties.queue
      .filter((id) => !counsellors.has(id))
      .map(() => ({ field: 'queue', code: 'roster.staff_unknown' as const })),
  ];
  if (problems.length > 0) throw new AppError('request.invalid', 400, {}, problems);
  await db.transaction().execute(async (trx) => {
    await trx
      .deleteFrom('duty_roster')
      .where('region_id', '=', actor.regionId)
      .where('day', '=', day)
      .execute();
    const rows = [
      ...[...new Set(duties.phone)].map((id) => ({ duty: 'phone' as const, id })),
      ...[...new Set(duties.queue)].map((id) => ({ duty: 'queue' as const, id })),
    ].map((r) => ({ region_id: actor.regionId, day, duty: r.duty, staff_user_id: r.id }));
    if (rows.length > 0) await trx.insertInto('duty_roster').values(rows).execute();
  });
}

/** Who answers the phone today (for the staff pages' header). */
export async function onDutyToday(db: Kysely<DB>, regionId: string, now = new Date()) {
  return db
    .selectFrom('duty_roster')
    .innerJoin('staff_user', 'staff_user.id', 'duty_roster.staff_user_id')
    .select(['staff_user.id', 'staff_user.name', 'duty_roster.duty'])
    .where('duty_roster.region_id', '=', regionId)
    .where('duty_roster.day', '=', helsinkiDate(now))
    .execute();
}

/**
 * The roster is kept by the managers of the region's contact point (not of its other
 * organisations): the contacts' policy says who (resource contact_roster).
 */
export function mayKeepRoster(db: Kysely<DB>, actor: StaffActor): Promise<boolean> {
  return can(db, actor, 'update', { type: ROSTER, id: null });
}

function validDay(day: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return false;
  const d = new Date(`${day}T12:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === day;
}

function calendarDays(start: string, count: number): string[] {
  const out: string[] = [];
  const d = new Date(`${start}T12:00:00Z`);
  for (let i = 0; i < count; i++) {
    out.push(d.toISOString().slice(0, 10));
    d.setUTCDate(d.getUTCDate() + 1);
  }
  return out;
}
