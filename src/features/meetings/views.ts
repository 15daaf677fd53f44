/**
 * What the organiser and the counsellors read of "Yhdessä aika" meetings (capability 8): one
 * meeting with its participants, times, poll and history; the poll's common time; the region's
 * meetings as the section lists them; the people of the network registry the organiser may
 * invite. Each read through the door (withAccess with the meetings' policy), logged.
 */
import type { AccessActor } from '../../platform/access/door.ts';
import { withAccess } from '../../platform/access/door.ts';
import type { StaffActor } from '../../platform/auth/actor.ts';
import type { Lang3, LocalizedText, MeetingPartStat, MeetingState } from '../../platform/db/types.ts';
import { AppError } from '../../platform/errors.ts';
import type { MeetingsDeps } from './deps.ts';
import { commonTime, type SlotTally } from './model.ts';
import { type MeetingSide, meetingListRef, meetingRef, sideOf } from './policy.ts';
import {
  contactOfMeeting,
  eventsOf,
  meetingById,
  meetingsOfRegistries,
  participantsOf,
  registryPeople,
  slotsOf,
  staffPerson,
  videoServiceOf,
  votesOf,
} from './queries/core.ts';

export interface ParticipantView {
  id: string;
  kind: 'family' | 'staff' | 'external';
  name: string;
  organizationName: string | null;
  email: string | null;
  language: Lang3;
  partstat: MeetingPartStat;
  invited: boolean;
}

export interface MeetingView {
  id: string;
  state: MeetingState;
  version: number;
  contactId: string;
  contactReference: string;
  requestedBy: 'family' | 'staff';
  requestText: string | null;
  organizer: { id: string; name: string; organization: LocalizedText } | null;
  durationMinutes: number;
  placeKind: 'address' | 'remote' | null;
  address: string | null;
  remoteUrl: string | null;
  startsAt: Date | null;
  endsAt: Date | null;
  lockedSlotId: string | null;
  sequence: number;
  cancelReason: string | null;
  followUpOn: string | null;
  slots: { id: string; startsAt: Date; endsAt: Date }[];
  participants: ParticipantView[];
  tallies: SlotTally[];
  best: string | null;
  /** the region's video service (null: only addresses) */
  videoServiceUrl: string | null;
  side: MeetingSide;
  events: { id: string; at: Date; kind: string; actorKind: string; staffName: string | null }[];
}

/** A meeting as its organiser (and the contact-point team) sees it, with the poll's tallies. */
export async function readMeeting(deps: MeetingsDeps, actor: AccessActor, id: string): Promise<MeetingView> {
  return withAccess(deps.db, actor, 'read', meetingRef(id), async (trx, decision) => {
    const m = await meetingById(trx, id);
    if (!m) throw new AppError('meeting.not_found', 404);
    const [contact, slots, participants, votes, video, events, organizer] = [
      await contactOfMeeting(trx, m.contact_id),
      await slotsOf(trx, id),
      await participantsOf(trx, id),
      await votesOf(trx, id),
      await videoServiceOf(trx, m.region_id),
      await eventsOf(trx, id),
      m.organizer_id ? await staffPerson(trx, m.organizer_id) : undefined,
    ];
    const poll = commonTime(
      slots.map((s) => ({ id: s.id, startsAt: s.starts_at })),
      participants.map((p) => p.id),
      votes.map((v) => ({ participantId: v.participant_id, slotId: v.slot_id, answer: v.answer })),
    );
    return {
      id: m.id,
      state: m.state,
      version: m.version,
      contactId: m.contact_id,
      contactReference: contact?.reference ?? '',
      requestedBy: m.requested_by,
      requestText: m.request_text,
      organizer:
        m.organizer_id && organizer
          ? { id: m.organizer_id, name: organizer.name, organization: organizer.organizationName }
          : null,
      durationMinutes: m.duration_minutes,
      placeKind: m.place_kind,
      address: m.place_address,
      remoteUrl: m.remote_url,
      startsAt: m.starts_at,
      endsAt: m.ends_at,
      lockedSlotId: m.locked_slot_id,
      sequence: m.ical_sequence,
      cancelReason: m.cancel_reason,
      followUpOn: m.follow_up_on,
      slots: slots.map((s) => ({ id: s.id, startsAt: s.starts_at, endsAt: s.ends_at })),
      participants: participants.map((p) => ({
        id: p.id,
        kind: p.kind,
        name: p.name,
        organizationName: p.organization_name,
        email: p.email,
        language: p.language,
        partstat: p.partstat,
        invited: p.invited_sequence !== null,
      })),
      tallies: poll.tallies,
      best: poll.best,
      videoServiceUrl: video,
      side: sideOf(decision),
      events: events.map((e) => ({
        id: e.id,
        at: e.at,
        kind: e.kind,
        actorKind: e.actor_kind,
        staffName: e.staff_name,
      })),
    };
  });
}

