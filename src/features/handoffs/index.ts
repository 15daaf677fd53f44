// What other features may use of the handoffs (features import each other only here).
// Consent: the organisations a contact's handoffs go to, read inside its own door's transaction.
export { handoffTargetOrganizationIds } from './queries.ts';
