// What other features and the entry points may use of matching.
import type { Feature } from '../../platform/feature.ts';
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

/** Matching (capability 5): the counsellor's explained suggestions (its API). */
export const feature: Feature = {
  name: 'matching',
  async register(app, { db }) {
    await app.register(matchingRoutes, { db });
  },
};
