import { describe, expect, it } from 'vitest';
import type { AccessAction as ClientDataAction } from '../../platform/access/index.ts';
import { permitted } from '../../platform/access/index.ts';
import {
  ANONYMOUS,
  type ClientActor,
  STAFF_ROLES,
  type StaffActor,
  type StaffRole,
} from '../../platform/auth/actor.ts';
import {
  type ContactAccessRequest,
  type ContactActor,
  type ContactFacts,
  type ContactResource,
  contactPolicy,
  contactRef,
  decideContact,
  partOfContact,
  QUEUE_VIEW,
  queueRef,
  ROSTER,
  requestOf,
  type StatusLinkHolder,
  toAccessDecision,
} from './policy.ts';

const REGION = 'region-a';
const OTHER_REGION = 'region-b';
const CONTACT_POINT = 'org-contact-point';
const OTHER_ORG = 'org-other';
const CONTACT = 'contact-1';
const OTHER_CONTACT = 'contact-2';
const CLIENT = 'client-1';

const ACTIONS: ClientDataAction[] = ['read', 'create', 'update', 'delete', 'export'];
const RESOURCES: ContactResource[] = [
  'contact',
  'contact_queue',
  'contact_assignment',
  'record_entry',
  'contact_message',
  'contact_status',
];

const staff = (role: StaffRole, organizationId = CONTACT_POINT, regionId = REGION): StaffActor => ({
  kind: 'staff',
  userId: `user-${role}-${organizationId}-${regionId}`,
  regionId,
  organizationId,
  name: 'Test User',
  roles: [{ organizationId, role }],
  sessionId: 's',
});
const client = (clientId = CLIENT): ClientActor => ({
  kind: 'client',
  clientId,
  regionId: REGION,
  name: 'Aino',
  sessionId: 's',
});
const holder = (contactId = CONTACT): StatusLinkHolder => ({ kind: 'status_link', contactId });

/** An existing contact of REGION, kept by CONTACT_POINT, sent by `clientId` when signed in. */
const existing = (clientId: string | null = null, regionId = REGION): ContactFacts => ({
  contact: { regionId, registryOrganizationId: CONTACT_POINT, clientId },
  queue: null,
});
/** A contact that does not exist yet (the intake makes its id before the access). */
const NOTHING: ContactFacts = { contact: null, queue: null };
/** The queue of the actor's region, whose contact point is CONTACT_POINT. */
const queueOf = (regionId = REGION): ContactFacts => ({
  contact: null,
  queue: { regionId, registryOrganizationId: CONTACT_POINT },
});

const on = (
  action: ClientDataAction,
  type: ContactResource,
  contactId: string | null = CONTACT,
): ContactAccessRequest => ({ action, resource: { type }, contactId });

const NEW_CONTACT = on('create', 'contact', 'new-contact');

describe('decideContact: 1. anyone may send a new contact', () => {
  it.each<[string, ContactActor]>([
    ['anonymous', ANONYMOUS],
    ['a client', client()],
    ...STAFF_ROLES.map((role): [string, ContactActor] => [`staff (${role})`, staff(role)]),
    ['staff of another region', staff('catalogue_editor', OTHER_ORG, OTHER_REGION)],
  ])('%s', (_name, actor) => {
    expect(decideContact(actor, NEW_CONTACT, NOTHING)).toMatchObject({
      allowed: true,
      basis: 'public_intake',
    });
  });

  it('names the public as the one who sent it, a client as client', () => {
    expect(decideContact(ANONYMOUS, NEW_CONTACT, NOTHING)).toMatchObject({ role: 'public' });
    expect(decideContact(client(), NEW_CONTACT, NOTHING)).toMatchObject({ role: 'client' });
  });

  it('is only for a contact that does not exist yet: "creating" an existing one is not intake', () => {
    expect(decideContact(ANONYMOUS, on('create', 'contact'), existing())).toEqual({
      allowed: false,
      reason: 'anonymous',
    });
    expect(decideContact(staff('catalogue_editor'), on('create', 'contact'), existing()).allowed).toBe(false);
    // and not a queue-wide create either
    expect(decideContact(ANONYMOUS, on('create', 'contact', null), NOTHING).allowed).toBe(false);
  });

  it('anonymous gets nothing else', () => {
    for (const action of ACTIONS)
      for (const type of RESOURCES) {
        if (action === 'create' && type === 'contact') continue;
        expect(decideContact(ANONYMOUS, on(action, type), existing())).toEqual({
          allowed: false,
          reason: 'anonymous',
        });
      }
  });
});

