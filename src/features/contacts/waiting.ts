/**
 * What waits in the shared queue, in numbers, for the staff home (issue 10, finding 22): the
 * open contacts by urgency, those without a counsellor, the overdue ones, and the actor's own.
 * Read through the door like the queue itself (resource contact_queue, one access-log row),
 * and only counts: no names, no free text, so a manager sees them too.
 */
import { withAccess } from '../../platform/access/index.ts';
import type { StaffActor } from '../../platform/auth/actor.ts';
import type { Urgency } from '../../platform/db/types.ts';
import { helsinkiDate } from '../../platform/working-days.ts';
import type { ContactsDeps } from './deps.ts';
import { queueRef } from './policy.ts';
import { queueCountRow } from './queries.ts';

export interface QueueCounts {
  open: Record<Urgency, number>;
  /** new: nobody has claimed them or been given them */
  unclaimed: number;
  /** not answered by the day promised */
  overdue: number;
  /** open contacts assigned to the actor; null when the actor does not work contacts (a manager) */
  mine: number | null;
}

export async function queueCounts(deps: ContactsDeps, actor: StaffActor): Promise<QueueCounts> {
  const now = deps.now ? deps.now() : new Date();
  const today = helsinkiDate(now);
  return withAccess(
    deps.db,
    actor,
    'read',
    queueRef('counts'),
    async (trx, decision) => {
      const row = await queueCountRow(trx, actor.regionId, today, actor.userId);
      return {
        open: { emergency: Number(row.emergency), urgent: Number(row.urgent), normal: Number(row.normal) },
        unclaimed: Number(row.unclaimed),
        overdue: Number(row.overdue),
        mine: decision.detail === 'contact_point_team' ? Number(row.mine) : null,
      };
    },
    { now },
  );
}
