/**
 * The consultations' access policy (capability 7), registered with the one door (door.ts).
 * A consultation is client data even when anonymous (every read and write is logged); it is
 * seen by the professional who asked it and by the counsellors of the region's family
 * counselling (the organisation that runs the contact point), and by no one else — another
 * organisation's partner and another region's counsellor get "not found".
 *
 * Resource types:
 * - consultation: one consultation (id); a new one is created with its id;
 * - consultation_queue: the region's open consultations (the counsellors' shared queue);
 * - consultation_mine: the actor's own requests ("Omat konsultaatiot");
 * - consultation_section: factless, a page's or the navigation's question: view 'queue' (the
 *   counsellors), view 'mine' and 'send' (whoever may ask: partners, counsellors, receiving
 *   workers).
 * The decision's detail is the actor's side: 'requester' or 'counsellor'.
 */
import { sql, type Transaction } from 'kysely';
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
import type { DB } from '../../platform/db/types.ts';
import { consultationDisclosureWrite } from '../consent/index.ts';
import { regionSettings } from './queries.ts';

export const CONSULTATION_RESOURCES = [
  'consultation',
  'consultation_queue',
  'consultation_mine',
  'consultation_section',
] as const;

/** Who may ask for a consultation or co-work. */
export const REQUESTER_ROLES: readonly StaffRole[] = ['partner', 'counsellor', 'receiving_worker'];

export type SectionView = 'queue' | 'mine' | 'send';

export interface ConsultationFacts {
  /** the actor's region's family counselling (region.contact_point_organization_id) */
  counsellingOrganizationId: string | null;
  consultation: {
    regionId: string;
    requesterId: string;
    requesterOrganizationId: string;
    counsellingOrganizationId: string;
    identified: boolean;
    consentDirectiveId: string | null;
    /** the directive's status and end day; null without a directive */
    consentInForce: boolean | null;
  } | null;
}

const deny = (reason: string): AccessDecision => ({ allowed: false, reason });

function hasAnyRole(actor: StaffActor, roles: readonly StaffRole[]): StaffRole | undefined {
  return actor.roles.find((r) => roles.includes(r.role))?.role;
}
const counsellorOf = (actor: StaffActor, organizationId: string | null) =>
  organizationId !== null &&
  actor.roles.some((r) => r.role === 'counsellor' && r.organizationId === organizationId);

/**
 * 1. Only staff; the system, clients, link holders and signed-out users never.
 * 2. The sections: the queue is the counsellors'; 'mine' and 'send' are the requesters'.
 * 3. A new consultation: anyone with a requester role, in their own region.
 * 4. The queue: the counsellors of the region's family counselling.
 * 5. Their own list: anyone with a requester role (it lists only their own).
 * 6. One consultation: its requester (read, update: reply); a counsellor of its region's
 *    family counselling (read, update). An identified family's consultation across registries
 *    is read by the counsellors on the family's consent: withdrawn or ended, "not found".
 */
export function decideConsultation(
  actor: AccessActor,
  action: AccessAction,
  resource: ResourceRef,
  facts: ConsultationFacts | undefined,
): AccessDecision {
  if (actor.kind !== 'staff') return deny(actor.kind === 'anonymous' ? 'anonymous' : 'not_staff');
  if (action === 'delete' || action === 'export') return deny('action_not_allowed');
  if (resource.type === 'consultation_section') {
    const view = resource.view as SectionView | undefined;
    const role =
      view === 'queue'
        ? hasAnyRole(actor, ['counsellor'])
        : view
          ? hasAnyRole(actor, REQUESTER_ROLES)
          : undefined;
    return action === 'read' && role ? { allowed: true, role, basis: 'role' } : deny('role');
  }
  if (resource.type === 'consultation_queue') {
    return action === 'read' && counsellorOf(actor, facts?.counsellingOrganizationId ?? null)
      ? { allowed: true, role: 'counsellor', basis: 'role', detail: 'counsellor' }
      : deny('role');
  }
  if (resource.type === 'consultation_mine') {
    const role = hasAnyRole(actor, REQUESTER_ROLES);
    return action === 'read' && role
      ? { allowed: true, role, basis: 'role', detail: 'requester' }
      : deny('role');
  }
  if (action === 'create') {
    const role = hasAnyRole(actor, REQUESTER_ROLES);
    if (!role) return deny('role');
    if (!facts?.counsellingOrganizationId) return deny('no_family_counselling');
    return { allowed: true, role, basis: 'role', detail: 'requester' };
  }
  const c = facts?.consultation ?? null;
  if (!c) return deny('no_such_consultation');
  if (c.regionId !== actor.regionId) return deny('other_region');
  if (c.requesterId === actor.userId) {
    const role = hasAnyRole(actor, REQUESTER_ROLES) ?? null;
    return { allowed: true, role, basis: 'role', detail: 'requester' };
  }
  if (!counsellorOf(actor, c.counsellingOrganizationId)) return deny('other_organization');
  if (c.identified && c.consentDirectiveId !== null) {
    if (!c.consentInForce) return deny('consent_withdrawn');
    return {
      allowed: true,
      role: 'counsellor',
      basis: 'consent',
      basisId: c.consentDirectiveId,
      detail: 'counsellor',
    };
  }
  return { allowed: true, role: 'counsellor', basis: 'role', detail: 'counsellor' };
}

