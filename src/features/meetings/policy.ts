/**
 * The access policy of "Yhdessä aika" meetings (capability 8), registered with the one door
 * (platform/access/door.ts). A meeting is client data of its contact (meeting.contact_id) and
 * is kept in the contact's registry. The decision is a pure function (decideMeeting, tested in
 * test/meetings-policy.test.ts); the facts loader below is, with queries/, the only place that
 * reads the meeting tables for a decision.
 *
 * Resource types:
 * - meeting: one meeting (id). A new one is created with its id and parentId = the contact:
 *   by a counsellor (staff) or by the contact's status-link holder (the family's request).
 *   'update' is every change of the meeting: organise, participants, place, times, lock,
 *   invitations, reschedule, cancel, and the notes of the meeting (record, follow-up).
 * - meeting_list: a list, decided from the actor alone (factless): view 'region' (the
 *   region's meetings, for its counsellors; the query keeps to the counsellor's registries),
 *   view 'contact' with parentId (one contact's meetings: its counsellors and its status-link
 *   holder).
 * - meeting_participant_link: one participant's private poll link (id: the participant,
 *   parentId: the meeting). Its holder reads the meeting's neutral details and their own
 *   answers and changes only their own answers; the family's status-link holder may do the
 *   same for the family's participant; the system (a calendar REPLY by e-mail) sets an answer.
 */
import type { Transaction } from 'kysely';
import {
  type AccessAction,
  type AccessDecision,
  type DoorActor,
  definePolicy,
  type LogTarget,
  type ResourceRef,
} from '../../platform/access/door.ts';
import type { StaffActor, StaffRole } from '../../platform/auth/actor.ts';
import type { DB, MeetingState } from '../../platform/db/types.ts';

export const MEETING_RESOURCES = ['meeting', 'meeting_list', 'meeting_participant_link'] as const;
export type MeetingResource = (typeof MEETING_RESOURCES)[number];

/** The private poll link's kind, as the door's PrivateLinkHolder names it. */
export const PARTICIPANT_LINK = 'meeting_participant';

export type MeetingListView = 'region' | 'contact';

/** Who the actor is to the meeting (the decision's detail): what the pages offer them. */
export type MeetingSide = 'organiser' | 'team' | 'family' | 'participant' | 'system';

export interface MeetingFacts {
  meeting: {
    id: string;
    regionId: string;
    contactId: string;
    registryOrganizationId: string;
    organizerId: string | null;
    state: MeetingState;
  } | null;
  /** a new meeting: the contact it is made for */
  contact: { regionId: string; registryOrganizationId: string } | null;
  /** a private link: the participant it was given to */
  participant: {
    id: string;
    meetingId: string;
    kind: 'family' | 'staff' | 'external';
    removed: boolean;
  } | null;
  /** whose data: the contact's client, when they signed in */
  clientId: string | null;
}

const deny = (reason: string): AccessDecision => ({ allowed: false, reason });

function allow(role: StaffRole | 'public' | null, side: MeetingSide): AccessDecision {
  const basis =
    side === 'family'
      ? 'status_link'
      : side === 'participant'
        ? 'private_link'
        : side === 'organiser'
          ? 'care_relationship'
          : 'role';
  return { allowed: true, role, basis, detail: side };
}

/** The actor's side of an allowed decision. */
export function sideOf(decision: AccessDecision): MeetingSide {
  if (!decision.allowed) throw new Error('a refused access has no side');
  return decision.detail as MeetingSide;
}

function hasRoleIn(actor: StaffActor, role: StaffRole, organizationId: string): boolean {
  return actor.roles.some((r) => r.role === role && r.organizationId === organizationId);
}

