/**
 * Statutory disclosures (disclosure without consent) and the DPO's review of them.
 */
import { sql } from 'kysely';
import type { DB } from '../../../platform/db/types.ts';
import { newId } from '../../../platform/ids.ts';
import { type Trx, uuids } from './common.ts';

export async function insertStatutory(
  trx: Trx,
  s: {
    regionId: string;
    contactId: string;
    subjectPersonId: string | null;
    basis: DB['statutory_disclosure']['basis'];
    justification: string;
    items: string[];
    sourceOrganizationId: string;
    recipientOrganizationId: string;
    disclosedBy: string;
    at: Date;
    validUntil: Date;
    noticeDeferredReason: string | null;
  },
): Promise<string> {
  const id = newId();
  await trx
    .insertInto('statutory_disclosure')
    .values({
      id,
      region_id: s.regionId,
      contact_id: s.contactId,
      subject_person_id: s.subjectPersonId,
      basis: s.basis,
      justification: s.justification,
      items: s.items,
      source_organization_id: s.sourceOrganizationId,
      recipient_organization_id: s.recipientOrganizationId,
      disclosed_by: s.disclosedBy,
      disclosed_at: s.at,
      valid_until: s.validUntil,
      notice_deferred_reason: s.noticeDeferredReason,
    })
    .execute();
  return id;
}

export async function statutoryOfContacts(trx: Trx, contactIds: readonly string[]) {
  if (contactIds.length === 0) return [];
  return trx
    .selectFrom('statutory_disclosure')
    .selectAll()
    .where(sql<boolean>`contact_id = ANY(${uuids(contactIds)})`)
    .orderBy('disclosed_at', 'desc')
    .execute();
}

/** A region's statutory disclosures waiting for the DPO's review, oldest first (bounded). */
export async function statutoryToReview(trx: Trx, regionId: string) {
  return trx
    .selectFrom('statutory_disclosure as s')
    .innerJoin('contact as c', 'c.id', 's.contact_id')
    .selectAll('s')
    .select('c.reference')
    .where('s.region_id', '=', regionId)
    .where('s.reviewed_at', 'is', null)
    .orderBy('s.disclosed_at', 'asc')
    .limit(500)
    .execute();
}

export async function reviewStatutoryRow(trx: Trx, id: string, r: { by: string; at: Date; note: string }) {
  await trx
    .updateTable('statutory_disclosure')
    .set({ reviewed_by: r.by, reviewed_at: r.at, review_note: r.note })
    .where('id', '=', id)
    .execute();
}