describe('decideContact: 2. the status-link holder', () => {
  it('reads its contact’s status and writes messages to it — nothing else', () => {
    for (const action of ACTIONS)
      for (const type of RESOURCES) {
        const decision = decideContact(holder(), on(action, type), existing());
        const allowed =
          (action === 'read' && type === 'contact_status') ||
          (action === 'create' && type === 'contact_message');
        expect(decision.allowed, `${action} ${type}`).toBe(allowed);
        if (decision.allowed)
          expect(decision).toEqual({ allowed: true, role: 'public', basis: 'status_link' });
        else if (!(action === 'create' && type === 'contact'))
          expect(decision).toEqual({ allowed: false, reason: 'status_link_action_not_allowed' });
      }
  });

  it('never another contact', () => {
    for (const [action, type] of [
      ['read', 'contact_status'],
      ['create', 'contact_message'],
    ] as const) {
      expect(decideContact(holder(OTHER_CONTACT), on(action, type), existing())).toEqual({
        allowed: false,
        reason: 'no_such_client',
      });
    }
  });

  it('nothing when the contact is gone', () => {
    expect(decideContact(holder(), on('read', 'contact_status'), NOTHING).allowed).toBe(false);
  });
});

describe('decideContact: 3. a signed-in client', () => {
  it('reads a contact they sent while signed in', () => {
    expect(decideContact(client(), on('read', 'contact'), existing(CLIENT))).toEqual({
      allowed: true,
      role: 'client',
      basis: 'own_data',
    });
  });

  it('may not change it', () => {
    for (const action of ['update', 'delete', 'export'] as const)
      expect(decideContact(client(), on(action, 'contact'), existing(CLIENT))).toEqual({
        allowed: false,
        reason: 'client_action_not_allowed',
      });
  });

  it('never reads another’s contact, an anonymous one, or the queue', () => {
    expect(decideContact(client('client-2'), on('read', 'contact'), existing(CLIENT))).toEqual({
      allowed: false,
      reason: 'not_own_contact',
    });
    expect(decideContact(client(), on('read', 'contact'), existing(null))).toEqual({
      allowed: false,
      reason: 'not_own_contact',
    });
    expect(decideContact(client(), on('read', 'contact_queue', null), NOTHING).allowed).toBe(false);
  });

  it('reads the list of their own contacts (issue 10, finding 19), and only reads it', () => {
    expect(decideContact(client(), on('read', 'client_contacts', null), NOTHING)).toEqual({
      allowed: true,
      role: 'client',
      basis: 'own_data',
    });
    for (const action of ['create', 'update', 'delete', 'export'] as const)
      expect(decideContact(client(), on(action, 'client_contacts', null), NOTHING).allowed).toBe(false);
    // a list of one contact is not the client's list
    expect(decideContact(client(), on('read', 'client_contacts'), existing(CLIENT)).allowed).toBe(false);
  });

  it("nobody else has a client's list: not staff, not a status link, not anonymous", () => {
    for (const actor of [...STAFF_ROLES.map((role) => staff(role)), holder(), ANONYMOUS])
      expect(decideContact(actor, on('read', 'client_contacts', null), queueOf()).allowed).toBe(false);
  });
});

describe('decideContact: 4. staff of another region', () => {
  it.each(STAFF_ROLES)('%s of the other region’s contact point: never, "other_region"', (role) => {
    const actor = staff(role, CONTACT_POINT, OTHER_REGION);
    for (const action of ACTIONS)
      for (const type of RESOURCES) {
        if (action === 'create' && type === 'contact') continue;
        expect(decideContact(actor, on(action, type), existing()), `${action} ${type}`).toEqual({
          allowed: false,
          reason: 'other_region',
        });
      }
  });
});