/**
 * The poll's tallies and its best common time, through the door (the organiser's view): what
 * the bench measures for 8 participants × 6 times.
 */
export async function meetingCommonTime(
  deps: Pick<MeetingsDeps, 'db'>,
  actor: AccessActor,
  id: string,
): Promise<{ tallies: SlotTally[]; best: string | null }> {
  return withAccess(deps.db, actor, 'read', meetingRef(id), async (trx) => {
    const [slots, participants, votes] = [
      await slotsOf(trx, id),
      await participantsOf(trx, id),
      await votesOf(trx, id),
    ];
    return commonTime(
      slots.map((s) => ({ id: s.id, startsAt: s.starts_at })),
      participants.map((p) => p.id),
      votes.map((v) => ({ participantId: v.participant_id, slotId: v.slot_id, answer: v.answer })),
    );
  });
}

export interface MeetingListItem {
  id: string;
  contactId: string;
  contactReference: string;
  state: MeetingState;
  requestedBy: 'family' | 'staff';
  organizerName: string | null;
  startsAt: Date | null;
  createdAt: Date;
  version: number;
}

/**
 * The region's meetings as a counsellor's section lists them: families' requests waiting for
 * an organiser, the counsellor's own, and the rest of their registries'.
 */
export async function listMeetings(
  deps: MeetingsDeps,
  actor: StaffActor,
): Promise<{ requests: MeetingListItem[]; mine: MeetingListItem[]; others: MeetingListItem[] }> {
  const registries = actor.roles.filter((r) => r.role === 'counsellor').map((r) => r.organizationId);
  return withAccess(deps.db, actor, 'read', meetingListRef('region'), async (trx) => {
    const rows = await meetingsOfRegistries(trx, actor.regionId, registries);
    const items: (MeetingListItem & { organizerId: string | null })[] = rows.map((r) => ({
      id: r.id,
      contactId: r.contact_id,
      contactReference: r.reference,
      state: r.state,
      requestedBy: r.requested_by,
      organizerName: r.organizer_name,
      organizerId: r.organizer_id,
      startsAt: r.starts_at,
      createdAt: r.created_at,
      version: r.version,
    }));
    const strip = ({ organizerId: _, ...rest }: MeetingListItem & { organizerId: string | null }) => rest;
    return {
      requests: items.filter((i) => i.state === 'requested').map(strip),
      mine: items.filter((i) => i.state !== 'requested' && i.organizerId === actor.userId).map(strip),
      others: items.filter((i) => i.state !== 'requested' && i.organizerId !== actor.userId).map(strip),
    };
  });
}

/** Families' requests waiting for an organiser: the count the staff home shows. */
export async function meetingRequestCount(deps: MeetingsDeps, actor: StaffActor): Promise<number> {
  return (await listMeetings(deps, actor)).requests.length;
}

/** The people the organiser may pick from the network registry (not client data). */
export async function registryChoices(deps: MeetingsDeps, actor: StaffActor, lang: Lang3 = 'fi') {
  const { professionals, staff } = await registryPeople(deps.db, actor.regionId);
  const named = (text: LocalizedText) => text[lang] || text.fi;
  return [
    ...professionals.map((p) => ({
      value: `professional:${p.id}`,
      name: p.name,
      organization: `${named(p.organization_name)}, ${named(p.unit_name)}`,
      hasEmail: Boolean(p.own_email ?? p.unit_email),
    })),
    ...staff.map((s) => ({
      value: `staff:${s.id}`,
      name: s.name,
      organization: named(s.organization_name),
      hasEmail: true,
    })),
  ].sort((a, b) => a.name.localeCompare(b.name, lang));
}
