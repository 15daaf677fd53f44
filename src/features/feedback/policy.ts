/**
 * Who reads the families' feedback comments: the region's managers and administrators (a
 * counsellor does not: the comments are about their own work, and read one by one beside the
 * queue they could be matched to a family). Giving feedback asks no policy of its own: the
 * status link's holder is let in by the contacts' policy (a read of contact_status), and the
 * answer stored is anonymous.
 *
 * A factless policy, like the metrics': the door decides from the actor alone (`permitted`) for
 * the navigation and the guard; the page's read is logged through `withAccess`.
 */
import { type AccessDecision, definePolicy } from '../../platform/access/door.ts';
import type { AccessQuestion } from '../../platform/feature.ts';

export const FEEDBACK_COMMENTS = 'feedback_comments';

const READERS = new Set(['manager', 'administrator']);

export const feedbackPolicy = definePolicy<undefined>({
  resources: [FEEDBACK_COMMENTS],
  actions: ['read'],
  notFound: 'http.not_found',
  factless: [FEEDBACK_COMMENTS],
  async facts() {
    return undefined;
  },
  decide(actor): AccessDecision {
    if (actor.kind !== 'staff') return { allowed: false, reason: 'not_staff' };
    const role = actor.roles.find((r) => READERS.has(r.role))?.role;
    return role ? { allowed: true, role, basis: 'role' } : { allowed: false, reason: 'role' };
  },
});

export const COMMENTS_READ: AccessQuestion = {
  action: 'read',
  resource: { type: FEEDBACK_COMMENTS, id: null },
};
