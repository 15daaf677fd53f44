import { describe, expect, it } from 'vitest';
import { permitted, type ResourceRef, type SystemActor } from '../../platform/access/index.ts';
import type { StaffActor, StaffRole } from '../../platform/auth/actor.ts';
import type { DirectiveFacts, SubjectFacts } from '../consent/model.ts';
import { decideHandoff, type HandoffFacts } from './policy.ts';

const REGION = 'region-a';
const SENDER_ORG = 'org-sender';
const TARGET_ORG = 'org-target';
const UNIT = 'unit-1';

const staff = (role: StaffRole, organizationId: string, extra: Partial<StaffActor> = {}): StaffActor => ({
  kind: 'staff',
  userId: `user-${role}-${organizationId}`,
  regionId: REGION,
  organizationId,
  name: 'Test User',
  roles: [{ organizationId, role }],
  sessionId: 's',
  ...extra,
});

const facts = (h: Partial<NonNullable<HandoffFacts['handoff']>> = {}): HandoffFacts => ({
  handoff: {
    regionId: REGION,
    contactId: 'contact-1',
    senderOrganizationId: SENDER_ORG,
    targetOrganizationId: TARGET_ORG,
    targetUnitId: UNIT,
    state: 'requested',
    ...h,
  },
  contact: null,
  clientId: null,
  disclosure: null,
});
const handoff: ResourceRef = { type: 'handoff', id: 'h1' };

