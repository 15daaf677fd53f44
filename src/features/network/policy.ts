/**
 * Who reads and keeps the network registry of their region (units, professionals, capacity):
 * a factless policy of the door, asked by the section's navigation entry and its routes' guard
 * alike. The registry is no client data: nothing here is logged. Whether a receiving worker's
 * capacity update is of their own unit is decided by the feature (canUpdateCapacity).
 */
import { type AccessDecision, definePolicy } from '../../platform/access/door.ts';
import type { StaffRole } from '../../platform/auth/actor.ts';
import type { AccessQuestion } from '../../platform/feature.ts';
import { CAPACITY_ROLES, REGISTRY_EDITORS, REGISTRY_READERS } from './network.ts';

export const NETWORK_REGISTRY = 'network_registry';

export const networkPolicy = definePolicy<undefined>({
  resources: [NETWORK_REGISTRY],
  actions: ['read', 'create', 'update'],
  notFound: 'http.not_found',
  factless: [NETWORK_REGISTRY],
  async facts() {
    return undefined;
  },
  decide(actor, action, resource): AccessDecision {
    const wanted: readonly StaffRole[] =
      action === 'read' ? REGISTRY_READERS : resource.view === 'capacity' ? CAPACITY_ROLES : REGISTRY_EDITORS;
    const role = actor.kind === 'staff' ? actor.roles.find((r) => wanted.includes(r.role)) : undefined;
    return role ? { allowed: true, role: role.role, basis: 'role' } : { allowed: false, reason: 'role' };
  },
});

const registry = (action: AccessQuestion['action'], view?: string): AccessQuestion => ({
  action,
  resource: { type: NETWORK_REGISTRY, id: null, ...(view ? { view } : {}) },
});

/** Reading the registry (its pages, the navigation entry). */
export const NETWORK_READ = registry('read');
/** Keeping it: creating, editing, importing. */
export const NETWORK_EDIT = registry('update');
/** A unit's capacity (an editor, or a receiving worker: of their own unit, checked by the feature). */
export const NETWORK_CAPACITY = registry('update', 'capacity');
