/**
 * The consent feature's access policy, registered with the one door (platform/access/door.ts):
 * who may see and change the consent records of a contact.
 *
 * 1. A counsellor of the organisation that keeps the contact (its registry, the contact
 *    point's team): read and write every consent record of its contacts — persons,
 *    guardianship, requests, recorded consents, capacity assessments, statutory disclosures.
 * 2. The status-link holder: the open requests of that contact (read, answer), its consents
 *    (read, withdraw). A link to another contact: "not your consent".
 * 3. A signed-in client: their own consents and their children's (my_consents), answering a
 *    request and withdrawing a consent of a contact they belong to.
 * 4. The region's data-protection officer: searching consents and disclosure events, reading
 *    and reviewing statutory disclosures.
 * Everyone else: "not found".
 */
import type { Transaction } from 'kysely';
import type { ErrorCode } from '../../i18n/index.ts';
import {
  type AccessAction,
  type AccessActor,
  type AccessDecision,
  definePolicy,
  type LogTarget,
  type ResourceRef,
} from '../../platform/access/door.ts';
import type { StaffActor, StaffRole } from '../../platform/auth/actor.ts';
import type { DB } from '../../platform/db/types.ts';
import { AppError } from '../../platform/errors.ts';
import {
  type ConsentContact,
  clientBelongsToContact,
  contactForConsent,
  contactIdOfRecord,
  directiveRecorder,
} from './queries/contacts.ts';

export const CONSENT_RESOURCES = [
  'consent_person',
  'consent_directive',
  'consent_request',
  'capacity_assessment',
  'statutory_disclosure',
  'disclosure_event',
  'my_consents',
] as const;
export type ConsentResource = (typeof CONSENT_RESOURCES)[number];

/** A DPO's search of a region's records (id null, view 'search'). */
export const SEARCH_VIEW = 'search';

export interface ConsentFacts {
  contact: ConsentContact | null;
  /** a signed-in client: they sent the contact signed in, or are linked to one of its persons */
  clientBelongs: boolean;
  /**
   * a consent of a family without a contact (a professional's consultation): the staff user who
   * recorded it, the one the family tells when it withdraws it
   */
  recordedBy?: string | null;
}

/**
 * The contact a reference is about: a new record or a list names its contact as parentId
 * (a capacity assessment names its person); a record is looked up by its id.
 */
async function contactIdOf(trx: Transaction<DB>, resource: ResourceRef): Promise<string | null> {
  if (resource.type === 'capacity_assessment' && resource.parentId)
    return contactIdOfRecord(trx, 'consent_person', resource.parentId);
  if (resource.parentId) return resource.parentId;
  if (resource.id) return contactIdOfRecord(trx, resource.type, resource.id);
  return null;
}

export async function consentFacts(
  trx: Transaction<DB>,
  actor: AccessActor,
  _action: AccessAction,
  resource: ResourceRef,
): Promise<ConsentFacts> {
  const contactId = await contactIdOf(trx, resource);
  const contact = contactId ? ((await contactForConsent(trx, contactId)) ?? null) : null;
  const clientBelongs =
    actor.kind === 'client' && contact !== null
      ? await clientBelongsToContact(trx, actor.clientId, contact.id)
      : false;
  const recordedBy =
    contact === null && actor.kind === 'staff' && resource.type === 'consent_directive' && resource.id
      ? await directiveRecorder(trx, resource.id)
      : null;
  return { contact, clientBelongs, recordedBy };
}

const deny = (reason: string, code?: ErrorCode): AccessDecision =>
  code ? { allowed: false, reason, error: new AppError(code, 404) } : { allowed: false, reason };

function roleIn(actor: StaffActor, role: StaffRole, organizationId?: string): boolean {
  return actor.roles.some(
    (r) => r.role === role && (organizationId === undefined || r.organizationId === organizationId),
  );
}

/** What the status-link holder and a client may do: answer requests, withdraw consents. */
const FAMILY_ACTIONS: Partial<Record<ConsentResource, readonly AccessAction[]>> = {
  consent_request: ['read', 'update'],
  consent_directive: ['read', 'update'],
};

