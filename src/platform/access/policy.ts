/**
 * The access policy of the generic client record: who may do what with a client's data kept
 * by an organisation. A pure function of its inputs, tested without a database
 * (policy.test.ts); client-record-policy.ts registers it with the door (door.ts) for the
 * resource type 'client_record'. See docs/security.md.
 *
 * The rules, in order:
 * 1. Anonymous: never.
 * 2. A client: their own data (read, create, export), never another client's.
 * 3. Staff of another region than the client's: never ("not found").
 * 4. Staff with a clinical role (counsellor, receiving-unit worker, partner professional) in
 *    the organisation that keeps the record (its registry controller) and an active care
 *    relationship with the client in that organisation: any action.
 * 5. The same role in the registry organisation without a care relationship: read only,
 *    and only by "breaking the glass" with a typed reason (logged with break_glass = true).
 * 6. Staff of another organisation of the same region: only when the client has consented
 *    (consentAllows, issue 9: returns false until then).
 * Everything else (manager, catalogue editor, administrator, data-protection officer) has no
 * access to client records: managers see aggregates, the DPO sees the access log.
 */
import type { Actor, StaffActor, StaffRole } from '../auth/actor.ts';

export type ClientDataAction = 'read' | 'create' | 'update' | 'delete' | 'export';

/** The roles whose work is with clients and their records. */
export const CLINICAL_ROLES: readonly StaffRole[] = ['counsellor', 'receiving_worker', 'partner'];

/** A break-the-glass reason shorter than this is refused: a person has to say why. */
export const BREAK_GLASS_MIN_REASON = 10;

export interface AccessRequest {
  /** whose data */
  clientId: string;
  /** the organisation (registry controller) that keeps the record */
  registryOrganizationId: string;
  action: ClientDataAction;
  /** what is accessed, for the log: e.g. { type: 'contact', id } */
  resource: { type: string; id?: string };
  /** the reason the user gives (required with breakGlass) */
  reason?: string;
  /** emergency access without a care relationship (read only) */
  breakGlass?: boolean;
}

export interface CareRelationshipFact {
  staffUserId: string;
  clientId: string;
  organizationId: string;
  endedAt: Date | null;
}

/** What the policy needs to know besides the actor and the request (loaded by access.ts). */
export interface AccessFacts {
  /** the client's region, or null when there is no such client */
  clientRegionId: string | null;
  careRelationships: CareRelationshipFact[];
  now: Date;
}

export type DenyReason =
  | 'anonymous'
  | 'no_such_client'
  | 'not_own_data'
  | 'client_action_not_allowed'
  | 'other_region'
  | 'no_clinical_role'
  | 'other_organization'
  | 'no_care_relationship'
  | 'break_glass_read_only'
  | 'break_glass_reason_too_short';

export type Decision =
  | {
      allowed: true;
      /** the role that allowed it ('client' for the client themself) */
      role: StaffRole | 'client';
      breakGlass: boolean;
      basis: 'own_data' | 'care_relationship' | 'break_glass' | 'consent';
    }
  | { allowed: false; reason: DenyReason };

const CLIENT_ACTIONS: readonly ClientDataAction[] = ['read', 'create', 'export'];

const deny = (reason: DenyReason): Decision => ({ allowed: false, reason });

export function decide(actor: Actor, request: AccessRequest, facts: AccessFacts): Decision {
  if (actor.kind === 'anonymous') return deny('anonymous');
  if (facts.clientRegionId === null) return deny('no_such_client');
  if (actor.kind === 'client') {
    if (actor.clientId !== request.clientId) return deny('not_own_data');
    if (!CLIENT_ACTIONS.includes(request.action)) return deny('client_action_not_allowed');
    return { allowed: true, role: 'client', breakGlass: false, basis: 'own_data' };
  }
  if (actor.regionId !== facts.clientRegionId) return deny('other_region');
  const clinicalHere = clinicalRoleIn(actor, request.registryOrganizationId);
  if (!clinicalHere) {
    const clinicalAnywhere = actor.roles.find((r) => CLINICAL_ROLES.includes(r.role));
    if (!clinicalAnywhere) return deny('no_clinical_role');
    if (consentAllows(actor, request)) {
      return { allowed: true, role: clinicalAnywhere.role, breakGlass: false, basis: 'consent' };
    }
    return deny('other_organization');
  }
  if (hasActiveCareRelationship(actor, request, facts)) {
    return { allowed: true, role: clinicalHere, breakGlass: false, basis: 'care_relationship' };
  }
  if (!request.breakGlass) return deny('no_care_relationship');
  if (request.action !== 'read') return deny('break_glass_read_only');
  if ((request.reason ?? '').trim().length < BREAK_GLASS_MIN_REASON)
    return deny('break_glass_reason_too_short');
  return { allowed: true, role: clinicalHere, breakGlass: true, basis: 'break_glass' };
}

function clinicalRoleIn(actor: StaffActor, organizationId: string): StaffRole | undefined {
  return actor.roles.find((r) => r.organizationId === organizationId && CLINICAL_ROLES.includes(r.role))
    ?.role;
}

function hasActiveCareRelationship(actor: StaffActor, request: AccessRequest, facts: AccessFacts): boolean {
  return facts.careRelationships.some(
    (c) =>
      c.staffUserId === actor.userId &&
      c.clientId === request.clientId &&
      c.organizationId === request.registryOrganizationId &&
      (c.endedAt === null || c.endedAt > facts.now),
  );
}

/**
 * Consent to share a record with another organisation of the region (issue 9 adds consents;
 * until then nobody outside the registry organisation gets access).
 */
export function consentAllows(_actor: StaffActor, _request: AccessRequest): boolean {
  return false;
}
