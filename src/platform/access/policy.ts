/**
 * The access policy: who may do what with a client's data. Pure functions of their inputs,
 * tested without a database (policy.test.ts). accessClientData (access.ts) is the one door
 * that applies them; see docs/security.md.
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

// ---------------------------------------------------------------- contacts (issue 5)

/**
 * Whoever holds a contact's private status link: the family (or young person) who sent it,
 * without signing in. The link's token is checked before this actor is made.
 */
export interface StatusLinkHolder {
  kind: 'status_link';
  contactId: string;
}

export type ContactActor = Actor | StatusLinkHolder;

/**
 * What is accessed: one contact (contactId) or, for the queue, the open contacts of a region
 * (contactId null, resource 'contact_queue'). A new contact has its id made before the access.
 */
export interface ContactAccessRequest {
  contactId: string | null;
  action: ClientDataAction;
  resource: { type: ContactResource; id?: string };
  reason?: string;
}

export type ContactResource =
  | 'contact'
  | 'contact_queue'
  | 'contact_assignment'
  | 'record_entry'
  | 'contact_message'
  | 'contact_status'
  /** a signed-in client's list of their own contacts (contactId null) */
  | 'client_contacts';

/** Facts about the contact (loaded by access.ts): null when there is no such contact yet. */
export interface ContactFacts {
  contact: { regionId: string; registryOrganizationId: string; clientId: string | null } | null;
  /** for the queue (contactId null): the actor's region and its contact-point organisation */
  queue: { regionId: string; registryOrganizationId: string | null } | null;
}

export type ContactDenyReason =
  | DenyReason
  | 'not_own_contact'
  | 'status_link_action_not_allowed'
  | 'manager_action_not_allowed';

export type ContactDecision =
  | {
      allowed: true;
      role: StaffRole | 'client' | 'public';
      basis: 'public_intake' | 'status_link' | 'own_data' | 'contact_point_team' | 'manager_assignment';
    }
  | { allowed: false; reason: ContactDenyReason };

/** What a manager may do with contacts: see the queue (no free text) and assign work. */
const MANAGER_CONTACT_ACCESS: readonly { action: ClientDataAction; type: ContactResource }[] = [
  { action: 'read', type: 'contact_queue' },
  { action: 'update', type: 'contact_assignment' },
];

/**
 * The policy for contacts of the one contact point (capabilities 2–4, 10):
 * 1. Anyone, signed in or not, may send a new contact (the public form: no referral, no login).
 * 2. The status-link holder may read that contact's status and write messages to it.
 * 3. A signed-in client may read the contacts they sent while signed in, and the list of them
 *    (resource 'client_contacts', contactId null: the list holds only their own).
 * 4. Staff of another region: never ("not found").
 * 5. A counsellor of the organisation that runs the region's contact point: every contact of
 *    the region's shared queue, read and write (the team works one queue; the log names who).
 * 6. A manager of that organisation: the queue view (no free text) and assigning work.
 * Everyone else (other organisations, other roles): no access.
 */
export function decideContact(
  actor: ContactActor,
  request: ContactAccessRequest,
  facts: ContactFacts,
): ContactDecision {
  const isNew = request.action === 'create' && request.resource.type === 'contact';
  if (isNew && facts.contact === null && request.contactId !== null) {
    return {
      allowed: true,
      role:
        actor.kind === 'staff'
          ? (actor.roles[0]?.role ?? 'counsellor')
          : actor.kind === 'client'
            ? 'client'
            : 'public',
      basis: 'public_intake',
    };
  }
  if (actor.kind === 'anonymous') return { allowed: false, reason: 'anonymous' };
  if (actor.kind === 'status_link') {
    if (facts.contact === null || actor.contactId !== request.contactId)
      return { allowed: false, reason: 'no_such_client' };
    const allowed =
      (request.action === 'read' && request.resource.type === 'contact_status') ||
      (request.action === 'create' && request.resource.type === 'contact_message');
    return allowed
      ? { allowed: true, role: 'public', basis: 'status_link' }
      : { allowed: false, reason: 'status_link_action_not_allowed' };
  }
  if (request.resource.type === 'client_contacts') {
    return actor.kind === 'client' && request.contactId === null && request.action === 'read'
      ? { allowed: true, role: 'client', basis: 'own_data' }
      : { allowed: false, reason: 'client_action_not_allowed' };
  }
  const target = facts.contact ?? facts.queue;
  if (target === null) return { allowed: false, reason: 'no_such_client' };
  if (actor.kind === 'client') {
    if (facts.contact === null || facts.contact.clientId !== actor.clientId)
      return { allowed: false, reason: 'not_own_contact' };
    return request.action === 'read'
      ? { allowed: true, role: 'client', basis: 'own_data' }
      : { allowed: false, reason: 'client_action_not_allowed' };
  }
  if (actor.regionId !== target.regionId) return { allowed: false, reason: 'other_region' };
  const registry = target.registryOrganizationId;
  if (registry === null) return { allowed: false, reason: 'other_organization' };
  if (hasRoleIn(actor, 'counsellor', registry)) {
    return request.action === 'delete'
      ? { allowed: false, reason: 'client_action_not_allowed' }
      : { allowed: true, role: 'counsellor', basis: 'contact_point_team' };
  }
  if (hasRoleIn(actor, 'manager', registry)) {
    return MANAGER_CONTACT_ACCESS.some((a) => a.action === request.action && a.type === request.resource.type)
      ? { allowed: true, role: 'manager', basis: 'manager_assignment' }
      : { allowed: false, reason: 'manager_action_not_allowed' };
  }
  return actor.roles.some((r) => CLINICAL_ROLES.includes(r.role))
    ? { allowed: false, reason: 'other_organization' }
    : { allowed: false, reason: 'no_clinical_role' };
}

