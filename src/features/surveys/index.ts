// What other features and the entry points may use of surveys (features import each other only here).

import type { Feature, PlatformDeps } from '../../platform/feature.ts';
import { renderSurveyTemplate, SURVEY_TEMPLATES } from './notifications.ts';
import { surveyPages } from './pages.ts';
import { SURVEY_SECTION, surveyPolicy } from './policy.ts';
import { surveyPublicPages } from './public-pages.ts';

export { surveyResults } from './results.ts';

/** Surveys (capability 12): the manager's builder and results, the respondent's public page, the invitation e-mail. */
export const feature: Feature = {
  name: 'surveys',
  async register(app, { db, publicUrl, now }: PlatformDeps) {
    const deps = { db, publicUrl, now };
    await app.register(surveyPages, { deps });
    await app.register(surveyPublicPages, { deps });
  },
  policies: [surveyPolicy],
  templates: { names: SURVEY_TEMPLATES, render: renderSurveyTemplate },
  nav: [
    {
      section: 'surveys',
      path: '/staff/surveys',
      labelKey: 'surveys.nav.surveys',
      textKey: 'surveys.home.surveysText',
      order: 75,
      visible: SURVEY_SECTION,
    },
  ],
};
