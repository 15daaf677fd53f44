// What other features and the entry points may use of the site's own pages (notices, favicon).

import type { Feature } from '../../platform/feature.ts';
import { siteInfoRoutes } from './routes.ts';

export { type RegionNotices, regionNoticesSchema, saveRegionNotices } from './notices.ts';
export { siteInfoRoutes } from './routes.ts';

/** The region's privacy notice, accessibility statement and cookie note, and the favicon. */
export const feature: Feature = {
  name: 'site-info',
  async register(app, { db, config }) {
    await app.register(siteInfoRoutes, {
      db,
      settings: {
        accessLogRetentionDays: config.accessLogRetentionDays ?? 730,
        sessionIdleMinutes: config.session.idleMinutes,
        sessionAbsoluteHours: config.session.absoluteHours,
      },
    });
  },
};