/** The side the door's decision names (the feature's steps are per side). */
export function sideOf(decision: AccessDecision): 'requester' | 'counsellor' {
  if (!decision.allowed) throw new Error('a refused access has no side');
  return decision.detail === 'counsellor' ? 'counsellor' : 'requester';
}

async function loadFacts(
  trx: Transaction<DB>,
  actor: AccessActor,
  action: AccessAction,
  resource: ResourceRef,
  now: Date,
): Promise<ConsultationFacts> {
  const regionId = actor.kind === 'staff' ? actor.regionId : null;
  if (resource.type !== 'consultation' || resource.id === null || action === 'create') {
    if (regionId === null) return { counsellingOrganizationId: null, consultation: null };
    const region = await regionSettings(trx, regionId);
    return { counsellingOrganizationId: region?.contact_point_organization_id ?? null, consultation: null };
  }
  const row = await trx
    .selectFrom('consultation as c')
    .leftJoin('consent_directive as d', 'd.id', 'c.consent_directive_id')
    .select([
      'c.region_id',
      'c.requester_id',
      'c.requester_organization_id',
      'c.counselling_organization_id',
      'c.identified',
      'c.consent_directive_id',
      sql<boolean | null>`CASE WHEN d.id IS NULL THEN NULL
        ELSE d.status = 'active' AND d.valid_until >= (${now}::timestamptz AT TIME ZONE 'Europe/Helsinki')::date END`.as(
        'consent_in_force',
      ),
    ])
    .where('c.id', '=', resource.id)
    .executeTakeFirst();
  return {
    counsellingOrganizationId: row?.counselling_organization_id ?? null,
    consultation: row
      ? {
          regionId: row.region_id,
          requesterId: row.requester_id,
          requesterOrganizationId: row.requester_organization_id,
          counsellingOrganizationId: row.counselling_organization_id,
          identified: row.identified,
          consentDirectiveId: row.consent_directive_id,
          consentInForce: row.consent_in_force,
        }
      : null,
  };
}

/**
 * A counsellor's read of an identified family's consultation from another registry crosses
 * registries on the family's consent: its disclosure event goes in the statement of the
 * access-log row, for a refusal (the consent withdrawn or ended) too. The requester's own reads,
 * and anonymous consultations, cross nothing.
 */
async function recordCrossing(
  _trx: Transaction<DB>,
  actor: AccessActor,
  action: AccessAction,
  resource: ResourceRef,
  facts: ConsultationFacts | undefined,
  _decision: AccessDecision,
  now: Date,
): Promise<readonly SideWrite[] | undefined> {
  const c = facts?.consultation;
  if (actor.kind !== 'staff' || action !== 'read' || resource.type !== 'consultation' || !c) return undefined;
  if (!c.identified || c.consentDirectiveId === null || c.requesterId === actor.userId) return undefined;
  if (!counsellorOf(actor, c.counsellingOrganizationId) || c.regionId !== actor.regionId) return undefined;
  return [
    consultationDisclosureWrite(actor, {
      regionId: c.regionId,
      consultationId: resource.id as string,
      sourceOrganizationId: c.requesterOrganizationId,
      recipientOrganizationId: c.counsellingOrganizationId,
      directiveId: c.consentDirectiveId,
      inForce: c.consentInForce === true,
      at: now,
    }),
  ];
}

export const consultationPolicy = definePolicy<ConsultationFacts>({
  resources: CONSULTATION_RESOURCES,
  actions: ['read', 'create', 'update'],
  notFound: 'consultation.not_found',
  factless: ['consultation_section', 'consultation_mine'],
  facts: loadFacts,
  decide: decideConsultation,
  afterDecision: recordCrossing,
  target(facts, actor, resource): LogTarget {
    const c = facts?.consultation ?? null;
    return {
      regionId: c?.regionId ?? (actor.kind === 'staff' ? actor.regionId : null),
      clientId: null,
      registryOrganizationId: c?.requesterOrganizationId ?? null,
      resourceId: resource.id ?? null,
    };
  },
});
