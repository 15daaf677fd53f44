// Who may do what with a Yhdessä aika meeting (decideMeeting, pure): the contact's counsellors
// (the organiser and the team), nobody of another region or organisation, the contact's
// status-link holder for its own, a participant's private link for that participant only, the
// system in the meeting's region; and the door refuses a private link to every other policy.
import { describe, expect, it } from 'vitest';
import { decideMeeting, type MeetingFacts, PARTICIPANT_LINK } from '../src/features/meetings/policy.ts';
import '../src/features/contacts/policy.ts';
import { type AccessActor, can, type DoorActor } from '../src/platform/access/door.ts';
import type { StaffActor, StaffRole } from '../src/platform/auth/actor.ts';

const REGION = 'region-1';
const REGISTRY = 'org-contact-point';
const staff = (role: StaffRole, organizationId = REGISTRY, regionId = REGION, userId = 'u1'): StaffActor => ({
  kind: 'staff',
  userId,
  regionId,
  organizationId,
  name: 'N',
  roles: [{ organizationId, role }],
  sessionId: 's',
});
const meetingFacts = (over: Partial<NonNullable<MeetingFacts['meeting']>> = {}): MeetingFacts => ({
  meeting: {
    id: 'm1',
    regionId: REGION,
    contactId: 'c1',
    registryOrganizationId: REGISTRY,
    organizerId: 'u1',
    state: 'proposed',
    ...over,
  },
  contact: null,
  participant: null,
  clientId: null,
});
const linkFacts = (over: Partial<NonNullable<MeetingFacts['participant']>> = {}): MeetingFacts => ({
  ...meetingFacts(),
  participant: { id: 'p1', meetingId: 'm1', kind: 'external', removed: false, ...over },
});
const newFacts: MeetingFacts = {
  meeting: null,
  contact: { regionId: REGION, registryOrganizationId: REGISTRY },
  participant: null,
  clientId: null,
};
const meeting = { type: 'meeting', id: 'm1' };
const link = { type: 'meeting_participant_link', id: 'p1', parentId: 'm1' };
const holder = (holderId = 'p1', linkType = PARTICIPANT_LINK): DoorActor => ({
  kind: 'private_link',
  linkType,
  holderId,
});
const status = (contactId = 'c1'): AccessActor => ({ kind: 'status_link', contactId });
const system = (regionId = REGION): AccessActor => ({ kind: 'system', name: 'calendar reply', regionId });

const verdict = (d: ReturnType<typeof decideMeeting>) =>
  d.allowed ? `allow:${d.detail}` : `deny:${d.reason}`;

