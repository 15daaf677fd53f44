// The metrics page rendered from a report without the application (the fixture's, or any).
import { createElement } from 'react';
import type { MetricsReport } from '../../src/features/metrics/model.ts';
import { MetricsPage, type MetricsPageProps } from '../../src/features/metrics/pages/MetricsPage.tsx';
import type { Lang } from '../../src/i18n/index.ts';
import type { StaffActor } from '../../src/platform/auth/actor.ts';
import { renderPage } from '../../src/ui/Layout.tsx';
import { MUNICIPALITIES } from './fixture.ts';

export const MANAGER: StaffActor = {
  kind: 'staff',
  userId: 'u',
  regionId: 'region-1',
  organizationId: 'o',
  name: 'Eeva Esihenkilö',
  roles: [{ organizationId: 'o', role: 'manager' }],
  sessionId: 's',
};

export function renderMetrics(
  lang: Lang,
  report: MetricsReport | null,
  extra: Partial<MetricsPageProps> = {},
) {
  return renderPage(
    createElement(MetricsPage, {
      lang,
      actor: MANAGER,
      organizationName: null,
      csrf: 'token',
      values: { from: '2026-01', to: '2026-11', municipality: '' },
      problems: [],
      municipalities: MUNICIPALITIES.map(([code, name]) => ({ code, name })),
      report,
      mayRefresh: true,
      mayExport: true,
      query: 'from=2026-01&to=2026-11',
      ...extra,
    }),
  );
}
