/**
 * The handoffs' access policy (capability 6), registered with the one door (door.ts): who may
 * read and change a warm handoff, its lists, and the family's view of it. The decision is a
 * pure function (decideHandoff, tested in policy.test.ts); the facts loader below is, with
 * queries.ts, the only place that reads the handoff tables.
 *
 * Resource types:
 * - handoff: one handoff (id); a new one is created with its id and parentId = the contact;
 * - handoff_list: a list. A list read names the list as its id ('inbox', 'mine', 'overdue',
 *   'contact:<contact id>'): any side may read any list, each filters by the actor's own roles
 *   (a manager's inbox is empty). A page asks with id null and a view whether that list is one
 *   of the actor's own (its tabs): the inbox is the receiving workers', 'mine' and a contact's
 *   handoffs the counsellors', the overdue ones the managers'. Decided from the actor alone;
 * - handoff_status, handoff_calendar: the family reads where a handoff stands (page, .ics);
 * - handoff_request: the family asks to move or cancel the first appointment (id: the request,
 *   parentId: the handoff).
 * The actor's side (sender, receiver, oversight, family, system) comes back as the decision's
 * detail: the side decides which steps of the loop are theirs (TRANSITIONS).
 */
import type { Transaction } from 'kysely';
import {
  type AccessAction,
  type AccessActor,
  type AccessDecision,
  definePolicy,
  type LogTarget,
  type ResourceRef,
  type SideWrite,
} from '../../platform/access/door.ts';
import type { StaffActor, StaffRole } from '../../platform/auth/actor.ts';
import type { DB, HandoffState } from '../../platform/db/types.ts';
import { helsinkiDate } from '../../platform/working-days.ts';
import { type DisclosureQuestion, disclosureEventWrite } from '../consent/consent.ts';
import { type DisclosureInput, decideDisclosure } from '../consent/model.ts';
import { disclosureFactsSql, parseDisclosureFacts } from '../consent/queries/facts.ts';

export const HANDOFF_RESOURCES = [
  'handoff',
  'handoff_list',
  'handoff_status',
  'handoff_calendar',
  'handoff_request',
] as const;

export type HandoffResource = (typeof HANDOFF_RESOURCES)[number];

/** Which side of a handoff the actor is on: the sender decides to cancel, the receiver answers. */
export type HandoffSide = 'sender' | 'receiver' | 'oversight' | 'family';

/** The lists a page may ask about (handoff_list's views). */
export type HandoffListView = 'inbox' | 'mine' | 'overdue' | 'contact';

export interface HandoffFacts {
  handoff: {
    regionId: string;
    contactId: string;
    senderOrganizationId: string;
    targetOrganizationId: string;
    targetUnitId: string | null;
    state: HandoffState;
  } | null;
  /** for a new handoff: the contact it is made from */
  contact: { regionId: string; registryOrganizationId: string } | null;
  /** whose data: the client of the handoff's (or the new handoff's) contact, when signed in */
  clientId: string | null;
  /**
   * for a receiver in another registry than the sender's: whether the summary may cross
   * (consent, CONSENT.md), asked of decideDisclosure, and the question for its event
   */
  disclosure: { input: DisclosureInput; question: DisclosureQuestion } | null;
}

/** The side's word for the log and the work (the decision's detail). */
export function sideOf(decision: AccessDecision): HandoffSide {
  if (!decision.allowed) throw new Error('a refused access has no side');
  return decision.detail as HandoffSide;
}

/** What each list view belongs to, for a page's tabs (the navigation asks the same). */
const VIEW_ROLES: Record<HandoffListView, StaffRole> = {
  inbox: 'receiving_worker',
  mine: 'counsellor',
  overdue: 'manager',
  contact: 'counsellor',
};

const SIDE_ROLES: readonly StaffRole[] = ['counsellor', 'receiving_worker', 'manager'];