describe('decideContact: 5. a counsellor of the contact point', () => {
  const counsellor = staff('counsellor');

  it('reads and writes every contact of the region’s queue', () => {
    for (const action of ['read', 'create', 'update', 'export'] as const)
      for (const type of RESOURCES) {
        expect(decideContact(counsellor, on(action, type), existing()), `${action} ${type}`).toEqual({
          allowed: true,
          role: 'counsellor',
          basis: 'contact_point_team',
        });
      }
    expect(decideContact(counsellor, on('read', 'contact_queue', null), queueOf())).toMatchObject({
      allowed: true,
      role: 'counsellor',
    });
  });

  it('never deletes', () => {
    for (const type of RESOURCES)
      expect(decideContact(counsellor, on('delete', type), existing()).allowed, type).toBe(false);
  });

  it('a counsellor of another organisation of the region: "other_organization"', () => {
    const elsewhere = staff('counsellor', OTHER_ORG);
    for (const action of ACTIONS)
      for (const type of RESOURCES) {
        if (action === 'create' && type === 'contact') continue;
        expect(decideContact(elsewhere, on(action, type), existing()), `${action} ${type}`).toEqual({
          allowed: false,
          reason: 'other_organization',
        });
      }
    expect(decideContact(elsewhere, on('read', 'contact_queue', null), queueOf())).toEqual({
      allowed: false,
      reason: 'other_organization',
    });
  });

  it('partner and receiving-unit workers (clinical, but not the contact point’s counsellors): no access', () => {
    for (const role of ['partner', 'receiving_worker'] as const) {
      for (const org of [CONTACT_POINT, OTHER_ORG])
        expect(decideContact(staff(role, org), on('read', 'contact'), existing())).toEqual({
          allowed: false,
          reason: 'other_organization',
        });
    }
  });

  it('a region without a contact point gives nobody the queue', () => {
    const facts: ContactFacts = { contact: null, queue: { regionId: REGION, registryOrganizationId: null } };
    expect(decideContact(counsellor, on('read', 'contact_queue', null), facts)).toEqual({
      allowed: false,
      reason: 'other_organization',
    });
  });

  it('a contact that does not exist is refused, not created by a read', () => {
    expect(decideContact(counsellor, on('read', 'contact'), NOTHING)).toEqual({
      allowed: false,
      reason: 'no_such_client',
    });
  });
});

describe('decideContact: 6. a manager of the contact point', () => {
  const manager = staff('manager');

  it('sees the queue and assigns work — nothing else', () => {
    for (const action of ACTIONS)
      for (const type of RESOURCES) {
        if (action === 'create' && type === 'contact') continue;
        const allowed =
          (action === 'read' && type === 'contact_queue') ||
          (action === 'update' && type === 'contact_assignment');
        const decision = decideContact(manager, on(action, type), existing());
        expect(decision.allowed, `${action} ${type}`).toBe(allowed);
        expect(decision).toEqual(
          allowed
            ? { allowed: true, role: 'manager', basis: 'manager_assignment' }
            : { allowed: false, reason: 'manager_action_not_allowed' },
        );
      }
    expect(decideContact(manager, on('read', 'contact_queue', null), queueOf()).allowed).toBe(true);
  });

  it('a manager of another organisation of the region: nothing', () => {
    const elsewhere = staff('manager', OTHER_ORG);
    expect(decideContact(elsewhere, on('read', 'contact_queue', null), queueOf()).allowed).toBe(false);
    expect(decideContact(elsewhere, on('update', 'contact_assignment'), existing()).allowed).toBe(false);
  });
});

describe('decideContact: everyone else', () => {
  it.each(['catalogue_editor', 'dpo', 'administrator'] as const)(
    'a %s of the contact point is refused everything ("no_clinical_role")',
    (role) => {
      const actor = staff(role);
      for (const action of ACTIONS)
        for (const type of RESOURCES) {
          if (action === 'create' && type === 'contact') continue;
          expect(decideContact(actor, on(action, type), existing()), `${action} ${type}`).toEqual({
            allowed: false,
            reason: 'no_clinical_role',
          });
        }
      expect(decideContact(actor, on('read', 'contact_queue', null), queueOf())).toEqual({
        allowed: false,
        reason: 'no_clinical_role',
      });
    },
  );

  it('roles are per organisation: a counsellor elsewhere who manages here is a manager here', () => {
    const mixed: StaffActor = {
      ...staff('counsellor', OTHER_ORG),
      roles: [
        { organizationId: OTHER_ORG, role: 'counsellor' },
        { organizationId: CONTACT_POINT, role: 'manager' },
      ],
    };
    expect(decideContact(mixed, on('read', 'contact'), existing()).allowed).toBe(false);
    expect(decideContact(mixed, on('update', 'contact_assignment'), existing())).toMatchObject({
      allowed: true,
      role: 'manager',
    });
  });
});

