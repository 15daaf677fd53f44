/**
 * The duty roster as the promise and the duty alert need it (issue 10, finding 1): which days a
 * counsellor is on duty, and whom to alert at once of an emergency contact. Staff data only.
 *
 * The alert goes to the counsellors on duty now: those the roster names for today (Helsinki),
 * phone and queue duty alike, while the office is open (promise.ts, staffedNow). It goes by
 * e-mail (staff_user.email) and SMS (staff_user.work_phone) through the outbox, in the
 * transaction that receives the contact. When nobody is on duty now (evenings, weekends,
 * holidays, a day the roster names nobody), the managers of the region's contact point are
 * alerted instead, so that someone responsible always hears of it at once. The alert names no one and carries none of
 * the family's words: only the reference and a link to the contact in the staff workspace.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB, Urgency } from '../../platform/db/types.ts';
import { enqueue } from '../../platform/outbox.ts';
import { dayAfter, helsinkiDate } from '../../platform/working-days.ts';

/** How far ahead the roster is read for the promise. */
const ROSTER_AHEAD_DAYS = 60;

/** The days from `from` on that the roster names at least one active counsellor on. */
export async function dutyDaysFrom(db: Kysely<DB> | Transaction<DB>, regionId: string, from: string) {
  let last = from;
  for (let i = 0; i < ROSTER_AHEAD_DAYS; i++) last = dayAfter(last);
  const rows = await db
    .selectFrom('duty_roster')
    .innerJoin('staff_user', 'staff_user.id', 'duty_roster.staff_user_id')
    .select(sql<string>`to_char(duty_roster.day, 'YYYY-MM-DD')`.as('day'))
    .distinct()
    .where('duty_roster.region_id', '=', regionId)
    .where('duty_roster.day', '>=', from)
    .where('duty_roster.day', '<=', last)
    .where('staff_user.active', '=', true)
    .execute();
  return new Set(rows.map((r) => r.day));
}

export type DutyAlerted = 'duty' | 'managers' | 'nobody';

/**
 * Writes the duty alert of a contact into the outbox, in the caller's transaction. Resolves to
 * whom it went: the counsellors on duty today, else the contact point's managers; 'nobody' when
 * none of them has an address or a work phone (the contact still tops the queue).
 */
export async function alertOnDuty(
  trx: Transaction<DB>,
  alert: {
    contactId: string;
    reference: string;
    urgency: Urgency;
    regionId: string;
    contactPointOrganizationId: string;
    publicUrl: string;
    now: Date;
    /** the office is open now (promise.ts): today's roster is at work */
    staffedNow: boolean;
  },
): Promise<DutyAlerted> {
  const onDuty = !alert.staffedNow
    ? []
    : await trx
        .selectFrom('duty_roster')
        .innerJoin('staff_user', 'staff_user.id', 'duty_roster.staff_user_id')
        .select(['staff_user.id', 'staff_user.email', 'staff_user.work_phone'])
        .distinct()
        .where('duty_roster.region_id', '=', alert.regionId)
        .where('duty_roster.day', '=', helsinkiDate(alert.now))
        .where('staff_user.active', '=', true)
        .orderBy('staff_user.id')
        .execute();
  const managers =
    onDuty.length > 0
      ? []
      : await trx
          .selectFrom('staff_user')
          .innerJoin('staff_role', 'staff_role.staff_user_id', 'staff_user.id')
          .select(['staff_user.id', 'staff_user.email', 'staff_user.work_phone'])
          .distinct()
          .where('staff_role.organization_id', '=', alert.contactPointOrganizationId)
          .where('staff_role.role', '=', 'manager')
          .where('staff_user.region_id', '=', alert.regionId)
          .where('staff_user.active', '=', true)
          .orderBy('staff_user.id')
          .execute();
  const recipients = onDuty.length > 0 ? onDuty : managers;
  const params = {
    reference: alert.reference,
    urgency: alert.urgency,
    contactUrl: `${alert.publicUrl}/fi/staff/contacts/${alert.contactId}`,
  };
  let sent = 0;
  for (const r of recipients) {
    const email = r.email?.trim();
    const phone = r.work_phone?.trim();
    if (email)
      await enqueue(trx, {
        channel: 'email',
        recipient: email,
        template: 'duty_alert',
        language: 'fi',
        params,
      });
    if (phone)
      await enqueue(trx, {
        channel: 'sms',
        recipient: phone,
        template: 'duty_alert',
        language: 'fi',
        params,
      });
    if (email || phone) sent++;
  }
  if (sent === 0) return 'nobody';
  return onDuty.length > 0 ? 'duty' : 'managers';
}
