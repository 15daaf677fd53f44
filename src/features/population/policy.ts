/**
 * Who keeps the region's child population (the denominator of the metrics): the region's
 * administrators, nobody else — a factless policy of the door, asked by the page's guard and
 * its navigation entry alike. Population figures are public statistics, no client data:
 * nothing is logged, the door only answers the question; the import names who made it.
 */
import { type AccessDecision, definePolicy } from '../../platform/access/door.ts';
import type { AccessQuestion } from '../../platform/feature.ts';

export const POPULATION = 'population';

export const populationPolicy = definePolicy<undefined>({
  resources: [POPULATION],
  actions: ['read', 'update'],
  notFound: 'http.not_found',
  factless: [POPULATION],
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

/** The population page and its navigation entry ask this. */
export const POPULATION_READ: AccessQuestion = { action: 'read', resource: { type: POPULATION, id: null } };
/** Saving an import. */
export const POPULATION_IMPORT: AccessQuestion = {
  action: 'update',
  resource: { type: POPULATION, id: null },
};
