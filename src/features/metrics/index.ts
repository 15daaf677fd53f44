// What the entry points may use of the network's shared metrics (capability 13 of issue 13).

import type { Feature } from '../../platform/feature.ts';
import { METRICS_READ, metricsPolicy } from './policy.ts';
import { refreshMetrics } from './refresh.ts';
import { buildMetricsReport } from './report.ts';
import { metricsRoutes } from './routes.ts';

export type { MetricsQuery, MetricsReport } from './model.ts';

/** The metrics page, its API, CSV and refresh; a staff section for those who may read them. */
export const feature: Feature = {
  name: 'metrics',
  async register(app, { db, now }) {
    await app.register(metricsRoutes, { db, now, build: buildMetricsReport, refresh: refreshMetrics });
  },
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
