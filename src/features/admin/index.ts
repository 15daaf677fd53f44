// What the entry points may use of the staff workspace's home and the catalogue administration.

import type { StaffActor } from '../../platform/auth/actor.ts';
import { WORKSPACE } from '../../platform/auth/guard.ts';
import type { Feature, PlatformDeps } from '../../platform/feature.ts';
import type { StaffWaiting } from './pages/StaffHomePage.tsx';
import { CATALOGUE_ADMIN_QUESTION, catalogueAdminPolicy } from './policy.ts';
import { adminRoutes } from './routes.ts';
import { thesaurusRoutes } from './thesaurus-routes.ts';

export type { StaffWaiting };

/** The workspace home and the catalogue administration, with their navigation entries. */
export const feature: Feature<
  PlatformDeps & { ports: { waiting?: (actor: StaffActor) => Promise<StaffWaiting> } }
> = {
  name: 'admin',
  async register(app, { db, ports }) {
    // the home's counts waiting, from the contacts and handoffs (asked only when a request comes)
    await app.register(adminRoutes, { db, waiting: ports.waiting });
    // the thesaurus of the region's catalogue (docs/thesaurus.md)
    await app.register(thesaurusRoutes, { db });
  },
  policies: [catalogueAdminPolicy],
  nav: [
    { section: 'home', path: '/staff', labelKey: 'admin.nav.home', order: 0, visible: WORKSPACE },
    {
      section: 'catalogue',
      path: '/staff/catalogue',
      labelKey: 'admin.nav.catalogue',
      textKey: 'admin.home.catalogueText',
      order: 70,
      visible: CATALOGUE_ADMIN_QUESTION,
    },
  ],
};
