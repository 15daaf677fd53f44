/**
 * Who keeps the region's service catalogue (the catalogue administration pages): a factless
 * policy of the door, asked by the section's navigation entry and its routes' guard alike.
 * The catalogue is no client data: nothing here is logged, the door only answers the question.
 */
import { type AccessDecision, definePolicy } from '../../platform/access/door.ts';
import type { StaffRole } from '../../platform/auth/actor.ts';
import type { AccessQuestion } from '../../platform/feature.ts';

export const CATALOGUE_ADMIN = 'catalogue_admin';

/** Who edits the catalogue of their region. */
export const CATALOGUE_EDITORS: readonly StaffRole[] = ['catalogue_editor', 'administrator'];

export const catalogueAdminPolicy = definePolicy<undefined>({
  resources: [CATALOGUE_ADMIN],
  actions: ['read', 'create', 'update', 'delete'],
  notFound: 'http.not_found',
  factless: [CATALOGUE_ADMIN],
  async facts() {
    return undefined;
  },
  decide(actor): AccessDecision {
    const role =
      actor.kind === 'staff' ? actor.roles.find((r) => CATALOGUE_EDITORS.includes(r.role)) : undefined;
    return role
      ? { allowed: true, role: role.role, basis: 'role' }
      : { allowed: false, reason: 'no_editor_role' };
  },
});

/** The catalogue administration: its pages and its navigation entry ask this. */
export const CATALOGUE_ADMIN_QUESTION: AccessQuestion = {
  action: 'read',
  resource: { type: CATALOGUE_ADMIN, id: null },
};
