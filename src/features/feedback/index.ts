// What other features and the application may use of the feedback after a contact (issue 13,
// capability 12): features import each other only here. The metrics read the feedback table
// in their own queries (the got-help rate, the response rate).

import type { Feature } from '../../platform/feature.ts';
import type { ContactsFeatureDeps } from '../contacts/index.ts';
import { feedbackPages } from './pages.ts';
import { COMMENTS_READ, feedbackPolicy } from './policy.ts';
import { feedbackApiRoutes } from './routes.ts';

export { type FeedbackDeps, feedbackGiven, giveFeedback } from './feedback.ts';
export { closingMonth, GOT_HELP, type GotHelp, receiptKey } from './model.ts';
export { feedbackPath, feedbackPort } from './pages.ts';
export { COMMENTS_READ, FEEDBACK_COMMENTS, feedbackPolicy } from './policy.ts';

/** Feedback: the family's form under its status link, the managers' comments and the API. */
export const feature: Feature<ContactsFeatureDeps> = {
  name: 'feedback',
  async register(app, { contacts }) {
    await app.register(feedbackApiRoutes, { deps: contacts });
    await app.register(feedbackPages, { deps: contacts });
  },
  policies: [feedbackPolicy],
  nav: [
    {
      section: 'feedback',
      path: '/staff/feedback',
      labelKey: 'feedback.nav.feedback',
      textKey: 'feedback.home.feedbackText',
      order: 66,
      visible: COMMENTS_READ,
    },
  ],
};