function hasRoleIn(actor: StaffActor, role: StaffRole, organizationId: string): boolean {
  return actor.roles.some((r) => r.role === role && r.organizationId === organizationId);
}

// ---------------------------------------------------------------- handoffs (issue 6)

/** handoff_status / handoff_calendar: the family reads where it stands (page, .ics);
 * handoff_request: the family asks to move or cancel the first appointment */
export type HandoffResource =
  | 'handoff'
  | 'handoff_list'
  | 'handoff_status'
  | 'handoff_calendar'
  | 'handoff_request';

export interface HandoffAccessRequest {
  /** the handoff, or null for a list (inbox, my handoffs, overdue) or a new handoff */
  handoffId: string | null;
  /** the contact a new handoff is made from (create) */
  contactId?: string;
  action: ClientDataAction;
  resource: { type: HandoffResource; id?: string };
  reason?: string;
}

export interface HandoffFacts {
  handoff: {
    regionId: string;
    contactId: string;
    senderOrganizationId: string;
    targetOrganizationId: string;
    targetUnitId: string | null;
  } | null;
  /** for a new handoff: the contact it is made from */
  contact: { regionId: string; registryOrganizationId: string } | null;
}

/** Which side of a handoff the actor is on: the sender decides to cancel, the receiver answers. */
export type HandoffSide = 'sender' | 'receiver' | 'oversight' | 'family';

export type HandoffDecision =
  | { allowed: true; role: StaffRole | 'public'; side: HandoffSide }
  | { allowed: false; reason: ContactDenyReason | 'other_unit' };

/**
 * The policy for handoffs (capability 6):
 * 1. The status-link holder reads the handoffs of their own contact (where it stands) and
 *    asks to move or cancel the first appointment (a handoff_request).
 * 2. Staff of another region: never.
 * 3. A counsellor of the contact's organisation (the sender side): create, read, update
 *    (cancel) the handoffs of their region's contacts.
 * 4. A receiving-unit worker (or counsellor) of the target organisation: read and update
 *    (accept, decline, appointment, visit) a handoff addressed to their unit; one addressed to
 *    the organisation without a unit is seen by all its receiving workers. Another unit's
 *    handoffs do not exist for them.
 * 5. A manager of the sender or target organisation: read (overdue handoffs surface to them).
 */
export function decideHandoff(
  actor: ContactActor,
  request: HandoffAccessRequest,
  facts: HandoffFacts,
): HandoffDecision {
  if (actor.kind === 'anonymous') return { allowed: false, reason: 'anonymous' };
  if (actor.kind === 'status_link') {
    const own = facts.handoff !== null && facts.handoff.contactId === actor.contactId;
    const allowed =
      request.action === 'read' ||
      (request.action === 'create' && request.resource.type === 'handoff_request');
    return own && allowed
      ? { allowed: true, role: 'public', side: 'family' }
      : { allowed: false, reason: 'status_link_action_not_allowed' };
  }
  if (actor.kind === 'client') return { allowed: false, reason: 'client_action_not_allowed' };
  if (request.action === 'delete') return { allowed: false, reason: 'client_action_not_allowed' };
  if (request.handoffId === null) {
    // a new handoff from a contact, or a list (each list filters by the actor's side)
    if (request.action === 'create') {
      const c = facts.contact;
      if (!c) return { allowed: false, reason: 'no_such_client' };
      if (c.regionId !== actor.regionId) return { allowed: false, reason: 'other_region' };
      return hasRoleIn(actor, 'counsellor', c.registryOrganizationId)
        ? { allowed: true, role: 'counsellor', side: 'sender' }
        : { allowed: false, reason: 'other_organization' };
    }
    if (request.action !== 'read' || request.resource.type !== 'handoff_list')
      return { allowed: false, reason: 'no_such_client' };
    const role = actor.roles.find((r) => ['counsellor', 'receiving_worker', 'manager'].includes(r.role));
    return role
      ? { allowed: true, role: role.role, side: role.role === 'manager' ? 'oversight' : 'receiver' }
      : { allowed: false, reason: 'no_clinical_role' };
  }
  const h = facts.handoff;
  if (!h) return { allowed: false, reason: 'no_such_client' };
  if (h.regionId !== actor.regionId) return { allowed: false, reason: 'other_region' };
  if (hasRoleIn(actor, 'counsellor', h.senderOrganizationId))
    return { allowed: true, role: 'counsellor', side: 'sender' };
  const receiving = actor.roles.find(
    (r) =>
      r.organizationId === h.targetOrganizationId &&
      (r.role === 'receiving_worker' || r.role === 'counsellor'),
  );
  if (receiving) {
    if (h.targetUnitId !== null && actor.unitId !== h.targetUnitId)
      return { allowed: false, reason: 'other_unit' };
    return request.action === 'create'
      ? { allowed: false, reason: 'client_action_not_allowed' }
      : { allowed: true, role: receiving.role, side: 'receiver' };
  }
  if (
    hasRoleIn(actor, 'manager', h.senderOrganizationId) ||
    hasRoleIn(actor, 'manager', h.targetOrganizationId)
  ) {
    return request.action === 'read'
      ? { allowed: true, role: 'manager', side: 'oversight' }
      : { allowed: false, reason: 'manager_action_not_allowed' };
  }
  return { allowed: false, reason: 'other_organization' };
}