/**
 * The policy (capability 8):
 * 1. A counsellor of the contact's registry in the contact's region: starts a meeting for the
 *    contact, reads and changes its meetings (the organiser; the rest of the contact-point
 *    team, who may take a family's request or stand in). Never delete: a meeting is kept.
 * 2. Staff of another region, of another organisation, other roles: never ("not found").
 * 3. The contact's status-link holder: reads the contact's meetings and asks for one (create
 *    with parentId = their contact), and answers for the family's participant.
 * 4. A participant's private link: that participant, of that meeting, while not removed:
 *    read and answer. Another participant's link, another meeting: "not found".
 * 5. The system (a calendar reply by e-mail, the follow-up reminder): read and update in the
 *    meeting's region.
 */
export function decideMeeting(
  actor: DoorActor,
  action: AccessAction,
  resource: ResourceRef,
  facts: MeetingFacts | undefined,
): AccessDecision {
  if (actor.kind === 'anonymous') return deny('anonymous');
  if (action === 'delete' || action === 'export') return deny('action_not_allowed');
  if (resource.type === 'meeting_list') return decideList(actor, action, resource);
  const m = facts?.meeting ?? null;
  const p = facts?.participant ?? null;

  if (resource.type === 'meeting_participant_link') {
    if (action !== 'read' && action !== 'update') return deny('action_not_allowed');
    if (!p || !m || p.removed || (resource.parentId && resource.parentId !== p.meetingId))
      return deny('no_such_participant');
    if (actor.kind === 'private_link') {
      return actor.linkType === PARTICIPANT_LINK && actor.holderId === p.id
        ? allow('public', 'participant')
        : deny('other_participant');
    }
    if (actor.kind === 'status_link') {
      return p.kind === 'family' && m.contactId === actor.contactId
        ? allow('public', 'family')
        : deny('other_participant');
    }
    if (actor.kind === 'system') {
      return m.regionId === actor.regionId ? allow(null, 'system') : deny('other_region');
    }
    return deny('participant_link_only');
  }

  // resource.type === 'meeting'
  if (actor.kind === 'private_link') return deny('participant_link_only');
  if (action === 'create') {
    const c = facts?.contact ?? null;
    if (!c || !resource.parentId) return deny('no_such_client');
    if (actor.kind === 'status_link') {
      return actor.contactId === resource.parentId ? allow('public', 'family') : deny('no_such_client');
    }
    if (actor.kind !== 'staff') return deny('client_action_not_allowed');
    if (c.regionId !== actor.regionId) return deny('other_region');
    return hasRoleIn(actor, 'counsellor', c.registryOrganizationId)
      ? allow('counsellor', 'organiser')
      : deny('other_organization');
  }
  if (!m) return deny('no_such_client');
  if (actor.kind === 'status_link') {
    return action === 'read' && m.contactId === actor.contactId
      ? allow('public', 'family')
      : deny('status_link_action_not_allowed');
  }
  if (actor.kind === 'system') {
    return m.regionId === actor.regionId ? allow(null, 'system') : deny('other_region');
  }
  if (actor.kind === 'client') return deny('client_action_not_allowed');
  if (m.regionId !== actor.regionId) return deny('other_region');
  if (!hasRoleIn(actor, 'counsellor', m.registryOrganizationId)) return deny('other_organization');
  return allow('counsellor', m.organizerId === actor.userId ? 'organiser' : 'team');
}

function decideList(actor: DoorActor, action: AccessAction, resource: ResourceRef): AccessDecision {
  if (action !== 'read') return deny('action_not_allowed');
  const view = resource.view as MeetingListView | undefined;
  if (actor.kind === 'status_link') {
    return view === 'contact' && resource.parentId === actor.contactId
      ? allow('public', 'family')
      : deny('status_link_action_not_allowed');
  }
  if (actor.kind !== 'staff') return deny('client_action_not_allowed');
  // the list's query keeps to the actor's region and the registries they are a counsellor of
  return actor.roles.some((r) => r.role === 'counsellor')
    ? allow('counsellor', 'team')
    : deny('no_clinical_role');
}

