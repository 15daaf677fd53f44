// What other features and the bench may use of consultations (features import each other only here).

import type { Feature, PlatformDeps } from '../../platform/feature.ts';
import { CONSULTATION_TEMPLATES, renderConsultationTemplate } from './notifications.ts';
import { consultationPages } from './pages.ts';
import { consultationPolicy } from './policy.ts';
import { consultationApiRoutes, sectionQuestion } from './routes.ts';

export {
  type ConsultationListItem,
  type ConsultationView,
  consultationQueue,
  myConsultations,
  openConsultationCount,
  readConsultation,
  sendConsultation,
} from './consultations.ts';
export { type ConsultationInput, consultationFromInput } from './input.ts';
export { identifyingHits } from './model.ts';

/** Professional consultation and co-work (capability 7): its API, pages, e-mail and two staff sections. */
export const feature: Feature = {
  name: 'consultations',
  async register(app, { db, publicUrl, now }: PlatformDeps) {
    const deps = { db, publicUrl, now };
    await app.register(consultationApiRoutes, { deps });
    await app.register(consultationPages, { deps });
  },
  policies: [consultationPolicy],
  templates: { names: CONSULTATION_TEMPLATES, render: renderConsultationTemplate },
  nav: [
    {
      section: 'consultations',
      path: '/staff/consultations',
      labelKey: 'consultations.nav.queue',
      textKey: 'consultations.home.queueText',
      order: 45,
      visible: sectionQuestion('queue'),
    },
    {
      section: 'my-consultations',
      path: '/staff/my-consultations',
      labelKey: 'consultations.nav.mine',
      textKey: 'consultations.home.mineText',
      order: 46,
      visible: sectionQuestion('mine'),
    },
  ],
};
