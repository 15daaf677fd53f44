// What other features and the entry points may use of matching.
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