const deny = (reason: string): AccessDecision => ({ allowed: false, reason });
const allow = (role: StaffRole | 'public' | null, side: HandoffSide | 'system'): AccessDecision => ({
  allowed: true,
  role,
  basis: side === 'family' ? 'status_link' : 'role',
  detail: side,
});

function hasRoleIn(actor: StaffActor, role: StaffRole, organizationId: string): boolean {
  return actor.roles.some((r) => r.role === role && r.organizationId === organizationId);
}

/**
 * The policy for handoffs (capability 6):
 * 1. The status-link holder reads the handoffs of their own contact (where it stands) and
 *    asks to move or cancel the first appointment (a handoff_request).
 * 2. The system (the expiry job) updates a handoff still waiting for an answer (requested) in
 *    its region, and nothing else.
 * 3. Staff of another region: never.
 * 4. A counsellor of the contact's organisation (the sender side): create, read, update
 *    (cancel) the handoffs of their region's contacts.
 * 5. A receiving-unit worker (or counsellor) of the target organisation: read and update
 *    (accept, decline, appointment, visit) a handoff addressed to their unit; one addressed to
 *    the organisation without a unit is seen by all its receiving workers. Another unit's
 *    handoffs do not exist for them.
 * 6. A manager of the sender or target organisation: read (overdue handoffs surface to them).
 * 7. The lists: see the top of this file.
 */
export function decideHandoff(
  actor: AccessActor,
  action: AccessAction,
  resource: ResourceRef,
  facts: HandoffFacts | undefined,
): AccessDecision {
  if (actor.kind === 'anonymous') return deny('anonymous');
  if (resource.type === 'handoff_list') return decideList(actor, action, resource);
  const h = facts?.handoff ?? null;
  if (actor.kind === 'status_link') {
    const own = h !== null && h.contactId === actor.contactId;
    const allowed = action === 'read' || (action === 'create' && resource.type === 'handoff_request');
    return own && allowed ? allow('public', 'family') : deny('status_link_action_not_allowed');
  }
  if (actor.kind === 'system') {
    if (h === null) return deny('no_such_client');
    if (h.regionId !== actor.regionId) return deny('other_region');
    return action === 'update' && resource.type === 'handoff' && h.state === 'requested'
      ? allow(null, 'system')
      : deny('system_action_not_allowed');
  }
  if (actor.kind === 'client') return deny('client_action_not_allowed');
  if (action === 'delete') return deny('client_action_not_allowed');
  if (action === 'create' && resource.type === 'handoff') {
    // a new handoff from a contact (parentId)
    const c = facts?.contact ?? null;
    if (!c) return deny('no_such_client');
    if (c.regionId !== actor.regionId) return deny('other_region');
    return hasRoleIn(actor, 'counsellor', c.registryOrganizationId)
      ? allow('counsellor', 'sender')
      : deny('other_organization');
  }
  if (!h) return deny('no_such_client');
  if (h.regionId !== actor.regionId) return deny('other_region');
  if (hasRoleIn(actor, 'counsellor', h.senderOrganizationId)) return allow('counsellor', 'sender');
  const receiving = actor.roles.find(
    (r) =>
      r.organizationId === h.targetOrganizationId &&
      (r.role === 'receiving_worker' || r.role === 'counsellor'),
  );
  if (receiving) {
    if (h.targetUnitId !== null && actor.unitId !== h.targetUnitId) return deny('other_unit');
    if (action === 'create') return deny('client_action_not_allowed');
    // another registry reads only what a consent (or a statutory basis) allows
    const crossing = facts?.disclosure ? decideDisclosure(facts.disclosure.input) : null;
    if (crossing === null || crossing.basis === 'same_registry') return allow(receiving.role, 'receiver');
    if (crossing.decision === 'deny') return deny(`consent_${crossing.basis}`);
    return {
      allowed: true,
      role: receiving.role,
      basis: crossing.basis === 'statutory' ? 'statutory' : 'consent',
      detail: 'receiver',
      basisId: crossing.statutoryDisclosureId ?? crossing.directiveIds[0],
    };
  }
  if (
    hasRoleIn(actor, 'manager', h.senderOrganizationId) ||
    hasRoleIn(actor, 'manager', h.targetOrganizationId)
  ) {
    return action === 'read' ? allow('manager', 'oversight') : deny('manager_action_not_allowed');
  }
  return deny('other_organization');
}