describe('the meetings policy', () => {
  it.each([
    ['the organiser reads', staff('counsellor'), 'read', meeting, meetingFacts(), 'allow:organiser'],
    ['the organiser changes', staff('counsellor'), 'update', meeting, meetingFacts(), 'allow:organiser'],
    [
      'a team counsellor changes',
      staff('counsellor', REGISTRY, REGION, 'u2'),
      'update',
      meeting,
      meetingFacts(),
      'allow:team',
    ],
    [
      'a counsellor starts one for a contact',
      staff('counsellor'),
      'create',
      { ...meeting, parentId: 'c1' },
      newFacts,
      'allow:organiser',
    ],
    ['nobody deletes', staff('counsellor'), 'delete', meeting, meetingFacts(), 'deny:action_not_allowed'],
    [
      'another region',
      staff('counsellor', REGISTRY, 'region-2'),
      'read',
      meeting,
      meetingFacts(),
      'deny:other_region',
    ],
    [
      'another region starts',
      staff('counsellor', REGISTRY, 'region-2'),
      'create',
      { ...meeting, parentId: 'c1' },
      newFacts,
      'deny:other_region',
    ],
    [
      'another organisation',
      staff('counsellor', 'org-city'),
      'read',
      meeting,
      meetingFacts(),
      'deny:other_organization',
    ],
    ['a manager', staff('manager'), 'read', meeting, meetingFacts(), 'deny:other_organization'],
    ['a partner', staff('partner', 'org-ngo'), 'read', meeting, meetingFacts(), 'deny:other_organization'],
    [
      'no such meeting',
      staff('counsellor'),
      'read',
      meeting,
      { ...newFacts, contact: null },
      'deny:no_such_client',
    ],
    ['the status link reads its own', status(), 'read', meeting, meetingFacts(), 'allow:family'],
    [
      'the status link asks for one',
      status(),
      'create',
      { ...meeting, parentId: 'c1' },
      newFacts,
      'allow:family',
    ],
    [
      'the status link of another contact',
      status('c2'),
      'read',
      meeting,
      meetingFacts(),
      'deny:status_link_action_not_allowed',
    ],
    [
      'the status link changes nothing',
      status(),
      'update',
      meeting,
      meetingFacts(),
      'deny:status_link_action_not_allowed',
    ],
    ['the system in the region', system(), 'update', meeting, meetingFacts(), 'allow:system'],
    [
      'the system of another region',
      system('region-2'),
      'update',
      meeting,
      meetingFacts(),
      'deny:other_region',
    ],
    ['anonymous', { kind: 'anonymous' } as AccessActor, 'read', meeting, meetingFacts(), 'deny:anonymous'],
    [
      'a private link is not the meeting',
      holder(),
      'read',
      meeting,
      meetingFacts(),
      'deny:participant_link_only',
    ],
    ['a participant reads their link', holder(), 'read', link, linkFacts(), 'allow:participant'],
    ['a participant answers', holder(), 'update', link, linkFacts(), 'allow:participant'],
    ["another participant's link", holder('p2'), 'read', link, linkFacts(), 'deny:other_participant'],
    [
      'another kind of link',
      holder('p1', 'something_else'),
      'read',
      link,
      linkFacts(),
      'deny:other_participant',
    ],
    [
      'a removed participant',
      holder(),
      'read',
      link,
      linkFacts({ removed: true }),
      'deny:no_such_participant',
    ],
    [
      'the link of another meeting',
      holder(),
      'read',
      { ...link, parentId: 'm2' },
      linkFacts(),
      'deny:no_such_participant',
    ],
    [
      "the family answers for the family's participant",
      status(),
      'update',
      link,
      linkFacts({ kind: 'family' }),
      'allow:family',
    ],
    [
      'the family does not answer for another',
      status(),
      'update',
      link,
      linkFacts(),
      'deny:other_participant',
    ],
    ['staff do not use a link', staff('counsellor'), 'read', link, linkFacts(), 'deny:participant_link_only'],
    ['the system records a reply', system(), 'update', link, linkFacts(), 'allow:system'],
  ] as const)('%s', (_name, actor, action, resource, facts, expected) => {
    expect(verdict(decideMeeting(actor as DoorActor, action, resource, facts))).toBe(expected);
  });

  it('lists: the counsellors see the region view, the status link its own contact', () => {
    const list = (view: string, parentId?: string) => ({ type: 'meeting_list', id: null, view, parentId });
    expect(verdict(decideMeeting(staff('counsellor'), 'read', list('region'), undefined))).toBe('allow:team');
    expect(verdict(decideMeeting(staff('manager'), 'read', list('region'), undefined))).toBe(
      'deny:no_clinical_role',
    );
    expect(verdict(decideMeeting(staff('partner'), 'read', list('region'), undefined))).toBe(
      'deny:no_clinical_role',
    );
    expect(verdict(decideMeeting(status(), 'read', list('contact', 'c1'), undefined))).toBe('allow:family');
    expect(verdict(decideMeeting(status(), 'read', list('contact', 'c2'), undefined))).toBe(
      'deny:status_link_action_not_allowed',
    );
    expect(verdict(decideMeeting(holder(), 'read', list('region'), undefined))).toBe(
      'deny:client_action_not_allowed',
    );
  });

  it('decides a private link as the basis its log row names', () => {
    const d = decideMeeting(holder(), 'read', link, linkFacts());
    expect(d).toMatchObject({ allowed: true, role: 'public', basis: 'private_link' });
    expect(decideMeeting(staff('counsellor'), 'read', meeting, meetingFacts())).toMatchObject({
      basis: 'care_relationship',
    });
  });

  it("is refused by the door to every policy that does not name the link's type", async () => {
    // no database is touched: the door refuses before any facts are loaded
    const noDb = null as never;
    expect(await can(noDb, holder(), 'read', { type: 'contact', id: 'c1' })).toBe(false);
    expect(await can(noDb, holder(), 'read', { type: 'contact_status', id: null, parentId: 'c1' })).toBe(
      false,
    );
  });
});
