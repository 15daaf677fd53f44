/** The organisation that runs a region's contact point, and its counsellors (staff data). */
import { type Kysely, type RawBuilder, sql, type Transaction } from 'kysely';
import type { DB } from '../../platform/db/types.ts';

/**
 * The organisation that runs a region's contact point: the one an administrator chose
 * (region.contact_point_organization_id), else the region's wellbeing services county.
 */
export function contactPointOf(regionId: RawBuilder<unknown>, chosen: RawBuilder<unknown>) {
  return sql<string | null>`coalesce(${chosen}, (
    SELECT o.id FROM organization o WHERE o.region_id = ${regionId} AND o.kind = 'region' ORDER BY o.id LIMIT 1))`;
}

/** The counsellors who can be given contacts of the region's contact point. */
export async function contactPointCounsellors(db: Kysely<DB> | Transaction<DB>, regionId: string) {
  return db
    .selectFrom('staff_user')
    .innerJoin('staff_role', 'staff_role.staff_user_id', 'staff_user.id')
    .innerJoin('region', (join) =>
      join.on((eb) =>
        eb(
          'staff_role.organization_id',
          '=',
          contactPointOf(sql.ref('region.id'), sql.ref('region.contact_point_organization_id')),
        ),
      ),
    )
    .where('region.id', '=', regionId)
    .where('staff_user.region_id', '=', regionId)
    .where('staff_role.role', '=', 'counsellor')
    .where('staff_user.active', '=', true)
    .select(['staff_user.id', 'staff_user.name'])
    .distinct()
    .orderBy('staff_user.name')
    .execute();
}
