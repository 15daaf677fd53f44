// What other features may use of the handoffs (features import each other only here).
// The staff home (features/admin) and the status page (features/contacts): what waits for a
// worker and where the family's handoffs stand, given to them by app.ts (the ports).

import type { AccessQuestion, Feature, PlatformDeps } from '../../platform/feature.ts';
import type { ScheduledJob } from '../../platform/jobs.ts';
import type { ContactsDeps } from '../contacts/index.ts';
import { expireHandoffs } from './handoffs.ts';
import { HANDOFF_TEMPLATES, renderHandoffTemplate } from './notifications.ts';
import { handoffPages } from './pages.ts';
import { type HandoffListView, handoffPolicy } from './policy.ts';
import { handoffApiRoutes } from './routes.ts';

export { familyCalendar, familyHandoffs, requestAppointmentChange } from './family.ts';
export { staffWaiting } from './waiting.ts';

/** How often unanswered handoffs are looked at for expiry. */
export const HANDOFF_EXPIRY_MS = 60 * 60_000;

/** A list the worker's own side keeps: the section is shown when one of them is theirs. */
const ownList = (view: HandoffListView): AccessQuestion => ({
  action: 'read',
  resource: { type: 'handoff_list', id: null, view },
});

/** The warm handoff (capability 6): its API, pages, e-mails and the staff section. */
export const feature: Feature<PlatformDeps & { contacts: ContactsDeps }> = {
  name: 'handoffs',
  async register(app, { contacts, db }) {
    await app.register(handoffApiRoutes, { deps: contacts });
    await app.register(handoffPages, { deps: contacts, db });
  },
  policies: [handoffPolicy],
  templates: { names: HANDOFF_TEMPLATES, render: renderHandoffTemplate },
  // unanswered handoffs expire (EXPIRE_AFTER_WORKING_DAYS past their answer date), checked hourly
  jobs: ({ db }): ScheduledJob[] => [
    {
      name: 'handoff-expiry',
      schedule: { everyMs: HANDOFF_EXPIRY_MS },
      run: async (now) => ({ expired: await expireHandoffs(db, now) }),
    },
  ],
  nav: [
    {
      section: 'handoffs',
      path: '/staff/handoffs',
      labelKey: 'handoffs.nav.handoffs',
      textKey: 'handoffs.home.handoffsText',
      order: 40,
      visible: [ownList('inbox'), ownList('mine'), ownList('overdue')],
    },
  ],
};
