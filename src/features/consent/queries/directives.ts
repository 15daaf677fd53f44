/**
 * Consent directives: read, write, supersede, withdraw, confirm.
 */
import { type Selectable, sql } from 'kysely';
import type { DB } from '../../../platform/db/types.ts';
import { newId } from '../../../platform/ids.ts';
import { type Trx, uuids } from './common.ts';

export type DirectiveRow = Selectable<DB['consent_directive']>;

export async function directivesOfSubjects(trx: Trx, personIds: readonly string[]): Promise<DirectiveRow[]> {
  if (personIds.length === 0) return [];
  const rows = await trx
    .selectFrom('consent_directive')
    .selectAll()
    .where(sql<boolean>`subject_person_id = ANY(${uuids(personIds)})`)
    .orderBy('recorded_at', 'desc')
    .orderBy('version', 'desc')
    .execute();
  return rows;
}

export async function directiveById(trx: Trx, id: string): Promise<DirectiveRow | undefined> {
  const row = await trx.selectFrom('consent_directive').selectAll().where('id', '=', id).executeTakeFirst();
  return row;
}

export interface NewDirective {
  directiveKey?: string;
  version?: number;
  supersedesId?: string | null;
  regionId: string;
  subjectPersonId: string;
  decision: 'permit' | 'deny';
  grantorKind: DirectiveRow['grantor_kind'];
  grantorPersonId: string;
  coGrantorPersonIds: string[];
  status: DirectiveRow['status'];
  sourceOrganizationIds: string[];
  recipientOrganizationIds: string[];
  recipientGuardians: boolean;
  categories: string[];
  purposeCode: string;
  purposeText: string;
  validFrom: string;
  validUntil: string;
  channel: DirectiveRow['channel'];
  evidence: Record<string, unknown>;
  noticeTextHash: string;
  needsConfirmation: boolean;
  recordedBy: string | null;
  at: Date;
  requestId: string | null;
}

export async function insertDirective(trx: Trx, d: NewDirective): Promise<string> {
  const id = newId();
  await trx
    .insertInto('consent_directive')
    .values({
      id,
      directive_key: d.directiveKey ?? id,
      version: d.version ?? 1,
      supersedes_id: d.supersedesId ?? null,
      region_id: d.regionId,
      subject_person_id: d.subjectPersonId,
      decision: d.decision,
      grantor_kind: d.grantorKind,
      grantor_person_id: d.grantorPersonId,
      co_grantor_person_ids: sql`${sql.val(d.coGrantorPersonIds)}::uuid[]`,
      status: d.status,
      source_organization_ids: sql`${sql.val(d.sourceOrganizationIds)}::uuid[]`,
      recipient_organization_ids: sql`${sql.val(d.recipientOrganizationIds)}::uuid[]`,
      recipient_guardians: d.recipientGuardians,
      categories: d.categories,
      purpose_code: d.purposeCode,
      purpose_text: d.purposeText,
      valid_from: d.validFrom,
      valid_until: d.validUntil,
      channel: d.channel,
      evidence: JSON.stringify(d.evidence),
      notice_text_hash: d.noticeTextHash,
      needs_confirmation: d.needsConfirmation,
      recorded_by: d.recordedBy,
      recorded_at: d.at,
      request_id: d.requestId,
    })
    .execute();
  return id;
}

export async function markSuperseded(trx: Trx, id: string) {
  await trx.updateTable('consent_directive').set({ status: 'superseded' }).where('id', '=', id).execute();
}

/** Withdraws an active (or pending) directive; false when it was not in force any more. */
export async function withdrawDirective(
  trx: Trx,
  id: string,
  w: { at: Date; by: string; channel: string; reason: string | null },
): Promise<boolean> {
  const result = await trx
    .updateTable('consent_directive')
    .set({
      status: 'withdrawn',
      withdrawn_at: w.at,
      withdrawn_by: w.by,
      withdrawal_channel: w.channel,
      withdrawal_reason: w.reason,
    })
    .where('id', '=', id)
    .where('status', 'in', ['active', 'pending_co_grantors'])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * The client confirms a consent a worker recorded for them; false when there was nothing to
 * confirm: confirmed already, or no longer in force (withdrawn, superseded, suspended, ended).
 */
export async function confirmDirective(trx: Trx, id: string, at: Date, day: string): Promise<boolean> {
  const result = await trx
    .updateTable('consent_directive')
    .set({ needs_confirmation: false, confirmed_at: at })
    .where('id', '=', id)
    .where('needs_confirmation', '=', true)
    .where('status', 'in', ['active', 'pending_co_grantors'])
    .where('valid_until', '>=', day)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * How many consents a worker recorded wait for the client's own confirmation: given by one of
 * the client's persons, still in force (as confirmDirective asks).
 */
export async function countToConfirm(trx: Trx, clientId: string, day: string): Promise<number> {
  const row = await trx
    .selectFrom('consent_directive as d')
    .innerJoin('consent_person as p', 'p.id', 'd.grantor_person_id')
    .select((e) => e.fn.countAll<string>().as('n'))
    .where('p.client_id', '=', clientId)
    .where('d.needs_confirmation', '=', true)
    .where('d.status', 'in', ['active', 'pending_co_grantors'])
    .where('d.valid_until', '>=', day)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
