/**
 * Who searches and exports the region's access log: its data-protection officer. A factless
 * policy of the door, asked by the section's navigation entry and its routes' guard alike;
 * each search and export is then logged by the access-log feature itself (a read or export of
 * `access_log`, in the same transaction as the read).
 */
import { type AccessDecision, definePolicy } from '../../platform/access/door.ts';
import type { AccessQuestion } from '../../platform/feature.ts';

export const ACCESS_LOG_SEARCH = 'access_log_search';

export const accessLogSearchPolicy = definePolicy<undefined>({
  resources: [ACCESS_LOG_SEARCH],
  actions: ['read', 'export'],
  notFound: 'http.not_found',
  factless: [ACCESS_LOG_SEARCH],
  async facts() {
    return undefined;
  },
  decide(actor): AccessDecision {
    return actor.kind === 'staff' && actor.roles.some((r) => r.role === 'dpo')
      ? { allowed: true, role: 'dpo', basis: 'role' }
      : { allowed: false, reason: 'not_dpo' };
  },
});

/** The DPO's search (and its CSV: the same question with 'export'). */
export const ACCESS_LOG_SEARCH_QUESTION: AccessQuestion = {
  action: 'read',
  resource: { type: ACCESS_LOG_SEARCH, id: null },
};
export const ACCESS_LOG_EXPORT_QUESTION: AccessQuestion = {
  action: 'export',
  resource: { type: ACCESS_LOG_SEARCH, id: null },
};
