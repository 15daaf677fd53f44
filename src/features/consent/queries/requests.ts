/**
 * Consent requests: draft, read, answer.
 */
import { type Selectable, sql } from 'kysely';
import type { DB } from '../../../platform/db/types.ts';
import { newId } from '../../../platform/ids.ts';
import { type Trx, uuids } from './common.ts';

export type RequestRow = Selectable<DB['consent_request']>;

export async function insertRequest(
  trx: Trx,
  r: {
    regionId: string;
    contactId: string;
    subjectPersonIds: string[];
    requestedBy: string;
    sourceOrganizationId: string;
    recipientOrganizationIds: string[];
    categories: string[];
    purposeCode: string;
    purposeText: string;
    validUntil: string;
    answerBy: Date;
    at: Date;
  },
): Promise<string> {
  const id = newId();
  await trx
    .insertInto('consent_request')
    .values({
      id,
      region_id: r.regionId,
      contact_id: r.contactId,
      subject_person_ids: sql`${sql.val(r.subjectPersonIds)}::uuid[]`,
      requested_by: r.requestedBy,
      source_organization_id: r.sourceOrganizationId,
      recipient_organization_ids: sql`${sql.val(r.recipientOrganizationIds)}::uuid[]`,
      categories: r.categories,
      purpose_code: r.purposeCode,
      purpose_text: r.purposeText,
      valid_until: r.validUntil,
      answer_by: r.answerBy,
      state: 'requested',
      created_at: r.at,
    })
    .execute();
  return id;
}

export async function requestById(trx: Trx, id: string): Promise<RequestRow | undefined> {
  return trx.selectFrom('consent_request').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function requestsOfContact(trx: Trx, contactId: string): Promise<RequestRow[]> {
  return trx
    .selectFrom('consent_request')
    .selectAll()
    .where('contact_id', '=', contactId)
    .orderBy('created_at', 'desc')
    .execute();
}

/** Open requests naming any of these persons as a subject. */
export async function openRequestsForPersons(trx: Trx, personIds: readonly string[]): Promise<RequestRow[]> {
  if (personIds.length === 0) return [];
  return trx
    .selectFrom('consent_request')
    .selectAll()
    .where('state', '=', 'requested')
    .where(sql<boolean>`subject_person_ids && ${uuids(personIds)}`)
    .orderBy('created_at', 'desc')
    .execute();
}

/** Answers a request that is still open; false when it was answered, cancelled or expired meanwhile. */
export async function answerRequestRow(
  trx: Trx,
  id: string,
  a: { state: 'given' | 'declined'; at: Date; channel: string; directiveIds: string[] },
): Promise<boolean> {
  const result = await trx
    .updateTable('consent_request')
    .set({
      state: a.state,
      answered_at: a.at,
      answer_channel: a.channel,
      directive_ids: sql`${sql.val(a.directiveIds)}::uuid[]`,
    })
    .where('id', '=', id)
    .where('state', '=', 'requested')
    .where('answer_by', '>=', a.at)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
