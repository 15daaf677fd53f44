/**
 * Who reads the network's shared metrics: the region's managers and administrators, and the
 * contact persons of its municipalities (read only: they see the whole region's figures, and no
 * figure opens a contact). Managers and administrators may also bring the figures up to date
 * now ('update') and export them ('export'; contact persons may export what they read).
 *
 * A factless policy: the figures are aggregates of the actor's own region, never client data,
 * so the door answers from the actor alone (`permitted`) for the navigation and the guards.
 */
import { type AccessDecision, definePolicy } from '../../platform/access/door.ts';
import type { AccessQuestion } from '../../platform/feature.ts';

export const METRICS = 'metrics';

const READERS = new Set(['manager', 'administrator', 'municipality_contact']);
const REFRESHERS = new Set(['manager', 'administrator']);

export const metricsPolicy = definePolicy<undefined>({
  resources: [METRICS],
  actions: ['read', 'export', 'update'],
  notFound: 'http.not_found',
  factless: [METRICS],
  async facts() {
    return undefined;
  },
  decide(actor, action): AccessDecision {
    if (actor.kind !== 'staff') return { allowed: false, reason: 'not_staff' };
    const allowed = action === 'update' ? REFRESHERS : READERS;
    const role = actor.roles.find((r) => allowed.has(r.role))?.role;
    return role ? { allowed: true, role, basis: 'role' } : { allowed: false, reason: 'role' };
  },
});

export const METRICS_READ: AccessQuestion = { action: 'read', resource: { type: METRICS, id: null } };
export const METRICS_EXPORT: AccessQuestion = { action: 'export', resource: { type: METRICS, id: null } };
export const METRICS_REFRESH: AccessQuestion = { action: 'update', resource: { type: METRICS, id: null } };
