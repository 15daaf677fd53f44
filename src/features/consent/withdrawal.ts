/**
 * Withdrawing a consent (the recipients are told) and the client confirming one a worker recorded.
 */
import type { Kysely, Transaction } from 'kysely';
import { type StatusLinkHolder, withAccess } from '../../platform/access/door.ts';
import type { ClientActor, StaffActor } from '../../platform/auth/actor.ts';
import type { DB } from '../../platform/db/types.ts';
import { AppError } from '../../platform/errors.ts';
import { enqueue } from '../../platform/outbox.ts';
import { helsinkiDate } from '../../platform/working-days.ts';
import { invalid, staffBy } from './checks.ts';
import { type ConsentChannel, finnishDate, RECORDED_CHANNELS } from './model.ts';
import { CONSENT_WITHDRAWN } from './notifications.ts';
import { record } from './policy.ts';
import { contactForConsent, organisationsByIds } from './queries/contacts.ts';
import {
  confirmDirective,
  type DirectiveRow,
  directiveById,
  withdrawDirective,
} from './queries/directives.ts';
import { guardiansOf, personById, personsOfClient } from './queries/persons.ts';

export interface Withdrawal {
  channel: ConsentChannel;
  reason?: string;
  /** the contact the withdrawal was recorded on (a counsellor's page): another contact's consent is "not found" */
  contactId?: string;
}

/**
 * Withdraws a consent at once: later reads are refused. Each recipient organisation is told by
 * e-mail (neutral text, the reference only); what was disclosed already is not recalled.
 */
export async function withdrawConsent(
  db: Kysely<DB>,
  actor: StatusLinkHolder | ClientActor | StaffActor,
  directiveId: string,
  input: Withdrawal,
  { now = new Date() }: { now?: Date } = {},
): Promise<{ notified: number }> {
  return withAccess(
    db,
    actor,
    'update',
    record('consent_directive', directiveId),
    async (trx) => {
      const directive = await directiveById(trx, directiveId);
      if (!directive) throw new AppError('consent.not_found', 404);
      const subject = await personById(trx, directive.subject_person_id);
      if (input.contactId !== undefined && subject?.contactId !== input.contactId)
        throw new AppError('consent.not_found', 404);
      if (actor.kind === 'staff' && !(RECORDED_CHANNELS as readonly string[]).includes(input.channel))
        throw invalid([{ field: 'channel', code: 'request.invalid_value' }]);
      let by: string;
      if (actor.kind === 'staff') by = staffBy(actor);
      else if (actor.kind === 'client') by = await clientWithdrawer(trx, actor, directive, now);
      else by = 'client';
      if (
        !(await withdrawDirective(trx, directiveId, {
          at: now,
          by,
          channel: input.channel,
          reason: input.reason?.trim() || null,
        }))
      )
        throw new AppError('consent.not_active', 409);
      const contact = subject?.contactId ? await contactForConsent(trx, subject.contactId) : undefined;
      const orgs = await organisationsByIds(trx, directive.recipient_organization_ids);
      let notified = 0;
      for (const org of orgs) {
        if (!org.email) continue;
        await enqueue(trx, {
          channel: 'email',
          recipient: org.email,
          template: CONSENT_WITHDRAWN,
          language: 'fi',
          params: { reference: contact?.reference ?? '', date: finnishDate(helsinkiDate(now)) },
        });
        notified += 1;
      }
      return { notified };
    },
    { now },
  );
}

/** A signed-in client withdraws as the subject ('client') or as a guardian ('guardian'); anyone else may not. */
async function clientWithdrawer(
  trx: Transaction<DB>,
  actor: ClientActor,
  directive: DirectiveRow,
  now: Date,
): Promise<string> {
  const mine = await personsOfClient(trx, actor.clientId);
  if (mine.some((p) => p.id === directive.subject_person_id || p.id === directive.grantor_person_id))
    return 'client';
  const guardians =
    (await guardiansOf(trx, [directive.subject_person_id])).get(directive.subject_person_id) ?? [];
  const day = helsinkiDate(now);
  const current = guardians.filter((g) => g.validFrom <= day && (g.validTo === null || g.validTo >= day));
  if (mine.some((p) => current.some((g) => g.personId === p.id))) return 'guardian';
  throw new AppError('consent.not_your_consent', 404);
}

/**
 * The client confirms, signed in strongly, a consent a worker recorded for them by phone,
 * video, face to face or on paper (needs_confirmation); only the one who gave it may (another's
 * is "not found"). One confirmed already, or no longer in force (withdrawn, superseded,
 * suspended, ended), is 409 and nothing changes.
 */
export async function confirmConsent(
  db: Kysely<DB>,
  client: ClientActor,
  directiveId: string,
  { now = new Date() }: { now?: Date } = {},
): Promise<void> {
  await withAccess(
    db,
    client,
    'update',
    record('consent_directive', directiveId),
    async (trx) => {
      const directive = await directiveById(trx, directiveId);
      if (!directive) throw new AppError('consent.not_found', 404);
      const mine = await personsOfClient(trx, client.clientId);
      if (!mine.some((p) => p.id === directive.grantor_person_id))
        throw new AppError('consent.not_your_consent', 404);
      const day = helsinkiDate(now);
      if (!(await confirmDirective(trx, directiveId, now, day))) {
        const inForceStill =
          (directive.status === 'active' || directive.status === 'pending_co_grantors') &&
          directive.valid_until >= day;
        throw new AppError(inForceStill ? 'consent.already_confirmed' : 'consent.not_active', 409);
      }
    },
    { now },
  );
}
