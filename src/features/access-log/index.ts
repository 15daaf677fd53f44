// What the entry points may use of the access log's pages ("Who has read my data", the DPO's search).

import type { Feature } from '../../platform/feature.ts';
import { ACCESS_LOG_SEARCH_QUESTION, accessLogSearchPolicy } from './policy.ts';
import { accessLogRoutes } from './routes.ts';

export const feature: Feature = {
  name: 'access-log',
  async register(app, { db, readDb }) {
    // the DPO's search and export read from DATABASE_READ_URL's replica when there is one
    await app.register(accessLogRoutes, { db, readDb: readDb ?? db });
  },
  policies: [accessLogSearchPolicy],
  nav: [
    {
      section: 'access-log',
      path: '/staff/access-log',
      labelKey: 'admin.nav.accessLog',
      textKey: 'admin.home.accessLogText',
      order: 80,
      visible: ACCESS_LOG_SEARCH_QUESTION,
    },
  ],
};
