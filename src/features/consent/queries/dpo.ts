/**
 * The data-protection officer's searches of directives and disclosure events.
 */
import { sql } from 'kysely';
import type { DB, LocalizedText } from '../../../platform/db/types.ts';
import type { Trx } from './common.ts';
import type { DirectiveRow } from './directives.ts';

export async function searchDirectiveRows(
  trx: Trx,
  q: { regionId: string; from: Date; to: Date; organizationId?: string; status?: string },
) {
  let query = trx
    .selectFrom('consent_directive as d')
    .innerJoin('consent_person as p', 'p.id', 'd.subject_person_id')
    .leftJoin('contact as c', 'c.id', 'p.contact_id')
    .select([
      'd.id',
      'd.directive_key',
      'd.version',
      'd.decision',
      'd.status',
      'd.grantor_kind',
      'd.channel',
      'd.categories',
      'd.purpose_code',
      'd.source_organization_ids',
      'd.recipient_organization_ids',
      'd.recipient_guardians',
      'd.valid_from',
      'd.valid_until',
      'd.recorded_at',
      'd.recorded_by',
      'd.needs_confirmation',
      'd.withdrawn_at',
      'd.withdrawn_by',
      'c.reference',
      // the recipients' names, in the order of the ids (the DPO reads names, not UUIDs)
      sql<
        LocalizedText[]
      >`(SELECT coalesce(json_agg(o.name ORDER BY array_position(d.recipient_organization_ids, o.id)), '[]'::json)
            FROM organization o WHERE o.id = ANY(d.recipient_organization_ids))`.as('recipient_names'),
    ])
    .where('d.region_id', '=', q.regionId)
    .where('d.recorded_at', '>=', q.from)
    .where('d.recorded_at', '<', q.to);
  if (q.organizationId) {
    const org = q.organizationId;
    query = query.where(
      sql<boolean>`(${org}::uuid = ANY(d.source_organization_ids) OR ${org}::uuid = ANY(d.recipient_organization_ids))`,
    );
  }
  if (q.status) query = query.where('d.status', '=', q.status as DirectiveRow['status']);
  return query.orderBy('d.recorded_at', 'desc').limit(5000).execute();
}

export async function searchDisclosureEventRows(
  trx: Trx,
  q: { regionId: string; from: Date; to: Date; decision?: string; basis?: string },
) {
  let query = trx
    .selectFrom('disclosure_event as e')
    .leftJoin('contact as c', 'c.id', 'e.contact_id')
    .leftJoin('organization as so', 'so.id', 'e.source_organization_id')
    .leftJoin('organization as ro', 'ro.id', 'e.recipient_organization_id')
    .select([
      'e.id',
      'e.at',
      'e.actor_kind',
      'e.staff_user_id',
      'e.role',
      'e.source_organization_id',
      'e.recipient_organization_id',
      'e.items',
      'e.decision',
      'e.basis',
      'e.directive_id',
      'e.statutory_disclosure_id',
      'e.resource_type',
      'e.resource_id',
      'c.reference',
      'so.name as source_name',
      'ro.name as recipient_name',
    ])
    .where('e.region_id', '=', q.regionId)
    .where('e.at', '>=', q.from)
    .where('e.at', '<', q.to);
  if (q.decision) query = query.where('e.decision', '=', q.decision as 'permit' | 'deny');
  if (q.basis) query = query.where('e.basis', '=', q.basis as DB['disclosure_event']['basis']);
  return query.orderBy('e.at', 'desc').limit(5000).execute();
}
