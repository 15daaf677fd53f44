/**
 * Who keeps the region's first-line table (docs/routing.md): the region's administrators. A
 * factless policy of the door, asked by the section's navigation entry and its routes' guard
 * alike. The table holds codes and sources only (no client data): nothing is logged, the door
 * only answers the question.
 */
import { type AccessDecision, definePolicy } from '../../platform/access/door.ts';
import type { AccessQuestion } from '../../platform/feature.ts';

export const FIRST_LINE_ADMIN = 'first_line_admin';

export const firstLinePolicy = definePolicy<undefined>({
  resources: [FIRST_LINE_ADMIN],
  actions: ['read', 'update'],
  notFound: 'http.not_found',
  factless: [FIRST_LINE_ADMIN],
  async facts() {
    return undefined;
  },
  decide(actor): AccessDecision {
    if (actor.kind !== 'staff') return { allowed: false, reason: 'not_staff' };
    return actor.roles.some((r) => r.role === 'administrator')
      ? { allowed: true, role: 'administrator', basis: 'role' }
      : { allowed: false, reason: 'role' };
  },
});

/** The first-line table's pages and their navigation entry ask this. */
export const FIRST_LINE_QUESTION: AccessQuestion = {
  action: 'read',
  resource: { type: FIRST_LINE_ADMIN, id: null },
};
