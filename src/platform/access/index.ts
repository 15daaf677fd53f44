// The access policy and the access log: the one door to client data (docs/security.md).
export { accessClientData, accessContact, accessHandoff, staffActorColumns } from './access.ts';
export { type AccessLogEntry, appendAccessLog, type VerifyResult, verifyAccessLog } from './log.ts';
export {
  type AccessRequest,
  BREAK_GLASS_MIN_REASON,
  CLINICAL_ROLES,
  type ClientDataAction,
  type ContactAccessRequest,
  type ContactActor,
  type ContactDecision,
  type ContactResource,
  type Decision,
  decide,
  decideContact,
  decideHandoff,
  type HandoffAccessRequest,
  type HandoffSide,
  type StatusLinkHolder,
} from './policy.ts';
export { Refusal, type RefusalReason } from './refusal.ts';
export { type RetentionReport, removeExpiredAccessLog } from './retention.ts';
