/**
 * The counts the staff home shows (issue 10, finding 22), each from the feature that owns it
 * and through the door: the shared queue's (contacts' queueCounts) for those whose navigation
 * has the queue, and the handoffs waiting for the actor's unit for those who have an inbox.
 */
import { permitted } from '../../platform/access/index.ts';
import type { StaffActor } from '../../platform/auth/actor.ts';
import { sectionsFor } from '../../ui/StaffLayout.tsx';
import { type ContactsDeps, type QueueCounts, queueCounts } from '../contacts/index.ts';
import { listHandoffs } from './handoffs.ts';

export interface StaffWaiting {
  /** the shared queue's counts; null when the actor's workspace has no queue */
  queue: QueueCounts | null;
  /** handoffs asking the actor's unit to accept them; null without an inbox */
  handoffs: number | null;
}

export async function staffWaiting(deps: ContactsDeps, actor: StaffActor): Promise<StaffWaiting> {
  const sections = new Set(sectionsFor(actor).map((s) => s.key));
  const queue = sections.has('queue') ? await queueCounts(deps, actor) : null;
  // the inbox is the receiving workers' list, as the handoffs page shows it
  const inbox =
    sections.has('handoffs') && permitted(actor, 'read', { type: 'handoff_list', id: null, view: 'inbox' });
  const handoffs = inbox
    ? (await listHandoffs(deps, actor, 'inbox')).filter((h) => h.state === 'requested').length
    : null;
  return { queue, handoffs };
}