describe('the handoff policy', () => {
  it('tells each actor their side of a handoff', () => {
    expect(decideHandoff(staff('counsellor', SENDER_ORG), 'update', handoff, facts())).toMatchObject({
      allowed: true,
      role: 'counsellor',
      detail: 'sender',
    });
    const receiver = staff('receiving_worker', TARGET_ORG, { unitId: UNIT });
    expect(decideHandoff(receiver, 'update', handoff, facts())).toMatchObject({
      allowed: true,
      detail: 'receiver',
    });
    expect(decideHandoff(staff('manager', TARGET_ORG), 'read', handoff, facts())).toMatchObject({
      allowed: true,
      detail: 'oversight',
    });
    expect(decideHandoff(staff('manager', TARGET_ORG), 'update', handoff, facts())).toEqual({
      allowed: false,
      reason: 'manager_action_not_allowed',
    });
  });

  it("another unit's handoff does not exist for a receiving worker", () => {
    const elsewhere = staff('receiving_worker', TARGET_ORG, { unitId: 'unit-2' });
    expect(decideHandoff(elsewhere, 'read', handoff, facts())).toEqual({
      allowed: false,
      reason: 'other_unit',
    });
    // addressed to the organisation without a unit: all its receiving workers
    expect(decideHandoff(elsewhere, 'read', handoff, facts({ targetUnitId: null })).allowed).toBe(true);
  });

  it('staff of another region: never', () => {
    const far = staff('counsellor', SENDER_ORG, { regionId: 'region-b' });
    expect(decideHandoff(far, 'read', handoff, facts())).toEqual({ allowed: false, reason: 'other_region' });
  });

  it('a counsellor of the contact’s organisation creates a handoff from it', () => {
    const create: ResourceRef = { type: 'handoff', id: 'new', parentId: 'contact-1' };
    const contact: HandoffFacts = {
      handoff: null,
      contact: { regionId: REGION, registryOrganizationId: SENDER_ORG },
      clientId: null,
      disclosure: null,
    };
    expect(decideHandoff(staff('counsellor', SENDER_ORG), 'create', create, contact)).toMatchObject({
      allowed: true,
      detail: 'sender',
    });
    expect(decideHandoff(staff('counsellor', TARGET_ORG), 'create', create, contact)).toEqual({
      allowed: false,
      reason: 'other_organization',
    });
  });

  it('the status-link holder reads their own handoffs and asks to move the time, nothing else', () => {
    const holder = { kind: 'status_link' as const, contactId: 'contact-1' };
    const status: ResourceRef = { type: 'handoff_status', id: 'h1' };
    const request: ResourceRef = { type: 'handoff_request', id: 'r1', parentId: 'h1' };
    expect(decideHandoff(holder, 'read', status, facts())).toMatchObject({
      allowed: true,
      basis: 'status_link',
      detail: 'family',
    });
    expect(decideHandoff(holder, 'create', request, facts()).allowed).toBe(true);
    expect(decideHandoff(holder, 'update', handoff, facts()).allowed).toBe(false);
    expect(decideHandoff(holder, 'read', status, facts({ contactId: 'contact-2' })).allowed).toBe(false);
  });

  it('the expiry job may only update a handoff still waiting for an answer, in its region', () => {
    const job: SystemActor = { kind: 'system', name: 'handoff expiry job', regionId: REGION };
    expect(decideHandoff(job, 'update', handoff, facts())).toMatchObject({ allowed: true, role: null });
    expect(decideHandoff(job, 'read', handoff, facts()).allowed).toBe(false);
    expect(decideHandoff(job, 'update', handoff, facts({ state: 'accepted' })).allowed).toBe(false);
    expect(decideHandoff(job, 'update', handoff, facts({ regionId: 'region-b' })).allowed).toBe(false);
    expect(decideHandoff(job, 'read', { type: 'handoff_status', id: 'h1' }, facts()).allowed).toBe(false);
  });

  it('any side reads any list (each filters by the actor’s roles); others do not', () => {
    const list: ResourceRef = { type: 'handoff_list', id: 'inbox', view: 'inbox' };
    for (const role of ['counsellor', 'receiving_worker', 'manager'] as const)
      expect(decideHandoff(staff(role, TARGET_ORG), 'read', list, undefined).allowed, role).toBe(true);
    for (const role of ['partner', 'catalogue_editor', 'administrator', 'dpo'] as const)
      expect(decideHandoff(staff(role, TARGET_ORG), 'read', list, undefined).allowed, role).toBe(false);
  });

  it("a page's lists are the actor's own: the inbox the receiving workers', mine the counsellors', overdue the managers'", () => {
    const views = (actor: StaffActor) =>
      (['inbox', 'mine', 'overdue'] as const).filter((view) =>
        permitted(actor, 'read', { type: 'handoff_list', id: null, view }),
      );
    expect(views(staff('receiving_worker', TARGET_ORG))).toEqual(['inbox']);
    expect(views(staff('counsellor', SENDER_ORG))).toEqual(['mine']);
    expect(views(staff('manager', SENDER_ORG))).toEqual(['overdue']);
    expect(views(staff('partner', SENDER_ORG))).toEqual([]);
  });

  it('a receiver in another registry reads the summary only as a consent or a statutory basis allows', () => {
    const receiver = staff('receiving_worker', TARGET_ORG, { unitId: UNIT });
    const question = {
      contactId: 'contact-1',
      sourceOrganizationId: SENDER_ORG,
      recipientOrganizationId: TARGET_ORG,
      categories: ['handoff_summary' as const],
      careRelationship: true,
      resourceType: 'handoff',
      resourceId: 'h1',
      at: new Date('2026-12-07T10:00:00Z'),
    };
    const subject = (directives: DirectiveFacts[]): SubjectFacts => ({
      personId: 'p1',
      birthDate: null,
      directives,
      statutory: [],
      capableFor: [],
      guardians: [],
    });
    const permit: DirectiveFacts = {
      id: 'd1',
      decision: 'permit',
      grantorKind: 'self',
      grantorPersonId: 'p1',
      coGrantorPersonIds: [],
      status: 'active',
      sourceRegistryIds: [SENDER_ORG],
      recipientRegistryIds: [TARGET_ORG],
      recipientGuardians: false,
      categories: ['handoff_summary'],
      validFrom: '2026-12-01',
      validUntil: '2027-05-31',
    };
    const crossing = (directives: DirectiveFacts[]): HandoffFacts => ({
      ...facts(),
      disclosure: {
        question,
        input: {
          sourceRegistryId: SENDER_ORG,
          recipientRegistryId: TARGET_ORG,
          categories: ['handoff_summary'],
          at: question.at,
          careRelationship: true,
          subjects: [subject(directives)],
        },
      },
    });
    expect(decideHandoff(receiver, 'read', handoff, crossing([permit]))).toEqual({
      allowed: true,
      role: 'receiving_worker',
      basis: 'consent',
      detail: 'receiver',
      basisId: 'd1',
    });
    expect(decideHandoff(receiver, 'read', handoff, crossing([]))).toEqual({
      allowed: false,
      reason: 'consent_no_consent',
    });
    expect(
      decideHandoff(receiver, 'update', handoff, crossing([{ ...permit, status: 'withdrawn' }])),
    ).toEqual({
      allowed: false,
      reason: 'consent_no_consent',
    });
  });
});
