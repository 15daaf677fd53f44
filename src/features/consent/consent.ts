/**
 * The consent services (capability 9): a counsellor records the family's persons, drafts a
 * consent request or records a consent given by phone or face to face; the family answers a
 * request from the status page or signed in, and withdraws any consent; the DPO searches and
 * reviews. Each service is one transaction through the door (withAccess), which decides with
 * policy.ts and writes the access-log row; the rules are the pure functions of model.ts.
 *
 * Bad input and the wrong person answer a coded error and change nothing (the transaction
 * rolls back): consent.no_custody, consent.period_ends_before_start, consent.unknown_registry,
 * consent.recipient_is_source, consent.request_not_open, consent.not_your_consent,
 * consent.minor_capable_decides, consent.justification_too_short.
 *
 * This file only hands the services' names on; each lives in the file of its responsibility:
 * persons.ts, requests.ts, directives.ts, withdrawal.ts, mine.ts, statutory.ts, panel.ts,
 * enforcement.ts, notifications.ts (views.ts and checks.ts are what they share; the SQL is in
 * queries/).
 */

export {
  consentsForStatusLink,
  type RecordedConsent,
  recordConsent,
  recordHandoffAgreement,
} from './directives.ts';
export {
  type DisclosureQuestion,
  disclosureEventWrite,
  disclosureFor,
  disclosureInput,
  recordDisclosure,
} from './enforcement.ts';
export { consentsToConfirm, type MyPersonConsents, myConsents } from './mine.ts';
export { CONSENT_TEMPLATES, CONSENT_WITHDRAWN, renderConsentTemplate } from './notifications.ts';
export { contactConsentPanel } from './panel.ts';
export { addPerson, type CapacityInput, type NewPerson, recordCapacity } from './persons.ts';
export {
  answerRequest,
  type DraftRequest,
  draftConsentRequest,
  REQUEST_ANSWER_DAYS,
  type RequestAnswer,
  requestsForStatusLink,
} from './requests.ts';
export {
  recordStatutoryDisclosure,
  reviewStatutory,
  type StatutoryInput,
  searchConsents,
  searchDisclosureEvents,
  statutoryForReview,
} from './statutory.ts';
export {
  type ConsentPanel,
  type DirectiveView,
  inForce,
  type OrganisationConsent,
  type OrganisationRef,
  type PersonView,
  type RequestView,
  type StatutoryView,
} from './views.ts';
export { confirmConsent, type Withdrawal, withdrawConsent } from './withdrawal.ts';
