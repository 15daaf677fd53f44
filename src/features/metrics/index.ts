// What the entry points may use of the network's shared metrics (capability 13 of issue 13).

import type { Feature } from '../../platform/feature.ts';
import { METRICS_READ, metricsPolicy } from './policy.ts';
import { metricsRefreshJob, refreshIfNever, refreshMetrics } from './refresh.ts';
import { buildMetricsReport } from './report.ts';
import { metricsRoutes } from './routes.ts';

export type { MetricsQuery, MetricsReport } from './model.ts';
export { refreshAllRegions, refreshMetrics } from './refresh.ts';

/** The metrics page, its API, CSV and refresh; a staff section for those who may read them. */
export const feature: Feature = {
  name: 'metrics',
  async register(app, { db, readDb, now }) {
    await app.register(metricsRoutes, {
      db,
      // the page, the API and the CSV read the summaries from the read replica when there is one
      readDb: readDb ?? db,
      now,
      // A region never refreshed is refreshed (on the primary) at its first view, and that first
      // report is read from the primary too: the replica may not have the new rows yet.
      build: async (read, query, at) => {
        const refreshed = await refreshIfNever(db, query.regionId, at);
        return buildMetricsReport(refreshed ? db : read, query, at);
      },
      refresh: refreshMetrics,
    });
  },
  // the summaries refreshed every five minutes
  jobs: ({ db }) => [metricsRefreshJob(db)],
  policies: [metricsPolicy],
  nav: [
    {
      section: 'metrics',
      path: '/staff/metrics',
      labelKey: 'metrics.nav',
      textKey: 'metrics.homeText',
      order: 90,
      visible: METRICS_READ,
    },
  ],
};