export function decideConsent(
  actor: AccessActor,
  action: AccessAction,
  resource: ResourceRef,
  facts: ConsentFacts | undefined,
): AccessDecision {
  const type = resource.type as ConsentResource;
  if (type === 'my_consents') {
    return actor.kind === 'client' && action === 'read'
      ? { allowed: true, role: 'client', basis: 'own_data', detail: 'my_consents' }
      : deny('not_a_client');
  }
  if (actor.kind === 'anonymous' || actor.kind === 'system') return deny('anonymous');
  const contact = facts?.contact ?? null;
  const familyMay = FAMILY_ACTIONS[type]?.includes(action) ?? false;
  if (actor.kind === 'status_link') {
    if (!familyMay) return deny('status_link_action_not_allowed');
    if (contact === null || contact.id !== actor.contactId)
      return deny('not_own_contact', 'consent.not_your_consent');
    return { allowed: true, role: 'public', basis: 'status_link', detail: 'family' };
  }
  if (actor.kind === 'client') {
    if (!familyMay) return deny('client_action_not_allowed');
    if (contact === null || !facts?.clientBelongs) return deny('not_own_contact', 'consent.not_your_consent');
    return { allowed: true, role: 'client', basis: 'own_data', detail: 'family' };
  }
  // staff
  if (resource.view === SEARCH_VIEW && resource.id === null) {
    const searchable =
      type === 'consent_directive' || type === 'disclosure_event' || type === 'statutory_disclosure';
    return searchable && action === 'read' && roleIn(actor, 'dpo')
      ? { allowed: true, role: 'dpo', basis: 'role', detail: 'data_protection' }
      : deny('no_dpo_role');
  }
  if (contact === null) {
    // a consent recorded by a professional for a family without a contact (a consultation): the
    // one who recorded it reads it and records the family's withdrawal
    if (
      type === 'consent_directive' &&
      (action === 'read' || action === 'update') &&
      facts?.recordedBy === actor.userId
    )
      return { allowed: true, role: actor.roles[0]?.role ?? null, basis: 'role', detail: 'recorded_it' };
    return deny('no_such_record');
  }
  if (contact.regionId !== actor.regionId) return deny('other_region');
  if (type === 'statutory_disclosure' && roleIn(actor, 'dpo') && (action === 'read' || action === 'update')) {
    // the DPO reads and reviews; a counsellor records
    if (action === 'update' && resource.view === 'review')
      return { allowed: true, role: 'dpo', basis: 'role', detail: 'data_protection' };
    if (action === 'read') return { allowed: true, role: 'dpo', basis: 'role', detail: 'data_protection' };
  }
  if (type === 'disclosure_event') return deny('no_dpo_role');
  if (roleIn(actor, 'counsellor', contact.registryOrganizationId)) {
    if (action === 'delete' || action === 'export') return deny('action_not_allowed');
    if (type === 'statutory_disclosure' && resource.view === 'review') return deny('no_dpo_role');
    return { allowed: true, role: 'counsellor', basis: 'role', detail: 'contact_point_team' };
  }
  return deny('other_organization');
}

function consentTarget(
  facts: ConsentFacts | undefined,
  actor: AccessActor,
  resource: ResourceRef,
): LogTarget {
  const contact = facts?.contact ?? null;
  if (contact === null) {
    return {
      regionId: actor.kind === 'staff' || actor.kind === 'client' ? actor.regionId : null,
      clientId: actor.kind === 'client' ? actor.clientId : null,
      registryOrganizationId: null,
      resourceId: resource.id,
    };
  }
  return {
    regionId: contact.regionId,
    clientId: contact.clientId,
    registryOrganizationId: contact.registryOrganizationId,
    resourceId: resource.id ?? contact.id,
  };
}

export const consentPolicy = definePolicy<ConsentFacts>({
  resources: CONSENT_RESOURCES,
  actions: ['read', 'create', 'update', 'export'],
  notFound: 'consent.not_found',
  factless: ['my_consents'],
  facts: consentFacts,
  decide: decideConsent,
  target: consentTarget,
});

// ---------------------------------------------------------------- the door's references

/** A list or a new record of a contact. */
export const ofContact = (type: ConsentResource, contactId: string, view?: string): ResourceRef => ({
  type,
  id: null,
  parentId: contactId,
  ...(view ? { view } : {}),
});

/** One record by its id. */
export const record = (type: ConsentResource, id: string, view?: string): ResourceRef => ({
  type,
  id,
  ...(view ? { view } : {}),
});

/** A DPO's search. */
export const search = (
  type: 'consent_directive' | 'disclosure_event' | 'statutory_disclosure',
): ResourceRef => ({
  type,
  id: null,
  view: SEARCH_VIEW,
});
