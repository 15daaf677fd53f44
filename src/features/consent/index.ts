// What other features and the entry points may use of consent.
// The contact point's status page and a contact's staff page show consent panels: their ports
// (statusConsentPort, staffConsentPort) are given to the contact pages by app.ts.

import type { Feature, PlatformDeps } from '../../platform/feature.ts';
import { CONSENT_TEMPLATES, renderConsentTemplate } from './consent.ts';
import { consentPolicy } from './policy.ts';
import { consentRoutes } from './routes.ts';

export { consentsToConfirm, withdrawConsent } from './consent.ts';
export { RECORDED_CHANNELS, type RecordedChannel } from './model.ts';
export { staffConsentPort, statusConsentPort } from './pages.ts';

/** Consent (capability 9): the family's and the counsellor's pages, the DPO's search, the notice mail. */
export const feature: Feature = {
  name: 'consent',
  async register(app, { db, now }: PlatformDeps) {
    await app.register(consentRoutes, { db, now });
  },
  policies: [consentPolicy],
  templates: { names: CONSENT_TEMPLATES, render: renderConsentTemplate },
};
export {
  type ConsultationConsent,
  type ConsultationDisclosure,
  consultationDisclosureWrite,
  recordConsultationConsent,
} from './consultation-consent.ts';