function decideList(actor: AccessActor, action: AccessAction, resource: ResourceRef): AccessDecision {
  if (actor.kind !== 'staff') return deny('client_action_not_allowed');
  if (action !== 'read') return deny('no_such_client');
  if (resource.id === null) {
    // a page's question: is this list one of the actor's own?
    const role = VIEW_ROLES[resource.view as HandoffListView];
    if (!role) return deny('no_such_client');
    return actor.roles.some((r) => r.role === role)
      ? allow(role, role === 'manager' ? 'oversight' : role === 'counsellor' ? 'sender' : 'receiver')
      : deny('no_clinical_role');
  }
  // a list read: each list filters by the actor's side
  const role = actor.roles.find((r) => SIDE_ROLES.includes(r.role));
  return role
    ? allow(role.role, role.role === 'manager' ? 'oversight' : 'receiver')
    : deny('no_clinical_role');
}

/** The facts a decision needs: the handoff (or, for a new one, its contact) and its client. */
export async function handoffFacts(
  trx: Transaction<DB>,
  actor: AccessActor,
  action: AccessAction,
  resource: ResourceRef,
  now: Date = new Date(),
): Promise<HandoffFacts> {
  const handoffId =
    resource.type === 'handoff_request'
      ? (resource.parentId ?? null)
      : action === 'create' && resource.type === 'handoff'
        ? null
        : resource.id;
  if (handoffId !== null) {
    const receiverOrgs =
      actor.kind === 'staff'
        ? actor.roles
            .filter((r) => r.role === 'receiving_worker' || r.role === 'counsellor')
            .map((r) => r.organizationId)
        : [];
    const senderOrgs =
      actor.kind === 'staff'
        ? actor.roles.filter((r) => r.role === 'counsellor').map((r) => r.organizationId)
        : [];
    const h = await trx
      .selectFrom('handoff')
      .innerJoin('contact', 'contact.id', 'handoff.contact_id')
      .select([
        'handoff.region_id',
        'handoff.contact_id',
        'handoff.sender_organization_id',
        'handoff.target_organization_id',
        'handoff.target_unit_id',
        'handoff.state',
        'contact.client_id',
        // a possible receiver: whether the summary may cross to their registry, in the same
        // statement (consent_disclosure_facts; the function answers null within one registry)
        (eb) =>
          (receiverOrgs.length > 0
            ? eb
                .case()
                .when(
                  eb.and([
                    eb('handoff.target_organization_id', 'in', receiverOrgs),
                    senderOrgs.length > 0
                      ? eb('handoff.sender_organization_id', 'not in', senderOrgs)
                      : eb.lit(true),
                  ]),
                )
                .then(
                  disclosureFactsSql({
                    contactId: 'handoff.contact_id',
                    sourceOrganizationId: 'handoff.sender_organization_id',
                    recipientOrganizationId: 'handoff.target_organization_id',
                  }),
                )
                .end()
            : eb.val(null)
          ).as('consent_facts'),
      ])
      .where('handoff.id', '=', handoffId)
      .executeTakeFirst();
    const handoff = h
      ? {
          regionId: h.region_id,
          contactId: h.contact_id,
          senderOrganizationId: h.sender_organization_id,
          targetOrganizationId: h.target_organization_id,
          targetUnitId: h.target_unit_id,
          state: h.state,
        }
      : null;
    return {
      handoff,
      contact: null,
      clientId: h?.client_id ?? null,
      disclosure: receiverDisclosure(actor, resource, handoff, h?.consent_facts ?? null, now),
    };
  }
  if (resource.parentId) {
    const c = await trx
      .selectFrom('contact')
      .select(['region_id', 'registry_organization_id', 'client_id'])
      .where('id', '=', resource.parentId)
      .executeTakeFirst();
    return {
      handoff: null,
      contact: c ? { regionId: c.region_id, registryOrganizationId: c.registry_organization_id } : null,
      clientId: c?.client_id ?? null,
      disclosure: null,
    };
  }
  return { handoff: null, contact: null, clientId: null, disclosure: null };
}

