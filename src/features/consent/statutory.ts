/**
 * Statutory disclosures (without consent), the DPO's review of them, and the DPO's searches.
 */
import type { Kysely } from 'kysely';
import { withAccess } from '../../platform/access/door.ts';
import type { StaffActor } from '../../platform/auth/actor.ts';
import type { DB } from '../../platform/db/types.ts';
import {
  checkRecipients,
  checkScope,
  fieldError,
  invalid,
  personOfContact,
  requireContact,
} from './checks.ts';
import {
  type Category,
  JUSTIFICATION_MIN,
  STATUTORY_BASES,
  STATUTORY_MAX_DAYS,
  type StatutoryBasis,
} from './model.ts';
import { ofContact, record, search } from './policy.ts';
import { searchDirectiveRows, searchDisclosureEventRows } from './queries/dpo.ts';
import { insertStatutory, reviewStatutoryRow, statutoryToReview } from './queries/statutory.ts';
import { orgNames, type StatutoryView, statutoryView } from './views.ts';

export interface StatutoryInput {
  basis: StatutoryBasis;
  justification: string;
  items: Category[];
  recipientOrganizationId: string;
  validUntil: Date;
  subjectPersonId?: string | null;
  noticeDeferredReason?: string | null;
}

export async function recordStatutoryDisclosure(
  db: Kysely<DB>,
  staff: StaffActor,
  contactId: string,
  input: StatutoryInput,
  { now = new Date() }: { now?: Date } = {},
): Promise<{ statutoryDisclosureId: string }> {
  return withAccess(
    db,
    staff,
    'create',
    ofContact('statutory_disclosure', contactId),
    async (trx) => {
      const contact = await requireContact(trx, contactId);
      if (!(STATUTORY_BASES as readonly string[]).includes(input.basis))
        throw invalid([{ field: 'basis', code: 'request.invalid_value' }]);
      checkScope({ categories: input.items });
      if (input.justification.trim().length < JUSTIFICATION_MIN)
        throw fieldError('consent.justification_too_short', 'justification', { min: JUSTIFICATION_MIN });
      if (!(input.validUntil > now)) throw fieldError('consent.period_ends_before_start', 'validUntil');
      if (input.validUntil.getTime() - now.getTime() > STATUTORY_MAX_DAYS * 86_400_000)
        throw fieldError('consent.statutory_too_long', 'validUntil', { max: STATUTORY_MAX_DAYS });
      if (input.subjectPersonId)
        await personOfContact(trx, contactId, input.subjectPersonId, 'subjectPersonId');
      const [recipient] = await checkRecipients(trx, contact, [input.recipientOrganizationId]);
      const statutoryDisclosureId = await insertStatutory(trx, {
        regionId: contact.regionId,
        contactId,
        subjectPersonId: input.subjectPersonId ?? null,
        basis: input.basis,
        justification: input.justification.trim(),
        items: [...new Set(input.items)],
        sourceOrganizationId: contact.registryOrganizationId,
        recipientOrganizationId: recipient?.id ?? input.recipientOrganizationId,
        disclosedBy: staff.userId,
        at: now,
        validUntil: input.validUntil,
        noticeDeferredReason: input.noticeDeferredReason?.trim() || null,
      });
      return { statutoryDisclosureId };
    },
    { now },
  );
}

/** The DPO's review of a statutory disclosure. */
export async function reviewStatutory(
  db: Kysely<DB>,
  dpo: StaffActor,
  id: string,
  note: string,
  { now = new Date() }: { now?: Date } = {},
): Promise<void> {
  await withAccess(
    db,
    dpo,
    'update',
    record('statutory_disclosure', id, 'review'),
    async (trx) => {
      if (note.trim().length === 0) throw invalid([{ field: 'note', code: 'request.invalid_value' }]);
      await reviewStatutoryRow(trx, id, { by: dpo.userId, at: now, note: note.trim() });
    },
    { now },
  );
}

/** The region's statutory disclosures not yet reviewed, oldest first, with their contact's reference. */
export async function statutoryForReview(
  db: Kysely<DB>,
  dpo: StaffActor,
): Promise<(StatutoryView & { reference: string })[]> {
  return withAccess(db, dpo, 'read', search('statutory_disclosure'), async (trx) => {
    const rows = await statutoryToReview(trx, dpo.regionId);
    const orgs = await orgNames(trx, [...new Set(rows.map((r) => r.recipient_organization_id))]);
    return rows.map((r) => ({ ...statutoryView(r, orgs), reference: r.reference }));
  });
}

export async function searchConsents(
  db: Kysely<DB>,
  dpo: StaffActor,
  query: { from: Date; to: Date; organizationId?: string; status?: string },
) {
  return withAccess(db, dpo, 'read', search('consent_directive'), (trx) =>
    searchDirectiveRows(trx, { ...query, regionId: dpo.regionId }),
  );
}

export async function searchDisclosureEvents(
  db: Kysely<DB>,
  dpo: StaffActor,
  query: { from: Date; to: Date; decision?: string; basis?: string },
) {
  return withAccess(db, dpo, 'read', search('disclosure_event'), (trx) =>
    searchDisclosureEventRows(trx, { ...query, regionId: dpo.regionId }),
  );
}
