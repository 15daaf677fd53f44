import { describe, expect, it } from 'vitest';
import { type Actor, STAFF_ROLES, type StaffActor, type StaffRole } from '../auth/actor.ts';
import { type AccessFacts, type AccessRequest, CLINICAL_ROLES, decide } from './policy.ts';

const REGION = 'region-a';
const OTHER_REGION = 'region-b';
const ORG = 'org-registry';
const OTHER_ORG = 'org-other';
const CLIENT = 'client-1';
const now = new Date('2026-11-26T12:00:00Z');

const staff = (role: StaffRole, organizationId = ORG, regionId = REGION): StaffActor => ({
  kind: 'staff',
  userId: `user-${role}`,
  regionId,
  organizationId,
  name: 'Test User',
  roles: [{ organizationId, role }],
  sessionId: 's',
});

const read: AccessRequest = {
  clientId: CLIENT,
  registryOrganizationId: ORG,
  action: 'read',
  resource: { type: 'contact', id: 'c1' },
};

const facts = (actor: Actor, withCare: boolean, careOrg = ORG): AccessFacts => ({
  clientRegionId: REGION,
  careRelationships:
    withCare && actor.kind === 'staff'
      ? [{ staffUserId: actor.userId, clientId: CLIENT, organizationId: careOrg, endedAt: null }]
      : [],
  now,
});

type Where = 'own organisation' | 'other organisation' | 'other region';
const actorAt = (role: StaffRole, where: Where) =>
  where === 'own organisation'
    ? staff(role)
    : where === 'other organisation'
      ? staff(role, OTHER_ORG)
      : staff(role, ORG, OTHER_REGION);

const cases = STAFF_ROLES.flatMap((role) =>
  (['own organisation', 'other organisation', 'other region'] as Where[]).flatMap((where) =>
    [true, false].flatMap((care) => [false, true].map((breakGlass) => ({ role, where, care, breakGlass }))),
  ),
);

describe('the access policy, role × organisation × care relationship × break the glass', () => {
  it.each(cases)(
    '$role in $where, care relationship $care, break glass $breakGlass',
    ({ role, where, care, breakGlass }) => {
      const actor = actorAt(role, where);
      const request = breakGlass
        ? { ...read, breakGlass, reason: 'Lapsen turvallisuus, kiireellinen' }
        : read;
      const decision = decide(
        actor,
        request,
        facts(actor, care, where === 'other organisation' ? OTHER_ORG : ORG),
      );
      const clinical = CLINICAL_ROLES.includes(role);
      const expected = clinical && where === 'own organisation' && (care || breakGlass);
      expect(decision.allowed).toBe(expected);
      if (decision.allowed) {
        expect(decision.role).toBe(role);
        expect(decision.breakGlass).toBe(!care && breakGlass);
      } else if (where === 'other region') {
        expect(decision.reason).toBe('other_region');
      }
    },
  );
});

describe('the access policy, details', () => {
  it('a client may read their own data', () => {
    const me: Actor = { kind: 'client', clientId: CLIENT, regionId: REGION, name: 'A', sessionId: 's' };
    expect(decide(me, read, facts(me, false))).toMatchObject({ allowed: true, role: 'client' });
  });

  it("a client may not read another client's data", () => {
    const other: Actor = {
      kind: 'client',
      clientId: 'client-2',
      regionId: REGION,
      name: 'B',
      sessionId: 's',
    };
    expect(decide(other, read, facts(other, false))).toEqual({ allowed: false, reason: 'not_own_data' });
  });

  it('a client may not delete their record through the policy', () => {
    const me: Actor = { kind: 'client', clientId: CLIENT, regionId: REGION, name: 'A', sessionId: 's' };
    expect(decide(me, { ...read, action: 'delete' }, facts(me, false)).allowed).toBe(false);
  });

  it('nobody signed out reads anything', () => {
    expect(decide({ kind: 'anonymous' }, read, facts({ kind: 'anonymous' }, false))).toEqual({
      allowed: false,
      reason: 'anonymous',
    });
  });

  it('breaking the glass needs a reason of at least 10 characters', () => {
    const actor = staff('counsellor');
    const decision = decide(actor, { ...read, breakGlass: true, reason: 'koska' }, facts(actor, false));
    expect(decision).toEqual({ allowed: false, reason: 'break_glass_reason_too_short' });
  });

  it('breaking the glass allows reading only', () => {
    const actor = staff('counsellor');
    const request = { ...read, action: 'update' as const, breakGlass: true, reason: 'Kiireellinen tilanne' };
    expect(decide(actor, request, facts(actor, false))).toEqual({
      allowed: false,
      reason: 'break_glass_read_only',
    });
  });

  it('an ended care relationship no longer gives access', () => {
    const actor = staff('counsellor');
    const ended: AccessFacts = {
      ...facts(actor, false),
      careRelationships: [
        { staffUserId: actor.userId, clientId: CLIENT, organizationId: ORG, endedAt: new Date('2026-11-01') },
      ],
    };
    expect(decide(actor, read, ended)).toEqual({ allowed: false, reason: 'no_care_relationship' });
  });

  it('a care relationship in another organisation does not open this registry (consent comes in issue 9)', () => {
    const actor: StaffActor = { ...staff('counsellor', OTHER_ORG) };
    expect(decide(actor, read, facts(actor, true, OTHER_ORG))).toEqual({
      allowed: false,
      reason: 'other_organization',
    });
  });

  it('a client that does not exist is not found', () => {
    const actor = staff('counsellor');
    expect(decide(actor, read, { ...facts(actor, true), clientRegionId: null })).toEqual({
      allowed: false,
      reason: 'no_such_client',
    });
  });
});
