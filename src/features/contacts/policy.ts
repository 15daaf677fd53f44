/**
 * The contact point's access policy (capabilities 2–4, 10), registered with the one door
 * (platform/access/door.ts): who may do what with contacts, their record entries and messages,
 * the shared queue and the client's own list. decideContact is a pure function of the actor,
 * the request and the facts (tested in policy.test.ts); contactFacts loads the facts; the door
 * asks both and writes the access-log row in the same transaction as the work.
 */
import { sql, type Transaction } from 'kysely';
import {
  type AccessAction,
  type AccessActor,
  type AccessDecision,
  CLINICAL_ROLES,
  definePolicy,
  type LogTarget,
  type ResourceRef,
  type StatusLinkHolder,
} from '../../platform/access/index.ts';
import type { Actor, StaffActor, StaffRole } from '../../platform/auth/actor.ts';
import type { DB } from '../../platform/db/types.ts';

export type { StatusLinkHolder };

/** Everyone who comes to the contacts' door: staff, a client, a visitor, a status-link holder. */
export type ContactActor = Actor | StatusLinkHolder;

/**
 * What is accessed: one contact (contactId) or, for the queue, the open contacts of a region
 * (contactId null, resource 'contact_queue'). A new contact has its id made before the access.
 */
export interface ContactAccessRequest {
  contactId: string | null;
  action: AccessAction;
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

/** The resource types decided with facts from the database (contactFacts). */
export const CONTACT_RESOURCES: readonly ContactResource[] = [
  'contact',
  'contact_queue',
  'contact_assignment',
  'record_entry',
  'contact_message',
  'contact_status',
  'client_contacts',
];

/**
 * What the staff pages ask, decided from the actor alone (factless, `permitted`): whether the
 * queue pages are theirs at all (view 'all') and whether they work contacts themselves and so
 * have contacts of their own (view 'mine': a counsellor, not a manager).
 */
export const QUEUE_VIEW = 'contact_queue_view';
/** The contact point's duty roster: kept (update) by the managers of the region's contact point. */
export const ROSTER = 'contact_roster';

/** Facts about the contact (loaded by contactFacts): null when there is no such contact yet. */
export interface ContactFacts {
  contact: { regionId: string; registryOrganizationId: string; clientId: string | null } | null;
  /** for the queue (contactId null): the actor's region and its contact-point organisation */
  queue: { regionId: string; registryOrganizationId: string | null } | null;
}

export type ContactDenyReason =
  | 'anonymous'
  | 'no_such_client'
  | 'client_action_not_allowed'
  | 'other_region'
  | 'no_clinical_role'
  | 'other_organization'
  | 'not_own_contact'
  | 'status_link_action_not_allowed'
  | 'manager_action_not_allowed';

/** The finer word for an allowed access: the log's basis before the door (now its `detail`). */
export type ContactBasis =
  | 'public_intake'
  | 'status_link'
  | 'own_data'
  | 'contact_point_team'
  | 'manager_assignment';

export type ContactDecision =
  | { allowed: true; role: StaffRole | 'client' | 'public'; basis: ContactBasis }
  | { allowed: false; reason: ContactDenyReason };

/** What a manager may do with contacts: see the queue (no free text) and assign work. */
export const MANAGER_CONTACT_ACCESS: readonly { action: AccessAction; type: ContactResource }[] = [
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

// ---------------------------------------------------------------- the door's resource references

/** One contact, or an action on it (id: the contact's). */
export const contactRef = (contactId: string, type: 'contact' | 'contact_assignment' = 'contact') => ({
  type,
  id: contactId,
});

/** Something of a contact with its own id (a record entry, a message) or none (its status). */
export const partOfContact = (
  type: 'record_entry' | 'contact_message' | 'contact_status',
  contactId: string,
  id: string | null = null,
): ResourceRef => ({ type, id, parentId: contactId });

/** The region's queue (id: which view of it the log names: all, unassigned, mine, counts, events). */
export const queueRef = (id: string): ResourceRef => ({ type: 'contact_queue', id });

/** The contact the request is about, from the door's resource reference. */
function contactIdOf(resource: ResourceRef): string | null {
  if (resource.parentId !== undefined) return resource.parentId;
  return resource.type === 'contact' || resource.type === 'contact_assignment' ? resource.id : null;
}

/** The door's reference as decideContact's request. */
export function requestOf(
  action: AccessAction,
  resource: ResourceRef,
  reason?: string,
): ContactAccessRequest {
  return {
    contactId: contactIdOf(resource),
    action,
    resource: {
      type: resource.type as ContactResource,
      ...(resource.id !== null ? { id: resource.id } : {}),
    },
    ...(reason !== undefined ? { reason } : {}),
  };
}

/** decideContact's words for the door: the basis it knows, and the contact point's word in detail. */
export function toAccessDecision(decision: ContactDecision): AccessDecision {
  if (!decision.allowed) return decision;
  const basis =
    decision.basis === 'contact_point_team' || decision.basis === 'manager_assignment'
      ? 'role'
      : decision.basis;
  return { allowed: true, role: decision.role, basis, detail: decision.basis };
}

// ---------------------------------------------------------------- facts

/**
 * The organisation that runs a region's contact point: the one an administrator chose
 * (region.contact_point_organization_id), else the region's wellbeing services county.
 */
const CONTACT_POINT_OF_ACTOR_REGION = sql<string | null>`coalesce(region.contact_point_organization_id, (
  SELECT o.id FROM organization o WHERE o.region_id = region.id AND o.kind = 'region' ORDER BY o.id LIMIT 1))`;

export async function contactFacts(
  trx: Transaction<DB>,
  actor: AccessActor,
  request: ContactAccessRequest,
): Promise<ContactFacts> {
  // a new contact's id was made for this request: there is nothing to look up
  if (request.contactId !== null && request.action === 'create' && request.resource.type === 'contact')
    return { contact: null, queue: null };
  if (request.contactId !== null) {
    const row = await trx
      .selectFrom('contact')
      .select(['region_id', 'registry_organization_id', 'client_id'])
      .where('id', '=', request.contactId)
      .executeTakeFirst();
    return {
      contact: row
        ? {
            regionId: row.region_id,
            registryOrganizationId: row.registry_organization_id,
            clientId: row.client_id,
          }
        : null,
      queue: null,
    };
  }
  if (actor.kind !== 'staff') return { contact: null, queue: null };
  return { contact: null, queue: await queueFacts(trx, actor.regionId) };
}

/** The actor's region and the organisation that runs its contact point. */
async function queueFacts(trx: Transaction<DB>, regionId: string) {
  const region = await trx
    .selectFrom('region')
    .select(CONTACT_POINT_OF_ACTOR_REGION.as('contact_point_organization_id'))
    .where('id', '=', regionId)
    .executeTakeFirst();
  return { regionId, registryOrganizationId: region?.contact_point_organization_id ?? null };
}

/** The queue pages: anyone who works the queue or oversees it; 'mine': who works contacts. */
function decideQueueView(actor: AccessActor, action: AccessAction, resource: ResourceRef): AccessDecision {
  if (actor.kind !== 'staff' || action !== 'read') return { allowed: false, reason: 'no_clinical_role' };
  const wanted: readonly StaffRole[] = resource.view === 'mine' ? ['counsellor'] : ['counsellor', 'manager'];
  const role = actor.roles.find((r) => wanted.includes(r.role));
  return role
    ? { allowed: true, role: role.role, basis: 'role', detail: 'contact_point_team' }
    : { allowed: false, reason: 'no_clinical_role' };
}

/** The roster is kept by the managers of the region's contact point (not of its other organisations). */
function decideRoster(actor: AccessActor, action: AccessAction, facts: ContactFacts): AccessDecision {
  if (actor.kind !== 'staff' || action !== 'update') return { allowed: false, reason: 'no_clinical_role' };
  const org = facts.queue?.registryOrganizationId;
  return org && facts.queue?.regionId === actor.regionId && hasRoleIn(actor, 'manager', org)
    ? { allowed: true, role: 'manager', basis: 'role', detail: 'manager_assignment' }
    : { allowed: false, reason: 'manager_action_not_allowed' };
}

export const contactPolicy = definePolicy<ContactFacts>({
  resources: [...CONTACT_RESOURCES, QUEUE_VIEW, ROSTER],
  actions: ['read', 'create', 'update', 'delete', 'export'],
  notFound: 'contact.not_found',
  factless: [QUEUE_VIEW],
  async facts(trx, actor, action, resource) {
    if (resource.type === ROSTER)
      return {
        contact: null,
        queue: actor.kind === 'staff' ? await queueFacts(trx, actor.regionId) : null,
      };
    return contactFacts(trx, actor, requestOf(action, resource));
  },
  decide(actor, action, resource, facts, reason) {
    if (resource.type === QUEUE_VIEW) return decideQueueView(actor, action, resource);
    const known = facts ?? { contact: null, queue: null };
    if (resource.type === ROSTER) return decideRoster(actor, action, known);
    // the system actor works no contact (the handoff expiry job goes through the handoffs' door)
    if (actor.kind === 'system') return { allowed: false, reason: 'no_clinical_role' };
    return toAccessDecision(decideContact(actor, requestOf(action, resource, reason), known));
  },
  target(facts, actor): LogTarget {
    const target = facts?.contact ?? facts?.queue ?? null;
    return {
      regionId: target?.regionId ?? null,
      clientId: facts?.contact?.clientId ?? (actor.kind === 'client' ? actor.clientId : null),
      registryOrganizationId: target?.registryOrganizationId ?? null,
    };
  },
});
