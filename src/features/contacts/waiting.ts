/**
 * What waits in the shared queue, in numbers, for the staff home (issue 10, finding 22): the
 * open contacts by urgency, those without a counsellor, the overdue ones, and the actor's own.
 * Read through the door like the queue itself (resource contact_queue, one access-log row),
 * and only counts: no names, no free text, so a manager sees them too.
 */
import { sql } from 'kysely';
import { accessContact } from '../../platform/access/index.ts';
import type { StaffActor } from '../../platform/auth/actor.ts';
import type { Urgency } from '../../platform/db/types.ts';
import { helsinkiDate } from '../../platform/working-days.ts';
import type { ContactsDeps } from './contacts.ts';

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
  return accessContact(
    deps.db,
    actor,
    { contactId: null, action: 'read', resource: { type: 'contact_queue', id: 'counts' } },
    async (trx, decision) => {
      const row = await trx
        .selectFrom('contact')
        .where('region_id', '=', actor.regionId)
        // a literal, as in the queue: the partial indexes of open contacts apply
        .where(sql<boolean>`contact.state <> 'closed'`)
        .select([
          sql<string>`count(*) FILTER (WHERE urgency = 'emergency')`.as('emergency'),
          sql<string>`count(*) FILTER (WHERE urgency = 'urgent')`.as('urgent'),
          sql<string>`count(*) FILTER (WHERE urgency = 'normal')`.as('normal'),
          sql<string>`count(*) FILTER (WHERE state = 'new')`.as('unclaimed'),
          sql<string>`count(*) FILTER (WHERE first_response_at IS NULL AND respond_by < ${today})`.as(
            'overdue',
          ),
          sql<string>`count(*) FILTER (WHERE assigned_to = ${actor.userId})`.as('mine'),
        ])
        .executeTakeFirstOrThrow();
      return {
        open: { emergency: Number(row.emergency), urgent: Number(row.urgent), normal: Number(row.normal) },
        unclaimed: Number(row.unclaimed),
        overdue: Number(row.overdue),
        mine: decision.basis === 'contact_point_team' ? Number(row.mine) : null,
      };
    },
    now,
  );
}
