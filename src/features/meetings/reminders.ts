/**
 * The follow-up reminder (issue 12): REMIND_WORKING_DAYS working days (default 2) before a held
 * meeting's follow-up date, its organiser and every participant with an e-mail get a reminder
 * through the outbox. To other organisations it is neutral — "Yhteinen tapaaminen (Yhdessä
 * aika)", the date, the organiser and their organisation — never the family's name or topics;
 * staff get a link that needs signing in, the family its own text. The meeting is marked
 * reminded (follow_up_reminded_at) with an event row, through the door as the system.
 *
 * A scheduled job (every REMINDER_PERIOD_MS, once across processes: src/platform/jobs.ts). Should
 * two runs meet all the same (`sendFollowUpReminders` called beside the job), each meeting is
 * locked with FOR UPDATE SKIP LOCKED while it waits for its reminder and marked with a
 * conditional update, so it is reminded once.
 */
import type { Kysely } from 'kysely';
import { format, translations } from '../../i18n/index.ts';
import { access, type SystemActor } from '../../platform/access/door.ts';
import type { DB, Lang3 } from '../../platform/db/types.ts';
import type { ScheduledJob } from '../../platform/jobs.ts';
import { enqueue, type RenderTemplate } from '../../platform/outbox.ts';
import { formatFinnishDate, helsinkiDate, workingDaysBetween } from '../../platform/working-days.ts';
import { meetingRef } from './policy.ts';
import {
  insertMeetingEvent,
  lockForReminder,
  markReminded,
  reminderCandidates,
  reminderRecipients,
} from './queries/outcome.ts';

/** How many working days before the follow-up date the reminder goes out. */
export const REMIND_WORKING_DAYS = 2;
/** How often the job looks for follow-ups to remind of. */
export const REMINDER_PERIOD_MS = 15 * 60_000;

export const REMINDER_TEMPLATE = 'meeting_follow_up_reminder';
export const FAMILY_REMINDER_TEMPLATE = 'meeting_follow_up_reminder_family';
export const REMINDER_TEMPLATES: readonly string[] = [REMINDER_TEMPLATE, FAMILY_REMINDER_TEMPLATE];

export interface ReminderOptions {
  /** the site's address for the staff's sign-in link */
  publicUrl: string;
  workingDays?: number;
}

const DAY_MS = 86_400_000;
const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);

/**
 * Sends the reminders due now: held meetings not yet reminded whose follow-up date is today or
 * within `workingDays` working days. Returns how many meetings were reminded.
 */
export async function sendFollowUpReminders(
  db: Kysely<DB>,
  now: Date,
  { publicUrl, workingDays = REMIND_WORKING_DAYS }: ReminderOptions,
): Promise<number> {
  const today = helsinkiDate(now);
  // working days are at most a week's worth of calendar days apart, and a few holidays more
  const horizon = addDays(today, workingDays * 2 + 10);
  let reminded = 0;
  for (const candidate of await reminderCandidates(db, today, horizon)) {
    const followUpOn = candidate.follow_up_on as string;
    if (workingDaysBetween(today, followUpOn) > workingDays) continue;
    const job: SystemActor = {
      kind: 'system',
      name: 'meeting follow-up reminder',
      regionId: candidate.region_id,
    };
    const sent = await db.transaction().execute(async (trx) => {
      // reminded meanwhile, or another process has it right now: nothing to do, nothing read
      const meeting = await lockForReminder(trx, candidate.id);
      if (!meeting) return false;
      const decision = await access(
        trx,
        job,
        'update',
        meetingRef(candidate.id),
        `follow-up reminder for ${followUpOn}`,
        now,
      );
      if (!decision.allowed || !(await markReminded(trx, candidate.id, now))) return false;
      const { recipients, organizer, organization } = await reminderRecipients(trx, candidate.id);
      const seen = new Set<string>();
      for (const r of recipients) {
        const address = r.email.toLowerCase();
        if (seen.has(address)) continue;
        seen.add(address);
        await enqueue(trx, {
          channel: 'email',
          recipient: r.email,
          template: r.kind === 'family' ? FAMILY_REMINDER_TEMPLATE : REMINDER_TEMPLATE,
          language: r.language,
          params: {
            date: followUpOn,
            organizer,
            organization: organization ? (organization[r.language] ?? organization.fi) : '',
            // staff sign in to see the meeting; outside organisations get no link
            link:
              r.kind === 'organizer' || r.kind === 'staff'
                ? `${publicUrl}/${r.language}/staff/meetings/${candidate.id}`
                : '',
          },
        });
      }
      await insertMeetingEvent(trx, {
        meetingId: candidate.id,
        at: now,
        kind: 'reminded',
        actorKind: 'system',
        staffUserId: null,
        detail: { followUpOn, recipients: seen.size },
      });
      return true;
    });
    if (sent) reminded++;
  }
  return reminded;
}

/**
 * The scheduled job (src/platform/jobs.ts): once per period across every process. A run that
 * fails part way has committed its meetings one by one, each marked reminded with its e-mails
 * in the same transaction, so the retry sends the rest and none twice.
 */
export function followUpReminderJob(db: Kysely<DB>, options: ReminderOptions): ScheduledJob {
  return {
    name: 'meeting-follow-up-reminders',
    schedule: { everyMs: REMINDER_PERIOD_MS },
    run: async (now) => ({ reminded: await sendFollowUpReminders(db, now, options) }),
  };
}

// ---------------------------------------------------------------- the mail

const s = (value: unknown) => (typeof value === 'string' ? value : '');
const day = (value: unknown) =>
  typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? formatFinnishDate(value) : '';

/**
 * The reminder's text: to other organisations (and staff) neutral, with the staff's sign-in
 * link when there is one; to the family, its own words. Params: date, organizer, organization,
 * link — nothing of the family.
 */
export const renderReminderTemplate: RenderTemplate = (template, language: Lang3, params) => {
  const t = translations(language).meetingsFamily.reminder;
  const values = {
    date: day(params.date),
    organizer: s(params.organizer),
    organization: s(params.organization),
  };
  if (template === FAMILY_REMINDER_TEMPLATE)
    return { subject: format(t.familySubject, values), text: format(t.familyText, values) };
  if (template !== REMINDER_TEMPLATE) throw new Error(`unknown template ${template}`);
  const link = s(params.link);
  return {
    subject: format(t.subject, values),
    text: `${format(t.text, values)}\n\n${link ? format(t.staffLink, { link }) : t.otherLink}`,
  };
};