/**
 * A receiving worker of the target organisation who is not on the sender's side: the
 * question whether the summary may cross from the sender's registry to theirs. The inbox
 * (queries.ts) asks the same inside its query (mayDiscloseSql).
 */
function receiverDisclosure(
  actor: AccessActor,
  resource: ResourceRef,
  h: HandoffFacts['handoff'],
  consentFacts: unknown,
  now: Date,
): HandoffFacts['disclosure'] {
  if (h === null || actor.kind !== 'staff' || consentFacts === null) return null;
  if (hasRoleIn(actor, 'counsellor', h.senderOrganizationId)) return null;
  const question: DisclosureQuestion = {
    contactId: h.contactId,
    sourceOrganizationId: h.senderOrganizationId,
    recipientOrganizationId: h.targetOrganizationId,
    categories: ['handoff_summary'],
    // the handoff addressed to the worker's unit (or organisation) is their care relationship
    careRelationship: h.targetUnitId === null || actor.unitId === h.targetUnitId,
    resourceType: resource.type,
    resourceId: resource.id ?? resource.parentId ?? null,
    at: now,
    regionId: h.regionId,
  };
  const facts = parseDisclosureFacts(consentFacts, { ...question, day: helsinkiDate(now) });
  return {
    question,
    input: {
      ...facts,
      categories: question.categories,
      at: now,
      careRelationship: question.careRelationship,
    },
  };
}

/**
 * Every decision about a summary crossing registries leaves a disclosure event, refusals too:
 * written in the same statement as the access-log row (the door's side write).
 */
async function recordCrossing(
  _trx: Transaction<DB>,
  actor: AccessActor,
  _action: AccessAction,
  _resource: ResourceRef,
  facts: HandoffFacts | undefined,
): Promise<readonly SideWrite[] | undefined> {
  const d = facts?.disclosure;
  const regionId = facts?.handoff?.regionId;
  if (!d || !regionId || d.input.sourceRegistryId === d.input.recipientRegistryId) return undefined;
  return [disclosureEventWrite(actor, { ...d.question, regionId }, decideDisclosure(d.input))];
}

/** What the log row names: the handoff's (or the contact's) region, client and registry. */
function handoffTarget(
  facts: HandoffFacts | undefined,
  actor: AccessActor,
  resource: ResourceRef,
): LogTarget {
  const own =
    actor.kind === 'staff' || actor.kind === 'client' || actor.kind === 'system' ? actor.regionId : null;
  return {
    regionId: facts?.handoff?.regionId ?? facts?.contact?.regionId ?? own,
    clientId: facts?.clientId ?? null,
    registryOrganizationId:
      facts?.handoff?.senderOrganizationId ?? facts?.contact?.registryOrganizationId ?? null,
    resourceId: resource.id ?? resource.parentId ?? null,
  };
}

export const handoffPolicy = definePolicy<HandoffFacts>({
  resources: HANDOFF_RESOURCES,
  actions: ['read', 'create', 'update', 'delete'],
  notFound: 'handoff.not_found',
  factless: ['handoff_list'],
  facts: handoffFacts,
  decide: decideHandoff,
  target: handoffTarget,
  afterDecision: recordCrossing,
});