describe('the contacts policy at the door', () => {
  it("reads the door's references as decideContact's requests", () => {
    expect(requestOf('read', contactRef(CONTACT))).toEqual({
      contactId: CONTACT,
      action: 'read',
      resource: { type: 'contact', id: CONTACT },
    });
    expect(requestOf('update', contactRef(CONTACT, 'contact_assignment'), 'why')).toMatchObject({
      contactId: CONTACT,
      resource: { type: 'contact_assignment' },
      reason: 'why',
    });
    expect(requestOf('create', partOfContact('record_entry', CONTACT, 'entry-1'))).toEqual({
      contactId: CONTACT,
      action: 'create',
      resource: { type: 'record_entry', id: 'entry-1' },
    });
    expect(requestOf('read', partOfContact('contact_status', CONTACT))).toEqual({
      contactId: CONTACT,
      action: 'read',
      resource: { type: 'contact_status' },
    });
    expect(requestOf('read', queueRef('all'))).toMatchObject({ contactId: null, resource: { id: 'all' } });
    expect(requestOf('read', { type: 'client_contacts', id: null }).contactId).toBeNull();
  });

  it("keeps today's basis word in detail and gives the door its basis", () => {
    const cases = [
      ['public_intake', 'public_intake'],
      ['status_link', 'status_link'],
      ['own_data', 'own_data'],
      ['contact_point_team', 'role'],
      ['manager_assignment', 'role'],
    ] as const;
    for (const [word, basis] of cases)
      expect(toAccessDecision({ allowed: true, role: 'counsellor', basis: word })).toEqual({
        allowed: true,
        role: 'counsellor',
        basis,
        detail: word,
      });
    expect(toAccessDecision({ allowed: false, reason: 'other_region' })).toEqual({
      allowed: false,
      reason: 'other_region',
    });
  });

  it('decides through the registered policy as decideContact does', () => {
    const counsellor = staff('counsellor');
    expect(contactPolicy.decide(counsellor, 'read', contactRef(CONTACT), existing())).toMatchObject({
      allowed: true,
      basis: 'role',
      detail: 'contact_point_team',
    });
    expect(contactPolicy.decide(ANONYMOUS, 'create', contactRef('new-contact'), NOTHING)).toMatchObject({
      allowed: true,
      role: 'public',
      basis: 'public_intake',
    });
    expect(
      contactPolicy.decide(holder(), 'read', partOfContact('contact_status', CONTACT), existing()),
    ).toMatchObject({ allowed: true, basis: 'status_link' });
    expect(
      contactPolicy.decide(
        { kind: 'system', name: 'job', regionId: REGION },
        'read',
        contactRef(CONTACT),
        existing(),
      ).allowed,
    ).toBe(false);
  });

  it("the queue pages: counsellors and managers; 'mine' only for who works contacts", () => {
    const view = (v: string) => ({ type: QUEUE_VIEW, id: null, view: v });
    expect(permitted(staff('counsellor', OTHER_ORG), 'read', view('mine'))).toBe(true);
    expect(permitted(staff('manager'), 'read', view('mine'))).toBe(false);
    expect(permitted(staff('manager'), 'read', view('all'))).toBe(true);
    expect(permitted(staff('dpo'), 'read', view('all'))).toBe(false);
    expect(permitted(client(), 'read', view('all'))).toBe(false);
    expect(permitted(staff('counsellor'), 'update', view('mine'))).toBe(false);
  });

  it('the roster is kept by a manager of the region’s contact point only', () => {
    const roster = { type: ROSTER, id: null };
    expect(contactPolicy.decide(staff('manager'), 'update', roster, queueOf()).allowed).toBe(true);
    expect(contactPolicy.decide(staff('manager', OTHER_ORG), 'update', roster, queueOf()).allowed).toBe(
      false,
    );
    expect(contactPolicy.decide(staff('counsellor'), 'update', roster, queueOf()).allowed).toBe(false);
    expect(contactPolicy.decide(staff('manager'), 'update', roster, queueOf(OTHER_REGION)).allowed).toBe(
      false,
    );
  });
});
