// What the entry points may use of the access log's pages ("Who has read my data", the DPO's search).

import type { Feature } from '../../platform/feature.ts';
import { ACCESS_LOG_SEARCH_QUESTION, accessLogSearchPolicy } from './policy.ts';
import { accessLogRoutes } from './routes.ts';

export const feature: Feature = {
  name: 'access-log',
  async register(app, { db }) {
    await app.register(accessLogRoutes, { db });
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