/** The facts a decision needs: the meeting (or the contact of a new one), the participant of a link. */
export async function meetingFacts(
  trx: Transaction<DB>,
  _actor: DoorActor,
  action: AccessAction,
  resource: ResourceRef,
): Promise<MeetingFacts> {
  const none: MeetingFacts = { meeting: null, contact: null, participant: null, clientId: null };
  if (resource.type === 'meeting' && action === 'create') {
    if (!resource.parentId) return none;
    const c = await trx
      .selectFrom('contact')
      .select(['region_id', 'registry_organization_id', 'client_id'])
      .where('id', '=', resource.parentId)
      .executeTakeFirst();
    return c
      ? {
          ...none,
          contact: { regionId: c.region_id, registryOrganizationId: c.registry_organization_id },
          clientId: c.client_id,
        }
      : none;
  }
  if (resource.id === null) return none;
  const base = trx
    .selectFrom('meeting')
    .innerJoin('contact', 'contact.id', 'meeting.contact_id')
    .select([
      'meeting.id',
      'meeting.region_id',
      'meeting.contact_id',
      'meeting.registry_organization_id',
      'meeting.organizer_id',
      'meeting.state',
      'contact.client_id',
    ]);
  if (resource.type === 'meeting_participant_link') {
    const row = await base
      .innerJoin('meeting_participant as p', 'p.meeting_id', 'meeting.id')
      .select(['p.id as participant_id', 'p.kind', 'p.removed_at'])
      .where('p.id', '=', resource.id)
      .executeTakeFirst();
    if (!row) return none;
    return {
      ...none,
      meeting: meetingOf(row),
      participant: {
        id: row.participant_id,
        meetingId: row.id,
        kind: row.kind,
        removed: row.removed_at !== null,
      },
      clientId: row.client_id,
    };
  }
  const row = await base.where('meeting.id', '=', resource.id).executeTakeFirst();
  return row ? { ...none, meeting: meetingOf(row), clientId: row.client_id } : none;
}

function meetingOf(row: {
  id: string;
  region_id: string;
  contact_id: string;
  registry_organization_id: string;
  organizer_id: string | null;
  state: MeetingState;
}): NonNullable<MeetingFacts['meeting']> {
  return {
    id: row.id,
    regionId: row.region_id,
    contactId: row.contact_id,
    registryOrganizationId: row.registry_organization_id,
    organizerId: row.organizer_id,
    state: row.state,
  };
}

/** What the log row names: the meeting's (or the contact's) region, client and registry. */
function meetingTarget(facts: MeetingFacts | undefined, actor: DoorActor, resource: ResourceRef): LogTarget {
  const own =
    actor.kind === 'staff' || actor.kind === 'client' || actor.kind === 'system' ? actor.regionId : null;
  return {
    regionId: facts?.meeting?.regionId ?? facts?.contact?.regionId ?? own,
    clientId: facts?.clientId ?? null,
    registryOrganizationId:
      facts?.meeting?.registryOrganizationId ?? facts?.contact?.registryOrganizationId ?? null,
    resourceId: resource.id ?? resource.parentId ?? null,
  };
}

export const meetingPolicy = definePolicy<MeetingFacts, DoorActor>({
  resources: MEETING_RESOURCES,
  actions: ['read', 'create', 'update', 'delete'],
  notFound: 'meeting.not_found',
  linkTypes: [PARTICIPANT_LINK],
  factless: ['meeting_list'],
  facts: meetingFacts,
  decide: decideMeeting,
  target: meetingTarget,
});

/** References the door is asked about. */
export const meetingRef = (id: string): ResourceRef => ({ type: 'meeting', id });
export const newMeetingRef = (id: string, contactId: string): ResourceRef => ({
  type: 'meeting',
  id,
  parentId: contactId,
});
export const participantLinkRef = (participantId: string, meetingId?: string): ResourceRef => ({
  type: 'meeting_participant_link',
  id: participantId,
  ...(meetingId ? { parentId: meetingId } : {}),
});
export const meetingListRef = (view: MeetingListView, contactId?: string): ResourceRef => ({
  type: 'meeting_list',
  id: null,
  view,
  ...(contactId ? { parentId: contactId } : {}),
});
