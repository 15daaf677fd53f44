// What other features and the entry points may use of matching.
import type { Feature } from '../../platform/feature.ts';
import { FIRST_LINE_QUESTION, firstLinePolicy } from './first-line-policy.ts';
import { firstLineRoutes } from './first-line-routes.ts';
import { matchingRoutes } from './routes.ts';

export { forgetMatchingReference } from './candidates.ts';
export {
  CONTACTERS,
  DEFAULT_LIMIT,
  type ReasonCode,
  type ReasonText,
  type Situation,
  type SuggestionView,
  URGENCIES,
  WEIGHTS,
} from './matching.ts';
export { matchingRoutes } from './routes.ts';
export { suggestionsFor } from './suggestions.ts';

/** Matching (capability 5): the counsellor's explained suggestions (its API), and the first-line table the administrators keep. */
export const feature: Feature = {
  name: 'matching',
  async register(app, { db }) {
    await app.register(matchingRoutes, { db });
    await app.register(firstLineRoutes, { db });
  },
  policies: [firstLinePolicy],
  nav: [
    {
      section: 'first-line',
      path: '/staff/admin/first-line',
      labelKey: 'matching.firstLine.nav',
      textKey: 'matching.firstLine.navText',
      order: 72,
      visible: FIRST_LINE_QUESTION,
    },
  ],
};
