// The access policy and the access log: the one door to client data (docs/security.md).
export { CLIENT_RECORD, clientRecord } from './client-record-policy.ts';
export {
  type AccessAction,
  type AccessActor,
  type AccessBasis,
  type AccessDecision,
  type Allowed,
  type AlongLog,
  access,
  actorColumns,
  appendDenial,
  can,
  type Denied,
  type DoorActor,
  definePolicy,
  type LogTarget,
  type Policy,
  type PrivateLinkHolder,
  permitted,
  type ResourceRef,
  registeredPolicies,
  requirePermission,
  type StatusLinkHolder,
  type SystemActor,
  staffActorColumns,
  withAccess,
} from './door.ts';
export { type AccessLogEntry, appendAccessLog, type VerifyResult, verifyAccessLog } from './log.ts';
export {
  type AccessRequest,
  BREAK_GLASS_MIN_REASON,
  CLINICAL_ROLES,
  type ClientDataAction,
  type Decision,
  decide,
} from './policy.ts';
export { Refusal, type RefusalReason } from './refusal.ts';
export { type RetentionReport, removeExpiredAccessLog } from './retention.ts';
