// What other features may use of the contact point (features import each other only here).
// The handoff pages (features/handoffs/pages.ts): one contact as its counsellor reads it (the
// situation for the suggestions), and the counsellors' page parts (fields, dates, notices).
// The client's own page (features/identity): the contacts they sent while signed in.

import type { AccessQuestion, Feature, PlatformDeps } from '../../platform/feature.ts';
import type { ContactsDeps } from './deps.ts';
import { CONTACT_TEMPLATES, renderContactTemplate } from './notifications.ts';
import { contactPolicy, QUEUE_VIEW } from './policy.ts';
import { contactPublicPages, type FamilyHandoffPorts } from './public-pages.ts';
import { contactApiRoutes } from './routes.ts';
import { type ConsentPanelPort, contactStaffPages } from './staff-pages.ts';
import { statusLinkKey } from './status-link.ts';

export { appointmentWhen } from './appointment-text.ts';
export { clientContacts, MY_CONTACTS_LIMIT, type MyContact } from './client-contacts.ts';
export {
  type ContactDetail,
  type ContactsDeps,
  closeContactByHandoff,
  contactForHandoff,
  notifyFamilyOfAppointment,
  notifyFamilyOfNews,
  readContact,
  recordHandoffEntry,
  statusHolder,
  statusPath,
} from './contacts.ts';
export { type FeedbackSubject, feedbackSubject } from './feedback-subject.ts';
export {
  agesText,
  Choices,
  ConflictNotice,
  dateTime,
  day,
  ErrorSummary,
  type FormCtx,
  type FormValues,
  Hidden,
  label,
  many,
  OverdueBadge,
  one,
  SelectField,
  TextArea,
  TextField,
  UrgencyBadge,
} from './pages/StaffParts.tsx';
export { statusLinkKey, statusToken } from './status-link.ts';
export { type QueueCounts, queueCounts } from './waiting.ts';

// ---------------------------------------------------------------- the feature (app.ts wires it)
export type { ConsentPanelPort, FamilyHandoffPorts };

/** What the contact point's routes share (and the handoffs', which work on its contacts). */
export async function createContactsDeps(deps: PlatformDeps): Promise<ContactsDeps> {
  return {
    db: deps.db,
    statusKey: await statusLinkKey(deps.db, deps.config.personalDataKey),
    publicUrl: deps.publicUrl,
    defaultRegionCode: deps.config.clientRegion ?? 'pohjois-savo',
    now: deps.now,
  };
}

/** What the contact point's pages ask of other features (wired by app.ts: no feature cycle). */
export interface ContactsFeatureDeps extends PlatformDeps {
  contacts: ContactsDeps;
  ports: {
    /** the status page's handoffs, calendar, requests and consent panel */
    family: FamilyHandoffPorts;
    /** the consent panel of a contact's staff page */
    staffConsentPanel?: ConsentPanelPort;
  };
}

/** The queue pages' question (view 'all': the queue is theirs; 'mine': they work contacts). */
const queueView = (view: 'all' | 'mine'): AccessQuestion => ({
  action: 'read',
  resource: { type: QUEUE_VIEW, id: null, view },
});

/** The contact point (capabilities 2–4, 10): the public form, the status page, the shared queue. */
export const feature: Feature<ContactsFeatureDeps> = {
  name: 'contacts',
  async register(app, { contacts, hub, ports }) {
    await app.register(contactApiRoutes, { deps: contacts, hub });
    await app.register(contactPublicPages, { deps: contacts, hub, ...ports.family });
    await app.register(contactStaffPages, { deps: contacts, hub, consentPanel: ports.staffConsentPanel });
  },
  policies: [contactPolicy],
  templates: { names: CONTACT_TEMPLATES, render: renderContactTemplate },
  nav: [
    {
      section: 'queue',
      path: '/staff/queue',
      labelKey: 'contactStaff.nav.queue',
      textKey: 'contactStaff.home.queueText',
      order: 10,
      visible: queueView('all'),
    },
    {
      section: 'my-work',
      path: '/staff/my-work',
      labelKey: 'contactStaff.nav.myWork',
      textKey: 'contactStaff.home.myWorkText',
      order: 20,
      visible: queueView('mine'),
    },
    {
      section: 'roster',
      path: '/staff/roster',
      labelKey: 'contactStaff.nav.roster',
      textKey: 'contactStaff.home.rosterText',
      order: 30,
      visible: queueView('all'),
    },
  ],
};
